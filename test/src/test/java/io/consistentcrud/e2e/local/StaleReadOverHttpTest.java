package io.consistentcrud.e2e.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The stale read after a write (DynamoDB reads are eventually consistent by default, so a GET right after a POST can
 * answer 404), replayed over HTTP through the local gateway: a read right after a write never misses it (G1,
 * docs/guarantees.md).
 */
class StaleReadOverHttpTest {
    @RegisterExtension
    static final LocalApi local = LocalApi.sampleApp();

    @Test
    void g1_postThenImmediateGet_neverAnswers404_andReadsTheVersionTheWriteAnswered() {
        for (int i = 0; i < 50; i++) {
            HttpApi.Answer created = local.api().post("/users", "{\"name\":\"user " + i + "\"}", Map.of());
            assertThat(created.status()).as("create %d: %s", i, created).isEqualTo(201);
            String location = created.header("Location").orElseThrow();

            HttpApi.Answer read = local.api().get(location);

            assertThat(read.status()).as("read %d right after its create: %s", i, read).isEqualTo(200);
            assertThat(read.header("ETag")).isEqualTo(created.header("ETag")).contains("\"1\"");
            assertThat(read.text("name")).isEqualTo("user " + i);
        }
    }
}
