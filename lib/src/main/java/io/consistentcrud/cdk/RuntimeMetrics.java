package io.consistentcrud.cdk;

/**
 * Names of the metrics the Lambda runtime emits in CloudWatch embedded metric format, under the namespace
 * {@link ConsistentCrudApiProps#getMetricsNamespace()} with the dimension {@value #SERVICE_DIMENSION}.
 */
public final class RuntimeMetrics {
    /** The default namespace. */
    public static final String DEFAULT_NAMESPACE = "ConsistentCrudApi";
    /** The dimension whose value is {@link ConsistentCrudApiProps#getServiceName()}. */
    public static final String SERVICE_DIMENSION = "Service";
    /** The extra dimension of {@link #TRANSACTION_CANCELLATIONS}. */
    public static final String REASON_DIMENSION = "Reason";
    /** Writes refused because the caller's version was stale (412). */
    public static final String CONFLICTS = "Conflicts";
    /** Requests answered from an Idempotency-Key record or recognised as the caller's own committed write. */
    public static final String REPLAYS = "Replays";
    /** Writes whose SDK retry found them already committed (G4): harmless, but a sign of network trouble. */
    public static final String RECOVERED_AMBIGUOUS_WRITES = "RecoveredAmbiguousWrites";
    /** SDK retries of DynamoDB calls. */
    public static final String SDK_RETRIES = "SdkRetries";
    /** Transactions DynamoDB cancelled, also per {@link #REASON_DIMENSION}. */
    public static final String TRANSACTION_CANCELLATIONS = "TransactionCancellations";

    private RuntimeMetrics() {
    }
}
