package io.consistentcrud.runtime.http;

import static io.consistentcrud.runtime.http.HttpFixture.json;
import static io.consistentcrud.runtime.http.HttpFixture.req;
import static org.assertj.core.api.Assertions.assertThat;

import io.consistentcrud.runtime.ConsistentStore;
import io.consistentcrud.testing.LocalDynamoDb;
import io.consistentcrud.runtime.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The guarantees at the edges a multi-team production walks: delete and re-create (G2), several callers with one
 * Idempotency-Key (G5), an expired key (G3/G5), and the replay of an increment (G5). Through the handler, on DynamoDB
 * Local.
 */
class EdgeGuaranteesTest {
    private static LocalDynamoDb dynamoDb;
    private static HttpFixture fixture;
    private static MutableClock clock;
    private static CrudHandler handler;

    @BeforeAll
    static void start() {
        dynamoDb = LocalDynamoDb.embedded();
        fixture = new HttpFixture(dynamoDb);
        clock = new MutableClock(Instant.now());
        ConsistentStore store = new ConsistentStore(dynamoDb.client(),
                fixture.config.storeOptions().clock(clock).build());
        handler = new CrudHandler(fixture.config, store, HandlerOptions.builder().clock(clock).build());
    }

    @AfterAll
    static void stop() {
        dynamoDb.close();
    }

    private static ProxyResponse send(HttpFixture.Req request) {
        return handler.handle(request.build());
    }

    private static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID();
    }

    private static String etag(ProxyResponse response) {
        return response.headers().get("ETag");
    }

    private static String slug(ProxyResponse response) {
        return json(response).get("type").asString().replace("urn:consistentcrud:problem:", "");
    }

    private static Map<String, AttributeValue> rawItem(String table, Map<String, AttributeValue> key) {
        return dynamoDb.client().getItem(b -> b.tableName(table).key(key).consistentRead(true)).item();
    }

    /** Creates, deletes and re-creates one user; answers the stale ETag of the first incarnation. */
    private static String deleteAndRecreate(String id) {
        ProxyResponse first = send(req("POST", "/users").json("{\"userId\":\"" + id + "\",\"owner\":\"old\"}"));
        assertThat(first.statusCode()).isEqualTo(201);
        String stale = etag(first);
        assertThat(send(req("DELETE", "/users/{userId}").path("userId", id).header("If-Match", stale)).statusCode())
                .isEqualTo(204);
        ProxyResponse second = send(req("POST", "/users").json("{\"userId\":\"" + id + "\",\"owner\":\"new\"}"));
        assertThat(second.statusCode()).isEqualTo(201);
        assertThat(etag(second)).as("the successor's ETag").isNotEqualTo(stale);
        return stale;
    }

    private static String owner(String id) {
        ProxyResponse read = send(req("GET", "/users/{userId}").path("userId", id));
        assertThat(read.statusCode()).isEqualTo(200);
        return json(read).get("owner").asString();
    }

    @Test
    void g2_aVersionOfADeletedItemNeverMatchesItsSuccessor_forPutPatchIncrementAndDelete() {
        String id = unique("reborn");
        String stale = deleteAndRecreate(id);

        ProxyResponse put = send(req("PUT", "/users/{userId}").path("userId", id).header("If-Match", stale)
                .json("{\"owner\":\"stale client\"}"));
        ProxyResponse patch = send(req("PATCH", "/users/{userId}").path("userId", id).header("If-Match", stale)
                .json("{\"owner\":\"stale client\"}"));
        ProxyResponse increment = send(req("POST", "/users/{userId}/increment").path("userId", id)
                .header("If-Match", stale).json("{\"logins\":1}"));
        ProxyResponse delete = send(req("DELETE", "/users/{userId}").path("userId", id).header("If-Match", stale));

        assertThat(List.of(put.statusCode(), patch.statusCode(), increment.statusCode(), delete.statusCode()))
                .containsOnly(412);
        assertThat(owner(id)).isEqualTo("new");
    }

    @Test
    void g2_aTransactionsVersionCheckNeverMatchesADeletedItemsSuccessor() {
        String id = unique("reborn-tx");
        String stale = deleteAndRecreate(id);
        String version = stale.replace("\"", "");

        ProxyResponse replace = send(req("POST", "/transactions").json("{\"operations\":[{\"op\":\"replace\","
                + "\"entity\":\"users\",\"item\":{\"userId\":\"" + id + "\",\"owner\":\"stale\"},\"expectedVersion\":"
                + version + "}]}"));
        ProxyResponse check = send(req("POST", "/transactions").json("{\"operations\":[{\"op\":\"check\","
                + "\"entity\":\"users\",\"key\":{\"userId\":\"" + id + "\"},\"expectedVersion\":" + version + "},"
                + "{\"op\":\"create\",\"entity\":\"users\",\"item\":{\"userId\":\"" + unique("side") + "\"}}]}"));

        assertThat(replace.statusCode()).isEqualTo(412);
        assertThat(check.statusCode()).isEqualTo(412);
        assertThat(owner(id)).isEqualTo("new");
    }

    @Test
    void g2_aDeletedItemIsGoneForGetQueryAndWrites_andItsSuccessorContinuesItsVersions() {
        String customer = unique("c");
        ProxyResponse created = send(req("POST", "/orders").json("{\"customerId\":\"" + customer
                + "\",\"orderId\":\"o1\"}"));
        send(req("POST", "/orders").json("{\"customerId\":\"" + customer + "\",\"orderId\":\"o2\"}"));
        assertThat(send(req("DELETE", "/orders/{customerId}/{orderId}").path("customerId", customer)
                .path("orderId", "o1").header("If-Match", etag(created))).statusCode()).isEqualTo(204);

        assertThat(send(req("GET", "/orders/{customerId}/{orderId}").path("customerId", customer)
                .path("orderId", "o1")).statusCode()).isEqualTo(404);
        ProxyResponse page = send(req("GET", "/orders/{customerId}").path("customerId", customer));
        assertThat(json(page).get("items").asArray()).extracting(i -> i.asObject().get("orderId").asString())
                .containsExactly("o2");
        assertThat(send(req("POST", "/orders/{customerId}/{orderId}/increment").path("customerId", customer)
                .path("orderId", "o1").json("{\"n\":1}")).statusCode()).isEqualTo(404);
        assertThat(send(req("PATCH", "/orders/{customerId}/{orderId}").path("customerId", customer)
                .path("orderId", "o1").header("If-Match", "\"2\"").json("{\"n\":1}")).statusCode()).isEqualTo(404);

        ProxyResponse successor = send(req("PUT", "/orders/{customerId}/{orderId}").path("customerId", customer)
                .path("orderId", "o1").header("If-None-Match", "*").json("{\"n\":1}"));
        assertThat(successor.statusCode()).isEqualTo(201);
        assertThat(etag(successor)).isEqualTo("\"3\"");
        assertThat(json(successor).get("version").asNumber()).isEqualTo("3");
    }

    @Test
    void g2_aTransactionCreatesOverATombstone_continuingTheVersions() {
        String id = unique("reborn-in-tx");
        ProxyResponse first = send(req("POST", "/users").json("{\"userId\":\"" + id + "\"}"));
        ProxyResponse deleted = send(req("POST", "/transactions").json("{\"operations\":[{\"op\":\"delete\","
                + "\"entity\":\"users\",\"key\":{\"userId\":\"" + id + "\"},\"expectedVersion\":1}]}"));
        ProxyResponse recreated = send(req("POST", "/transactions").json("{\"operations\":[{\"op\":\"create\","
                + "\"entity\":\"users\",\"item\":{\"userId\":\"" + id + "\",\"owner\":\"new\"}}]}"));

        assertThat(first.statusCode()).isEqualTo(201);
        assertThat(deleted.statusCode()).isEqualTo(200);
        assertThat(recreated.statusCode()).isEqualTo(200);
        assertThat(json(recreated).get("operations").asArray().get(0).asObject().get("version").asNumber())
                .isEqualTo("3");
        ProxyResponse read = send(req("GET", "/users/{userId}").path("userId", id));
        assertThat(etag(read)).isEqualTo("\"3\"");
        assertThat(owner(id)).isEqualTo("new");
    }

    @Test
    void g2_aPartitionQueryLeavesTombstonesOut_acrossPages() {
        String customer = unique("pages");
        List<String> etags = new java.util.ArrayList<>();
        for (String order : List.of("o1", "o2", "o3")) {
            etags.add(etag(send(req("POST", "/orders").json("{\"customerId\":\"" + customer + "\",\"orderId\":\""
                    + order + "\"}"))));
        }
        for (int i = 0; i < 2; i++) {
            assertThat(send(req("DELETE", "/orders/{customerId}/{orderId}").path("customerId", customer)
                    .path("orderId", "o" + (i + 1)).header("If-Match", etags.get(i))).statusCode()).isEqualTo(204);
        }

        List<String> seen = new java.util.ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            HttpFixture.Req page = req("GET", "/orders/{customerId}").path("customerId", customer).query("limit", "1");
            if (cursor != null) {
                page.query("cursor", cursor);
            }
            Map<String, JsonNode> body = json(send(page));
            body.get("items").asArray().forEach(i -> seen.add(i.asObject().get("orderId").asString()));
            cursor = body.containsKey("nextCursor") ? body.get("nextCursor").asString() : null;
            pages++;
        } while (cursor != null && pages < 10);

        assertThat(seen).containsExactly("o3");
    }

    @Test
    void g5_twoCallersSendingTheSameKeyNeverShareAnOutcome() {
        String key = unique("shared-key");
        String counter = Long.toString(Math.abs(UUID.randomUUID().getMostSignificantBits() % 1_000_000_000L));
        send(req("POST", "/counters").json("{\"counterId\":" + counter + ",\"hits\":0}"));

        ProxyResponse alice = send(req("POST", "/counters/{counterId}/increment").path("counterId", counter)
                .header("Idempotency-Key", key).caller("arn:aws:iam::1:user/alice").json("{\"hits\":1}"));
        ProxyResponse bob = send(req("POST", "/counters/{counterId}/increment").path("counterId", counter)
                .header("Idempotency-Key", key).caller("arn:aws:iam::1:user/bob").json("{\"hits\":1}"));
        ProxyResponse aliceCreates = send(req("POST", "/users").header("Idempotency-Key", key)
                .caller("alice-sub").json("{\"owner\":\"alice\"}"));
        ProxyResponse bobCreates = send(req("POST", "/users").header("Idempotency-Key", key)
                .caller("bob-sub").json("{\"owner\":\"alice\"}"));

        assertThat(bob.headers()).doesNotContainKey(OutcomeMapping.REPLAYED_HEADER);
        assertThat(json(send(req("GET", "/counters/{counterId}").path("counterId", counter))).get("hits").asNumber())
                .isEqualTo("2");
        assertThat(aliceCreates.statusCode()).isEqualTo(201);
        assertThat(bobCreates.statusCode()).isEqualTo(201);
        assertThat(bobCreates.headers()).doesNotContainKey(OutcomeMapping.REPLAYED_HEADER);
        assertThat(json(bobCreates).get("userId").asString()).isNotEqualTo(json(aliceCreates).get("userId").asString());
    }

    @Test
    void g5_theSameCallerReusingAKeyOnAnotherEntityOrRoute_answers422() {
        String key = unique("one-key");
        String id = unique("u");
        assertThat(send(req("POST", "/users").header("Idempotency-Key", key).caller("carol")
                .json("{\"userId\":\"" + id + "\"}")).statusCode()).isEqualTo(201);
        Map<String, List<Map<String, AttributeValue>>> before = fixture.scanAll();

        ProxyResponse otherEntity = send(req("POST", "/products").header("Idempotency-Key", key).caller("carol")
                .json("{\"productId\":\"" + id + "\"}"));
        ProxyResponse otherRoute = send(req("POST", "/users/{userId}/increment").path("userId", id)
                .header("Idempotency-Key", key).caller("carol").json("{\"logins\":1}"));
        ProxyResponse transaction = send(req("POST", "/transactions").header("Idempotency-Key", key).caller("carol")
                .json("{\"operations\":[{\"op\":\"create\",\"entity\":\"products\",\"item\":{\"productId\":\""
                        + unique("p") + "\"}}]}"));

        assertThat(List.of(otherEntity.statusCode(), otherRoute.statusCode(), transaction.statusCode()))
                .containsOnly(422);
        assertThat(slug(otherEntity)).isEqualTo("idempotency-key-reused");
        assertThat(fixture.scanAll()).isEqualTo(before);
    }

    @Test
    void g3_g5_anExpiredKeyIsANewRequest_aCreateOfAnExistingIdAnswersTheTruthful409() {
        String key = unique("expiring");
        String id = unique("kept");
        assertThat(send(req("POST", "/users").header("Idempotency-Key", key)
                .json("{\"userId\":\"" + id + "\",\"owner\":\"first\"}")).statusCode()).isEqualTo(201);
        clock.advance(Duration.ofHours(25));

        ProxyResponse again = send(req("POST", "/users").header("Idempotency-Key", key)
                .json("{\"userId\":\"" + id + "\",\"owner\":\"second\"}"));
        ProxyResponse derived = send(req("POST", "/users").header("Idempotency-Key", key).json("{\"owner\":\"d1\"}"));
        clock.advance(Duration.ofHours(25));
        ProxyResponse derivedAgain = send(req("POST", "/users").header("Idempotency-Key", key)
                .json("{\"owner\":\"d2\"}"));

        assertThat(again.statusCode()).isEqualTo(409);
        assertThat(slug(again)).isEqualTo("already-exists");
        assertThat(owner(id)).isEqualTo("first");
        assertThat(derived.statusCode()).isEqualTo(201);
        assertThat(derivedAgain.statusCode()).isEqualTo(409);
        assertThat(owner(json(derived).get("userId").asString())).isEqualTo("d1");
    }

    @Test
    void g5_aReplayOfAKeyedIncrementWithoutIfMatch_answersTheFirstOutcome() {
        String counter = Long.toString(Math.abs(UUID.randomUUID().getMostSignificantBits() % 1_000_000_000L));
        send(req("POST", "/counters").json("{\"counterId\":" + counter + ",\"hits\":0}"));
        String key = unique("inc");

        ProxyResponse first = send(req("POST", "/counters/{counterId}/increment").path("counterId", counter)
                .header("Idempotency-Key", key).json("{\"hits\":5}"));
        send(req("POST", "/counters/{counterId}/increment").path("counterId", counter).json("{\"hits\":1}"));
        ProxyResponse replay = send(req("POST", "/counters/{counterId}/increment").path("counterId", counter)
                .header("Idempotency-Key", key).json("{\"hits\":5}"));

        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(etag(first)).isEqualTo("\"2\"");
        assertThat(replay.statusCode()).isEqualTo(200);
        assertThat(replay.headers()).containsEntry(OutcomeMapping.REPLAYED_HEADER, "true");
        assertThat(etag(replay)).isEqualTo("\"2\"");
        // The item moved on since (a later increment): the recorded outcome is its id and version, not a body.
        assertThat(json(replay).get("version").asNumber()).isEqualTo("2");
        Map<String, AttributeValue> stored = rawItem("http-counters", Map.of("counterId", AttributeValue.fromN(counter)));
        assertThat(stored.get("hits").n()).isEqualTo("6");
    }

    /**
     * The repeat of a keyed increment whose answer was lost, after somebody deleted the item: the increment was
     * applied, so the repeat answers the first outcome, not 404 (the record answers before the item's read does).
     */
    @Test
    void g5_aRepeatOfAKeyedIncrementAfterTheItemWasDeleted_answersTheFirstOutcome() {
        String counter = Long.toString(Math.abs(UUID.randomUUID().getMostSignificantBits() % 1_000_000_000L));
        send(req("POST", "/counters").json("{\"counterId\":" + counter + ",\"hits\":0}"));
        String key = unique("inc-deleted");
        ProxyResponse first = send(req("POST", "/counters/{counterId}/increment").path("counterId", counter)
                .header("Idempotency-Key", key).json("{\"hits\":5}"));
        ProxyResponse deleted = send(req("DELETE", "/counters/{counterId}").path("counterId", counter)
                .header("If-Match", etag(first)));

        ProxyResponse repeat = send(req("POST", "/counters/{counterId}/increment").path("counterId", counter)
                .header("Idempotency-Key", key).json("{\"hits\":5}"));

        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(deleted.statusCode()).isEqualTo(204);
        assertThat(repeat.statusCode()).isEqualTo(200);
        assertThat(repeat.headers()).containsEntry(OutcomeMapping.REPLAYED_HEADER, "true");
        assertThat(etag(repeat)).isEqualTo(etag(first));
        // Control: a request with a new key on the deleted item is a new increment, and finds no item.
        ProxyResponse fresh = send(req("POST", "/counters/{counterId}/increment").path("counterId", counter)
                .header("Idempotency-Key", unique("inc-new")).json("{\"hits\":5}"));
        assertThat(fresh.statusCode()).isEqualTo(404);
    }

    /** The answer of a replayed keyed increment names the first outcome in a transaction too. */
    @Test
    void g5_aReplayOfAKeyedTransactionWithAnUnversionedIncrement_answersItsVersion() {
        String product = unique("p");
        send(req("POST", "/products").json("{\"productId\":\"" + product + "\",\"stock\":10}"));
        String key = unique("tx");
        String body = "{\"operations\":[{\"op\":\"increment\",\"entity\":\"products\",\"key\":{\"productId\":\""
                + product + "\"},\"deltas\":{\"stock\":-1},\"bounds\":{\"stock\":0}}]}";

        ProxyResponse first = send(req("POST", "/transactions").header("Idempotency-Key", key).json(body));
        ProxyResponse replay = send(req("POST", "/transactions").header("Idempotency-Key", key).json(body));

        JsonNode firstVersion = json(first).get("operations").asArray().get(0).asObject().get("version");
        JsonNode replayVersion = json(replay).get("operations").asArray().get(0).asObject().get("version");
        assertThat(firstVersion.asNumber()).isEqualTo("2");
        assertThat(replay.headers()).containsEntry(OutcomeMapping.REPLAYED_HEADER, "true");
        assertThat(replayVersion.asNumber()).isEqualTo("2");
    }
}
