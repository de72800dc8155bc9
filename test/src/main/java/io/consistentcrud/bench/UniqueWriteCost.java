package io.consistentcrud.bench;

import io.consistentcrud.runtime.ConsistentStore;
import io.consistentcrud.runtime.EntityDefinition;
import io.consistentcrud.runtime.KeyAttribute;
import io.consistentcrud.runtime.StoreOptions;
import io.consistentcrud.runtime.WriteContext;
import io.consistentcrud.runtime.WriteResult;
import io.consistentcrud.testing.LocalDynamoDb;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BiFunction;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Section 10: what a unique attribute costs a write. The same writes of one small item (with an {@code email})
 * through the store, on an entity that declares {@code email} unique and on one that does not, alternating on two
 * clients over HTTP to DynamoDB Local: p50, round trips and write units per write (DynamoDB's documented rules, as
 * {@link CallCounter} computes them; a cancelled transaction is counted apart, its units neither reported nor
 * computed).
 */
final class UniqueWriteCost {
    private static final EntityDefinition PLAIN = EntityDefinition.builder().name("people")
            .tableName("bench-people-plain").partitionKey(KeyAttribute.string("id")).build();
    private static final EntityDefinition UNIQUE = PLAIN.toBuilder().tableName("bench-people-unique")
            .uniqueAttributes(List.of("email")).uniqueValuesTable("bench-unique-values").build();

    private final int iterations;
    private final List<Row> rows = new ArrayList<>();

    /** One kind of write: its figures with and without the unique attribute. */
    private record Row(String write, List<Long> unique, List<Long> plain, CallCounter.Tally uniqueTally,
                       CallCounter.Tally plainTally) {
    }

    UniqueWriteCost(int iterations) {
        this.iterations = iterations;
    }

    void run(LocalDynamoDb server) {
        server.createTables(List.of(PLAIN, UNIQUE));
        CallCounter uniqueCounter = new CallCounter();
        CallCounter plainCounter = new CallCounter();
        ConsistentStore uniqueStore = new ConsistentStore(Clients.http(server.endpoint(), uniqueCounter, 3),
                StoreOptions.builder().callTimeout(Clients.CALL_TIMEOUT).build());
        ConsistentStore plainStore = new ConsistentStore(Clients.http(server.endpoint(), plainCounter, 3),
                StoreOptions.builder().callTimeout(Clients.CALL_TIMEOUT).build());
        String run = UUID.randomUUID().toString().substring(0, 8);
        phase("create holding one unique value", uniqueStore, plainStore, uniqueCounter, plainCounter,
                (store, entity) -> i -> store.create(entity, item(run, i, "a"), ctx()), WriteResult.Written.class);
        phase("replace keeping the value", uniqueStore, plainStore, uniqueCounter, plainCounter,
                (store, entity) -> i -> store.replace(entity, item(run, i, "a"), 1, ctx()),
                WriteResult.Written.class);
        phase("replace changing the value", uniqueStore, plainStore, uniqueCounter, plainCounter,
                (store, entity) -> i -> store.replace(entity, item(run, i, "b"), 2, ctx()),
                WriteResult.Written.class);
        phase("create of a taken value (409 / 201)", uniqueStore, plainStore, uniqueCounter, plainCounter,
                (store, entity) -> i -> store.create(entity, item(run + "-dup", i, "b", run + "-" + i), ctx()),
                null);
        phase("delete of an item holding a value", uniqueStore, plainStore, uniqueCounter, plainCounter,
                (store, entity) -> i -> store.delete(entity, Map.of("id", AttributeValue.fromS(run + "-" + i)), 3,
                        ctx()), WriteResult.Deleted.class);
    }

    /** A write of item {@code i}, given the store and the entity. */
    private interface Write {
        WriteResult apply(int i);
    }

    private void phase(String name, ConsistentStore uniqueStore, ConsistentStore plainStore,
                       CallCounter uniqueCounter, CallCounter plainCounter,
                       BiFunction<ConsistentStore, EntityDefinition, Write> write, Class<?> expected) {
        Write unique = write.apply(uniqueStore, UNIQUE);
        Write plain = write.apply(plainStore, PLAIN);
        uniqueCounter.reset();
        plainCounter.reset();
        List<Long> uniqueNanos = new ArrayList<>();
        List<Long> plainNanos = new ArrayList<>();
        for (int i = 0; i < iterations; i++) {
            uniqueNanos.add(timed(unique, i, expected == null ? WriteResult.UniqueValueTaken.class : expected));
            plainNanos.add(timed(plain, i, expected == null ? WriteResult.Written.class : expected));
        }
        rows.add(new Row(name, uniqueNanos, plainNanos, uniqueCounter.tally(), plainCounter.tally()));
    }

    private static long timed(Write write, int i, Class<?> expected) {
        long start = System.nanoTime();
        WriteResult result = write.apply(i);
        long took = System.nanoTime() - start;
        if (!expected.isInstance(result)) {
            throw new IllegalStateException("expected " + expected.getSimpleName() + ", got " + result);
        }
        return took;
    }

    /** Item {@code run-i} holding {@code email} {@code run-i-suffix}, or the given one. */
    private static Map<String, AttributeValue> item(String run, int i, String suffix, String... email) {
        String id = run + "-" + i;
        String value = (email.length > 0 ? email[0] : id) + "-" + suffix + "@example.org";
        return Map.of("id", AttributeValue.fromS(id), "email", AttributeValue.fromS(value),
                "name", AttributeValue.fromS("person " + i));
    }

    private static WriteContext ctx() {
        Instant now = Instant.now();
        return WriteContext.builder().requestToken(UUID.randomUUID().toString()).caller("bench").time(now)
                .deadline(now.plus(Duration.ofSeconds(20))).build();
    }

    private static double p50(List<Long> nanos) {
        List<Long> sorted = nanos.stream().sorted().toList();
        return sorted.get(sorted.size() / 2) / 1e6;
    }

    void report(Report report) {
        report.heading("10. Unique attributes: what a write costs with a unique `email` and without");
        report.paragraph(iterations + " writes of each kind on an entity declaring `email` unique, alternating with the"
                + " same write on an entity without the declaration, each through its own store and client over HTTP"
                + " to DynamoDB Local, items under 1 KB. Write and read units by DynamoDB's documented rules (a"
                + " transactional write 2 units per item); a cancelled transaction is counted apart, as DynamoDB"
                + " reports no units for it. The taken-value row creates a new item with another item's email: the"
                + " unique entity answers 409, the plain one stores a duplicate.");
        List<List<String>> table = new ArrayList<>();
        for (Row row : rows) {
            double u = p50(row.unique());
            double p = p50(row.plain());
            table.add(List.of(row.write(),
                    Report.num(u) + " ms (" + Report.ratio(u / p) + ")", Report.num(p) + " ms",
                    perWrite(row.uniqueTally().calls()) + " / " + perWrite(row.plainTally().calls()),
                    Report.num(row.uniqueTally().wcu() / iterations) + " / "
                            + Report.num(row.plainTally().wcu() / iterations),
                    Report.num(row.uniqueTally().rcu() / iterations) + " / "
                            + Report.num(row.plainTally().rcu() / iterations),
                    perWrite(row.uniqueTally().cancelledTransactions()) + " / "
                            + perWrite(row.plainTally().cancelledTransactions())));
        }
        report.table(List.of("write", "p50 unique", "p50 plain", "round trips (unique / plain)",
                "write units", "read units", "cancelled transactions"), table);
    }

    private String perWrite(long count) {
        return Report.num((double) count / iterations);
    }
}
