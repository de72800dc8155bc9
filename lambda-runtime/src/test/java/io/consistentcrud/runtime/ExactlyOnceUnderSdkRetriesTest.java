package io.consistentcrud.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.consistentcrud.testing.Concurrently;
import io.consistentcrud.runtime.testing.CountingMetrics;
import io.consistentcrud.testing.FaultProxy;
import io.consistentcrud.testing.LocalDynamoDb;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
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
    /**
     * The most the budget allows, so that the controls' plain calls (which nothing re-sends) rarely run out: the
     * store itself would re-send after any number of lost answers ({@code SustainedFaultsThroughHandlerTest} runs
     * the production default of 3).
     */
    private static final int MAX_ATTEMPTS = 10;
    private static final double FAULT_RATE = 0.3;
    /** A held answer costs a whole attempt timeout; a third of the faults hold, the rest reset. */
    private static final double HOLD_SHARE = 1.0 / 3;
    private static final EntityDefinition COUNTERS = EntityDefinition.builder()
            .name("counters").tableName("g4-counters").partitionKey(KeyAttribute.string("id")).build();

    private static final String RECORDS = "g4-idempotency";
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
        engine.createIdempotencyTable(RECORDS);
        proxy = FaultProxy.start(engine.endpoint(), FAULT_RATE, HOLD_SHARE, 20261126L, ATTEMPT_TIMEOUT.plusMillis(300));
        direct = new ConsistentStore(engine.client(), StoreOptions.defaults());
    }

    @AfterAll
    static void stop() {
        System.out.printf("fault proxy: %d writes, %d faults (%d held, %d reset)%n",
                proxy.writesSeen(), proxy.faultsInjected(), proxy.holds(), proxy.resets());
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
        report("G4 increments", faults, "count " + number("inc", "count"));
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
        // Every lost answer is applied once more; a slow machine can add retries of its own, never fewer.
        assertThat(number("inc-control", "count")).isGreaterThan(200).isGreaterThanOrEqualTo(200L + faults);
        report("G4 increment control (plain ADD)", faults, "count " + number("inc-control", "count"));
    }

    @Test
    void g4_versionConditionedReplacesAndMergesThroughFaultyProxy_neverAnswerAFalseConflict() {
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

        for (int version = 101; version <= 130; version++) {
            WriteResult result = store.merge(COUNTERS, key("replace"),
                    Map.of("m", AttributeValue.fromN(Integer.toString(version))), Set.of("n"), version, ctx());
            assertThat(result).isInstanceOf(WriteResult.Written.class);
        }
        assertThat(number("replace", "m")).isEqualTo(130);
        assertThat(number("replace", "version")).isEqualTo(131);
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
        report("G4 replaces", -1, "control: " + falseConflicts + " false conflicts in 50 plain conditional puts");
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
        report("G4 creates", -1, recognised + " creates recognised by their token; control: " + falseAlreadyExists
                + " false already-exists in 50 plain conditional puts");
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
        report("G4 deletes", -1, "control: " + falseFailures + " false conflicts in 50 plain conditional deletes");
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
        report("G4 transactions", -1, "recovered " + metrics.recoveredAmbiguousWrites.get() + "; control: sold "
                + number("tx-sold-control", "count") + ", stock " + number("tx-stock-control", "count") + " of 50");
    }

    @Test
    void g4_hotItem_8writersX50IncrementsThroughFaultyProxy_endAtExactly400() throws Exception {
        seed("hot", "count", 0);
        seed("hot-control", "count", 0);
        int faultsBefore = proxy.faultsInjected();

        List<Integer> successes = Concurrently.run(8, () -> {
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
        Concurrently.run(8, () -> {
            for (int i = 0; i < 50; i++) {
                plainAdd("hot-control", "count", 1);
            }
            return 50;
        });
        assertThat(number("hot-control", "count")).isGreaterThan(400)
                .isGreaterThanOrEqualTo(400L + proxy.faultsInjected() - controlFaultsBefore);
        report("G4 hot item", -1, "count " + number("hot", "count") + "; control count " + number("hot-control", "count"));
    }

    @Test
    void g2_concurrentReadModifyWriteLoopsThroughFaultyProxy_loseNoAcknowledgedWriteAndConflictTheRest()
            throws Exception {
        seed("g2", "count", 0);

        List<int[]> outcomes = Concurrently.run(8, () -> {
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
        report("G2 read-modify-write through the proxy", -1, acknowledged + " acknowledged, " + conflicts + " conflicts");
    }

    @Test
    void g4g5_keyedIncrementsThroughFaultyProxy_andTheirClientRetries_areAppliedOnceEach() {
        seed("keyed", "count", 0);
        ConsistentStore keyed = new ConsistentStore(client, StoreOptions.builder().callTimeout(CALL_TIMEOUT)
                .idempotencyTable(RECORDS).metrics(metrics).build());
        int faultsBefore = proxy.faultsInjected();

        for (int i = 0; i < 50; i++) {
            String key = "keyed-" + i;
            String fingerprint = WriteContext.fingerprint("POST", "/counters/keyed/increment", key, new byte[] {1});
            WriteContext first = ctx().toBuilder().idempotencyKey(key).payloadFingerprint(fingerprint).build();
            WriteContext retry = ctx().toBuilder().idempotencyKey(key).payloadFingerprint(fingerprint)
                    .time(first.time().plusSeconds(1)).build();

            WriteResult applied = keyed.increment(COUNTERS, key("keyed"), Map.of("count", "1"), OptionalLong.of(i + 1),
                    first);
            WriteResult repeated = keyed.increment(COUNTERS, key("keyed"), Map.of("count", "1"),
                    OptionalLong.of(i + 1), retry);

            assertThat(applied).isInstanceOf(WriteResult.Written.class);
            assertThat(repeated).isEqualTo(new WriteResult.Replayed(WriteResult.ReplayedOutcome.UPDATED, i + 2, "keyed"));
        }

        assertThat(proxy.faultsInjected() - faultsBefore).isGreaterThan(5);
        assertThat(number("keyed", "count")).isEqualTo(50);
        assertThat(metrics.replays.get()).isEqualTo(50);
        report("G4+G5 keyed increments", proxy.faultsInjected() - faultsBefore, "count " + number("keyed", "count"));
    }

    @Test
    void g7_aCallToADynamoDbThatNeverAnswers_isCutAtTheDeadline_andSaysTheWriteMayHaveApplied() {
        seed("g7", "count", 0);
        try (FaultProxy silent = FaultProxy.start(engine.endpoint(), 1.0, 1.0, 1L, Duration.ofSeconds(2));
             DynamoDbClient silentClient = LocalDynamoDb.runtimeClientFor(silent.endpoint(), ATTEMPT_TIMEOUT,
                     CALL_TIMEOUT, MAX_ATTEMPTS)) {
            ConsistentStore silentStore = new ConsistentStore(silentClient,
                    StoreOptions.builder().callTimeout(CALL_TIMEOUT).build());

            // Ten attempts of 300 ms need over 3 s; the deadline leaves 1.2 s, and no re-send fits after the cut.
            assertThatThrownBy(() -> silentStore.increment(COUNTERS, key("g7"), Map.of("count", "1"),
                    OptionalLong.empty(), ctx().toBuilder().deadline(Instant.now().plusMillis(1200)).build()))
                    .isInstanceOfSatisfying(DeadlineExceededException.class,
                            e -> assertThat(e.writeMayHaveApplied()).isTrue())
                    .hasCauseInstanceOf(ApiCallTimeoutException.class);
            // Control: the attempts really reached DynamoDB, and fewer of them than the call would have sent.
            assertThat(silent.faultsInjected()).isBetween(2, MAX_ATTEMPTS - 1);
        }
    }

    /** One line of figures per test, for the suite's report (assertions above are what prove the guarantee). */
    private void report(String what, int faults, String figures) {
        System.out.printf("%s: %s%s; SDK retries %d, recovered ambiguous writes %d%n", what, figures,
                faults < 0 ? "" : ", " + faults + " faults", metrics.sdkRetries.get(),
                metrics.recoveredAmbiguousWrites.get());
    }
}
