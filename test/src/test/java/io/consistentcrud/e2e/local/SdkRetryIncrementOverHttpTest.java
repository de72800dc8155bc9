package io.consistentcrud.e2e.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.consistentcrud.runtime.RuntimeConfiguration;
import io.consistentcrud.runtime.client.DynamoDbClientFactory;
import io.consistentcrud.runtime.testing.LocalDynamoDb;
import io.consistentcrud.sample.local.LocalMode;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * DESIGN §1.4, replayed over HTTP: the SDK retries writes that already committed. A fault proxy between the function
 * and DynamoDB Local holds or drops the response of 30% of write attempts after DynamoDB applied them; the function
 * runs with a short attempt timeout and several attempts (the runtime's own knobs, set through its environment).
 */
class SdkRetryIncrementOverHttpTest {
    private static final int INCREMENTS = 100;
    private static final Duration ATTEMPT_TIMEOUT = Duration.ofMillis(500);

    private static LocalDynamoDb dynamoDb;
    private static DynamoDbFaultProxy proxy;
    private static LocalMode mode;
    private static HttpApi api;
    private static LocalTables tables;

    @BeforeAll
    static void start() throws Exception {
        dynamoDb = LocalDynamoDb.server();
        proxy = new DynamoDbFaultProxy(dynamoDb.endpoint(), 42);
        mode = LocalMode.start(LocalMode.Options.builder()
                .port(0)
                .dynamoDbEndpoint(proxy.endpoint())
                .environment("CCA_ATTEMPT_TIMEOUT_MS", Long.toString(ATTEMPT_TIMEOUT.toMillis()))
                .environment("CCA_MAX_ATTEMPTS", "4")
                .environment("CCA_CALL_TIMEOUT_MS", "8000")
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
    void g4_hundredIncrementsWhoseWritesFailAfterCommit_endAtExactly100() {
        assertThat(api.put("/counters/g4", "{\"counterId\":\"g4\",\"value\":0}", Map.of("If-None-Match", "*"))
                .status()).isEqualTo(201);
        int writesBefore = proxy.writes();
        int faultsBefore = proxy.delayed() + proxy.dropped();
        proxy.faultRate(0.3, ATTEMPT_TIMEOUT.multipliedBy(2), 2);

        for (int i = 0; i < INCREMENTS; i++) {
            HttpApi.Answer answer = api.post("/counters/g4/increment", "{\"value\":1}", Map.of());
            assertThat(answer.status()).as("increment %d: %s", i, answer).isEqualTo(200);
        }
        proxy.faultRate(0, Duration.ZERO, 0);

        HttpApi.Answer counter = api.get("/counters/g4");
        assertThat(counter.number("value")).isEqualTo(INCREMENTS);
        assertThat(counter.header("ETag")).contains("\"" + (INCREMENTS + 1) + "\"");
        assertThat(proxy.delayed() + proxy.dropped() - faultsBefore).as("control: faults really hit committed writes")
                .isGreaterThan(10);
        assertThat(proxy.writes() - writesBefore).as("control: the SDK really retried")
                .isGreaterThan(INCREMENTS);
    }

    @Test
    void control_plainUpdateItemAddThroughTheSameProxyAndKnobs_endsAbove100() {
        String table = tables.tableOf("counters");
        Map<String, AttributeValue> key = Map.of("counterId", AttributeValue.fromS("plain"));
        tables.client().putItem(b -> b.tableName(table).item(Map.of(
                "counterId", AttributeValue.fromS("plain"), "value", AttributeValue.fromN("0"))));
        RuntimeConfiguration config = RuntimeConfiguration.fromEnvironment(mode.environment());
        proxy.faultRate(0.3, ATTEMPT_TIMEOUT.multipliedBy(2), 2);
        try (DynamoDbClient plain = DynamoDbClientFactory.builder(config)
                .region(LocalDynamoDb.REGION).credentialsProvider(LocalDynamoDb.CREDENTIALS).build()) {
            for (int i = 0; i < INCREMENTS; i++) {
                plain.updateItem(b -> b.tableName(table).key(key)
                        .updateExpression("ADD #v :one")
                        .expressionAttributeNames(Map.of("#v", "value"))
                        .expressionAttributeValues(Map.of(":one", AttributeValue.fromN("1"))));
            }
        } finally {
            proxy.faultRate(0, Duration.ZERO, 0);
        }
        long value = Long.parseLong(tables.client().getItem(b -> b.tableName(table).key(key).consistentRead(true))
                .item().get("value").n());
        assertThat(value).as("without the runtime, committed writes are applied again on retry")
                .isGreaterThan(INCREMENTS);
    }
}
