package io.consistentcrud.cdk;

import io.consistentcrud.contract.RuntimeMetricNames;

/**
 * Names of the metrics the Lambda runtime emits in CloudWatch embedded metric format, under the namespace
 * {@link ConsistentCrudApiProps#getMetricsNamespace()} with the dimension {@value #SERVICE_DIMENSION}. Each is the
 * contract's ({@code io.consistentcrud.contract.RuntimeMetricNames}), which the runtime emits under;
 * {@code RuntimeMetricsContractTest} in the {@code test} module checks that every runtime metric the construct's
 * alarms and dashboard use is one the runtime emits.
 */
public final class RuntimeMetrics {
    /** The default namespace. */
    public static final String DEFAULT_NAMESPACE = RuntimeMetricNames.DEFAULT_NAMESPACE;
    /** The dimension whose value is {@link ConsistentCrudApiProps#getServiceName()}. */
    public static final String SERVICE_DIMENSION = RuntimeMetricNames.SERVICE_DIMENSION;
    /** The extra dimension of {@link #TRANSACTION_CANCELLATIONS}. */
    public static final String REASON_DIMENSION = RuntimeMetricNames.REASON_DIMENSION;
    /** Writes refused because the caller's version was stale (412). */
    public static final String CONFLICTS = RuntimeMetricNames.CONFLICTS;
    /** Requests answered from an Idempotency-Key record or recognised as the caller's own committed write. */
    public static final String REPLAYS = RuntimeMetricNames.REPLAYS;
    /** Writes whose SDK retry found them already committed (G4): harmless, but a sign of network trouble. */
    public static final String RECOVERED_AMBIGUOUS_WRITES = RuntimeMetricNames.RECOVERED_AMBIGUOUS_WRITES;
    /** SDK retries of DynamoDB calls. */
    public static final String SDK_RETRIES = RuntimeMetricNames.SDK_RETRIES;
    /** Transactions DynamoDB cancelled, also per {@link #REASON_DIMENSION}. */
    public static final String TRANSACTION_CANCELLATIONS = RuntimeMetricNames.TRANSACTION_CANCELLATIONS;

    private RuntimeMetrics() {
    }
}
