package io.consistentcrud.runtime.http;

import io.consistentcrud.contract.IdempotencyRecordSchema;
import io.consistentcrud.runtime.ConsistentStore;
import io.consistentcrud.runtime.EntityDefinition;
import io.consistentcrud.runtime.KeyAttribute;
import io.consistentcrud.runtime.config.RuntimeConfiguration;
import io.consistentcrud.testing.LocalDynamoDb;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;

/** The entities, tables and request builders the handler tests share. */
final class HttpFixture {
    static final EntityDefinition USERS = EntityDefinition.builder().name("users").tableName("http-users")
            .partitionKey(KeyAttribute.string("userId")).build();
    static final EntityDefinition ORDERS = EntityDefinition.builder().name("orders").tableName("http-orders")
            .partitionKey(KeyAttribute.string("customerId")).sortKey(KeyAttribute.string("orderId")).build();
    static final EntityDefinition COUNTERS = EntityDefinition.builder().name("counters").tableName("http-counters")
            .partitionKey(KeyAttribute.number("counterId")).versionAttribute("rev").build();
    static final EntityDefinition PRODUCTS = EntityDefinition.builder().name("products").tableName("http-products")
            .partitionKey(KeyAttribute.string("productId")).build();
    /** The idempotency table, created through the same helper: the contract's key (S). */
    static final EntityDefinition IDEMPOTENCY = EntityDefinition.builder().name("idempotency")
            .tableName("http-idempotency").partitionKey(KeyAttribute.string(IdempotencyRecordSchema.PARTITION_KEY)).build();
    static final List<EntityDefinition> ENTITIES = List.of(USERS, ORDERS, COUNTERS, PRODUCTS);

    private static final AtomicLong REQUESTS = new AtomicLong();

    final LocalDynamoDb dynamoDb;
    final RuntimeConfiguration config;
    final ConsistentStore store;

    HttpFixture(LocalDynamoDb dynamoDb) {
        this.dynamoDb = dynamoDb;
        ENTITIES.forEach(dynamoDb::createTable);
        dynamoDb.createTable(IDEMPOTENCY);
        this.config = RuntimeConfiguration.builder()
                .entities(ENTITIES)
                .attemptTimeout(Duration.ofSeconds(2))
                .callTimeout(Duration.ofSeconds(9))
                .maxAttempts(3)
                .idempotencyTable(IDEMPOTENCY.tableName())
                .build();
        this.store = new ConsistentStore(dynamoDb.client(), config.storeOptions().build());
    }

    CrudHandler handler(HandlerOptions options) {
        return new CrudHandler(config, store, options);
    }

    /** Every item of every table, the idempotency table included, in a stable order. */
    Map<String, List<Map<String, AttributeValue>>> scanAll() {
        Map<String, List<Map<String, AttributeValue>>> all = new LinkedHashMap<>();
        List<EntityDefinition> tables = new ArrayList<>(ENTITIES);
        tables.add(IDEMPOTENCY);
        for (EntityDefinition e : tables) {
            List<Map<String, AttributeValue>> items = new ArrayList<>();
            Map<String, AttributeValue> start = null;
            do {
                Map<String, AttributeValue> from = start;
                ScanResponse page = dynamoDb.client().scan(b -> b.tableName(e.tableName()).consistentRead(true)
                        .exclusiveStartKey(from));
                items.addAll(page.items());
                start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
            } while (start != null);
            items.sort(Comparator.comparing(Object::toString));
            all.put(e.tableName(), items);
        }
        return all;
    }

    /** A request builder with the gateway's usual fields. */
    static Req req(String method, String resource) {
        return new Req(method, resource);
    }

    static Map<String, JsonNode> json(ProxyResponse response) {
        return JsonNode.parser().parse(response.body()).asObject();
    }

    static final class Req {
        private final String method;
        private final String resource;
        private final Map<String, String> path = new LinkedHashMap<>();
        private final Map<String, String> query = new LinkedHashMap<>();
        private final Map<String, String> headers = new LinkedHashMap<>();
        private byte[] body;
        private String caller;

        Req(String method, String resource) {
            this.method = method;
            this.resource = resource;
        }

        Req path(String name, String value) {
            path.put(name, value);
            return this;
        }

        Req query(String name, String value) {
            query.put(name, value);
            return this;
        }

        Req header(String name, String value) {
            headers.put(name, value);
            return this;
        }

        Req json(String json) {
            headers.putIfAbsent("Content-Type", "application/json");
            body = json.getBytes(StandardCharsets.UTF_8);
            return this;
        }

        Req rawBody(byte[] bytes) {
            body = bytes;
            return this;
        }

        Req caller(String caller) {
            this.caller = caller;
            return this;
        }

        ProxyRequest build() {
            String concrete = resource;
            for (Map.Entry<String, String> p : path.entrySet()) {
                concrete = concrete.replace("{" + p.getKey() + "}", p.getValue());
            }
            return new ProxyRequest(method, resource, "/prod" + concrete, path, query, headers, body,
                    "req-" + REQUESTS.incrementAndGet(), caller);
        }
    }
}
