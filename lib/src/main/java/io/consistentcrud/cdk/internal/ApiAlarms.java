package io.consistentcrud.cdk.internal;

import io.consistentcrud.cdk.AlarmThresholds;
import io.consistentcrud.cdk.ConsistentCrudApiProps;
import io.consistentcrud.cdk.EntityIndex;
import io.consistentcrud.cdk.EntitySpec;
import io.consistentcrud.cdk.RuntimeMetrics;
import io.consistentcrud.cdk.TimeoutBudget;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.services.cloudwatch.Alarm;
import software.amazon.awscdk.services.cloudwatch.actions.SnsAction;
import software.amazon.awscdk.services.dynamodb.ITableV2;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.kms.Key;
import software.amazon.awscdk.services.sns.ITopic;
import software.amazon.awscdk.services.sns.Topic;
import software.constructs.Construct;

/**
 * The alarms of a ConsistentCrudApi and the topic they notify: thresholds from {@link AlarmThresholds}, latency
 * and duration thresholds as shares of the timeout budget, and the alarms of stream consumers added at any time.
 */
public final class ApiAlarms {
    /** Concurrency limit the concurrency alarm assumes when nothing is reserved: the default account quota. */
    public static final int DEFAULT_ACCOUNT_CONCURRENCY = 1000;
    private final Construct scope;
    private final ITopic topic;
    private final Map<String, Alarm> byId = new LinkedHashMap<>();
    private final List<Alarm> all = new ArrayList<>();

    /**
     * Creates the topic (unless the props bring one) and the alarms when alarms are enabled; nothing otherwise.
     *
     * @param scope    the API construct
     * @param props    the API's props
     * @param budget   the resolved timeout budget
     * @param metrics  the API's metrics
     * @param entities the entities, in declaration order
     * @param tables   their tables, by entity name
     */
    public ApiAlarms(Construct scope, ConsistentCrudApiProps props, TimeoutBudget budget, ApiMetrics metrics,
                     List<EntitySpec> entities, Map<String, ITableV2> tables) {
        this.scope = scope;
        this.topic = Boolean.TRUE.equals(props.getAlarmsEnabled())
                ? (props.getAlarmTopic() != null ? props.getAlarmTopic() : createTopic(props))
                : null;
        if (topic != null) {
            create(props, budget, metrics, entities, tables);
        }
    }

    private ITopic createTopic(ConsistentCrudApiProps props) {
        Key key = Key.Builder.create(scope, "AlarmTopicKey")
                .description("Encrypts the alarm topic of " + scope.getNode().getPath())
                .enableKeyRotation(true)
                .removalPolicy(props.getRemovalPolicy())
                .build();
        // CloudWatch publishes alarm notifications itself and needs to use the topic's key for that.
        key.addToResourcePolicy(PolicyStatement.Builder.create()
                .sid("CloudWatchAlarmsPublish")
                .principals(List.of(new ServicePrincipal("cloudwatch.amazonaws.com")))
                .actions(List.of("kms:Decrypt", "kms:GenerateDataKey*"))
                .resources(List.of("*"))
                .build());
        return Topic.Builder.create(scope, "AlarmTopic")
                .displayName("ConsistentCrudApi alarms " + scope.getNode().getPath())
                .masterKey(key)
                .enforceSsl(true)
                .build();
    }

    private void create(ConsistentCrudApiProps props, TimeoutBudget budget, ApiMetrics m, List<EntitySpec> entities,
                        Map<String, ITableV2> tables) {
        AlarmThresholds t = props.getAlarmThresholds();
        AlarmFactory f = new AlarmFactory(scope, topic, t.getEvaluationPeriods());
        long integrationMs = budget.integrationTimeoutMillis();
        long lambdaMs = budget.lambdaTimeoutMillis();
        put(f, "Api5xxAlarm", m.api5xxRate(), t.getApi5xxRatePercent(),
                "5XX answers reached " + t.getApi5xxRatePercent() + "% of requests");
        put(f, "ApiLatencyAlarm", m.apiLatency(), integrationMs * t.getApiLatencyPercentOfBudget() / 100,
                "API p99 latency reached " + t.getApiLatencyPercentOfBudget() + "% of the "
                        + TimeoutBudget.format(integrationMs) + " integration timeout: 504s are near");
        put(f, "ApiIntegrationLatencyAlarm", m.apiIntegrationLatency(),
                lambdaMs * t.getIntegrationLatencyPercentOfBudget() / 100,
                "API p99 integration latency reached " + t.getIntegrationLatencyPercentOfBudget() + "% of the "
                        + TimeoutBudget.format(lambdaMs) + " Lambda timeout");
        put(f, "VersionLatencyAlarm", m.currentVersionDuration(),
                integrationMs * t.getVersionLatencyPercentOfIntegrationTimeout() / 100,
                "p99 duration of the current version reached " + t.getVersionLatencyPercentOfIntegrationTimeout()
                        + "% of the " + TimeoutBudget.format(integrationMs) + " integration timeout (one-minute "
                        + "periods): a gradual deployment rolls back on it");
        put(f, "FunctionErrorsAlarm", m.functionErrors(), t.getFunctionErrors(),
                "The handler failed (unhandled errors or timeouts)");
        put(f, "FunctionThrottlesAlarm", m.functionThrottles(), t.getFunctionThrottles(), "Invocations were throttled");
        put(f, "FunctionDurationAlarm", m.functionDuration(), lambdaMs * t.getFunctionDurationPercentOfTimeout() / 100,
                "p99 duration reached " + t.getFunctionDurationPercentOfTimeout() + "% of the "
                        + TimeoutBudget.format(lambdaMs) + " Lambda timeout");
        double limit = props.getReservedConcurrentExecutions() != null
                ? props.getReservedConcurrentExecutions().doubleValue() : DEFAULT_ACCOUNT_CONCURRENCY;
        put(f, "FunctionConcurrencyAlarm", m.functionConcurrentExecutions(),
                Math.max(1, Math.floor(limit * t.getFunctionConcurrencyPercentOfLimit() / 100)),
                "Concurrent executions reached " + t.getFunctionConcurrencyPercentOfLimit() + "% of "
                        + (long) limit + (props.getReservedConcurrentExecutions() != null ? " reserved"
                        : " (the default account quota)"));
        for (EntitySpec e : entities) {
            String name = e.getName();
            String idPart = EntityTables.idPart(name);
            ITableV2 table = tables.get(name);
            put(f, tableAlarmId(name, "Throttles"), m.tableThrottles(table, idPart, e.getSortKey() != null),
                    t.getTableThrottles(), "Requests to the " + name + " table were throttled");
            put(f, tableAlarmId(name, "SystemErrors"), m.tableSystemErrors(table, idPart, e.getSortKey() != null),
                    t.getTableSystemErrors(), "DynamoDB system errors on the " + name + " table");
            for (EntityIndex index : e.getIndexes()) {
                put(f, indexAlarmId(name, index.getName()), m.indexThrottles(table, EntityIndexes.idPart(name, index.getName()),
                        index.getName()), t.getTableThrottles(), "Reads or writes of the " + name + " index "
                        + index.getName() + " were throttled (its write throttling throttles the table's writes)");
            }
        }
        put(f, "IdempotencyTableThrottlesAlarm", m.idempotencyTableThrottles(), t.getTableThrottles(),
                "Requests to the idempotency table were throttled");
        put(f, "IdempotencyTableSystemErrorsAlarm", m.idempotencyTableSystemErrors(), t.getTableSystemErrors(),
                "DynamoDB system errors on the idempotency table");
        if (m.hasUniqueValuesTable()) {
            put(f, "UniqueValuesTableThrottlesAlarm", m.uniqueValuesTableThrottles(), t.getTableThrottles(),
                    "Requests to the unique-values table were throttled: each throttles the write of the "
                            + "item whose guard it carried");
            put(f, "UniqueValuesTableSystemErrorsAlarm", m.uniqueValuesTableSystemErrors(),
                    t.getTableSystemErrors(), "DynamoDB system errors on the unique-values table");
        }
        put(f, "RecoveredAmbiguousWritesAlarm", m.runtime(RuntimeMetrics.RECOVERED_AMBIGUOUS_WRITES),
                t.getRecoveredAmbiguousWrites(), "The SDK retried writes that had already committed; recognised and "
                        + "not applied twice (G4), but the network to DynamoDB is losing responses");
        put(f, "ConflictsAlarm", m.runtime(RuntimeMetrics.CONFLICTS), t.getConflicts(),
                "Many writes were refused for stale versions (412): clients contend for the same items");
        put(f, "ReplaysAlarm", m.runtime(RuntimeMetrics.REPLAYS), t.getReplays(),
                "Many requests were repeats answered from their first outcome: clients retry a lot");
        all.addAll(f.created());
    }

    private void put(AlarmFactory f, String id, software.amazon.awscdk.services.cloudwatch.IMetric metric,
                     double threshold, String description) {
        byId.put(id, f.create(id, metric, threshold, description));
    }

    private static String indexAlarmId(String entity, String indexName) {
        return "Table" + EntityIndexes.idPart(entity, indexName) + "ThrottlesAlarm";
    }

    /**
     * The throttle alarm of one of an entity's indexes: reads or writes of the index were throttled.
     *
     * @param entityName the entity's name
     * @param indexName  the index's name, as declared on the entity
     * @return the alarm, or null when there is none (no such entity or index)
     * @throws IllegalStateException when alarms are off
     */
    public Alarm getIndexAlarm(String entityName, String indexName) {
        return get(indexAlarmId(entityName, indexName));
    }

    private static String tableAlarmId(String entity, String kind) {
        return "Table" + EntityTables.idPart(entity) + kind + "Alarm";
    }

    /** {@return whether the API has alarms at all} */
    public boolean enabled() {
        return topic != null;
    }

    /** {@return the topic the alarms notify, or null when alarms are off} */
    public ITopic getTopic() {
        return topic;
    }

    /**
     * One of the API's alarms, by construct id ({@code ConflictsAlarm}).
     *
     * @param id the alarm's construct id
     * @return the alarm, or null when the API has none of that id
     * @throws IllegalStateException when alarms are off
     */
    public Alarm get(String id) {
        if (topic == null) {
            throw new IllegalStateException(scope.getNode().getPath() + ": alarms are off (alarmsEnabled false)");
        }
        return byId.get(id);
    }

    /**
     * An entity table's alarm; {@code kind} is {@code Throttles} or {@code SystemErrors}.
     *
     * @param entityName the entity's name
     * @param kind {@code Throttles} or {@code SystemErrors}
     * @return the alarm, or null when there is none
     * @throws IllegalStateException when alarms are off
     */
    public Alarm getTableAlarm(String entityName, String kind) {
        return get(tableAlarmId(entityName, kind));
    }

    /**
     * Adds alarms made elsewhere (a stream consumer's) to the topic and to {@link #all()}.
     *
     * @param alarms the alarms to adopt
     */
    public void adopt(List<Alarm> alarms) {
        if (topic != null) {
            SnsAction action = new SnsAction(topic);
            for (Alarm alarm : alarms) {
                alarm.addAlarmAction(action);
                alarm.addOkAction(action);
            }
        }
        all.addAll(alarms);
    }

    /** {@return every alarm so far, adopted ones included, in creation order} */
    public List<Alarm> all() {
        return Collections.unmodifiableList(all);
    }
}
