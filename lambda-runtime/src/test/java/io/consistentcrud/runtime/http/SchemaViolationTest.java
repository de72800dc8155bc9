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
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Item schemas in the runtime: a create, a replace, the item a merge patch makes, an increment and a transaction's
 * operations are checked against the whole schema (runtime-only keywords included); a violation answers one 400
 * schema-violation problem listing every violation, and a full scan of the tables is the same before and after.
 */
class SchemaViolationTest {
    /** As the construct ships it: the client's schema with the key's property and requirement added. */
    static final String SCHEMA = """
            {"type": "object", "additionalProperties": false, "required": ["name", "memberId"],
             "properties": {"memberId": {"type": "string", "minLength": 1},
                            "name": {"type": "string", "minLength": 1},
                            "age": {"type": "integer", "minimum": 0, "exclusiveMaximum": 150},
                            "since": {"type": "string", "format": "date"},
                            "score": {"type": "number"},
                            "tags": {"type": "array", "items": {"type": "string"}},
                            "address": {"type": "object", "properties": {"city": {"type": "string"}}}}}
            """;
    static final EntityDefinition MEMBERS = EntityDefinition.builder().name("members").tableName("schema-members")
            .partitionKey(KeyAttribute.string("memberId")).schema(ItemSchema.parse(SCHEMA)).build();
    static final EntityDefinition IDEMPOTENCY = HttpFixture.IDEMPOTENCY.toBuilder().tableName("schema-idem").build();

    private static LocalDynamoDb dynamoDb;
    private static CrudHandler handler;

    @BeforeAll
    static void start() {
        dynamoDb = LocalDynamoDb.embedded();
        dynamoDb.createTable(MEMBERS);
        dynamoDb.createTable(IDEMPOTENCY);
        RuntimeConfiguration config = RuntimeConfiguration.builder().entities(List.of(MEMBERS))
                .attemptTimeout(Duration.ofSeconds(2)).callTimeout(Duration.ofSeconds(9)).maxAttempts(3)
                .idempotencyTable(IDEMPOTENCY.tableName()).build();
        handler = new CrudHandler(config, new ConsistentStore(dynamoDb.client(), config.storeOptions().build()),
                HandlerOptions.defaults());
        assertThat(send(req("POST", "/members").json("{\"memberId\":\"ada\",\"name\":\"Ada\",\"age\":36,"
                + "\"score\":1.5,\"tags\":[\"x\"],\"address\":{\"city\":\"London\"}}")).statusCode()).isEqualTo(201);
    }

    @AfterAll
    static void stop() {
        dynamoDb.close();
    }

    private static ProxyResponse send(HttpFixture.Req request) {
        return handler.handle(request.build());
    }

    private static List<Map<String, AttributeValue>> scan() {
        List<Map<String, AttributeValue>> all = new ArrayList<>();
        for (String table : List.of(MEMBERS.tableName(), IDEMPOTENCY.tableName())) {
            all.addAll(dynamoDb.client().scan(b -> b.tableName(table).consistentRead(true)).items());
        }
        all.sort(Comparator.comparing(Object::toString));
        return all;
    }

    /** Sends a request that must be refused, checks the problem and that nothing changed; answers the pointers. */
    private static List<String> refused(HttpFixture.Req request) {
        List<Map<String, AttributeValue>> before = scan();
        ProxyResponse r = send(request);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
        assertThat(r.headers()).containsEntry("Content-Type", "application/problem+json");
        Map<String, JsonNode> problem = json(r);
        assertThat(problem.get("type").asString()).isEqualTo("urn:consistentcrud:problem:schema-violation");
        List<String> pointers = new ArrayList<>();
        for (JsonNode v : problem.get("violations").asArray()) {
            Map<String, JsonNode> o = v.asObject();
            assertThat(o.get("keyword").asString()).isNotBlank();
            assertThat(o.get("message").asString()).isNotBlank();
            pointers.add(o.get("pointer").asString() + " " + o.get("keyword").asString());
        }
        assertThat(scan()).as("a full scan after the refused write").isEqualTo(before);
        return pointers;
    }

    @Test
    void schema_aCreateIsRefusedWithEveryViolationListedAndNothingWritten() {
        List<String> violations = refused(req("POST", "/members").json("{\"memberId\":\"bob\",\"name\":42,"
                + "\"age\":-1,\"since\":\"yesterday\",\"emial\":\"x\"}"));
        assertThat(violations).contains("/name type", "/age minimum", "/since format")
                .anyMatch(v -> v.contains("additionalProperties"));
    }

    @Test
    void schema_aDateIsAnRfc3339FullDate_aDateWithAnOffsetIsRefusedAndNothingWritten() {
        // java.time's ISO_DATE, which the validator library uses, takes "2024-01-02Z"; RFC 3339 and OpenAPI do not.
        assertThat(refused(req("POST", "/members").json("{\"memberId\":\"zoned\",\"name\":\"Z\","
                + "\"since\":\"2024-01-02Z\"}"))).containsExactly("/since format");
        assertThat(refused(req("POST", "/members").json("{\"memberId\":\"feb30\",\"name\":\"F\","
                + "\"since\":\"2023-02-29\"}"))).containsExactly("/since format");
        assertThat(send(req("POST", "/members").json("{\"memberId\":\"leap\",\"name\":\"L\","
                + "\"since\":\"2024-02-29\"}")).statusCode()).isEqualTo(201);
    }

    @Test
    void schema_runtimeOnlyKeywordsAreEnforced() {
        assertThat(refused(req("POST", "/members").json("{\"memberId\":\"old\",\"name\":\"Old\",\"age\":150}")))
                .containsExactly("/age exclusiveMaximum");
    }

    @Test
    void schema_aCreateWithoutARequiredMemberIsRefused() {
        assertThat(refused(req("POST", "/members").json("{\"memberId\":\"nameless\"}")))
                .containsExactly(" required");
    }

    @Test
    void schema_aReplaceIsRefused() {
        assertThat(refused(req("PUT", "/members/{memberId}").path("memberId", "ada").header("If-Match", "\"1\"")
                .json("{\"name\":\"Ada\",\"tags\":[1]}"))).containsExactly("/tags/0 type");
    }

    @Test
    void schema_theItemAMergePatchMakesIsChecked_withAndWithoutAnAnswerBody() {
        String version = "\"" + json(send(req("GET", "/members/{memberId}").path("memberId", "ada")))
                .get("version").asNumber() + "\"";
        assertThat(refused(req("PATCH", "/members/{memberId}").path("memberId", "ada").header("If-Match", version)
                .json("{\"name\":null}"))).containsExactly(" required");
        assertThat(refused(req("PATCH", "/members/{memberId}").path("memberId", "ada").header("If-Match", version)
                .header("Prefer", "return=minimal").json("{\"name\":null,\"address\":{\"city\":7}}")))
                .containsExactlyInAnyOrder(" required", "/address/city type");
    }

    @Test
    void schema_anIncrementNeedsAMemberTheSchemaDeclaresNumeric() {
        assertThat(refused(req("POST", "/members/{memberId}/increment").path("memberId", "ada")
                .json("{\"name\":1,\"visits\":1,\"age\":0.5}")))
                .containsExactly("/name type", "/visits type", "/age type");
        assertThat(send(req("POST", "/members/{memberId}/increment").path("memberId", "ada")
                .json("{\"score\":0.25}")).statusCode()).isEqualTo(200);
    }

    @Test
    void schema_aTransactionIsRefusedWithTheViolationsOfEveryOperation() {
        assertThat(refused(req("POST", "/transactions").json("{\"operations\":["
                + "{\"op\":\"create\",\"entity\":\"members\",\"item\":{\"memberId\":\"t1\",\"name\":\"\"}},"
                + "{\"op\":\"create\",\"entity\":\"members\",\"item\":{\"memberId\":\"t2\",\"name\":\"T\"}},"
                + "{\"op\":\"increment\",\"entity\":\"members\",\"key\":{\"memberId\":\"ada\"},"
                + "\"deltas\":{\"name\":1}}]}")))
                .containsExactly("/operations/0/item/name minLength", "/operations/2/deltas/name type");
    }

    @Test
    void schema_aConformingWriteIsAnsweredAsWithoutSchema() {
        ProxyResponse created = send(req("POST", "/members").header("Idempotency-Key", "k-1")
                .json("{\"memberId\":\"cy\",\"name\":\"Cy\",\"since\":\"2024-02-29\"}"));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        ProxyResponse replaced = send(req("PUT", "/members/{memberId}").path("memberId", "cy")
                .header("If-Match", "\"1\"").json("{\"name\":\"Cy\",\"age\":3}"));
        assertThat(replaced.statusCode()).as(replaced.body()).isEqualTo(200);
    }
}
