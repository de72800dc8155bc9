package io.consistentcrud.e2e.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.consistentcrud.runtime.testing.LocalDynamoDb;
import io.consistentcrud.sample.local.LocalMode;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * DESIGN §1.3, replayed over HTTP: the gateway gives up first. A create whose DynamoDB write commits but answers
 * late runs past the (shortened) integration timeout: the client gets 504 while the function runs on and commits.
 * The client's retry with the same {@code Idempotency-Key} must yield exactly one user and the first outcome (G5).
 */
class GatewayTimeoutRetryTest {
    private static final int INTEGRATION_TIMEOUT_MS = 1_500;
    private static final Duration WRITE_DELAY = Duration.ofMillis(4_000);

    private static LocalDynamoDb dynamoDb;
    private static DynamoDbFaultProxy proxy;
    private static LocalMode mode;
    private static HttpApi api;
    private static LocalTables tables;

    @BeforeAll
    static void start() throws Exception {
        dynamoDb = LocalDynamoDb.server();
        proxy = new DynamoDbFaultProxy(dynamoDb.endpoint(), 5);
        mode = LocalMode.start(LocalMode.Options.builder()
                .port(0)
                .dynamoDbEndpoint(proxy.endpoint())
                .integrationTimeoutMs(INTEGRATION_TIMEOUT_MS)
                // One slow attempt, not retried by the SDK: the delay alone must outlast the gateway.
                .environment("CCA_ATTEMPT_TIMEOUT_MS", "6000")
                .environment("CCA_CALL_TIMEOUT_MS", "15000")
                .environment("CCA_MAX_ATTEMPTS", "2")
                .build());
        api = new HttpApi(mode.baseUri());
        tables = new LocalTables(mode);
    }

    @AfterAll
    static void stop() {
        tables.close();
        mode.close();
        proxy.close();
        dynamoDb.close();
    }

    @Test
    void g5_createPastTheGatewayTimeout_answers504_andTheRetryWithTheSameKeyYieldsOneUserWithTheFirstOutcome()
            throws Exception {
        String body = "{\"name\":\"Grace\",\"email\":\"grace@example.com\"}";
        Map<String, String> key = Map.of("Idempotency-Key", "signup-grace-0001");
        proxy.delayNextWrites(1, WRITE_DELAY);

        HttpApi.Answer first = api.post("/users", body, key);

        assertThat(first.status()).as("the gateway gave up first: %s", first).isEqualTo(504);
        assertThat(first.contentType()).startsWith("application/problem+json");
        assertThat(first.body()).contains("Idempotency-Key");
        assertThat(proxy.delayed()).as("control: the create's write was really held past the timeout").isEqualTo(1);

        HttpApi.Answer retry = api.post("/users", body, key);

        assertThat(retry.status()).as("the retry answers the first outcome, a create: %s", retry).isEqualTo(201);
        assertThat(retry.header("ETag")).contains("\"1\"");
        String location = retry.header("Location").orElseThrow();
        String userId = retry.text("userId");
        assertThat(location).endsWith("/users/" + userId);

        // Once the first invocation has finished, another retry still answers the same outcome.
        mode.awaitIdle(Duration.ofSeconds(30));
        HttpApi.Answer late = api.post("/users", body, key);
        assertThat(late.status()).isEqualTo(201);
        assertThat(late.header("Location")).contains(location);
        assertThat(late.header("ETag")).contains("\"1\"");

        assertThat(tables.scan("users"))
                .as("exactly one user was registered")
                .filteredOn(item -> item.get("name") != null && "Grace".equals(item.get("name").s()))
                .hasSize(1)
                .allSatisfy(item -> assertThat(item.get("userId").s()).isEqualTo(userId));
        assertThat(api.get(location).header("ETag")).contains("\"1\"");
    }
}
