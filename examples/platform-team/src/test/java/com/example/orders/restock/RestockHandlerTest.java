package com.example.orders.restock;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.consistentcrud.runtime.EntityDefinition;
import io.consistentcrud.runtime.KeyAttribute;
import io.consistentcrud.runtime.WriteContext;
import io.consistentcrud.testing.InvocationContext;
import io.consistentcrud.testing.LocalStore;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** The restock function on DynamoDB Local, through the test kit: the store is injected, nothing to configure. */
class RestockHandlerTest {
    private static final EntityDefinition PRODUCTS = EntityDefinition.builder().name("products")
            .tableName("products").partitionKey(KeyAttribute.string("productId")).build();
    private static final Map<String, AttributeValue> LAMP = Map.of("productId", AttributeValue.fromS("lamp"));

    @Test
    void aDeliveryAddsItsQuantityToTheStock() {
        try (LocalStore local = LocalStore.of(PRODUCTS)) {
            Instant now = Instant.now();
            local.boundStore().store().create(PRODUCTS, Map.of("productId", AttributeValue.fromS("lamp"),
                    "stock", AttributeValue.fromN("2")), WriteContext.builder().requestToken("seed")
                    .caller("test").time(now).deadline(now.plusSeconds(5)).build());

            RestockHandler handler = new RestockHandler(local.boundStore());
            handler.handleRequest(Map.of("deliveryId", "d-42", "productId", "lamp", "quantity", 5),
                    InvocationContext.builder().remaining(Duration.ofSeconds(10)).build());

            assertEquals("7", local.boundStore().store().get(PRODUCTS, LAMP).orElseThrow()
                    .attributes().get("stock").n());
        }
    }
}
