package io.consistentcrud.runtime.http;

import static io.consistentcrud.runtime.http.HttpFixture.json;
import static io.consistentcrud.runtime.http.HttpFixture.req;
import static org.assertj.core.api.Assertions.assertThat;

import io.consistentcrud.runtime.ConsistentStore;
import io.consistentcrud.testing.LocalDynamoDb;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * RFC 7240 {@code Prefer: return=minimal} on every write: the answer carries the status, {@code ETag} when the
 * version is known without a read, {@code Location} for a create, no body and {@code Preference-Applied}, and the
 * store makes no read the answer would need. Round trips are counted per HTTP attempt by an SDK interceptor on the
 * store's client; DynamoDB Local runs as a loopback server.
 */
class ReturnMinimalTest {
    private static final String MINIMAL = "return=minimal";

    private static LocalDynamoDb dynamoDb;
    private static DynamoDbClient client;
    private static CrudHandler handler;
    private static final List<String> CALLS = new ArrayList<>();

    @BeforeAll
    static void start() {
        dynamoDb = LocalDynamoDb.server();
        HttpFixture fixture = new HttpFixture(dynamoDb);
        client = DynamoDbClient.builder().endpointOverride(dynamoDb.endpoint()).region(LocalDynamoDb.REGION)
                .credentialsProvider(LocalDynamoDb.CREDENTIALS)
                .overrideConfiguration(o -> o.addExecutionInterceptor(new ExecutionInterceptor() {
                    @Override
                    public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes a) {
                        synchronized (CALLS) {
                            CALLS.add(a.getAttribute(SdkExecutionAttribute.OPERATION_NAME));
                        }
                    }
                })).build();
        handler = new CrudHandler(fixture.config, new ConsistentStore(client, fixture.config.storeOptions().build()));
    }

    @AfterAll
    static void stop() {
        client.close();
        dynamoDb.close();
    }

    @BeforeEach
    void forgetCalls() {
        calls();
    }

    /** The round trips since the last call of this method, by operation. */
    private static List<String> calls() {
        synchronized (CALLS) {
            List<String> made = List.copyOf(CALLS);
            CALLS.clear();
            return made;
        }
    }

    private static ProxyResponse send(HttpFixture.Req request) {
        return handler.handle(request.build());
    }

    private static String unique() {
        return "u-" + UUID.randomUUID();
    }

    private static HttpFixture.Req user(String method, String id) {
        return req(method, "/users/{userId}").path("userId", id);
    }

    private static HttpFixture.Req counter(String id) {
        return req("POST", "/counters/{counterId}/increment").path("counterId", id);
    }

    private static HttpFixture.Req patch(String id, String etag, String body) {
        return user("PATCH", id).header("If-Match", etag).header("Content-Type", "application/merge-patch+json")
                .json(body);
    }

    private static void assertMinimal(ProxyResponse response, int status, String etag) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.body()).as("no body").isNull();
        assertThat(response.headers()).containsEntry("Preference-Applied", MINIMAL).doesNotContainKey("Content-Type");
        if (etag == null) {
            assertThat(response.headers()).doesNotContainKey("ETag");
        } else {
            assertThat(response.headers()).containsEntry("ETag", etag);
        }
    }

    private static Map<String, JsonNode> read(HttpFixture.Req get) {
        ProxyResponse response = send(get);
        assertThat(response.statusCode()).isEqualTo(200);
        return json(response);
    }

    @Test
    void g1_g2_everyMinimalWrite_answersItsStatusAndVersion_withoutBody_inOneRoundTrip() {
        String id = unique();
        ProxyResponse created = send(req("POST", "/users").header("Prefer", MINIMAL)
                .json("{\"userId\":\"" + id + "\",\"name\":\"a\",\"tags\":[1]}"));
        assertMinimal(created, 201, "\"1\"");
        assertThat(created.headers()).containsEntry("Location", "/prod/users/" + id);
        assertThat(calls()).containsExactly("PutItem");

        assertMinimal(send(user("PUT", id).header("If-Match", "\"1\"").header("Prefer", MINIMAL)
                .json("{\"name\":\"b\",\"tags\":[1],\"gone\":true}")), 200, "\"2\"");
        assertThat(calls()).containsExactly("TransactWriteItems");

        // A patch without nested objects: one update conditioned on the version, no read before it.
        assertMinimal(send(patch(id, "\"2\"", "{\"name\":\"c\",\"gone\":null,\"age\":3}").header("Prefer", MINIMAL)),
                200, "\"3\"");
        assertThat(calls()).containsExactly("TransactWriteItems");
        Map<String, JsonNode> merged = read(user("GET", id));
        assertThat(merged.keySet()).containsExactlyInAnyOrder("userId", "name", "tags", "age", "version");
        assertThat(merged.get("name").asString()).isEqualTo("c");
        assertThat(merged.get("version").asNumber()).isEqualTo("3");
        calls();

        // A nested object merges into the current member: the item is read first, still no read after.
        assertMinimal(send(patch(id, "\"3\"", "{\"prefs\":{\"a\":1}}").header("Prefer", MINIMAL)), 200, "\"4\"");
        assertThat(calls()).containsExactly("GetItem", "TransactWriteItems");

        assertMinimal(send(user("DELETE", id).header("If-Match", "\"4\"").header("Prefer", MINIMAL)), 204, null);
        assertThat(calls()).containsExactly("TransactWriteItems");
        assertThat(send(user("GET", id)).statusCode()).isEqualTo(404);

        String other = unique();
        ProxyResponse put = send(user("PUT", other).header("If-None-Match", "*").header("Prefer", MINIMAL)
                .json("{\"name\":\"p\"}"));
        assertMinimal(put, 201, "\"1\"");
        assertThat(put.headers()).containsEntry("Location", "/prod/users/" + other);
    }

    @Test
    void g1_aMinimalIncrement_hasNoReadAfterIt_andAnEtagOnlyWhenItsVersionIsKnown() {
        String id = String.valueOf(Math.abs(UUID.randomUUID().getMostSignificantBits() % 1_000_000_000L));
        send(req("POST", "/counters").json("{\"counterId\":" + id + ",\"hits\":1}"));
        calls();

        assertMinimal(send(counter(id).header("Prefer", MINIMAL).json("{\"hits\":2}")), 200, null);
        assertThat(calls()).as("no read after the add").containsExactly("TransactWriteItems");
        assertMinimal(send(counter(id).header("If-Match", "\"2\"").header("Prefer", MINIMAL).json("{\"hits\":4}")),
                200, "\"3\"");
        assertThat(calls()).containsExactly("TransactWriteItems");

        Map<String, JsonNode> stored =
                read(req("GET", "/counters/{counterId}").path("counterId", id));
        assertThat(stored.get("hits").asNumber()).isEqualTo("7");
        assertThat(stored.get("rev").asNumber()).isEqualTo("3");

        // Control: without the preference the same increment reads the item back for its answer.
        calls();
        ProxyResponse full = send(counter(id).json("{\"hits\":1}"));
        assertThat(full.statusCode()).isEqualTo(200);
        assertThat(json(full).get("hits").asNumber()).isEqualTo("8");
        assertThat(full.headers()).containsEntry("ETag", "\"4\"").doesNotContainKey("Preference-Applied");
        assertThat(calls()).containsExactly("TransactWriteItems", "GetItem");
    }

    @Test
    void g5_minimalKeyedWrites_andTheirReplays_answerTheFirstOutcome_inOneRoundTrip() {
        String id = unique();
        String key = UUID.randomUUID().toString();
        HttpFixture.Req create = req("POST", "/users").header("Prefer", MINIMAL).header("Idempotency-Key", key)
                .json("{\"userId\":\"" + id + "\",\"name\":\"a\"}");
        ProxyResponse first = send(create);
        assertMinimal(first, 201, "\"1\"");
        assertThat(calls()).containsExactly("TransactWriteItems");
        ProxyResponse replay = send(create);
        assertMinimal(replay, 201, "\"1\"");
        assertThat(replay.headers()).containsEntry("Location", first.headers().get("Location"))
                .containsEntry("Idempotency-Replayed", "true");
        assertThat(calls()).as("the record answers; no read for a body").containsExactly("TransactWriteItems");

        HttpFixture.Req merge = patch(id, "\"1\"", "{\"name\":\"b\"}").header("Prefer", MINIMAL)
                .header("Idempotency-Key", UUID.randomUUID().toString());
        assertMinimal(send(merge), 200, "\"2\"");
        assertThat(calls()).containsExactly("TransactWriteItems");
        ProxyResponse mergeReplay = send(merge);
        assertMinimal(mergeReplay, 200, "\"2\"");
        assertThat(mergeReplay.headers()).containsEntry("Idempotency-Replayed", "true");
        assertThat(calls()).containsExactly("TransactWriteItems");

        HttpFixture.Req delete = user("DELETE", id).header("If-Match", "\"2\"").header("Prefer", MINIMAL)
                .header("Idempotency-Key", UUID.randomUUID().toString());
        assertMinimal(send(delete), 204, null);
        ProxyResponse deleteReplay = send(delete);
        assertMinimal(deleteReplay, 204, null);
        assertThat(deleteReplay.headers()).containsEntry("Idempotency-Replayed", "true");
        assertThat(calls()).containsExactly("TransactWriteItems", "TransactWriteItems");
    }

    @Test
    void g5_aMinimalKeyedIncrementWithoutIfMatch_isOneRoundTrip_andEveryReplayAnswersItWithoutAVersion() {
        String id = String.valueOf(Math.abs(UUID.randomUUID().getMostSignificantBits() % 1_000_000_000L));
        send(req("POST", "/counters").json("{\"counterId\":" + id + ",\"hits\":1}"));
        calls();
        HttpFixture.Req increment = counter(id).header("Idempotency-Key", UUID.randomUUID().toString())
                .json("{\"hits\":5}");

        assertMinimal(send(increment.header("Prefer", MINIMAL)), 200, null);
        assertThat(calls()).containsExactly("TransactWriteItems");
        assertMinimal(send(increment), 200, null);
        assertThat(calls()).containsExactly("TransactWriteItems");
        // A repeat that asks for the representation still answers the first outcome: no version was known then.
        ProxyResponse full = send(increment.header("Prefer", "return=representation"));
        assertThat(full.statusCode()).isEqualTo(200);
        assertThat(full.headers()).containsEntry("Idempotency-Replayed", "true").doesNotContainKey("ETag")
                .doesNotContainKey("Preference-Applied");
        assertThat(json(full).keySet()).containsExactly("id");

        Map<String, JsonNode> stored =
                read(req("GET", "/counters/{counterId}").path("counterId", id));
        assertThat(stored.get("hits").asNumber()).as("added once").isEqualTo("6");
    }

    @Test
    void g5_aKeyedMerge_readsItsRecordOnlyWhenTheItemMoved_andItsReplayAnswersTheFirstOutcome() {
        String id = unique();
        send(req("POST", "/users").json("{\"userId\":\"" + id + "\",\"prefs\":{\"a\":1}}"));
        calls();
        String key = UUID.randomUUID().toString();
        HttpFixture.Req merge = patch(id, "\"1\"", "{\"prefs\":{\"b\":2}}").header("Idempotency-Key", key);

        ProxyResponse first = send(merge);
        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(first.headers()).containsEntry("ETag", "\"2\"");
        assertThat(calls()).as("the item's read and the write; no read of the key's record")
                .containsExactly("GetItem", "TransactWriteItems");

        ProxyResponse replay = send(merge);
        assertThat(replay.statusCode()).isEqualTo(200);
        assertThat(replay.headers()).containsEntry("ETag", "\"2\"").containsEntry("Idempotency-Replayed", "true");
        assertThat(json(replay).get("prefs").asObject().keySet()).containsExactlyInAnyOrder("a", "b");
        assertThat(send(patch(id, "\"1\"", "{\"prefs\":{\"c\":3}}").header("Idempotency-Key", key)).statusCode())
                .as("the key with another payload").isEqualTo(422);
        assertThat(send(patch(id, "\"1\"", "{\"prefs\":{\"c\":3}}")).statusCode()).as("a stale version")
                .isEqualTo(412);
        assertThat(read(user("GET", id)).get("prefs").asObject().keySet()).containsExactlyInAnyOrder("a", "b");
    }

    @Test
    void g2_aMinimalWriteThatFails_answersTheFullProblem() {
        String id = unique();
        send(req("POST", "/users").json("{\"userId\":\"" + id + "\",\"name\":\"a\"}"));
        ProxyResponse stale = send(patch(id, "\"7\"", "{\"name\":\"b\"}").header("Prefer", MINIMAL));
        assertThat(stale.statusCode()).isEqualTo(412);
        assertThat(stale.headers()).containsEntry("ETag", "\"1\"").doesNotContainKey("Preference-Applied");
        assertThat(json(stale).get("currentVersion").asNumber()).isEqualTo("1");
        assertThat(send(patch(unique(), "\"1\"", "{\"name\":\"b\"}").header("Prefer", MINIMAL)).statusCode())
                .isEqualTo(404);
    }

    @Test
    void g6_aMinimalTransaction_answers200WithoutBody_andItsReplayToo() {
        String id = unique();
        HttpFixture.Req transaction = req("POST", "/transactions").header("Prefer", MINIMAL)
                .header("Idempotency-Key", UUID.randomUUID().toString())
                .json("{\"operations\":[{\"op\":\"create\",\"entity\":\"users\",\"item\":{\"userId\":\"" + id
                        + "\"}},{\"op\":\"create\",\"entity\":\"products\",\"item\":{\"productId\":\"" + id + "\"}}]}");
        assertMinimal(send(transaction), 200, null);
        ProxyResponse replay = send(transaction);
        assertMinimal(replay, 200, null);
        assertThat(replay.headers()).containsEntry("Idempotency-Replayed", "true");
        assertThat(calls()).containsExactly("TransactWriteItems", "TransactWriteItems");
        assertThat(send(user("GET", id)).statusCode()).isEqualTo(200);
    }

    @Test
    void anUnknownOrMalformedPreference_isIgnored_andTheAnswerIsTheRepresentation() {
        for (String prefer : List.of("return=representation", "return=bogus", "respond-async", ";;==,,",
                "return", "return=representation, return=minimal")) {
            String id = unique();
            ProxyResponse created = send(req("POST", "/users").header("Prefer", prefer)
                    .json("{\"userId\":\"" + id + "\"}"));
            assertThat(created.statusCode()).as(prefer).isEqualTo(201);
            assertThat(created.headers()).as(prefer).doesNotContainKey("Preference-Applied");
            assertThat(json(created).get("userId").asString()).isEqualTo(id);
        }
        for (String prefer : List.of("handling=lenient, return=minimal", "RETURN = \"minimal\"; foo=bar",
                "wait=10, return=minimal, return=representation")) {
            assertMinimal(send(req("POST", "/users").header("Prefer", prefer).json("{\"userId\":\"" + unique()
                    + "\"}")), 201, "\"1\"");
        }
    }
}
