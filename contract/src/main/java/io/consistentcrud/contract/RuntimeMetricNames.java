package io.consistentcrud.contract;

/**
 * The CloudWatch metrics the runtime emits in embedded metric format and the construct graphs and alarms on: all
 * are counts under the namespace {@value RuntimeVariables#METRICS_NAMESPACE} (default {@value #DEFAULT_NAMESPACE})
 * with the dimension {@value #SERVICE_DIMENSION}.
 */
public final class RuntimeMetricNames {
    /** The namespace when none is configured. */
    public static final String DEFAULT_NAMESPACE = "ConsistentCrudApi";
    /** The dimension of every metric; its value is {@value RuntimeVariables#SERVICE_NAME}. */
    public static final String SERVICE_DIMENSION = "Service";
    /** The extra dimension of {@link #TRANSACTION_CANCELLATIONS}, published beside the Service-only series. */
    public static final String REASON_DIMENSION = "Reason";
    /** Writes that found another version than the caller expected (answered 412/409). */
    public static final String CONFLICTS = "Conflicts";
    /** Requests answered from an Idempotency-Key record or recognised as the caller's own committed write. */
    public static final String REPLAYS = "Replays";
    /** Writes whose first attempt's answer was lost but which were recognised as the caller's own success. */
    public static final String RECOVERED_AMBIGUOUS_WRITES = "RecoveredAmbiguousWrites";
    /** SDK attempts after the first. */
    public static final String SDK_RETRIES = "SdkRetries";
    /** Transactions cancelled by a condition, also per {@link #REASON_DIMENSION}. */
    public static final String TRANSACTION_CANCELLATIONS = "TransactionCancellations";

    private RuntimeMetricNames() {
    }
}
