package io.consistentcrud.runtime.http;

import static io.consistentcrud.runtime.http.HttpFixture.req;
import static org.assertj.core.api.Assertions.assertThat;

import io.consistentcrud.runtime.ConsistentStore;
import io.consistentcrud.runtime.EntityDefinition;
import io.consistentcrud.runtime.KeyAttribute;
import io.consistentcrud.runtime.config.RuntimeConfiguration;
import io.consistentcrud.testing.LocalDynamoDb;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;

/**
 * The home-Region rule of a replicated entity (read replicas, one writing Region), on DynamoDB Local: a store told
 * it runs outside the entity's home Region refuses its writes and strongly consistent reads with a 421 problem
 * naming the home Region, writes nothing, and still serves an eventually consistent entity's reads; in the home
 * Region the same requests are served (the control).
 */
class HomeRegionTest {
    private static final String HOME = "eu-west-1";
    private static final String ELSEWHERE = "us-west-2";
    private static final EntityDefinition ACCOUNTS = EntityDefinition.builder().name("accounts")
            .tableName("region-accounts").partitionKey(KeyAttribute.string("accountId")).homeRegion(HOME).build();
    private static final EntityDefinition CATALOG = EntityDefinition.builder().name("catalog")
            .tableName("region-catalog").partitionKey(KeyAttribute.string("sku")).homeRegion(HOME)
            .consistentRead(false).build();
    private static LocalDynamoDb dynamoDb;

    @BeforeAll
    static void start() {
        dynamoDb = LocalDynamoDb.embedded();
        dynamoDb.createTable(ACCOUNTS);
        dynamoDb.createTable(CATALOG);
    }

    @AfterAll
    static void stop() {
        dynamoDb.close();
    }

    private static CrudHandler handlerIn(String region) {
        RuntimeConfiguration config = RuntimeConfiguration.fromEnvironment(Map.of(
                "CCA_ENTITIES", "[{\"name\":\"accounts\",\"table\":\"region-accounts\",\"pk\":{\"name\":\"accountId\","
                        + "\"type\":\"S\"},\"version\":\"version\",\"consistentRead\":true,\"homeRegion\":\"" + HOME
                        + "\"},{\"name\":\"catalog\",\"table\":\"region-catalog\",\"pk\":{\"name\":\"sku\","
                        + "\"type\":\"S\"},\"version\":\"version\",\"consistentRead\":false,\"homeRegion\":\"" + HOME
                        + "\"}]",
                "CCA_ATTEMPT_TIMEOUT_MS", "2000", "CCA_CALL_TIMEOUT_MS", "9000", "CCA_MAX_ATTEMPTS", "3",
                "AWS_REGION", region));
        assertThat(config.entities().get("accounts")).isEqualTo(ACCOUNTS);
        ConsistentStore store = new ConsistentStore(dynamoDb.client(), config.storeOptions().build());
        return new CrudHandler(config, store, HandlerOptions.defaults());
    }

    private static ProxyResponse send(CrudHandler handler, HttpFixture.Req request) {
        return handler.handle(request.build(), Instant.now().plus(Duration.ofSeconds(9)));
    }

    private static int items(EntityDefinition entity) {
        return dynamoDb.client().scan(b -> b.tableName(entity.tableName())).count();
    }

    @Test
    void g2_outsideTheHomeRegion_writesAndStrongReadsAre421NamingTheHomeRegion_andNothingIsWritten() {
        CrudHandler home = handlerIn(HOME);
        CrudHandler replica = handlerIn(ELSEWHERE);
        // The control: in the home Region the entity is written and read strongly.
        assertThat(send(home, req("PUT", "/accounts/{accountId}").path("accountId", "a1")
                .header("If-None-Match", "*").json("{\"balance\":10}")).statusCode()).isEqualTo(201);
        assertThat(send(home, req("GET", "/accounts/{accountId}").path("accountId", "a1")).statusCode())
                .isEqualTo(200);
        int before = items(ACCOUNTS);

        List<HttpFixture.Req> writes = List.of(
                req("POST", "/accounts").json("{\"accountId\":\"a2\"}"),
                req("PUT", "/accounts/{accountId}").path("accountId", "a1").header("If-Match", "\"1\"")
                        .json("{\"balance\":99}"),
                req("PATCH", "/accounts/{accountId}").path("accountId", "a1").header("If-Match", "\"1\"")
                        .json("{\"balance\":98}"),
                req("DELETE", "/accounts/{accountId}").path("accountId", "a1").header("If-Match", "\"1\""),
                req("POST", "/transactions").json("{\"operations\":[{\"op\":\"create\",\"entity\":\"accounts\","
                        + "\"item\":{\"accountId\":\"a3\"}}]}"));
        for (HttpFixture.Req write : writes) {
            ProxyResponse answer = send(replica, write);
            assertThat(answer.statusCode()).as(answer.body()).isEqualTo(421);
            Map<String, JsonNode> problem = HttpFixture.json(answer);
            assertThat(problem.get("type").asString()).endsWith("wrong-region");
            assertThat(problem.get("detail").asString()).contains("home Region " + HOME, "runs in " + ELSEWHERE);
        }
        ProxyResponse strongRead = send(replica, req("GET", "/accounts/{accountId}").path("accountId", "a1"));
        assertThat(strongRead.statusCode()).as(strongRead.body()).isEqualTo(421);
        assertThat(HttpFixture.json(strongRead).get("detail").asString())
                .startsWith("strongly consistent reads of entity 'accounts'");

        assertThat(items(ACCOUNTS)).as("nothing was written outside the home Region").isEqualTo(before);
        assertThat(send(home, req("GET", "/accounts/{accountId}").path("accountId", "a1")).body())
                .contains("\"balance\":10");
    }

    @Test
    void g2_outsideTheHomeRegion_anEventuallyConsistentEntityIsStillRead_butNotWritten() {
        CrudHandler home = handlerIn(HOME);
        CrudHandler replica = handlerIn(ELSEWHERE);
        assertThat(send(home, req("PUT", "/catalog/{sku}").path("sku", "s1").header("If-None-Match", "*")
                .json("{\"name\":\"lamp\"}")).statusCode()).isEqualTo(201);

        ProxyResponse read = send(replica, req("GET", "/catalog/{sku}").path("sku", "s1"));
        assertThat(read.statusCode()).as(read.body()).isEqualTo(200);
        assertThat(send(replica, req("PUT", "/catalog/{sku}").path("sku", "s1").header("If-Match", "\"1\"")
                .json("{\"name\":\"desk\"}")).statusCode()).isEqualTo(421);
    }
}
