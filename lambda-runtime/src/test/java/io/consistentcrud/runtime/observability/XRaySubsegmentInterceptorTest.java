package io.consistentcrud.runtime.observability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.consistentcrud.runtime.EntityDefinition;
import io.consistentcrud.runtime.KeyAttribute;
import io.consistentcrud.testing.LocalDynamoDb;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

/** G8: with tracing on, every DynamoDB call reaches the X-Ray daemon's UDP port as a subsegment. */
class XRaySubsegmentInterceptorTest {
    private static final String SAMPLED = "Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1";
    private static final EntityDefinition THINGS = EntityDefinition.builder()
            .name("things").tableName("xray-things").partitionKey(KeyAttribute.string("id")).build();
    private static final EntityDefinition OTHERS = EntityDefinition.builder()
            .name("others").tableName("xray-others").partitionKey(KeyAttribute.string("id")).build();

    private static LocalDynamoDb dynamoDb;
    private static DatagramSocket daemon;
    private static DynamoDbClient traced;
    private static final AtomicReference<String> TRACE_HEADER = new AtomicReference<>();

    @BeforeAll
    static void start() throws IOException {
        dynamoDb = LocalDynamoDb.server();
        dynamoDb.createTable(THINGS);
        dynamoDb.createTable(OTHERS);
        daemon = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        InetSocketAddress address = XRayDaemonAddress.parse("127.0.0.1:" + daemon.getLocalPort());
        traced = DynamoDbClient.builder()
                .endpointOverride(dynamoDb.endpoint())
                .region(LocalDynamoDb.REGION)
                .credentialsProvider(LocalDynamoDb.CREDENTIALS)
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .overrideConfiguration(ClientOverrideConfiguration.builder()
                        .addExecutionInterceptor(new XRaySubsegmentInterceptor(TRACE_HEADER::get, address,
                                Clock.systemUTC()))
                        .build())
                .build();
    }

    @AfterAll
    static void stop() {
        traced.close();
        daemon.close();
        dynamoDb.close();
    }

    private static String[] receive() throws IOException {
        byte[] buffer = new byte[65_536];
        DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
        daemon.receive(packet);
        String text = new String(packet.getData(), 0, packet.getLength(), StandardCharsets.UTF_8);
        int newline = text.indexOf('\n');
        return new String[] {text.substring(0, newline), text.substring(newline + 1)};
    }

    private static Map<String, JsonNode> subsegment() throws IOException {
        String[] datagram = receive();
        assertThat(datagram[0]).isEqualTo("{\"format\": \"json\", \"version\": 1}");
        return JsonNode.parser().parse(datagram[1]).asObject();
    }

    private static Map<String, AttributeValue> item(String id) {
        return Map.of("id", AttributeValue.fromS(id));
    }

    @Test
    void g8_sampledDynamoDbCallsBecomeSubsegmentsUnderTheTraceParent() throws IOException {
        daemon.setSoTimeout(10_000);
        TRACE_HEADER.set(SAMPLED);
        traced.putItem(b -> b.tableName(THINGS.tableName()).item(item("a")));
        traced.getItem(b -> b.tableName(THINGS.tableName()).key(item("a")).consistentRead(true));

        Map<String, JsonNode> put = subsegment();
        assertThat(put.get("name").asString()).isEqualTo("DynamoDB");
        assertThat(put.get("namespace").asString()).isEqualTo("aws");
        assertThat(put.get("type").asString()).isEqualTo("subsegment");
        assertThat(put.get("trace_id").asString()).isEqualTo("1-5759e988-bd862e3fe1be46a994272793");
        assertThat(put.get("parent_id").asString()).isEqualTo("53995c3f42cd8ad8");
        assertThat(put.get("id").asString()).matches("[0-9a-f]{16}");
        assertThat(put.get("aws").asObject().get("operation").asString()).isEqualTo("PutItem");
        assertThat(put.get("aws").asObject().get("table_name").asString()).isEqualTo("xray-things");
        assertThat(put.get("aws").asObject().get("retries").asNumber()).isEqualTo("0");
        assertThat(put.get("http").asObject().get("response").asObject().get("status").asNumber()).isEqualTo("200");
        assertThat(put.get("error").asBoolean()).isFalse();
        assertThat(put.get("fault").asBoolean()).isFalse();
        double start = Double.parseDouble(put.get("start_time").asNumber());
        double end = Double.parseDouble(put.get("end_time").asNumber());
        assertThat(end).isGreaterThanOrEqualTo(start);
        assertThat(start).isGreaterThan(1.7e9);

        Map<String, JsonNode> get = subsegment();
        assertThat(get.get("aws").asObject().get("operation").asString()).isEqualTo("GetItem");
        assertThat(get.get("id").asString()).isNotEqualTo(put.get("id").asString());
    }

    @Test
    void g8_aFailedConditionalWriteIsAnErrorSubsegmentWithoutAwsErrorText() throws IOException {
        daemon.setSoTimeout(10_000);
        TRACE_HEADER.set(SAMPLED);
        traced.putItem(b -> b.tableName(THINGS.tableName()).item(item("b")));
        assertThatThrownBy(() -> traced.putItem(b -> b.tableName(THINGS.tableName()).item(item("b"))
                .conditionExpression("attribute_not_exists(id)")))
                .isInstanceOf(ConditionalCheckFailedException.class);

        subsegment();
        String[] failed = receive();
        Map<String, JsonNode> doc = JsonNode.parser().parse(failed[1]).asObject();
        assertThat(doc.get("error").asBoolean()).isTrue();
        assertThat(doc.get("fault").asBoolean()).isFalse();
        assertThat(doc.get("http").asObject().get("response").asObject().get("status").asNumber()).isEqualTo("400");
        assertThat(doc.get("cause").asObject().get("exceptions").asArray().get(0).asObject().get("type").asString())
                .isEqualTo("ConditionalCheckFailedException");
        assertThat(failed[1]).doesNotContain("The conditional request failed");
    }

    @Test
    void g8_aTransactionNamesEveryTableItWrites() throws IOException {
        daemon.setSoTimeout(10_000);
        TRACE_HEADER.set(SAMPLED);
        traced.transactWriteItems(b -> b.transactItems(
                TransactWriteItem.builder().put(Put.builder().tableName(THINGS.tableName()).item(item("t")).build()).build(),
                TransactWriteItem.builder().put(Put.builder().tableName(OTHERS.tableName()).item(item("t")).build()).build()));

        Map<String, JsonNode> doc = subsegment();
        assertThat(doc.get("aws").asObject().get("operation").asString()).isEqualTo("TransactWriteItems");
        assertThat(doc.get("aws").asObject().get("table_names").asArray())
                .extracting(JsonNode::asString).containsExactly("xray-others", "xray-things");
    }

    @Test
    void g8_unsampledOrUntracedCallsSendNothing() throws IOException {
        daemon.setSoTimeout(10_000);
        TRACE_HEADER.set("Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=0");
        traced.getItem(b -> b.tableName(THINGS.tableName()).key(item("unsampled")));
        TRACE_HEADER.set(null);
        traced.getItem(b -> b.tableName(THINGS.tableName()).key(item("untraced")));
        // The control: a sampled call right after is the first datagram the daemon sees.
        TRACE_HEADER.set(SAMPLED);
        traced.deleteItem(b -> b.tableName(THINGS.tableName()).key(item("sampled")));

        assertThat(subsegment().get("aws").asObject().get("operation").asString()).isEqualTo("DeleteItem");
    }

    @Test
    void daemonAddressAcceptsBothDocumentedFormsAndDefaultsToTheLocalDaemon() {
        assertThat(XRayDaemonAddress.parse(null)).isEqualTo(new InetSocketAddress("127.0.0.1", 2000));
        assertThat(XRayDaemonAddress.parse("169.254.79.129:2000")).isEqualTo(new InetSocketAddress("169.254.79.129", 2000));
        assertThat(XRayDaemonAddress.parse("tcp:127.0.0.1:2001 udp:127.0.0.2:2002"))
                .isEqualTo(new InetSocketAddress("127.0.0.2", 2002));
        assertThatThrownBy(() -> XRayDaemonAddress.parse("localhost")).hasMessageContaining("'localhost'");
    }
}
