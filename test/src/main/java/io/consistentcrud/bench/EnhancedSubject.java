package io.consistentcrud.bench;

import java.util.concurrent.atomic.AtomicLong;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbEnhancedClient;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbTable;
import software.amazon.awssdk.enhanced.dynamodb.Expression;
import software.amazon.awssdk.enhanced.dynamodb.Key;
import software.amazon.awssdk.enhanced.dynamodb.TableSchema;
import software.amazon.awssdk.enhanced.dynamodb.extensions.VersionedRecordExtension;
import software.amazon.awssdk.enhanced.dynamodb.model.DeleteItemEnhancedRequest;
import software.amazon.awssdk.enhanced.dynamodb.model.GetItemEnhancedRequest;
import software.amazon.awssdk.enhanced.dynamodb.model.IgnoreNullsMode;
import software.amazon.awssdk.enhanced.dynamodb.model.TransactWriteItemsEnhancedRequest;
import software.amazon.awssdk.enhanced.dynamodb.model.UpdateItemEnhancedRequest;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

/**
 * Peer (b): the SDK Enhanced Client with {@link VersionedRecordExtension} (optimistic locking), strongly consistent
 * reads, and increments as a read-modify-write loop (the extension has no atomic increment).
 */
final class EnhancedSubject implements Subject {
    /** Conflicts met inside the read-modify-write loop of {@link #increment}, which never reach the caller. */
    static final AtomicLong RMW_CONFLICTS = new AtomicLong();

    private final DynamoDbEnhancedClient enhanced;
    private final DynamoDbTable<BenchItem> table;
    private final String label;

    EnhancedSubject(DynamoDbClient db, String tableName) {
        this(db, tableName, "(b) Enhanced + VersionedRecordExtension");
    }

    EnhancedSubject(DynamoDbClient db, String tableName, String label) {
        DynamoDbEnhancedClient enhanced = DynamoDbEnhancedClient.builder()
                .dynamoDbClient(db)
                .extensions(VersionedRecordExtension.builder().build())
                .build();
        this.table = enhanced.table(tableName, TableSchema.fromBean(BenchItem.class));
        this.enhanced = enhanced;
        this.label = label;
    }

    @Override
    public String label() {
        return label;
    }

    @Override
    public Outcome create(String id, String name, Req req) {
        try {
            table.putItem(new BenchItem(id, name, 0L, null));
            return Outcome.ok(1);
        } catch (ConditionalCheckFailedException e) {
            return new Outcome(Kind.EXISTS, 0);
        }
    }

    @Override
    public Snapshot get(String id) {
        BenchItem item = table.getItem(GetItemEnhancedRequest.builder()
                .key(Key.builder().partitionValue(id).build()).consistentRead(true).build());
        return item == null ? null : new Snapshot(item.getId(), item.getName(),
                item.getCount() == null ? 0 : item.getCount(), item.getVersion());
    }

    @Override
    public Outcome replace(String id, String name, long count, long expectedVersion, Req req) {
        try {
            table.putItem(new BenchItem(id, name, count, expectedVersion));
            return Outcome.ok(expectedVersion + 1);
        } catch (ConditionalCheckFailedException e) {
            return new Outcome(Kind.CONFLICT, 0);
        }
    }

    @Override
    public Outcome merge(String id, String name, long expectedVersion, Req req) {
        try {
            BenchItem written = table.updateItem(UpdateItemEnhancedRequest.builder(BenchItem.class)
                    .item(new BenchItem(id, name, null, expectedVersion))
                    .ignoreNullsMode(IgnoreNullsMode.SCALAR_ONLY).build());
            return Outcome.ok(written.getVersion());
        } catch (ConditionalCheckFailedException e) {
            return new Outcome(Kind.CONFLICT, 0);
        }
    }

    @Override
    public Outcome increment(String id, long delta, Req req) {
        // No atomic increment with optimistic locking: read, add, write conditionally, and retry on conflict.
        while (true) {
            Snapshot current = get(id);
            if (current == null) {
                return new Outcome(Kind.NOT_FOUND, 0);
            }
            try {
                BenchItem written = table.updateItem(UpdateItemEnhancedRequest.builder(BenchItem.class)
                        .item(new BenchItem(id, null, current.count() + delta, current.version()))
                        .ignoreNullsMode(IgnoreNullsMode.SCALAR_ONLY).build());
                return Outcome.ok(written.getVersion());
            } catch (ConditionalCheckFailedException e) {
                RMW_CONFLICTS.incrementAndGet();
            }
        }
    }

    @Override
    public Outcome delete(String id, long expectedVersion, Req req) {
        try {
            table.deleteItem(DeleteItemEnhancedRequest.builder()
                    .key(Key.builder().partitionValue(id).build())
                    .conditionExpression(versionIs(expectedVersion))
                    .build());
            return Outcome.ok(expectedVersion);
        } catch (ConditionalCheckFailedException e) {
            return new Outcome(Kind.CONFLICT, 0);
        }
    }

    private static Expression versionIs(long version) {
        return Expression.builder().expression("#v = :v")
                .putExpressionName("#v", "version")
                .putExpressionValue(":v", AttributeValue.fromN(Long.toString(version)))
                .build();
    }

    @Override
    public Outcome transact2(String id1, long version1, String id2, long version2, Req req) {
        try {
            enhanced.transactWriteItems(TransactWriteItemsEnhancedRequest.builder()
                    .addPutItem(table, new BenchItem(id1, "t", 0L, version1))
                    .addPutItem(table, new BenchItem(id2, "t", 0L, version2))
                    .build());
            return Outcome.ok(version1 + 1);
        } catch (TransactionCanceledException e) {
            return new Outcome(Kind.CONFLICT, 0);
        }
    }
}
