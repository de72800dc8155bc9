package io.consistentcrud.e2e.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import io.consistentcrud.runtime.client.DynamoDbClientFactory;
import io.consistentcrud.runtime.config.RuntimeConfiguration;
import io.consistentcrud.testing.Concurrently;
import io.consistentcrud.testing.LocalDynamoDb;
import io.consistentcrud.testing.Statuses;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Over HTTP, through the local gateway: the SDK retries writes that already committed (G4, docs/guarantees.md), and
 * runs out of attempts long before the invocation runs out of time. A fault proxy between the function and DynamoDB
 * Local drops the answer of 30% of the write attempts after DynamoDB applied them, with no cap on how many follow each
 * other. The function runs with the sample's own settings (the construct's default budget: 3 attempts of 2 s, 9 s per
 * call, a 27 s Lambda timeout): nothing here is a test-only retry strategy.
 */
class SustainedFaultsOverHttpTest {
    @RegisterExtension
    static final LocalApi local = LocalApi.behindFaultProxy(42, o -> o);

    private static final double LOST_ANSWERS = 0.3;

    @AfterEach
    void faultsOff() {
        local.proxy().writeFaultRate(0);
    }

    private static void createCounter(String id) {
        assertThat(local.api().put("/counters/" + id, "{\"counterId\":\"" + id + "\",\"value\":0}",
                Map.of("If-None-Match", "*")).status()).isEqualTo(201);
    }

    @Test
    void g4_300SequentialKeylessIncrementsWith30PercentOfCommittedAnswersLost_answer300x200AndHold300() {
        createCounter("g4-seq");
        int faultsBefore = local.proxy().faultsInjected();
        local.proxy().writeFaultRate(LOST_ANSWERS);

        Map<Integer, Integer> statuses = Statuses.of(300,
                i -> local.api().post("/counters/g4-seq/increment", "{\"value\":1}", Map.of()).status());

        local.proxy().writeFaultRate(0);
        assertThat(statuses).containsExactly(entry(200, 300));
        assertHolds("/counters/g4-seq", "value", 300);
        assertThat(local.proxy().faultsInjected() - faultsBefore)
                .as("control: committed answers were lost").isGreaterThan(60);
        report("300 keyless increments", faultsBefore);
    }

    @Test
    void g4_8WritersX25KeylessIncrementsOnOneItem_answer200x200AndHold200() throws Exception {
        createCounter("g4-hot");
        int faultsBefore = local.proxy().faultsInjected();
        local.proxy().writeFaultRate(LOST_ANSWERS);

        List<Map<Integer, Integer>> perWriter = Concurrently.run(8, () -> Statuses.of(25,
                i -> local.api().post("/counters/g4-hot/increment", "{\"value\":1}", Map.of()).status()));

        local.proxy().writeFaultRate(0);
        assertThat(perWriter).allSatisfy(statuses -> assertThat(statuses).containsExactly(entry(200, 25)));
        assertHolds("/counters/g4-hot", "value", 200);
        assertThat(local.proxy().faultsInjected() - faultsBefore)
                .as("control: committed answers were lost").isGreaterThan(40);
        report("8 writers x 25 increments", faultsBefore);
    }

    @Test
    void g4g5_100KeyedPatchesAnd100KeyedPostsWith30PercentOfCommittedAnswersLost_answerNo5xx() {
        assertThat(local.api().put("/users/patched", "{\"userId\":\"patched\",\"n\":0}", Map.of("If-None-Match", "*"))
                .status()).isEqualTo(201);
        int faultsBefore = local.proxy().faultsInjected();
        local.proxy().writeFaultRate(LOST_ANSWERS);

        Map<Integer, Integer> patches = Statuses.of(100, i -> local.api().patch("/users/patched",
                "{\"n\":" + (i + 1) + "}", Map.of("If-Match", "\"" + (i + 1) + "\"", "Idempotency-Key", "patch-" + i))
                .status());
        Map<Integer, Integer> posts = Statuses.of(100, i -> local.api().post("/users", "{\"name\":\"user " + i + "\"}",
                Map.of("Idempotency-Key", "post-" + i)).status());

        local.proxy().writeFaultRate(0);
        assertThat(patches).containsExactly(entry(200, 100));
        assertThat(posts).containsExactly(entry(201, 100));
        assertHolds("/users/patched", "n", 100);
        assertThat(local.proxy().faultsInjected() - faultsBefore)
                .as("control: committed answers were lost").isGreaterThan(40);
        report("100 keyed PATCHes + 100 keyed POSTs", faultsBefore);
    }

    @Test
    void control_plainUpdateItemAddThroughTheSameProxyAndTheFunctionsClientSettings_isAppliedAgainForLostAnswers() {
        String table = local.tables().tableOf("counters");
        Map<String, AttributeValue> key = Map.of("counterId", AttributeValue.fromS("plain"));
        local.tables().client().putItem(b -> b.tableName(table).item(Map.of(
                "counterId", AttributeValue.fromS("plain"), "value", AttributeValue.fromN("0"))));
        RuntimeConfiguration config = RuntimeConfiguration.fromEnvironment(local.mode().environment());
        local.proxy().writeFaultRate(LOST_ANSWERS);
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
            local.proxy().writeFaultRate(0);
        }
        long value = Long.parseLong(local.tables().client()
                .getItem(b -> b.tableName(table).key(key).consistentRead(true))
                .item().get("value").n());
        System.out.printf("control, 100 plain ADDs: value %d, %d calls gave up%n", value, gaveUp);
        assertThat(value).as("without the runtime, committed writes are applied again on retry (%d calls gave up)",
                gaveUp).isGreaterThan(100);
    }

    /** The item holds {@code value}, written by as many writes after its create: its version is one more. */
    private static void assertHolds(String path, String attribute, long value) {
        HttpApi.Answer item = local.api().get(path);
        assertThat(item.number(attribute)).isEqualTo(value);
        assertThat(item.header("ETag")).contains("\"" + (value + 1) + "\"");
    }

    private static void report(String what, int faultsBefore) {
        System.out.printf("%s over HTTP: %d answers lost%n", what, local.proxy().faultsInjected() - faultsBefore);
    }
}
