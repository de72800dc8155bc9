package io.consistentcrud.cdk.internal;

import io.consistentcrud.cdk.EntitySpec;
import io.consistentcrud.cdk.RuntimeEnvironment;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.dynamodb.Attribute;
import software.amazon.awscdk.services.dynamodb.AttributeType;
import software.amazon.awscdk.services.dynamodb.BillingMode;
import software.amazon.awscdk.services.dynamodb.PointInTimeRecoverySpecification;
import software.amazon.awscdk.services.dynamodb.StreamViewType;
import software.amazon.awscdk.services.dynamodb.Table;
import software.amazon.awscdk.services.dynamodb.TableEncryption;
import software.constructs.Construct;

/**
 * The tables of a ConsistentCrudApi: one per entity, with a stream of new and old images, PITR, deletion
 * protection and encryption unless the entity says otherwise, and the table of Idempotency-Key records.
 */
public final class EntityTables {
    private EntityTables() {
    }

    /** An entity name as it appears in construct and statement ids: {@code order-lines} as {@code OrderLines}. */
    public static String idPart(String entityName) {
        StringBuilder sb = new StringBuilder();
        for (String part : entityName.split("-")) {
            if (!part.isEmpty()) {
                sb.append(Character.toUpperCase(part.charAt(0))).append(part.substring(1));
            }
        }
        return sb.toString();
    }

    /** The entity's table, {@code Table<Name>} in the scope; the API's removal policy unless the entity sets one. */
    public static Table create(Construct scope, EntitySpec e, RemovalPolicy apiRemovalPolicy) {
        boolean provisioned = e.getBillingMode() == BillingMode.PROVISIONED;
        TableEncryption encryption = e.getEncryption() != null ? e.getEncryption()
                : e.getEncryptionKey() != null ? TableEncryption.CUSTOMER_MANAGED : TableEncryption.AWS_MANAGED;
        Table.Builder b = Table.Builder.create(scope, "Table" + idPart(e.getName()))
                .partitionKey(e.getPartitionKey())
                .sortKey(e.getSortKey())
                .billingMode(e.getBillingMode())
                .stream(StreamViewType.NEW_AND_OLD_IMAGES)
                .encryption(encryption)
                .encryptionKey(e.getEncryptionKey())
                .pointInTimeRecoverySpecification(PointInTimeRecoverySpecification.builder()
                        .pointInTimeRecoveryEnabled(!Boolean.FALSE.equals(e.getPointInTimeRecovery()))
                        .build())
                .deletionProtection(!Boolean.FALSE.equals(e.getDeletionProtection()))
                .timeToLiveAttribute(e.getTimeToLiveAttribute())
                .removalPolicy(e.getRemovalPolicy() != null ? e.getRemovalPolicy() : apiRemovalPolicy);
        if (provisioned) {
            b.readCapacity(e.getReadCapacity()).writeCapacity(e.getWriteCapacity());
        }
        return b.build();
    }

    /** The table of Idempotency-Key records, {@code IdempotencyTable} in the scope; records expire by TTL. */
    public static Table createIdempotencyTable(Construct scope, RemovalPolicy removalPolicy) {
        return Table.Builder.create(scope, "IdempotencyTable")
                .partitionKey(Attribute.builder()
                        .name(RuntimeEnvironment.IDEMPOTENCY_PARTITION_KEY).type(AttributeType.STRING).build())
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .timeToLiveAttribute(RuntimeEnvironment.IDEMPOTENCY_TTL_ATTRIBUTE)
                .encryption(TableEncryption.AWS_MANAGED)
                .pointInTimeRecoverySpecification(PointInTimeRecoverySpecification.builder()
                        .pointInTimeRecoveryEnabled(true).build())
                .deletionProtection(true)
                .removalPolicy(removalPolicy)
                .build();
    }
}
