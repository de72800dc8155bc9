package io.consistentcrud.runtime.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazonaws.services.lambda.runtime.Context;
import io.consistentcrud.testing.InvocationContext;
import io.consistentcrud.testing.LocalDynamoDb;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;

/** The Lambda entry: configuration from an environment map, and the invocation's remaining time as a cap (G7). */
class LambdaEntryTest {
    private static LocalDynamoDb dynamoDb;
    private static HttpFixture fixture;
    private static LambdaEntry entry;

    @BeforeAll
    static void start() {
        dynamoDb = LocalDynamoDb.server();
        fixture = new HttpFixture(dynamoDb);
        entry = new LambdaEntry(SnapStartHookTest.environment(dynamoDb.endpoint().toString()));
    }

    @AfterAll
    static void stop() {
        dynamoDb.close();
    }

    private static Map<String, JsonNode> invoke(String event, Context context) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        entry.handleRequest(new ByteArrayInputStream(event.getBytes(StandardCharsets.UTF_8)), out, context);
        return JsonNode.parser().parse(out.toByteArray()).asObject();
    }

    private static String createEvent(String id) {
        return "{\"httpMethod\":\"PUT\",\"resource\":\"/users/{userId}\",\"pathParameters\":{\"userId\":\"" + id + "\"},"
                + "\"headers\":{\"Content-Type\":\"application/json\",\"If-None-Match\":\"*\"},"
                + "\"body\":\"{\\\"name\\\":\\\"n\\\"}\",\"requestContext\":{\"requestId\":\"r-" + id + "\"}}";
    }

    @Test
    void theEnvironmentMapAloneConfiguresTheEntry_andServesAnEvent() throws IOException {
        Map<String, JsonNode> answer = invoke(createEvent("from-env"), remaining(10_000));
        assertThat(answer.get("statusCode").asNumber()).isEqualTo("201");
        assertThat(answer.get("headers").asObject().get("ETag").asString()).isEqualTo("\"1\"");
    }

    @Test
    void g8_withTheInvocationTraceHeaderSampled_theEntrySendsEachDynamoDbCallToTheDaemon() throws IOException {
        try (DatagramSocket daemon = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            daemon.setSoTimeout(10_000);
            Map<String, String> env = new HashMap<>(SnapStartHookTest.environment(dynamoDb.endpoint().toString()));
            env.put(LambdaEntry.XRAY_DAEMON_ENV, "127.0.0.1:" + daemon.getLocalPort());
            LambdaEntry traced = new LambdaEntry(env);
            System.setProperty(LambdaEntry.TRACE_HEADER_PROPERTY,
                    "Root=1-67891233-abcdef012345678912345678;Parent=0123456789abcdef;Sampled=1");
            try {
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                traced.handleRequest(new ByteArrayInputStream(("{\"httpMethod\":\"GET\",\"resource\":\"/users/{userId}\","
                        + "\"pathParameters\":{\"userId\":\"traced\"},\"requestContext\":{\"requestId\":\"t\"}}")
                        .getBytes(StandardCharsets.UTF_8)), out, remaining(10_000));
            } finally {
                System.clearProperty(LambdaEntry.TRACE_HEADER_PROPERTY);
            }
            byte[] buffer = new byte[65_536];
            DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
            daemon.receive(packet);
            String datagram = new String(packet.getData(), 0, packet.getLength(), StandardCharsets.UTF_8);
            Map<String, JsonNode> segment = JsonNode.parser()
                    .parse(datagram.substring(datagram.indexOf('\n') + 1)).asObject();
            assertThat(segment.get("trace_id").asString()).isEqualTo("1-67891233-abcdef012345678912345678");
            assertThat(segment.get("parent_id").asString()).isEqualTo("0123456789abcdef");
            assertThat(segment.get("aws").asObject().get("operation").asString()).isEqualTo("GetItem");
            assertThat(segment.get("aws").asObject().get("table_name").asString()).isEqualTo("http-users");
        }
    }

    @Test
    void aMissingVariableFailsConstructionNamingIt() {
        Map<String, String> env = new HashMap<>(SnapStartHookTest.environment(dynamoDb.endpoint().toString()));
        env.remove("CCA_ENTITIES");
        assertThatThrownBy(() -> new LambdaEntry(env)).hasMessageContaining("CCA_ENTITIES");
    }

    @Test
    void g7_anInvocationOutOfTimeAnswers503RetryableAndWritesNothing() throws IOException {
        Map<String, ?> before = fixture.scanAll();
        Map<String, JsonNode> answer = invoke(createEvent("too-late"), remaining(50));
        assertThat(answer.get("statusCode").asNumber()).isEqualTo("503");
        assertThat(answer.get("headers").asObject().get("Retry-After").asString()).isEqualTo("1");
        assertThat(JsonNode.parser().parse(answer.get("body").asString()).asObject().get("type").asString())
                .isEqualTo("urn:consistentcrud:problem:unavailable");
        assertThat(fixture.scanAll()).isEqualTo(before);
    }

    @Test
    void anEventThatIsNoProxyEventAnswersAProblemInsteadOfThrowing() throws IOException {
        Map<String, JsonNode> answer = invoke("[1,2,3]", remaining(10_000));
        assertThat(answer.get("statusCode").asNumber()).isEqualTo("400");
    }

    /** A Lambda context with the given remaining time; the rest is not used by the entry. */
    private static Context remaining(int millis) {
        return InvocationContext.builder().requestId("aws-request").functionName("fn").functionVersion("1")
                .invokedFunctionArn("arn:aws:lambda:us-east-1:123456789012:function:fn").memoryLimitMb(512)
                .remaining(Duration.ofMillis(millis)).build();
    }
}
