package io.consistentcrud.e2e.local;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
                .getApi().openApiDocument());
    }

    private static HttpApi.Answer answer(int status, Map<String, String> headers, String body) {
        Map<String, List<String>> map = new java.util.LinkedHashMap<>();
        headers.forEach((k, v) -> map.put(k, List.of(v)));
        return new HttpApi.Answer(status, java.net.http.HttpHeaders.of(map, (a, b) -> true), body);
    }

    @Test
    void openApiContract_aDocumentedExchangePasses() {
        assertThatCode(() -> contract.check("GET", "/users/ada", Map.of(), null, answer(200,
                Map.of("Content-Type", "application/json", "ETag", "\"1\""),
                "{\"userId\":\"ada\",\"name\":\"Ada\",\"version\":1}"))).doesNotThrowAnyException();
    }

    @Test
    void openApiContract_aBodyOfAnotherShapeFails() {
        assertThatThrownBy(() -> contract.check("GET", "/users/ada", Map.of(), null, answer(200,
                Map.of("Content-Type", "application/json"), "{\"userId\":\"ada\",\"name\":7,\"version\":1}")))
                .isInstanceOf(AssertionError.class).hasMessageContaining("does not keep the OpenAPI document");
    }

    @Test
    void openApiContract_anUndocumentedHeaderFails() {
        assertThatThrownBy(() -> contract.check("DELETE", "/users/ada", Map.of("If-Match", "\"1\""), null,
                answer(204, Map.of("Location", "/prod/users/ada"), "")))
                .isInstanceOf(AssertionError.class).hasMessageContaining("undocumented header Location");
    }

    @Test
    void openApiContract_anUndocumentedSuccessStatusFails() {
        assertThatThrownBy(() -> contract.check("POST", "/users", Map.of("Content-Type", "application/json"),
                "{\"name\":\"Ada\"}", answer(202, Map.of("Content-Type", "application/json"),
                        "{\"userId\":\"ada\",\"name\":\"Ada\",\"version\":1}")))
                .isInstanceOf(AssertionError.class);
    }
}
