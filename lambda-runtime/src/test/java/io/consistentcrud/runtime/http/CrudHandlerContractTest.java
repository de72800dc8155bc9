package io.consistentcrud.runtime.http;

import static io.consistentcrud.runtime.http.HttpFixture.json;
import static io.consistentcrud.runtime.http.HttpFixture.req;
import static org.assertj.core.api.Assertions.assertThat;

import io.consistentcrud.testing.LocalDynamoDb;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** The HTTP contract of docs/http-api.md, end to end through the handler on DynamoDB Local. */
class CrudHandlerContractTest {
    private static LocalDynamoDb dynamoDb;
    private static HttpFixture fixture;
    private static CrudHandler handler;

    @BeforeAll
    static void start() {
        dynamoDb = LocalDynamoDb.embedded();
        fixture = new HttpFixture(dynamoDb);
        handler = fixture.handler(HandlerOptions.defaults());
    }

    @AfterAll
    static void stop() {
        dynamoDb.close();
    }

    private static ProxyResponse send(HttpFixture.Req request) {
        return handler.handle(request.build());
    }

    private static ProxyResponse createUser(String id, String json) {
        return send(req("PUT", "/users/{userId}").path("userId", id).header("If-None-Match", "*").json(json));
    }

    private static void assertProblem(ProxyResponse response, int status, String type) {
        assertThat(response.statusCode()).isEqualTo(status);
        assertThat(response.headers()).containsEntry("Content-Type", "application/problem+json");
        Map<String, JsonNode> problem = json(response);
        assertThat(problem.get("type").asString()).isEqualTo("urn:consistentcrud:problem:" + type);
        assertThat(problem.get("status").asNumber()).isEqualTo(Integer.toString(status));
    }

    @Test
    void g1_postCreatesWith201ETagAndLocation_andGetReadsItBack() {
        ProxyResponse created = send(req("POST", "/users").json("{\"userId\":\"ada\",\"name\":\"Ada\"}"));
        assertThat(created.statusCode()).isEqualTo(201);
        assertThat(created.headers()).containsEntry("ETag", "\"1\"").containsEntry("Location", "/prod/users/ada");
        assertThat(json(created).get("name").asString()).isEqualTo("Ada");
        assertThat(created.body()).doesNotContain("_cca");

        ProxyResponse read = send(req("GET", "/users/{userId}").path("userId", "ada"));
        assertThat(read.statusCode()).isEqualTo(200);
        assertThat(read.headers()).containsEntry("ETag", "\"1\"");
        assertThat(read.body()).isEqualTo(created.body());
    }

    @Test
    void g3_postOfAnExistingIdAnswers409WithTheCurrentVersion() {
        send(req("POST", "/users").json("{\"userId\":\"twice\"}"));
        ProxyResponse again = send(req("POST", "/users").json("{\"userId\":\"twice\"}"));
        assertProblem(again, 409, "already-exists");
        assertThat(again.headers()).containsEntry("ETag", "\"1\"");
        assertThat(json(again).get("currentVersion").asNumber()).isEqualTo("1");
    }

    @Test
    void postWithoutIdGeneratesOne_andTheLocationNamesIt() {
        ProxyResponse created = send(req("POST", "/users").json("{\"name\":\"anon\"}"));
        assertThat(created.statusCode()).isEqualTo(201);
        String id = json(created).get("userId").asString();
        assertThat(id).matches("[0-9a-f-]{36}");
        assertThat(created.headers()).containsEntry("Location", "/prod/users/" + id);
    }

    @Test
    void g5_postWithIdempotencyKeyDerivesTheId_andRepeatsAnswerTheFirstOutcome() {
        HttpFixture.Req first = req("POST", "/users").header("Idempotency-Key", "signup-42").json("{\"name\":\"Bo\"}");
        ProxyResponse answer = send(first);
        assertThat(answer.statusCode()).isEqualTo(201);
        for (int i = 0; i < 3; i++) {
            ProxyResponse repeat = send(req("POST", "/users").header("Idempotency-Key", "signup-42")
                    .json("{\"name\":\"Bo\"}"));
            assertThat(repeat.statusCode()).isEqualTo(201);
            assertThat(repeat.body()).isEqualTo(answer.body());
            assertThat(repeat.headers().get("ETag")).isEqualTo(answer.headers().get("ETag"));
            assertThat(repeat.headers().get("Location")).isEqualTo(answer.headers().get("Location"));
        }
        ProxyResponse reused = send(req("POST", "/users").header("Idempotency-Key", "signup-42")
                .json("{\"name\":\"Someone else\"}"));
        assertProblem(reused, 422, "idempotency-key-reused");
    }

    @Test
    void g2_putReplacesWithIfMatch_andAStaleTagAnswers412CarryingTheCurrentVersion() {
        assertThat(createUser("rep", "{\"name\":\"v1\"}").statusCode()).isEqualTo(201);
        ProxyResponse replaced = send(req("PUT", "/users/{userId}").path("userId", "rep").header("If-Match", "\"1\"")
                .json("{\"name\":\"v2\"}"));
        assertThat(replaced.statusCode()).isEqualTo(200);
        assertThat(replaced.headers()).containsEntry("ETag", "\"2\"");

        ProxyResponse stale = send(req("PUT", "/users/{userId}").path("userId", "rep").header("If-Match", "\"1\"")
                .json("{\"name\":\"lost\"}"));
        assertProblem(stale, 412, "version-mismatch");
        assertThat(stale.headers()).containsEntry("ETag", "\"2\"");
        assertThat(json(stale).get("currentVersion").asNumber()).isEqualTo("2");
        assertThat(json(send(req("GET", "/users/{userId}").path("userId", "rep"))).get("name").asString())
                .isEqualTo("v2");
    }

    @Test
    void g3_putWithIfNoneMatchOnAnExistingItemAnswers412() {
        createUser("exists", "{}");
        ProxyResponse again = createUser("exists", "{\"name\":\"second\"}");
        assertProblem(again, 412, "version-mismatch");
        assertThat(again.headers()).containsEntry("ETag", "\"1\"");
    }

    @Test
    void writesWithoutAPreconditionAnswer428AndWriteNothing() {
        createUser("pre", "{\"name\":\"kept\"}");
        assertProblem(send(req("PUT", "/users/{userId}").path("userId", "pre").json("{\"name\":\"x\"}")), 428,
                "precondition-required");
        assertProblem(send(req("PATCH", "/users/{userId}").path("userId", "pre").json("{\"name\":\"x\"}")), 428,
                "precondition-required");
        assertProblem(send(req("DELETE", "/users/{userId}").path("userId", "pre")), 428, "precondition-required");
        ProxyResponse read = send(req("GET", "/users/{userId}").path("userId", "pre"));
        assertThat(read.headers()).containsEntry("ETag", "\"1\"");
        assertThat(json(read).get("name").asString()).isEqualTo("kept");
    }

    @Test
    void getOfAMissingItemAnswers404Problem() {
        assertProblem(send(req("GET", "/users/{userId}").path("userId", "nobody")), 404, "not-found");
    }

    @Test
    void patchAppliesAJsonMergePatch_nestedMembersMergedAndNullsRemoved() {
        createUser("pat", "{\"name\":\"P\",\"nick\":\"p\",\"address\":{\"city\":\"Oslo\",\"street\":\"Main\"}}");
        ProxyResponse patched = send(req("PATCH", "/users/{userId}").path("userId", "pat").header("If-Match", "\"1\"")
                .header("Content-Type", "application/merge-patch+json")
                .json("{\"nick\":null,\"address\":{\"city\":\"Bergen\",\"zip\":\"5003\"},\"age\":41}"));
        assertThat(patched.statusCode()).isEqualTo(200);
        assertThat(patched.headers()).containsEntry("ETag", "\"2\"");
        Map<String, JsonNode> item = json(send(req("GET", "/users/{userId}").path("userId", "pat")));
        assertThat(item).doesNotContainKey("nick");
        assertThat(item.get("age").asNumber()).isEqualTo("41");
        Map<String, JsonNode> address = item.get("address").asObject();
        assertThat(address.get("city").asString()).isEqualTo("Bergen");
        assertThat(address.get("street").asString()).isEqualTo("Main");
        assertThat(address.get("zip").asString()).isEqualTo("5003");
    }

    @Test
    void g2_patchWithAStaleTagAnswers412AndLeavesTheItem() {
        createUser("pst", "{\"name\":\"a\"}");
        send(req("PATCH", "/users/{userId}").path("userId", "pst").header("If-Match", "\"1\"").json("{\"name\":\"b\"}"));
        ProxyResponse stale = send(req("PATCH", "/users/{userId}").path("userId", "pst").header("If-Match", "\"1\"")
                .json("{\"name\":\"lost\"}"));
        assertProblem(stale, 412, "version-mismatch");
        assertThat(stale.headers()).containsEntry("ETag", "\"2\"");
    }

    @Test
    void incrementAddsAtomically_answersTheNewItem_and404ForAMissingItem() {
        send(req("POST", "/counters").json("{\"counterId\":7,\"hits\":1}"));
        ProxyResponse inc = send(req("POST", "/counters/{counterId}/increment").path("counterId", "7")
                .json("{\"hits\":2,\"misses\":1.5}"));
        assertThat(inc.statusCode()).isEqualTo(200);
        assertThat(inc.headers()).containsEntry("ETag", "\"2\"");
        assertThat(json(inc).get("hits").asNumber()).isEqualTo("3");
        assertThat(json(inc).get("misses").asNumber()).isEqualTo("1.5");
        assertThat(json(inc).get("rev").asNumber()).isEqualTo("2");

        assertProblem(send(req("POST", "/counters/{counterId}/increment").path("counterId", "8")
                .json("{\"hits\":1}")), 404, "not-found");
        assertProblem(send(req("POST", "/counters/{counterId}/increment").path("counterId", "7")
                .header("If-Match", "\"1\"").json("{\"hits\":1}")), 412, "version-mismatch");
    }

    @Test
    void deleteWithIfMatchAnswers204_staleAnswers412_missingAnswers404() {
        createUser("del", "{}");
        assertProblem(send(req("DELETE", "/users/{userId}").path("userId", "del").header("If-Match", "\"9\"")), 412,
                "version-mismatch");
        ProxyResponse deleted = send(req("DELETE", "/users/{userId}").path("userId", "del").header("If-Match", "\"1\""));
        assertThat(deleted.statusCode()).isEqualTo(204);
        assertThat(deleted.body()).isNull();
        assertProblem(send(req("GET", "/users/{userId}").path("userId", "del")), 404, "not-found");
        assertProblem(send(req("DELETE", "/users/{userId}").path("userId", "del").header("If-Match", "\"1\"")), 404,
                "not-found");
    }

    @Test
    void unsupportedMethodsAnswer405WithAllow() {
        ProxyResponse response = send(req("GET", "/users"));
        assertProblem(response, 405, "method-not-allowed");
        assertThat(response.headers()).containsEntry("Allow", "POST");
        assertThat(send(req("POST", "/users/{userId}").path("userId", "x").json("{}")).headers())
                .containsEntry("Allow", "DELETE, GET, PATCH, PUT");
    }

    @Test
    void g1_partitionQueryIsPaginatedWithAnOpaqueCursor_andSeesEveryItemOnce() {
        for (int i = 0; i < 7; i++) {
            ProxyResponse r = send(req("POST", "/orders").json("{\"customerId\":\"c1\",\"orderId\":\"o" + i + "\"}"));
            assertThat(r.statusCode()).isEqualTo(201);
            assertThat(r.headers()).containsEntry("Location", "/prod/orders/c1/o" + i);
        }
        send(req("POST", "/orders").json("{\"customerId\":\"c2\",\"orderId\":\"other\"}"));
        List<String> seen = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            HttpFixture.Req page = req("GET", "/orders/{customerId}").path("customerId", "c1").query("limit", "3");
            if (cursor != null) {
                page.query("cursor", cursor);
            }
            ProxyResponse response = send(page);
            assertThat(response.statusCode()).isEqualTo(200);
            Map<String, JsonNode> body = json(response);
            body.get("items").asArray().forEach(i -> seen.add(i.asObject().get("orderId").asString()));
            cursor = body.containsKey("nextCursor") ? body.get("nextCursor").asString() : null;
            pages++;
        } while (cursor != null);
        assertThat(seen).containsExactly("o0", "o1", "o2", "o3", "o4", "o5", "o6");
        assertThat(pages).isBetween(3, 4);
        ProxyResponse item = send(req("GET", "/orders/{customerId}/{orderId}").path("customerId", "c1")
                .path("orderId", "o3"));
        assertThat(item.statusCode()).isEqualTo(200);
    }

    @Test
    void g6_transactionCommitsAllOperations_andACancellationNamesTheOperationAndReason() {
        send(req("POST", "/products").json("{\"productId\":\"p1\",\"stock\":1}"));
        String order = "{\"operations\":["
                + "{\"op\":\"create\",\"entity\":\"orders\",\"item\":{\"customerId\":\"t1\",\"orderId\":\"%s\"}},"
                + "{\"op\":\"increment\",\"entity\":\"products\",\"key\":{\"productId\":\"p1\"},"
                + "\"deltas\":{\"stock\":-1},\"bounds\":{\"stock\":0}}]}";
        ProxyResponse committed = send(req("POST", "/transactions").json(String.format(order, "first")));
        assertThat(committed.statusCode()).isEqualTo(200);
        List<JsonNode> ops = json(committed).get("operations").asArray();
        assertThat(ops).hasSize(2);
        assertThat(ops.get(0).asObject().get("version").asNumber()).isEqualTo("1");
        assertThat(ops.get(1).asObject().get("version").asNumber()).isEqualTo("2");

        ProxyResponse outOfStock = send(req("POST", "/transactions").json(String.format(order, "second")));
        assertProblem(outOfStock, 409, "bound-violated");
        assertThat(json(outOfStock).get("operationIndex").asNumber()).isEqualTo("1");
        assertThat(json(outOfStock).get("reason").asString()).isEqualTo("BOUND_VIOLATED");
        assertProblem(send(req("GET", "/orders/{customerId}/{orderId}").path("customerId", "t1")
                .path("orderId", "second")), 404, "not-found");

        ProxyResponse stale = send(req("POST", "/transactions").json("{\"operations\":["
                + "{\"op\":\"check\",\"entity\":\"products\",\"key\":{\"productId\":\"p1\"},\"expectedVersion\":1}]}"));
        assertProblem(stale, 412, "version-mismatch");
        assertThat(json(stale).get("operationIndex").asNumber()).isEqualTo("0");
        assertThat(json(stale).get("currentVersion").asNumber()).isEqualTo("2");
    }

    @Test
    void g6_aTransactionOfTwoCompositeKeysWhoseTextJoinedBySlashIsEqual_commitsBoth() {
        ProxyResponse committed = send(req("POST", "/transactions").json("{\"operations\":["
                + "{\"op\":\"create\",\"entity\":\"orders\",\"item\":{\"customerId\":\"a/b\",\"orderId\":\"c\"}},"
                + "{\"op\":\"create\",\"entity\":\"orders\",\"item\":{\"customerId\":\"a\",\"orderId\":\"b/c\"}}]}"));

        assertThat(committed.statusCode()).as(committed.body()).isEqualTo(200);
        assertThat(send(req("GET", "/orders/{customerId}/{orderId}").path("customerId", "a%2Fb").path("orderId", "c"))
                .statusCode()).isEqualTo(200);
        assertThat(send(req("GET", "/orders/{customerId}/{orderId}").path("customerId", "a").path("orderId", "b%2Fc"))
                .statusCode()).isEqualTo(200);
        assertProblem(send(req("POST", "/transactions").json("{\"operations\":["
                + "{\"op\":\"check\",\"entity\":\"orders\",\"key\":{\"customerId\":\"a/b\",\"orderId\":\"c\"},\"expectedVersion\":1},"
                + "{\"op\":\"check\",\"entity\":\"orders\",\"key\":{\"orderId\":\"c\",\"customerId\":\"a/b\"},\"expectedVersion\":1}]}")),
                400, "invalid-transaction");
    }

    @Test
    void g8_everyWriteRecordsTheCallerAndRequestToken_butAnswersLeaveBookkeepingOut() {
        ProxyResponse created = send(req("POST", "/users").caller("arn:aws:iam::123456789012:user/ops")
                .json("{\"userId\":\"audited\"}"));
        assertThat(created.body()).doesNotContain("_cca");
        Map<String, AttributeValue> stored = dynamoDb.client().getItem(b -> b.tableName(HttpFixture.USERS.tableName())
                .key(Map.of("userId", AttributeValue.fromS("audited"))).consistentRead(true)).item();
        assertThat(stored.get("_ccaCaller").s()).isEqualTo("arn:aws:iam::123456789012:user/ops");
        assertThat(stored.get("_ccaToken").s()).startsWith("req-");
    }

    @Test
    void incrementOfANonNumericAttributeAnswers400InvalidWriteAndLeavesTheItem() {
        send(req("POST", "/counters").json("{\"counterId\":70,\"label\":\"text\"}"));
        assertProblem(send(req("POST", "/counters/{counterId}/increment").path("counterId", "70")
                .json("{\"label\":1}")), 400, "invalid-write");
        ProxyResponse read = send(req("GET", "/counters/{counterId}").path("counterId", "70"));
        assertThat(read.headers()).containsEntry("ETag", "\"1\"");
        assertThat(json(read).get("label").asString()).isEqualTo("text");
    }

    @Test
    void g5_aRepeatedDeleteWithTheSameKeyAnswersTheFirst204() {
        createUser("del-key", "{}");
        HttpFixture.Req delete = req("DELETE", "/users/{userId}").path("userId", "del-key").header("If-Match", "\"1\"")
                .header("Idempotency-Key", "delete-del-key");
        assertThat(send(delete).statusCode()).isEqualTo(204);
        ProxyResponse repeat = send(req("DELETE", "/users/{userId}").path("userId", "del-key")
                .header("If-Match", "\"1\"").header("Idempotency-Key", "delete-del-key"));
        assertThat(repeat.statusCode()).isEqualTo(204);
        assertThat(repeat.headers()).containsEntry(OutcomeMapping.REPLAYED_HEADER, "true");
    }

    @Test
    void g5_aKeyedDeleteRepeatedAtAnotherIfMatch_isAnotherRequest_answers422_andTheItemLives() {
        createUser("reborn", "{}");
        assertThat(send(req("DELETE", "/users/{userId}").path("userId", "reborn").header("If-Match", "\"1\"")
                .header("Idempotency-Key", "delete-reborn")).statusCode()).isEqualTo(204);
        assertThat(createUser("reborn", "{\"name\":\"Eve\"}").headers()).containsEntry("ETag", "\"3\"");

        ProxyResponse other = send(req("DELETE", "/users/{userId}").path("userId", "reborn")
                .header("If-Match", "\"3\"").header("Idempotency-Key", "delete-reborn"));

        assertProblem(other, 422, "idempotency-key-reused");
        assertThat(json(send(req("GET", "/users/{userId}").path("userId", "reborn"))).get("name").asString())
                .isEqualTo("Eve");
    }
}
