package io.consistentcrud.e2e.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;

/** A plain HTTP client of the local API: real requests over loopback, as curl would send them. */
final class HttpApi {
    /** An answer of the API. */
    record Answer(int status, java.net.http.HttpHeaders headers, String body) {
        Optional<String> header(String name) {
            return headers.firstValue(name);
        }

        String contentType() {
            return header("Content-Type").orElse("");
        }

        /** The body as a JSON object (fails the test when it is not one). */
        Map<String, JsonNode> json() {
            return JsonNode.parser().parse(body).asObject();
        }

        String text(String field) {
            JsonNode node = json().get(field);
            return node == null || node.isNull() ? null : node.isNumber() ? node.asNumber() : node.asString();
        }

        long number(String field) {
            return Long.parseLong(json().get(field).asNumber());
        }

        @Override
        public String toString() {
            return status + " " + headers.map() + " " + body;
        }
    }

    private final URI base;
    private final HttpClient client = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    HttpApi(URI base) {
        this(base, null);
    }

    /**
     * @param base the API's base URL
     * @param stageName the API's stage, whose prefixed paths the gateway serves as the bare ones; null for none
     */
    HttpApi(URI base, String stageName) {
        this.base = base;
        this.stageName = stageName;
    }

    URI base() {
        return base;
    }

    Answer get(String path) {
        return send("GET", path, Map.of(), null);
    }

    Answer post(String path, String json, Map<String, String> headers) {
        return send("POST", path, withJson(headers), json);
    }

    Answer put(String path, String json, Map<String, String> headers) {
        return send("PUT", path, withJson(headers), json);
    }

    Answer patch(String path, String json, Map<String, String> headers) {
        Map<String, String> h = new java.util.LinkedHashMap<>(headers);
        h.putIfAbsent("Content-Type", "application/merge-patch+json");
        return send("PATCH", path, h, json);
    }

    private static Map<String, String> withJson(Map<String, String> headers) {
        Map<String, String> h = new java.util.LinkedHashMap<>(headers);
        h.putIfAbsent("Content-Type", "application/json");
        return h;
    }

    private final String stageName;
    private OpenApiContract contract;

    /**
     * The API's OpenAPI document as the local mode serves it, read once. Every API this client talks to serves one,
     * and every exchange is checked against it: a document that is not answered fails the test, loudly, rather than
     * letting the suite run unchecked (a check that switches itself off passes everything).
     */
    private synchronized OpenApiContract contract() {
        if (contract == null) {
            try {
                HttpResponse<String> doc = client.send(HttpRequest.newBuilder(base.resolve("/openapi.json")).build(),
                        HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
                if (doc.statusCode() != 200) {
                    throw new AssertionError("GET /openapi.json answered " + doc.statusCode() + ", not the API's "
                            + "OpenAPI document, so no exchange of this suite could be checked against it: "
                            + doc.body());
                }
                contract = new OpenApiContract(doc.body(), stageName);
            } catch (IOException e) {
                throw new UncheckedIOException("GET /openapi.json failed", e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        return contract;
    }

    /** Sends one request, and checks the exchange against the API's OpenAPI document; a body of null sends none. */
    Answer send(String method, String path, Map<String, String> headers, String body) {
        Map<String, List<String>> lines = new LinkedHashMap<>();
        headers.forEach((name, value) -> lines.put(name, List.of(value)));
        return sendLines(method, path, lines, body);
    }

    /**
     * Sends one request whose headers may repeat (each value its own header line), and checks the exchange against
     * the API's OpenAPI document; a body of null sends none.
     */
    Answer sendLines(String method, String path, Map<String, List<String>> headers, String body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(path))
                .timeout(Duration.ofSeconds(60))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        headers.forEach((name, values) -> values.forEach(v -> b.header(name, v)));
        try {
            HttpResponse<String> r = client.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            Answer answer = new Answer(r.statusCode(), r.headers(), r.body());
            contract().check(method, path, headers, body, answer);
            return answer;
        } catch (IOException e) {
            throw new UncheckedIOException(method + " " + path + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * Checks an answer got some other way (a request written byte by byte on a socket) against the API's OpenAPI
     * document: its status, headers and body must be documented for the operation; the request is not checked.
     *
     * @param method       the request's method
     * @param pathAndQuery the request's path, well formed (percent-encoded UTF-8)
     * @param status       the answer's status
     * @param headers      the answer's headers
     * @param body         the answer's body, empty for none
     */
    void checkAnswer(String method, String pathAndQuery, int status, Map<String, String> headers, String body) {
        Map<String, List<String>> map = new LinkedHashMap<>();
        headers.forEach((name, value) -> map.put(name, List.of(value)));
        contract().checkAnswer(method, pathAndQuery,
                new Answer(status, java.net.http.HttpHeaders.of(map, (a, b) -> true), body));
    }
}
