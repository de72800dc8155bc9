package io.consistentcrud.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.consistentcrud.contract.UniqueValueSchema;
import io.consistentcrud.testing.Concurrently;
import io.consistentcrud.testing.FaultProxy;
import io.consistentcrud.testing.LocalDynamoDb;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

/**
 * A unique attribute under concurrency and lost answers: 8 creators race for one email through a proxy that loses
 * 30% of the write answers after DynamoDB committed them (no cap on consecutive faults). Exactly one create answers
 * created, the 7 others answer that the value is taken, the guard names the winner, and deleting the winners leaves
 * no guard behind. Two controls: the same race without the unique declaration stores 8 items with the email (the
 * race is real), and the guarded write re-sent as a new call (a fresh request token, as a caller's own retry
 * does) answers its own committed create as a conflict (the lost answers are real, and would turn the winner's 201
 * into a false 409 without the store's one token per write).
 */
class UniqueAttributesUnderLostAnswersTest {
    private static final Duration ATTEMPT_TIMEOUT = Duration.ofMillis(300);
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(30);
    private static final int MAX_ATTEMPTS = 10;
    private static final int CREATORS = 8;
    private static final int ROUNDS = 6;
    private static final String GUARDS = "lost-unique-guards";
    private static final String RECORDS = "lost-unique-idempotency";
    private static final EntityDefinition USERS = EntityDefinition.builder().name("users").tableName("lost-users")
            .partitionKey(KeyAttribute.string("userId")).uniqueAttributes(List.of("email"))
            .uniqueValuesTable(GUARDS).build();
    /** The same table without the declaration: the safety off. */
    private static final EntityDefinition USERS_WITHOUT_UNIQUE = USERS.toBuilder().uniqueAttributes(List.of())
            .build();

    private static LocalDynamoDb engine;
    private static FaultProxy proxy;

    private DynamoDbClient client;
    private ConsistentStore store;

    @BeforeAll
    static void start() {
        engine = LocalDynamoDb.server();
        engine.createTable(USERS);
        engine.createIdempotencyTable(RECORDS);
        proxy = FaultProxy.start(engine.endpoint(), 0.3, 1.0 / 3, 20261206L, ATTEMPT_TIMEOUT.plusMillis(300));
    }

    @AfterAll
    static void stop() {
        System.out.printf("fault proxy (unique): %d writes, %d faults (%d held, %d reset)%n",
                proxy.writesSeen(), proxy.faultsInjected(), proxy.holds(), proxy.resets());
        proxy.close();
        engine.close();
    }

    @BeforeEach
    void connectThroughTheProxy() {
        client = LocalDynamoDb.runtimeClientFor(proxy.endpoint(), ATTEMPT_TIMEOUT, CALL_TIMEOUT, MAX_ATTEMPTS);
        store = new ConsistentStore(client, StoreOptions.builder().callTimeout(CALL_TIMEOUT)
                .idempotencyTable(RECORDS).build());
    }

    @AfterEach
    void disconnect() {
        client.close();
    }

    private static WriteContext ctx(String idempotencyKey) {
        Instant now = Instant.now();
        return WriteContext.builder().requestToken(UUID.randomUUID().toString()).caller("race").time(now)
                .deadline(now.plus(Duration.ofSeconds(60))).idempotencyKey(idempotencyKey).build();
    }

    private static Map<String, AttributeValue> user(String id, String email) {
        return Map.of("userId", AttributeValue.fromS(id), "email", AttributeValue.fromS(email));
    }

    private static List<String> idsHolding(String email) {
        return engine.client().scanPaginator(b -> b.tableName(USERS.tableName()).consistentRead(true)).items()
                .stream().filter(i -> !Bookkeeping.isTombstone(i))
                .filter(i -> i.containsKey("email") && i.get("email").s().equals(email))
                .map(i -> i.get("userId").s()).toList();
    }

    private static Map<String, String> guardOwners() {
        Map<String, String> owners = new HashMap<>();
        engine.client().scanPaginator(b -> b.tableName(GUARDS).consistentRead(true)).items()
                .forEach(g -> owners.put(g.get(UniqueValueSchema.PARTITION_KEY).s(), g.get("owner").s()));
        return owners;
    }

    private static String guardKey(String email) {
        return "[\"users\",\"email\",\"S\",\"" + email + "\"]";
    }

    /** One round: CREATORS creates of distinct users with one email, released together. */
    private List<WriteResult> race(EntityDefinition entity, String round, boolean keyed) throws Exception {
        AtomicInteger next = new AtomicInteger();
        return Concurrently.run(CREATORS, () -> {
            String id = round + "-" + next.getAndIncrement();
            return store.create(entity, user(id, round + "@example.org"), ctx(keyed ? "key-" + id : null));
        });
    }

    @Test
    void unique_eightCreatorsOfOneEmailUnderLostAnswers_exactlyOneCreated_restTaken_noOrphanGuardAfterDeletes()
            throws Exception {
        int faultsBefore = proxy.faultsInjected();
        List<String> winners = new ArrayList<>();
        for (int round = 0; round < ROUNDS; round++) {
            String name = "race" + round;
            List<WriteResult> results = race(USERS, name, round % 2 == 1);

            assertThat(results).filteredOn(r -> r instanceof WriteResult.Written w && w.created()).hasSize(1);
            assertThat(results).filteredOn(r -> r.equals(new WriteResult.UniqueValueTaken("email")))
                    .hasSize(CREATORS - 1);
            List<String> holders = idsHolding(name + "@example.org");
            assertThat(holders).hasSize(1);
            assertThat(guardOwners()).containsEntry(guardKey(name + "@example.org"),
                    "[\"S\",\"" + holders.get(0) + "\"]");
            winners.add(holders.get(0));
        }
        int faults = proxy.faultsInjected() - faultsBefore;
        assertThat(faults).as("lost answers during the races").isGreaterThanOrEqualTo(10);

        for (String winner : winners) {
            assertThat(store.delete(USERS, Map.of("userId", AttributeValue.fromS(winner)), 1, ctx(null)))
                    .isInstanceOf(WriteResult.Deleted.class);
        }
        for (int round = 0; round < ROUNDS; round++) {
            assertThat(guardOwners()).doesNotContainKey(guardKey("race" + round + "@example.org"));
        }
        // A freed value is free: a loser of the first round takes it now.
        String loser = winners.get(0).endsWith("-0") ? "race0-1" : "race0-0";
        assertThat(store.create(USERS, user(loser, "race0@example.org"), ctx(null)))
                .isInstanceOf(WriteResult.Written.class);
        System.out.printf("unique race: %d rounds of %d creators, %d lost answers%n", ROUNDS, CREATORS, faults);
    }

    @Test
    void unique_control_theSameRaceWithoutTheDeclaration_storesEveryCreatorsItemWithTheEmail() throws Exception {
        List<WriteResult> results = race(USERS_WITHOUT_UNIQUE, "nodecl", false);

        assertThat(results).allMatch(r -> r instanceof WriteResult.Written);
        assertThat(idsHolding("nodecl@example.org")).hasSize(CREATORS);
    }

    @Test
    void unique_control_theGuardedWriteResentWithAFreshToken_answersItsOwnCommittedCreateAsAConflict() {
        int faultsBefore = proxy.faultsInjected();
        int falseConflicts = 0;
        // One attempt per call: each send is a new call, and the SDK draws a new request token for each.
        DynamoDbClient single = LocalDynamoDb.runtimeClientFor(proxy.endpoint(), ATTEMPT_TIMEOUT, CALL_TIMEOUT, 1);
        for (int i = 0; i < 40; i++) {
            String id = "raw-" + i;
            String email = id + "@example.org";
            TransactWriteItem item = TransactWriteItem.builder().put(Put.builder().tableName(USERS.tableName())
                    .item(Map.of("userId", AttributeValue.fromS(id), "email", AttributeValue.fromS(email),
                            "version", AttributeValue.fromN("1")))
                    .conditionExpression("attribute_not_exists(userId)").build()).build();
            TransactWriteItem guard = TransactWriteItem.builder().put(Put.builder().tableName(GUARDS)
                    .item(Map.of(UniqueValueSchema.PARTITION_KEY, AttributeValue.fromS(guardKey(email)),
                            "owner", AttributeValue.fromS("[\"S\",\"" + id + "\"]")))
                    .conditionExpression("attribute_not_exists(pk)").build()).build();
            while (true) {
                try {
                    single.transactWriteItems(b -> b.transactItems(item, guard));
                    break;
                } catch (TransactionCanceledException e) {
                    // Nobody else writes these users: a cancellation is a re-send meeting our own commit.
                    assertThat(idsHolding(email)).containsExactly(id);
                    falseConflicts++;
                    break;
                } catch (SdkException lostAnswer) {
                    // The answer was lost: send the same write again, as a new call.
                }
            }
        }
        single.close();
        assertThat(proxy.faultsInjected() - faultsBefore).isPositive();
        assertThat(falseConflicts).as("false conflicts with a fresh token per send").isPositive();
        System.out.printf("unique control: %d false conflicts in 40 guarded creates re-sent with fresh tokens%n",
                falseConflicts);
    }
}
