package io.consistentcrud.runtime.http;

/**
 * Every kind of error the API answers, with its stable type URN, its fixed title and its HTTP status.
 *
 * <p>Clients may switch on the type URN ({@link #uri()}); it never changes for a given kind. Together with
 * {@link OutcomeMapping} and {@link FailureMapping} (which map store outcomes and failures onto these types) this is
 * the one place where error statuses are decided. The catalogue is in docs/http-api.md.
 */
enum ProblemType {
    MALFORMED_JSON("malformed-json", "Malformed JSON", 400),
    INVALID_BODY("invalid-body", "Invalid body", 400),
    INVALID_ENCODING("invalid-encoding", "Invalid encoding", 400),
    BODY_REQUIRED("body-required", "Body required", 400),
    INVALID_NUMBER("invalid-number", "Invalid number", 400),
    INVALID_ATTRIBUTE_NAME("invalid-attribute-name", "Invalid attribute name", 400),
    READ_ONLY_ATTRIBUTE("read-only-attribute", "Read-only attribute", 400),
    INVALID_KEY("invalid-key", "Invalid key", 400),
    KEY_MISMATCH("key-mismatch", "Key does not match the path", 400),
    INVALID_IF_MATCH("invalid-if-match", "Invalid If-Match", 400),
    INVALID_IF_NONE_MATCH("invalid-if-none-match", "Invalid If-None-Match", 400),
    CONFLICTING_PRECONDITIONS("conflicting-preconditions", "Conflicting preconditions", 400),
    INVALID_IDEMPOTENCY_KEY("invalid-idempotency-key", "Invalid Idempotency-Key", 400),
    INVALID_DELTA("invalid-delta", "Invalid increment", 400),
    INVALID_QUERY("invalid-query", "Invalid query parameter", 400),
    INVALID_TRANSACTION("invalid-transaction", "Invalid transaction", 400),
    INVALID_WRITE("invalid-write", "Invalid write", 400),
    /** The write breaks the entity's item schema; {@code violations} lists every violation. */
    SCHEMA_VIOLATION("schema-violation", "Schema violation", 400),
    NOT_FOUND("not-found", "Not found", 404),
    UNKNOWN_RESOURCE("unknown-resource", "Unknown resource", 404),
    METHOD_NOT_ALLOWED("method-not-allowed", "Method not allowed", 405),
    ALREADY_EXISTS("already-exists", "Already exists", 409),
    ITEM_MISSING("item-missing", "Item missing", 409),
    BOUND_VIOLATED("bound-violated", "Bound violated", 409),
    VERSION_MISMATCH("version-mismatch", "Version mismatch", 412),
    BODY_TOO_LARGE("body-too-large", "Body too large", 413),
    ITEM_TOO_LARGE("item-too-large", "Item too large", 413),
    UNSUPPORTED_MEDIA_TYPE("unsupported-media-type", "Unsupported media type", 415),
    IDEMPOTENCY_KEY_REUSED("idempotency-key-reused", "Idempotency-Key reused", 422),
    PRECONDITION_REQUIRED("precondition-required", "Precondition required", 428),
    INTERNAL_ERROR("internal-error", "Internal error", 500),
    /** Nothing was written (or the request was a read): repeating the request is safe. */
    UNAVAILABLE("unavailable", "Service unavailable", 503),
    /** A write with an Idempotency-Key was sent, not confirmed in time: applied at most once; repeat with the key. */
    OUTCOME_UNCONFIRMED("outcome-unconfirmed", "Outcome not confirmed", 503),
    /** A write without an Idempotency-Key was sent and not confirmed in time: repeating it may apply it again. */
    OUTCOME_UNKNOWN("outcome-unknown", "Outcome unknown", 503);

    /** Prefix of every problem type URN. */
    static final String URN_PREFIX = "urn:consistentcrud:problem:";

    private final String slug;
    private final String title;
    private final int status;

    ProblemType(String slug, String title, int status) {
        this.slug = slug;
        this.title = title;
        this.status = status;
    }

    /** The stable type, e.g. {@code urn:consistentcrud:problem:version-mismatch}. */
    String uri() {
        return URN_PREFIX + slug;
    }

    /** The short slug, used as the request log's outcome. */
    String slug() {
        return slug;
    }

    String title() {
        return title;
    }

    int status() {
        return status;
    }
}
