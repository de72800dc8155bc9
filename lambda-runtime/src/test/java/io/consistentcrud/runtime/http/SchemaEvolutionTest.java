package io.consistentcrud.runtime.http;

import static io.consistentcrud.runtime.http.HttpFixture.json;
import static io.consistentcrud.runtime.http.HttpFixture.req;
import static org.assertj.core.api.Assertions.assertThat;

import io.consistentcrud.runtime.ConsistentStore;
import io.consistentcrud.runtime.EntityDefinition;
import io.consistentcrud.runtime.KeyAttribute;
import io.consistentcrud.runtime.config.RuntimeConfiguration;
import io.consistentcrud.runtime.schema.ItemSchema;
import io.consistentcrud.testing.LocalDynamoDb;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Schema evolution as docs/http-api.md describes it: a deploy changes the schema, never the stored items. Each
 * test writes items under one schema and reads and writes them under the next, on the same table.
 */
class SchemaEvolutionTest {
    private static final EntityDefinition BASE = EntityDefinition.builder().name("people").tableName("evo-people")
            .partitionKey(KeyAttribute.string("personId")).build();
    private static final EntityDefinition IDEMPOTENCY = HttpFixture.IDEMPOTENCY.toBuilder().tableName("evo-idem")
            .build();
    private static LocalDynamoDb dynamoDb;

    @BeforeAll
    static void start() {
        dynamoDb = LocalDynamoDb.embedded();
        dynamoDb.createTable(BASE);
        dynamoDb.createTable(IDEMPOTENCY);
    }

    @AfterAll
    static void stop() {
        dynamoDb.close();
    }

    /** The handler of a deploy whose entity carries this schema (the key's property added, as the construct does). */
    private static CrudHandler deployed(String properties, String required) {
        String schema = "{\"type\":\"object\",\"additionalProperties\":false,\"required\":[\"personId\"" + required
                + "],\"properties\":{\"personId\":{\"type\":\"string\",\"minLength\":1}," + properties + "}}";
        EntityDefinition entity = BASE.toBuilder().schema(ItemSchema.parse(schema)).build();
        RuntimeConfiguration config = RuntimeConfiguration.builder().entities(List.of(entity))
                .attemptTimeout(Duration.ofSeconds(2)).callTimeout(Duration.ofSeconds(9)).maxAttempts(3)
                .idempotencyTable(IDEMPOTENCY.tableName()).build();
        return new CrudHandler(config, new ConsistentStore(dynamoDb.client(), config.storeOptions().build()),
                HandlerOptions.defaults());
    }

    private static ProxyResponse put(CrudHandler handler, String id, String ifMatch, String body) {
        HttpFixture.Req r = req("PUT", "/people/{personId}").path("personId", id).json(body);
        return handler.handle((ifMatch == null ? r.header("If-None-Match", "*") : r.header("If-Match", ifMatch))
                .build());
    }

    private static ProxyResponse get(CrudHandler handler, String id) {
        return handler.handle(req("GET", "/people/{personId}").path("personId", id).build());
    }

    @Test
    void evolution_addingAnOptionalMemberKeepsOldItemsReadableAndWritable() {
        CrudHandler v1 = deployed("\"name\":{\"type\":\"string\"}", "");
        assertThat(put(v1, "opt", null, "{\"name\":\"Ada\"}").statusCode()).isEqualTo(201);
        CrudHandler v2 = deployed("\"name\":{\"type\":\"string\"},\"nick\":{\"type\":\"string\"}", "");
        assertThat(get(v2, "opt").statusCode()).isEqualTo(200);
        assertThat(put(v2, "opt", "\"1\"", "{\"name\":\"Ada\"}").statusCode()).isEqualTo(200);
        assertThat(put(v2, "opt", "\"2\"", "{\"name\":\"Ada\",\"nick\":\"A\"}").statusCode()).isEqualTo(200);
    }

    @Test
    void evolution_aNewRequiredMemberLeavesOldItemsReadableAndTheNextWriteMustSatisfyIt() {
        CrudHandler v1 = deployed("\"name\":{\"type\":\"string\"}", "");
        assertThat(put(v1, "req", null, "{\"name\":\"Ada\"}").statusCode()).isEqualTo(201);
        CrudHandler v2 = deployed("\"name\":{\"type\":\"string\"},\"email\":{\"type\":\"string\"}", ",\"email\"");
        ProxyResponse old = get(v2, "req");
        assertThat(old.statusCode()).as("reads answer items that predate the schema").isEqualTo(200);
        assertThat(json(old)).doesNotContainKey("email");
        ProxyResponse refused = put(v2, "req", "\"1\"", "{\"name\":\"Ada\"}");
        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(json(refused).get("type").asString()).endsWith("schema-violation");
        ProxyResponse patchedWithout = v2.handle(req("PATCH", "/people/{personId}").path("personId", "req")
                .header("If-Match", "\"1\"").json("{\"name\":\"Ada L.\"}").build());
        assertThat(patchedWithout.statusCode()).as("a patch must make an item that satisfies it").isEqualTo(400);
        ProxyResponse patched = v2.handle(req("PATCH", "/people/{personId}").path("personId", "req")
                .header("If-Match", "\"1\"").json("{\"email\":\"ada@example.org\"}").build());
        assertThat(patched.statusCode()).as(patched.body()).isEqualTo(200);
    }

    @Test
    void evolution_aNewRequiredMemberIsAskedOfTheNextIncrementToo_whichChangesNothingUntilItIsSet() {
        CrudHandler v1 = deployed("\"name\":{\"type\":\"string\"},\"visits\":{\"type\":\"integer\"}", "");
        assertThat(put(v1, "inc", null, "{\"name\":\"Ada\",\"visits\":0}").statusCode()).isEqualTo(201);
        assertThat(increment(v1, "\"1\"", null).statusCode()).as("control: before the member is required")
                .isEqualTo(200);
        CrudHandler v2 = deployed("\"name\":{\"type\":\"string\"},\"visits\":{\"type\":\"integer\"},"
                + "\"email\":{\"type\":\"string\"}", ",\"email\"");
        List<Map<String, AttributeValue>> before = scan();

        for (ProxyResponse refused : List.of(increment(v2, "\"2\"", null), increment(v2, null, null),
                increment(v2, null, "evo-key-1"))) {
            assertThat(refused.statusCode()).as(refused.body()).isEqualTo(400);
            assertThat(json(refused).get("type").asString()).endsWith("schema-violation");
            Map<String, JsonNode> violation = json(refused).get("violations").asArray().get(0).asObject();
            assertThat(violation.get("pointer").asString()).isEqualTo("/email");
            assertThat(violation.get("keyword").asString()).isEqualTo("required");
        }
        ProxyResponse inTransaction = v2.handle(req("POST", "/transactions").json("{\"operations\":["
                + "{\"op\":\"increment\",\"entity\":\"people\",\"key\":{\"personId\":\"inc\"},"
                + "\"deltas\":{\"visits\":1}}]}").build());
        assertThat(inTransaction.statusCode()).as(inTransaction.body()).isEqualTo(400);
        assertThat(json(inTransaction).get("violations").asArray().get(0).asObject().get("pointer").asString())
                .isEqualTo("/operations/0/email");
        assertThat(scan()).as("a full scan after the refused increments").isEqualTo(before);

        ProxyResponse patched = v2.handle(req("PATCH", "/people/{personId}").path("personId", "inc")
                .header("If-Match", "\"2\"").json("{\"email\":\"ada@example.org\"}").build());
        assertThat(patched.statusCode()).as(patched.body()).isEqualTo(200);
        assertThat(increment(v2, "\"3\"", null).statusCode()).as("once set, increments go on").isEqualTo(200);
    }

    private static ProxyResponse increment(CrudHandler handler, String ifMatch, String idempotencyKey) {
        HttpFixture.Req r = req("POST", "/people/{personId}/increment").path("personId", "inc")
                .json("{\"visits\":1}");
        if (ifMatch != null) {
            r = r.header("If-Match", ifMatch);
        }
        if (idempotencyKey != null) {
            r = r.header("Idempotency-Key", idempotencyKey);
        }
        return handler.handle(r.build());
    }

    private static List<Map<String, AttributeValue>> scan() {
        return dynamoDb.client().scan(b -> b.tableName(BASE.tableName()).consistentRead(true)).items();
    }

    @Test
    void evolution_wideningATypeKeepsOldValuesValid() {
        CrudHandler v1 = deployed("\"score\":{\"type\":\"integer\"}", "");
        assertThat(put(v1, "wide", null, "{\"score\":3}").statusCode()).isEqualTo(201);
        assertThat(put(v1, "wide", "\"1\"", "{\"score\":3.5}").statusCode()).isEqualTo(400);
        CrudHandler v2 = deployed("\"score\":{\"type\":[\"number\",\"string\"]}", "");
        assertThat(put(v2, "wide", "\"1\"", "{\"score\":3}").statusCode()).isEqualTo(200);
        assertThat(put(v2, "wide", "\"2\"", "{\"score\":3.5}").statusCode()).isEqualTo(200);
        assertThat(put(v2, "wide", "\"3\"", "{\"score\":\"high\"}").statusCode()).isEqualTo(200);
    }
}
