package io.consistentcrud.e2e.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Orders placed concurrently over HTTP, each by one {@code POST /transactions} that decrements the product's stock
 * with a floor at zero and creates the order: stock never goes below zero and every order has its unit (G6).
 */
class OversellOverHttpTest {
    @RegisterExtension
    static final LocalApi local = LocalApi.sampleApp();

    private static final int STOCK = 10;
    private static final int BUYERS = 30;

    /** One order: take {@code quantity} units of the product, never below zero, and create the order. */
    static String order(String productId, String orderId, int quantity) {
        return "{\"operations\":["
                + "{\"op\":\"increment\",\"entity\":\"products\",\"key\":{\"productId\":\"" + productId + "\"},"
                + "\"deltas\":{\"stock\":" + (-quantity) + "},\"bounds\":{\"stock\":0}},"
                + "{\"op\":\"create\",\"entity\":\"orders\",\"item\":{\"orderId\":\"" + orderId + "\","
                + "\"productId\":\"" + productId + "\",\"quantity\":" + quantity + "}}]}";
    }

    @Test
    void g6_concurrentOrders_neverOversell_andOrdersEqualTheStockConsumed() throws Exception {
        HttpApi.Answer product = local.api().put("/products/lamp", "{\"productId\":\"lamp\",\"stock\":" + STOCK + "}",
                Map.of("If-None-Match", "*"));
        assertThat(product.status()).as("%s", product).isEqualTo(201);

        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<HttpApi.Answer>> answers = new ArrayList<>();
        for (int i = 0; i < BUYERS; i++) {
            String orderId = "order-" + i;
            answers.add(pool.submit(() -> local.api().post("/transactions", order("lamp", orderId, 1), Map.of())));
        }
        int placed = 0;
        int refused = 0;
        for (Future<HttpApi.Answer> f : answers) {
            HttpApi.Answer a = f.get();
            if (a.status() == 200) {
                placed++;
            } else {
                assertThat(a.status()).as("a refused order is a conflict naming the operation: %s", a).isEqualTo(409);
                assertThat(a.contentType()).startsWith("application/problem+json");
                refused++;
            }
        }
        pool.shutdown();

        assertThat(placed).as("exactly the stock was sold").isEqualTo(STOCK);
        assertThat(refused).isEqualTo(BUYERS - STOCK);
        assertThat(local.api().get("/products/lamp").number("stock")).isZero();
        assertThat(local.tables().scan("orders")).as("one order per unit consumed").hasSize(STOCK);
    }
}
