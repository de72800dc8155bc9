package io.consistentcrud.runtime.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.consistentcrud.runtime.config.RuntimeConfiguration;
import io.consistentcrud.testing.LocalDynamoDb;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * SnapStart: the CRaC hook primes with the SDK's warm-up and the request path on an in-memory HTTP client (no call to
 * DynamoDB, no reserved key), leaves no client behind, and restores.
 */
class SnapStartHookTest {
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
    void snapStartHook_registeredWithCracOnlyWhereTheInitCanBeSnapshotted() {
        for (Map.Entry<String, Boolean> expected : Map.of(
                "on-demand", false, "provisioned-concurrency", false, "snap-start", true, "", true).entrySet()) {
            Map<String, String> env = new java.util.HashMap<>(environment(dynamoDb.endpoint().toString()));
            if (!expected.getKey().isEmpty()) {
                env.put(LambdaEntry.INITIALIZATION_TYPE_ENV, expected.getKey());
            }
            LambdaEntry entry = quietEntry(env);
            try {
                assertThat(entry.snapStartHookRegistered())
                        .as("init type '%s' (empty: not set, as outside Lambda)", expected.getKey())
                        .isEqualTo(expected.getValue());
            } finally {
                entry.close();
            }
        }
        assertThat(LambdaEntry.takesSnapshot("a-type-added-later"))
                .as("an init type this runtime does not know still registers: a missed priming costs more")
                .isTrue();
    }

    /** An entry on the environment whose log lines go nowhere. */
    private static LambdaEntry quietEntry(Map<String, String> env) {
        return new LambdaEntry(RuntimeConfiguration.fromEnvironment(env), env,
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8), Clock.systemUTC());
    }

    /** Two entities with schemas, as the construct writes them into the entities document, and Lambda's init type. */
    private static Map<String, String> environmentWithSchemas(String initializationType) {
        // Straight to DynamoDB Local, not through the relay: the other test counts the relay's connections.
        Map<String, String> env = new java.util.HashMap<>(environment(dynamoDb.endpoint().toString()));
        env.put("CCA_ENTITIES", "[{\"name\":\"users\",\"table\":\"http-users\",\"pk\":{\"name\":\"userId\","
                + "\"type\":\"S\"},\"version\":\"version\",\"consistentRead\":true,\"schema\":{\"type\":\"object\","
                + "\"required\":[\"userId\",\"name\"],\"properties\":{\"userId\":{\"type\":\"string\"},"
                + "\"name\":{\"type\":\"string\",\"minLength\":1}}}},"
                + "{\"name\":\"counters\",\"table\":\"http-counters\",\"pk\":{\"name\":\"counterId\",\"type\":\"N\"},"
                + "\"version\":\"rev\",\"consistentRead\":true,\"schema\":{\"type\":\"object\","
                + "\"properties\":{\"counterId\":{\"type\":\"integer\"},\"n\":{\"type\":\"integer\"}}}}]");
        env.put(LambdaEntry.INITIALIZATION_TYPE_ENV, initializationType);
        return env;
    }

    @Test
    void schemas_compiledInTheBackgroundDuringInit_beforeCheckpointLeavesEveryOneCompiled_andTheRestoredEntryChecks()
            throws Exception {
        LambdaEntry entry = quietEntry(environmentWithSchemas("snap-start"));
        // The priming hook waits for the background compilation instead of compiling a second time.
        entry.snapStartHook().beforeCheckpoint(null);
        assertThat(entry.configuration().entities().values())
                .allSatisfy(e -> assertThat(e.schema().orElseThrow().isCompiled()).isTrue());
        entry.snapStartHook().afterRestore(null);
        ProxyResponse refused = entry.handle(HttpFixture.req("PUT", "/users/{userId}").path("userId", "schema-snap")
                .header("If-None-Match", "*").json("{\"name\":\"\"}").build(), Instant.now().plusSeconds(9));
        assertThat(refused.statusCode()).isEqualTo(400);
        ProxyResponse created = entry.handle(HttpFixture.req("PUT", "/users/{userId}").path("userId", "schema-snap")
                .header("If-None-Match", "*").json("{\"name\":\"S\"}").build(), Instant.now().plusSeconds(9));
        assertThat(created.statusCode()).isEqualTo(201);
    }

    @Test
    void schemaPriming_onDemandInitCompilesEverySchemaOnItsOwnThread_beforeAnyRequest_andNoThreadWithoutSchemas()
            throws Exception {
        LambdaEntry entry = quietEntry(environmentWithSchemas("on-demand"));
        try {
            Thread priming = entry.schemaPrimingThread().orElseThrow();
            assertThat(priming.getName()).isEqualTo(SchemaPriming.THREAD_NAME);
            assertThat(priming.isDaemon()).as("never keeps a JVM alive").isTrue();
            priming.join(30_000);
            assertThat(priming.isAlive()).isFalse();
            assertThat(entry.configuration().entities().values())
                    .as("compiled with no request served: the first write finds its validator ready")
                    .allSatisfy(e -> assertThat(e.schema().orElseThrow().isCompiled()).isTrue());
        } finally {
            entry.close();
        }

        Map<String, String> plain = new java.util.HashMap<>(environment(dynamoDb.endpoint().toString()));
        plain.put(LambdaEntry.INITIALIZATION_TYPE_ENV, "on-demand");
        LambdaEntry withoutSchemas = quietEntry(plain);
        try {
            assertThat(withoutSchemas.schemaPrimingThread()).as("no schema, no thread").isEmpty();
        } finally {
            withoutSchemas.close();
        }
    }

    @Test
    void snapStart_beforeCheckpointPrimesWithoutAnyCallToDynamoDb_andKeepsNoClient_afterRestoreServesRequests()
            throws Exception {
        Map<String, String> env = environment(relay.endpoint().toString());
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        LambdaEntry entry = new LambdaEntry(RuntimeConfiguration.fromEnvironment(env), env,
                new PrintStream(log, true, StandardCharsets.UTF_8), Clock.systemUTC());
        assertThat(relay.accepted()).as("construction opens no connection").isZero();
        Map<String, ?> before = fixture.scanAll();

        entry.snapStartHook().beforeCheckpoint(null);

        assertThat(relay.accepted()).as("priming reached DynamoDB over the network").isZero();
        assertThat(entry.client()).as("no client (and so no credentials) held in the snapshot").isNull();
        List<String> priming = log.toString(StandardCharsets.UTF_8).lines()
                .filter(l -> l.contains("\"requestId\":\"snapstart-priming\"")).toList();
        assertThat(priming).as("one read per entity ran the whole request path").hasSize(3)
                .allSatisfy(l -> assertThat(l).contains("\"status\":404"));
        assertThat(fixture.scanAll()).as("priming wrote nothing").isEqualTo(before);

        entry.snapStartHook().afterRestore(null);
        DynamoDbClient restored = entry.client();
        assertThat(restored).isNotNull();
        ProxyResponse created = entry.handle(HttpFixture.req("PUT", "/users/{userId}").path("userId", "restored")
                .header("If-None-Match", "*").json("{\"name\":\"R\"}").build(), Instant.now().plusSeconds(9));
        assertThat(created.statusCode()).isEqualTo(201);
        // The control: the restored client does reach DynamoDB through the relay, which is what the check above
        // would have seen.
        assertThat(relay.accepted()).isPositive();
        assertThat(relay.open()).isPositive();

        // Lambda snapshots once, after init and before any invocation, so the only connections a checkpoint could
        // capture are priming's, and priming has none. A later checkpoint (CRaC allows it) still drops the client.
        int acceptedBefore = relay.accepted();
        entry.snapStartHook().beforeCheckpoint(null);
        assertThat(entry.client()).isNull();
        assertThat(relay.accepted()).as("a second priming opens no connection either").isEqualTo(acceptedBefore);
        entry.snapStartHook().afterRestore(null);
        assertThat(entry.client()).isNotSameAs(restored);
    }

    @Test
    void snapStart_primingReservesNoKey_theFormerPrimingIdsAreOrdinaryKeys() throws Exception {
        Map<String, String> env = environment(dynamoDb.endpoint().toString());
        LambdaEntry entry = quietEntry(env);
        entry.snapStartHook().beforeCheckpoint(null);
        entry.snapStartHook().afterRestore(null);

        ProxyResponse created = entry.handle(HttpFixture.req("PUT", "/users/{userId}")
                .path("userId", "_ccaSnapStartPriming").header("If-None-Match", "*").json("{\"name\":\"P\"}")
                .build(), Instant.now().plusSeconds(9));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        ProxyResponse number = entry.handle(HttpFixture.req("POST", "/counters")
                .json("{\"counterId\":-1.23456789E-129}").build(), Instant.now().plusSeconds(9));
        assertThat(number.statusCode()).as(number.body()).isEqualTo(201);

        // A checkpoint after those items exist still primes: priming never reads a table.
        entry.snapStartHook().beforeCheckpoint(null);
        entry.snapStartHook().afterRestore(null);
        assertThat(entry.handle(HttpFixture.req("GET", "/users/{userId}").path("userId", "_ccaSnapStartPriming")
                .build(), Instant.now().plusSeconds(9)).statusCode()).isEqualTo(200);
    }

    @Test
    void snapStart_primingNeedsNoTable_aMissingTableIsFoundByTheFirstRequest_notAtCheckpoint() {
        Map<String, String> env = new java.util.HashMap<>(environment(dynamoDb.endpoint().toString()));
        env.put("CCA_ENTITIES", "[{\"name\":\"ghosts\",\"table\":\"no-such-table\",\"pk\":{\"name\":\"id\",\"type\":\"S\"}},"
                + "{\"name\":\"users\",\"table\":\"http-users\",\"pk\":{\"name\":\"userId\",\"type\":\"S\"}}]");
        LambdaEntry entry = quietEntry(env);

        entry.snapStartHook().beforeCheckpoint(null);
        entry.snapStartHook().afterRestore(null);

        ProxyResponse ghost = entry.handle(HttpFixture.req("GET", "/ghosts/{id}").path("id", "g").build(),
                Instant.now().plusSeconds(9));
        assertThat(ghost.statusCode()).as("the control: the table really is missing").isGreaterThanOrEqualTo(500);
        ProxyResponse read = entry.handle(HttpFixture.req("GET", "/users/{userId}").path("userId", "nobody").build(),
                Instant.now().plusSeconds(9));
        assertThat(read.statusCode()).isEqualTo(404);
    }
}
