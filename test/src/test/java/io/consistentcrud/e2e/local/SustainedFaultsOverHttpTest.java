package io.consistentcrud.e2e.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import io.consistentcrud.runtime.client.DynamoDbClientFactory;
import io.consistentcrud.runtime.config.RuntimeConfiguration;
import io.consistentcrud.runtime.testing.Concurrently;
import io.consistentcrud.runtime.testing.LocalDynamoDb;
import io.consistentcrud.runtime.testing.Statuses;
import io.consistentcrud.sample.local.LocalMode;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * DESIGN §1.4 over HTTP, through the local gateway: the SDK retries writes that already committed, and runs out of
 * attempts long before the invocation runs out of time. A fault proxy between the function and DynamoDB Local drops
 * the answer of 30% of the write attempts after DynamoDB applied them, with no cap on how many follow each other.
 * The function runs with the sample's own settings (the construct's default budget: 3 attempts of 2 s, 9 s per
 * call, a 27 s Lambda timeout): nothing here is a test-only retry strategy.
 */
class SustainedFaultsOverHttpTest {
    private static final double LOST_ANSWERS = 0.3;

    private static LocalDynamoDb dynamoDb;
    private static DynamoDbFaultProxy proxy;
    private static LocalMode mode;
    private static HttpApi api;
    private static LocalTables tables;

    @BeforeAll
    static void start() throws Exception {
        dynamoDb = LocalDynamoDb.server();
        proxy = new DynamoDbFaultProxy(dynamoDb.endpoint(), 42);
        mode = LocalMode.start(LocalMode.Options.builder().port(0).dynamoDbEndpoint(proxy.endpoint()).build());
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

    @AfterEach
    void faultsOff() {
        proxy.loseAnswers(0);
    }

    private static void createCounter(String id) {
        assertThat(api.put("/counters/" + id, "{\"counterId\":\"" + id + "\",\"value\":0}",
                Map.of("If-None-Match", "*")).status()).isEqualTo(201);
    }

    @Test
    void g4_300SequentialKeylessIncrementsWith30PercentOfCommittedAnswersLost_answer300x200AndHold300() {
        createCounter("g4-seq");
        int faultsBefore = proxy.dropped();
        proxy.loseAnswers(LOST_ANSWERS);

        Map<Integer, Integer> statuses = Statuses.of(300,
                i -> api.post("/counters/g4-seq/increment", "{\"value\":1}", Map.of()).status());

        proxy.loseAnswers(0);
        assertThat(statuses).containsExactly(entry(200, 300));
        assertHolds("/counters/g4-seq", "value", 300);
        assertThat(proxy.dropped() - faultsBefore).as("control: committed answers were lost").isGreaterThan(60);
        report("300 keyless increments", faultsBefore);
    }

    @Test
    void g4_8WritersX25KeylessIncrementsOnOneItem_answer200x200AndHold200() throws Exception {
        createCounter("g4-hot");
        int faultsBefore = proxy.dropped();
        proxy.loseAnswers(LOST_ANSWERS);

        List<Map<Integer, Integer>> perWriter = Concurrently.run(8, () -> Statuses.of(25,
                i -> api.post("/counters/g4-hot/increment", "{\"value\":1}", Map.of()).status()));

        proxy.loseAnswers(0);
        assertThat(perWriter).allSatisfy(statuses -> assertThat(statuses).containsExactly(entry(200, 25)));
        assertHolds("/counters/g4-hot", "value", 200);
        assertThat(proxy.dropped() - faultsBefore).as("control: committed answers were lost").isGreaterThan(40);
        report("8 writers x 25 increments", faultsBefore);
    }

    @Test
    void g4g5_100KeyedPatchesAnd100KeyedPostsWith30PercentOfCommittedAnswersLost_answerNo5xx() {
        assertThat(api.put("/users/patched", "{\"userId\":\"patched\",\"n\":0}", Map.of("If-None-Match", "*"))
                .status()).isEqualTo(201);
        int faultsBefore = proxy.dropped();
        proxy.loseAnswers(LOST_ANSWERS);

        Map<Integer, Integer> patches = Statuses.of(100, i -> api.patch("/users/patched",
                "{\"n\":" + (i + 1) + "}", Map.of("If-Match", "\"" + (i + 1) + "\"", "Idempotency-Key", "patch-" + i))
                .status());
        Map<Integer, Integer> posts = Statuses.of(100, i -> api.post("/users", "{\"name\":\"user " + i + "\"}",
                Map.of("Idempotency-Key", "post-" + i)).status());

        proxy.loseAnswers(0);
        assertThat(patches).containsExactly(entry(200, 100));
        assertThat(posts).containsExactly(entry(201, 100));
        assertHolds("/users/patched", "n", 100);
        assertThat(proxy.dropped() - faultsBefore).as("control: committed answers were lost").isGreaterThan(40);
        report("100 keyed PATCHes + 100 keyed POSTs", faultsBefore);
    }

    @Test
    void control_plainUpdateItemAddThroughTheSameProxyAndTheFunctionsClientSettings_isAppliedAgainForLostAnswers() {
        String table = tables.tableOf("counters");
        Map<String, AttributeValue> key = Map.of("counterId", AttributeValue.fromS("plain"));
        tables.client().putItem(b -> b.tableName(table).item(Map.of(
                "counterId", AttributeValue.fromS("plain"), "value", AttributeValue.fromN("0"))));
        RuntimeConfiguration config = RuntimeConfiguration.fromEnvironment(mode.environment());
        proxy.loseAnswers(LOST_ANSWERS);
        int gaveUp = 0;
        try (DynamoDbClient plain = DynamoDbClientFactory.builder(config)
                .region(LocalDynamoDb.REGION).credentialsProvider(LocalDynamoDb.CREDENTIALS).build()) {
            for (int i = 0; i < 100; i++) {
                try {
                    plain.updateItem(b -> b.tableName(table).key(key)
                            .updateExpression("ADD #v :one")
                            .expressionAttributeNames(Map.of("#v", "value"))
                            .expressionAttributeValues(Map.of(":one", AttributeValue.fromN("1"))));
                } catch (SdkException attemptsRanOut) {
                    gaveUp++;
                }
            }
        } finally {
            proxy.loseAnswers(0);
        }
        long value = Long.parseLong(tables.client().getItem(b -> b.tableName(table).key(key).consistentRead(true))
                .item().get("value").n());
        System.out.printf("control, 100 plain ADDs: value %d, %d calls gave up%n", value, gaveUp);
        assertThat(value).as("without the runtime, committed writes are applied again on retry (%d calls gave up)",
                gaveUp).isGreaterThan(100);
    }

    /** The item holds {@code value}, written by as many writes after its create: its version is one more. */
    private static void assertHolds(String path, String attribute, long value) {
        HttpApi.Answer item = api.get(path);
        assertThat(item.number(attribute)).isEqualTo(value);
        assertThat(item.header("ETag")).contains("\"" + (value + 1) + "\"");
    }

    private static void report(String what, int faultsBefore) {
        System.out.printf("%s over HTTP: %d answers lost%n", what, proxy.dropped() - faultsBefore);
    }
}
