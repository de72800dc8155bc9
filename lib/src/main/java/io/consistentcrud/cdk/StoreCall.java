package io.consistentcrud.cdk;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * The DynamoDB calls the runtime's {@code ConsistentStore} makes, and on which tables: the one list from which the
 * construct derives its IAM grants (the function's role and {@link ConsistentCrudApi#bindStore}) and the
 * operations of its throttle and system-error metrics. {@code StoreCallsTest} (test module) runs every route of the
 * handler against DynamoDB Local, records each call the store makes, and fails when the calls and this list differ,
 * in either direction: change the store, change one line here.
 *
 * <p>A {@code TransactWriteItems} call is one DynamoDB operation (one metric) whose items IAM authorizes one by one
 * (one action per kind of item), so each kind of item is a call of its own here.
 */
public enum StoreCall {
    /** Consistent reads of one item; replays read their Idempotency-Key record. */
    GET_ITEM("GetItem", DynamoDbActions.GET_ITEM, Table.ENTITY, Table.IDEMPOTENCY),
    /** Consistent queries of one partition, on entities with a sort key. */
    QUERY("Query", DynamoDbActions.QUERY, Table.ENTITY_WITH_SORT_KEY),
    /** Eventually consistent queries of an entity's global secondary index (the index route). */
    INDEX_QUERY("Query", DynamoDbActions.QUERY, Table.INDEX),
    /** Creates: a conditional put carrying the creation token. */
    PUT_ITEM("PutItem", DynamoDbActions.PUT_ITEM, Table.ENTITY),
    /**
     * Replaces and merges, transaction creates, deletes (the tombstone that takes the item's place, naming the
     * deleter, G2 and G8), Idempotency-Key records, and the guard of each unique value a write gives an item, inside
     * a transaction.
     */
    TRANSACT_PUT("TransactWriteItems", DynamoDbActions.PUT_ITEM, Table.ENTITY, Table.IDEMPOTENCY,
            Table.UNIQUE_VALUES),
    /** The guard of each unique value an item gives up (a change of the value, or the item's delete). */
    TRANSACT_DELETE("TransactWriteItems", DynamoDbActions.DELETE_ITEM, Table.UNIQUE_VALUES),
    /** Increments, inside a transaction. */
    TRANSACT_UPDATE("TransactWriteItems", DynamoDbActions.UPDATE_ITEM, Table.ENTITY),
    /**
     * Version checks of items a transaction reads but does not write, and checks that an unchanged unique value's
     * guard still names the item.
     */
    TRANSACT_CONDITION_CHECK("TransactWriteItems", DynamoDbActions.CONDITION_CHECK_ITEM, Table.ENTITY);

    /** The kinds of table the store calls. */
    public enum Table {
        /** Every entity table. */
        ENTITY,
        /** Entity tables with a sort key only. */
        ENTITY_WITH_SORT_KEY,
        /** The Idempotency-Key table. */
        IDEMPOTENCY,
        /** Each global secondary index of an entity table ({@code <table ARN>/index/<name>}). */
        INDEX,
        /** The table of unique-value guards, when an entity declares unique attributes. */
        UNIQUE_VALUES
    }

    private final String operation;
    private final String action;
    private final Set<Table> tables;

    StoreCall(String operation, String action, Table first, Table... more) {
        this.operation = operation;
        this.action = action;
        this.tables = EnumSet.of(first, more);
    }

    /**
     * The DynamoDB API operation: the {@code Operation} dimension of its {@code AWS/DynamoDB} metrics.
     *
     * @return the DynamoDB API operation
     */
    public String operation() {
        return operation;
    }

    /**
     * The IAM action the call needs on the table.
     *
     * @return the IAM action the call needs on the table
     */
    public String action() {
        return action;
    }

    /**
     * The calls the store makes on an entity table.
     *
     * @param withSortKey whether the entity's table has a sort key
     * @return the calls, in declaration order
     */
    public static List<StoreCall> onEntityTable(boolean withSortKey) {
        List<StoreCall> calls = new ArrayList<>();
        for (StoreCall c : values()) {
            if (c.tables.contains(Table.ENTITY) || (withSortKey && c.tables.contains(Table.ENTITY_WITH_SORT_KEY))) {
                calls.add(c);
            }
        }
        return List.copyOf(calls);
    }

    /**
     * The calls the store makes on the Idempotency-Key table.
     *
     * @return the calls the store makes on the Idempotency-Key table
     */
    public static List<StoreCall> onIdempotencyTable() {
        return on(Table.IDEMPOTENCY);
    }

    /**
     * The calls the store makes on an entity's global secondary indexes.
     *
     * @return the calls the store makes on an entity's global secondary indexes, in declaration order
     */
    public static List<StoreCall> onIndexes() {
        return on(Table.INDEX);
    }

    /**
     * The calls the store makes on the unique-values table: guards are only ever put and deleted inside
     * the transaction of their item's write, never read on their own.
     *
     * @return the calls the store makes on the unique-values table, in declaration order
     */
    public static List<StoreCall> onUniqueValuesTable() {
        return on(Table.UNIQUE_VALUES);
    }

    private static List<StoreCall> on(Table table) {
        return Arrays.stream(values()).filter(c -> c.tables.contains(table)).toList();
    }

    /**
     * The distinct IAM actions of the calls, in declaration order.
     *
     * @param calls the calls
     * @return the actions, e.g. {@code dynamodb:GetItem}, each once
     */
    public static List<String> actions(List<StoreCall> calls) {
        return calls.stream().map(StoreCall::action).distinct().toList();
    }

    /**
     * The distinct DynamoDB operations of the calls, in declaration order.
     *
     * @param calls the calls
     * @return the operations, e.g. {@code GetItem}, each once
     */
    public static List<String> operations(List<StoreCall> calls) {
        return calls.stream().map(StoreCall::operation).distinct().toList();
    }
}
