package io.consistentcrud.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.consistentcrud.runtime.internal.Hashing;
import io.consistentcrud.runtime.testing.CountingMetrics;
import io.consistentcrud.testing.LocalDynamoDb;
import io.consistentcrud.runtime.testing.MutableClock;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** G5: a request repeated with its Idempotency-Key is applied once and answers the first outcome. */
class IdempotencyKeyTest {
    private static final String RECORDS = "g5-idempotency";
    private static final EntityDefinition USERS = EntityDefinition.builder()
            .name("users").tableName("g5-users").partitionKey(KeyAttribute.string("userId")).build();
    private static final EntityDefinition ACCOUNTS = EntityDefinition.builder()
            .name("accounts").tableName("g5-accounts").partitionKey(KeyAttribute.string("id")).build();
    private static LocalDynamoDb dynamoDb;

    private MutableClock clock;
    private CountingMetrics metrics;
    private ConsistentStore store;

    @BeforeAll
    static void start() {
        dynamoDb = LocalDynamoDb.embedded();
        dynamoDb.createTable(USERS);
        dynamoDb.createTable(ACCOUNTS);
        dynamoDb.createIdempotencyTable(RECORDS);
    }

    @AfterAll
    static void stop() {
        dynamoDb.close();
    }

    @BeforeEach
    void newStore() {
        clock = new MutableClock(Instant.now());
        metrics = new CountingMetrics();
        store = new ConsistentStore(dynamoDb.client(), StoreOptions.builder().idempotencyTable(RECORDS)
                .idempotencyWindow(Duration.ofHours(24)).clock(clock).metrics(metrics).build());
    }

    /** A fresh request (own time, own gateway request id) carrying the key and the payload's fingerprint. */
    private WriteContext request(String key, String method, String resource, String body) {
        Instant now = clock.instant();
        return WriteContext.builder().requestToken(UUID.randomUUID().toString()).idempotencyKey(key)
                .payloadFingerprint(WriteContext.fingerprint(method, resource, key, body.getBytes(StandardCharsets.UTF_8)))
                .caller("client-1").time(now).deadline(now.plus(Duration.ofSeconds(30))).build();
    }

    private static Map<String, AttributeValue> user(String id, String name) {
        return Map.of("userId", AttributeValue.fromS(id), "name", AttributeValue.fromS(name));
    }

    private static Map<String, AttributeValue> account(String id, long balance) {
        return Map.of("id", AttributeValue.fromS(id), "balance", AttributeValue.fromN(Long.toString(balance)));
    }

    private static Map<String, AttributeValue> accountKey(String id) {
        return Map.of("id", AttributeValue.fromS(id));
    }

    /** What the client sees of an outcome: status, version, resource id. */
    private static List<Object> answer(WriteResult result, String resourceId) {
        if (result instanceof WriteResult.Written w) {
            return List.of(w.created() ? 201 : 200, w.item().version(), resourceId);
        } else if (result instanceof WriteResult.Deleted d) {
            return List.of(204, d.version(), resourceId);
        } else if (result instanceof WriteResult.Replayed r) {
            int status = switch (r.outcome()) {
                case CREATED -> 201;
                case UPDATED -> 200;
                case DELETED -> 204;
            };
            return List.of(status, r.version(), r.resourceId());
        }
        throw new AssertionError("not a success: " + result);
    }

    private long balance(String id) {
        return Long.parseLong(store.get(ACCOUNTS, accountKey(id)).orElseThrow().attributes().get("balance").n());
    }

    private String newKey() {
        return "key-" + UUID.randomUUID();
    }

    @Test
    void g5_sameCreateWithSameKey10TimesSequentially_makesOneItemAndAnswersIdentically() {
        String key = newKey();
        String id = ConsistentStore.derivedId(USERS, key);
        List<List<Object>> answers = new ArrayList<>();

        for (int i = 0; i < 10; i++) {
            clock.advance(Duration.ofSeconds(1));
            WriteResult result = store.create(USERS, user(id, "Ada"), request(key, "POST", "/users", "{\"name\":\"Ada\"}"));
            answers.add(answer(result, id));
            assertThat(result).isInstanceOf(i == 0 ? WriteResult.Written.class : WriteResult.Replayed.class);
        }

        assertThat(answers).containsOnly(List.of(201, 1L, id));
        assertThat(metrics.replays.get()).isEqualTo(9);
        assertThat(store.get(USERS, Map.of("userId", AttributeValue.fromS(id))).orElseThrow().version()).isEqualTo(1);
    }

    @Test
    void g5_sameCreateWithSameKey10TimesConcurrently_makesOneItemAndAnswersIdentically() throws Exception {
        String key = newKey();
        String id = ConsistentStore.derivedId(USERS, key);
        ExecutorService pool = Executors.newFixedThreadPool(10);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<WriteResult>> futures = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            WriteContext ctx = request(key, "POST", "/users", "{\"name\":\"Ada\"}").toBuilder()
                    .time(clock.instant().plusMillis(i)).build();
            futures.add(pool.submit(() -> {
                go.await();
                return store.create(USERS, user(id, "Ada"), ctx);
            }));
        }
        go.countDown();
        List<WriteResult> results = new ArrayList<>();
        for (Future<WriteResult> f : futures) {
            results.add(f.get());
        }
        pool.shutdown();

        assertThat(results.stream().map(r -> answer(r, id)).toList()).containsOnly(List.of(201, 1L, id));
        assertThat(results.stream().filter(r -> r instanceof WriteResult.Written w && !w.replayed()).count())
                .isEqualTo(1);
        assertThat(store.get(USERS, Map.of("userId", AttributeValue.fromS(id))).orElseThrow().version()).isEqualTo(1);
    }

    @Test
    void g5_sameKeyWithADifferentPayload_isRefusedAsKeyReuseAndWritesNothing() {
        String key = newKey();
        String id = ConsistentStore.derivedId(USERS, key);
        store.create(USERS, user(id, "Ada"), request(key, "POST", "/users", "{\"name\":\"Ada\"}"));
        clock.advance(Duration.ofSeconds(1));

        WriteResult reused = store.create(USERS, user(id, "Eve"), request(key, "POST", "/users", "{\"name\":\"Eve\"}"));

        assertThat(reused).isEqualTo(new WriteResult.IdempotencyKeyReused());
        assertThat(store.get(USERS, Map.of("userId", AttributeValue.fromS(id))).orElseThrow()
                .attributes().get("name").s()).isEqualTo("Ada");
    }

    @Test
    void g5_sameKeySameInstantDifferentPayload_isRefusedAsKeyReuse() {
        String key = newKey();
        store.create(ACCOUNTS, account("mismatch", 0), request(key, "POST", "/accounts", "{}"));
        WriteContext first = request(key, "POST", "/accounts/mismatch/increment", "{\"balance\":1}");
        assertThat(store.increment(ACCOUNTS, accountKey("mismatch"), Map.of("balance", "1"), OptionalLong.empty(), first))
                .isInstanceOf(WriteResult.IdempotencyKeyReused.class);

        String other = newKey();
        WriteContext once = request(other, "POST", "/accounts/mismatch/increment", "{\"balance\":1}");
        store.increment(ACCOUNTS, accountKey("mismatch"), Map.of("balance", "1"), OptionalLong.empty(), once);
        // Same key and instant, other payload: the record refuses it (no two calls share a ClientRequestToken).
        WriteContext changed = once.toBuilder().payloadFingerprint(WriteContext.fingerprint("POST",
                "/accounts/mismatch/increment", other, "{\"balance\":5}".getBytes(StandardCharsets.UTF_8))).build();
        WriteResult result = store.increment(ACCOUNTS, accountKey("mismatch"), Map.of("balance", "5"),
                OptionalLong.empty(), changed);

        assertThat(result).isEqualTo(new WriteResult.IdempotencyKeyReused());
        assertThat(balance("mismatch")).isEqualTo(1);
    }

    @Test
    void g5_postWithoutId_derivesTheSameIdFromTheSameKeyAndDifferentIdsOtherwise() {
        assertThat(ConsistentStore.derivedId(USERS, "k1")).isEqualTo(ConsistentStore.derivedId(USERS, "k1"));
        assertThat(ConsistentStore.derivedId(USERS, "k1")).isNotEqualTo(ConsistentStore.derivedId(USERS, "k2"));
        assertThat(ConsistentStore.derivedId(USERS, "k1")).isNotEqualTo(ConsistentStore.derivedId(ACCOUNTS, "k1"));
    }

    @Test
    void g5_recordsStoredWithTheAnswersHttpStatus_asTheEarlierRuntimeWroteThem_stillReplayTheirOutcome() {
        String createKey = newKey();
        String incrementKey = newKey();
        String deleteKey = newKey();
        WriteContext create = request(createKey, "POST", "/accounts", "{\"id\":\"legacy\"}");
        WriteContext increment = request(incrementKey, "POST", "/accounts/legacy/increment", "{\"balance\":1}");
        WriteContext delete = request(deleteKey, "DELETE", "/accounts/legacy", "");
        store.create(ACCOUNTS, account("legacy", 1), create);
        store.increment(ACCOUNTS, accountKey("legacy"), Map.of("balance", "1"), OptionalLong.of(1), increment);
        store.delete(ACCOUNTS, accountKey("legacy"), 2, delete);
        inLegacyForm(createKey, 201);
        inLegacyForm(incrementKey, 200);
        inLegacyForm(deleteKey, 204);
        clock.advance(Duration.ofMinutes(1));

        assertThat(store.create(ACCOUNTS, account("legacy", 1),
                request(createKey, "POST", "/accounts", "{\"id\":\"legacy\"}")))
                .isEqualTo(new WriteResult.Replayed(WriteResult.ReplayedOutcome.CREATED, 1, "legacy"));
        assertThat(store.increment(ACCOUNTS, accountKey("legacy"), Map.of("balance", "1"), OptionalLong.of(1),
                request(incrementKey, "POST", "/accounts/legacy/increment", "{\"balance\":1}")))
                .isEqualTo(new WriteResult.Replayed(WriteResult.ReplayedOutcome.UPDATED, 2, "legacy"));
        assertThat(store.delete(ACCOUNTS, accountKey("legacy"), 2,
                request(deleteKey, "DELETE", "/accounts/legacy", "")))
                .isEqualTo(new WriteResult.Replayed(WriteResult.ReplayedOutcome.DELETED, 2, "legacy"));
    }

    /** A deployment rolled back to the runtime before outcome kinds reads {@code status}: records still carry it. */
    @Test
    void g5_recordsWrittenNow_stillCarryTheStatusTheEarlierRuntimeReplays() {
        String createKey = newKey();
        String incrementKey = newKey();
        String deleteKey = newKey();
        store.create(ACCOUNTS, account("rollback", 1), request(createKey, "POST", "/accounts", "{\"id\":\"rb\"}"));
        store.increment(ACCOUNTS, accountKey("rollback"), Map.of("balance", "1"), OptionalLong.of(1),
                request(incrementKey, "POST", "/accounts/rollback/increment", "{\"balance\":1}"));
        store.delete(ACCOUNTS, accountKey("rollback"), 2, request(deleteKey, "DELETE", "/accounts/rollback", ""));

        assertThat(storedRecord(createKey)).containsEntry("status", AttributeValue.fromN("201"))
                .containsEntry("outcome", AttributeValue.fromS("CREATED"));
        assertThat(storedRecord(incrementKey)).containsEntry("status", AttributeValue.fromN("200"))
                .containsEntry("outcome", AttributeValue.fromS("UPDATED"));
        assertThat(storedRecord(deleteKey)).containsEntry("status", AttributeValue.fromN("204"))
                .containsEntry("outcome", AttributeValue.fromS("DELETED"));
    }

    private Map<String, AttributeValue> storedRecord(String key) {
        Map<String, AttributeValue> recordKey = Map.of(ConsistentStore.RECORD_KEY,
                AttributeValue.fromS(Hashing.idempotencyRecordKey("client-1", key)));
        return dynamoDb.client().getItem(b -> b.tableName(RECORDS).key(recordKey).consistentRead(true)).item();
    }

    /** Rewrites the key's record as the runtime stored it before outcome kinds: the answer's status, no kind. */
    private void inLegacyForm(String key, int status) {
        Map<String, AttributeValue> record = new HashMap<>(storedRecord(key));
        assertThat(record.remove("outcome")).as("the record holds the outcome kind").isNotNull();
        record.put("status", AttributeValue.fromN(Integer.toString(status)));
        dynamoDb.client().putItem(b -> b.tableName(RECORDS).item(record));
    }

    @Test
    void g5_repeatedIncrementWithKey_isAppliedOnceAndReplayed() {
        store.create(ACCOUNTS, account("inc", 10), request(newKey(), "POST", "/accounts", "{}"));
        String key = newKey();

        WriteResult first = store.increment(ACCOUNTS, accountKey("inc"), Map.of("balance", "5"), OptionalLong.of(1),
                request(key, "POST", "/accounts/inc/increment", "{\"balance\":5}"));
        clock.advance(Duration.ofMinutes(11));
        WriteResult again = store.increment(ACCOUNTS, accountKey("inc"), Map.of("balance", "5"), OptionalLong.of(1),
                request(key, "POST", "/accounts/inc/increment", "{\"balance\":5}"));

        assertThat(answer(first, "inc")).isEqualTo(List.of(200, 2L, "inc"));
        assertThat(again).isEqualTo(new WriteResult.Replayed(WriteResult.ReplayedOutcome.UPDATED, 2, "inc"));
        assertThat(balance("inc")).isEqualTo(15);
    }

    @Test
    void g5_repeatedReplaceMergeAndDeleteWithKeys_areAppliedOnceAndReplayedNotConflicted() {
        store.create(ACCOUNTS, account("rmd", 1), request(newKey(), "POST", "/accounts", "{}"));
        String replaceKey = newKey();
        String mergeKey = newKey();
        String deleteKey = newKey();

        for (int i = 0; i < 2; i++) {
            clock.advance(Duration.ofSeconds(1));
            WriteResult replaced = store.replace(ACCOUNTS, account("rmd", 2), 1,
                    request(replaceKey, "PUT", "/accounts/rmd", "{\"balance\":2}"));
            assertThat(answer(replaced, "rmd")).isEqualTo(List.of(200, 2L, "rmd"));
        }
        for (int i = 0; i < 2; i++) {
            clock.advance(Duration.ofSeconds(1));
            WriteResult merged = store.merge(ACCOUNTS, accountKey("rmd"), Map.of("note", AttributeValue.fromS("x")),
                    Set.of(), 2, request(mergeKey, "PATCH", "/accounts/rmd", "{\"note\":\"x\"}"));
            assertThat(answer(merged, "rmd")).isEqualTo(List.of(200, 3L, "rmd"));
        }
        for (int i = 0; i < 2; i++) {
            clock.advance(Duration.ofSeconds(1));
            WriteResult deleted = store.delete(ACCOUNTS, accountKey("rmd"), 3,
                    request(deleteKey, "DELETE", "/accounts/rmd", ""));
            assertThat(answer(deleted, "rmd")).isEqualTo(List.of(204, 3L, "rmd"));
        }

        assertThat(metrics.replays.get()).isEqualTo(3);
        assertThat(metrics.conflicts.get()).isZero();
        assertThat(store.get(ACCOUNTS, accountKey("rmd"))).isEmpty();
    }

    @Test
    void g5_repeatedTransactionWithKey_isAppliedOnceAndReplaysItsVersions() {
        store.create(ACCOUNTS, account("tx-a", 10), request(newKey(), "POST", "/accounts", "{}"));
        store.create(ACCOUNTS, account("tx-b", 0), request(newKey(), "POST", "/accounts", "{}"));
        String key = newKey();
        List<TransactionOperation> transfer = List.of(
                TransactionOperation.increment(0, ACCOUNTS, accountKey("tx-a"), Map.of("balance", "-4"),
                        Map.of("balance", "0"), OptionalLong.of(1)),
                TransactionOperation.increment(1, ACCOUNTS, accountKey("tx-b"), Map.of("balance", "4"), Map.of(),
                        OptionalLong.of(1)));

        TransactionResult first = store.transact(transfer, request(key, "POST", "/transactions", "transfer 4"));
        clock.advance(Duration.ofHours(1));
        TransactionResult again = store.transact(transfer, request(key, "POST", "/transactions", "transfer 4"));

        assertThat(first).isEqualTo(new TransactionResult.Committed(List.of(2L, 2L), false));
        assertThat(again).isEqualTo(new TransactionResult.Committed(List.of(2L, 2L), true));
        assertThat(balance("tx-a")).isEqualTo(6);
        assertThat(balance("tx-b")).isEqualTo(4);
    }

    @Test
    void g5_expiredButNotYetDeletedRecord_isNotReplayedAndTheKeyWorksAgain() {
        store.create(ACCOUNTS, account("expiry", 0), request(newKey(), "POST", "/accounts", "{}"));
        String key = newKey();
        String body = "{\"balance\":1}";

        store.increment(ACCOUNTS, accountKey("expiry"), Map.of("balance", "1"), OptionalLong.empty(),
                request(key, "POST", "/accounts/expiry/increment", body));
        clock.advance(Duration.ofHours(22));
        WriteResult withinWindow = store.increment(ACCOUNTS, accountKey("expiry"), Map.of("balance", "1"),
                OptionalLong.empty(), request(key, "POST", "/accounts/expiry/increment", body));
        clock.advance(Duration.ofHours(3));
        WriteResult afterWindow = store.increment(ACCOUNTS, accountKey("expiry"), Map.of("balance", "1"),
                OptionalLong.empty(), request(key, "POST", "/accounts/expiry/increment", body));

        assertThat(withinWindow).isInstanceOf(WriteResult.Replayed.class);
        // DynamoDB's TTL deletes lazily; the record is still in the table, yet expired: it must not answer.
        assertThat(afterWindow).isInstanceOf(WriteResult.Written.class);
        assertThat(balance("expiry")).isEqualTo(2);
    }

    @Test
    void g5_keyWithoutAnIdempotencyTable_isRefusedBeforeAnythingIsWritten() {
        ConsistentStore withoutRecords = new ConsistentStore(dynamoDb.client(), StoreOptions.defaults());
        String key = newKey();

        assertThatThrownBy(() -> withoutRecords.create(ACCOUNTS, account("no-table", 0),
                request(key, "POST", "/accounts", "{}")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("idempotencyTable");
        assertThat(store.get(ACCOUNTS, accountKey("no-table"))).isEmpty();
    }
}
