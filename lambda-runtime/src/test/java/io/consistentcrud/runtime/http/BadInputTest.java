package io.consistentcrud.runtime.http;

import static io.consistentcrud.runtime.http.HttpFixture.json;
import static io.consistentcrud.runtime.http.HttpFixture.req;
import static org.assertj.core.api.Assertions.assertThat;

import io.consistentcrud.testing.LocalDynamoDb;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;
import software.amazon.awssdk.protocols.jsoncore.JsonWriter;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Bad input: every malformed request answers a 4xx application/problem+json naming what was wrong, none answers
 * 5xx, and a full scan of every table (the idempotency table included) is the same before and after.
 */
class BadInputTest {
    private static LocalDynamoDb dynamoDb;
    private static HttpFixture fixture;
    private static CrudHandler handler;
    private static CrudHandler largeBodyHandler;

    @BeforeAll
    static void start() {
        dynamoDb = LocalDynamoDb.embedded();
        fixture = new HttpFixture(dynamoDb);
        handler = fixture.handler(HandlerOptions.defaults());
        largeBodyHandler = fixture.handler(HandlerOptions.builder().maxBodyBytes(2 * 1024 * 1024).build());
        // Items for the cases that need one to exist, and an Idempotency-Key already used.
        ok(req("POST", "/users").json("{\"userId\":\"seed\",\"name\":\"Seed\"}"));
        ok(req("POST", "/users").header("Idempotency-Key", "used-key").json("{\"userId\":\"keyed\"}"));
        ok(req("POST", "/orders").json("{\"customerId\":\"c1\",\"orderId\":\"o1\"}"));
        ok(req("POST", "/counters").json("{\"counterId\":1,\"hits\":0}"));
        ok(req("POST", "/products").json("{\"productId\":\"p1\",\"stock\":0}"));
    }

    private static void ok(HttpFixture.Req request) {
        assertThat(handler.handle(request.build()).statusCode()).isEqualTo(201);
    }

    @AfterAll
    static void stop() {
        dynamoDb.close();
    }

    private static String repeat(char c, int n) {
        return String.valueOf(c).repeat(n);
    }

    private static Arguments bad(String name, HttpFixture.Req request, int status, String type) {
        return Arguments.of(name, request, status, type, false);
    }

    static Stream<Arguments> badRequests() {
        String cursorOfOtherPartition = Base64.getUrlEncoder().withoutPadding().encodeToString(
                "{\"customerId\":\"other\",\"orderId\":\"o1\"}".getBytes(StandardCharsets.UTF_8));
        String bigBody = "{\"userId\":\"big\",\"blob\":\"" + repeat('x', 300 * 1024) + "\"}";
        String hugeItem = "{\"userId\":\"huge\",\"blob\":\"" + repeat('x', 410 * 1024) + "\"}";
        List<Arguments> cases = new ArrayList<>(List.of(
                // Malformed JSON and wrong bodies
                bad("unterminated JSON", req("POST", "/users").json("{\"userId\":"), 400, "malformed-json"),
                bad("text after the JSON value", req("POST", "/users").json("{\"userId\":\"a\"} x"), 400, "malformed-json"),
                bad("duplicate member names", req("POST", "/users").json("{\"userId\":\"a\",\"userId\":\"b\"}"), 400,
                        "malformed-json"),
                bad("single-quoted JSON", req("POST", "/users").json("{'userId':'a'}"), 400, "malformed-json"),
                bad("array body", req("POST", "/users").json("[{\"userId\":\"a\"}]"), 400, "invalid-body"),
                bad("string body", req("PUT", "/users/{userId}").path("userId", "seed").header("If-Match", "\"1\"")
                        .json("\"seed\""), 400, "invalid-body"),
                bad("empty body", req("POST", "/users").header("Content-Type", "application/json"), 400, "body-required"),
                bad("PATCH without body", req("PATCH", "/users/{userId}").path("userId", "seed")
                        .header("If-Match", "\"1\"").header("Content-Type", "application/json"), 400, "body-required"),
                // Content type and size
                bad("no Content-Type", req("POST", "/users").rawBody("{}".getBytes(StandardCharsets.UTF_8)), 415,
                        "unsupported-media-type"),
                bad("text/plain", req("POST", "/users").header("Content-Type", "text/plain").json("{}"), 415,
                        "unsupported-media-type"),
                bad("non-UTF-8 charset", req("POST", "/users").header("Content-Type", "application/json; charset=latin1")
                        .json("{}"), 415, "unsupported-media-type"),
                bad("merge-patch type on PUT", req("PUT", "/users/{userId}").path("userId", "seed")
                        .header("If-Match", "\"1\"").header("Content-Type", "application/merge-patch+json").json("{}"),
                        415, "unsupported-media-type"),
                bad("XML on PATCH", req("PATCH", "/users/{userId}").path("userId", "seed").header("If-Match", "\"1\"")
                        .header("Content-Type", "application/xml").json("{}"), 415, "unsupported-media-type"),
                bad("body over 256 KiB", req("POST", "/users").json(bigBody), 413, "body-too-large"),
                Arguments.of("item over 400 KB", req("POST", "/users").json(hugeItem), 413, "item-too-large", true),
                // Read-only attributes
                bad("version in a POST body", req("POST", "/users").json("{\"userId\":\"v\",\"version\":3}"), 400,
                        "read-only-attribute"),
                bad("bookkeeping in a PUT body", req("PUT", "/users/{userId}").path("userId", "seed")
                        .header("If-Match", "\"1\"").json("{\"_ccaToken\":\"forged\"}"), 400, "read-only-attribute"),
                bad("bookkeeping in a PATCH", req("PATCH", "/users/{userId}").path("userId", "seed")
                        .header("If-Match", "\"1\"").json("{\"_ccaCreateToken\":null}"), 400, "read-only-attribute"),
                bad("renamed version attribute incremented", req("POST", "/counters/{counterId}/increment")
                        .path("counterId", "1").json("{\"rev\":1}"), 400, "read-only-attribute"),
                bad("empty attribute name", req("POST", "/users").json("{\"userId\":\"e\",\"\":1}"), 400,
                        "invalid-attribute-name"),
                // Keys
                bad("body key differs from the path", req("PUT", "/users/{userId}").path("userId", "seed")
                        .header("If-Match", "\"1\"").json("{\"userId\":\"other\"}"), 400, "key-mismatch"),
                bad("patch changes the key", req("PATCH", "/users/{userId}").path("userId", "seed")
                        .header("If-Match", "\"1\"").json("{\"userId\":\"other\"}"), 400, "key-mismatch"),
                bad("patch removes the key", req("PATCH", "/users/{userId}").path("userId", "seed")
                        .header("If-Match", "\"1\"").json("{\"userId\":null}"), 400, "key-mismatch"),
                bad("number as a string key", req("POST", "/users").json("{\"userId\":42}"), 400, "invalid-key"),
                bad("empty string key", req("POST", "/users").json("{\"userId\":\"\"}"), 400, "invalid-key"),
                bad("missing sort key", req("POST", "/orders").json("{\"customerId\":\"c9\"}"), 400, "invalid-key"),
                bad("missing number key", req("POST", "/counters").json("{\"hits\":1}"), 400, "invalid-key"),
                bad("non-numeric number key in the path", req("GET", "/counters/{counterId}").path("counterId", "abc"),
                        400, "invalid-key"),
                bad("partition key over 2048 bytes", req("GET", "/users/{userId}").path("userId", repeat('k', 2049)),
                        400, "invalid-key"),
                // Unknown entity or resource, unsupported methods
                bad("unknown entity", req("GET", "/widgets/{id}").path("id", "1"), 404, "unknown-resource"),
                bad("unknown resource template", req("GET", "/users/{name}").path("name", "x"), 404, "unknown-resource"),
                bad("DELETE on a collection", req("DELETE", "/users"), 405, "method-not-allowed"),
                bad("HEAD on an item", req("HEAD", "/users/{userId}").path("userId", "seed"), 405, "method-not-allowed"),
                bad("PUT on a partition", req("PUT", "/orders/{customerId}").path("customerId", "c1")
                        .header("If-None-Match", "*").json("{}"), 405, "method-not-allowed"),
                bad("GET on transactions", req("GET", "/transactions"), 405, "method-not-allowed"),
                // Preconditions
                bad("weak If-Match", req("PUT", "/users/{userId}").path("userId", "seed").header("If-Match", "W/\"1\"")
                        .json("{}"), 400, "invalid-if-match"),
                bad("If-Match *", req("DELETE", "/users/{userId}").path("userId", "seed").header("If-Match", "*"), 400,
                        "invalid-if-match"),
                bad("two If-Match tags", req("DELETE", "/users/{userId}").path("userId", "seed")
                        .header("If-Match", "\"1\", \"2\""), 400, "invalid-if-match"),
                bad("unquoted If-Match", req("PATCH", "/users/{userId}").path("userId", "seed").header("If-Match", "1")
                        .json("{}"), 400, "invalid-if-match"),
                bad("If-Match of version 0", req("DELETE", "/users/{userId}").path("userId", "seed")
                        .header("If-Match", "\"0\""), 400, "invalid-if-match"),
                bad("If-None-Match with a tag", req("PUT", "/users/{userId}").path("userId", "n")
                        .header("If-None-Match", "\"1\"").json("{}"), 400, "invalid-if-none-match"),
                bad("both preconditions", req("PUT", "/users/{userId}").path("userId", "seed")
                        .header("If-None-Match", "*").header("If-Match", "\"1\"").json("{}"), 400,
                        "conflicting-preconditions"),
                bad("PUT without precondition", req("PUT", "/users/{userId}").path("userId", "seed").json("{}"), 428,
                        "precondition-required"),
                bad("stale If-Match", req("PUT", "/users/{userId}").path("userId", "seed").header("If-Match", "\"7\"")
                        .json("{\"name\":\"x\"}"), 412, "version-mismatch"),
                bad("create of an existing id", req("POST", "/users").json("{\"userId\":\"seed\"}"), 409,
                        "already-exists"),
                bad("delete of a missing item", req("DELETE", "/users/{userId}").path("userId", "ghost")
                        .header("If-Match", "\"1\""), 404, "not-found"),
                // Idempotency-Key
                bad("Idempotency-Key with a space", req("POST", "/users").header("Idempotency-Key", "a b")
                        .json("{}"), 400, "invalid-idempotency-key"),
                bad("Idempotency-Key of 129 characters", req("POST", "/users")
                        .header("Idempotency-Key", repeat('k', 129)).json("{}"), 400, "invalid-idempotency-key"),
                bad("empty Idempotency-Key", req("POST", "/users").header("Idempotency-Key", "").json("{}"), 400,
                        "invalid-idempotency-key"),
                bad("Idempotency-Key reused with another payload", req("POST", "/users")
                        .header("Idempotency-Key", "used-key").json("{\"userId\":\"keyed\",\"name\":\"changed\"}"),
                        422, "idempotency-key-reused"),
                // Increments
                bad("string delta", req("POST", "/counters/{counterId}/increment").path("counterId", "1")
                        .json("{\"hits\":\"5\"}"), 400, "invalid-delta"),
                bad("null delta", req("POST", "/counters/{counterId}/increment").path("counterId", "1")
                        .json("{\"hits\":null}"), 400, "invalid-delta"),
                bad("delta of the key", req("POST", "/counters/{counterId}/increment").path("counterId", "1")
                        .json("{\"counterId\":1}"), 400, "invalid-delta"),
                bad("no deltas", req("POST", "/counters/{counterId}/increment").path("counterId", "1").json("{}"), 400,
                        "invalid-delta"),
                bad("increment of a missing item", req("POST", "/counters/{counterId}/increment")
                        .path("counterId", "404").json("{\"hits\":1}"), 404, "not-found"),
                // Numbers DynamoDB cannot store
                bad("number too large", req("POST", "/users").json("{\"userId\":\"n1\",\"x\":1e999}"), 400,
                        "invalid-number"),
                bad("number with 39 digits", req("POST", "/users")
                        .json("{\"userId\":\"n2\",\"x\":123456789012345678901234567890123456789}"), 400, "invalid-number"),
                bad("nested number too small", req("POST", "/users").json("{\"userId\":\"n3\",\"m\":{\"x\":[1e-131]}}"),
                        400, "invalid-number"),
                // Partition queries
                bad("limit 0", req("GET", "/orders/{customerId}").path("customerId", "c1").query("limit", "0"), 400,
                        "invalid-query"),
                bad("limit not a number", req("GET", "/orders/{customerId}").path("customerId", "c1")
                        .query("limit", "ten"), 400, "invalid-query"),
                bad("garbage cursor", req("GET", "/orders/{customerId}").path("customerId", "c1")
                        .query("cursor", "!!!"), 400, "invalid-query"),
                bad("cursor of another partition", req("GET", "/orders/{customerId}").path("customerId", "c1")
                        .query("cursor", cursorOfOtherPartition), 400, "invalid-query"),
                // Transactions
                bad("transaction without operations", req("POST", "/transactions").json("{\"operations\":[]}"), 400,
                        "invalid-transaction"),
                bad("transaction with an unknown op", req("POST", "/transactions")
                        .json("{\"operations\":[{\"op\":\"upsert\",\"entity\":\"users\"}]}"), 400, "invalid-transaction"),
                bad("transaction on an unknown entity", req("POST", "/transactions")
                        .json("{\"operations\":[{\"op\":\"create\",\"entity\":\"widgets\",\"item\":{}}]}"), 400,
                        "invalid-transaction"),
                bad("transaction replace without version", req("POST", "/transactions")
                        .json("{\"operations\":[{\"op\":\"replace\",\"entity\":\"users\",\"item\":{\"userId\":\"seed\"}}]}"),
                        428, "precondition-required"),
                bad("transaction naming one item twice", req("POST", "/transactions").json("{\"operations\":["
                        + "{\"op\":\"create\",\"entity\":\"users\",\"item\":{\"userId\":\"dup\"}},"
                        + "{\"op\":\"check\",\"entity\":\"users\",\"key\":{\"userId\":\"dup\"},\"expectedVersion\":1}]}"),
                        400, "invalid-transaction"),
                bad("transaction writing bookkeeping", req("POST", "/transactions").json("{\"operations\":["
                        + "{\"op\":\"create\",\"entity\":\"users\",\"item\":{\"userId\":\"bk\",\"_ccaCaller\":\"x\"}}]}"),
                        400, "read-only-attribute"),
                bad("transaction bound without delta", req("POST", "/transactions").json("{\"operations\":["
                        + "{\"op\":\"increment\",\"entity\":\"products\",\"key\":{\"productId\":\"p1\"},"
                        + "\"deltas\":{\"stock\":1},\"bounds\":{\"price\":0}}]}"), 400, "invalid-transaction"),
                bad("transaction driving stock below its bound", req("POST", "/transactions").json("{\"operations\":["
                        + "{\"op\":\"create\",\"entity\":\"orders\",\"item\":{\"customerId\":\"c1\",\"orderId\":\"o2\"}},"
                        + "{\"op\":\"increment\",\"entity\":\"products\",\"key\":{\"productId\":\"p1\"},"
                        + "\"deltas\":{\"stock\":-1},\"bounds\":{\"stock\":0}}]}"), 409, "bound-violated"),
                bad("transaction body as an array", req("POST", "/transactions").json("[]"), 400, "invalid-body"),
                // Input edges: nested bookkeeping, reserved ids, encodings, ids a URL path cannot carry, preconditions
                bad("bookkeeping nested in an object", req("POST", "/users")
                        .json("{\"userId\":\"nested\",\"m\":{\"_ccaToken\":\"forged\"}}"), 400, "read-only-attribute"),
                bad("bookkeeping nested in a list", req("POST", "/users")
                        .json("{\"userId\":\"listed\",\"l\":[1,{\"_ccaCaller\":\"forged\"}]}"), 400,
                        "read-only-attribute"),
                bad("bookkeeping nested in a patch", req("PATCH", "/users/{userId}").path("userId", "seed")
                        .header("If-Match", "\"1\"").json("{\"m\":{\"_ccaAt\":\"x\"}}"), 400, "read-only-attribute"),
                bad("bookkeeping nested in a transaction's item", req("POST", "/transactions").json("{\"operations\":["
                        + "{\"op\":\"create\",\"entity\":\"users\",\"item\":{\"userId\":\"tx-nested\","
                        + "\"m\":{\"_ccaDeleted\":true}}}]}"), 400, "read-only-attribute"),
                bad("invalid UTF-8 in a body", req("POST", "/users").header("Content-Type", "application/json")
                        .rawBody(new byte[] {'{', '"', 'u', 's', 'e', 'r', 'I', 'd', '"', ':', '"', 'a', (byte) 0xff, '"', '}'}),
                        400, "invalid-encoding"),
                bad("overlong UTF-8 in a body", req("POST", "/users").header("Content-Type", "application/json")
                        .rawBody(new byte[] {'{', '"', 'u', 's', 'e', 'r', 'I', 'd', '"', ':', '"', (byte) 0xc0, (byte) 0xaf,
                                '"', '}'}), 400, "invalid-encoding"),
                bad("replacement character in a body (the gateway's mark of bytes that were not UTF-8)",
                        req("POST", "/users").json("{\"userId\":\"caf\ufffd\"}"), 400, "invalid-encoding"),
                bad("replacement character in a merge patch", req("PATCH", "/users/{userId}").path("userId", "seed")
                        .header("If-Match", "\"1\"").header("Content-Type", "application/merge-patch+json")
                        .rawBody("{\"name\":\"\ufffd\"}".getBytes(StandardCharsets.UTF_8)), 400, "invalid-encoding"),
                bad("unpaired surrogate escaped in a body", req("POST", "/users")
                        .json("{\"userId\":\"s\\ud800\"}"), 400, "invalid-encoding"),
                bad("unpaired surrogate in a path id", req("PUT", "/users/{userId}").path("userId", "s\udc80")
                        .header("If-None-Match", "*").json("{}"), 400, "invalid-encoding"),
                bad("replacement character in a path id", req("PUT", "/users/{userId}").path("userId", "r\ufffd")
                        .header("If-None-Match", "*").json("{}"), 400, "invalid-encoding"),
                bad("replacement character in a GET path id", req("GET", "/users/{userId}").path("userId", "\ufffd"),
                        400, "invalid-encoding"),
                bad("id . in a body", req("POST", "/users").json("{\"userId\":\".\"}"), 400, "invalid-key"),
                bad("id .. in a path", req("PUT", "/users/{userId}").path("userId", "..").header("If-None-Match", "*")
                        .json("{}"), 400, "invalid-key"),
                bad("sort key .. in a path", req("GET", "/orders/{customerId}/{orderId}").path("customerId", "c1")
                        .path("orderId", ".."), 400, "invalid-key"),
                bad("If-None-Match on an increment", req("POST", "/counters/{counterId}/increment").path("counterId", "1")
                        .header("If-None-Match", "*").json("{\"hits\":1}"), 400, "invalid-if-none-match"),
                bad("If-None-Match on a PATCH", req("PATCH", "/users/{userId}").path("userId", "seed")
                        .header("If-Match", "\"1\"").header("If-None-Match", "*").json("{\"a\":1}"), 400,
                        "invalid-if-none-match"),
                bad("If-None-Match on a DELETE", req("DELETE", "/users/{userId}").path("userId", "seed")
                        .header("If-Match", "\"1\"").header("If-None-Match", "*"), 400, "invalid-if-none-match"),
                bad("attribute name past the parser's length limit", req("POST", "/users")
                        .json("{\"userId\":\"long-name\",\"" + repeat('n', 65_536) + "\":1}"), 400,
                        "invalid-attribute-name"),
                bad("nested attribute name past the parser's length limit", req("POST", "/users")
                        .json("{\"userId\":\"long-nested\",\"m\":{\"" + repeat('n', 70_000) + "\":1}}"), 400,
                        "invalid-attribute-name")));
        return cases.stream();
    }

    /**
     * Several header lines of one precondition or key (multiValueHeaders), of one spelling or of two: never "the last
     * one wins".
     */
    @ParameterizedTest(name = "{0} / {1}")
    @MethodSource("repeatedHeaders")
    void repeatedHeaderLines_answer400_andWriteNothing(String header, String secondSpelling, String first,
                                                       String second, String type) {
        Map<String, List<Map<String, AttributeValue>>> before = fixture.scanAll();
        Map<String, List<String>> headers = new LinkedHashMap<>();
        headers.put("Content-Type", List.of("application/json"));
        headers.put("If-Match", List.of("\"1\""));
        if (secondSpelling.equals(header)) {
            headers.put(header, List.of(first, second));
        } else {
            headers.put(header, List.of(first));
            headers.put(secondSpelling, List.of(second));
        }
        JsonWriter w = JsonWriter.create();
        w.writeStartObject();
        w.writeFieldName("httpMethod").writeValue("PATCH");
        w.writeFieldName("resource").writeValue("/users/{userId}");
        w.writeFieldName("path").writeValue("/users/seed");
        w.writeFieldName("pathParameters").writeStartObject();
        w.writeFieldName("userId").writeValue("seed");
        w.writeEndObject();
        // As API Gateway sends it: the last line in headers, every line in multiValueHeaders.
        w.writeFieldName("headers").writeStartObject();
        headers.forEach((name, values) -> w.writeFieldName(name).writeValue(values.get(values.size() - 1)));
        w.writeEndObject();
        w.writeFieldName("multiValueHeaders").writeStartObject();
        headers.forEach((name, values) -> {
            w.writeFieldName(name).writeStartArray();
            values.forEach(w::writeValue);
            w.writeEndArray();
        });
        w.writeEndObject();
        w.writeFieldName("body").writeValue("{\"name\":\"twice\"}");
        w.writeFieldName("requestContext").writeStartObject();
        w.writeFieldName("requestId").writeValue("multi");
        w.writeEndObject();
        w.writeEndObject();

        ProxyResponse response = handler.handle(ProxyRequest.fromEvent(JsonNode.parser().parse(w.getBytes())));

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(json(response).get("type").asString()).isEqualTo("urn:consistentcrud:problem:" + type);
        assertThat(fixture.scanAll()).isEqualTo(before);
    }

    static Stream<Arguments> repeatedHeaders() {
        return Stream.of(
                Arguments.of("If-Match", "If-Match", "\"7\"", "\"1\"", "invalid-if-match"),
                Arguments.of("Idempotency-Key", "Idempotency-Key", "key-a", "key-b", "invalid-idempotency-key"),
                Arguments.of("If-Match", "if-match", "\"7\"", "\"1\"", "invalid-if-match"),
                Arguments.of("Idempotency-Key", "idempotency-key", "key-a", "key-b", "invalid-idempotency-key"));
    }

    /** A U+FFFD the client means is written as its JSON escape: it is data, stored and read back. */
    @Test
    void invalidEncoding_aReplacementCharacterWrittenAsItsEscape_isStored() {
        ProxyResponse created = handler.handle(req("POST", "/users")
                .json("{\"userId\":\"escaped-fffd\",\"name\":\"caf\\ufffd\"}").build());
        assertThat(created.statusCode()).isEqualTo(201);
        ProxyResponse read = handler.handle(req("GET", "/users/{userId}").path("userId", "escaped-fffd").build());
        assertThat(HttpFixture.json(read).get("name").asString()).isEqualTo("caf\ufffd");
    }

    @Test
    void theTableHoldsAtLeastFortyMalformedRequests() {
        assertThat(badRequests().count()).isGreaterThanOrEqualTo(40);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badRequests")
    void badInput_answers4xxProblemJson_andWritesNothing(String name, HttpFixture.Req request, int status,
                                                         String type, boolean largeBodies) {
        Map<String, List<Map<String, AttributeValue>>> before = fixture.scanAll();

        ProxyResponse response = (largeBodies ? largeBodyHandler : handler).handle(request.build());

        assertThat(response.statusCode()).as(name).isEqualTo(status).isBetween(400, 499);
        assertThat(response.headers()).containsEntry("Content-Type", "application/problem+json");
        Map<String, JsonNode> problem = json(response);
        assertThat(problem.get("type").asString()).isEqualTo("urn:consistentcrud:problem:" + type);
        assertThat(problem.get("detail").asString()).isNotBlank().doesNotContain("http-", "Exception", "dynamodb");
        assertThat(fixture.scanAll()).as("tables after: " + name).isEqualTo(before);
    }
}
