package io.consistentcrud.bench;

import io.consistentcrud.runtime.ConsistentStore;
import io.consistentcrud.runtime.EntityDefinition;
import io.consistentcrud.runtime.KeyAttribute;
import io.consistentcrud.runtime.StoreOptions;
import io.consistentcrud.runtime.TransactionOperation;
import io.consistentcrud.runtime.TransactionResult;
import io.consistentcrud.runtime.VersionedItem;
import io.consistentcrud.runtime.WriteContext;
import io.consistentcrud.runtime.WriteResult;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Our runtime: {@link ConsistentStore} with the idempotency table, called as the HTTP handler calls it; with
 * {@link #minimal()} as it calls it for {@code Prefer: return=minimal} (no read for the answer).
 */
final class OursSubject implements Subject {
    static final EntityDefinition ITEMS = EntityDefinition.builder()
            .name("items").tableName(BenchTables.OURS).partitionKey(KeyAttribute.string("id")).build();

    private final ConsistentStore store;
    private final String label;
    private final boolean minimal;

    OursSubject(DynamoDbClient db, String label) {
        this(new ConsistentStore(db, StoreOptions.builder()
                .idempotencyTable(BenchTables.OURS_IDEMPOTENCY)
                .callTimeout(Clients.CALL_TIMEOUT)
                .build()), label, false);
    }

    private OursSubject(ConsistentStore store, String label, boolean minimal) {
        this.store = store;
        this.label = label;
        this.minimal = minimal;
    }

    /** The same store, its writes answered as for {@code Prefer: return=minimal}. */
    OursSubject minimal() {
        return new OursSubject(store, label + ", return=minimal", true);
    }

    @Override
    public String label() {
        return label;
    }

    private WriteContext ctx(Req req, String method, String resource, String body) {
        Instant now = req.time();
        WriteContext.Builder b = WriteContext.builder()
                .requestToken(req.token())
                .caller("bench")
                .time(now)
                .deadline(now.plus(Duration.ofSeconds(25)))
                .answerWithItem(!minimal);
        if (req.idempotencyKey() != null) {
            b.idempotencyKey(req.idempotencyKey()).payloadFingerprint(WriteContext.fingerprint(method, resource,
                    req.idempotencyKey(), body.getBytes(StandardCharsets.UTF_8)));
        }
        return b.build();
    }

    private static Map<String, AttributeValue> key(String id) {
        return Map.of("id", AttributeValue.fromS(id));
    }

    private static Map<String, AttributeValue> item(String id, String name, long count) {
        return Map.of("id", AttributeValue.fromS(id), "name", AttributeValue.fromS(name),
                "count", AttributeValue.fromN(Long.toString(count)));
    }

    static Outcome outcome(WriteResult r) {
        if (r instanceof WriteResult.Written w) {
            return new Outcome(w.replayed() ? Kind.REPLAYED : Kind.OK, w.item().version());
        } else if (r instanceof WriteResult.Deleted d) {
            return new Outcome(d.replayed() ? Kind.REPLAYED : Kind.OK, d.version());
        } else if (r instanceof WriteResult.Replayed p) {
            return new Outcome(Kind.REPLAYED, p.version());
        } else if (r instanceof WriteResult.Conflict c) {
            return new Outcome(Kind.CONFLICT, c.currentVersion());
        } else if (r instanceof WriteResult.AlreadyExists e) {
            return new Outcome(Kind.EXISTS, e.currentVersion());
        } else if (r instanceof WriteResult.NotFound) {
            return new Outcome(Kind.NOT_FOUND, 0);
        }
        throw new IllegalStateException("unexpected outcome " + r);
    }

    @Override
    public Outcome create(String id, String name, Req req) {
        return outcome(store.create(ITEMS, item(id, name, 0), ctx(req, "POST", "/items", id + name)));
    }

    @Override
    public Snapshot get(String id) {
        Optional<VersionedItem> item = store.get(ITEMS, key(id));
        return item.map(i -> new Snapshot(id, i.attributes().get("name").s(),
                Long.parseLong(i.attributes().get("count").n()), i.version())).orElse(null);
    }

    @Override
    public Outcome replace(String id, String name, long count, long expectedVersion, Req req) {
        return outcome(store.replace(ITEMS, item(id, name, count), expectedVersion,
                ctx(req, "PUT", "/items/" + id, name + count + "@" + expectedVersion)));
    }

    @Override
    public Outcome merge(String id, String name, long expectedVersion, Req req) {
        // As the handler: a JSON merge patch.
        return outcome(store.mergePatch(ITEMS, key(id), Map.of("name", AttributeValue.fromS(name)),
                expectedVersion, ctx(req, "PATCH", "/items/" + id, name + "@" + expectedVersion)));
    }

    @Override
    public Outcome increment(String id, long delta, Req req) {
        return outcome(store.increment(ITEMS, key(id), Map.of("count", Long.toString(delta)), OptionalLong.empty(),
                ctx(req, "POST", "/items/" + id + "/increment", Long.toString(delta))));
    }

    @Override
    public Outcome delete(String id, long expectedVersion, Req req) {
        return outcome(store.delete(ITEMS, key(id), expectedVersion,
                ctx(req, "DELETE", "/items/" + id, "@" + expectedVersion)));
    }

    @Override
    public Outcome transact2(String id1, long version1, String id2, long version2, Req req) {
        TransactionResult r = store.transact(List.of(
                        TransactionOperation.replace(0, ITEMS, item(id1, "t", 0), version1),
                        TransactionOperation.replace(1, ITEMS, item(id2, "t", 0), version2)),
                ctx(req, "POST", "/transactions", id1 + "@" + version1 + "," + id2 + "@" + version2));
        if (r instanceof TransactionResult.Committed c) {
            return new Outcome(c.replayed() ? Kind.REPLAYED : Kind.OK, c.newVersions().get(0));
        } else if (r instanceof TransactionResult.Cancelled) {
            return new Outcome(Kind.CONFLICT, 0);
        }
        throw new IllegalStateException("unexpected outcome " + r);
    }
}
