package io.consistentcrud.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.consistentcrud.contract.UniqueValueSchema;
import io.consistentcrud.testing.LocalDynamoDb;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Unique attributes on DynamoDB Local: every write keeps the guard items in step with the live items — one guard
 * per value a live item holds, owned by that item, none for a value no live item holds — and a value another item
 * holds refuses the write, which then changes nothing (a full scan of both tables is the same before and after).
 */
class UniqueAttributesTest {
    private static final String GUARDS = "unique-guards";
    private static final EntityDefinition USERS = EntityDefinition.builder().name("users").tableName("unique-users")
            .partitionKey(KeyAttribute.string("userId")).uniqueAttributes(List.of("email", "badge"))
            .uniqueValuesTable(GUARDS).build();
    /** Another entity with an attribute of the same name: its values are its own. */
    private static final EntityDefinition TEAMS = EntityDefinition.builder().name("teams").tableName("unique-teams")
            .partitionKey(KeyAttribute.string("teamId")).sortKey(KeyAttribute.number("season"))
            .uniqueAttributes(List.of("email")).uniqueValuesTable(GUARDS).build();

    private static LocalDynamoDb engine;
    private static ConsistentStore store;

    @BeforeAll
    static void start() {
        engine = LocalDynamoDb.embedded();
        engine.createTables(List.of(USERS, TEAMS));
        engine.createIdempotencyTable("unique-idempotency");
        store = new ConsistentStore(engine.client(), StoreOptions.builder().idempotencyTable("unique-idempotency")
                .build());
    }

    @AfterAll
    static void stop() {
        engine.close();
    }

    private static WriteContext ctx() {
        Instant now = Instant.now();
        return WriteContext.builder().requestToken(UUID.randomUUID().toString()).caller("unique").time(now)
                .deadline(now.plus(Duration.ofSeconds(20))).build();
    }

    private static WriteContext keyed(String key) {
        return ctx().toBuilder().idempotencyKey(key).build();
    }

    private static Map<String, AttributeValue> user(String id, Object... attributes) {
        Map<String, AttributeValue> item = new LinkedHashMap<>();
        item.put("userId", AttributeValue.fromS(id));
        for (int i = 0; i < attributes.length; i += 2) {
            Object value = attributes[i + 1];
            item.put((String) attributes[i], value instanceof Number n ? AttributeValue.fromN(n.toString())
                    : value instanceof AttributeValue a ? a : AttributeValue.fromS((String) value));
        }
        return item;
    }

    private static Map<String, AttributeValue> key(String id) {
        return Map.of("userId", AttributeValue.fromS(id));
    }

    private static long version(String id) {
        return store.get(USERS, key(id)).orElseThrow().version();
    }

    /** The guards as (attribute and value) to owner, for the values of {@code entity}. */
    private static Map<String, String> guardsOf(String entity) {
        Map<String, String> guards = new TreeMap<>();
        engine.client().scanPaginator(b -> b.tableName(GUARDS).consistentRead(true)).items().forEach(g -> {
            String key = g.get(UniqueValueSchema.PARTITION_KEY).s();
            if (key.startsWith("[\"" + entity + "\",")) {
                guards.put(key.substring(entity.length() + 4), g.get("owner").s());
            }
        });
        return guards;
    }

    /** The values the live users hold, as the guards should have them. */
    private static Map<String, String> liveValues() {
        Map<String, String> values = new TreeMap<>();
        engine.client().scanPaginator(b -> b.tableName(USERS.tableName()).consistentRead(true)).items().stream()
                .filter(item -> !Bookkeeping.isTombstone(item))
                .forEach(item -> {
                    for (String attribute : USERS.uniqueAttributes()) {
                        AttributeValue v = item.get(attribute);
                        if (v != null && (v.s() != null || v.n() != null)) {
                            String text = v.s() != null ? "\"S\",\"" + v.s() + "\""
                                    : "\"N\",\"" + new java.math.BigDecimal(v.n()).stripTrailingZeros() + "\"";
                            values.put("\"" + attribute + "\"," + text + "]",
                                    "[\"S\",\"" + item.get("userId").s() + "\"]");
                        }
                    }
                });
        return values;
    }

    private static List<Map<String, AttributeValue>> scan(String table) {
        List<Map<String, AttributeValue>> items = new ArrayList<>(engine.client()
                .scanPaginator(b -> b.tableName(table).consistentRead(true)).items().stream().toList());
        items.sort(Comparator.comparing(Object::toString));
        return items;
    }

    private static void assertGuardsMatchLiveItems() {
        assertThat(guardsOf("users")).isEqualTo(liveValues());
    }

    @Test
    void unique_secondCreateWithTheSameValue_answersUniqueValueTaken_andWritesNothing() {
        assertThat(store.create(USERS, user("u1", "email", "ada@example.org"), ctx()))
                .isInstanceOf(WriteResult.Written.class);
        var usersBefore = scan(USERS.tableName());
        var guardsBefore = scan(GUARDS);

        assertThat(store.create(USERS, user("u2", "email", "ada@example.org"), ctx()))
                .isEqualTo(new WriteResult.UniqueValueTaken("email"));
        assertThat(store.create(USERS, user("u2", "email", "ada@example.org"), keyed("k-u2")))
                .isEqualTo(new WriteResult.UniqueValueTaken("email"));

        assertThat(scan(USERS.tableName())).isEqualTo(usersBefore);
        assertThat(scan(GUARDS)).isEqualTo(guardsBefore);
        assertGuardsMatchLiveItems();
    }

    @Test
    void unique_valuesAreScopedByEntityAndAttribute_andNumbersCompareAsNumbers() {
        assertThat(store.create(USERS, user("n1", "email", "n@example.org", "badge", 100), ctx()))
                .isInstanceOf(WriteResult.Written.class);
        // The same text in another attribute, and the same value in another entity, are other values.
        assertThat(store.create(USERS, user("n2", "badge", "n@example.org"), ctx()))
                .isInstanceOf(WriteResult.Written.class);
        assertThat(store.create(TEAMS, Map.of("teamId", AttributeValue.fromS("t"), "season",
                AttributeValue.fromN("2026"), "email", AttributeValue.fromS("n@example.org")), ctx()))
                .isInstanceOf(WriteResult.Written.class);
        // 1E+2 is the number 100, as DynamoDB compares numbers.
        assertThat(store.create(USERS, user("n3", "badge", AttributeValue.fromN("1E+2")), ctx()))
                .isEqualTo(new WriteResult.UniqueValueTaken("badge"));
        assertThat(store.create(USERS, user("n3", "badge", AttributeValue.fromN("100.5")), ctx()))
                .isInstanceOf(WriteResult.Written.class);
        assertGuardsMatchLiveItems();
    }

    @Test
    void unique_replaceThatChangesTheValue_movesTheGuard_andFreesTheOldValue() {
        store.create(USERS, user("m1", "email", "old@example.org"), ctx());
        store.create(USERS, user("m2", "email", "taken@example.org"), ctx());

        assertThat(store.replace(USERS, user("m1", "email", "taken@example.org"), 1, ctx()))
                .isEqualTo(new WriteResult.UniqueValueTaken("email"));
        assertThat(version("m1")).isEqualTo(1);

        assertThat(store.replace(USERS, user("m1", "email", "new@example.org", "name", "M"), 1, ctx()))
                .isInstanceOf(WriteResult.Written.class);
        assertThat(store.create(USERS, user("m3", "email", "old@example.org"), ctx()))
                .isInstanceOf(WriteResult.Written.class);
        assertThat(store.create(USERS, user("m4", "email", "new@example.org"), ctx()))
                .isEqualTo(new WriteResult.UniqueValueTaken("email"));
        // A replace that keeps the value needs no guard change; one that drops it frees it.
        assertThat(store.replace(USERS, user("m1", "email", "new@example.org", "name", "M2"), 2, ctx()))
                .isInstanceOf(WriteResult.Written.class);
        assertThat(store.replace(USERS, user("m1", "name", "M3"), 3, ctx())).isInstanceOf(WriteResult.Written.class);
        assertThat(store.create(USERS, user("m4", "email", "new@example.org"), ctx()))
                .isInstanceOf(WriteResult.Written.class);
        assertGuardsMatchLiveItems();
    }

    @Test
    void unique_staleReplace_answersConflict_andLeavesTheGuards() {
        store.create(USERS, user("s1", "email", "s1@example.org"), ctx());
        store.replace(USERS, user("s1", "email", "s1b@example.org"), 1, ctx());
        var guardsBefore = scan(GUARDS);

        assertThat(store.replace(USERS, user("s1", "email", "s1c@example.org"), 1, ctx()))
                .isEqualTo(new WriteResult.Conflict(2));
        assertThat(store.delete(USERS, key("s1"), 1, ctx())).isEqualTo(new WriteResult.Conflict(2));
        assertThat(scan(GUARDS)).isEqualTo(guardsBefore);
        assertGuardsMatchLiveItems();
    }

    @Test
    void unique_mergePatchAndMerge_moveTheGuard_minimalAnswersToo() {
        store.create(USERS, user("p1", "email", "p1@example.org", "badge", 7), ctx());
        WriteContext minimal = ctx().toBuilder().answerWithItem(false).build();

        assertThat(store.mergePatch(USERS, key("p1"), Map.of("email", AttributeValue.fromS("p1b@example.org")), 1,
                minimal)).isInstanceOf(WriteResult.Written.class);
        assertThat(store.merge(USERS, key("p1"), Map.of(), Set.of("badge"), 2, ctx()))
                .isInstanceOf(WriteResult.Written.class);
        assertThat(store.mergePatch(USERS, key("p1"), Map.of("email", AttributeValue.fromNul(true)), 3, minimal))
                .isInstanceOf(WriteResult.Written.class);
        assertThat(guardsOf("users")).doesNotContainKeys("\"email\",\"S\",\"p1@example.org\"]",
                "\"email\",\"S\",\"p1b@example.org\"]", "\"badge\",\"N\",\"7\"]");
        assertGuardsMatchLiveItems();
    }

    @Test
    void unique_deleteFreesTheValue_andARecreateOverTheTombstoneTakesItAgain() {
        store.create(USERS, user("d1", "email", "d@example.org", "badge", 11), ctx());
        assertThat(store.delete(USERS, key("d1"), 1, ctx())).isInstanceOf(WriteResult.Deleted.class);
        assertThat(guardsOf("users")).doesNotContainKey("\"email\",\"S\",\"d@example.org\"]");

        assertThat(store.create(USERS, user("d2", "email", "d@example.org"), ctx()))
                .isInstanceOf(WriteResult.Written.class);
        assertThat(store.create(USERS, user("d1", "email", "d@example.org"), ctx()))
                .isEqualTo(new WriteResult.UniqueValueTaken("email"));
        assertThat(store.create(USERS, user("d1", "badge", 11), ctx())).isInstanceOf(WriteResult.Written.class);
        assertThat(version("d1")).isEqualTo(3);
        assertGuardsMatchLiveItems();
    }

    @Test
    void unique_keyedCreateRepeated_replaysInsteadOfTakingItsOwnValue() {
        WriteContext first = keyed("k-r1");
        WriteResult created = store.create(USERS, user("r1", "email", "r@example.org"), first);
        assertThat(created).isInstanceOf(WriteResult.Written.class);

        WriteResult repeat = store.create(USERS, user("r1", "email", "r@example.org"), keyed("k-r1"));
        assertThat(repeat).isInstanceOf(WriteResult.Replayed.class);
        assertGuardsMatchLiveItems();
    }

    @Test
    void unique_itemWrittenBeforeTheDeclaration_neverTakesTheGuardAnotherItemHolds() {
        // An item that predates the unique declaration has no guard, so another item could take its value.
        Map<String, AttributeValue> legacy = user("l1", "email", "l@example.org");
        legacy.put("version", AttributeValue.fromN("1"));
        engine.client().putItem(b -> b.tableName(USERS.tableName()).item(legacy));
        assertThat(store.create(USERS, user("l2", "email", "l@example.org"), ctx()))
                .isInstanceOf(WriteResult.Written.class);

        // Giving the value up must not delete the guard of the item that holds it now.
        assertThat(store.replace(USERS, user("l1", "email", "l-new@example.org"), 1, ctx()))
                .isInstanceOf(WriteResult.Written.class);
        assertThat(guardsOf("users")).containsEntry("\"email\",\"S\",\"l@example.org\"]", "[\"S\",\"l2\"]")
                .containsEntry("\"email\",\"S\",\"l-new@example.org\"]", "[\"S\",\"l1\"]");
        assertThat(store.delete(USERS, key("l1"), 2, ctx())).isInstanceOf(WriteResult.Deleted.class);
        assertGuardsMatchLiveItems();
    }

    @Test
    void unique_incrementOfAUniqueAttribute_andAValueThatIsNoScalar_areRefusedBeforeAnythingIsSent() {
        store.create(USERS, user("i1", "badge", 1), ctx());
        assertThatThrownBy(() -> store.increment(USERS, key("i1"), Map.of("badge", "1"), OptionalLong.empty(), ctx()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unique attribute 'badge'");
        assertThatThrownBy(() -> store.create(USERS, user("i2", "email",
                AttributeValue.fromL(List.of(AttributeValue.fromS("a")))), ctx()))
                .isInstanceOfSatisfying(SchemaViolationException.class, e -> assertThat(e.violations())
                        .singleElement().satisfies(v -> {
                            assertThat(v.pointer()).isEqualTo("/email");
                            assertThat(v.keyword()).isEqualTo("unique");
                        }));
        assertThat(store.get(USERS, key("i2"))).isEqualTo(Optional.empty());
        assertGuardsMatchLiveItems();
    }

    @Test
    void unique_transactionsKeepTheGuardsInStep_andATakenValueCancelsEveryOperation() {
        store.create(USERS, user("t1", "email", "t1@example.org"), ctx());
        store.create(USERS, user("t2", "email", "t2@example.org"), ctx());
        var usersBefore = scan(USERS.tableName());

        TransactionResult taken = store.transact(List.of(
                TransactionOperation.putNew(0, USERS, user("t3", "email", "t3@example.org")),
                TransactionOperation.replace(1, USERS, user("t1", "email", "t2@example.org"), 1)), ctx());
        assertThat(taken).isEqualTo(new TransactionResult.UniqueValueTaken(1, "email"));
        assertThat(scan(USERS.tableName())).isEqualTo(usersBefore);

        TransactionResult moved = store.transact(List.of(
                TransactionOperation.putNew(0, USERS, user("t3", "email", "t3@example.org")),
                TransactionOperation.replace(1, USERS, user("t1", "email", "t1b@example.org"), 1),
                TransactionOperation.delete(2, USERS, key("t2"), 1)), ctx());
        assertThat(moved).isInstanceOf(TransactionResult.Committed.class);
        assertThat(store.create(USERS, user("t4", "email", "t2@example.org"), ctx()))
                .isInstanceOf(WriteResult.Written.class);

        TransactionResult twice = store.transact(List.of(
                TransactionOperation.putNew(0, USERS, user("t5", "email", "t5@example.org")),
                TransactionOperation.putNew(1, USERS, user("t6", "email", "t5@example.org"))), ctx());
        assertThat(twice).isEqualTo(new TransactionResult.UniqueValueTaken(1, "email"));
        assertThat(store.get(USERS, key("t5"))).isEmpty();
        assertGuardsMatchLiveItems();
        assertThat(guardsOf("users").values().stream().collect(Collectors.toSet())).doesNotContain("[\"S\",\"t2\"]");
    }
}
