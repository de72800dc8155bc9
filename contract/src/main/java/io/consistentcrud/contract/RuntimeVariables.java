package io.consistentcrud.contract;

/**
 * Names of the environment variables through which the construct configures the runtime. The construct sets them
 * on the function; the runtime reads them once, at start.
 */
public final class RuntimeVariables {
    /** Every variable of the runtime starts with this prefix; the construct refuses user variables that do. */
    public static final String PREFIX = "CCA_";
    /** JSON array describing the entities, see {@link EntitiesDocument}. */
    public static final String ENTITIES = "CCA_ENTITIES";
    /** SDK attempt timeout, milliseconds. */
    public static final String ATTEMPT_TIMEOUT_MS = "CCA_ATTEMPT_TIMEOUT_MS";
    /** SDK call timeout, all attempts and backoff included, milliseconds. */
    public static final String CALL_TIMEOUT_MS = "CCA_CALL_TIMEOUT_MS";
    /** SDK attempts per call, the first included. */
    public static final String MAX_ATTEMPTS = "CCA_MAX_ATTEMPTS";
    /** The table of Idempotency-Key records, see {@link IdempotencyRecordSchema}; optional for the runtime. */
    public static final String IDEMPOTENCY_TABLE = "CCA_IDEMPOTENCY_TABLE";
    /**
     * The table of unique-value guards, see {@link UniqueValueSchema}; set only when an entity declares
     * {@value EntitiesDocument#UNIQUE} attributes, and required by the runtime then.
     */
    public static final String UNIQUE_VALUES_TABLE = "CCA_UNIQUE_VALUES_TABLE";
    /** How long an Idempotency-Key replays its first outcome, seconds. */
    public static final String IDEMPOTENCY_WINDOW_SECONDS = "CCA_IDEMPOTENCY_WINDOW_SECONDS";
    /** The namespace of the runtime's embedded metrics, see {@link RuntimeMetricNames}. */
    public static final String METRICS_NAMESPACE = "CCA_METRICS_NAMESPACE";
    /** The value of the runtime metrics' {@value RuntimeMetricNames#SERVICE_DIMENSION} dimension. */
    public static final String SERVICE_NAME = "CCA_SERVICE_NAME";
    /** Local mode only: a DynamoDB endpoint override. The construct never sets it. */
    public static final String DYNAMODB_ENDPOINT = "CCA_DYNAMODB_ENDPOINT";
    /** Audit consumer only: include the changed attributes' values ({@code true}/{@code false}). */
    public static final String AUDIT_INCLUDE_VALUES = "CCA_AUDIT_INCLUDE_VALUES";
    /** Audit consumer only: comma-separated attributes whose values are masked. */
    public static final String AUDIT_REDACT = "CCA_AUDIT_REDACT";

    private RuntimeVariables() {
    }
}
