package io.consistentcrud.cdk.internal;

import io.consistentcrud.cdk.EntitySpec;
import io.consistentcrud.cdk.ExistingTable;
import io.consistentcrud.cdk.Replication;
import io.consistentcrud.cdk.RuntimeEnvironment;
import io.consistentcrud.contract.UniqueValueSchema;
import java.util.List;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.dynamodb.Attribute;
import software.amazon.awscdk.services.dynamodb.AttributeType;
import software.amazon.awscdk.services.dynamodb.AutoscaledCapacityOptions;
import software.amazon.awscdk.services.dynamodb.Billing;
import software.amazon.awscdk.services.dynamodb.BillingMode;
import software.amazon.awscdk.services.dynamodb.Capacity;
import software.amazon.awscdk.services.dynamodb.ContributorInsightsSpecification;
import software.amazon.awscdk.services.dynamodb.ITableV2;
import software.amazon.awscdk.services.dynamodb.MaxThroughputProps;
import software.amazon.awscdk.services.dynamodb.PointInTimeRecoverySpecification;
import software.amazon.awscdk.services.dynamodb.ReplicaTableProps;
import software.amazon.awscdk.services.dynamodb.StreamViewType;
import software.amazon.awscdk.services.dynamodb.TableEncryption;
import software.amazon.awscdk.services.dynamodb.TableAttributesV2;
import software.amazon.awscdk.services.dynamodb.TableEncryptionV2;
import software.amazon.awscdk.services.dynamodb.TablePropsV2;
import software.amazon.awscdk.services.dynamodb.TableV2;
import software.amazon.awscdk.services.dynamodb.ThroughputProps;
import software.amazon.awscdk.services.kms.Key;
import software.constructs.Construct;
import software.constructs.IConstruct;

/**
 * The tables of a ConsistentCrudApi: one per entity, with a stream of new and old images, PITR, deletion
 * protection, encryption and an on-demand maximum throughput unless the entity says otherwise, the table of
 * Idempotency-Key records, and the table of unique-value guards when an entity declares unique attributes.
 */
public final class EntityTables {
    private EntityTables() {
    }

    /**
     * An entity name as it appears in construct and statement ids: {@code order-lines} as {@code OrderLines}.
     *
     * @param entityName the entity's name
     * @return the name's hyphen-separated parts, each capitalized, joined
     */
    public static String idPart(String entityName) {
        StringBuilder sb = new StringBuilder();
        for (String part : entityName.split("-")) {
            if (!part.isEmpty()) {
                sb.append(Character.toUpperCase(part.charAt(0))).append(part.substring(1));
            }
        }
        return sb.toString();
    }

    /**
     * The entity's table, {@code Table<Name>} in the scope: a {@code TableV2} ({@code AWS::DynamoDB::GlobalTable}),
     * so that its resource type never changes when Regions are added; the API's removal policy unless the entity
     * sets one.
     *
     * @param scope the API construct
     * @param e the entity
     * @param apiRemovalPolicy the API's removal policy
     * @return the table created, or the entity's existing table (imported by name when it gives only a name)
     */
    public static ITableV2 create(Construct scope, EntitySpec e, RemovalPolicy apiRemovalPolicy) {
        String id = "Table" + idPart(e.getName());
        ExistingTable existing = e.getExistingTable();
        if (existing != null) {
            return existing.getTable() != null ? existing.getTable()
                    : TableV2.fromTableAttributes(scope, id, TableAttributesV2.builder()
                    .tableName(existing.getTableName())
                    .tableStreamArn(existing.getStreamArn())
                    .encryptionKey(existing.getEncryptionKey())
                    .build());
        }
        return new TableV2(scope, id, TablePropsV2.builder()
                .partitionKey(e.getPartitionKey())
                .sortKey(e.getSortKey())
                .billing(billing(e))
                .warmThroughput(e.getWarmThroughput())
                .dynamoStream(StreamViewType.NEW_AND_OLD_IMAGES)
                .encryption(encryption(scope, id, e))
                .pointInTimeRecoverySpecification(pointInTimeRecovery(e))
                .deletionProtection(!Boolean.FALSE.equals(e.getDeletionProtection()))
                .contributorInsightsSpecification(Boolean.TRUE.equals(e.getContributorInsights())
                        ? ContributorInsightsSpecification.builder().enabled(true).build() : null)
                .resourcePolicy(e.getResourcePolicy())
                .timeToLiveAttribute(e.getTimeToLiveAttribute())
                .removalPolicy(e.getRemovalPolicy() != null ? e.getRemovalPolicy() : apiRemovalPolicy)
                .replicas(replicas(e))
                .globalSecondaryIndexes(e.getIndexes().isEmpty() ? null : EntityIndexes.of(e))
                .build());
    }

    /** Read replicas (PITR, deletion protection and contributor insights as the table's; the same read guard). */
    private static List<ReplicaTableProps> replicas(EntitySpec e) {
        Replication r = e.getReplication();
        if (r == null || r.getMode() != Replication.Mode.READ_REPLICAS) {
            return null;
        }
        Number maxRead = e.getBillingMode() == BillingMode.PROVISIONED ? null
                : maxRequestUnits(e.getMaxReadRequestUnits());
        return r.getReplicaRegions().stream().map(region -> ReplicaTableProps.builder()
                .region(region)
                .maxReadRequestUnits(maxRead)
                .build()).toList();
    }

    /**
     * The Region that writes an entity: the stack's for read replicas; null for a single-Region table.
     *
     * @param scope a construct of the stack, whose Region is the home Region of read replicas
     * @param e the entity
     * @return the home Region, or null
     */
    public static String homeRegion(IConstruct scope, EntitySpec e) {
        if (e.getExistingTable() != null) {
            return e.getExistingTable().getHomeRegion();
        }
        Replication r = e.getReplication();
        return r != null && r.getMode() == Replication.Mode.READ_REPLICAS ? Stack.of(scope).getRegion() : null;
    }

    /**
     * The table of Idempotency-Key records, {@code IdempotencyTable} in the scope; records expire by TTL.
     *
     * @param scope the API construct
     * @param removalPolicy the API's removal policy
     * @return the table
     */
    public static TableV2 createIdempotencyTable(Construct scope, RemovalPolicy removalPolicy) {
        return new TableV2(scope, "IdempotencyTable", ownTable(RuntimeEnvironment.IDEMPOTENCY_PARTITION_KEY,
                removalPolicy)
                .timeToLiveAttribute(RuntimeEnvironment.IDEMPOTENCY_TTL_ATTRIBUTE)
                .build());
    }

    /**
     * The table of unique-value guards, {@code UniqueValuesTable} in the scope. No TTL: a guard must live exactly as
     * long as its item holds the value, and an expiry would free a value still taken. No stream: guards are
     * bookkeeping of the writes the entity tables' streams already carry.
     *
     * @param scope the API construct
     * @param removalPolicy the API's removal policy
     * @return the table
     */
    public static TableV2 createUniqueValuesTable(Construct scope, RemovalPolicy removalPolicy) {
        return new TableV2(scope, "UniqueValuesTable", ownTable(UniqueValueSchema.PARTITION_KEY, removalPolicy)
                .build());
    }

    /**
     * The production defaults of a table of the construct's own bookkeeping: a string partition key and no sort key,
     * on demand under the library's maximum throughput, AWS-managed encryption, PITR, deletion protection.
     */
    private static TablePropsV2.Builder ownTable(String partitionKey, RemovalPolicy removalPolicy) {
        return TablePropsV2.builder()
                .partitionKey(Attribute.builder().name(partitionKey).type(AttributeType.STRING).build())
                .billing(Billing.onDemand(MaxThroughputProps.builder()
                        .maxReadRequestUnits(EntitySpec.DEFAULT_MAX_REQUEST_UNITS)
                        .maxWriteRequestUnits(EntitySpec.DEFAULT_MAX_REQUEST_UNITS)
                        .build()))
                .encryption(TableEncryptionV2.awsManagedKey())
                .pointInTimeRecoverySpecification(PointInTimeRecoverySpecification.builder()
                        .pointInTimeRecoveryEnabled(true).build())
                .deletionProtection(true)
                .removalPolicy(removalPolicy);
    }

    /** The on-demand maximum of an entity's table, the library's guard unless it sets its own; null for none. */
    static Number maxRequestUnits(Number declared) {
        if (declared == null) {
            return EntitySpec.DEFAULT_MAX_REQUEST_UNITS;
        }
        return declared.longValue() == -1 ? null : declared;
    }

    private static Billing billing(EntitySpec e) {
        if (e.getBillingMode() == BillingMode.PROVISIONED) {
            Number write = e.getWriteCapacity() != null ? e.getWriteCapacity() : 5;
            // A global table's write capacity is always autoscaled; min = max keeps it what the entity says.
            return Billing.provisioned(ThroughputProps.builder()
                    .readCapacity(Capacity.fixed(e.getReadCapacity() != null ? e.getReadCapacity() : 5))
                    .writeCapacity(Capacity.autoscaled(AutoscaledCapacityOptions.builder()
                            .minCapacity(write).maxCapacity(write).build()))
                    .build());
        }
        Number maxRead = maxRequestUnits(e.getMaxReadRequestUnits());
        Number maxWrite = maxRequestUnits(e.getMaxWriteRequestUnits());
        return maxRead == null && maxWrite == null ? Billing.onDemand()
                : Billing.onDemand(MaxThroughputProps.builder()
                .maxReadRequestUnits(maxRead).maxWriteRequestUnits(maxWrite).build());
    }

    private static TableEncryptionV2 encryption(Construct scope, String tableId, EntitySpec e) {
        TableEncryption kind = e.getEncryption() != null ? e.getEncryption()
                : e.getEncryptionKey() != null ? TableEncryption.CUSTOMER_MANAGED : TableEncryption.AWS_MANAGED;
        return switch (kind) {
            case DEFAULT -> TableEncryptionV2.dynamoOwnedKey();
            case AWS_MANAGED -> TableEncryptionV2.awsManagedKey();
            // Table (v1) made a rotating key of its own for CUSTOMER_MANAGED without a key; TableV2 needs one given.
            case CUSTOMER_MANAGED -> TableEncryptionV2.customerManagedKey(e.getEncryptionKey() != null
                    ? e.getEncryptionKey()
                    : Key.Builder.create(scope, tableId + "Key")
                    .description("Encrypts the table of entity " + e.getName())
                    .enableKeyRotation(true)
                    .removalPolicy(RemovalPolicy.RETAIN)
                    .build());
        };
    }

    private static PointInTimeRecoverySpecification pointInTimeRecovery(EntitySpec e) {
        boolean on = !Boolean.FALSE.equals(e.getPointInTimeRecovery());
        return PointInTimeRecoverySpecification.builder()
                .pointInTimeRecoveryEnabled(on)
                .recoveryPeriodInDays(on ? e.getPointInTimeRecoveryPeriodDays() : null)
                .build();
    }
}
