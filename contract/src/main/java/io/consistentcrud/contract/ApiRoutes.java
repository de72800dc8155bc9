package io.consistentcrud.contract;

/**
 * The API's fixed routes besides the entities' own: the construct builds their resources (and refuses entity names
 * that would collide with them), the runtime routes requests to them.
 */
public final class ApiRoutes {
    /** The path segment of {@code POST /transactions}; no entity may have this name. */
    public static final String TRANSACTIONS = "transactions";

    private ApiRoutes() {
    }
}
