package io.consistentcrud.e2e.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;

/**
 * Requests a client library would never send, written byte by byte on a socket: each gets an answer from the local
 * gateway — the construct's problem+json gateway response with the status HTTP gives the fault — never a server's
 * own page, an exception's name, a reset, or silence; and nothing is written to any table.
 *
 * <p>Every answer whose request line is well formed (a method, a plain path, HTTP/1.x) is checked against the OpenAPI
 * document like the other suites' ({@link #checked}): its status, headers and problem body must be documented for
 * the operation. The requests themselves are not: they are malformed on purpose. A request line that is not well
 * formed (a bad escape, {@code *}, an unknown version) names no operation, so there is nothing to check its answer
 * against.
 */
class GatewayEdgesOverHttpTest {
    @RegisterExtension
    static final LocalApi local = LocalApi.sampleApp();

    @BeforeAll
    static void start() {
        assertThat(local.api().put("/users/u1", "{\"userId\":\"u1\",\"name\":\"Ada\"}", Map.of("If-None-Match", "*"))
                .status()).isEqualTo(201);
    }

    private static final String BODY = "{\"name\":\"x\"}";

    /** name, the request's bytes, expected status. */
    static Stream<Arguments> edges() {
        StringBuilder thousandHeaders = new StringBuilder("GET /users/u1 HTTP/1.1\r\nHost: local\r\n");
        for (int i = 0; i < 1000; i++) {
            thousandHeaders.append("X-Header-").append(i).append(": value-").append(i).append("\r\n");
        }
        thousandHeaders.append("\r\n");
        return Stream.of(
                edge("a lone percent sign in the path", "GET /users/% HTTP/1.1\r\nHost: local\r\n\r\n", 400),
                edge("a percent-escape that is not hex", "GET /users/%ZZ HTTP/1.1\r\nHost: local\r\n\r\n", 400),
                edge("a percent-escape cut short", "GET /users/a%2 HTTP/1.1\r\nHost: local\r\n\r\n", 400),
                edge("escapes that are not UTF-8", "GET /users/%FF%FE HTTP/1.1\r\nHost: local\r\n\r\n", 400),
                edge("a malformed escape in the query", "GET /users/u1?x=%G1 HTTP/1.1\r\nHost: local\r\n\r\n", 400),
                edge("the asterisk request target", "GET * HTTP/1.1\r\nHost: local\r\n\r\n", 400),
                edge("OPTIONS *", "OPTIONS * HTTP/1.1\r\nHost: local\r\n\r\n", 400),
                edge("a space in the request target", "GET /users/a b HTTP/1.1\r\nHost: local\r\n\r\n", 400),
                edge("an unknown HTTP version", "GET /users/u1 HTTP/2.0\r\nHost: local\r\n\r\n", 400),
                edge("a header line without a colon", "GET /users/u1 HTTP/1.1\r\nHost: local\r\nBroken\r\n\r\n", 400),
                edge("an obsolete folded header line",
                        "GET /users/u1 HTTP/1.1\r\nHost: local\r\nX-A: a\r\n  folded\r\n\r\n", 400),
                edge("Content-Length and Transfer-Encoding together",
                        "POST /users HTTP/1.1\r\nHost: local\r\nContent-Type: application/json\r\n"
                                + "Content-Length: " + BODY.length() + "\r\nTransfer-Encoding: chunked\r\n\r\n"
                                + Integer.toHexString(BODY.length()) + "\r\n" + BODY + "\r\n0\r\n\r\n", 400),
                edge("two different Content-Lengths",
                        "POST /users HTTP/1.1\r\nHost: local\r\nContent-Type: application/json\r\n"
                                + "Content-Length: 3\r\nContent-Length: " + BODY.length() + "\r\n\r\n" + BODY, 400),
                edge("a transfer coding other than chunked",
                        "POST /users HTTP/1.1\r\nHost: local\r\nContent-Type: application/json\r\n"
                                + "Transfer-Encoding: gzip\r\n\r\n" + BODY, 400),
                edge("a Content-Length longer than the body",
                        "POST /users HTTP/1.1\r\nHost: local\r\nContent-Type: application/json\r\n"
                                + "Content-Length: 100\r\n\r\n" + BODY, 408),
                edge("1,000 header lines", thousandHeaders.toString(), 431),
                edge("a head that stops arriving", "GET /users/u1 HTTP/1.1\r\nHost: local\r\n", 408),
                edge("a bare CR inside a header line", "GET /users/u1 HTTP/1.1\r\nHost: local\rX-A: b\r\n\r\n", 400),
                edge("a chunk size with leading whitespace",
                        "POST /users HTTP/1.1\r\nHost: local\r\nContent-Type: application/json\r\n"
                                + "Transfer-Encoding: chunked\r\n\r\n " + Integer.toHexString(BODY.length()) + "\r\n"
                                + BODY + "\r\n0\r\n\r\n", 400),
                edge("Transfer-Encoding on HTTP/1.0",
                        "POST /users HTTP/1.0\r\nHost: local\r\nContent-Type: application/json\r\n"
                                + "Transfer-Encoding: chunked\r\n\r\n" + Integer.toHexString(BODY.length()) + "\r\n"
                                + BODY + "\r\n0\r\n\r\n", 400),
                edge("no Host on HTTP/1.1", "GET /users/u1 HTTP/1.1\r\nX-A: b\r\n\r\n", 400),
                edge("two Host lines", "GET /users/u1 HTTP/1.1\r\nHost: local\r\nHost: other\r\n\r\n", 400),
                edge("a Content-Length over the 10 MB limit, with Expect: 100-continue",
                        "POST /users HTTP/1.1\r\nHost: local\r\nContent-Type: application/json\r\n"
                                + "Content-Length: 20000000\r\nExpect: 100-continue\r\n\r\n", 413));
    }

    private static Arguments edge(String name, String request, int status) {
        return Arguments.of(name, request, status);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("edges")
    void anEdgeOfHttp_isAnsweredProblemJson_byTheGatewaysResponses_andWritesNothing(String name, String request,
                                                                                  int status) throws IOException {
        Map<String, List<String>> before = local.tables().snapshot();

        RawAnswer answer = checked(request, exchange(request));

        assertThat(answer.status).as("%s: %s", name, answer).isEqualTo(status);
        assertThat(answer.header("content-type")).as("%s: %s", name, answer).startsWith("application/problem+json");
        Map<String, JsonNode> problem = JsonNode.parser().parse(answer.body).asObject();
        assertThat(problem.get("type").asString()).as(name).startsWith("urn:consistentcrud:problem:");
        assertThat(problem).as(name).containsKeys("title", "requestId");
        assertThat(answer.body).as("%s: no internals", name)
                .doesNotContain("Exception", "java.", "<html", "<h1>", "Jetty", "sun.");
        assertThat(local.tables().snapshot()).as("%s: nothing written", name).isEqualTo(before);
    }

    /**
     * A client that sends its whole body before it reads (as most clients do without {@code Expect: 100-continue})
     * still gets the 413 refusing it on its declared length: the gateway answers at once, then reads and drops the
     * rest before it closes. Closing with the body unread makes the kernel reset the connection, which broke the
     * client's write or destroyed the answer before it was read (seen as "header parser received no bytes").
     */
    @Test
    void aBodyRefusedOnItsDeclaredLength_the413ReachesAClientThatSendsTheWholeBodyFirst() throws IOException {
        byte[] body = new byte[11 * 1024 * 1024];
        java.util.Arrays.fill(body, (byte) 'x');
        byte[] head = ("POST /users HTTP/1.1\r\nHost: local\r\nContent-Type: application/json\r\n"
                + "Content-Length: " + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
        for (int attempt = 1; attempt <= 10; attempt++) {
            try (Socket socket = new Socket(local.mode().baseUri().getHost(), local.mode().baseUri().getPort())) {
                socket.setSoTimeout(60_000);
                OutputStream out = socket.getOutputStream();
                out.write(head);
                out.write(body);
                out.flush();
                RawAnswer answer = checked("POST /users HTTP/1.1\r\n", read(socket.getInputStream()));
                assertThat(answer.status).as("attempt %d: %s", attempt, answer).isEqualTo(413);
                assertThat(answer.header("connection")).isEqualToIgnoringCase("close");
            }
        }
    }

    @Test
    void aKeptAliveConnection_servesOneRequestAfterAnother_andAChunkedBody() throws IOException {
        String chunked = "POST /users HTTP/1.1\r\nHost: local\r\nContent-Type: application/json\r\n"
                + "Transfer-Encoding: chunked\r\n\r\n" + Integer.toHexString(BODY.length()) + "\r\n" + BODY
                + "\r\n0\r\n\r\n";
        try (Socket socket = new Socket(local.mode().baseUri().getHost(), local.mode().baseUri().getPort())) {
            socket.setSoTimeout(60_000);
            OutputStream out = socket.getOutputStream();
            InputStream in = socket.getInputStream();

            out.write("GET /users/u1 HTTP/1.1\r\nHost: local\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            RawAnswer first = checked("GET /users/u1 HTTP/1.1\r\n", read(in));
            out.write(chunked.getBytes(StandardCharsets.US_ASCII));
            RawAnswer second = checked(chunked, read(in));
            out.write("GET /users/u1 HTTP/1.1\r\nHost: local\r\nConnection: close\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            RawAnswer third = checked("GET /users/u1 HTTP/1.1\r\n", read(in));

            assertThat(first.status).as("%s", first).isEqualTo(200);
            assertThat(second.status).as("%s", second).isEqualTo(201);
            assertThat(third.status).as("%s", third).isEqualTo(200);
            assertThat(third.header("connection")).isEqualToIgnoringCase("close");
            assertThat(in.read()).as("closed after Connection: close").isEqualTo(-1);
        }
    }

    @Test
    void expectContinue_isAnsweredWith100_thenTheBodyIsServed_asCurlSendsBodiesOver1KB() throws IOException {
        String body = "{\"name\":\"" + "y".repeat(2000) + "\"}";
        try (Socket socket = new Socket(local.mode().baseUri().getHost(), local.mode().baseUri().getPort())) {
            socket.setSoTimeout(60_000);
            OutputStream out = socket.getOutputStream();
            InputStream in = socket.getInputStream();

            out.write(("POST /users HTTP/1.1\r\nHost: local\r\nContent-Type: application/json\r\nContent-Length: "
                    + body.length() + "\r\nExpect: 100-continue\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            String interim = line(in);
            String blank = line(in);
            out.write(body.getBytes(StandardCharsets.US_ASCII));
            RawAnswer created = checked("POST /users HTTP/1.1\r\n", read(in));

            assertThat(interim).isEqualTo("HTTP/1.1 100 Continue");
            assertThat(blank).isEmpty();
            assertThat(created.status).as("%s", created).isEqualTo(201);
        }
    }

    /** RFC 9112 3.2.2: a server must accept the absolute form; API Gateway serves its path. */
    @Test
    void anAbsoluteFormTarget_isServedAsItsPath() throws IOException {
        RawAnswer answer = checked("GET /users/u1 HTTP/1.1\r\n",
                exchange("GET http://local/users/u1 HTTP/1.1\r\nHost: local\r\n\r\n"));

        assertThat(answer.status).as("%s", answer).isEqualTo(200);
        assertThat(answer.body).contains("\"userId\":\"u1\"");
    }

    /**
     * A bare CR that arrives as the last byte of one TCP segment is judged like any other: the next segment does
     * not start with LF, so the line is malformed (RFC 9112 2.2).
     */
    @Test
    void aBareCrAtASegmentBoundary_isRefused400() throws IOException, InterruptedException {
        try (Socket socket = new Socket(local.mode().baseUri().getHost(), local.mode().baseUri().getPort())) {
            socket.setSoTimeout(60_000);
            socket.setTcpNoDelay(true);
            OutputStream out = socket.getOutputStream();
            out.write("GET /users/u1 HTTP/1.1\r\nHost: local\r".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            Thread.sleep(200);
            out.write("X-A: b\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            RawAnswer answer = checked("GET /users/u1 HTTP/1.1\r\n", read(socket.getInputStream()));

            assertThat(answer.status).as("%s", answer).isEqualTo(400);
            assertThat(answer.header("content-type")).startsWith("application/problem+json");
        }
    }

    /** An HTTP/1.0 client that asks to keep the connection alive is told so, and the connection serves again. */
    @Test
    void http10KeepAlive_isAnsweredConnectionKeepAlive_andTheConnectionServesAgain() throws IOException {
        try (Socket socket = new Socket(local.mode().baseUri().getHost(), local.mode().baseUri().getPort())) {
            socket.setSoTimeout(60_000);
            OutputStream out = socket.getOutputStream();
            InputStream in = socket.getInputStream();
            String request = "GET /users/u1 HTTP/1.0\r\nHost: local\r\nConnection: keep-alive\r\n\r\n";

            out.write(request.getBytes(StandardCharsets.US_ASCII));
            RawAnswer first = checked(request, read(in));
            out.write(request.getBytes(StandardCharsets.US_ASCII));
            RawAnswer second = checked(request, read(in));

            assertThat(first.status).as("%s", first).isEqualTo(200);
            assertThat(first.header("connection")).as("%s", first).isEqualToIgnoringCase("keep-alive");
            assertThat(second.status).as("%s", second).isEqualTo(200);
        }
    }

    /**
     * API Gateway decodes a text body as UTF-8 before the function sees it, turning bytes that are not UTF-8 into
     * U+FFFD, which would be stored; the runtime refuses a body holding that character.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("notUtf8")
    void invalidEncoding_aJsonBodyThatIsNotUtf8_isRefused400_andNothingIsStored(String method, String path,
                                                                               String contentType, String extra)
            throws IOException {
        Map<String, List<String>> before = local.tables().snapshot();
        // "café" with é as ISO-8859-1's single byte 0xE9, then 0xFF: neither is UTF-8.
        byte[] body = "{\"name\":\"caf\u00e9\u00ff\"}".getBytes(StandardCharsets.ISO_8859_1);
        byte[] head = (method + " " + path + " HTTP/1.1\r\nHost: local\r\nContent-Type: " + contentType
                + "\r\nContent-Length: " + body.length + "\r\n" + extra + "Connection: close\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII);

        RawAnswer answer;
        try (Socket socket = new Socket(local.mode().baseUri().getHost(), local.mode().baseUri().getPort())) {
            socket.setSoTimeout(60_000);
            socket.getOutputStream().write(head);
            socket.getOutputStream().write(body);
            answer = checked(method + " " + path + " HTTP/1.1\r\n", read(socket.getInputStream()));
        }

        assertThat(answer.status).as("%s", answer).isEqualTo(400);
        assertThat(JsonNode.parser().parse(answer.body).asObject().get("type").asString())
                .isEqualTo("urn:consistentcrud:problem:invalid-encoding");
        assertThat(local.tables().snapshot()).as("nothing stored").isEqualTo(before);
    }

    static Stream<Arguments> notUtf8() {
        return Stream.of(Arguments.of("POST", "/users", "application/json", ""),
                Arguments.of("PATCH", "/users/u1", "application/merge-patch+json", "If-Match: \"1\"\r\n"));
    }

    /** A request line a client library could send: a method, a path of plain characters, HTTP/1.0 or 1.1. */
    private static final Pattern WELL_FORMED_REQUEST_LINE =
            Pattern.compile("^([A-Z]+) (/[A-Za-z0-9/._~-]*) HTTP/1\\.[01]\r\n");

    /**
     * Checks the answer against the OpenAPI document when the request's line is well formed (it then names an
     * operation, whose documented statuses and problem bodies the answer must keep); returns the answer.
     */
    static RawAnswer checked(String request, RawAnswer answer) {
        Matcher line = WELL_FORMED_REQUEST_LINE.matcher(request);
        if (line.find()) {
            local.api().checkAnswer(line.group(1), line.group(2), answer.status, answer.headers, answer.body);
        }
        return answer;
    }

    private record RawAnswer(int status, Map<String, String> headers, String body) {
        String header(String name) {
            return headers.getOrDefault(name, "");
        }
    }

    private static RawAnswer exchange(String request) throws IOException {
        try (Socket socket = new Socket(local.mode().baseUri().getHost(), local.mode().baseUri().getPort())) {
            // A safety net for a broken gateway, not a measurement: the answer must come, at whatever speed.
            socket.setSoTimeout(60_000);
            socket.getOutputStream().write(request.getBytes(StandardCharsets.UTF_8));
            socket.getOutputStream().flush();
            return read(socket.getInputStream());
        }
    }

    /** One answer: status line, headers, and a Content-Length body. */
    private static RawAnswer read(InputStream in) throws IOException {
        String statusLine = line(in);
        assertThat(statusLine).as("an answer, not a closed connection").isNotNull().startsWith("HTTP/1.");
        int status = Integer.parseInt(statusLine.substring(9, 12));
        Map<String, String> headers = new LinkedHashMap<>();
        for (String line = line(in); line != null && !line.isEmpty(); line = line(in)) {
            int colon = line.indexOf(':');
            headers.put(line.substring(0, colon).toLowerCase(Locale.ROOT), line.substring(colon + 1).strip());
        }
        int length = Integer.parseInt(headers.getOrDefault("content-length", "0"));
        byte[] body = in.readNBytes(length);
        return new RawAnswer(status, headers, new String(body, StandardCharsets.UTF_8));
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) >= 0) {
            if (b == '\n') {
                String s = line.toString(StandardCharsets.ISO_8859_1);
                return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
            }
            line.write(b);
        }
        return line.size() == 0 ? null : line.toString(StandardCharsets.ISO_8859_1);
    }
}
