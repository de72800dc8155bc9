package io.consistentcrud.cdk;

import static io.consistentcrud.cdk.Fixtures.template;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Template;

/**
 * The answers API Gateway gives itself are the API's problem+json too, one problem per gateway response type, with
 * what RFC 9457 asks and the gateway's templates allow: a type of its own, a status, a detail that says what to do,
 * the request id.
 */
class GatewayProblemsTest {
    /** Every gateway response type API Gateway has (the GatewayResponse API's valid values). */
    static final List<String> API_GATEWAY_RESPONSE_TYPES = List.of("ACCESS_DENIED", "API_CONFIGURATION_ERROR",
            "AUTHORIZER_CONFIGURATION_ERROR", "AUTHORIZER_FAILURE", "BAD_REQUEST_PARAMETERS", "BAD_REQUEST_BODY",
            "DEFAULT_4XX", "DEFAULT_5XX", "EXPIRED_TOKEN", "INTEGRATION_FAILURE", "INTEGRATION_TIMEOUT",
            "INVALID_API_KEY", "INVALID_SIGNATURE", "MISSING_AUTHENTICATION_TOKEN", "QUOTA_EXCEEDED",
            "REQUEST_TOO_LARGE", "RESOURCE_NOT_FOUND", "THROTTLED", "UNAUTHORIZED", "UNSUPPORTED_MEDIA_TYPE",
            "WAF_FILTERED");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static Map<String, Map<String, Object>> byType;

    @BeforeAll
    @SuppressWarnings("unchecked")
    static void synthesize() {
        Template t = template(b -> { });
        byType = new LinkedHashMap<>();
        t.findResources("AWS::ApiGateway::GatewayResponse").values().forEach(r -> {
            Map<String, Object> properties = (Map<String, Object>) r.get("Properties");
            byType.put((String) properties.get("ResponseType"), properties);
        });
    }

    @Test
    @SuppressWarnings("unchecked")
    void problemJson_everyGatewayResponseTypeIsItsOwnProblem_withStatusAndADetailThatSaysWhatToDo() throws Exception {
        assertThat(byType.keySet()).containsExactlyInAnyOrderElementsOf(API_GATEWAY_RESPONSE_TYPES);
        Set<String> problemTypes = new HashSet<>();
        for (String type : API_GATEWAY_RESPONSE_TYPES) {
            Map<String, Object> properties = byType.get(type);
            String template = ((Map<String, String>) properties.get("ResponseTemplates")).get("application/json");
            // As API Gateway substitutes it: messageString is a JSON string, the other variables plain text.
            JsonNode problem = JSON.readTree(template.replace("$context.error.messageString", "\"Forbidden\"")
                    .replace("$context.", "context."));

            assertThat(problem.path("type").asText()).as(type).startsWith("urn:consistentcrud:problem:");
            assertThat(problemTypes.add(problem.path("type").asText())).as("%s has a type of its own", type).isTrue();
            assertThat(problem.path("title").asText()).as(type).isNotBlank();
            assertThat(problem.path("detail").asText()).as(type).hasSizeGreaterThan(40);
            assertThat(problem.path("requestId").asText()).as(type).isEqualTo("context.requestId");
            if (type.startsWith("DEFAULT_")) {
                // A fallback serves many statuses, and a gateway template is substitution only: it names the response
                // type that fell back instead of guessing a status.
                assertThat(properties).as(type).doesNotContainKey("StatusCode");
                assertThat(problem.path("responseType").asText()).as(type).isEqualTo("context.error.responseType");
            } else {
                assertThat(problem.path("status").asInt()).as("%s: the body's status is the answer's", type)
                        .isEqualTo(Integer.parseInt((String) properties.get("StatusCode")));
            }
        }
    }
}
