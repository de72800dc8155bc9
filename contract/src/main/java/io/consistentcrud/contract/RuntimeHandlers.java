package io.consistentcrud.contract;

/** The handler strings ({@code class::method}) of the runtime jar's entry points, as the construct deploys them. */
public final class RuntimeHandlers {
    /** The API's function: the generic CRUD handler behind API Gateway. */
    public static final String API = "io.consistentcrud.runtime.http.LambdaEntry::handleRequest";
    /** The audit trail's stream consumer. */
    public static final String AUDIT = "io.consistentcrud.runtime.audit.AuditStreamHandler::handleRequest";

    private RuntimeHandlers() {
    }
}
