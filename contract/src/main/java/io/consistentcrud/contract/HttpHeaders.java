package io.consistentcrud.contract;

/**
 * The HTTP headers of the API's contract, as the runtime reads and writes them and as the OpenAPI document the
 * construct generates describes them.
 */
public final class HttpHeaders {
    /** Answer: the item's version, quoted ({@code "3"}). */
    public static final String ETAG = "ETag";
    /** Request: the version a write applies to ({@code "3"}). */
    public static final String IF_MATCH = "If-Match";
    /** Request: {@code *} on a PUT that only creates. */
    public static final String IF_NONE_MATCH = "If-None-Match";
    /** Request: makes a write safe to repeat; its first outcome is replayed for the window. */
    public static final String IDEMPOTENCY_KEY = "Idempotency-Key";
    /** Request: {@code return=minimal} for a write answered without a body (RFC 7240). */
    public static final String PREFER = "Prefer";
    /** Answer: the preference honoured ({@code return=minimal}). */
    public static final String PREFERENCE_APPLIED = "Preference-Applied";
    /** Answer: {@code true} when the answer is a replay of the key's first outcome. */
    public static final String IDEMPOTENCY_REPLAYED = "Idempotency-Replayed";
    /** Answer: the created item's path. */
    public static final String LOCATION = "Location";
    /** Answer: seconds before a 503 may be repeated. */
    public static final String RETRY_AFTER = "Retry-After";
    /**
     * Answer: {@code eventual} on every index answer ({@link IndexQuery}): an index is updated after the write, so
     * its answer may be behind the items.
     */
    public static final String READ_CONSISTENCY = "Read-Consistency";
    /** Answer: the methods of a resource, with a 405. */
    public static final String ALLOW = "Allow";

    private HttpHeaders() {
    }
}
