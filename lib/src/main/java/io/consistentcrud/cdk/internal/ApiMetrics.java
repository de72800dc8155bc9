package io.consistentcrud.cdk.internal;

import io.consistentcrud.cdk.RuntimeMetrics;
import io.consistentcrud.cdk.StoreCall;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.apigateway.RestApi;
import software.amazon.awscdk.services.cloudwatch.IMetric;
import software.amazon.awscdk.services.cloudwatch.MathExpression;
import software.amazon.awscdk.services.cloudwatch.Metric;
import software.amazon.awscdk.services.cloudwatch.MetricOptions;
import software.amazon.awscdk.services.dynamodb.ITableV2;
import software.amazon.awscdk.services.dynamodb.TableV2;
import software.amazon.awscdk.services.lambda.Function;

/**
 * The metrics of a ConsistentCrudApi, all over the alarm period: the API's, the function's, the tables' (summed
 * over the operations the runtime calls) and the runtime's own. The alarms and the dashboard both read them here.
 */
public final class ApiMetrics {
    private final RestApi restApi;
    private final Function function;
    private final TableV2 idempotencyTable;
    private final TableV2 uniqueValuesTable;
    private final Duration period;
    private final String namespace;
    private final String serviceName;

    /**
     * @param restApi          the REST API
     * @param function         the handler
     * @param idempotencyTable the table of Idempotency-Key records
     * @param uniqueValuesTable the table of unique-value guards; null when no entity declares unique attributes
     * @param period           the period of every metric (the alarms')
     * @param namespace        the runtime metrics' namespace
     * @param serviceName      the runtime metrics' Service dimension
     */
    public ApiMetrics(RestApi restApi, Function function, TableV2 idempotencyTable, TableV2 uniqueValuesTable,
                      Duration period, String namespace, String serviceName) {
        this.restApi = restApi;
        this.function = function;
        this.idempotencyTable = idempotencyTable;
        this.uniqueValuesTable = uniqueValuesTable;
        this.period = period;
        this.namespace = namespace;
        this.serviceName = serviceName;
    }

    private MetricOptions periodOptions(String statistic) {
        return MetricOptions.builder().period(period).statistic(statistic).build();
    }

    /** {@return 5XX answers as a percentage of requests} */
    public IMetric api5xxRate() {
        return MathExpression.Builder.create()
                .expression("IF(requests > 0, 100 * errors / requests, 0)")
                .usingMetrics(ordered("errors", restApi.metricServerError(periodOptions("Sum")),
                        "requests", restApi.metricCount(periodOptions("Sum"))))
                .label("5XX rate (%)")
                .period(period)
                .build();
    }

    /** {@return the API's p99 latency (ms)} */
    public Metric apiLatency() {
        return restApi.metricLatency(periodOptions("p99"));
    }

    /**
     * {@return the p99 duration (ms) of the version this synth publishes, over one-minute periods: what a gradual
     * deployment watches while it shifts traffic to that version (a canary's few minutes hold only a few five-minute
     * points)}
     */
    public Metric currentVersionDuration() {
        // Lambda publishes a version's metrics with FunctionName and Resource "name:version"; Version.metricDuration
        // puts "name:version" in FunctionName, which no metric has.
        return Metric.Builder.create()
                .namespace("AWS/Lambda")
                .metricName("Duration")
                .dimensionsMap(ordered("FunctionName", function.getFunctionName(),
                        "Resource", function.getFunctionName() + ":" + function.getCurrentVersion().getVersion()))
                .statistic("p99")
                .period(Duration.minutes(1))
                .build();
    }

    /** {@return the API's p99 integration latency (ms)} */
    public Metric apiIntegrationLatency() {
        return restApi.metricIntegrationLatency(periodOptions("p99"));
    }

    /** {@return the function's errors (sum)} */
    public Metric functionErrors() {
        return function.metricErrors(periodOptions("Sum"));
    }

    /** {@return the function's throttles (sum)} */
    public Metric functionThrottles() {
        return function.metricThrottles(periodOptions("Sum"));
    }

    /** {@return the function's p99 duration (ms)} */
    public Metric functionDuration() {
        return function.metricDuration(periodOptions("p99"));
    }

    /** {@return the function's concurrent executions (maximum)} */
    public Metric functionConcurrentExecutions() {
        return function.metric("ConcurrentExecutions", periodOptions("Maximum"));
    }

    /**
     * Throttled requests of a table over every operation the runtime calls on it, transactions included.
     *
     * @param table  an entity table
     * @param idPart the table's part of the expression ids ({@code Users})
     * @param query  whether the runtime queries the table (an entity with a sort key)
     * @return a math expression: the sum of the operations' throttled requests
     */
    public IMetric tableThrottles(ITableV2 table, String idPart, boolean query) {
        return operationsSum(table, "ThrottledRequests", "throttles" + idPart, StoreCall.onEntityTable(query));
    }

    /**
     * DynamoDB system errors of a table over every operation the runtime calls on it; see {@link #tableThrottles}.
     *
     * @param table an entity table
     * @param idPart the table's part of the expression ids ({@code Users})
     * @param query whether the runtime queries the table (an entity with a sort key)
     * @return a math expression: the sum of the operations' system errors
     */
    public IMetric tableSystemErrors(ITableV2 table, String idPart, boolean query) {
        return operationsSum(table, "SystemErrors", "errors" + idPart, StoreCall.onEntityTable(query));
    }

    /**
     * Throttle events of one global secondary index: its reads (the index route's queries) and its writes, which
     * DynamoDB makes for each write of the table and whose throttling throttles those writes.
     *
     * @param table     the entity's table
     * @param idPart    the index's part of the expression ids ({@code UsersByEmail})
     * @param indexName the index's name
     * @return the sum of the index's read and write throttle events
     */
    public IMetric indexThrottles(ITableV2 table, String idPart, String indexName) {
        Map<String, IMetric> using = new LinkedHashMap<>();
        for (String metricName : List.of("ReadThrottleEvents", "WriteThrottleEvents")) {
            using.put("throttles" + idPart + metricName.substring(0, metricName.indexOf("Throttle")),
                    dynamoDbSum(metricName, ordered("TableName", table.getTableName(), "GlobalSecondaryIndexName",
                            indexName)));
        }
        return sumOf(using, "ThrottleEvents " + table.getNode().getId() + "/" + indexName);
    }

    /** {@return throttled requests of the idempotency table} */
    public IMetric idempotencyTableThrottles() {
        return operationsSum(idempotencyTable, "ThrottledRequests", "throttlesIdempotency",
                StoreCall.onIdempotencyTable());
    }

    /** {@return DynamoDB system errors of the idempotency table} */
    public IMetric idempotencyTableSystemErrors() {
        return operationsSum(idempotencyTable, "SystemErrors", "errorsIdempotency", StoreCall.onIdempotencyTable());
    }

    /** {@return whether the API has a unique-values table: whether an entity declares unique attributes} */
    public boolean hasUniqueValuesTable() {
        return uniqueValuesTable != null;
    }

    /**
     * Throttled requests of the unique-values table: a throttled guard cancels its item's whole transaction.
     *
     * @return the sum of the throttled requests of the operations the runtime calls on it
     * @throws IllegalStateException when no entity declares unique attributes
     */
    public IMetric uniqueValuesTableThrottles() {
        return operationsSum(requireUniqueValuesTable(), "ThrottledRequests", "throttlesUniqueValues",
                StoreCall.onUniqueValuesTable());
    }

    /**
     * DynamoDB system errors of the unique-values table.
     *
     * @return the sum of the system errors of the operations the runtime calls on it
     * @throws IllegalStateException when no entity declares unique attributes
     */
    public IMetric uniqueValuesTableSystemErrors() {
        return operationsSum(requireUniqueValuesTable(), "SystemErrors", "errorsUniqueValues",
                StoreCall.onUniqueValuesTable());
    }

    private TableV2 requireUniqueValuesTable() {
        if (uniqueValuesTable == null) {
            throw new IllegalStateException(function.getNode().getScope().getNode().getPath() + ": no entity declares "
                    + "unique attributes, so there is no unique-values table");
        }
        return uniqueValuesTable;
    }

    /**
     * The sum of a per-operation DynamoDB metric over the runtime's operations. Own expression ids (unlike the
     * table's metricXxxForOperations) so several tables' sums can share one graph.
     */
    private IMetric operationsSum(ITableV2 table, String metricName, String idPrefix, List<StoreCall> calls) {
        List<String> ops = StoreCall.operations(calls);
        Map<String, IMetric> using = new LinkedHashMap<>();
        for (String op : ops) {
            using.put(idPrefix + op, dynamoDbSum(metricName, ordered("TableName", table.getTableName(),
                    "Operation", op)));
        }
        return sumOf(using, metricName + " " + table.getNode().getId());
    }

    private Metric dynamoDbSum(String metricName, Map<String, String> dimensions) {
        return Metric.Builder.create()
                .namespace("AWS/DynamoDB")
                .metricName(metricName)
                .dimensionsMap(dimensions)
                .statistic("Sum")
                .period(period)
                .build();
    }

    /** The sum of the metrics, a missing data point counting 0. */
    private IMetric sumOf(Map<String, IMetric> using, String label) {
        return MathExpression.Builder.create()
                .expression(String.join(" + ", using.keySet().stream().map(k -> "FILL(" + k + ", 0)").toList()))
                .usingMetrics(using)
                .label(label)
                .period(period)
                .build();
    }

    /**
     * Any metric the runtime emits ({@link RuntimeMetrics}), in its namespace with the Service dimension (sum).
     *
     * @param metricName the metric's name, e.g. {@value RuntimeMetrics#CONFLICTS}
     * @return the metric, summed over the configured period
     */
    public Metric runtime(String metricName) {
        return Metric.Builder.create()
                .namespace(namespace)
                .metricName(metricName)
                .dimensionsMap(Map.of(RuntimeMetrics.SERVICE_DIMENSION, serviceName))
                .statistic("Sum")
                .period(period)
                .build();
    }

    /** Map.of iterates in a per-JVM random order, which would make templates differ between synths. */
    private static <V> Map<String, V> ordered(String k1, V v1, String k2, V v2) {
        Map<String, V> m = new LinkedHashMap<>();
        m.put(k1, v1);
        m.put(k2, v2);
        return m;
    }
}
