package io.consistentcrud.runtime.audit;

import static org.assertj.core.api.Assertions.assertThat;

import io.consistentcrud.runtime.ConsistentStore;
import io.consistentcrud.runtime.EntityDefinition;
import io.consistentcrud.runtime.KeyAttribute;
import io.consistentcrud.runtime.StoreOptions;
import io.consistentcrud.runtime.TransactionOperation;
import io.consistentcrud.runtime.TransactionResult;
import io.consistentcrud.runtime.WriteContext;
import io.consistentcrud.runtime.WriteResult;
import io.consistentcrud.testing.LocalDynamoDb;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/**
 * G8 end to end on the data path: writes made by the runtime's store, read back from the real stream of DynamoDB
 * Local and fed to the audit consumer, yield exactly one event each, with the right caller, token and versions.
 */
class AuditTrailOfStoreWritesTest {
    private static final EntityDefinition USERS = EntityDefinition.builder().name("users")
            .tableName("audit-trail-users").partitionKey(KeyAttribute.string("userId")).build();
    private static final EntityDefinition PRODUCTS = EntityDefinition.builder().name("products")
            .tableName("audit-trail-products").partitionKey(KeyAttribute.string("productId")).build();
    private static final EntityDefinition ORDERS = EntityDefinition.builder().name("orders")
            .tableName("audit-trail-orders").partitionKey(KeyAttribute.string("orderId")).build();
    private static final String IDEMPOTENCY_TABLE = "audit-trail-idempotency";

    private static LocalDynamoDb dynamoDb;
    private static DynamoDbStreamsClient streams;
    private static ConsistentStore store;

    @BeforeAll
    static void start() {
        dynamoDb = LocalDynamoDb.server();
        List.of(USERS, PRODUCTS, ORDERS).forEach(dynamoDb::createTable);
        dynamoDb.createIdempotencyTable(IDEMPOTENCY_TABLE);
        streams = DynamoDbStreamsClient.builder().endpointOverride(dynamoDb.endpoint())
                .region(LocalDynamoDb.REGION).credentialsProvider(LocalDynamoDb.CREDENTIALS).build();
        store = new ConsistentStore(dynamoDb.client(), StoreOptions.builder().idempotencyTable(IDEMPOTENCY_TABLE).build());
    }

    @AfterAll
    static void stop() {
        streams.close();
        dynamoDb.close();
    }

    private static WriteContext ctx(String token, String caller) {
        return WriteContext.builder().requestToken(token).payloadFingerprint("fp-" + token).caller(caller)
                .time(Instant.now()).deadline(Instant.now().plusSeconds(30)).build();
    }

    private static Map<String, AttributeValue> key(String name, String id) {
        return Map.of(name, AttributeValue.fromS(id));
    }

    private static List<JsonNode> auditEventsOf(EntityDefinition entity) {
        String arn = dynamoDb.client().describeTable(b -> b.tableName(entity.tableName())).table().latestStreamArn();
        ByteArrayOutputStream lines = new ByteArrayOutputStream();
        AuditStreamHandler handler = new AuditStreamHandler(List.of(entity), AuditOptions.namesOnly(),
                new PrintStream(lines, true, StandardCharsets.UTF_8));
        JsonNode response = JsonNode.parser().parse(handler.handle(
                StreamEvents.lambdaEvent(StreamEvents.readAll(streams, arn), arn)));
        assertThat(response.asObject().get("batchItemFailures").asArray()).isEmpty();
        List<JsonNode> events = new ArrayList<>();
        for (String line : lines.toString(StandardCharsets.UTF_8).split("\n")) {
            if (!line.isBlank()) {
                events.add(JsonNode.parser().parse(line));
            }
        }
        return events;
    }

    private static String summary(JsonNode event) {
        Map<String, JsonNode> o = event.asObject();
        return o.get("type").asString() + " " + o.get("oldVersion").asNumber() + "->" + o.get("newVersion").asNumber()
                + " by " + o.get("caller").asString() + " via " + o.get("requestToken").asString();
    }

    @Test
    void g8_everyKindOfWriteYieldsExactlyOneAuditEvent_andReplaysYieldNone() {
        Map<String, AttributeValue> ada = Map.of("userId", AttributeValue.fromS("u1"), "name", AttributeValue.fromS("Ada"));
        WriteContext create = ctx("tok-create", "alice").toBuilder().idempotencyKey("tok-create").build();
        assertThat(store.create(USERS, ada, create)).isInstanceOf(WriteResult.Written.class);
        // The same request again (a client's retry with its key) is recognised and writes nothing.
        assertThat(store.create(USERS, ada, create)).isInstanceOf(WriteResult.Replayed.class);
        // Another create of the item, even with the same request token, is refused and writes nothing either.
        assertThat(store.create(USERS, ada, ctx("tok-create", "alice"))).isInstanceOf(WriteResult.AlreadyExists.class);
        store.replace(USERS, Map.of("userId", AttributeValue.fromS("u1"), "name", AttributeValue.fromS("Ada L.")), 1,
                ctx("tok-replace", "bob"));
        store.merge(USERS, key("userId", "u1"), Map.of("email", AttributeValue.fromS("ada@example.com")), Set.of(), 2,
                ctx("tok-merge", "carol"));
        store.increment(USERS, key("userId", "u1"), Map.of("logins", "1"), OptionalLong.empty(),
                ctx("tok-increment", "dave"));
        assertThat(store.delete(USERS, key("userId", "u1"), 4, ctx("tok-delete", "erin")))
                .isInstanceOf(WriteResult.Deleted.class);

        assertThat(auditEventsOf(USERS)).extracting(AuditTrailOfStoreWritesTest::summary).containsExactly(
                "CREATE 0->1 by alice via tok-create",
                "UPDATE 1->2 by bob via tok-replace",
                "UPDATE 2->3 by carol via tok-merge",
                "UPDATE 3->4 by dave via tok-increment",
                "DELETE 4->0 by erin via tok-delete");
    }

    @Test
    void g2_g8_aDeleteNamesItsDeleter_andTheItemCreatedAfterItContinuesTheVersions() {
        EntityDefinition accounts = EntityDefinition.builder().name("accounts").tableName("audit-trail-accounts")
                .partitionKey(KeyAttribute.string("accountId")).build();
        dynamoDb.createTable(accounts);
        Map<String, AttributeValue> first = Map.of("accountId", AttributeValue.fromS("a1"), "owner", AttributeValue.fromS("old"));
        store.create(accounts, first, ctx("tok-open", "alice"));
        assertThat(store.delete(accounts, key("accountId", "a1"), 1, ctx("tok-close", "bob")))
                .isInstanceOf(WriteResult.Deleted.class);
        assertThat(store.create(accounts, Map.of("accountId", AttributeValue.fromS("a1"),
                "owner", AttributeValue.fromS("new")), ctx("tok-reopen", "carol")))
                .isInstanceOfSatisfying(WriteResult.Written.class, w -> assertThat(w.item().version()).isEqualTo(3));

        assertThat(auditEventsOf(accounts)).extracting(AuditTrailOfStoreWritesTest::summary).containsExactly(
                "CREATE 0->1 by alice via tok-open",
                "DELETE 1->0 by bob via tok-close",
                "CREATE 0->3 by carol via tok-reopen");
    }

    @Test
    void g8_eachItemOfATransactionYieldsOneEvent_andAnIdempotencyKeyReplayYieldsNone() {
        store.create(PRODUCTS, Map.of("productId", AttributeValue.fromS("p1"), "stock", AttributeValue.fromN("5")),
                ctx("tok-stock", "admin"));
        WriteContext order = ctx("key-order-1", "frank").toBuilder().idempotencyKey("key-order-1").build();
        List<TransactionOperation> operations = List.of(
                TransactionOperation.increment(0, PRODUCTS, key("productId", "p1"), Map.of("stock", "-2"),
                        Map.of("stock", "0"), OptionalLong.empty()),
                TransactionOperation.putNew(1, ORDERS, Map.of("orderId", AttributeValue.fromS("o1"),
                        "productId", AttributeValue.fromS("p1"), "quantity", AttributeValue.fromN("2"))));
        assertThat(store.transact(operations, order)).isInstanceOf(TransactionResult.Committed.class);
        // The client retries with the same Idempotency-Key: the recorded outcome answers, nothing is written.
        assertThat(store.transact(operations, order)).isNotInstanceOf(TransactionResult.Cancelled.class);

        assertThat(auditEventsOf(PRODUCTS)).extracting(AuditTrailOfStoreWritesTest::summary).containsExactly(
                "CREATE 0->1 by admin via tok-stock",
                "UPDATE 1->2 by frank via key-order-1");
        assertThat(auditEventsOf(ORDERS)).extracting(AuditTrailOfStoreWritesTest::summary).containsExactly(
                "CREATE 0->1 by frank via key-order-1");
    }
}
