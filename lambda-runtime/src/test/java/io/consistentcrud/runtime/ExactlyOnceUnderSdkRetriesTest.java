package io.consistentcrud.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.consistentcrud.runtime.testing.CountingMetrics;
import io.consistentcrud.runtime.testing.FaultProxy;
import io.consistentcrud.runtime.testing.LocalDynamoDb;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * G4 and G2 through a loopback proxy that loses the answer of 30% of the writes after DynamoDB applied them. Each
 * test has a control: the plain DynamoDB call through the same proxy, which the lost answers demonstrably break.
 */
class ExactlyOnceUnderSdkRetriesTest {
    private static final Duration ATTEMPT_TIMEOUT = Duration.ofMillis(300);
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(30);
    /** 0.3^10: a call fails only if ten attempts in a row lose their answer, about once in 170,000 calls. */
    private static final int MAX_ATTEMPTS = 10;
    private static final double FAULT_RATE = 0.3;
    private static final EntityDefinition COUNTERS = EntityDefinition.builder()
            .name("counters").tableName("g4-counters").partitionKey(KeyAttribute.string("id")).build();

    private static LocalDynamoDb engine;
    private static FaultProxy proxy;
    private static ConsistentStore direct;

    private DynamoDbClient client;
    private CountingMetrics metrics;
    private ConsistentStore store;

    @BeforeAll
    static void start() {
        engine = LocalDynamoDb.server();
        engine.createTable(COUNTERS);
        proxy = FaultProxy.start(engine.endpoint(), FAULT_RATE, 20261126L, ATTEMPT_TIMEOUT.plusMillis(300));
        direct = new ConsistentStore(engine.client(), StoreOptions.defaults());
    }

    @AfterAll
    static void stop() {
        proxy.close();
        engine.close();
    }

    @BeforeEach
    void connectThroughTheProxy() {
        client = LocalDynamoDb.runtimeClientFor(proxy.endpoint(), ATTEMPT_TIMEOUT, CALL_TIMEOUT, MAX_ATTEMPTS);
        metrics = new CountingMetrics();
        store = new ConsistentStore(client, StoreOptions.builder().callTimeout(CALL_TIMEOUT).metrics(metrics).build());
    }

    @AfterEach
    void disconnect() {
        client.close();
    }

    private static WriteContext ctx() {
        Instant now = Instant.now();
        return WriteContext.builder().requestToken(UUID.randomUUID().toString()).caller("g4").time(now)
                .deadline(now.plus(Duration.ofSeconds(60))).build();
    }

    private static Map<String, AttributeValue> key(String id) {
        return Map.of("id", AttributeValue.fromS(id));
    }

    private static Map<String, AttributeValue> item(String id, String attribute, long value) {
        return Map.of("id", AttributeValue.fromS(id), attribute, AttributeValue.fromN(Long.toString(value)));
    }

    private static long number(String id, String attribute) {
        return Long.parseLong(direct.get(COUNTERS, key(id)).orElseThrow().attributes().get(attribute).n());
    }

    private static void seed(String id, String attribute, long value) {
        assertThat(direct.create(COUNTERS, item(id, attribute, value), ctx())).isInstanceOf(WriteResult.Written.class);
    }

    private void plainAdd(String id, String attribute, long delta) {
        client.updateItem(b -> b.tableName(COUNTERS.tableName()).key(key(id))
                .updateExpression("ADD #c :d")
                .expressionAttributeNames(Map.of("#c", attribute))
                .expressionAttributeValues(Map.of(":d", AttributeValue.fromN(Long.toString(delta)))));
    }

    @Test
    void g4_incrementsThroughFaultyProxy_endAtExactly200() {
        seed("inc", "count", 0);
        int faultsBefore = proxy.faultsInjected();

        for (int i = 0; i < 200; i++) {
            WriteResult result = store.increment(COUNTERS, key("inc"), Map.of("count", "1"), OptionalLong.empty(), ctx());
            assertThat(result).isInstanceOf(WriteResult.Written.class);
        }

        int faults = proxy.faultsInjected() - faultsBefore;
        assertThat(faults).isGreaterThan(20);
        assertThat(number("inc", "count")).isEqualTo(200);
        assertThat(number("inc", "version")).isEqualTo(201);
        assertThat(metrics.sdkRetries.get()).isGreaterThanOrEqualTo(faults);
        assertThat(metrics.recoveredAmbiguousWrites.get()).isPositive();
    }

    @Test
    void g4_control_plainUpdateItemAddThroughTheSameProxy_appliesEveryLostAnswerAgainAndEndsAbove200() {
        seed("inc-control", "count", 0);
        int faultsBefore = proxy.faultsInjected();

        for (int i = 0; i < 200; i++) {
            plainAdd("inc-control", "count", 1);
        }

        int faults = proxy.faultsInjected() - faultsBefore;
        assertThat(faults).isGreaterThan(20);
        assertThat(number("inc-control", "count")).isGreaterThan(200).isEqualTo(200L + faults);
    }

    @Test
    void g4_versionConditionedReplacesThroughFaultyProxy_neverAnswerAFalseConflict() {
        seed("replace", "n", 0);
        int faultsBefore = proxy.faultsInjected();

        for (int version = 1; version <= 100; version++) {
            WriteResult result = store.replace(COUNTERS, item("replace", "n", version), version, ctx());
            assertThat(result).isInstanceOf(WriteResult.Written.class);
            assertThat(((WriteResult.Written) result).item().version()).isEqualTo(version + 1);
        }

        assertThat(proxy.faultsInjected() - faultsBefore).isGreaterThan(10);
        assertThat(number("replace", "n")).isEqualTo(100);
        assertThat(number("replace", "version")).isEqualTo(101);
        assertThat(metrics.conflicts.get()).isZero();

        // Control: the same version-conditioned PutItem without the mechanism answers false conflicts.
        seed("replace-control", "n", 0);
        int falseConflicts = 0;
        for (int version = 1; version <= 50; version++) {
            Map<String, AttributeValue> next = new HashMap<>(item("replace-control", "n", version));
            next.put("version", AttributeValue.fromN(Integer.toString(version + 1)));
            try {
                int expected = version;
                client.putItem(b -> b.tableName(COUNTERS.tableName()).item(next)
                        .conditionExpression("#v = :e")
                        .expressionAttributeNames(Map.of("#v", "version"))
                        .expressionAttributeValues(Map.of(":e", AttributeValue.fromN(Integer.toString(expected)))));
            } catch (ConditionalCheckFailedException falseConflict) {
                falseConflicts++;
            }
        }
        assertThat(falseConflicts).isPositive();
        assertThat(number("replace-control", "version")).isEqualTo(51);
    }

    @Test
    void g4_createsThroughFaultyProxy_neverAnswerAFalseAlreadyExists() {
        int faultsBefore = proxy.faultsInjected();
        int recognised = 0;

        for (int i = 0; i < 100; i++) {
            WriteResult result = store.create(COUNTERS, item("create-" + i, "n", i), ctx());
            assertThat(result).isInstanceOf(WriteResult.Written.class);
            WriteResult.Written written = (WriteResult.Written) result;
            assertThat(written.created()).isTrue();
            assertThat(written.item().version()).isEqualTo(1);
            recognised += written.replayed() ? 1 : 0;
        }

        assertThat(proxy.faultsInjected() - faultsBefore).isGreaterThan(10);
        assertThat(recognised).isPositive().isEqualTo(metrics.recoveredAmbiguousWrites.get());
        for (int i = 0; i < 100; i++) {
            assertThat(number("create-" + i, "version")).isEqualTo(1);
        }

        // Control: a plain conditional PutItem answers false "already exists" for its own committed create.
        int falseAlreadyExists = 0;
        for (int i = 0; i < 50; i++) {
            Map<String, AttributeValue> next = item("create-control-" + i, "n", i);
            try {
                client.putItem(b -> b.tableName(COUNTERS.tableName()).item(next)
                        .conditionExpression("attribute_not_exists(#k)")
                        .expressionAttributeNames(Map.of("#k", "id")));
            } catch (ConditionalCheckFailedException falseAlreadyThere) {
                falseAlreadyExists++;
            }
        }
        assertThat(falseAlreadyExists).isPositive();
    }

    @Test
    void g4_deletesThroughFaultyProxy_neverAnswerAFalseNotFoundOrConflict() {
        for (int i = 0; i < 150; i++) {
            seed("delete-" + i, "n", i);
        }
        int faultsBefore = proxy.faultsInjected();

        for (int i = 0; i < 100; i++) {
            WriteResult result = store.delete(COUNTERS, key("delete-" + i), 1, ctx());
            assertThat(result).isEqualTo(new WriteResult.Deleted(1, false));
        }

        assertThat(proxy.faultsInjected() - faultsBefore).isGreaterThan(10);
        for (int i = 0; i < 100; i++) {
            assertThat(direct.get(COUNTERS, key("delete-" + i))).isEmpty();
        }

        // Control: a plain version-conditioned DeleteItem answers a false conflict for its own committed delete.
        int falseFailures = 0;
        for (int i = 100; i < 150; i++) {
            Map<String, AttributeValue> k = key("delete-" + i);
            try {
                client.deleteItem(b -> b.tableName(COUNTERS.tableName()).key(k)
                        .conditionExpression("#v = :one")
                        .expressionAttributeNames(Map.of("#v", "version"))
                        .expressionAttributeValues(Map.of(":one", AttributeValue.fromN("1"))));
            } catch (ConditionalCheckFailedException falseFailure) {
                falseFailures++;
            }
        }
        assertThat(falseFailures).isPositive();
    }

    @Test
    void g4_transactionsThroughFaultyProxy_applyEachOnce() {
        seed("tx-sold", "count", 0);
        seed("tx-stock", "count", 100);
        int faultsBefore = proxy.faultsInjected();

        for (int i = 0; i < 100; i++) {
            TransactionResult result = store.transact(List.of(
                    TransactionOperation.increment(0, COUNTERS, key("tx-sold"), Map.of("count", "1"), Map.of(),
                            OptionalLong.empty()),
                    TransactionOperation.increment(1, COUNTERS, key("tx-stock"), Map.of("count", "-1"),
                            Map.of("count", "0"), OptionalLong.of(i + 1))), ctx());
            assertThat(result).isInstanceOf(TransactionResult.Committed.class);
            assertThat(((TransactionResult.Committed) result).newVersions().get(1)).isEqualTo(i + 2);
        }

        assertThat(proxy.faultsInjected() - faultsBefore).isGreaterThan(10);
        assertThat(number("tx-sold", "count")).isEqualTo(100);
        assertThat(number("tx-stock", "count")).isZero();
        assertThat(metrics.recoveredAmbiguousWrites.get()).isPositive();

        // Control: the same two changes as plain ADDs are applied again for every lost answer.
        seed("tx-sold-control", "count", 0);
        seed("tx-stock-control", "count", 50);
        for (int i = 0; i < 50; i++) {
            plainAdd("tx-sold-control", "count", 1);
            plainAdd("tx-stock-control", "count", -1);
        }
        assertThat(number("tx-sold-control", "count") - number("tx-stock-control", "count")).isGreaterThan(50);
    }

    @Test
    void g4_hotItem_8writersX50IncrementsThroughFaultyProxy_endAtExactly400() throws Exception {
        seed("hot", "count", 0);
        seed("hot-control", "count", 0);
        int faultsBefore = proxy.faultsInjected();

        List<Integer> successes = runConcurrently(8, () -> {
            int ok = 0;
            for (int i = 0; i < 50; i++) {
                WriteResult r = store.increment(COUNTERS, key("hot"), Map.of("count", "1"), OptionalLong.empty(), ctx());
                ok += r instanceof WriteResult.Written ? 1 : 0;
            }
            return ok;
        });

        assertThat(successes).containsOnly(50);
        assertThat(proxy.faultsInjected() - faultsBefore).isGreaterThan(40);
        assertThat(number("hot", "count")).isEqualTo(400);
        assertThat(number("hot", "version")).isEqualTo(401);

        // Control: plain ADDs from the same 8 writers end above 400.
        int controlFaultsBefore = proxy.faultsInjected();
        runConcurrently(8, () -> {
            for (int i = 0; i < 50; i++) {
                plainAdd("hot-control", "count", 1);
            }
            return 50;
        });
        assertThat(number("hot-control", "count")).isGreaterThan(400)
                .isEqualTo(400L + proxy.faultsInjected() - controlFaultsBefore);
    }

    @Test
    void g2_concurrentReadModifyWriteLoopsThroughFaultyProxy_loseNoAcknowledgedWriteAndConflictTheRest()
            throws Exception {
        seed("g2", "count", 0);

        List<int[]> outcomes = runConcurrently(8, () -> {
            int acknowledged = 0;
            int conflicts = 0;
            for (int i = 0; i < 12; i++) {
                VersionedItem seen = store.get(COUNTERS, key("g2")).orElseThrow();
                long count = Long.parseLong(seen.attributes().get("count").n());
                WriteResult r = store.replace(COUNTERS, item("g2", "count", count + 1), seen.version(), ctx());
                if (r instanceof WriteResult.Written) {
                    acknowledged++;
                } else {
                    assertThat(r).isInstanceOf(WriteResult.Conflict.class);
                    assertThat(((WriteResult.Conflict) r).currentVersion()).isGreaterThan(seen.version());
                    conflicts++;
                }
            }
            return new int[] {acknowledged, conflicts};
        });

        int acknowledged = outcomes.stream().mapToInt(o -> o[0]).sum();
        int conflicts = outcomes.stream().mapToInt(o -> o[1]).sum();
        assertThat(acknowledged + conflicts).isEqualTo(96);
        assertThat(conflicts).isPositive().isEqualTo(metrics.conflicts.get());
        assertThat(number("g2", "count")).isEqualTo(acknowledged);
        assertThat(number("g2", "version")).isEqualTo(1L + acknowledged);
    }

    private static <T> List<T> runConcurrently(int threads, Callable<T> task) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<T>> futures = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                futures.add(pool.submit(task));
            }
            List<T> results = new ArrayList<>();
            for (Future<T> f : futures) {
                results.add(f.get());
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }
}
