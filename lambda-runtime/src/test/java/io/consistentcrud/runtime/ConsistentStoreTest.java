package io.consistentcrud.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.consistentcrud.testing.LocalDynamoDb;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

class ConsistentStoreTest {
    private static final EntityDefinition USERS = EntityDefinition.builder()
            .name("users").tableName("store-users").partitionKey(KeyAttribute.string("userId")).build();
    private static final EntityDefinition LINES = EntityDefinition.builder()
            .name("lines").tableName("store-lines").partitionKey(KeyAttribute.string("orderId"))
            .sortKey(KeyAttribute.number("line")).build();
    private static LocalDynamoDb dynamoDb;
    private static ConsistentStore store;

    @BeforeAll
    static void start() {
        dynamoDb = LocalDynamoDb.embedded();
        dynamoDb.createTable(USERS);
        dynamoDb.createTable(LINES);
        store = new ConsistentStore(dynamoDb.client(), StoreOptions.defaults());
    }

    @AfterAll
    static void stop() {
        dynamoDb.close();
    }

    private static Map<String, AttributeValue> user(String id, String name) {
        return Map.of("userId", AttributeValue.fromS(id), "name", AttributeValue.fromS(name));
    }

    private static WriteContext ctx() {
        Instant now = Instant.now();
        return WriteContext.builder().requestToken(UUID.randomUUID().toString()).caller("tester").time(now)
                .deadline(now.plus(Duration.ofSeconds(10))).build();
    }

    @Test
    void g1_readYourWrites_getAfterCreateSeesTheItem() {
        WriteResult created = store.create(USERS, user("g1", "Ada"), ctx());
        assertThat(created).isInstanceOf(WriteResult.Written.class);
        assertThat(((WriteResult.Written) created).item().version()).isEqualTo(1);
        assertThat(store.get(USERS, Map.of("userId", AttributeValue.fromS("g1"))))
                .hasValueSatisfying(item -> assertThat(item.attributes().get("name").s()).isEqualTo("Ada"));
    }

    @Test
    void g2_noLostUpdate_replaceWithStaleVersionIsAConflictCarryingTheCurrentVersion() {
        store.create(USERS, user("g2", "v1"), ctx());
        assertThat(store.replace(USERS, user("g2", "v2"), 1, ctx())).isInstanceOf(WriteResult.Written.class);
        WriteResult stale = store.replace(USERS, user("g2", "lost"), 1, ctx());
        assertThat(stale).isEqualTo(new WriteResult.Conflict(2));
        assertThat(store.get(USERS, Map.of("userId", AttributeValue.fromS("g2"))).orElseThrow()
                .attributes().get("name").s()).isEqualTo("v2");
    }

    @Test
    void g3_createOnce_secondCreateFindsTheItem() {
        store.create(USERS, user("g3", "first"), ctx());
        assertThat(store.create(USERS, user("g3", "second"), ctx())).isEqualTo(new WriteResult.AlreadyExists(1));
    }

    private static Map<String, AttributeValue> key(String id) {
        return Map.of("userId", AttributeValue.fromS(id));
    }

    private static VersionedItem read(String id) {
        return store.get(USERS, key(id)).orElseThrow();
    }

    @Test
    void g1_everyWriteAnswersTheItemAsWrittenAndAReadSeesExactlyThat() {
        WriteResult.Written created = (WriteResult.Written) store.create(USERS, user("g1-all", "a"), ctx());
        assertThat(read("g1-all")).isEqualTo(created.item());
        WriteResult.Written replaced = (WriteResult.Written) store.replace(USERS, user("g1-all", "b"), 1, ctx());
        assertThat(read("g1-all")).isEqualTo(replaced.item());
        WriteResult.Written merged = (WriteResult.Written) store.merge(USERS, key("g1-all"),
                Map.of("city", AttributeValue.fromS("Oslo")), Set.of("name"), 2, ctx());
        assertThat(read("g1-all")).isEqualTo(merged.item());
        assertThat(merged.item().attributes()).containsKey("city").doesNotContainKey("name");
        WriteResult.Written incremented = (WriteResult.Written) store.increment(USERS, key("g1-all"),
                Map.of("score", "2.5"), OptionalLong.of(3), ctx());
        assertThat(read("g1-all")).isEqualTo(incremented.item());
        assertThat(incremented.item().version()).isEqualTo(4);
        assertThat(incremented.item().attributes().get("score").n()).isEqualTo("2.5");
    }

    @Test
    void g1_consistentQuery_pagesThroughOnePartitionInSortKeyOrder() {
        for (int line = 5; line >= 1; line--) {
            store.create(LINES, Map.of("orderId", AttributeValue.fromS("q1"), "line",
                    AttributeValue.fromN(Integer.toString(line))), ctx());
        }
        store.create(LINES, Map.of("orderId", AttributeValue.fromS("q2"), "line", AttributeValue.fromN("1")), ctx());

        List<String> lines = new ArrayList<>();
        Map<String, AttributeValue> start = null;
        int pages = 0;
        do {
            QueryPage page = store.query(LINES, AttributeValue.fromS("q1"), 2, start);
            page.items().forEach(item -> lines.add(item.attributes().get("line").n()));
            assertThat(page.items()).allSatisfy(item -> assertThat(item.version()).isEqualTo(1));
            start = page.lastEvaluatedKey().orElse(null);
            pages++;
        } while (start != null);

        assertThat(lines).containsExactly("1", "2", "3", "4", "5");
        assertThat(pages).isBetween(3, 4);
    }

    @Test
    void g2_mergeAndIncrementAndDeleteAtAStaleVersion_areConflictsCarryingTheCurrentVersion() {
        store.create(USERS, user("g2-all", "v1"), ctx());
        store.replace(USERS, user("g2-all", "v2"), 1, ctx());

        assertThat(store.merge(USERS, key("g2-all"), Map.of("name", AttributeValue.fromS("x")), Set.of(), 1, ctx()))
                .isEqualTo(new WriteResult.Conflict(2));
        assertThat(store.increment(USERS, key("g2-all"), Map.of("n", "1"), OptionalLong.of(1), ctx()))
                .isEqualTo(new WriteResult.Conflict(2));
        assertThat(store.delete(USERS, key("g2-all"), 1, ctx())).isEqualTo(new WriteResult.Conflict(2));
        assertThat(read("g2-all").version()).isEqualTo(2);
    }

    @Test
    void writesToAMissingItem_areNotFoundAndCreateNothing() {
        assertThat(store.replace(USERS, user("missing", "x"), 1, ctx())).isEqualTo(new WriteResult.NotFound());
        assertThat(store.merge(USERS, key("missing"), Map.of(), Set.of("a"), 1, ctx()))
                .isEqualTo(new WriteResult.NotFound());
        assertThat(store.increment(USERS, key("missing"), Map.of("n", "1"), OptionalLong.empty(), ctx()))
                .isEqualTo(new WriteResult.NotFound());
        assertThat(store.delete(USERS, key("missing"), 1, ctx())).isEqualTo(new WriteResult.NotFound());
        assertThat(store.get(USERS, key("missing"))).isEmpty();
    }

    @Test
    void g8_everyWriteStampsTokenCallerAndTime_andTheCreationTokenSurvivesIncrementAndMerge() {
        WriteContext create = ctx();
        store.create(USERS, user("g8", "a"), create);
        AttributeValue createToken = read("g8").attributes().get(Bookkeeping.CREATE_TOKEN);
        WriteContext increment = ctx();
        store.increment(USERS, key("g8"), Map.of("n", "1"), OptionalLong.empty(), increment);
        Map<String, AttributeValue> afterIncrement = read("g8").attributes();
        WriteContext merge = ctx();
        store.merge(USERS, key("g8"), Map.of("m", AttributeValue.fromS("x")), Set.of(), 2, merge);
        Map<String, AttributeValue> afterMerge = read("g8").attributes();

        assertThat(afterIncrement.get(Bookkeeping.TOKEN).s()).isEqualTo(increment.requestToken());
        assertThat(createToken).isNotNull();
        assertThat(afterIncrement.get(Bookkeeping.CREATE_TOKEN)).isEqualTo(createToken);
        assertThat(afterMerge.get(Bookkeeping.TOKEN).s()).isEqualTo(merge.requestToken());
        assertThat(afterMerge.get(Bookkeeping.CREATE_TOKEN)).isEqualTo(createToken);
        assertThat(afterMerge.get(Bookkeeping.CALLER).s()).isEqualTo("tester");
        assertThat(afterMerge.get(Bookkeeping.AT).s()).isEqualTo(merge.time().toString());
        assertThat(Bookkeeping.withoutBookkeeping(afterMerge)).containsOnlyKeys("userId", "name", "n", "m", "version");
    }

    @Test
    void clientAttributeNamesThatLookLikeExpressionSyntax_areOnlyEverPlaceholders() {
        Map<String, AttributeValue> tricky = Map.of("userId", AttributeValue.fromS("tricky"),
                "size", AttributeValue.fromN("1"), "a.b", AttributeValue.fromN("1"), "#x", AttributeValue.fromN("1"),
                ":v0", AttributeValue.fromN("1"), "x) OR (1=1", AttributeValue.fromN("1"));

        store.create(USERS, tricky, ctx());
        store.increment(USERS, key("tricky"), Map.of("size", "1", "a.b", "1", "#x", "1", ":v0", "1", "x) OR (1=1", "1"),
                OptionalLong.of(1), ctx());
        store.merge(USERS, key("tricky"), Map.of("#a0", AttributeValue.fromS("ok")), Set.of(":v0"), 2, ctx());

        assertThat(read("tricky").attributes()).containsEntry("size", AttributeValue.fromN("2"))
                .containsEntry("a.b", AttributeValue.fromN("2")).containsEntry("#x", AttributeValue.fromN("2"))
                .containsEntry("x) OR (1=1", AttributeValue.fromN("2")).containsEntry("#a0", AttributeValue.fromS("ok"))
                .doesNotContainKey(":v0");
    }

    @Test
    void writesOfTheVersionBookkeepingOrKeyAttributes_areRefusedBeforeAnythingIsSent() {
        Map<String, AttributeValue> withVersion = Map.of("userId", AttributeValue.fromS("ro"),
                "version", AttributeValue.fromN("7"));
        Map<String, AttributeValue> withBookkeeping = Map.of("userId", AttributeValue.fromS("ro"),
                Bookkeeping.CALLER, AttributeValue.fromS("someone else"));

        assertThatThrownBy(() -> store.create(USERS, withVersion, ctx())).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'version'");
        assertThatThrownBy(() -> store.create(USERS, withBookkeeping, ctx()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(Bookkeeping.CALLER);
        assertThatThrownBy(() -> store.increment(USERS, key("ro"), Map.of("version", "1"), OptionalLong.empty(), ctx()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store.merge(USERS, key("ro"), Map.of(), Set.of("userId"), 1, ctx()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'userId'");
        assertThat(store.get(USERS, key("ro"))).isEmpty();
    }

    @Test
    void g7_aWriteWhoseDeadlineHasPassed_isNotSent() {
        Instant past = Instant.now().minusMillis(1);
        WriteContext late = ctx().toBuilder().deadline(past).build();

        assertThatThrownBy(() -> store.create(USERS, user("late", "x"), late))
                .isInstanceOf(DeadlineExceededException.class);
        assertThat(store.get(USERS, key("late"))).isEmpty();
    }

    @Test
    void anIncrementOfATextAttribute_isRefusedAsInvalidAndChangesNothing() {
        store.create(USERS, user("text", "not a number"), ctx());

        assertThatThrownBy(() -> store.increment(USERS, key("text"), Map.of("name", "1"), OptionalLong.empty(), ctx()))
                .isInstanceOf(InvalidWriteException.class);
        assertThat(read("text").version()).isEqualTo(1);
    }

    @Test
    void itemsOver400Kb_areRefusedAsInvalidByCreateAndReplaceAndNothingIsWritten() {
        store.create(USERS, user("big", "small"), ctx());
        Map<String, AttributeValue> big = Map.of("userId", AttributeValue.fromS("big"),
                "blob", AttributeValue.fromS("x".repeat(401 * 1024)));
        Map<String, AttributeValue> bigNew = Map.of("userId", AttributeValue.fromS("big-new"),
                "blob", AttributeValue.fromS("x".repeat(401 * 1024)));

        assertThatThrownBy(() -> store.create(USERS, bigNew, ctx())).isInstanceOf(InvalidWriteException.class);
        assertThatThrownBy(() -> store.replace(USERS, big, 1, ctx())).isInstanceOf(InvalidWriteException.class);
        assertThat(store.get(USERS, key("big-new"))).isEmpty();
        assertThat(read("big").version()).isEqualTo(1);
    }

    @Test
    void g2_twoConcurrentDeletesOfOneVersion_deleteOnceAndTheOtherLearnsItIsGoneOrTaken() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            for (int i = 0; i < 20; i++) {
                String id = "race-" + i;
                store.create(USERS, user(id, "x"), ctx());
                CountDownLatch go = new CountDownLatch(1);
                Callable<WriteResult> delete = () -> {
                    go.await();
                    return store.delete(USERS, key(id), 1, ctx());
                };
                Future<WriteResult> first = pool.submit(delete);
                Future<WriteResult> second = pool.submit(delete);
                go.countDown();
                List<WriteResult> results = List.of(first.get(), second.get());

                assertThat(results).filteredOn(r -> r instanceof WriteResult.Deleted).hasSize(1);
                assertThat(results).filteredOn(r -> !(r instanceof WriteResult.Deleted))
                        .allSatisfy(r -> assertThat(r).isInstanceOfAny(WriteResult.NotFound.class,
                                WriteResult.Conflict.class));
                assertThat(store.get(USERS, key(id))).isEmpty();
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
