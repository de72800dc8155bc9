package io.consistentcrud.e2e.local;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The checked client never runs a suite unchecked: an API that does not serve its document fails the exchange. */
class HttpApiTest {
    @Test
    void anApiWithoutItsOpenApiDocument_failsTheExchange_ratherThanLeavingItUnchecked() throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            byte[] body = "{\"type\":\"urn:consistentcrud:problem:not-found\",\"title\":\"Not found\"}"
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/problem+json");
            exchange.sendResponseHeaders(404, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        try {
            HttpApi api = new HttpApi(URI.create("http://127.0.0.1:" + server.getAddress().getPort()));

            assertThatThrownBy(() -> api.get("/users/ada")).isInstanceOf(AssertionError.class)
                    .hasMessageContaining("GET /openapi.json answered 404");
        } finally {
            server.stop(0);
        }
    }
}
