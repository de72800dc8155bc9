package io.consistentcrud.bench;

import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

/**
 * Peer (a): what a team writes first with the raw SDK: unconditional writes, eventually consistent reads, the
 * version kept only as a counter ({@code version + 1}) so that figures compare like with like.
 */
final class NaiveSubject implements Subject {
    private final DynamoDbClient db;
    private final String table;

    NaiveSubject(DynamoDbClient db, String table) {
        this.db = db;
        this.table = table;
    }

    @Override
    public String label() {
        return "(a) naive SDK";
    }

    static Map<String, AttributeValue> key(String id) {
        return Map.of("id", AttributeValue.fromS(id));
    }

    static Map<String, AttributeValue> item(String id, String name, long count, long version) {
        return Map.of("id", AttributeValue.fromS(id), "name", AttributeValue.fromS(name),
                "count", AttributeValue.fromN(Long.toString(count)),
                "version", AttributeValue.fromN(Long.toString(version)));
    }

    @Override
    public Outcome create(String id, String name, Req req) {
        db.putItem(b -> b.tableName(table).item(item(id, name, 0, 1)));
        return Outcome.ok(1);
    }

    @Override
    public Snapshot get(String id) {
        GetItemResponse r = db.getItem(b -> b.tableName(table).key(key(id)));
        return r.hasItem() && !r.item().isEmpty() ? snapshot(r.item()) : null;
    }

    /** A strongly consistent read, for the benchmark's own checks of the final state (never timed). */
    Snapshot consistentGet(String id) {
        GetItemResponse r = db.getItem(b -> b.tableName(table).key(key(id)).consistentRead(true));
        return r.hasItem() && !r.item().isEmpty() ? snapshot(r.item()) : null;
    }

    static Snapshot snapshot(Map<String, AttributeValue> item) {
        return new Snapshot(item.get("id").s(), item.containsKey("name") ? item.get("name").s() : null,
                item.containsKey("count") ? Long.parseLong(item.get("count").n()) : 0,
                item.containsKey("version") ? Long.parseLong(item.get("version").n()) : 0);
    }

    @Override
    public Outcome replace(String id, String name, long count, long expectedVersion, Req req) {
        db.putItem(b -> b.tableName(table).item(item(id, name, count, expectedVersion + 1)));
        return Outcome.ok(expectedVersion + 1);
    }

    @Override
    public Outcome merge(String id, String name, long expectedVersion, Req req) {
        db.updateItem(b -> b.tableName(table).key(key(id))
                .updateExpression("SET #n = :n ADD #v :one")
                .expressionAttributeNames(Map.of("#n", "name", "#v", "version"))
                .expressionAttributeValues(Map.of(":n", AttributeValue.fromS(name),
                        ":one", AttributeValue.fromN("1"))));
        return Outcome.ok(expectedVersion + 1);
    }

    @Override
    public Outcome increment(String id, long delta, Req req) {
        Map<String, AttributeValue> after = db.updateItem(b -> b.tableName(table).key(key(id))
                .updateExpression("ADD #c :d, #v :one")
                .expressionAttributeNames(Map.of("#c", "count", "#v", "version"))
                .expressionAttributeValues(Map.of(":d", AttributeValue.fromN(Long.toString(delta)),
                        ":one", AttributeValue.fromN("1")))
                .returnValues(ReturnValue.UPDATED_NEW)).attributes();
        return Outcome.ok(Long.parseLong(after.get("version").n()));
    }

    @Override
    public Outcome delete(String id, long expectedVersion, Req req) {
        db.deleteItem(b -> b.tableName(table).key(key(id)));
        return Outcome.ok(expectedVersion);
    }

    private TransactWriteItem put(Map<String, AttributeValue> item) {
        return TransactWriteItem.builder().put(Put.builder().tableName(table).item(item).build()).build();
    }

    @Override
    public Outcome transact2(String id1, long version1, String id2, long version2, Req req) {
        db.transactWriteItems(b -> b.transactItems(put(item(id1, "t", 0, version1 + 1)),
                put(item(id2, "t", 0, version2 + 1))));
        return Outcome.ok(version1 + 1);
    }
}
