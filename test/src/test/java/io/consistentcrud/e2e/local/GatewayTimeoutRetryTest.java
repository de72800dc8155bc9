package io.consistentcrud.e2e.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.consistentcrud.cdk.RuntimeEnvironment;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The gateway gives up first (G5, docs/guarantees.md), replayed over HTTP. A create whose DynamoDB write commits but
 * answers late runs past the (shortened) integration timeout: the client gets 504 while the function runs on and
 * commits. The client's retry with the same {@code Idempotency-Key} must yield exactly one user and the first outcome
 * (G5).
 */
class GatewayTimeoutRetryTest {
    private static final int INTEGRATION_TIMEOUT_MS = 1_500;
    private static final Duration WRITE_DELAY = Duration.ofMillis(4_000);

    @RegisterExtension
    static final LocalApi local = LocalApi.behindFaultProxy(5, o -> o
            .integrationTimeoutMs(INTEGRATION_TIMEOUT_MS)
            // One slow attempt, not retried by the SDK: the delay alone must outlast the gateway.
            .environment(RuntimeEnvironment.ATTEMPT_TIMEOUT_MS, "6000")
            .environment(RuntimeEnvironment.CALL_TIMEOUT_MS, "15000")
            .environment(RuntimeEnvironment.MAX_ATTEMPTS, "2"));

    @Test
    void g5_createPastTheGatewayTimeout_answers504_andTheRetryWithTheSameKeyYieldsOneUserWithTheFirstOutcome()
            throws Exception {
        String body = "{\"name\":\"Grace\",\"email\":\"grace@example.com\"}";
        Map<String, String> key = Map.of("Idempotency-Key", "signup-grace-0001");
        int delayedBefore = local.proxy().delays();
        local.proxy().delayNextWrites(1, WRITE_DELAY);

        HttpApi.Answer first = local.api().post("/users", body, key);

        assertThat(first.status()).as("the gateway gave up first: %s", first).isEqualTo(504);
        assertThat(first.contentType()).startsWith("application/problem+json");
        assertThat(first.body()).contains("Idempotency-Key");
        assertThat(local.proxy().delays() - delayedBefore)
                .as("control: the create's write was really held past the timeout")
                .isEqualTo(1);

        HttpApi.Answer retry = local.api().post("/users", body, key);

        assertThat(retry.status()).as("the retry answers the first outcome, a create: %s", retry).isEqualTo(201);
        assertThat(retry.header("ETag")).contains("\"1\"");
        String location = retry.header("Location").orElseThrow();
        String userId = retry.text("userId");
        assertThat(location).endsWith("/users/" + userId);

        // Once the first invocation has finished, another retry still answers the same outcome.
        local.mode().awaitIdle(Duration.ofSeconds(30));
        HttpApi.Answer late = local.api().post("/users", body, key);
        assertThat(late.status()).isEqualTo(201);
        assertThat(late.header("Location")).contains(location);
        assertThat(late.header("ETag")).contains("\"1\"");

        assertThat(local.tables().scan("users"))
                .as("exactly one user was registered")
                .filteredOn(item -> item.get("name") != null && "Grace".equals(item.get("name").s()))
                .hasSize(1)
                .allSatisfy(item -> assertThat(item.get("userId").s()).isEqualTo(userId));
        assertThat(local.api().get(location).header("ETag")).contains("\"1\"");
    }

    @Test
    void control_withoutAnIdempotencyKey_theRetryOfACreateThatCommittedAfterThe504_cannotTellItsOwnWrite()
            throws Exception {
        String body = "{\"userId\":\"linus\",\"name\":\"Linus\"}";
        local.proxy().delayNextWrites(1, WRITE_DELAY);

        HttpApi.Answer first = local.api().post("/users", body, Map.of());
        assertThat(first.status()).as("%s", first).isEqualTo(504);
        local.mode().awaitIdle(Duration.ofSeconds(30));

        HttpApi.Answer retry = local.api().post("/users", body, Map.of());
        assertThat(retry.status()).as("the committed create makes the plain retry a conflict: %s", retry)
                .isEqualTo(409);
        assertThat(local.api().get("/users/linus").status()).as("the 504'd create did commit").isEqualTo(200);
    }
}
