package io.consistentcrud.runtime.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.consistentcrud.runtime.config.RuntimeConfiguration;
import io.consistentcrud.testing.LocalDynamoDb;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** G8 through the Lambda entry: one request log line per request, EMF metrics, caller identity in the item. */
class LambdaEntryObservabilityTest {
    private static LocalDynamoDb dynamoDb;
    private static LambdaEntry entry;
    private static final ByteArrayOutputStream OUT = new ByteArrayOutputStream();

    @BeforeAll
    static void start() {
        dynamoDb = LocalDynamoDb.server();
        new HttpFixture(dynamoDb);
        Map<String, String> env = new HashMap<>(SnapStartHookTest.environment(dynamoDb.endpoint().toString()));
        env.put("CCA_METRICS_NAMESPACE", "ShopApi");
        env.put("CCA_SERVICE_NAME", "shop");
        entry = new LambdaEntry(RuntimeConfiguration.fromEnvironment(env), env,
                new PrintStream(OUT, true, StandardCharsets.UTF_8), Clock.systemUTC());
    }

    @AfterAll
    static void stop() {
        dynamoDb.close();
    }

    @BeforeEach
    void clearOutput() {
        OUT.reset();
    }

    private static String event(String method, String resource, String path, String pathParameters,
                                Map<String, String> headers, String body, String requestContextExtra) {
        JsonNodeText h = new JsonNodeText();
        headers.forEach(h::put);
        return "{\"httpMethod\":\"" + method + "\",\"resource\":\"" + resource + "\",\"path\":\"" + path + "\","
                + "\"pathParameters\":" + pathParameters + ",\"queryStringParameters\":null,"
                + "\"headers\":" + h + ",\"isBase64Encoded\":false,"
                + "\"body\":" + (body == null ? "null" : quote(body)) + ","
                + "\"requestContext\":{\"requestId\":\"gw-" + System.nanoTime() + "\",\"path\":\"/prod" + path + "\""
                + requestContextExtra + "}}";
    }

    private static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    /** Tiny JSON object text builder for string headers. */
    private static final class JsonNodeText {
        private final StringBuilder sb = new StringBuilder();

        void put(String k, String v) {
            sb.append(sb.length() == 0 ? "" : ",").append(quote(k)).append(':').append(quote(v));
        }

        @Override
        public String toString() {
            return "{" + sb + "}";
        }
    }

    private static Map<String, JsonNode> invoke(String event) throws IOException {
        ByteArrayOutputStream response = new ByteArrayOutputStream();
        entry.handleRequest(new ByteArrayInputStream(event.getBytes(StandardCharsets.UTF_8)), response, null);
        return JsonNode.parser().parse(response.toByteArray()).asObject();
    }

    private static List<Map<String, JsonNode>> lines() {
        return OUT.toString(StandardCharsets.UTF_8).lines().map(l -> JsonNode.parser().parse(l).asObject()).toList();
    }

    @Test
    void g8_oneStructuredLogLinePerRequest_withoutItemContentsOrHeaderValues() throws IOException {
        Map<String, JsonNode> answer = invoke(event("POST", "/users", "/users", "null",
                Map.of("Content-Type", "application/json", "Authorization", "Bearer top-secret-token"),
                "{\"userId\":\"logged\",\"ssn\":\"123-45-6789\"}", ""));
        assertThat(answer.get("statusCode").asNumber()).isEqualTo("201");

        String output = OUT.toString(StandardCharsets.UTF_8);
        assertThat(output).doesNotContain("123-45-6789", "top-secret-token", "ssn");
        List<Map<String, JsonNode>> requests = lines().stream()
                .filter(l -> l.containsKey("message") && "request".equals(l.get("message").asString())).toList();
        assertThat(requests).hasSize(1);
        Map<String, JsonNode> line = requests.get(0);
        assertThat(line.get("method").asString()).isEqualTo("POST");
        assertThat(line.get("resource").asString()).isEqualTo("/users");
        assertThat(line.get("entity").asString()).isEqualTo("users");
        assertThat(line.get("status").asNumber()).isEqualTo("201");
        assertThat(line.get("outcome").asString()).isEqualTo("created");
        assertThat(line.get("requestId").asString()).startsWith("gw-");
        assertThat(Long.parseLong(line.get("latencyMs").asNumber())).isNotNegative();
    }

    @Test
    void g8_aConflictIsCountedAsAnEmfMetricInTheConfiguredNamespace() throws IOException {
        invoke(event("PUT", "/users/{userId}", "/users/emf", "{\"userId\":\"emf\"}",
                Map.of("Content-Type", "application/json", "If-None-Match", "*"), "{}", ""));
        OUT.reset();
        Map<String, JsonNode> answer = invoke(event("PUT", "/users/{userId}", "/users/emf", "{\"userId\":\"emf\"}",
                Map.of("Content-Type", "application/json", "If-Match", "\"5\""), "{}", ""));
        assertThat(answer.get("statusCode").asNumber()).isEqualTo("412");

        Map<String, JsonNode> emf = lines().stream().filter(l -> l.containsKey("_aws")).findFirst().orElseThrow();
        Map<String, JsonNode> directive = emf.get("_aws").asObject().get("CloudWatchMetrics").asArray().get(0).asObject();
        assertThat(directive.get("Namespace").asString()).isEqualTo("ShopApi");
        assertThat(directive.get("Dimensions").asArray().get(0).asArray()).extracting(JsonNode::asString)
                .containsExactly("Service");
        assertThat(directive.get("Metrics").asArray().get(0).asObject().get("Name").asString()).isEqualTo("Conflicts");
        assertThat(emf.get("Service").asString()).isEqualTo("shop");
        assertThat(emf.get("Conflicts").asNumber()).isEqualTo("1");
        assertThat(emf.get("_aws").asObject().get("Timestamp").isNumber()).isTrue();
    }

    @Test
    void g8_transactionCancellationsAreCountedByReason_andReplaysAreCounted() throws IOException {
        String cancelled = "{\"operations\":[{\"op\":\"check\",\"entity\":\"users\",\"key\":{\"userId\":\"nobody\"},"
                + "\"expectedVersion\":1}]}";
        Map<String, JsonNode> answer = invoke(event("POST", "/transactions", "/transactions", "null",
                Map.of("Content-Type", "application/json"), cancelled, ""));
        assertThat(answer.get("statusCode").asNumber()).isEqualTo("409");
        Map<String, JsonNode> emf = lines().stream().filter(l -> l.containsKey("TransactionCancellations"))
                .findFirst().orElseThrow();
        assertThat(emf.get("Reason").asString()).isEqualTo("NOT_FOUND");
        assertThat(emf.get("_aws").asObject().get("CloudWatchMetrics").asArray().get(0).asObject().get("Dimensions")
                .asArray().get(1).asArray()).extracting(JsonNode::asString).containsExactly("Service", "Reason");

        OUT.reset();
        String create = event("POST", "/users", "/users", "null",
                Map.of("Content-Type", "application/json", "Idempotency-Key", "emf-replay"), "{\"name\":\"r\"}", "");
        invoke(create);
        assertThat(lines().stream().anyMatch(l -> l.containsKey("Replays"))).as("no replay on the first request")
                .isFalse();
        Map<String, JsonNode> replayed = invoke(create);
        assertThat(replayed.get("statusCode").asNumber()).isEqualTo("201");
        assertThat(lines().stream().filter(l -> l.containsKey("Replays")).count()).isEqualTo(1);
    }

    @Test
    void g8_theCallerIdentityOfEachAuthorizerKindIsRecordedInTheItem() throws IOException {
        Map<String, String> callers = Map.of(
                "iam", ",\"identity\":{\"userArn\":\"arn:aws:iam::123456789012:user/alice\"}",
                "cognito", ",\"authorizer\":{\"claims\":{\"sub\":\"3f1c-cognito-sub\"}}",
                "custom", ",\"authorizer\":{\"principalId\":\"tenant-7|bob\"}");
        Map<String, String> expected = Map.of("iam", "arn:aws:iam::123456789012:user/alice",
                "cognito", "3f1c-cognito-sub", "custom", "tenant-7|bob");
        for (Map.Entry<String, String> c : callers.entrySet()) {
            String id = "caller-" + c.getKey();
            invoke(event("PUT", "/users/{userId}", "/users/" + id, "{\"userId\":\"" + id + "\"}",
                    Map.of("Content-Type", "application/json", "If-None-Match", "*"), "{}", c.getValue()));
            Map<String, AttributeValue> stored = dynamoDb.client().getItem(b -> b.tableName("http-users")
                    .key(Map.of("userId", AttributeValue.fromS(id))).consistentRead(true)).item();
            assertThat(stored.get("_ccaCaller").s()).as(c.getKey()).isEqualTo(expected.get(c.getKey()));
        }
    }
}
