package io.consistentcrud.runtime.http;

import static io.consistentcrud.runtime.http.HttpFixture.json;
import static io.consistentcrud.runtime.http.HttpFixture.req;
import static org.assertj.core.api.Assertions.assertThat;

import io.consistentcrud.runtime.ConsistentStore;
import io.consistentcrud.runtime.EntityDefinition;
import io.consistentcrud.runtime.KeyAttribute;
import io.consistentcrud.runtime.config.RuntimeConfiguration;
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
 * Unique attributes through the handler: a taken value answers 409 {@code unique-value-taken} naming the attribute
 * (never the item that holds it) on POST, PUT, PATCH (with and without {@code return=minimal}) and in a
 * transaction, and changes nothing; an increment of a unique attribute is a 400 {@code invalid-delta}; a value
 * that cannot be guarded is a 400 {@code schema-violation} with keyword {@code unique}; a delete frees the value.
 */
class UniqueAttributesOverHandlerTest {
    static final EntityDefinition ACCOUNTS = EntityDefinition.builder().name("accounts").tableName("uq-accounts")
            .partitionKey(KeyAttribute.string("accountId")).uniqueAttributes(List.of("email"))
            .uniqueValuesTable("uq-guards").build();
    static final EntityDefinition IDEMPOTENCY = HttpFixture.IDEMPOTENCY.toBuilder().tableName("uq-idem").build();

    private static LocalDynamoDb dynamoDb;
    private static CrudHandler handler;

    @BeforeAll
    static void start() {
        dynamoDb = LocalDynamoDb.embedded();
        dynamoDb.createTable(ACCOUNTS);
        dynamoDb.createTable(IDEMPOTENCY);
        RuntimeConfiguration config = RuntimeConfiguration.builder().entities(List.of(ACCOUNTS))
                .attemptTimeout(Duration.ofSeconds(2)).callTimeout(Duration.ofSeconds(9)).maxAttempts(3)
                .idempotencyTable(IDEMPOTENCY.tableName()).build();
        handler = new CrudHandler(config, new ConsistentStore(dynamoDb.client(), config.storeOptions().build()),
                HandlerOptions.defaults());
        assertThat(send(req("POST", "/accounts").json("{\"accountId\":\"ada\",\"email\":\"ada@example.org\"}"))
                .statusCode()).isEqualTo(201);
        assertThat(send(req("POST", "/accounts").json("{\"accountId\":\"bob\",\"email\":\"bob@example.org\"}"))
                .statusCode()).isEqualTo(201);
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
        for (String table : List.of(ACCOUNTS.tableName(), "uq-guards", IDEMPOTENCY.tableName())) {
            all.addAll(dynamoDb.client().scan(b -> b.tableName(table).consistentRead(true)).items());
        }
        all.sort(Comparator.comparing(Object::toString));
        return all;
    }

    /** Sends a request that must be refused with this status and problem, and checks that nothing changed. */
    private static Map<String, JsonNode> refused(HttpFixture.Req request, int status, String slug) {
        List<Map<String, AttributeValue>> before = scan();
        ProxyResponse r = send(request);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        assertThat(r.headers()).containsEntry("Content-Type", "application/problem+json");
        Map<String, JsonNode> problem = json(r);
        assertThat(problem.get("type").asString()).isEqualTo("urn:consistentcrud:problem:" + slug);
        assertThat(scan()).as("a full scan after the refused write").isEqualTo(before);
        return problem;
    }

    private static String etag(String id) {
        return send(req("GET", "/accounts/{accountId}").path("accountId", id)).headers().get("ETag");
    }

    @Test
    void unique_aTakenValueAnswers409NamingTheAttributeNotTheHolder_onEveryWrite() {
        for (HttpFixture.Req write : List.of(
                req("POST", "/accounts").json("{\"accountId\":\"cy\",\"email\":\"ada@example.org\"}"),
                req("PUT", "/accounts/{accountId}").path("accountId", "cy").header("If-None-Match", "*")
                        .json("{\"email\":\"ada@example.org\"}"),
                req("PUT", "/accounts/{accountId}").path("accountId", "bob").header("If-Match", etag("bob"))
                        .json("{\"email\":\"ada@example.org\"}"),
                req("PATCH", "/accounts/{accountId}").path("accountId", "bob").header("If-Match", etag("bob"))
                        .json("{\"email\":\"ada@example.org\"}"),
                req("PATCH", "/accounts/{accountId}").path("accountId", "bob").header("If-Match", etag("bob"))
                        .header("Prefer", "return=minimal").json("{\"email\":\"ada@example.org\"}"))) {
            Map<String, JsonNode> problem = refused(write, 409, "unique-value-taken");
            assertThat(problem.get("attribute").asString()).isEqualTo("email");
            assertThat(problem.get("status").asNumber()).isEqualTo("409");
            assertThat(problem.get("detail").asString()).doesNotContain("ada", "bob");
        }
    }

    @Test
    void unique_aTransactionGivingATakenValue_answers409WithTheOperation() {
        Map<String, JsonNode> problem = refused(req("POST", "/transactions").json("{\"operations\":["
                + "{\"op\":\"create\",\"entity\":\"accounts\",\"item\":{\"accountId\":\"tx1\",\"email\":\"t@example.org\"}},"
                + "{\"op\":\"create\",\"entity\":\"accounts\",\"item\":{\"accountId\":\"tx2\",\"email\":\"bob@example.org\"}}"
                + "]}"), 409, "unique-value-taken");
        assertThat(problem.get("operationIndex").asNumber()).isEqualTo("1");
        assertThat(problem.get("attribute").asString()).isEqualTo("email");
    }

    @Test
    void unique_aTransactionHandingAValueFromOneItemToAnother_isRefusedNamingTheOperationsAndTheAttribute() {
        String ada = etag("ada").replace("\"", "");
        String bob = etag("bob").replace("\"", "");
        // DynamoDB allows one write per item in a transaction: the guard of ada's email cannot be deleted for ada
        // and put for bob in one. The refusal must say so, not answer a generic "invalid write".
        Map<String, JsonNode> problem = refused(req("POST", "/transactions").json("{\"operations\":["
                + "{\"op\":\"replace\",\"entity\":\"accounts\",\"item\":{\"accountId\":\"ada\","
                + "\"email\":\"ada-new@example.org\"},\"expectedVersion\":" + ada + "},"
                + "{\"op\":\"replace\",\"entity\":\"accounts\",\"item\":{\"accountId\":\"bob\","
                + "\"email\":\"ada@example.org\"},\"expectedVersion\":" + bob + "}]}"), 400, "invalid-transaction");
        assertThat(problem.get("detail").asString())
                .contains("operations 0 and 1", "unique attribute 'email'", "two transactions")
                .doesNotContain("example.org");
    }

    @Test
    void unique_anIncrementOfTheUniqueAttribute_andAValueThatIsNoScalar_areRefused() {
        assertThat(refused(req("POST", "/accounts/{accountId}/increment").path("accountId", "ada")
                .json("{\"email\":1}"), 400, "invalid-delta").get("detail").asString())
                .contains("unique attribute 'email'");
        Map<String, JsonNode> problem = refused(req("POST", "/accounts")
                .json("{\"accountId\":\"obj\",\"email\":{\"at\":\"x\"}}"), 400, "schema-violation");
        Map<String, JsonNode> violation = problem.get("violations").asArray().get(0).asObject();
        assertThat(violation.get("pointer").asString()).isEqualTo("/email");
        assertThat(violation.get("keyword").asString()).isEqualTo("unique");
    }

    @Test
    void unique_aDeleteFreesTheValueForAnotherItem() {
        assertThat(send(req("POST", "/accounts").json("{\"accountId\":\"dee\",\"email\":\"dee@example.org\"}"))
                .statusCode()).isEqualTo(201);
        assertThat(send(req("DELETE", "/accounts/{accountId}").path("accountId", "dee").header("If-Match", etag("dee")))
                .statusCode()).isEqualTo(204);
        assertThat(send(req("POST", "/accounts").json("{\"accountId\":\"eve\",\"email\":\"dee@example.org\"}"))
                .statusCode()).isEqualTo(201);
    }
}
