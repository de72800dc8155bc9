package io.consistentcrud.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.consistentcrud.contract.GatewayProblem;
import io.consistentcrud.sample.SampleApp;
import io.consistentcrud.sample.SampleStack;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.App;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.assertions.Template;

/**
 * The gateway's problems have one source, {@link GatewayProblem}: the sample app's template declares exactly its
 * responses (one per response type, its status, its body template, the problem media type). The local gateway
 * renders its answers from these template resources; {@code e2e.local.GatewayProblemsOverHttpTest} checks what it
 * sends against the same source.
 */
class GatewayProblemContractTest {
    private static Map<String, Map<String, Object>> byType;

    @BeforeAll
    @SuppressWarnings("unchecked")
    static void synth() {
        Template template = Template.fromStack(new SampleStack(new App(), SampleApp.STACK_NAME,
                StackProps.builder().build()));
        byType = new LinkedHashMap<>();
        template.findResources("AWS::ApiGateway::GatewayResponse").values().forEach(r -> {
            Map<String, Object> properties = (Map<String, Object>) r.get("Properties");
            byType.put((String) properties.get("ResponseType"), properties);
        });
    }

    @Test
    @SuppressWarnings("unchecked")
    void theTemplatesGatewayResponses_areExactlyTheGatewayProblems() {
        assertThat(byType.keySet()).containsExactlyInAnyOrderElementsOf(
                Arrays.stream(GatewayProblem.values()).map(GatewayProblem::responseType).toList());
        for (GatewayProblem p : GatewayProblem.values()) {
            Map<String, Object> properties = byType.get(p.responseType());
            assertThat(properties.get("StatusCode")).as(p.name())
                    .isEqualTo(p.status() == 0 ? null : Integer.toString(p.status()));
            assertThat((Map<String, String>) properties.get("ResponseTemplates")).as(p.name())
                    .containsExactly(Map.entry("application/json", p.template()));
            assertThat((Map<String, String>) properties.get("ResponseParameters")).as(p.name())
                    .containsEntry("gatewayresponse.header.Content-Type", "'" + GatewayProblem.CONTENT_TYPE + "'");
        }
    }
}
