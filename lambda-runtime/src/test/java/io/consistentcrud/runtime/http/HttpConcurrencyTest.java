package io.consistentcrud.runtime.http;

import static io.consistentcrud.runtime.http.HttpFixture.json;
import static io.consistentcrud.runtime.http.HttpFixture.req;
import static org.assertj.core.api.Assertions.assertThat;

import io.consistentcrud.testing.Concurrently;
import io.consistentcrud.testing.LocalDynamoDb;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;

/** G2 and G5 through the HTTP handler under concurrency, on DynamoDB Local over HTTP. */
class HttpConcurrencyTest {
    private static LocalDynamoDb dynamoDb;
    private static CrudHandler handler;

    @BeforeAll
    static void start() {
        dynamoDb = LocalDynamoDb.server();
        handler = new HttpFixture(dynamoDb).handler(HandlerOptions.defaults());
    }

    @AfterAll
    static void stop() {
        dynamoDb.close();
    }

    @Test
    void g5_tenConcurrentCreatesWithOneKeyMakeOneItemAndIdenticalAnswers() throws Exception {
        List<ProxyResponse> answers = Concurrently.run(10, () -> handler.handle(req("POST", "/users")
                .header("Idempotency-Key", "concurrent-signup").json("{\"name\":\"Once\"}").build()));

        assertThat(answers).allSatisfy(a -> assertThat(a.statusCode()).isEqualTo(201));
        assertThat(answers.stream().map(ProxyResponse::body).collect(Collectors.toSet())).hasSize(1);
        assertThat(answers.stream().map(a -> a.headers().get("Location")).collect(Collectors.toSet())).hasSize(1);
        assertThat(answers.stream().map(a -> a.headers().get("ETag")).collect(Collectors.toSet()))
                .containsExactly("\"1\"");
        long items = dynamoDb.client().scan(b -> b.tableName(HttpFixture.USERS.tableName()).consistentRead(true))
                .items().stream().filter(i -> i.containsKey("name") && "Once".equals(i.get("name").s())).count();
        assertThat(items).isEqualTo(1);
    }

    @Test
    void g2_concurrentReadModifyWriteLoopsLoseNoAcknowledgedUpdate() throws Exception {
        handler.handle(req("PUT", "/users/{userId}").path("userId", "hot").header("If-None-Match", "*")
                .json("{\"log\":[]}").build());
        int writers = 8;
        int attemptsEach = 10;
        List<List<String>> acknowledged = Concurrently.run(writers, () -> {
            List<String> mine = new ArrayList<>();
            String me = Thread.currentThread().getName();
            for (int i = 0; i < attemptsEach; i++) {
                ProxyResponse read = handler.handle(req("GET", "/users/{userId}").path("userId", "hot").build());
                List<String> log = json(read).get("log").asArray().stream().map(JsonNode::asString)
                        .collect(Collectors.toCollection(ArrayList::new));
                String entry = me + "#" + i;
                log.add(entry);
                String body = "{\"log\":[" + log.stream().map(s -> "\"" + s + "\"").collect(Collectors.joining(","))
                        + "]}";
                ProxyResponse write = handler.handle(req("PUT", "/users/{userId}").path("userId", "hot")
                        .header("If-Match", read.headers().get("ETag")).json(body).build());
                if (write.statusCode() == 200) {
                    mine.add(entry);
                } else {
                    // Every write that was not acknowledged was refused for its stale version, and nothing else.
                    assertThat(write.statusCode()).isEqualTo(412);
                }
            }
            return mine;
        });

        Set<String> acked = acknowledged.stream().flatMap(List::stream).collect(Collectors.toSet());
        ProxyResponse last = handler.handle(req("GET", "/users/{userId}").path("userId", "hot").build());
        Set<String> stored = json(last).get("log").asArray().stream().map(JsonNode::asString).collect(Collectors.toSet());
        assertThat(stored).isEqualTo(acked);
        assertThat(last.headers().get("ETag")).isEqualTo("\"" + (acked.size() + 1) + "\"");
        assertThat(acked).isNotEmpty();
    }
}
