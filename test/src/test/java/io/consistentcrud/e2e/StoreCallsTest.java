package io.consistentcrud.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.consistentcrud.cdk.ConsistentCrudApi;
import io.consistentcrud.cdk.EntityIndex;
import io.consistentcrud.cdk.EntitySpec;
import io.consistentcrud.cdk.LambdaRuntimeAsset;
import io.consistentcrud.cdk.RuntimeEnvironment;
import io.consistentcrud.cdk.StoreCall;
import io.consistentcrud.runtime.ConsistentStore;
import io.consistentcrud.runtime.EntityDefinition;
import io.consistentcrud.runtime.VersionedItem;
import io.consistentcrud.runtime.WriteContext;
import io.consistentcrud.runtime.WriteResult;
import io.consistentcrud.runtime.client.DynamoDbClientFactory;
import io.consistentcrud.runtime.config.BoundStore;
import io.consistentcrud.runtime.config.RuntimeConfiguration;
import io.consistentcrud.runtime.http.CrudHandler;
import io.consistentcrud.runtime.http.ProxyRequest;
import io.consistentcrud.runtime.http.ProxyResponse;
import io.consistentcrud.testing.LocalDynamoDb;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Template;
import software.amazon.awscdk.services.dynamodb.Attribute;
import software.amazon.awscdk.services.dynamodb.AttributeType;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;

/**
 * One source of truth for the DynamoDB calls of the store ({@link StoreCall}): the construct's IAM grants and
 * throttle/system-error metrics come from that list, and this suite runs every route of the deployed handler, and a
 * function bound with {@code bindStore}, on DynamoDB Local, with the environment the construct synthesizes, records
 * every call the store makes per table, and compares with the list both ways. A call the list lacks would be denied
 * by IAM and missed by the alarms; a listed call the store no longer makes is a grant too many.
 */
class StoreCallsTest {
    private static final String BOUND_HANDLER = "com.example.Restock::handleRequest";
    private static final Map<String, Set<String>> RECORDED = new ConcurrentHashMap<>();

    private static LocalDynamoDb dynamoDb;
    private static RuntimeConfiguration apiConfig;
    private static CrudHandler handler;
    private static Map<String, String> boundEnvironment;
    private static DynamoDbClient recordingClient;

    @BeforeAll
    static void synthAndStart() {
        Stack stack = new Stack(new App(), "StoreCalls");
        ConsistentCrudApi api = ConsistentCrudApi.Builder.create(stack, "Api")
                .entities(List.of(
                        EntitySpec.builder().name("products").partitionKey(key("productId")).build(),
                        EntitySpec.builder().name("users").partitionKey(key("userId"))
                                .uniqueAttributes(List.of("email")).build(),
                        EntitySpec.builder().name("orders").partitionKey(key("customerId")).sortKey(key("orderId"))
                                .indexes(List.of(EntityIndex.builder().name("byStatus").partitionKey(key("status"))
                                        .build()))
                                .build()))
                .build();
        Function restock = Function.Builder.create(stack, "Restock")
                .runtime(ConsistentCrudApi.JAVA_RUNTIME)
                .code(LambdaRuntimeAsset.code())
                .handler(BOUND_HANDLER)
                .timeout(Duration.seconds(30))
                .build();
        api.bindStore(restock, "products");
        Template template = Template.fromStack(stack);

        dynamoDb = LocalDynamoDb.server();
        apiConfig = RuntimeConfiguration.fromEnvironment(
                DeployedEnvironment.of(template, RuntimeEnvironment.DEFAULT_HANDLER));
        apiConfig.entities().values().forEach(dynamoDb::createTable);
        dynamoDb.createIdempotencyTable(apiConfig.idempotencyTable().orElseThrow());
        boundEnvironment = new HashMap<>(DeployedEnvironment.of(template, BOUND_HANDLER));

        // The production client settings, plus an interceptor that records each call before it is sent.
        var builder = DynamoDbClientFactory.builder(apiConfig.withDynamoDbEndpoint(dynamoDb.endpoint().toString()))
                .region(LocalDynamoDb.REGION)
                .credentialsProvider(LocalDynamoDb.CREDENTIALS);
        recordingClient = builder.overrideConfiguration(builder.overrideConfiguration().toBuilder()
                .addExecutionInterceptor(new Recorder()).build()).build();
        handler = new CrudHandler(apiConfig, new ConsistentStore(recordingClient, apiConfig.storeOptions().build()));
    }

    @AfterAll
    static void stop() {
        recordingClient.close();
        dynamoDb.close();
    }

    private static Attribute key(String name) {
        return Attribute.builder().name(name).type(AttributeType.STRING).build();
    }

    @Test
    void theStoresCallsOnEachTable_areExactlyTheListTheGrantsAndMetricsComeFrom() {
        exerciseEveryRoute();
        assertThat(recorded(apiConfig.entities().get("products").tableName()))
                .as("calls on an entity table without a sort key")
                .isEqualTo(listed(StoreCall.onEntityTable(false)));
        assertThat(recorded(apiConfig.entities().get("orders").tableName()))
                .as("calls on an entity table with a sort key")
                .isEqualTo(listed(StoreCall.onEntityTable(true)));
        assertThat(recorded(apiConfig.entities().get("orders").tableName() + "/index/byStatus"))
                .as("calls on an entity's index")
                .isEqualTo(listed(StoreCall.onIndexes()));
        assertThat(recorded(apiConfig.idempotencyTable().orElseThrow()))
                .as("calls on the idempotency table")
                .isEqualTo(listed(StoreCall.onIdempotencyTable()));
        assertThat(recorded(apiConfig.entities().get("users").uniqueValuesTable().orElseThrow()))
                .as("calls on the unique-values table")
                .isEqualTo(listed(StoreCall.onUniqueValuesTable()));
    }

    @Test
    void aBoundFunction_buildsItsStoreFromTheEnvironmentInOneLine_andReachesOnlyItsEntities() {
        boundEnvironment.put(RuntimeConfiguration.ENV_DYNAMODB_ENDPOINT, dynamoDb.endpoint().toString());
        BoundStore bound = BoundStore.fromEnvironment(boundEnvironment);

        EntityDefinition products = bound.entity("products");
        assertThat(products.tableName()).isEqualTo(apiConfig.entities().get("products").tableName());
        Map<String, AttributeValue> item = Map.of("productId", AttributeValue.fromS("bound-1"),
                "stock", AttributeValue.fromN("5"));
        WriteResult created = bound.store().create(products, item, WriteContext.builder()
                .requestToken("bound-create-1").caller("restock").time(Instant.now())
                .deadline(Instant.now().plusSeconds(10)).build());
        assertThat(created).isInstanceOf(WriteResult.Written.class);
        Optional<VersionedItem> read = bound.store().get(products, Map.of("productId", AttributeValue.fromS("bound-1")));
        assertThat(read).get().extracting(VersionedItem::version).isEqualTo(1L);
        assertThat(bound.configuration().callTimeout()).isEqualTo(apiConfig.callTimeout());
        assertThat(bound.configuration().idempotencyTable()).isEqualTo(apiConfig.idempotencyTable());
        assertThatThrownBy(() -> bound.entity("orders"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'orders' is not bound");
        bound.client().close();
    }

    /** Every route of the HTTP contract, each write also with an Idempotency-Key and its replay. */
    private static void exerciseEveryRoute() {
        String p = "/products/{productId}";
        // ETags are taken from the answers, so the suite does not depend on their format.
        String p1 = etag(ok(send("PUT", p, Map.of("productId", "p1"), Map.of("If-None-Match", "*"),
                "{\"stock\":10}"), 201));
        ok(send("GET", p, Map.of("productId", "p1"), Map.of(), null), 200);
        p1 = etag(ok(send("PUT", p, Map.of("productId", "p1"), Map.of("If-Match", p1), "{\"stock\":11}"), 200));
        p1 = etag(ok(send("PATCH", p, Map.of("productId", "p1"), Map.of("If-Match", p1,
                "Content-Type", "application/merge-patch+json"), "{\"name\":\"lamp\"}"), 200));
        p1 = etag(ok(send("POST", p + "/increment", Map.of("productId", "p1"), Map.of(), "{\"stock\":1}"), 200));
        Map<String, String> keyed = Map.of("Idempotency-Key", "store-calls-1");
        ok(send("POST", "/products", Map.of(), keyed, "{\"stock\":1}"), 201);
        ok(send("POST", "/products", Map.of(), keyed, "{\"stock\":1}"), 201);
        p1 = etag(ok(send("POST", p + "/increment", Map.of("productId", "p1"), Map.of("Idempotency-Key",
                "store-calls-2"), "{\"stock\":1}"), 200));
        ok(send("POST", "/transactions", Map.of(), Map.of(), "{\"operations\":["
                + "{\"op\":\"check\",\"entity\":\"products\",\"key\":{\"productId\":\"p1\"},\"expectedVersion\":5},"
                + "{\"op\":\"create\",\"entity\":\"orders\",\"item\":{\"customerId\":\"c1\",\"orderId\":\"o1\"}},"
                + "{\"op\":\"create\",\"entity\":\"products\",\"item\":{\"productId\":\"p2\"}}]}"), 200);
        ok(send("POST", "/transactions", Map.of(), Map.of(), "{\"operations\":["
                + "{\"op\":\"replace\",\"entity\":\"products\",\"item\":{\"productId\":\"p2\",\"stock\":1},"
                + "\"expectedVersion\":1},"
                + "{\"op\":\"increment\",\"entity\":\"orders\",\"key\":{\"customerId\":\"c1\",\"orderId\":\"o1\"},"
                + "\"deltas\":{\"items\":1}},"
                + "{\"op\":\"check\",\"entity\":\"products\",\"key\":{\"productId\":\"p1\"},"
                + "\"expectedVersion\":5}]}"), 200);
        ok(send("POST", "/transactions", Map.of(), Map.of(), "{\"operations\":["
                + "{\"op\":\"delete\",\"entity\":\"products\",\"key\":{\"productId\":\"p2\"},\"expectedVersion\":2},"
                + "{\"op\":\"check\",\"entity\":\"orders\",\"key\":{\"customerId\":\"c1\",\"orderId\":\"o1\"},"
                + "\"expectedVersion\":2}]}"),
                200);
        String o = "/orders/{customerId}/{orderId}";
        Map<String, String> order = Map.of("customerId", "c1", "orderId", "o2");
        String o2 = etag(ok(send("PUT", o, order, Map.of("If-None-Match", "*"), "{\"items\":1}"), 201));
        ok(send("GET", o, order, Map.of(), null), 200);
        ok(send("GET", "/orders/{customerId}", Map.of("customerId", "c1"), Map.of(), null), 200);
        ok(handler.handle(new ProxyRequest("GET", "/orders", "/orders", Map.of(),
                Map.of("index", "byStatus", "partition", "open"), Map.of(), null, "req-index", null)), 200);
        o2 = etag(ok(send("PUT", o, order, Map.of("If-Match", o2), "{\"items\":2}"), 200));
        o2 = etag(ok(send("POST", o + "/increment", order, Map.of(), "{\"items\":1}"), 200));
        ok(send("DELETE", o, order, Map.of("If-Match", o2), null), 204);
        Map<String, String> keyedPatch = Map.of("If-Match", p1, "Idempotency-Key", "store-calls-3",
                "Content-Type", "application/merge-patch+json");
        p1 = etag(ok(send("PATCH", p, Map.of("productId", "p1"), keyedPatch, "{\"name\":\"desk lamp\"}"), 200));
        ok(send("PATCH", p, Map.of("productId", "p1"), keyedPatch, "{\"name\":\"desk lamp\"}"), 200);
        ok(send("DELETE", p, Map.of("productId", "p1"), Map.of("If-Match", p1), null), 204);
        // Unique attributes: a create takes a value, a taken one is refused, a change moves it, a delete frees it.
        String u = "/users/{userId}";
        String u1 = etag(ok(send("PUT", u, Map.of("userId", "u1"), Map.of("If-None-Match", "*"),
                "{\"email\":\"a@example.org\"}"), 201));
        ok(send("POST", "/users", Map.of(), Map.of(), "{\"userId\":\"u2\",\"email\":\"a@example.org\"}"), 409);
        u1 = etag(ok(send("PUT", u, Map.of("userId", "u1"), Map.of("If-Match", u1), "{\"email\":\"b@example.org\"}"),
                200));
        ok(send("DELETE", u, Map.of("userId", "u1"), Map.of("If-Match", u1), null), 204);
    }

    private static ProxyResponse ok(ProxyResponse response, int... accepted) {
        assertThat(accepted).as(response.statusCode() + " " + response.body()).contains(response.statusCode());
        return response;
    }

    private static String etag(ProxyResponse response) {
        String etag = response.headers().get("ETag");
        assertThat(etag).as("ETag of " + response.body()).isNotNull();
        return etag;
    }

    private static ProxyResponse send(String method, String resource, Map<String, String> params,
                                      Map<String, String> headers, String body) {
        Map<String, String> h = new HashMap<>(headers);
        if (body != null) {
            h.putIfAbsent("Content-Type", "application/json");
        }
        return handler.handle(new ProxyRequest(method, resource, params, h,
                body == null ? null : body.getBytes(StandardCharsets.UTF_8), "req-" + System.nanoTime()));
    }

    private static Set<String> recorded(String table) {
        return new TreeSet<>(RECORDED.getOrDefault(table, Set.of()));
    }

    private static Set<String> listed(List<StoreCall> calls) {
        Set<String> out = new TreeSet<>();
        calls.forEach(c -> out.add(c.operation() + " " + c.action()));
        return out;
    }

    /** Records "Operation dynamodb:Action" per table; a transaction's items one by one, as IAM checks them. */
    private static final class Recorder implements ExecutionInterceptor {
        @Override
        public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
            String operation = attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
            SdkRequest request = context.request();
            if (request instanceof TransactWriteItemsRequest transaction) {
                for (TransactWriteItem item : transaction.transactItems()) {
                    if (item.put() != null) {
                        record(item.put().tableName(), operation, "PutItem");
                    } else if (item.update() != null) {
                        record(item.update().tableName(), operation, "UpdateItem");
                    } else if (item.delete() != null) {
                        record(item.delete().tableName(), operation, "DeleteItem");
                    } else if (item.conditionCheck() != null) {
                        record(item.conditionCheck().tableName(), operation, "ConditionCheckItem");
                    }
                }
            } else {
                String table = request.getValueForField("TableName", String.class)
                        .orElseThrow(() -> new AssertionError(operation + " without a table: a call the list "
                                + "cannot grant per table"));
                // An index is its own IAM resource: <table>/index/<name>.
                String index = request.getValueForField("IndexName", String.class).map(i -> "/index/" + i).orElse("");
                record(table + index, operation, operation);
            }
        }

        private static void record(String table, String operation, String action) {
            RECORDED.computeIfAbsent(table, t -> ConcurrentHashMap.newKeySet()).add(operation + " dynamodb:" + action);
        }
    }
}
