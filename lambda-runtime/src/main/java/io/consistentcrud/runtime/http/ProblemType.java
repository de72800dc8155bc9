package io.consistentcrud.runtime.http;

import io.consistentcrud.contract.ProblemTypes;

/**
 * Every kind of error the API answers, with its stable type URN, its fixed title and its HTTP status.
 *
 * <p>Clients may switch on the type URN ({@link #uri()}); it never changes for a given kind. Together with
 * {@link OutcomeMapping} and {@link FailureMapping} (which map store outcomes and failures onto these types) this is
 * the one place where error statuses are decided. The catalogue is in docs/http-api.md.
 */
enum ProblemType {
    MALFORMED_JSON(ProblemTypes.MALFORMED_JSON),
    INVALID_BODY(ProblemTypes.INVALID_BODY),
    INVALID_ENCODING(ProblemTypes.INVALID_ENCODING),
    BODY_REQUIRED(ProblemTypes.BODY_REQUIRED),
    INVALID_NUMBER(ProblemTypes.INVALID_NUMBER),
    INVALID_ATTRIBUTE_NAME(ProblemTypes.INVALID_ATTRIBUTE_NAME),
    READ_ONLY_ATTRIBUTE(ProblemTypes.READ_ONLY_ATTRIBUTE),
    INVALID_KEY(ProblemTypes.INVALID_KEY),
    KEY_MISMATCH(ProblemTypes.KEY_MISMATCH),
    INVALID_IF_MATCH(ProblemTypes.INVALID_IF_MATCH),
    INVALID_IF_NONE_MATCH(ProblemTypes.INVALID_IF_NONE_MATCH),
    CONFLICTING_PRECONDITIONS(ProblemTypes.CONFLICTING_PRECONDITIONS),
    INVALID_IDEMPOTENCY_KEY(ProblemTypes.INVALID_IDEMPOTENCY_KEY),
    INVALID_DELTA(ProblemTypes.INVALID_DELTA),
    INVALID_QUERY(ProblemTypes.INVALID_QUERY),
    INVALID_TRANSACTION(ProblemTypes.INVALID_TRANSACTION),
    INVALID_WRITE(ProblemTypes.INVALID_WRITE),
    /** The write breaks the entity's item schema; {@code violations} lists every violation. */
    SCHEMA_VIOLATION(ProblemTypes.SCHEMA_VIOLATION),
    NOT_FOUND(ProblemTypes.NOT_FOUND),
    UNKNOWN_RESOURCE(ProblemTypes.UNKNOWN_RESOURCE),
    METHOD_NOT_ALLOWED(ProblemTypes.METHOD_NOT_ALLOWED),
    ALREADY_EXISTS(ProblemTypes.ALREADY_EXISTS),
    ITEM_MISSING(ProblemTypes.ITEM_MISSING),
    BOUND_VIOLATED(ProblemTypes.BOUND_VIOLATED),
    /** Another item holds the value of a unique attribute. */
    UNIQUE_VALUE_TAKEN(ProblemTypes.UNIQUE_VALUE_TAKEN),
    VERSION_MISMATCH(ProblemTypes.VERSION_MISMATCH),
    BODY_TOO_LARGE(ProblemTypes.BODY_TOO_LARGE),
    ITEM_TOO_LARGE(ProblemTypes.ITEM_TOO_LARGE),
    UNSUPPORTED_MEDIA_TYPE(ProblemTypes.UNSUPPORTED_MEDIA_TYPE),
    /** The entity's table is written only in its home Region; this API runs in another one. */
    WRONG_REGION(ProblemTypes.WRONG_REGION),
    IDEMPOTENCY_KEY_REUSED(ProblemTypes.IDEMPOTENCY_KEY_REUSED),
    PRECONDITION_REQUIRED(ProblemTypes.PRECONDITION_REQUIRED),
    INTERNAL_ERROR(ProblemTypes.INTERNAL_ERROR),
    /** Nothing was written (or the request was a read): repeating the request is safe. */
    UNAVAILABLE(ProblemTypes.UNAVAILABLE),
    /** A write with an Idempotency-Key was sent, not confirmed in time: applied at most once; repeat with the key. */
    OUTCOME_UNCONFIRMED(ProblemTypes.OUTCOME_UNCONFIRMED),
    /** A write without an Idempotency-Key was sent and not confirmed in time: repeating it may apply it again. */
    OUTCOME_UNKNOWN(ProblemTypes.OUTCOME_UNKNOWN);

    /** Prefix of every problem type URN. */
    static final String URN_PREFIX = ProblemTypes.URN_PREFIX;

    private final String slug;
    private final String title;
    private final int status;

    /** Each constant is one of the contract's declarations, which the OpenAPI document lists too. */
    ProblemType(ProblemTypes.Type declared) {
        this.slug = declared.slug();
        this.title = declared.title();
        this.status = declared.status();
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
