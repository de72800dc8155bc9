package io.consistentcrud.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.consistentcrud.runtime.testing.CountingMetrics;
import io.consistentcrud.testing.LocalDynamoDb;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** G6: all-or-nothing writes across entities, with per-operation version checks and bounds. */
class TransactionTest {
    private static final EntityDefinition PRODUCTS = EntityDefinition.builder()
            .name("products").tableName("g6-products").partitionKey(KeyAttribute.string("sku")).build();
    private static final EntityDefinition ORDERS = EntityDefinition.builder()
            .name("orders").tableName("g6-orders").partitionKey(KeyAttribute.string("orderId")).build();
    private static final EntityDefinition LINES = EntityDefinition.builder()
            .name("lines").tableName("g6-lines").partitionKey(KeyAttribute.string("orderId"))
            .sortKey(KeyAttribute.string("lineId")).build();
    private static LocalDynamoDb dynamoDb;
    private static CountingMetrics metrics;
    private static ConsistentStore store;

    @BeforeAll
    static void start() {
        dynamoDb = LocalDynamoDb.embedded();
        dynamoDb.createTable(PRODUCTS);
        dynamoDb.createTable(ORDERS);
        dynamoDb.createTable(LINES);
        metrics = new CountingMetrics();
        store = new ConsistentStore(dynamoDb.client(), StoreOptions.builder().metrics(metrics).build());
    }

    @AfterAll
    static void stop() {
        dynamoDb.close();
    }

    private static WriteContext ctx() {
        Instant now = Instant.now();
        return WriteContext.builder().requestToken(UUID.randomUUID().toString()).caller("shop").time(now)
                .deadline(now.plus(Duration.ofSeconds(30))).build();
    }

    private static Map<String, AttributeValue> sku(String id) {
        return Map.of("sku", AttributeValue.fromS(id));
    }

    private static Map<String, AttributeValue> product(String id, long stock) {
        return Map.of("sku", AttributeValue.fromS(id), "stock", AttributeValue.fromN(Long.toString(stock)));
    }

    private static Map<String, AttributeValue> order(String id, String productId) {
        return Map.of("orderId", AttributeValue.fromS(id), "sku", AttributeValue.fromS(productId));
    }

    private static long stock(String id) {
        return Long.parseLong(store.get(PRODUCTS, sku(id)).orElseThrow().attributes().get("stock").n());
    }

    private static List<TransactionOperation> placeOrder(String orderId, String productId) {
        return List.of(
                TransactionOperation.putNew(0, ORDERS, order(orderId, productId)),
                TransactionOperation.increment(1, PRODUCTS, sku(productId), Map.of("stock", "-1"), Map.of("stock", "0"),
                        OptionalLong.empty()));
    }

    @Test
    void g6_aBoundOnAnAttributeTheItemLacks_judgesTheValueAfterTheAdd_countingMissingAsZero() {
        // A store of its own: the class's counters are asserted by the concurrent test.
        ConsistentStore store = new ConsistentStore(dynamoDb.client(), StoreOptions.defaults());
        store.create(PRODUCTS, Map.of("sku", AttributeValue.fromS("unstocked")), ctx());
        store.create(PRODUCTS, Map.of("sku", AttributeValue.fromS("unstocked-2")), ctx());

        TransactionResult within = store.transact(List.of(TransactionOperation.increment(0, PRODUCTS, sku("unstocked"),
                Map.of("stock", "5"), Map.of("stock", "0"), OptionalLong.empty())), ctx());
        TransactionResult beyond = store.transact(List.of(TransactionOperation.increment(0, PRODUCTS,
                sku("unstocked-2"), Map.of("stock", "5"), Map.of("stock", "6"), OptionalLong.empty())), ctx());

        assertThat(within).isInstanceOf(TransactionResult.Committed.class);
        assertThat(stock("unstocked")).isEqualTo(5);
        assertThat(beyond).as("control: 0 + 5 is below 6")
                .isEqualTo(new TransactionResult.Cancelled(0, TransactionResult.Reason.BOUND_VIOLATED, 1));
        assertThat(store.get(PRODUCTS, sku("unstocked-2")).orElseThrow().attributes()).doesNotContainKey("stock");
    }

    @Test
    void g6_compositeKeysWhoseTextJoinedBySlashIsEqual_areTwoItems() {
        Map<String, AttributeValue> first = Map.of("orderId", AttributeValue.fromS("a/b"), "lineId", AttributeValue.fromS("c"));
        Map<String, AttributeValue> second = Map.of("orderId", AttributeValue.fromS("a"), "lineId", AttributeValue.fromS("b/c"));

        TransactionResult result = store.transact(List.of(TransactionOperation.putNew(0, LINES, first),
                TransactionOperation.putNew(1, LINES, second)), ctx());

        assertThat(result).isInstanceOf(TransactionResult.Committed.class);
        assertThat(store.get(LINES, first)).isPresent();
        assertThat(store.get(LINES, second)).isPresent();
        assertThatThrownBy(() -> store.transact(List.of(TransactionOperation.check(0, LINES, first, 1),
                TransactionOperation.check(1, LINES, Map.of("lineId", AttributeValue.fromS("c"),
                        "orderId", AttributeValue.fromS("a/b")), 1)), ctx()))
                .as("control: one item twice is still refused").isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("touches an item another operation");
    }

    @Test
    void g6_concurrentOrdersAgainstLimitedStock_neverGoBelowZeroAndOrdersEqualStockConsumed() throws Exception {
        store.create(PRODUCTS, product("widget", 20), ctx());
        ExecutorService pool = Executors.newFixedThreadPool(8);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<List<TransactionResult>>> futures = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
            futures.add(pool.submit(() -> {
                go.await();
                List<TransactionResult> results = new ArrayList<>();
                for (int i = 0; i < 5; i++) {
                    results.add(store.transact(placeOrder("o-" + UUID.randomUUID(), "widget"), ctx()));
                }
                return results;
            }));
        }
        go.countDown();
        List<TransactionResult> results = new ArrayList<>();
        for (Future<List<TransactionResult>> f : futures) {
            results.addAll(f.get());
        }
        pool.shutdown();

        long committed = results.stream().filter(r -> r instanceof TransactionResult.Committed).count();
        assertThat(results).allSatisfy(r -> assertThat(r).isInstanceOfAny(TransactionResult.Committed.class,
                TransactionResult.Cancelled.class));
        assertThat(results.stream().filter(r -> r instanceof TransactionResult.Cancelled).toList())
                .allSatisfy(r -> assertThat(r).isEqualTo(
                        new TransactionResult.Cancelled(1, TransactionResult.Reason.BOUND_VIOLATED, 21)));
        assertThat(committed).isEqualTo(20);
        assertThat(stock("widget")).isZero();
        long orders = dynamoDb.client().scan(b -> b.tableName(ORDERS.tableName())).items().stream()
                .filter(o -> o.get("sku").s().equals("widget")).count();
        assertThat(orders).isEqualTo(committed).isEqualTo(20 - stock("widget"));
        assertThat(metrics.cancellations(TransactionResult.Reason.BOUND_VIOLATED)).isEqualTo(20);
    }

    @Test
    void g6_versionMismatch_cancelsEverythingAndNamesTheOperationWithTheCurrentVersion() {
        store.create(PRODUCTS, product("vm", 5), ctx());
        store.replace(PRODUCTS, product("vm", 6), 1, ctx());

        TransactionResult result = store.transact(List.of(
                TransactionOperation.putNew(0, ORDERS, order("vm-order", "vm")),
                TransactionOperation.check(7, PRODUCTS, sku("vm"), 1)), ctx());

        assertThat(result).isEqualTo(new TransactionResult.Cancelled(7, TransactionResult.Reason.VERSION_MISMATCH, 2));
        assertThat(store.get(ORDERS, Map.of("orderId", AttributeValue.fromS("vm-order")))).isEmpty();
    }

    @Test
    void g6_missingItem_cancelsAsNotFound() {
        TransactionResult result = store.transact(List.of(
                TransactionOperation.putNew(0, ORDERS, order("nf-order", "nf")),
                TransactionOperation.delete(1, PRODUCTS, sku("nf-missing"), 1)), ctx());

        assertThat(result).isEqualTo(new TransactionResult.Cancelled(1, TransactionResult.Reason.NOT_FOUND, 0));
        assertThat(store.get(ORDERS, Map.of("orderId", AttributeValue.fromS("nf-order")))).isEmpty();
    }

    @Test
    void g6_existingItem_cancelsAPutNewAsAlreadyExists() {
        store.create(ORDERS, order("ae-order", "x"), ctx());
        store.create(PRODUCTS, product("ae", 3), ctx());

        TransactionResult result = store.transact(List.of(
                TransactionOperation.increment(0, PRODUCTS, sku("ae"), Map.of("stock", "-1"), Map.of(),
                        OptionalLong.of(1)),
                TransactionOperation.putNew(1, ORDERS, order("ae-order", "ae"))), ctx());

        assertThat(result).isEqualTo(new TransactionResult.Cancelled(1, TransactionResult.Reason.ALREADY_EXISTS, 1));
        assertThat(stock("ae")).isEqualTo(3);
    }

    @Test
    void g6_committedTransaction_answersEveryNewVersionAndStampsEveryItem() {
        store.create(PRODUCTS, product("ok-1", 3), ctx());
        store.create(PRODUCTS, product("ok-2", 3), ctx());
        store.create(PRODUCTS, product("ok-3", 3), ctx());
        WriteContext ctx = ctx();

        TransactionResult result = store.transact(List.of(
                TransactionOperation.replace(0, PRODUCTS, product("ok-1", 9), 1),
                TransactionOperation.increment(1, PRODUCTS, sku("ok-2"), Map.of("stock", "2"), Map.of(),
                        OptionalLong.empty()),
                TransactionOperation.delete(2, PRODUCTS, sku("ok-3"), 1),
                TransactionOperation.putNew(3, ORDERS, order("ok-order", "ok-1"))), ctx);

        assertThat(result).isEqualTo(new TransactionResult.Committed(List.of(2L, 2L, 1L, 1L), false));
        assertThat(store.get(PRODUCTS, sku("ok-3"))).isEmpty();
        for (Map<String, AttributeValue> item : List.of(
                store.get(PRODUCTS, sku("ok-1")).orElseThrow().attributes(),
                store.get(PRODUCTS, sku("ok-2")).orElseThrow().attributes(),
                store.get(ORDERS, Map.of("orderId", AttributeValue.fromS("ok-order"))).orElseThrow().attributes())) {
            assertThat(item.get(Bookkeeping.TOKEN).s()).isEqualTo(ctx.requestToken());
            assertThat(item.get(Bookkeeping.CALLER).s()).isEqualTo("shop");
            assertThat(item.get(Bookkeeping.AT).s()).isEqualTo(ctx.time().toString());
        }
    }

    @Test
    void g6_twoOperationsOnOneItem_areRefusedBeforeAnythingIsSent() {
        assertThatThrownBy(() -> store.transact(List.of(
                TransactionOperation.check(0, PRODUCTS, sku("dup"), 1),
                TransactionOperation.delete(1, PRODUCTS, sku("dup"), 1)), ctx()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("operation 1");
    }
}
