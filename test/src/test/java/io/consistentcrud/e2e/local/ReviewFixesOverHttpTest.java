package io.consistentcrud.e2e.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Over HTTP through the local gateway, the defects a review of the runtime found, each fixed: headers given under
 * two spellings, a transaction's bound on a missing attribute, a minimal PATCH past the item size, and preconditions
 * left out of an Idempotency-Key's fingerprint.
 */
class ReviewFixesOverHttpTest {
    @RegisterExtension
    static final LocalApi local = LocalApi.sampleApp();

    private static HttpApi.Answer created(String path, String json) {
        HttpApi.Answer answer = local.api().put(path, json, Map.of("If-None-Match", "*"));
        assertThat(answer.status()).as("%s", answer).isEqualTo(201);
        return answer;
    }

    /** One request as its bytes on the wire, header lines exactly as given; the status line's code. */
    private static RawAnswer raw(String method, String path, String headerLines, String contentType, String body) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        String head = method + " " + path + " HTTP/1.1\r\nHost: local\r\nConnection: close\r\n" + headerLines
                + "Content-Type: " + contentType + "\r\nContent-Length: " + bytes.length + "\r\n\r\n";
        try (Socket socket = new Socket(local.mode().baseUri().getHost(), local.mode().baseUri().getPort())) {
            socket.setSoTimeout(60_000);
            OutputStream out = socket.getOutputStream();
            out.write(head.getBytes(StandardCharsets.US_ASCII));
            out.write(bytes);
            out.flush();
            String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            return new RawAnswer(Integer.parseInt(answer.substring(9, 12)), answer);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private record RawAnswer(int status, String text) {
        @Override
        public String toString() {
            return text;
        }
    }

    // ------------------------------------------------------------------ two spellings of one header (G2, G5)

    @Test
    void g2_ifMatchUnderTwoSpellings_isAList_answers400_andWritesNothing() {
        created("/users/spelled", "{\"userId\":\"spelled\",\"name\":\"Ada\"}");

        RawAnswer patched = raw("PATCH", "/users/spelled", "If-Match: \"9\"\r\nif-match: \"1\"\r\n",
                "application/merge-patch+json", "{\"name\":\"Eve\"}");
        RawAnswer replaced = raw("PUT", "/users/spelled", "IF-MATCH: \"9\"\r\nIf-Match: \"1\"\r\n",
                "application/json", "{\"userId\":\"spelled\",\"name\":\"Eve\"}");

        assertThat(patched.status()).as("%s", patched).isEqualTo(400);
        assertThat(patched.text()).contains("application/problem+json").contains("invalid-if-match");
        assertThat(replaced.status()).as("%s", replaced).isEqualTo(400);
        HttpApi.Answer read = local.api().get("/users/spelled");
        assertThat(read.header("ETag")).contains("\"1\"");
        assertThat(read.text("name")).isEqualTo("Ada");
    }

    @Test
    void g5_idempotencyKeyUnderTwoSpellings_isAList_answers400_andWritesNothing() {
        RawAnswer posted = raw("POST", "/users", "Idempotency-Key: spelled-a\r\nidempotency-key: spelled-b\r\n",
                "application/json", "{\"name\":\"Ada\"}");

        assertThat(posted.status()).as("%s", posted).isEqualTo(400);
        assertThat(posted.text()).contains("invalid-idempotency-key");
        // Neither key made an item: a POST with either alone still creates (201), not replays (201 + replayed).
        HttpApi.Answer first = local.api().post("/users", "{\"name\":\"Ada\"}", Map.of("Idempotency-Key", "spelled-b"));
        assertThat(first.status()).isEqualTo(201);
        assertThat(first.header("Idempotency-Replayed")).isEmpty();
    }

    // ------------------------------------------------------------------ a bound on a missing attribute (G6)

    @Test
    void g6_aBoundOnAnAttributeTheItemLacks_judgesTheValueAfterTheAdd_countingMissingAsZero() {
        created("/products/unstocked", "{\"productId\":\"unstocked\",\"name\":\"lamp\"}");
        created("/products/unstocked-2", "{\"productId\":\"unstocked-2\",\"name\":\"desk\"}");

        HttpApi.Answer within = local.api().post("/transactions", "{\"operations\":[{\"op\":\"increment\","
                + "\"entity\":\"products\",\"key\":{\"productId\":\"unstocked\"},\"deltas\":{\"stock\":5},"
                + "\"bounds\":{\"stock\":0}}]}", Map.of());
        HttpApi.Answer beyond = local.api().post("/transactions", "{\"operations\":[{\"op\":\"increment\","
                + "\"entity\":\"products\",\"key\":{\"productId\":\"unstocked-2\"},\"deltas\":{\"stock\":5},"
                + "\"bounds\":{\"stock\":6}}]}", Map.of());

        assertThat(within.status()).as("%s", within).isEqualTo(200);
        assertThat(local.api().get("/products/unstocked").number("stock")).isEqualTo(5);
        assertThat(beyond.status()).as("control: 0 + 5 is below 6 — %s", beyond).isEqualTo(409);
        assertThat(beyond.text("type")).endsWith("bound-violated");
        assertThat(local.api().get("/products/unstocked-2").json()).doesNotContainKey("stock");
    }

    // ------------------------------------------------------------------ composite keys holding / (G6)

    @Test
    void g6_twoItemsWhoseKeysJoinToTheSameText_areTwoItemsOfOneTransaction() {
        // (a/b, c) and (a, b/c) read "a/b/c" when joined by "/": two items, which the transaction must write both.
        HttpApi.Answer both = local.api().post("/transactions", "{\"operations\":["
                + "{\"op\":\"create\",\"entity\":\"reviews\",\"item\":{\"productId\":\"a/b\",\"reviewId\":\"c\"}},"
                + "{\"op\":\"create\",\"entity\":\"reviews\",\"item\":{\"productId\":\"a\",\"reviewId\":\"b/c\"}}]}",
                Map.of());
        HttpApi.Answer same = local.api().post("/transactions", "{\"operations\":["
                + "{\"op\":\"create\",\"entity\":\"reviews\",\"item\":{\"productId\":\"x\",\"reviewId\":\"y\"}},"
                + "{\"op\":\"create\",\"entity\":\"reviews\",\"item\":{\"productId\":\"x\",\"reviewId\":\"y\"}}]}",
                Map.of());

        assertThat(both.status()).as("%s", both).isEqualTo(200);
        assertThat(local.api().get("/reviews/a%2Fb/c").status()).isEqualTo(200);
        assertThat(local.api().get("/reviews/a/b%2Fc").status()).isEqualTo(200);
        assertThat(same.status()).as("control: one item twice is refused — %s", same).isEqualTo(400);
        assertThat(same.text("type")).endsWith("invalid-transaction");
        assertThat(local.api().get("/reviews/x/y").status()).as("nothing written").isEqualTo(404);
    }

    // ------------------------------------------------------------------ a minimal PATCH past 400 KB

    @Test
    void aMinimalPatchThatGrowsTheItemPast400KB_answers413ItemTooLarge_asTheFullPatchDoes() {
        String quarter = "q".repeat(240 * 1024);
        created("/users/grown", "{\"userId\":\"grown\",\"a\":\"" + quarter + "\"}");

        HttpApi.Answer minimal = local.api().patch("/users/grown", "{\"b\":\"" + quarter + "\"}",
                Map.of("If-Match", "\"1\"", "Prefer", "return=minimal"));
        HttpApi.Answer full = local.api().patch("/users/grown", "{\"b\":\"" + quarter + "\"}",
                Map.of("If-Match", "\"1\""));

        assertThat(full.status()).as("control: the full PATCH %s", full.status()).isEqualTo(413);
        assertThat(minimal.status()).as("%s", minimal.body()).isEqualTo(413);
        assertThat(minimal.text("type")).endsWith("item-too-large");
        assertThat(local.api().get("/users/grown").header("ETag")).contains("\"1\"");
    }

    // ------------------------------------------------------------------ preconditions in the key's fingerprint (G5)

    @Test
    void g5_aKeyedDeleteRepeatedAtAnotherIfMatch_isAnotherRequest_answers422_andTheItemLives() {
        created("/users/reborn", "{\"userId\":\"reborn\",\"name\":\"Ada\"}");
        HttpApi.Answer deleted = local.api().send("DELETE", "/users/reborn",
                Map.of("Idempotency-Key", "delete-reborn", "If-Match", "\"1\""), null);
        HttpApi.Answer again = local.api().send("DELETE", "/users/reborn",
                Map.of("Idempotency-Key", "delete-reborn", "If-Match", "\"1\""), null);
        HttpApi.Answer recreated = created("/users/reborn", "{\"userId\":\"reborn\",\"name\":\"Eve\"}");
        HttpApi.Answer other = local.api().send("DELETE", "/users/reborn",
                Map.of("Idempotency-Key", "delete-reborn", "If-Match", "\"3\""), null);

        assertThat(deleted.status()).isEqualTo(204);
        assertThat(again.status()).as("the same request again replays").isEqualTo(204);
        assertThat(again.header("Idempotency-Replayed")).contains("true");
        assertThat(recreated.header("ETag")).contains("\"3\"");
        assertThat(other.status()).as("%s", other).isEqualTo(422);
        assertThat(other.text("type")).endsWith("idempotency-key-reused");
        assertThat(local.api().get("/users/reborn").text("name")).isEqualTo("Eve");
    }
}
