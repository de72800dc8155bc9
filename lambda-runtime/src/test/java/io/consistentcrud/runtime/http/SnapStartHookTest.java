package io.consistentcrud.runtime.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.consistentcrud.runtime.config.RuntimeConfiguration;
import io.consistentcrud.testing.LocalDynamoDb;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** SnapStart: the CRaC hook primes without writing, leaves no connection or client behind, and restores. */
class SnapStartHookTest {
    /** How long the relay may take to notice a close; the JDK expires idle keep-alive sockets only after 5 s. */
    private static final Duration CLOSE_GRACE = Duration.ofMillis(1500);
    private static LocalDynamoDb dynamoDb;
    private static HttpFixture fixture;
    private static ConnectionCountingRelay relay;

    @BeforeAll
    static void start() throws Exception {
        dynamoDb = LocalDynamoDb.server();
        fixture = new HttpFixture(dynamoDb);
        relay = new ConnectionCountingRelay(dynamoDb.endpoint());
    }

    @AfterAll
    static void stop() throws Exception {
        relay.close();
        dynamoDb.close();
    }

    static Map<String, String> environment(String endpoint) {
        return Map.of(
                "CCA_ENTITIES", "[{\"name\":\"users\",\"table\":\"http-users\",\"pk\":{\"name\":\"userId\",\"type\":\"S\"},"
                        + "\"version\":\"version\",\"consistentRead\":true},"
                        + "{\"name\":\"orders\",\"table\":\"http-orders\",\"pk\":{\"name\":\"customerId\",\"type\":\"S\"},"
                        + "\"sk\":{\"name\":\"orderId\",\"type\":\"S\"},\"version\":\"version\",\"consistentRead\":true},"
                        + "{\"name\":\"counters\",\"table\":\"http-counters\",\"pk\":{\"name\":\"counterId\",\"type\":\"N\"},"
                        + "\"version\":\"rev\",\"consistentRead\":true}]",
                "CCA_ATTEMPT_TIMEOUT_MS", "2000",
                "CCA_CALL_TIMEOUT_MS", "9000",
                "CCA_MAX_ATTEMPTS", "3",
                "CCA_IDEMPOTENCY_TABLE", HttpFixture.IDEMPOTENCY.tableName(),
                "CCA_DYNAMODB_ENDPOINT", endpoint,
                "AWS_REGION", "us-east-1");
    }

    @Test
    void snapStart_beforeCheckpointPrimesWithoutWritingAndKeepsNoConnection_afterRestoreServesRequests()
            throws Exception {
        Map<String, String> env = environment(relay.endpoint().toString());
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        LambdaEntry entry = new LambdaEntry(RuntimeConfiguration.fromEnvironment(env), env,
                new PrintStream(log, true, StandardCharsets.UTF_8), Clock.systemUTC());
        assertThat(relay.accepted()).as("construction opens no connection").isZero();
        Map<String, ?> before = fixture.scanAll();

        entry.snapStartHook().beforeCheckpoint(null);

        assertThat(relay.accepted()).as("priming reached DynamoDB over the network").isPositive();
        // Well under the JDK's 5 s keep-alive expiry: a socket closed by the hook, not one that merely idled out.
        assertThat(relay.awaitAllClosed(CLOSE_GRACE)).as("no connection left open").isTrue();
        assertThat(entry.client()).as("no client (and so no credentials) held in the snapshot").isNull();
        List<String> priming = log.toString(StandardCharsets.UTF_8).lines()
                .filter(l -> l.contains("\"requestId\":\"snapstart-priming\"")).toList();
        assertThat(priming).hasSize(3).allSatisfy(l -> assertThat(l).contains("\"status\":404"));
        assertThat(fixture.scanAll()).as("priming wrote nothing").isEqualTo(before);

        entry.snapStartHook().afterRestore(null);
        DynamoDbClient restored = entry.client();
        assertThat(restored).isNotNull();
        ProxyResponse created = entry.handle(HttpFixture.req("PUT", "/users/{userId}").path("userId", "restored")
                .header("If-None-Match", "*").json("{\"name\":\"R\"}").build(), Instant.now().plusSeconds(9));
        assertThat(created.statusCode()).isEqualTo(201);
        // The control: an ordinary client keeps its connection open, which is what the check above would see.
        assertThat(relay.open()).isPositive();

        entry.snapStartHook().beforeCheckpoint(null);
        assertThat(relay.awaitAllClosed(CLOSE_GRACE)).as("a second checkpoint closes again").isTrue();
        entry.snapStartHook().afterRestore(null);
        assertThat(entry.client()).isNotSameAs(restored);
    }

    @Test
    void snapStart_aPrimingFailureAbortsTheCheckpointNamingTheEntity_andLeavesTheFunctionServing() {
        Map<String, String> env = new java.util.HashMap<>(environment(dynamoDb.endpoint().toString()));
        env.put("CCA_ENTITIES", "[{\"name\":\"ghosts\",\"table\":\"no-such-table\",\"pk\":{\"name\":\"id\",\"type\":\"S\"}},"
                + "{\"name\":\"users\",\"table\":\"http-users\",\"pk\":{\"name\":\"userId\",\"type\":\"S\"}}]");
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        LambdaEntry entry = new LambdaEntry(RuntimeConfiguration.fromEnvironment(env), env,
                new PrintStream(log, true, StandardCharsets.UTF_8), Clock.systemUTC());

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> entry.snapStartHook().beforeCheckpoint(null))
                .hasMessageContaining("'ghosts'");

        assertThat(entry.client()).isNotNull();
        ProxyResponse read = entry.handle(HttpFixture.req("GET", "/users/{userId}").path("userId", "nobody").build(),
                Instant.now().plusSeconds(9));
        assertThat(read.statusCode()).isEqualTo(404);
    }
}
