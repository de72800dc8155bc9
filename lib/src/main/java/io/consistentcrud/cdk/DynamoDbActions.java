package io.consistentcrud.cdk;

import java.util.List;

/**
 * The DynamoDB and KMS actions the runtime uses, granted per table and nothing more. There is no Scan: the API
 * never lists a whole table. {@code TransactWriteItems} has no action of its own; IAM checks the item actions of
 * each operation in it.
 */
public final class DynamoDbActions {
    /** Consistent reads of one item, and the read that answers a merge or an increment. */
    public static final String GET_ITEM = "dynamodb:GetItem";
    /** Consistent queries of one partition ({@code GET /E/{pk}} of entities with a sort key). */
    public static final String QUERY = "dynamodb:Query";
    /** Creates, replaces and transaction puts. */
    public static final String PUT_ITEM = "dynamodb:PutItem";
    /** Increments. */
    public static final String UPDATE_ITEM = "dynamodb:UpdateItem";
    /** Deletes. */
    public static final String DELETE_ITEM = "dynamodb:DeleteItem";
    /** Version checks of items a transaction reads but does not write. */
    public static final String CONDITION_CHECK_ITEM = "dynamodb:ConditionCheckItem";

    /** Actions on an entity table without a sort key. */
    public static final List<String> ENTITY_TABLE = List.of(GET_ITEM, PUT_ITEM, UPDATE_ITEM, DELETE_ITEM,
            CONDITION_CHECK_ITEM);
    /** Actions on an entity table with a sort key. */
    public static final List<String> ENTITY_TABLE_WITH_SORT_KEY = List.of(GET_ITEM, QUERY, PUT_ITEM, UPDATE_ITEM,
            DELETE_ITEM, CONDITION_CHECK_ITEM);
    /** Actions on the idempotency table: the record's put (inside the write's transaction) and a replay's read. */
    public static final List<String> IDEMPOTENCY_TABLE = List.of(GET_ITEM, PUT_ITEM);
    /** Actions on a customer-managed table key. */
    public static final List<String> TABLE_KEY = List.of("kms:Decrypt", "kms:Encrypt", "kms:GenerateDataKey",
            "kms:DescribeKey");
    /** X-Ray actions of active tracing; X-Ray has no resource-level permissions. */
    public static final List<String> XRAY = List.of("xray:PutTraceSegments", "xray:PutTelemetryRecords");

    private DynamoDbActions() {
    }
}
