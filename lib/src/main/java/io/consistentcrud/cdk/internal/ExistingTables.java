package io.consistentcrud.cdk.internal;

import io.consistentcrud.cdk.ConsistentCrudApiValidationException;
import io.consistentcrud.cdk.EntitySpec;
import io.consistentcrud.cdk.ExistingTable;
import io.consistentcrud.cdk.Replication;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.dynamodb.AttributeType;
import software.amazon.awscdk.services.dynamodb.BillingMode;
import software.amazon.awscdk.services.dynamodb.CfnGlobalTable;
import software.amazon.awscdk.services.dynamodb.ITableV2;
import software.constructs.Construct;

/**
 * The synth checks of an entity on a table of the user's ({@link ExistingTable}): what the construct can see of it,
 * and that nothing of a created table's settings is set beside it (the construct would silently ignore it).
 */
final class ExistingTables {
    private ExistingTables() {
    }

    static void validate(Construct scope, String where, EntitySpec e, boolean auditTrail,
                         Function<String, ConsistentCrudApiValidationException> invalid) {
        List<String> managed = managedSettings(e);
        if (!managed.isEmpty()) {
            throw invalid.apply(where + "existingTable is set, and so are " + managed + ": the construct does not "
                    + "manage a table it did not create; set those on the table itself");
        }
        ExistingTable existing = e.getExistingTable();
        ITableV2 table = existing.getTable();
        if (table != null && (existing.getStreamArn() != null || existing.getEncryptionKey() != null)) {
            throw invalid.apply(where + "existingTable is a table construct with withStreamArn/withEncryptionKey; a "
                    + "construct brings its own stream and key (import it with TableV2.fromTableAttributes)");
        }
        if (auditTrail && (table != null ? table.getTableStreamArn() == null : existing.getStreamArn() == null)) {
            throw invalid.apply(where + "existingTable has no stream declared, and the audit trail reads every "
                    + "entity's stream; give it withStreamArn(...) (a NEW_AND_OLD_IMAGES stream), or auditTrail(false)");
        }
        if (table != null && table.getNode().getDefaultChild() instanceof CfnGlobalTable cfn) {
            checkKeySchema(where, e, Stack.of(cfn), cfn, invalid);
            if (auditTrail) {
                Object stream = Stack.of(cfn).resolve(cfn.getStreamSpecification());
                Object view = stream instanceof Map<?, ?> m ? m.get("streamViewType") : null;
                if (!"NEW_AND_OLD_IMAGES".equals(view)) {
                    throw invalid.apply(where + "existingTable streams " + view + ", and the audit trail needs "
                            + "NEW_AND_OLD_IMAGES");
                }
            }
        }
    }

    /** The created-table settings set to something else than their defaults. */
    private static List<String> managedSettings(EntitySpec e) {
        Map<String, Boolean> set = new LinkedHashMap<>();
        set.put("billingMode", e.getBillingMode() != BillingMode.PAY_PER_REQUEST);
        set.put("readCapacity", e.getReadCapacity() != null);
        set.put("writeCapacity", e.getWriteCapacity() != null);
        set.put("encryption", e.getEncryption() != null);
        set.put("encryptionKey", e.getEncryptionKey() != null);
        set.put("pointInTimeRecovery", Boolean.FALSE.equals(e.getPointInTimeRecovery()));
        set.put("pointInTimeRecoveryPeriodDays", e.getPointInTimeRecoveryPeriodDays() != null);
        set.put("deletionProtection", Boolean.FALSE.equals(e.getDeletionProtection()));
        set.put("removalPolicy", e.getRemovalPolicy() != null);
        set.put("maxReadRequestUnits", e.getMaxReadRequestUnits() != null);
        set.put("maxWriteRequestUnits", e.getMaxWriteRequestUnits() != null);
        set.put("warmThroughput", e.getWarmThroughput() != null);
        set.put("resourcePolicy", e.getResourcePolicy() != null);
        set.put("contributorInsights", Boolean.TRUE.equals(e.getContributorInsights()));
        set.put("replication", e.getReplication() != null
                && e.getReplication().getMode() != Replication.Mode.SINGLE_REGION);
        List<String> names = new ArrayList<>();
        set.forEach((name, isSet) -> {
            if (isSet) {
                names.add(name);
            }
        });
        return names;
    }

    private static void checkKeySchema(String where, EntitySpec e, Stack stack, CfnGlobalTable cfn,
                                       Function<String, ConsistentCrudApiValidationException> invalid) {
        Map<String, String> types = new LinkedHashMap<>();
        if (stack.resolve(cfn.getAttributeDefinitions()) instanceof List<?> definitions) {
            for (Object d : definitions) {
                if (d instanceof Map<?, ?> m) {
                    types.put(String.valueOf(m.get("attributeName")), String.valueOf(m.get("attributeType")));
                }
            }
        }
        Map<String, String> declared = new LinkedHashMap<>();
        declared.put("HASH", e.getPartitionKey().getName() + " " + code(e.getPartitionKey().getType()));
        if (e.getSortKey() != null) {
            declared.put("RANGE", e.getSortKey().getName() + " " + code(e.getSortKey().getType()));
        }
        Map<String, String> actual = new LinkedHashMap<>();
        if (stack.resolve(cfn.getKeySchema()) instanceof List<?> keys) {
            for (Object k : keys) {
                if (k instanceof Map<?, ?> m) {
                    String name = String.valueOf(m.get("attributeName"));
                    actual.put(String.valueOf(m.get("keyType")), name + " " + types.get(name));
                }
            }
        }
        if (!declared.equals(actual)) {
            throw invalid.apply(where + "existingTable has the key schema " + actual + " but the entity declares "
                    + declared + "; declare the table's own keys");
        }
    }

    private static String code(AttributeType type) {
        return type == AttributeType.NUMBER ? "N" : type == AttributeType.BINARY ? "B" : "S";
    }
}
