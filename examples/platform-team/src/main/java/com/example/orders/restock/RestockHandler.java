package com.example.orders.restock;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import io.consistentcrud.runtime.EntityDefinition;
import io.consistentcrud.runtime.WriteContext;
import io.consistentcrud.runtime.WriteResult;
import io.consistentcrud.runtime.config.BoundStore;
import java.time.Instant;
import java.util.Map;
import java.util.OptionalLong;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Adds delivered stock to a product: {@code {"deliveryId": "d-42", "productId": "lamp", "quantity": 5}}. The
 * delivery id is the write's idempotency key, so a retried invocation of the same delivery (or the same delivery
 * sent again, within the key's window of 24 hours) adds the stock once and answers {@code Replayed}.
 */
public final class RestockHandler implements RequestHandler<Map<String, Object>, Map<String, Object>> {
    private final BoundStore store;

    /**
     * Lambda's constructor: the store from what bindStore set. Lambda builds the handler once per execution
     * environment, so the store (its client, its connections) is reused by every invocation without a static field.
     */
    public RestockHandler() {
        this(BoundStore.fromEnvironment());
    }

    /** A handler on the given store: tests pass one from the test kit's {@code LocalStore}. */
    public RestockHandler(BoundStore store) {
        this.store = store;
    }

    @Override
    public Map<String, Object> handleRequest(Map<String, Object> delivery, Context context) {
        EntityDefinition products = store.entity("products");
        Instant now = Instant.now();
        WriteResult result = store.store().increment(products,
                Map.of("productId", AttributeValue.fromS((String) delivery.get("productId"))),
                Map.of("stock", String.valueOf(delivery.get("quantity"))),
                OptionalLong.empty(),
                WriteContext.builder()
                        .idempotencyKey("restock-" + delivery.get("deliveryId"))
                        // The key is scoped by the caller: the function's name, the same in every invocation.
                        .caller(context.getFunctionName())
                        .time(now)
                        .deadline(now.plusMillis(context.getRemainingTimeInMillis() - 1_000))
                        .build());
        return Map.of("result", result.getClass().getSimpleName());
    }
}
