package io.consistentcrud.bench;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.HexFormat;
import java.util.Map;
import java.util.function.Supplier;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;

/**
 * Peer (c): a RE-IMPLEMENTATION of the documented algorithm of Powertools for AWS Lambda (Java) 1.x idempotency
 * ({@code DynamoDBPersistenceStore}), around peer (b)'s writes. Powertools 1.x itself needs AspectJ weaving and
 * 2.x is not in the registry here, so this class follows its documentation, not its code:
 * <ol>
 *   <li>{@code PutItem} of an {@code INPROGRESS} record, condition {@code attribute_not_exists(id) OR expiration <
 *       now OR (status = INPROGRESS AND in_progress_expiration < now_ms)};</li>
 *   <li>on {@code ConditionalCheckFailed}: {@code GetItem} of the record: {@code COMPLETED} answers the stored
 *       response, {@code INPROGRESS} fails with "already in progress";</li>
 *   <li>otherwise run the write; if it throws, {@code DeleteItem} of the record (so the request can be retried)
 *       and rethrow; if it returns, {@code UpdateItem} of the record to {@code COMPLETED} with the response.</li>
 * </ol>
 * Writes without an Idempotency-Key pass straight to (b), as with Powertools when no key is found.
 */
final class PowertoolsStyleSubject implements Subject {
    /** Thrown like Powertools' IdempotencyAlreadyInProgressException. */
    static final class AlreadyInProgressException extends RuntimeException {
        AlreadyInProgressException(String key) {
            super("idempotency key " + key + " is already in progress");
        }
    }

    private static final long EXPIRY_SECONDS = 3600;
    private static final long IN_PROGRESS_MILLIS = 30_000;

    private final DynamoDbClient db;
    private final String recordTable;
    private final EnhancedSubject inner;
    private final Clock clock = Clock.systemUTC();

    PowertoolsStyleSubject(DynamoDbClient db, String itemTable, String recordTable) {
        this.db = db;
        this.recordTable = recordTable;
        this.inner = new EnhancedSubject(db, itemTable, "(c) Powertools-style (re-impl.) over (b)");
    }

    @Override
    public String label() {
        return inner.label();
    }

    private Outcome idempotent(Req req, String operation, Supplier<Outcome> write) {
        if (req.idempotencyKey() == null) {
            return write.get();
        }
        String id = "bench#" + sha256(operation + "|" + req.idempotencyKey());
        long now = clock.millis();
        try {
            db.putItem(b -> b.tableName(recordTable)
                    .item(Map.of("id", AttributeValue.fromS(id),
                            "expiration", n(now / 1000 + EXPIRY_SECONDS),
                            "in_progress_expiration", n(now + IN_PROGRESS_MILLIS),
                            "status", AttributeValue.fromS("INPROGRESS")))
                    .conditionExpression("attribute_not_exists(#id) OR #expiry < :now OR "
                            + "(#status = :inprogress AND attribute_exists(#ipe) AND #ipe < :now_ms)")
                    .expressionAttributeNames(Map.of("#id", "id", "#expiry", "expiration", "#status", "status",
                            "#ipe", "in_progress_expiration"))
                    .expressionAttributeValues(Map.of(":now", n(now / 1000), ":now_ms", n(now),
                            ":inprogress", AttributeValue.fromS("INPROGRESS"))));
        } catch (ConditionalCheckFailedException e) {
            GetItemResponse record = db.getItem(b -> b.tableName(recordTable)
                    .key(Map.of("id", AttributeValue.fromS(id))).consistentRead(true));
            if (record.hasItem() && "COMPLETED".equals(record.item().get("status").s())) {
                String[] data = record.item().get("data").s().split(":");
                Kind kind = Kind.valueOf(data[0]);
                return new Outcome(kind == Kind.OK ? Kind.REPLAYED : kind, Long.parseLong(data[1]));
            }
            throw new AlreadyInProgressException(req.idempotencyKey());
        }
        Outcome outcome;
        try {
            outcome = write.get();
        } catch (RuntimeException e) {
            db.deleteItem(b -> b.tableName(recordTable).key(Map.of("id", AttributeValue.fromS(id))));
            throw e;
        }
        db.updateItem(b -> b.tableName(recordTable).key(Map.of("id", AttributeValue.fromS(id)))
                .updateExpression("SET #data = :data, #expiry = :expiry, #status = :completed")
                .expressionAttributeNames(Map.of("#data", "data", "#expiry", "expiration", "#status", "status"))
                .expressionAttributeValues(Map.of(
                        ":data", AttributeValue.fromS(outcome.kind() + ":" + outcome.version()),
                        ":expiry", n(clock.millis() / 1000 + EXPIRY_SECONDS),
                        ":completed", AttributeValue.fromS("COMPLETED"))));
        return outcome;
    }

    private static AttributeValue n(long value) {
        return AttributeValue.fromN(Long.toString(value));
    }

    static String sha256(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public Outcome create(String id, String name, Req req) {
        return idempotent(req, "create " + id, () -> inner.create(id, name, req));
    }

    @Override
    public Snapshot get(String id) {
        return inner.get(id);
    }

    @Override
    public Outcome replace(String id, String name, long count, long expectedVersion, Req req) {
        return idempotent(req, "replace " + id, () -> inner.replace(id, name, count, expectedVersion, req));
    }

    @Override
    public Outcome merge(String id, String name, long expectedVersion, Req req) {
        return idempotent(req, "merge " + id, () -> inner.merge(id, name, expectedVersion, req));
    }

    @Override
    public Outcome increment(String id, long delta, Req req) {
        return idempotent(req, "increment " + id, () -> inner.increment(id, delta, req));
    }

    @Override
    public Outcome delete(String id, long expectedVersion, Req req) {
        return idempotent(req, "delete " + id, () -> inner.delete(id, expectedVersion, req));
    }

    @Override
    public Outcome transact2(String id1, long version1, String id2, long version2, Req req) {
        return idempotent(req, "transaction", () -> inner.transact2(id1, version1, id2, version2, req));
    }
}
