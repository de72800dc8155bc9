package io.consistentcrud.cdk.internal;

import io.consistentcrud.contract.ProblemTypes;

/**
 * The gateway's answer to a body its request model refuses: the runtime's {@code schema-violation} problem, with
 * the one violation API Gateway reports (its validation message; the gateway gives no pointer or keyword apart), so
 * a client reads both answers the same way. The runtime's problem lists one violation per failed keyword.
 */
final class SchemaViolationResponse {
    static final String SLUG = ProblemTypes.SCHEMA_VIOLATION.slug();
    static final String TITLE = ProblemTypes.SCHEMA_VIOLATION.title();
    static final String DETAIL = "The body does not match the entity's schema.";

    private SchemaViolationResponse() {
    }

    static String body(String typePrefix) {
        return "{\"type\":\"" + typePrefix + SLUG + "\",\"title\":\"" + TITLE + "\",\"status\":"
                + ProblemTypes.SCHEMA_VIOLATION.status() + ",\"detail\":\"" + DETAIL + "\",\"violations\":[{"
                + "\"pointer\":\"\",\"keyword\":\"gateway\",\"message\":\"$context.error.validationErrorString\"}],"
                + "\"requestId\":\"$context.requestId\"}";
    }
}
