package io.consistentcrud.cdk;

import io.consistentcrud.cdk.internal.ApiAlarms;
import io.consistentcrud.cdk.internal.ApiMetrics;
import io.consistentcrud.cdk.internal.EntityIndexes;
import io.consistentcrud.cdk.internal.EntityTables;
import io.consistentcrud.cdk.internal.NagFindings;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import software.amazon.awscdk.services.cloudwatch.Alarm;
import software.amazon.awscdk.services.cloudwatch.IMetric;
import software.amazon.awscdk.services.dynamodb.ITableV2;
import software.amazon.awscdk.services.iam.Grant;
import software.amazon.awscdk.services.iam.GrantOnPrincipalOptions;
import software.amazon.awscdk.services.iam.IGrantable;
import software.amazon.awscdk.services.lambda.IFunction;

/**
 * One entity of a {@link ConsistentCrudApi}: its table, grants on it, consumers of its stream, its metrics and its
 * alarms, from {@link ConsistentCrudApi#entity(String)}.
 *
 * <pre>{@code
 * CrudEntity orders = api.entity("orders");
 * orders.grantReadData(reportingJob);
 * orders.addStreamConsumer(auditConsumer);
 * orders.metricThrottles();
 * }</pre>
 */
public final class CrudEntity {
    private final ConsistentCrudApi api;
    private final EntitySpec spec;
    private final ITableV2 table;
    private final ApiAlarms alarms;
    private final ApiMetrics metrics;
    private final List<StreamConsumer> streamConsumers = new ArrayList<>();

    CrudEntity(ConsistentCrudApi api, EntitySpec spec, ITableV2 table, ApiMetrics metrics, ApiAlarms alarms) {
        this.api = api;
        this.spec = spec;
        this.table = table;
        this.metrics = metrics;
        this.alarms = alarms;
    }

    /**
     * The entity's name, its path segment.
     *
     * @return the entity's name, its path segment
     */
    public String getName() {
        return spec.getName();
    }

    /**
     * The entity as declared.
     *
     * @return the entity as declared
     */
    public EntitySpec getSpec() {
        return spec;
    }

    /**
     * The entity's table.
     *
     * @return the entity's table
     */
    public ITableV2 getTable() {
        return table;
    }

    /**
     * Grants consistent reads of the table (GetItem and Query), e.g. to a reporting job. Writes go through the API
     * (or {@link ConsistentCrudApi#bindStore}), which keeps versions and bookkeeping right.
     *
     * @param grantee the principal to grant, e.g. a job's role
     * @return the grant on the table; the key's decrypt grant, when the table has a customer-managed key, is made
     *         beside it
     */
    public Grant grantReadData(IGrantable grantee) {
        Grant grant = Grant.addToPrincipal(GrantOnPrincipalOptions.builder()
                .grantee(grantee)
                .actions(List.of(DynamoDbActions.GET_ITEM, DynamoDbActions.QUERY))
                .resourceArns(List.of(table.getTableArn()))
                .build());
        if (table.getEncryptionKey() != null) {
            table.getEncryptionKey().grantDecrypt(grantee);
        }
        return grant;
    }

    /**
     * Grants reading the table's stream, for consumers built without {@link #addStreamConsumer}.
     *
     * @param grantee the principal to grant, e.g. a consumer function's role
     * @return the grant
     */
    public Grant grantStreamRead(IGrantable grantee) {
        return table.grantStreamRead(grantee);
    }

    /**
     * Lets a function consume the table's stream (NEW_AND_OLD_IMAGES; every write carries its request token,
     * caller and time) with hardened defaults: bisect on error, partial batch responses, bounded retries and record
     * age, an encrypted SSL-only dead-letter queue and alarms on iterator age and the queue's depth (on the alarm
     * topic and the dashboard when alarms are on), whenever the consumer is added.
     *
     * @param consumer the consuming function; it is granted read access to the stream and send to the queue
     * @param options  bounds of the event source; null for the defaults
     * @return the consumer's queue, event source and alarms (none when {@code alarmsEnabled(false)})
     * @throws ConsistentCrudApiValidationException when the entity's existing table declares no stream
     */
    public StreamConsumer addStreamConsumer(IFunction consumer, StreamConsumerOptions options) {
        if (table.getTableStreamArn() == null) {
            throw new ConsistentCrudApiValidationException(api.getNode().getPath(), "entity '" + getName()
                    + "': addStreamConsumer needs the table's stream, and its existing table declares none "
                    + "(ExistingTable.withStreamArn)");
        }
        String id = "StreamConsumer" + EntityTables.idPart(getName()) + consumer.getNode().getAddr().substring(0, 8);
        StreamConsumer sc = new StreamConsumer(api, id, table, consumer,
                options != null ? options : StreamConsumerOptions.builder().build(), alarms.enabled());
        alarms.adopt(sc.alarms());
        NagFindings.suppressOnStreamConsumerQueue(sc.getDeadLetterQueue());
        NagFindings.suppressOnStreamConsumerFunction(consumer);
        streamConsumers.add(sc);
        return sc;
    }

    /**
     * {@link #addStreamConsumer(IFunction, StreamConsumerOptions)} with the default options.
     *
     * @param consumer the function that receives the stream's batches
     * @return the consumer: its event source, dead-letter queue and alarms
     */
    public StreamConsumer addStreamConsumer(IFunction consumer) {
        return addStreamConsumer(consumer, null);
    }

    /**
     * The consumers of the table's stream added so far, the audit trail's included.
     *
     * @return the consumers of the table's stream added so far, the audit trail's included
     */
    public List<StreamConsumer> getStreamConsumers() {
        return Collections.unmodifiableList(streamConsumers);
    }

    /**
     * Throttled requests of the table over every operation the runtime calls on it ({@link StoreCall}).
     *
     * @return throttled requests of the table over every operation the runtime calls on it ({@link StoreCall})
     */
    public IMetric metricThrottles() {
        return metrics.tableThrottles(table, EntityTables.idPart(getName()), spec.getSortKey() != null);
    }

    /**
     * DynamoDB system errors of the table over every operation the runtime calls on it ({@link StoreCall}).
     *
     * @return dynamoDB system errors of the table over every operation the runtime calls on it ({@link StoreCall})
     */
    public IMetric metricSystemErrors() {
        return metrics.tableSystemErrors(table, EntityTables.idPart(getName()), spec.getSortKey() != null);
    }

    /**
     * Throttle events of one of the entity's indexes: its reads and its writes (which throttle the table's writes).
     *
     * @param indexName the index's name
     * @return the sum of the index's read and write throttle events over the alarm period
     * @throws IllegalArgumentException naming the declared indexes when the entity has no such index
     */
    public IMetric metricIndexThrottles(String indexName) {
        return metrics.indexThrottles(table, EntityIndexes.idPart(getName(), requireIndex(indexName)), indexName);
    }

    /**
     * The alarm on one index's throttle events.
     *
     * @param indexName the index's name
     * @return the alarm
     * @throws IllegalStateException when the API's alarms are off
     */
    public Alarm getIndexThrottlesAlarm(String indexName) {
        return alarms.getIndexAlarm(getName(), requireIndex(indexName));
    }

    private String requireIndex(String indexName) {
        if (spec.getIndexes().stream().noneMatch(i -> i.getName().equals(indexName))) {
            throw new IllegalArgumentException("entity '" + getName() + "' has no index '" + indexName + "'; it has "
                    + spec.getIndexes().stream().map(EntityIndex::getName).toList());
        }
        return indexName;
    }

    /**
     * {@return the alarm on the table's throttled requests}
     *
     * @throws IllegalStateException when the API's alarms are off
     */
    public Alarm getThrottlesAlarm() {
        return alarms.getTableAlarm(getName(), "Throttles");
    }

    /**
     * {@return the alarm on the table's system errors}
     *
     * @throws IllegalStateException when the API's alarms are off
     */
    public Alarm getSystemErrorsAlarm() {
        return alarms.getTableAlarm(getName(), "SystemErrors");
    }

    /**
     * The entity's alarms: the table's and its stream consumers'; empty when the API's alarms are off.
     *
     * @return the entity's alarms
     */
    public List<Alarm> getAlarms() {
        List<Alarm> all = new ArrayList<>();
        if (alarms.enabled()) {
            all.add(getThrottlesAlarm());
            all.add(getSystemErrorsAlarm());
        }
        streamConsumers.forEach(sc -> all.addAll(sc.alarms()));
        return all;
    }
}
