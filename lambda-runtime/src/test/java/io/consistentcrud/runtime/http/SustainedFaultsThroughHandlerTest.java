package io.consistentcrud.runtime.http;

import static io.consistentcrud.runtime.http.HttpFixture.json;
import static io.consistentcrud.runtime.http.HttpFixture.req;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import io.consistentcrud.runtime.ConsistentStore;
import io.consistentcrud.runtime.client.DynamoDbClientFactory;
import io.consistentcrud.runtime.config.RuntimeConfiguration;
import io.consistentcrud.testing.Concurrently;
import io.consistentcrud.runtime.testing.CountingMetrics;
import io.consistentcrud.testing.FaultProxy;
import io.consistentcrud.testing.LocalDynamoDb;
import io.consistentcrud.testing.Statuses;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;
import software.amazon.awssdk.retries.api.RetryStrategy;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * G4 at the edges, in process, through the handler: the production client ({@link DynamoDbClientFactory} with the
 * construct's default budget: 3 attempts of 2 s, 9 s per call) behind a loopback proxy that loses 30% of the
 * committed write answers (the connection is reset after DynamoDB applied the write). No fault sequence is capped,
 * and every request gets the time an invocation gets in production (the default Lambda timeout of 27 s, less the
 * entry's answer reserve). Each test carries a control that shows its faults really happened.
 */
class SustainedFaultsThroughHandlerTest {
    private static final double LOST_ANSWERS = 0.3;
    private static final Duration INVOCATION = Duration.ofSeconds(27).minus(LambdaEntry.ANSWER_RESERVE);

    private static LocalDynamoDb engine;
    private static HttpFixture fixture;
    private static FaultProxy proxy;

    private DynamoDbClient client;
    private CountingMetrics metrics;
    private CrudHandler handler;

    @BeforeAll
    static void start() {
        engine = LocalDynamoDb.server();
        fixture = new HttpFixture(engine);
        // Resets only: a held answer would cost a whole 2 s attempt timeout and add nothing the resets do not show.
        proxy = FaultProxy.start(engine.endpoint(), 0, 0, 20261204L, Duration.ofSeconds(3));
    }

    @AfterAll
    static void stop() {
        System.out.printf("fault proxy: %d writes, %d write faults, %d read faults%n",
                proxy.writesSeen(), proxy.faultsInjected(), proxy.readFaults());
        proxy.close();
        engine.close();
    }

    @BeforeEach
    void connect() {
        client = productionClient(proxy.endpoint());
        metrics = new CountingMetrics();
        handler = new CrudHandler(fixture.config, new ConsistentStore(client,
                fixture.config.storeOptions().metrics(metrics).build()), HandlerOptions.defaults());
    }

    @AfterEach
    void disconnect() {
        proxy.writeFaultRate(0);
        proxy.readFaultRate(0);
        client.close();
    }

    private static DynamoDbClient productionClient(URI endpoint) {
        return clientWith(endpoint, null);
    }

    private static DynamoDbClient clientWith(URI endpoint, RetryStrategy retryStrategy) {
        RuntimeConfiguration config = fixture.config.withDynamoDbEndpoint(endpoint.toString());
        return (retryStrategy == null ? DynamoDbClientFactory.builder(config)
                : DynamoDbClientFactory.builder(config, retryStrategy))
                .region(LocalDynamoDb.REGION).credentialsProvider(LocalDynamoDb.CREDENTIALS).build();
    }

    private ProxyResponse send(HttpFixture.Req request) {
        return handler.handle(request.build(), Instant.now().plus(INVOCATION));
    }

    private static HttpFixture.Req increment(long counterId) {
        return req("POST", "/counters/{counterId}/increment").path("counterId", Long.toString(counterId))
                .json("{\"hits\":1}");
    }

    private void createCounter(long counterId) {
        assertThat(send(req("PUT", "/counters/{counterId}").path("counterId", Long.toString(counterId))
                .header("If-None-Match", "*").json("{\"hits\":0}")).statusCode()).isEqualTo(201);
    }

    private static long stored(long counterId, String attribute) {
        return Long.parseLong(engine.client().getItem(b -> b.tableName(HttpFixture.COUNTERS.tableName())
                .key(Map.of("counterId", AttributeValue.fromN(Long.toString(counterId)))).consistentRead(true))
                .item().get(attribute).n());
    }

    @Test
    void g4_300SequentialKeylessIncrementsWith30PercentOfCommittedAnswersLost_answer300x200AndHold300() {
        createCounter(300);
        int faultsBefore = proxy.faultsInjected();
        proxy.writeFaultRate(LOST_ANSWERS);

        Map<Integer, Integer> statuses = Statuses.of(300, i -> send(increment(300)).statusCode());

        proxy.writeFaultRate(0);
        assertThat(statuses).containsExactly(entry(200, 300));
        assertThat(stored(300, "hits")).isEqualTo(300);
        assertThat(stored(300, "rev")).isEqualTo(301);
        assertThat(proxy.faultsInjected() - faultsBefore).as("control: committed answers were lost").isGreaterThan(60);
        assertThat(metrics.resends.get()).as("control: the SDK gave up after its 3 attempts (a 503 before the store"
                + " re-sent until the deadline)").isPositive();
        report("300 keyless increments", faultsBefore);
    }

    @Test
    void g4_8WritersX25KeylessIncrementsOnOneItem_answer200x200AndHold200() throws Exception {
        createCounter(200);
        int faultsBefore = proxy.faultsInjected();
        proxy.writeFaultRate(LOST_ANSWERS);

        List<Map<Integer, Integer>> perWriter = Concurrently.run(8,
                () -> Statuses.of(25, i -> send(increment(200)).statusCode()));

        proxy.writeFaultRate(0);
        assertThat(perWriter).allSatisfy(statuses -> assertThat(statuses).containsExactly(entry(200, 25)));
        assertThat(stored(200, "hits")).isEqualTo(200);
        assertThat(stored(200, "rev")).isEqualTo(201);
        assertThat(proxy.faultsInjected() - faultsBefore).as("control: committed answers were lost").isGreaterThan(40);
        report("8 writers x 25 increments", faultsBefore);
    }

    @Test
    void g4g5_100KeyedPatchesAnd100KeyedPostsWith30PercentOfCommittedAnswersLost_answerNo5xx() {
        assertThat(send(req("PUT", "/users/{userId}").path("userId", "patched").header("If-None-Match", "*")
                .json("{\"n\":0}")).statusCode()).isEqualTo(201);
        int faultsBefore = proxy.faultsInjected();
        proxy.writeFaultRate(LOST_ANSWERS);

        Map<Integer, Integer> patches = Statuses.of(100, i -> send(req("PATCH", "/users/{userId}")
                .path("userId", "patched").header("If-Match", "\"" + (i + 1) + "\"")
                .header("Idempotency-Key", "patch-" + i).json("{\"n\":" + (i + 1) + "}")).statusCode());
        Map<Integer, Integer> posts = Statuses.of(100, i -> send(req("POST", "/users")
                .header("Idempotency-Key", "post-" + i).json("{\"name\":\"user " + i + "\"}")).statusCode());

        proxy.writeFaultRate(0);
        assertThat(patches).containsExactly(entry(200, 100));
        assertThat(posts).containsExactly(entry(201, 100));
        ProxyResponse user = send(req("GET", "/users/{userId}").path("userId", "patched"));
        assertThat(user.headers()).containsEntry("ETag", "\"101\"");
        assertThat(json(user).get("n").asNumber()).isEqualTo("100");
        assertThat(proxy.faultsInjected() - faultsBefore).as("control: committed answers were lost").isGreaterThan(40);
        assertThat(metrics.resends.get()).as("control: the SDK gave up after its 3 attempts (a 503 before the store"
                + " re-sent until the deadline)").isPositive();
        report("100 keyed PATCHes + 100 keyed POSTs", faultsBefore);
    }

    @Test
    void g1g4_300ReadsWith30PercentOfAnswersLost_answer300x200() {
        createCounter(301);
        int readFaultsBefore = proxy.readFaults();
        proxy.readFaultRate(LOST_ANSWERS);

        Map<Integer, Integer> statuses = Statuses.of(300,
                i -> send(req("GET", "/counters/{counterId}").path("counterId", "301")).statusCode());

        proxy.readFaultRate(0);
        assertThat(statuses).containsExactly(entry(200, 300));
        assertThat(proxy.readFaults() - readFaultsBefore).as("control: answers were lost").isGreaterThan(60);
        assertThat(metrics.resends.get()).as("control: the SDK gave up after its 3 attempts (a 503 before the store"
                + " re-sent until the deadline)").isPositive();
    }

    @Test
    void control_plainUpdateItemAddThroughTheSameProxyAndProductionClient_isAppliedAgainForLostAnswers() {
        createCounter(100);
        proxy.writeFaultRate(LOST_ANSWERS);
        int failed = 0;
        for (int i = 0; i < 100; i++) {
            try {
                client.updateItem(b -> b.tableName(HttpFixture.COUNTERS.tableName())
                        .key(Map.of("counterId", AttributeValue.fromN("100")))
                        .updateExpression("ADD #h :one")
                        .expressionAttributeNames(Map.of("#h", "hits"))
                        .expressionAttributeValues(Map.of(":one", AttributeValue.fromN("1"))));
            } catch (SdkException gaveUp) {
                failed++;
            }
        }
        proxy.writeFaultRate(0);
        assertThat(stored(100, "hits")).as("the SDK re-sent committed writes; %d calls gave up", failed)
                .isGreaterThan(100);
    }

    /** Production's retry strategy, after a long burst of lost answers, still retries the next lost answer. */
    @Test
    void g4_aLongBurstOfLostAnswers_leavesTheSdkRetryingLaterLostAnswers() {
        try (FaultProxy everyAnswerLost = FaultProxy.start(engine.endpoint(), 1.0, 0, 7L, Duration.ofSeconds(1));
             DynamoDbClient production = productionClient(everyAnswerLost.endpoint())) {
            assertThat(attemptsOfALostAnswerAfterABurst(everyAnswerLost, production)).isEqualTo(3);
        }
    }

    /** Control: the SDK's default standard strategy, with its retry token bucket, stops retrying after the burst. */
    @Test
    void control_withTheSdksRetryTokenBucket_aLongBurstOfLostAnswersStopsLaterRetries() {
        RetryStrategy withBucket = AwsRetryStrategy.standardRetryStrategy().toBuilder().maxAttempts(3).build();
        try (FaultProxy everyAnswerLost = FaultProxy.start(engine.endpoint(), 1.0, 0, 7L, Duration.ofSeconds(1));
             DynamoDbClient bucketed = clientWith(everyAnswerLost.endpoint(), withBucket)) {
            assertThat(attemptsOfALostAnswerAfterABurst(everyAnswerLost, bucketed)).isEqualTo(1);
        }
    }

    /**
     * 80 writes that lose every answer (160 retries: more than the SDK bucket's 500 tokens at 5 a retry), then one
     * more lost answer: how many attempts does it get? (With the bucket, a success gives back a token or so, so
     * a container that keeps losing answers keeps its bucket empty.)
     */
    private static int attemptsOfALostAnswerAfterABurst(FaultProxy faults, DynamoDbClient dynamoDb) {
        for (int i = 0; i < 80; i++) {
            try {
                putPlain(dynamoDb, "burst-" + i);
            } catch (SdkException expected) {
                // Every answer of the burst is lost.
            }
        }
        int before = faults.writesSeen();
        try {
            putPlain(dynamoDb, "after-the-burst");
        } catch (SdkException expected) {
            // Lost again; what counts is how often the SDK sent it.
        }
        return faults.writesSeen() - before;
    }

    private static void putPlain(DynamoDbClient dynamoDb, String id) {
        dynamoDb.putItem(b -> b.tableName(HttpFixture.USERS.tableName())
                .item(Map.of("userId", AttributeValue.fromS(id))));
    }

    @Test
    void g4_whenTheDeadlinePassesOnAKeyedWrite_503SaysAppliedAtMostOnce_andTheRepeatWithTheKeyAnswersTheOutcome() {
        createCounter(503);
        proxy.writeFaultRate(1.0);
        ProxyResponse lost = handler.handle(increment(503).header("Idempotency-Key", "deadline-keyed").build(),
                Instant.now().plusSeconds(2));
        proxy.writeFaultRate(0);

        assertThat(lost.statusCode()).isEqualTo(503);
        assertThat(lost.headers()).containsEntry("Content-Type", Problem.MEDIA_TYPE).containsEntry("Retry-After", "1");
        Map<String, JsonNode> problem = json(lost);
        assertThat(problem.get("type").asString()).isEqualTo("urn:consistentcrud:problem:outcome-unconfirmed");
        assertThat(problem.get("detail").asString()).contains("at most once").contains("same Idempotency-Key");

        ProxyResponse repeat = send(increment(503).header("Idempotency-Key", "deadline-keyed"));
        assertThat(repeat.statusCode()).isEqualTo(200);
        assertThat(repeat.headers()).containsEntry(OutcomeMapping.REPLAYED_HEADER, "true");
        assertThat(stored(503, "hits")).as("the lost write was applied once, the repeat answered it").isEqualTo(1);
    }

    @Test
    void g4_whenTheDeadlinePassesOnAKeylessWrite_503SaysTheOutcomeIsUnknown_andNeverToRepeatWithAKey() {
        createCounter(504);
        proxy.writeFaultRate(1.0);
        ProxyResponse lost = handler.handle(increment(504).build(), Instant.now().plusSeconds(2));
        proxy.writeFaultRate(0);

        assertThat(lost.statusCode()).isEqualTo(503);
        assertThat(lost.headers()).containsEntry("Content-Type", Problem.MEDIA_TYPE).doesNotContainKey("Retry-After");
        Map<String, JsonNode> problem = json(lost);
        assertThat(problem.get("type").asString()).isEqualTo("urn:consistentcrud:problem:outcome-unknown");
        assertThat(problem.get("detail").asString()).contains("may apply it again").contains("read the item")
                .doesNotContain("same Idempotency-Key");
        assertThat(stored(504, "hits")).as("control: the write whose answer was lost was applied").isEqualTo(1);
    }

    @Test
    void g4_anIncrementThatCommittedButCannotBeReadBack_answers200WithWhatIsKnown() {
        createCounter(505);
        proxy.readFaultRate(1.0);
        ProxyResponse unversioned = handler.handle(increment(505).build(), Instant.now().plusSeconds(2));
        ProxyResponse versioned = handler.handle(increment(505).header("If-Match", "\"2\"").build(),
                Instant.now().plusSeconds(2));
        int readFaults = proxy.readFaults();
        proxy.readFaultRate(0);

        assertThat(unversioned.statusCode()).isEqualTo(200);
        assertThat(unversioned.headers()).doesNotContainKey("ETag");
        assertThat(json(unversioned)).containsOnlyKeys("counterId");
        assertThat(versioned.statusCode()).isEqualTo(200);
        assertThat(versioned.headers()).containsEntry("ETag", "\"3\"");
        assertThat(json(versioned)).containsOnlyKeys("counterId");
        assertThat(stored(505, "hits")).isEqualTo(2);
        assertThat(readFaults).as("control: the reads after the writes really failed").isPositive();
    }

    @Test
    void g5_aReplayWhoseItemCannotBeReadBack_answersTheRecordedOutcomeWithoutABody() {
        createCounter(506);
        HttpFixture.Req keyed = increment(506).header("Idempotency-Key", "replay-unread").header("If-Match", "\"1\"");
        assertThat(send(keyed).statusCode()).isEqualTo(200);
        proxy.readFaultRate(1.0);
        ProxyResponse replay = handler.handle(keyed.build(), Instant.now().plusSeconds(2));
        proxy.readFaultRate(0);

        assertThat(replay.statusCode()).isEqualTo(200);
        assertThat(replay.headers()).containsEntry(OutcomeMapping.REPLAYED_HEADER, "true")
                .containsEntry("ETag", "\"2\"");
        assertThat(stored(506, "hits")).isEqualTo(1);
    }

    private void report(String what, int faultsBefore) {
        System.out.printf("%s: %d lost answers; SDK retries %d, re-sends after the SDK gave up %d, recovered"
                + " ambiguous writes %d%n", what, proxy.faultsInjected() - faultsBefore, metrics.sdkRetries.get(),
                metrics.resends.get(), metrics.recoveredAmbiguousWrites.get());
    }
}
