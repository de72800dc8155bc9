package io.consistentcrud.runtime.http;

import static io.consistentcrud.runtime.http.HttpFixture.json;
import static io.consistentcrud.runtime.http.HttpFixture.req;
import static org.assertj.core.api.Assertions.assertThat;

import io.consistentcrud.testing.LocalDynamoDb;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Keys in URL paths, as API Gateway (REST) hands them over: every percent-escape of a path parameter decoded but an
 * encoded slash, which arrives as {@code %2F}. A {@code Location} names each key attribute as one encoded segment,
 * so that its GET reads the item back.
 */
class KeyInPathTest {
    private static LocalDynamoDb dynamoDb;
    private static CrudHandler handler;

    @BeforeAll
    static void start() {
        dynamoDb = LocalDynamoDb.embedded();
        handler = new HttpFixture(dynamoDb).handler(HandlerOptions.defaults());
    }

    @AfterAll
    static void stop() {
        dynamoDb.close();
    }

    @Test
    void g1_aCompositeKeyWithSlashes_getsOneSegmentPerKeyAttribute_andItsPathParametersReadItBack() {
        ProxyResponse created = handler.handle(req("POST", "/orders")
                .json("{\"customerId\":\"a/b\",\"orderId\":\"x y/z\"}").build());

        assertThat(created.statusCode()).isEqualTo(201);
        assertThat(created.headers()).containsEntry("Location", "/prod/orders/a%2Fb/x%20y%2Fz");
        ProxyResponse read = handler.handle(req("GET", "/orders/{customerId}/{orderId}")
                .path("customerId", "a%2Fb").path("orderId", "x y%2Fz").build());
        assertThat(read.statusCode()).isEqualTo(200);
        assertThat(json(read).get("customerId").asString()).isEqualTo("a/b");
        assertThat(json(read).get("orderId").asString()).isEqualTo("x y/z");
    }

    @Test
    void g1_aPutToAnEncodedSlash_createsTheKeyWithTheSlash_underTheSameLocation() {
        ProxyResponse created = handler.handle(req("PUT", "/users/{userId}").path("userId", "p%2fq")
                .header("If-None-Match", "*").json("{\"userId\":\"p/q\",\"name\":\"P\"}").build());

        assertThat(created.statusCode()).as("%s", created.body()).isEqualTo(201);
        assertThat(created.headers()).containsEntry("Location", "/prod/users/p%2Fq");
        assertThat(json(created).get("userId").asString()).isEqualTo("p/q");
    }

    @Test
    void aKeyContainingTheTextOfAnEncodedSlash_isRefused_becauseNoPathCouldAddressIt() {
        ProxyResponse refused = handler.handle(req("POST", "/users").json("{\"userId\":\"a%2fb\"}").build());

        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(json(refused).get("type").asString()).isEqualTo("urn:consistentcrud:problem:invalid-key");
        assertThat(handler.handle(req("GET", "/users/{userId}").path("userId", "a%2fb").build()).statusCode())
                .as("nothing was created under the key it would be read as").isEqualTo(404);
    }
}
