package io.consistentcrud.runtime.audit;

import static org.assertj.core.api.Assertions.assertThat;

import io.consistentcrud.runtime.EntityDefinition;
import io.consistentcrud.runtime.KeyAttribute;
import io.consistentcrud.testing.LocalDynamoDb;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/**
 * The audit consumer fed with the real stream of DynamoDB Local (Streams client on the same endpoint), for writes
 * stamped as the runtime stamps them.
 */
class AuditStreamHandlerTest {
    private static LocalDynamoDb dynamoDb;
    private static DynamoDbStreamsClient streams;

    @BeforeAll
    static void start() {
        dynamoDb = LocalDynamoDb.server();
        streams = DynamoDbStreamsClient.builder().endpointOverride(dynamoDb.endpoint())
                .region(LocalDynamoDb.REGION).credentialsProvider(LocalDynamoDb.CREDENTIALS).build();
    }

    @AfterAll
    static void stop() {
        streams.close();
        dynamoDb.close();
    }

    private static EntityDefinition entity(String table) {
        EntityDefinition e = EntityDefinition.builder().name("users").tableName(table)
                .partitionKey(KeyAttribute.string("userId")).build();
        dynamoDb.createTable(e);
        return e;
    }

    private static String streamArn(EntityDefinition e) {
        return dynamoDb.client().describeTable(b -> b.tableName(e.tableName())).table().latestStreamArn();
    }

    private static Map<String, AttributeValue> stamped(String id, long version, String token, String caller,
                                                       Map<String, AttributeValue> attributes) {
        Map<String, AttributeValue> item = new java.util.HashMap<>(attributes);
        item.put("userId", AttributeValue.fromS(id));
        item.put("version", AttributeValue.fromN(Long.toString(version)));
        item.put("_ccaToken", AttributeValue.fromS(token));
        item.put("_ccaCaller", AttributeValue.fromS(caller));
        item.put("_ccaAt", AttributeValue.fromS("2026-11-26T10:00:0" + version + "Z"));
        return item;
    }

    private record Run(List<JsonNode> events, JsonNode response) {
    }

    private static Run consume(EntityDefinition e, AuditOptions options, JsonNode batch) {
        ByteArrayOutputStream lines = new ByteArrayOutputStream();
        AuditStreamHandler handler = new AuditStreamHandler(List.of(e), options,
                new PrintStream(lines, true, StandardCharsets.UTF_8));
        JsonNode response = JsonNode.parser().parse(handler.handle(batch));
        List<JsonNode> events = new ArrayList<>();
        for (String line : lines.toString(StandardCharsets.UTF_8).split("\n")) {
            if (!line.isBlank()) {
                events.add(JsonNode.parser().parse(line));
            }
        }
        return new Run(events, response);
    }

    private static String field(JsonNode event, String name) {
        JsonNode v = event.asObject().get(name);
        return v == null || v.isNull() ? null : v.isNumber() ? v.asNumber() : v.asString();
    }

    @Test
    void g8_eachWriteOfTheStreamYieldsExactlyOneEventWithCallerTokenAndVersions() {
        EntityDefinition users = entity("audit-users-a");
        var client = dynamoDb.client();
        client.putItem(b -> b.tableName(users.tableName()).item(stamped("u1", 1, "tok-create", "arn:aws:iam::1:user/ada",
                Map.of("name", AttributeValue.fromS("Ada"), "email", AttributeValue.fromS("ada@example.com")))));
        client.putItem(b -> b.tableName(users.tableName()).item(stamped("u1", 2, "tok-rename", "arn:aws:iam::1:user/bob",
                Map.of("name", AttributeValue.fromS("Ada L."), "email", AttributeValue.fromS("ada@example.com")))));
        // The runtime's delete prelude re-stamps without moving the version: not a change of its own.
        client.putItem(b -> b.tableName(users.tableName()).item(stamped("u1", 2, "tok-delete", "arn:aws:iam::1:user/eve",
                Map.of("name", AttributeValue.fromS("Ada L."), "email", AttributeValue.fromS("ada@example.com")))));
        client.deleteItem(b -> b.tableName(users.tableName()).key(Map.of("userId", AttributeValue.fromS("u1"))));

        Run run = consume(users, AuditOptions.namesOnly(),
                StreamEvents.lambdaEvent(StreamEvents.readAll(streams, streamArn(users)), streamArn(users)));

        assertThat(run.events()).hasSize(3);
        JsonNode create = run.events().get(0);
        assertThat(field(create, "type")).isEqualTo("CREATE");
        assertThat(field(create, "entity")).isEqualTo("users");
        assertThat(create.asObject().get("key").asObject().get("userId").asString()).isEqualTo("u1");
        assertThat(field(create, "oldVersion")).isEqualTo("0");
        assertThat(field(create, "newVersion")).isEqualTo("1");
        assertThat(field(create, "requestToken")).isEqualTo("tok-create");
        assertThat(field(create, "caller")).isEqualTo("arn:aws:iam::1:user/ada");
        assertThat(create.asObject().get("changed").asArray()).extracting(JsonNode::asString)
                .containsExactly("email", "name");

        JsonNode update = run.events().get(1);
        assertThat(field(update, "type")).isEqualTo("UPDATE");
        assertThat(field(update, "oldVersion")).isEqualTo("1");
        assertThat(field(update, "newVersion")).isEqualTo("2");
        assertThat(field(update, "caller")).isEqualTo("arn:aws:iam::1:user/bob");
        assertThat(update.asObject().get("changed").asArray()).extracting(JsonNode::asString).containsExactly("name");

        JsonNode delete = run.events().get(2);
        assertThat(field(delete, "type")).isEqualTo("DELETE");
        assertThat(field(delete, "oldVersion")).isEqualTo("2");
        assertThat(field(delete, "newVersion")).isEqualTo("0");
        assertThat(field(delete, "requestToken")).isEqualTo("tok-delete");
        assertThat(field(delete, "caller")).isEqualTo("arn:aws:iam::1:user/eve");

        assertThat(run.response().asObject().get("batchItemFailures").asArray()).isEmpty();
        assertThat(run.events()).allSatisfy(e -> assertThat(e.asObject()).doesNotContainKey("values"));
    }

    @Test
    void valuesAreIncludedOnlyWhenOptedInAndRedactedAttributesAreMasked() {
        EntityDefinition users = entity("audit-users-b");
        dynamoDb.client().putItem(b -> b.tableName(users.tableName()).item(stamped("u2", 1, "t", "c",
                Map.of("name", AttributeValue.fromS("Grace"), "ssn", AttributeValue.fromS("123-45-6789")))));

        Run run = consume(users, new AuditOptions(true, Set.of("ssn")),
                StreamEvents.lambdaEvent(StreamEvents.readAll(streams, streamArn(users)), streamArn(users)));

        Map<String, JsonNode> values = run.events().get(0).asObject().get("values").asObject();
        assertThat(values.get("name").asString()).isEqualTo("Grace");
        assertThat(values.get("ssn").asString()).isEqualTo("***");
        assertThat(values).doesNotContainKeys("_ccaToken", "_ccaCaller", "version");
    }

    @Test
    void aMalformedRecordIsABatchItemFailureAndTheRestOfTheBatchIsStillProcessed() {
        EntityDefinition users = entity("audit-users-c");
        for (int i = 1; i <= 2; i++) {
            String id = "m" + i;
            dynamoDb.client().putItem(b -> b.tableName(users.tableName()).item(stamped(id, 1, "t" + id, "c",
                    Map.of("name", AttributeValue.fromS(id)))));
        }
        JsonNode real = StreamEvents.lambdaEvent(StreamEvents.readAll(streams, streamArn(users)), streamArn(users));
        List<JsonNode> records = new ArrayList<>(real.asObject().get("Records").asArray());
        String bogus = "{\"eventName\":\"INSERT\",\"eventSourceARN\":\"" + streamArn(users) + "\","
                + "\"dynamodb\":{\"SequenceNumber\":\"4242\",\"Keys\":{\"userId\":{\"S\":\"x\"}},"
                + "\"NewImage\":{\"userId\":{\"S\":\"x\"},\"version\":{\"S\":\"not-a-number\"}}}}";
        records.add(1, JsonNode.parser().parse(bogus));
        StringBuilder batch = new StringBuilder("{\"Records\":[");
        for (int i = 0; i < records.size(); i++) {
            batch.append(i == 0 ? "" : ",").append(toJson(records.get(i)));
        }
        batch.append("]}");

        Run run = consume(users, AuditOptions.namesOnly(), JsonNode.parser().parse(batch.toString()));

        assertThat(run.response().asObject().get("batchItemFailures").asArray())
                .extracting(f -> f.asObject().get("itemIdentifier").asString()).containsExactly("4242");
        assertThat(run.events()).extracting(e -> field(e, "requestToken")).containsExactly("tm1", "tm2");
    }

    private static String toJson(JsonNode node) {
        // JsonNode.toString() renders the node as JSON text.
        return node.toString();
    }
}
