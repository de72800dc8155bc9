package io.consistentcrud.e2e.local;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.consistentcrud.contract.GatewayProblem;
import io.consistentcrud.sample.SampleApp;
import io.consistentcrud.sample.SampleStack;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.App;
import software.amazon.awscdk.StackProps;

/** The control of the contract check the end-to-end suites run: it does refuse what the document does not describe. */
class OpenApiContractTest {
    static OpenApiContract contract;

    @BeforeAll
    static void document() {
        contract = new OpenApiContract(new SampleStack(new App(), SampleApp.STACK_NAME, StackProps.builder().build())
                .getApi().openApiDocument(), "prod");
    }

    private static Map<String, List<String>> lines(String... nameValues) {
        Map<String, List<String>> map = new java.util.LinkedHashMap<>();
        for (int i = 0; i < nameValues.length; i += 2) {
            map.put(nameValues[i], List.of(nameValues[i + 1]));
        }
        return map;
    }

    private static HttpApi.Answer answer(int status, Map<String, String> headers, String body) {
        Map<String, List<String>> map = new java.util.LinkedHashMap<>();
        headers.forEach((k, v) -> map.put(k, List.of(v)));
        return new HttpApi.Answer(status, java.net.http.HttpHeaders.of(map, (a, b) -> true), body);
    }

    @Test
    void openApiContract_aDocumentedExchangePasses() {
        assertThatCode(() -> contract.check("GET", "/users/ada", lines(), null, answer(200,
                Map.of("Content-Type", "application/json", "ETag", "\"1\""),
                "{\"userId\":\"ada\",\"name\":\"Ada\",\"version\":1}"))).doesNotThrowAnyException();
    }

    @Test
    void openApiContract_aBodyOfAnotherShapeFails() {
        assertThatThrownBy(() -> contract.check("GET", "/users/ada", lines(), null, answer(200,
                Map.of("Content-Type", "application/json"), "{\"userId\":\"ada\",\"name\":7,\"version\":1}")))
                .isInstanceOf(AssertionError.class).hasMessageContaining("does not keep the OpenAPI document");
    }

    @Test
    void openApiContract_anUndocumentedHeaderFails() {
        assertThatThrownBy(() -> contract.check("DELETE", "/users/ada", lines("If-Match", "\"1\""), null,
                answer(204, Map.of("Location", "/prod/users/ada"), "")))
                .isInstanceOf(AssertionError.class).hasMessageContaining("undocumented header Location");
    }

    @Test
    void openApiContract_anUndocumentedSuccessStatusFails() {
        assertThatThrownBy(() -> contract.check("POST", "/users", lines("Content-Type", "application/json"),
                "{\"name\":\"Ada\"}", answer(202, Map.of("Content-Type", "application/json"),
                        "{\"userId\":\"ada\",\"name\":\"Ada\",\"version\":1}")))
                .isInstanceOf(AssertionError.class);
    }

    /**
     * The document lists each status an operation can answer and no default: a well-formed problem, of a type the
     * contract declares, on a status the operation does not list still fails.
     */
    @Test
    void openApiContract_anUndocumentedProblemStatusFails() {
        assertThatThrownBy(() -> contract.check("POST", "/users", lines("Content-Type", "application/json"),
                "{\"name\":\"Ada\"}", answer(410, Map.of("Content-Type", "application/problem+json"),
                        "{\"type\":\"urn:consistentcrud:problem:not-found\",\"title\":\"Not found\","
                                + "\"status\":410,\"requestId\":\"r1\"}")))
                .isInstanceOf(AssertionError.class).hasMessageContaining("undocumented status 410");
    }

    /** The same problem on a status the operation lists passes: the control above fails for its status only. */
    @Test
    void openApiContract_aDocumentedProblemStatusPasses() {
        assertThatCode(() -> contract.check("POST", "/users", lines("Content-Type", "application/json"),
                "{\"name\":\"Ada\"}", answer(404, Map.of("Content-Type", "application/problem+json"),
                        "{\"type\":\"urn:consistentcrud:problem:not-found\",\"title\":\"Not found\","
                                + "\"status\":404,\"requestId\":\"r1\"}"))).doesNotThrowAnyException();
    }

    /** An answer checked alone (the raw-socket suites') is held to the same document. */
    @Test
    void openApiContract_anAnswerCheckedAlone_failsOnAnUndocumentedStatus() {
        assertThatThrownBy(() -> contract.checkAnswer("GET", "/users/ada", answer(410,
                Map.of("Content-Type", "application/problem+json"),
                "{\"type\":\"urn:consistentcrud:problem:client-error\",\"title\":\"Client error\"}")))
                .isInstanceOf(AssertionError.class).hasMessageContaining("undocumented status 410");
        assertThatCode(() -> contract.checkAnswer("GET", "/users/ada", answer(431,
                Map.of("Content-Type", "application/problem+json"),
                "{\"type\":\"urn:consistentcrud:problem:client-error\",\"title\":\"Client error\","
                        + "\"responseType\":\"DEFAULT_4XX\",\"message\":\"Request Header Fields Too Large\","
                        + "\"requestId\":\"r1\"}"))).doesNotThrowAnyException();
    }

    /**
     * A request is checked when it succeeded; a refused one is not (it is refused because it is not one the document
     * describes), but its answer still is.
     */
    @Test
    void openApiContract_aSucceededRequestOfAnotherShapeFails_aRefusedOneOnlyHasItsAnswerChecked() {
        HttpApi.Answer created = answer(201, Map.of("Content-Type", "application/json", "ETag", "\"1\"",
                "Location", "/prod/users/ada"), "{\"userId\":\"ada\",\"name\":\"Ada\",\"version\":1}");
        assertThatThrownBy(() -> contract.check("POST", "/users", lines("Content-Type", "application/json"),
                "{\"name\":7}", created)).isInstanceOf(AssertionError.class)
                .hasMessageContaining("validation.request.body");
        assertThatCode(() -> contract.check("POST", "/users", lines("Content-Type", "application/json"),
                "{\"name\":\"Ada\"}", created)).as("control: the same answer to a request of the document's shape")
                .doesNotThrowAnyException();
        HttpApi.Answer refused = answer(400, Map.of("Content-Type", "application/problem+json"),
                "{\"type\":\"urn:consistentcrud:problem:schema-violation\",\"title\":\"Schema violation\"}");
        assertThatCode(() -> contract.check("POST", "/users", lines("Content-Type", "application/json"),
                "{\"name\":7}", refused)).doesNotThrowAnyException();
        assertThatThrownBy(() -> contract.check("POST", "/users", lines("Content-Type", "application/json"),
                "{\"name\":7}", answer(400, Map.of("Content-Type", "application/problem+json"), "{\"title\":1}")))
                .isInstanceOf(AssertionError.class).hasMessageContaining("response");
    }

    @Test
    void openApiContract_aPathUnderTheStagePrefixIsTheBarePathsOperation() {
        HttpApi.Answer found = answer(404, Map.of("Content-Type", "application/problem+json"),
                "{\"type\":\"urn:consistentcrud:problem:not-found\",\"title\":\"Not found\",\"status\":404}");
        assertThatCode(() -> contract.check("GET", "/prod/users/ada", lines(), null, found))
                .doesNotThrowAnyException();
        assertThatThrownBy(() -> contract.check("GET", "/prod/users/ada", lines(), null,
                answer(410, Map.of("Content-Type", "application/problem+json"),
                        "{\"type\":\"urn:consistentcrud:problem:not-found\",\"title\":\"Gone\"}")))
                .as("checked, not skipped: an undocumented status under the prefix fails")
                .isInstanceOf(AssertionError.class).hasMessageContaining("undocumented status 410");
    }

    @Test
    void openApiContract_aPathNoOperationServesMustGetTheGatewaysOwn403() {
        HttpApi.Answer gateway403 = answer(403, Map.of("Content-Type", "application/problem+json"), "{\"type\":\""
                + GatewayProblem.MISSING_AUTHENTICATION_TOKEN.type() + "\",\"title\":\"Forbidden\"}");
        assertThatCode(() -> contract.check("GET", "/no/such/path", lines(), null, gateway403))
                .doesNotThrowAnyException();
        assertThatThrownBy(() -> contract.check("GET", "/no/such/path", lines(), null,
                answer(200, Map.of("Content-Type", "application/json"), "{}")))
                .isInstanceOf(AssertionError.class).hasMessageContaining("no operation");
    }
}
