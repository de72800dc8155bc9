package io.consistentcrud.cdk;

import java.util.List;

/**
 * The DynamoDB and KMS actions the runtime uses, granted per table and nothing more; which table gets which comes
 * from {@link StoreCall}. There is no Scan and no BatchWriteItem: the API never lists a whole table, and a batch
 * write would bypass the version checks. {@code TransactWriteItems} has no action of its own; IAM checks the item
 * actions of each operation in it.
 */
public final class DynamoDbActions {
    /** Consistent reads of one item, and the read that answers a merge or an increment. */
    public static final String GET_ITEM = "dynamodb:GetItem";
    /** Consistent queries of one partition ({@code GET /E/{pk}} of entities with a sort key). */
    public static final String QUERY = "dynamodb:Query";
    /** Creates, replaces, merges, deletes (their tombstones) and Idempotency-Key records. */
    public static final String PUT_ITEM = "dynamodb:PutItem";
    /** The guards of unique values an item gives up. */
    public static final String DELETE_ITEM = "dynamodb:DeleteItem";
    /** Increments. */
    public static final String UPDATE_ITEM = "dynamodb:UpdateItem";
    /** Version checks of items a transaction reads but does not write. */
    public static final String CONDITION_CHECK_ITEM = "dynamodb:ConditionCheckItem";

    /** Actions on an entity table without a sort key: those of {@link StoreCall#onEntityTable(boolean)}. */
    public static final List<String> ENTITY_TABLE = StoreCall.actions(StoreCall.onEntityTable(false));
    /** Actions on an entity table with a sort key: those of {@link StoreCall#onEntityTable(boolean)}. */
    public static final List<String> ENTITY_TABLE_WITH_SORT_KEY = StoreCall.actions(StoreCall.onEntityTable(true));
    /** Actions on the idempotency table: those of {@link StoreCall#onIdempotencyTable()}. */
    public static final List<String> IDEMPOTENCY_TABLE = StoreCall.actions(StoreCall.onIdempotencyTable());
    /** Actions on the unique-values table: those of {@link StoreCall#onUniqueValuesTable()}. */
    public static final List<String> UNIQUE_VALUES_TABLE = StoreCall.actions(StoreCall.onUniqueValuesTable());
    /** Actions on a customer-managed table key. */
    public static final List<String> TABLE_KEY = List.of("kms:Decrypt", "kms:Encrypt", "kms:GenerateDataKey",
            "kms:DescribeKey");
    /** X-Ray actions of active tracing; X-Ray has no resource-level permissions. */
    public static final List<String> XRAY = List.of("xray:PutTraceSegments", "xray:PutTelemetryRecords");

    private DynamoDbActions() {
    }
}
