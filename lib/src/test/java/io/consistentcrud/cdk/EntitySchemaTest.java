package io.consistentcrud.cdk;

import static io.consistentcrud.cdk.Fixtures.envVars;
import static io.consistentcrud.cdk.Fixtures.string;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Annotations;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

/** Item schemas on EntitySpec: the synth-time rules, the runtime's copy, the gateway's model and validator. */
class EntitySchemaTest {
    static final String USERS = """
            {"type": "object", "required": ["name"], "additionalProperties": false,
             "properties": {"name": {"type": "string", "minLength": 1},
                            "email": {"type": "string", "format": "date-time"},
                            "age": {"type": "integer", "minimum": 0, "exclusiveMaximum": 200},
                            "expiresAt": {"type": "integer"}}}
            """;

    static EntitySpec users(String schema) {
        return EntitySpec.builder().name("users").partitionKey(string("userId"))
                .schema(EntitySchema.fromJson(schema)).build();
    }

    static void refused(String schema, String message) {
        assertThatThrownBy(() -> Fixtures.api(b -> b.entities(List.of(users(schema)))))
                .isInstanceOf(ConsistentCrudApiValidationException.class)
                .hasMessageContaining(message);
    }

    @Test
    void schemaRule_malformedJsonFailsSynthNamingTheEntity() {
        refused("{\"type\": ", "entity 'users': schema (inline JSON) is malformed: not JSON");
    }

    @Test
    void schemaRule_aKeyWithAnotherTypeThanItsAttributeFailsSynth() {
        refused("{\"properties\": {\"userId\": {\"type\": \"integer\"}}}",
                "entity 'users': schema at '/properties/userId/type', keyword 'type': 'userId' is a key attribute "
                        + "of type STRING, so its schema type must be string");
    }

    @Test
    void schemaRule_requiringTheVersionOrAReservedNameFailsSynth() {
        refused("{\"required\": [\"version\"]}", "schema at '/required/0', keyword 'required': requires 'version', "
                + "the version attribute");
        refused("{\"required\": [\"name\", \"_ccaToken\"]}", "schema at '/required/1', keyword 'required': "
                + "requires '_ccaToken', a reserved bookkeeping name");
        refused("{\"additionalProperties\": false, \"required\": [\"nick\"]}", "schema at '/required/0', keyword "
                + "'required': requires 'nick', which additionalProperties false forbids");
    }

    @Test
    void schemaRule_aKeywordNeitherPlaceEnforcesFailsSynth() {
        refused("{\"properties\": {\"name\": {\"type\": \"string\", \"unevaluatedProperties\": false}}}",
                "schema at '/properties/name/unevaluatedProperties', keyword 'unevaluatedProperties': enforced "
                        + "neither by API Gateway nor by the runtime");
        refused("{\"properties\": {\"a\": {\"$ref\": \"#/definitions/x\"}}}",
                "schema at '/properties/a/$ref', keyword '$ref': enforced neither");
        refused("{\"properties\": {\"a\": {\"type\": \"string\", \"format\": \"email\"}}}",
                "schema at '/properties/a/format', keyword 'format': enforced neither");
        refused("{\"properties\": {\"a\": {\"type\": \"text\"}}}",
                "schema at '/properties/a/type', keyword 'type': malformed");
    }

    @Test
    void schemaRule_schemasThatCouldPushTheEnvironmentOverLambdas4KbFailSynthNamingTheirSizes() {
        String description = "x".repeat(3500);
        refused("{\"description\": \"" + description + "\", \"properties\": {\"name\": {\"type\": \"string\"}}}",
                "over Lambda's 4096-byte limit; item schemas travel in it: users ");
    }

    @Nested
    class Declared {
        static Stack stack;
        static Template t;

        @BeforeAll
        static void synth() {
            ConsistentCrudApi api = Fixtures.api(b -> b.entities(List.of(users(USERS), Fixtures.orders())));
            stack = Stack.of(api);
            t = Template.fromStack(stack);
        }

        @Test
        void theRuntimeReceivesTheWholeSchemaWithTheKeyAddedInTheEntitiesDocument() throws Exception {
            String doc = new ObjectMapper().writeValueAsString(envVars(t).get(RuntimeEnvironment.ENTITIES));
            assertThat(doc).contains("\\\"schema\\\":{\\\"type\\\":\\\"object\\\",\\\"required\\\":[\\\"name\\\","
                    + "\\\"userId\\\"]").contains("\\\"exclusiveMaximum\\\":200");
        }

        @Test
        void theGatewayModelHoldsTheDraft4SubsetWithTheKeyNotRequired() {
            Map<String, Map<String, Object>> models = t.findResources("AWS::ApiGateway::Model");
            assertThat(models).hasSize(1);
            JsonNode schema = new ObjectMapper().valueToTree(models.values().iterator().next())
                    .path("Properties").path("Schema");
            assertThat(schema.path("$schema").asText()).isEqualTo("http://json-schema.org/draft-04/schema#");
            assertThat(schema.path("required").toString()).isEqualTo("[\"name\"]");
            assertThat(schema.path("properties").path("userId").path("type").asText()).isEqualTo("string");
            assertThat(schema.path("properties").path("age").has("exclusiveMaximum")).isFalse();
            assertThat(schema.path("properties").path("email").has("format")).isFalse();
            assertThat(schema.path("properties").path("age").path("minimum").asInt()).isZero();
        }

        @Test
        void postOfTheCollectionAndPutOfAnItemCarryTheModelAndTheValidator() {
            Map<String, Map<String, Object>> withModel = t.findResources("AWS::ApiGateway::Method",
                    Map.of("Properties", Map.of("RequestModels", Match.objectLike(Map.of("application/json",
                            Match.anyValue())))));
            assertThat(withModel).hasSize(2);
            assertThat(new ObjectMapper().valueToTree(withModel).toString()).contains("\"HttpMethod\":\"POST\"")
                    .contains("\"HttpMethod\":\"PUT\"").contains("RequestValidatorId");
            t.hasResourceProperties("AWS::ApiGateway::RequestValidator", Map.of("ValidateRequestBody", true));
        }

        @Test
        void theGatewaysBadRequestBodyIsTheRuntimesSchemaViolationProblem() {
            t.hasResourceProperties("AWS::ApiGateway::GatewayResponse", Map.of(
                    "ResponseType", "BAD_REQUEST_BODY",
                    "StatusCode", "400",
                    "ResponseTemplates", Map.of("application/json", Match.stringLikeRegexp(
                            ".*urn:consistentcrud:problem:schema-violation.*violations.*"
                                    + "context.error.validationErrorString.*"))));
        }

        @Test
        void aWarningListsTheKeywordsOnlyTheRuntimeEnforces() {
            Annotations.fromStack(stack).hasWarning("/Stack/Api", Match.stringLikeRegexp(
                    ".*entity 'users': schema keywords enforced in the runtime only.*/properties/age/exclusiveMaximum"
                            + ", /properties/email/format.*"));
        }
    }
}
