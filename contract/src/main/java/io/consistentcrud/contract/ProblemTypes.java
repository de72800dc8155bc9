package io.consistentcrud.contract;

import java.util.List;

/**
 * Every problem type the runtime answers ({@code application/problem+json}, RFC 9457): its stable slug (the type URN
 * is {@value #URN_PREFIX} + slug), its title and its HTTP status. The runtime's answers and the OpenAPI document the
 * construct generates are both made from this list.
 */
public final class ProblemTypes {
    /** Prefix of every problem type URN. */
    public static final String URN_PREFIX = "urn:consistentcrud:problem:";

    /**
     * One problem type.
     *
     * @param slug   the stable short name, e.g. {@code version-mismatch}
     * @param title  the fixed title
     * @param status the HTTP status
     */
    public record Type(String slug, String title, int status) {
        /** {@return the type URN, e.g. {@code urn:consistentcrud:problem:version-mismatch}} */
        public String uri() {
            return URN_PREFIX + slug;
        }
    }

    /** Malformed JSON. */
    public static final Type MALFORMED_JSON = new Type("malformed-json", "Malformed JSON", 400);
    /** Invalid body. */
    public static final Type INVALID_BODY = new Type("invalid-body", "Invalid body", 400);
    /** Invalid encoding. */
    public static final Type INVALID_ENCODING = new Type("invalid-encoding", "Invalid encoding", 400);
    /** Body required. */
    public static final Type BODY_REQUIRED = new Type("body-required", "Body required", 400);
    /** Invalid number. */
    public static final Type INVALID_NUMBER = new Type("invalid-number", "Invalid number", 400);
    /** Invalid attribute name. */
    public static final Type INVALID_ATTRIBUTE_NAME = new Type("invalid-attribute-name", "Invalid attribute name", 400);
    /** Read-only attribute. */
    public static final Type READ_ONLY_ATTRIBUTE = new Type("read-only-attribute", "Read-only attribute", 400);
    /** Invalid key. */
    public static final Type INVALID_KEY = new Type("invalid-key", "Invalid key", 400);
    /** Key does not match the path. */
    public static final Type KEY_MISMATCH = new Type("key-mismatch", "Key does not match the path", 400);
    /** Invalid If-Match. */
    public static final Type INVALID_IF_MATCH = new Type("invalid-if-match", "Invalid If-Match", 400);
    /** Invalid If-None-Match. */
    public static final Type INVALID_IF_NONE_MATCH = new Type("invalid-if-none-match", "Invalid If-None-Match", 400);
    /** Conflicting preconditions. */
    public static final Type CONFLICTING_PRECONDITIONS = new Type("conflicting-preconditions",
            "Conflicting preconditions", 400);
    /** Invalid Idempotency-Key. */
    public static final Type INVALID_IDEMPOTENCY_KEY = new Type("invalid-idempotency-key",
            "Invalid Idempotency-Key", 400);
    /** Invalid increment. */
    public static final Type INVALID_DELTA = new Type("invalid-delta", "Invalid increment", 400);
    /** Invalid query parameter. */
    public static final Type INVALID_QUERY = new Type("invalid-query", "Invalid query parameter", 400);
    /** Invalid transaction. */
    public static final Type INVALID_TRANSACTION = new Type("invalid-transaction", "Invalid transaction", 400);
    /** Invalid write. */
    public static final Type INVALID_WRITE = new Type("invalid-write", "Invalid write", 400);
    /** The write breaks the entity's item schema; {@code violations} lists every violation. */
    public static final Type SCHEMA_VIOLATION = new Type("schema-violation", "Schema violation", 400);
    /** Not found. */
    public static final Type NOT_FOUND = new Type("not-found", "Not found", 404);
    /** Unknown resource. */
    public static final Type UNKNOWN_RESOURCE = new Type("unknown-resource", "Unknown resource", 404);
    /** Method not allowed. */
    public static final Type METHOD_NOT_ALLOWED = new Type("method-not-allowed", "Method not allowed", 405);
    /** Already exists. */
    public static final Type ALREADY_EXISTS = new Type("already-exists", "Already exists", 409);
    /** Item missing. */
    public static final Type ITEM_MISSING = new Type("item-missing", "Item missing", 409);
    /** Bound violated. */
    public static final Type BOUND_VIOLATED = new Type("bound-violated", "Bound violated", 409);
    /** Another item of the entity holds the value of an attribute declared unique. */
    public static final Type UNIQUE_VALUE_TAKEN = new Type("unique-value-taken", "Unique value taken", 409);
    /** Version mismatch. */
    public static final Type VERSION_MISMATCH = new Type("version-mismatch", "Version mismatch", 412);
    /** Body too large. */
    public static final Type BODY_TOO_LARGE = new Type("body-too-large", "Body too large", 413);
    /** Item too large. */
    public static final Type ITEM_TOO_LARGE = new Type("item-too-large", "Item too large", 413);
    /** Unsupported media type. */
    public static final Type UNSUPPORTED_MEDIA_TYPE = new Type("unsupported-media-type", "Unsupported media type", 415);
    /** The entity's table is written (and read strongly consistently) only in its home Region: send it there. */
    public static final Type WRONG_REGION = new Type("wrong-region", "Wrong Region", 421);
    /** Idempotency-Key reused. */
    public static final Type IDEMPOTENCY_KEY_REUSED = new Type("idempotency-key-reused", "Idempotency-Key reused", 422);
    /** Precondition required. */
    public static final Type PRECONDITION_REQUIRED = new Type("precondition-required", "Precondition required", 428);
    /** Internal error. */
    public static final Type INTERNAL_ERROR = new Type("internal-error", "Internal error", 500);
    /** Nothing was written (or the request was a read): repeating the request is safe. */
    public static final Type UNAVAILABLE = new Type("unavailable", "Service unavailable", 503);
    /** A write with an Idempotency-Key was sent, not confirmed in time: applied at most once; repeat with the key. */
    public static final Type OUTCOME_UNCONFIRMED = new Type("outcome-unconfirmed", "Outcome not confirmed", 503);
    /** A write without an Idempotency-Key was sent and not confirmed in time: repeating it may apply it again. */
    public static final Type OUTCOME_UNKNOWN = new Type("outcome-unknown", "Outcome unknown", 503);

    /** Every problem type, in the order of the catalogue in docs/http-api.md. */
    public static final List<Type> ALL = List.of(
            MALFORMED_JSON, INVALID_BODY, INVALID_ENCODING, BODY_REQUIRED, INVALID_NUMBER, INVALID_ATTRIBUTE_NAME,
            READ_ONLY_ATTRIBUTE, INVALID_KEY, KEY_MISMATCH, INVALID_IF_MATCH, INVALID_IF_NONE_MATCH,
            CONFLICTING_PRECONDITIONS, INVALID_IDEMPOTENCY_KEY, INVALID_DELTA, INVALID_QUERY, INVALID_TRANSACTION,
            INVALID_WRITE, SCHEMA_VIOLATION, NOT_FOUND, UNKNOWN_RESOURCE, METHOD_NOT_ALLOWED, ALREADY_EXISTS,
            ITEM_MISSING, BOUND_VIOLATED, UNIQUE_VALUE_TAKEN, VERSION_MISMATCH, BODY_TOO_LARGE, ITEM_TOO_LARGE, UNSUPPORTED_MEDIA_TYPE,
            WRONG_REGION, IDEMPOTENCY_KEY_REUSED, PRECONDITION_REQUIRED, INTERNAL_ERROR, UNAVAILABLE, OUTCOME_UNCONFIRMED,
            OUTCOME_UNKNOWN);

    private ProblemTypes() {
    }
}
