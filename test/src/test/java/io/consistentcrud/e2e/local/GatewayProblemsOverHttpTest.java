package io.consistentcrud.e2e.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.consistentcrud.contract.GatewayProblem;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;

/**
 * What the local gateway answers itself is the construct's problem for that gateway response type
 * ({@link GatewayProblem}, the one source the template is rendered from): type, title, status and detail, or for a
 * fault only the fallback can answer, {@code DEFAULT_4XX}'s problem with the fault's status on the answer. Each answer
 * is checked against the OpenAPI document too (its request line is well formed), except the one to a path no method
 * serves: no operation of the document is its own, so there is nothing to check it against.
 */
class GatewayProblemsOverHttpTest {
    @RegisterExtension
    static final LocalApi local = LocalApi.sampleApp();

    static Stream<Arguments> faults() {
        return Stream.of(
                Arguments.of("a path no method serves",
                        "GET /nothing-here HTTP/1.1\r\nHost: local\r\nConnection: close\r\n\r\n",
                        GatewayProblem.MISSING_AUTHENTICATION_TOKEN, 403),
                Arguments.of("a body over 10 MB", "POST /users HTTP/1.1\r\nHost: local\r\nContent-Type: "
                                + "application/json\r\nContent-Length: 20000000\r\nExpect: 100-continue\r\n\r\n",
                        GatewayProblem.REQUEST_TOO_LARGE, 413),
                Arguments.of("malformed HTTP", "GET /users/u1 HTTP/1.1\r\nHost: local\r\nBroken\r\n\r\n",
                        GatewayProblem.DEFAULT_4XX, 400));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("faults")
    void aGatewayAnswer_isTheGatewayProblemOfItsResponseType(String name, String request, GatewayProblem expected,
                                                             int status) throws IOException {
        String answer;
        try (Socket socket = new Socket(local.mode().baseUri().getHost(), local.mode().baseUri().getPort())) {
            socket.setSoTimeout(60_000);
            socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
            answer = readAll(socket.getInputStream());
        }
        String statusLine = answer.substring(0, answer.indexOf("\r\n"));
        checkAgainstDocument(request, answer);
        Map<String, JsonNode> problem = JsonNode.parser().parse(answer.substring(answer.indexOf("\r\n\r\n") + 4))
                .asObject();

        assertThat(statusLine).as(name).contains(" " + status + " ");
        assertThat(answer.toLowerCase()).as(name).contains("content-type: " + GatewayProblem.CONTENT_TYPE);
        assertThat(problem.get("type").asString()).as(name).isEqualTo(expected.type());
        assertThat(problem.get("title").asString()).as(name).isEqualTo(expected.title());
        assertThat(problem.get("detail").asString()).as(name).isEqualTo(expected.detail());
        assertThat(problem.get("requestId").asString()).as(name).isNotBlank();
        if (expected.status() != 0) {
            assertThat(problem.get("status").asNumber()).as(name).isEqualTo(Integer.toString(status));
        } else {
            assertThat(problem.get("responseType").asString()).as(name)
                    .isEqualTo(GatewayProblem.DEFAULT_4XX.responseType());
            assertThat(problem.get("message").asString()).as(name).isNotBlank();
        }
    }

    /** Checks the answer's status, headers and problem body against the document's operation for the request line. */
    private static void checkAgainstDocument(String request, String answer) {
        String[] requestLine = request.substring(0, request.indexOf("\r\n")).split(" ");
        String head = answer.substring(0, answer.indexOf("\r\n\r\n"));
        Map<String, String> headers = new LinkedHashMap<>();
        for (String line : head.substring(head.indexOf("\r\n") + 2).split("\r\n")) {
            int colon = line.indexOf(':');
            headers.put(line.substring(0, colon).strip(), line.substring(colon + 1).strip());
        }
        int status = Integer.parseInt(head.substring(9, 12));
        local.api().checkAnswer(requestLine[0], requestLine[1], status, headers,
                answer.substring(answer.indexOf("\r\n\r\n") + 4));
    }

    /** The answer up to the connection's end (every gateway answer here closes it). */
    private static String readAll(InputStream in) throws IOException {
        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
}
