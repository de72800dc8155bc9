package io.consistentcrud.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.consistentcrud.runtime.testing.CountingMetrics;
import io.consistentcrud.testing.FaultProxy;
import io.consistentcrud.testing.LocalDynamoDb;
import io.consistentcrud.runtime.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * G4/G5 for a function of one's own on the store: a write is "the same as an earlier one" only when the caller
 * says so with an Idempotency-Key, which then holds across invocations for the key's window (24 h), not for the
 * 10 minutes of DynamoDB's ClientRequestToken; and two writes the caller does not mark as one are two writes, even
 * in one {@link WriteContext}.
 */
class StoreWritesAcrossInvocationsTest {
    private static final String RECORDS = "own-function-idempotency";
    private static final EntityDefinition PRODUCTS = EntityDefinition.builder()
            .name("products").tableName("own-function-products").partitionKey(KeyAttribute.string("productId"))
            .build();
    private static final Duration ATTEMPT_TIMEOUT = Duration.ofMillis(300);

    private static LocalDynamoDb engine;
    private static FaultProxy proxy;
    private static ConsistentStore direct;

    private MutableClock clock;
    private CountingMetrics metrics;
    private ConsistentStore store;
    private DynamoDbClient proxied;
    private ConsistentStore storeThroughProxy;

    @BeforeAll
    static void start() {
        engine = LocalDynamoDb.server();
        engine.createTable(PRODUCTS);
        engine.createIdempotencyTable(RECORDS);
        proxy = FaultProxy.start(engine.endpoint(), 0, 0.5, 20261206L, ATTEMPT_TIMEOUT.plusMillis(200));
        direct = new ConsistentStore(engine.client(), StoreOptions.defaults());
    }

    @AfterAll
    static void stop() {
        proxy.close();
        engine.close();
    }

    @BeforeEach
    void newStores() {
        clock = new MutableClock(Instant.now());
        metrics = new CountingMetrics();
        store = new ConsistentStore(engine.client(), StoreOptions.builder().idempotencyTable(RECORDS)
                .idempotencyWindow(Duration.ofHours(24)).clock(clock).metrics(metrics).build());
        proxied = LocalDynamoDb.runtimeClientFor(proxy.endpoint(), ATTEMPT_TIMEOUT, Duration.ofSeconds(2), 3);
        storeThroughProxy = new ConsistentStore(proxied, StoreOptions.builder().idempotencyTable(RECORDS)
                .callTimeout(Duration.ofSeconds(2)).metrics(metrics).build());
    }

    @AfterEach
    void closeClient() {
        proxy.writeFaultRate(0);
        proxied.close();
    }

    /** What one invocation of a restock function builds: its own time, its own request id. */
    private WriteContext.Builder invocation() {
        Instant now = clock.instant();
        return WriteContext.builder().requestToken(UUID.randomUUID().toString()).caller("restock")
                .time(now).deadline(now.plusSeconds(10));
    }

    private static Map<String, AttributeValue> key(String id) {
        return Map.of("productId", AttributeValue.fromS(id));
    }

    private static void seed(String id) {
        Instant now = Instant.now();
        assertThat(direct.create(PRODUCTS, Map.of("productId", AttributeValue.fromS(id),
                        "stock", AttributeValue.fromN("0")),
                WriteContext.builder().requestToken("seed-" + id).time(now).deadline(now.plusSeconds(10)).build()))
                .isInstanceOf(WriteResult.Written.class);
    }

    private static long stock(String id) {
        return Long.parseLong(direct.get(PRODUCTS, key(id)).orElseThrow().attributes().get("stock").n());
    }

    private WriteResult restock(ConsistentStore on, String id, int quantity, WriteContext ctx) {
        return on.increment(PRODUCTS, key(id), Map.of("stock", Integer.toString(quantity)), OptionalLong.empty(), ctx);
    }

    @Test
    void g4_twoEqualIncrementsInOneContext_areTwoWrites() {
        seed("equal");
        WriteContext ctx = invocation().build();

        assertThat(restock(store, "equal", 5, ctx)).isInstanceOf(WriteResult.Written.class);
        assertThat(restock(store, "equal", 5, ctx)).isInstanceOf(WriteResult.Written.class);

        assertThat(stock("equal")).as("two increments the caller did not mark as one").isEqualTo(10);
    }

    @Test
    void g4_twoDifferentIncrementsInOneContext_areTwoWrites_withoutAKeyReused() {
        seed("different");
        WriteContext ctx = invocation().build();

        assertThat(restock(store, "different", 5, ctx)).isInstanceOf(WriteResult.Written.class);
        assertThat(restock(store, "different", 3, ctx)).as("a write without a key can reuse no key")
                .isInstanceOf(WriteResult.Written.class);

        assertThat(stock("different")).isEqualTo(8);
    }

    @Test
    void g3_aSecondCreateOfOneItemInOneContext_answersAlreadyExists() {
        WriteContext ctx = invocation().build();
        Map<String, AttributeValue> item = Map.of("productId", AttributeValue.fromS("twice"),
                "stock", AttributeValue.fromN("1"));

        assertThat(store.create(PRODUCTS, item, ctx)).isInstanceOf(WriteResult.Written.class);
        assertThat(store.create(PRODUCTS, item, ctx)).as("the second create is not the first one's SDK retry")
                .isEqualTo(new WriteResult.AlreadyExists(1));
    }

    @Test
    void g5_aDeliveryKey_repeatedByANewInvocation_addsTheStockOnce() {
        seed("redelivered");

        WriteResult first = restock(store, "redelivered", 5, invocation().idempotencyKey("delivery-d42").build());
        clock.advance(Duration.ofSeconds(3));
        WriteResult second = restock(store, "redelivered", 5, invocation().idempotencyKey("delivery-d42").build());

        assertThat(first).isInstanceOf(WriteResult.Written.class);
        assertThat(second).isEqualTo(new WriteResult.Replayed(WriteResult.ReplayedOutcome.UPDATED, 2, "redelivered"));
        assertThat(stock("redelivered")).isEqualTo(5);
    }

    @Test
    void g5_aRedeliveryAfterDynamoDbsTokenWindow_stillAddsOnce() {
        seed("late");

        restock(store, "late", 5, invocation().idempotencyKey("delivery-late").build());
        clock.advance(Duration.ofMinutes(11));   // past the ClientRequestToken's 10 minutes, within the key's 24 h
        WriteResult late = restock(store, "late", 5, invocation().idempotencyKey("delivery-late").build());

        assertThat(late).isInstanceOf(WriteResult.Replayed.class);
        assertThat(stock("late")).isEqualTo(5);
    }

    @Test
    void g5_theKeyOfOneWrite_onAnotherWrite_isRefusedAndWritesNothing() {
        seed("one");
        seed("other");
        restock(store, "one", 5, invocation().idempotencyKey("delivery-d7").build());

        assertThat(restock(store, "one", 6, invocation().idempotencyKey("delivery-d7").build()))
                .as("another quantity").isInstanceOf(WriteResult.IdempotencyKeyReused.class);
        assertThat(restock(store, "other", 5, invocation().idempotencyKey("delivery-d7").build()))
                .as("another item").isInstanceOf(WriteResult.IdempotencyKeyReused.class);
        assertThat(store.delete(PRODUCTS, key("one"), 2, invocation().idempotencyKey("delivery-d7").build()))
                .as("another operation").isInstanceOf(WriteResult.IdempotencyKeyReused.class);

        assertThat(stock("one")).isEqualTo(5);
        assertThat(stock("other")).isZero();
    }

    @Test
    void g5_aKeyedTransaction_repeatedByANewInvocation_withItsOperationsInAnotherOrderOfAttributes_commitsOnce() {
        seed("t1");
        Map<String, String> deltas = new LinkedHashMap<>();
        deltas.put("stock", "2");
        deltas.put("sold", "1");
        Map<String, String> reordered = new LinkedHashMap<>();
        reordered.put("sold", "1");
        reordered.put("stock", "2");

        TransactionResult first = store.transact(List.of(TransactionOperation.increment(0, PRODUCTS, key("t1"),
                deltas, Map.of(), OptionalLong.empty())), invocation().idempotencyKey("delivery-t1").build());
        TransactionResult second = store.transact(List.of(TransactionOperation.increment(0, PRODUCTS, key("t1"),
                reordered, Map.of(), OptionalLong.empty())), invocation().idempotencyKey("delivery-t1").build());

        assertThat(first).isEqualTo(new TransactionResult.Committed(List.of(2L), false));
        assertThat(second).isEqualTo(new TransactionResult.Committed(List.of(2L), true));
        assertThat(stock("t1")).isEqualTo(2);
    }

    @Test
    void g5_anInvocationWhoseAnswersAreLost_thenItsRetry_addTheStockOnce_whereTheKeylessWayAddsTwice() {
        seed("lost");
        seed("lost-control");

        // The first invocation's increment commits, but no answer comes back before its deadline: it fails, and
        // Lambda invokes the function again for the same delivery.
        proxy.writeFaultRate(1);
        int faultsBefore = proxy.faultsInjected();
        assertThatThrownBy(() -> restock(storeThroughProxy, "lost", 5,
                invocation().idempotencyKey("delivery-lost").deadline(Instant.now().plusSeconds(2)).build()))
                .isInstanceOfSatisfying(DeadlineExceededException.class,
                        e -> assertThat(e.writeMayHaveApplied()).isTrue());
        proxy.writeFaultRate(0);
        WriteResult retry = restock(storeThroughProxy, "lost", 5, invocation().idempotencyKey("delivery-lost").build());

        assertThat(retry).isInstanceOf(WriteResult.Replayed.class);
        assertThat(stock("lost")).isEqualTo(5);

        // Control: the same two invocations without a key — what the example did with a request token alone.
        proxy.writeFaultRate(1);
        assertThatThrownBy(() -> restock(storeThroughProxy, "lost-control", 5,
                invocation().requestToken("restock-lost").deadline(Instant.now().plusSeconds(2)).build()))
                .isInstanceOf(DeadlineExceededException.class);
        proxy.writeFaultRate(0);
        restock(storeThroughProxy, "lost-control", 5, invocation().requestToken("restock-lost").build());
        assertThat(proxy.faultsInjected() - faultsBefore).as("answers lost").isGreaterThanOrEqualTo(2);
        assertThat(stock("lost-control")).as("the keyless way adds the stock twice").isEqualTo(10);
    }
}
