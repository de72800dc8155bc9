package io.consistentcrud.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.consistentcrud.testing.FaultProxy;
import io.consistentcrud.testing.LocalDynamoDb;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * G4 for a keyless create whose answer is late: another client's merge patch with {@code Prefer: return=minimal}
 * (one update, no read) lands between the create's commit and its SDK retry. The retry must still recognise its own
 * create by the creation token, which a minimal merge keeps as the full merge (a read, then a replace) does.
 */
class MinimalMergeAfterCreateTest {
    private static final EntityDefinition USERS = EntityDefinition.builder()
            .name("users").tableName("minimal-merge-users").partitionKey(KeyAttribute.string("userId")).build();
    private static final Duration ATTEMPT_TIMEOUT = Duration.ofMillis(300);

    private static LocalDynamoDb engine;
    private static FaultProxy proxy;

    @BeforeAll
    static void start() {
        engine = LocalDynamoDb.server();
        engine.createTable(USERS);
        proxy = FaultProxy.start(engine.endpoint(), 0, 0, 20261206L, Duration.ofSeconds(1));
    }

    @AfterAll
    static void stop() {
        proxy.close();
        engine.close();
    }

    private static WriteContext ctx(boolean answerWithItem) {
        Instant now = Instant.now();
        return WriteContext.builder().requestToken(UUID.randomUUID().toString()).caller("g4").time(now)
                .deadline(now.plusSeconds(20)).answerWithItem(answerWithItem).build();
    }

    @Test
    void g4_aKeylessCreateWhoseRetryMeetsAnotherClientsMinimalPatch_answersItsOwnCreate() throws Exception {
        ConsistentStore direct = new ConsistentStore(engine.client(), StoreOptions.defaults());
        Map<String, AttributeValue> key = Map.of("userId", AttributeValue.fromS("raced"));
        // The other client: as soon as the create has committed, a minimal PATCH at its version.
        CompletableFuture<WriteResult> patch = CompletableFuture.supplyAsync(() -> {
            while (direct.get(USERS, key).isEmpty()) {
                Thread.onSpinWait();
            }
            return direct.mergePatch(USERS, key, Map.of("name", AttributeValue.fromS("patched")), 1, ctx(false));
        });

        // The create's answer arrives after its attempt timeout: the SDK sends it again, after the patch.
        proxy.delayNextWrites(1, ATTEMPT_TIMEOUT.multipliedBy(4));
        try (DynamoDbClient client = LocalDynamoDb.runtimeClientFor(proxy.endpoint(), ATTEMPT_TIMEOUT,
                Duration.ofSeconds(10), 3)) {
            ConsistentStore store = new ConsistentStore(client, StoreOptions.defaults());
            WriteResult created = store.create(USERS, Map.of("userId", AttributeValue.fromS("raced"),
                    "name", AttributeValue.fromS("first")), ctx(true));

            assertThat(patch.get()).as("the other client's patch landed first").isInstanceOf(WriteResult.Written.class);
            assertThat(proxy.delays()).as("control: the create's answer was late").isEqualTo(1);
            assertThat(created).as("the creator's own create, not another's item")
                    .isInstanceOfSatisfying(WriteResult.Written.class, w -> assertThat(w.replayed()).isTrue());
        }
        Optional<VersionedItem> item = direct.get(USERS, key);
        assertThat(item).get().extracting(VersionedItem::version).isEqualTo(2L);
        assertThat(item.get().attributes()).containsKey(Bookkeeping.CREATE_TOKEN);
    }
}
