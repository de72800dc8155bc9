package io.consistentcrud.e2e.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.consistentcrud.contract.GatewayProblem;
import io.consistentcrud.sample.SampleApp;
import io.consistentcrud.sample.SampleStack;
import io.swagger.v3.parser.OpenAPIV3Parser;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awscdk.App;
import software.amazon.awscdk.StackProps;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;

/**
 * Item schemas over HTTP on the local mode: the gateway refuses a body its model refuses before the function runs,
 * the runtime refuses what only it enforces, both with the schema-violation problem; the document is served.
 */
class SchemaOverHttpTest {
    @RegisterExtension
    static final LocalApi local = LocalApi.sampleApp();

    private static void assertSchemaViolation(HttpApi.Answer answer) {
        assertThat(answer.status()).as(answer.body()).isEqualTo(400);
        assertThat(answer.contentType()).startsWith("application/problem+json");
        Map<String, JsonNode> problem = answer.json();
        assertThat(problem.get("type").asString()).isEqualTo("urn:consistentcrud:problem:schema-violation");
        assertThat(problem.get("title").asString()).isEqualTo("Schema violation");
        assertThat(problem.get("status").asNumber()).isEqualTo("400");
        assertThat(problem.get("violations").asArray()).isNotEmpty().allSatisfy(v ->
                assertThat(v.asObject()).containsKeys("pointer", "keyword", "message"));
    }

    @Test
    void schema_theGatewayRefusesABodyItsModelRefuses_beforeTheFunctionRuns() {
        local.api().get("/users/warm-up");
        int invocations = local.mode().invocations();
        HttpApi.Answer refused = local.api().post("/users", "{\"name\": 42}", Map.of());
        assertSchemaViolation(refused);
        // The gateway's own answer (its detail and its one violation), not the function's.
        assertThat(refused.text("detail")).isEqualTo(GatewayProblem.BAD_REQUEST_BODY.detail());
        assertThat(refused.json().get("violations").asArray().get(0).asObject().get("keyword").asString())
                .isEqualTo("gateway");
        assertThat(local.api().put("/users/ada", "{\"name\": \"\"}", Map.of("If-None-Match", "*")).status())
                .isEqualTo(400);
        assertThat(local.mode().invocations()).as("the function never ran").isEqualTo(invocations);
        // Control: a body the model accepts and only the runtime refuses (a numeric exclusiveMinimum) does reach the
        // function, so the counter would have seen an invocation above.
        assertThat(local.api().post("/products", "{\"productId\": \"gratis\", \"price\": 0}", Map.of()).status())
                .isEqualTo(400);
        assertThat(local.mode().invocations()).as("control: the runtime's refusal ran the function")
                .isEqualTo(invocations + 1);
    }

    @Test
    void schema_theRuntimeRefusesWhatOnlyItEnforces_withTheSameProblem() {
        HttpApi.Answer refused = local.api().post("/products", "{\"productId\": \"free\", \"price\": 0}", Map.of());
        assertSchemaViolation(refused);
        assertThat(refused.json().get("violations").asArray().get(0).asObject().get("pointer").asString())
                .isEqualTo("/price");
        assertThat(local.api().get("/products/free").status()).isEqualTo(404);
    }

    @Test
    void schema_theLocalModeServesTheOpenApiDocumentOfTheConstruct() {
        HttpApi.Answer doc = local.api().get("/openapi.json");
        assertThat(doc.status()).isEqualTo(200);
        assertThat(new OpenAPIV3Parser().readContents(doc.body()).getMessages()).isEmpty();
        SampleStack stack = new SampleStack(new App(), SampleApp.STACK_NAME, StackProps.builder().build());
        assertThat(doc.body()).isEqualTo(stack.getApi().openApiDocument());
    }
}
