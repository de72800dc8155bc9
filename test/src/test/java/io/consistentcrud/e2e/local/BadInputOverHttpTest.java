package io.consistentcrud.e2e.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Malformed requests over real HTTP through the local gateway: each answers 4xx application/problem+json, never
 * 5xx, and nothing is written (every table compared by full scan before and after).
 */
class BadInputOverHttpTest {
    @RegisterExtension
    static final LocalApi local = LocalApi.sampleApp();

    private static Map<String, List<String>> before;

    @BeforeAll
    static void start() {
        assertThat(local.api().put("/users/u1", "{\"userId\":\"u1\",\"name\":\"Ada\"}", Map.of("If-None-Match", "*"))
                .status()).isEqualTo(201);
        assertThat(local.api().put("/counters/c1", "{\"counterId\":\"c1\",\"value\":1}", Map.of("If-None-Match", "*"))
                .status()).isEqualTo(201);
        assertThat(local.api().put("/products/p1", "{\"productId\":\"p1\",\"stock\":3}", Map.of("If-None-Match", "*"))
                .status()).isEqualTo(201);
        before = local.tables().snapshot();
    }

    private static final String JSON = "application/json";
    private static final String BIG = "x".repeat(450 * 1024);

    /** name, method, path, headers, body, expected status (0: any 4xx). */
    static Stream<Arguments> badRequests() {
        return Stream.of(
                bad("malformed JSON", "POST", "/users", h(), "{\"name\":", 400),
                bad("a JSON array instead of an object", "POST", "/users", h(), "[1,2]", 400),
                bad("the JSON literal null", "POST", "/users", h(), "null", 400),
                bad("an empty body on create", "POST", "/users", h(), "", 400),
                bad("text/plain content type", "POST", "/users", h("Content-Type", "text/plain"), "{\"name\":\"x\"}", 415),
                bad("a client-written version attribute", "POST", "/users", h(), "{\"name\":\"x\",\"version\":7}", 400),
                bad("a client-written bookkeeping attribute", "POST", "/users", h(),
                        "{\"name\":\"x\",\"_ccaToken\":\"forged\"}", 400),
                bad("a client-written creation token", "PUT", "/users/u9", h("If-None-Match", "*"),
                        "{\"userId\":\"u9\",\"_ccaCreateToken\":\"forged\"}", 400),
                bad("PUT without a precondition", "PUT", "/users/u1", h(), "{\"userId\":\"u1\",\"name\":\"B\"}", 428),
                bad("PUT with a non-numeric If-Match", "PUT", "/users/u1", h("If-Match", "\"abc\""),
                        "{\"userId\":\"u1\",\"name\":\"B\"}", 400),
                bad("PUT with a weak If-Match", "PUT", "/users/u1", h("If-Match", "W/\"1\""),
                        "{\"userId\":\"u1\",\"name\":\"B\"}", 400),
                bad("PUT whose body key differs from the path", "PUT", "/users/u1", h("If-Match", "\"1\""),
                        "{\"userId\":\"someone-else\",\"name\":\"B\"}", 400),
                bad("PUT whose key has the wrong type", "PUT", "/users/u7", h("If-None-Match", "*"),
                        "{\"userId\":7}", 400),
                bad("PATCH without If-Match", "PATCH", "/users/u1", h("Content-Type", "application/merge-patch+json"),
                        "{\"name\":\"B\"}", 428),
                bad("PATCH that changes the key", "PATCH", "/users/u1",
                        h("If-Match", "\"1\"", "Content-Type", "application/merge-patch+json"),
                        "{\"userId\":\"u2\"}", 400),
                bad("PATCH that writes the version", "PATCH", "/users/u1",
                        h("If-Match", "\"1\"", "Content-Type", "application/merge-patch+json"),
                        "{\"version\":9}", 400),
                bad("DELETE without If-Match", "DELETE", "/users/u1", h(), null, 428),
                bad("an empty Idempotency-Key", "POST", "/users", h("Idempotency-Key", ""), "{\"name\":\"x\"}", 400),
                bad("an Idempotency-Key over 128 characters", "POST", "/users", h("Idempotency-Key", "k".repeat(300)),
                        "{\"name\":\"x\"}", 400),
                bad("an item over 400 KB", "POST", "/users", h(), "{\"name\":\"" + BIG + "\"}", 0),
                bad("a body over API Gateway's 10 MB limit", "POST", "/users", h(),
                        "{\"name\":\"" + "x".repeat(10 * 1024 * 1024) + "\"}", 413),
                bad("an increment by a string", "POST", "/counters/c1/increment", h(), "{\"value\":\"one\"}", 400),
                bad("an increment of nothing", "POST", "/counters/c1/increment", h(), "{}", 400),
                bad("an increment of the version", "POST", "/counters/c1/increment", h(), "{\"version\":1}", 400),
                bad("an increment of the key", "POST", "/counters/c1/increment", h(), "{\"counterId\":1}", 400),
                bad("a transaction without operations", "POST", "/transactions", h(), "{\"operations\":[]}", 400),
                bad("a transaction that is not an object", "POST", "/transactions", h(), "[]", 400),
                bad("a transaction on an unknown entity", "POST", "/transactions", h(),
                        "{\"operations\":[{\"op\":\"create\",\"entity\":\"ghosts\",\"item\":{\"id\":\"g\"}}]}", 0),
                bad("a transaction driving stock below its floor", "POST", "/transactions", h(),
                        OversellOverHttpTest.order("p1", "bad-order", 5), 409),
                bad("an unknown path", "GET", "/nothing-here", h(), null, 403),
                bad("a method the resource does not serve", "DELETE", "/users", h(), null, 403),
                bad("a path deeper than any resource", "GET", "/users/u1/extra/segments", h(), null, 403));
    }

    private static Arguments bad(String name, String method, String path, Map<String, String> headers, String body,
                                 int status) {
        return Arguments.of(name, method, path, headers, body, status);
    }

    private static Map<String, String> h(String... pairs) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", JSON);
        for (int i = 0; i < pairs.length; i += 2) {
            headers.put(pairs[i], pairs[i + 1]);
        }
        return headers;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badRequests")
    void badInput_answers4xxProblemJson_andWritesNothing(String name, String method, String path,
                                                         Map<String, String> headers, String body, int status) {
        HttpApi.Answer answer = local.api().send(method, path, headers, body);

        if (status == 0) {
            assertThat(answer.status()).as("%s: %s", name, answer).isBetween(400, 499);
        } else {
            assertThat(answer.status()).as("%s: %s", name, answer).isEqualTo(status);
        }
        assertThat(answer.contentType()).as(name).startsWith("application/problem+json");
        assertThat(answer.json()).as(name).containsKeys("type", "title", "status");
        assertThat(answer.body()).as("%s: no internals", name)
                .doesNotContain("ConsistentCrudSample-", "Exception", "dynamodb", "DynamoDB");
        assertThat(local.tables().snapshot()).as("%s: nothing written", name).isEqualTo(before);
    }
}
