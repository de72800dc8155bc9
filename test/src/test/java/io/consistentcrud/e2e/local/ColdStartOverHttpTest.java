package io.consistentcrud.e2e.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The gateway gives up first (G5, docs/guarantees.md), as it happens on AWS without any slow dependency: a cold start
 * counts against the gateway's timeout but not the function's. The first request meets a new execution environment, the
 * gateway answers 504, the function runs on and commits; the retry with the same {@code Idempotency-Key} replays the
 * first outcome (G5).
 */
class ColdStartOverHttpTest {
    @RegisterExtension
    static final LocalApi local = LocalApi.sampleApp(o -> o.integrationTimeoutMs(1_000).coldStartMs(3_000));

    @Test
    void g5_aColdStartPastTheGatewayTimeout_answers504_andTheRetryReplaysTheCommittedCreate() throws Exception {
        Map<String, String> key = Map.of("Idempotency-Key", "signup-cold-0001");
        String body = "{\"name\":\"Cold\"}";

        HttpApi.Answer first = local.api().post("/users", body, key);

        assertThat(first.status()).as("%s", first).isEqualTo(504);
        assertThat(local.mode().coldStarts()).as("control: the first request met a cold start").isEqualTo(1);
        local.mode().awaitIdle(Duration.ofSeconds(30));
        assertThat(local.tables().scan("users")).as("the function ran on and committed").hasSize(1);

        HttpApi.Answer retry = local.api().post("/users", body, key);

        assertThat(retry.status()).as("%s", retry).isEqualTo(201);
        assertThat(retry.header("Idempotency-Replayed")).contains("true");
        assertThat(retry.header("ETag")).contains("\"1\"");
        assertThat(local.mode().coldStarts()).as("the retry ran warm").isEqualTo(1);
        assertThat(local.tables().scan("users")).as("exactly one user").hasSize(1);
    }
}
