package io.consistentcrud.cdk;

import static io.consistentcrud.cdk.Fixtures.envVars;
import static io.consistentcrud.cdk.Fixtures.string;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.harrel.jsonschema.Validator;
import dev.harrel.jsonschema.ValidatorFactory;
import dev.harrel.jsonschema.providers.JacksonNode;
import java.net.URI;
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

    /** The refusal of the draft-07 meta-schema at a pointer: the entity, the pointer, the keyword, the rule. */
    static void malformed(String schema, String pointer, String keyword, String rule) {
        refused(schema, "entity 'users': schema at '" + pointer + "', keyword '" + keyword + "': malformed against "
                + "the JSON Schema draft 7 meta-schema: " + rule);
    }

    @Test
    void metaSchema_duplicateEnumValuesFailSynth() {
        malformed("{\"properties\": {\"role\": {\"enum\": [\"admin\", \"user\", \"admin\"]}}}",
                "/properties/role/enum", "enum", "Array contains non-unique item at index [2]");
    }

    @Test
    void metaSchema_aNegativeMinLengthFailsSynth() {
        malformed("{\"properties\": {\"name\": {\"type\": \"string\", \"minLength\": -1}}}",
                "/properties/name/minLength", "minLength", "-1 is less than 0");
    }

    @Test
    void metaSchema_aFractionalMaxLengthFailsSynth() {
        malformed("{\"properties\": {\"name\": {\"type\": \"string\", \"maxLength\": 2.5}}}",
                "/properties/name/maxLength", "maxLength", "Value is [number] but should be [integer]");
    }

    @Test
    void metaSchema_aNegativeMinItemsFailsSynth() {
        malformed("{\"properties\": {\"tags\": {\"type\": \"array\", \"minItems\": -2}}}",
                "/properties/tags/minItems", "minItems", "-2 is less than 0");
    }

    @Test
    void metaSchema_aZeroOrNegativeMultipleOfFailsSynth() {
        malformed("{\"properties\": {\"qty\": {\"type\": \"number\", \"multipleOf\": 0}}}",
                "/properties/qty/multipleOf", "multipleOf", "0 is less than or equal to 0");
        malformed("{\"properties\": {\"qty\": {\"type\": \"number\", \"multipleOf\": -5}}}",
                "/properties/qty/multipleOf", "multipleOf", "-5 is less than or equal to 0");
    }

    @Test
    void metaSchema_anUnknownTypeNameFailsSynth() {
        malformed("{\"properties\": {\"a\": {\"type\": \"text\"}}}", "/properties/a/type", "type",
                "Expected any of [[array, boolean, integer, null, number, object, string]]");
    }

    /** The whole detail of a synth refusal (the message without the construct path). */
    static void refusedWith(String schema, String detail) {
        assertThatThrownBy(() -> Fixtures.api(b -> b.entities(List.of(users(schema)))))
                .isInstanceOf(ConsistentCrudApiValidationException.class)
                .extracting(e -> ((ConsistentCrudApiValidationException) e).getDetail()).isEqualTo(detail);
    }

    /**
     * A type list is the second branch of the meta-schema's anyOf for type; the first, one type name, wanted a
     * string. The message names what is wrong with the list, not the names the other branch would have taken.
     */
    @Test
    void metaSchema_duplicateTypeNamesFailSynthNamingTheDuplicate() {
        refusedWith("{\"properties\": {\"a\": {\"type\": [\"string\", \"null\", \"string\"]}}}",
                "entity 'users': schema at '/properties/a/type', keyword 'type': malformed against the JSON Schema "
                        + "draft 7 meta-schema: Array contains non-unique item at index [2]");
        refusedWith("{\"properties\": {\"a\": {\"type\": []}}}",
                "entity 'users': schema at '/properties/a/type', keyword 'type': malformed against the JSON Schema "
                        + "draft 7 meta-schema: Array has less than 1 items");
        // A value of neither kind: both branches wanted another kind, the type names are what is asked for.
        refusedWith("{\"properties\": {\"a\": {\"type\": 7}}}",
                "entity 'users': schema at '/properties/a/type', keyword 'type': malformed against the JSON Schema "
                        + "draft 7 meta-schema: Expected any of [[array, boolean, integer, null, number, object, "
                        + "string]]");
    }

    @Test
    void metaSchema_dependenciesThatAreNotAnObjectFailSynth() {
        malformed("{\"dependencies\": [\"a\", \"b\"]}", "/dependencies", "dependencies",
                "Value is [array] but should be [object]");
    }

    @Test
    void metaSchema_aUniqueItemsThatIsNotABooleanFailsSynth() {
        malformed("{\"properties\": {\"tags\": {\"type\": \"array\", \"uniqueItems\": \"yes\"}}}",
                "/properties/tags/uniqueItems", "uniqueItems", "Value is [string] but should be [boolean]");
    }

    @Test
    void metaSchema_requiredWithDuplicatesFailsSynth() {
        malformed("{\"required\": [\"name\", \"name\"]}", "/required", "required",
                "Array contains non-unique item at index [1]");
    }

    @Test
    void metaSchema_requiredWithANonStringFailsSynth() {
        malformed("{\"required\": [\"name\", 7]}", "/required/1", "required",
                "Value is [integer] but should be [string]");
    }

    @Test
    void metaSchema_violationsInsideBranchesAndDependenciesNameTheirPointer() {
        malformed("{\"anyOf\": [{\"properties\": {\"n\": {\"maxItems\": -1}}}, true]}",
                "/anyOf/0/properties/n/maxItems", "maxItems", "-1 is less than 0");
        malformed("{\"dependencies\": {\"a\": [\"b\", \"b\"]}}", "/dependencies/a", "dependencies",
                "Array contains non-unique item at index [1]");
    }

    @Test
    void regex_aPatternJavaRegexCannotCompileFailsSynth() {
        refused("{\"properties\": {\"code\": {\"type\": \"string\", \"pattern\": \"[a-\"}}}",
                "entity 'users': schema at '/properties/code/pattern', keyword 'pattern': malformed: not a regular "
                        + "expression java.util.regex (the runtime's engine) compiles: Illegal character range");
    }

    @Test
    void regex_aPatternPropertiesNameJavaRegexCannotCompileFailsSynth() {
        refused("{\"patternProperties\": {\"^x-\": {\"type\": \"string\"}, \"^(tag\": {\"type\": \"string\"}}}",
                "entity 'users': schema at '/patternProperties/^(tag', keyword 'patternProperties': malformed: not a "
                        + "regular expression java.util.regex (the runtime's engine) compiles: Unclosed group");
    }

    @Test
    void schemaRule_aKeyRetypedInABranchOrAConditionalFailsSynth() {
        refused("{\"allOf\": [{\"required\": [\"name\"]}, {\"properties\": {\"userId\": {\"type\": \"integer\"}}}]}",
                "entity 'users': schema at '/allOf/1/properties/userId/type', keyword 'type': 'userId' is a key "
                        + "attribute of type STRING, so a type given to it must allow string, got \"integer\": no item "
                        + "could satisfy this branch");
        refused("{\"anyOf\": [{\"properties\": {\"userId\": {\"type\": [\"number\", \"null\"]}}}, true]}",
                "schema at '/anyOf/0/properties/userId/type', keyword 'type': 'userId' is a key attribute");
        refused("{\"oneOf\": [{\"properties\": {\"userId\": false}}, {\"required\": [\"name\"]}]}",
                "schema at '/oneOf/0/properties/userId', keyword 'properties': 'userId' is a key attribute");
        refused("{\"allOf\": [{\"allOf\": [{\"anyOf\": [{\"properties\": {\"userId\": {\"type\": \"boolean\"}}}]}]}]}",
                "schema at '/allOf/0/allOf/0/anyOf/0/properties/userId/type', keyword 'type'");
        refused("{\"if\": {\"required\": [\"name\"]}, \"then\": {\"properties\": {\"userId\": {\"type\": "
                + "\"integer\"}}}}", "schema at '/then/properties/userId/type', keyword 'type'");
        refused("{\"if\": {\"required\": [\"name\"]}, \"else\": {\"allOf\": [{\"properties\": {\"userId\": "
                + "{\"type\": \"object\"}}}]}}", "schema at '/else/allOf/0/properties/userId/type', keyword 'type'");
        refused("{\"dependencies\": {\"name\": [\"age\"], \"a/b\": {\"properties\": {\"userId\": {\"type\": "
                + "\"integer\"}}}}}", "schema at '/dependencies/a~1b/properties/userId/type', keyword 'type': 'userId' "
                + "is a key attribute of type STRING, so a type given to it must allow string");
    }

    @Test
    void schemaRule_aKeyNarrowedInABranchWithItsOwnTypeSynthesizes() {
        Fixtures.api(b -> b.entities(List.of(users("{\"allOf\": [{\"properties\": {\"userId\": {\"type\": "
                + "[\"string\", \"null\"], \"pattern\": \"^u-\"}}}], \"if\": {\"required\": [\"name\"]}, "
                + "\"then\": {\"properties\": {\"userId\": {\"minLength\": 3}}}}"))));
    }

    @Test
    void schemaRule_requiringAMemberPropertiesFalseForbidsFailsSynth() {
        refused("{\"required\": [\"name\", \"legacy\"], \"properties\": {\"name\": {\"type\": \"string\"}, "
                + "\"legacy\": false}}", "entity 'users': schema at '/required/1', keyword 'required': requires "
                + "'legacy', which properties/legacy false forbids: no write could satisfy it");
    }

    @Test
    void schemaRule_schemasThatCouldPushTheEnvironmentOverLambdas4KbFailSynthNamingTheirSizes() {
        String values = java.util.stream.IntStream.range(0, 350).mapToObj(i -> "\"value-" + i + "\"")
                .collect(java.util.stream.Collectors.joining(", "));
        refused("{\"properties\": {\"name\": {\"enum\": [" + values + "]}}}",
                "over Lambda's 4096-byte limit; item schemas travel in it: users ");
    }

    /**
     * The runtime checks annotations nowhere, so the environment's copy of a schema leaves them out: a schema whose
     * descriptions alone are over Lambda's 4 KB synthesizes, the document keeps them, and a member named like an
     * annotation stays a member.
     */
    @Test
    void schemaRule_annotationsStayOutOfTheFunctionsEnvironment_andInTheOpenApiDocument() {
        String description = "x".repeat(3500);
        ConsistentCrudApi api = Fixtures.api(b -> b.entities(List.of(users("{\"title\": \"User\", \"description\": \""
                + description + "\", \"properties\": {\"description\": {\"type\": \"string\", \"description\": "
                + "\"about the user\", \"examples\": [\"likes tea\"]}, \"name\": {\"type\": \"string\", "
                + "\"minLength\": 1, \"$comment\": \"checked\"}}}"))));
        Template t = Template.fromStack(Stack.of(api));
        // The document's text around the table names' tokens.
        StringBuilder text = new StringBuilder();
        Object value = envVars(t).get(RuntimeEnvironment.ENTITIES);
        Object parts = value instanceof Map<?, ?> join ? ((List<?>) join.get("Fn::Join")).get(1) : List.of(value);
        ((List<?>) parts).forEach(part -> text.append(part instanceof String str ? str : "<table>"));
        String environment = text.toString();
        assertThat(environment).doesNotContain(description).doesNotContain("about the user")
                .doesNotContain("likes tea").doesNotContain("$comment").doesNotContain("\"title\"");
        assertThat(environment).as("the member named description, and the rules")
                .contains("\"description\":{\"type\":\"string\"}").contains("\"minLength\":1");
        assertThat(api.openApiDocument()).contains(description).contains("about the user");
    }

    /** The synthesized API Gateway model of an entity with this schema, as the template carries it. */
    static JsonNode gatewayModel(String schema) {
        Template t = Fixtures.template(b -> b.entities(List.of(users(schema))));
        return new ObjectMapper().valueToTree(Fixtures.properties(t, "AWS::ApiGateway::Model")).path("Schema");
    }

    @Test
    void gatewayModel_rendersBooleanSubschemasAsDraft4SchemasAndDropsAnEmptyRequired() {
        JsonNode model = gatewayModel("""
                {"type": "object", "required": [], "additionalProperties": false,
                 "properties": {"name": {"type": "string"}, "legacy": false, "anything": true,
                                "tags": {"type": "array", "items": true},
                                "meta": {"type": "object", "required": [], "not": {"properties": {"x": false}}}},
                 "allOf": [true, {"properties": {"note": false}}], "anyOf": [false, {"required": ["name"]}]}
                """);
        assertThat(model.at("/properties/legacy").toString()).isEqualTo("{\"not\":{}}");
        assertThat(model.at("/properties/anything").toString()).isEqualTo("{}");
        assertThat(model.at("/properties/tags/items").toString()).isEqualTo("{}");
        assertThat(model.at("/properties/meta/not/properties/x").toString()).isEqualTo("{\"not\":{}}");
        assertThat(model.at("/allOf").toString()).isEqualTo("[{},{\"properties\":{\"note\":{\"not\":{}}}}]");
        assertThat(model.at("/anyOf/0").toString()).isEqualTo("{\"not\":{}}");
        assertThat(model.has("required")).as("draft 4 requires at least one name in required").isFalse();
        assertThat(model.at("/properties/meta").has("required")).isFalse();
        // additionalProperties takes a boolean in draft 4 too.
        assertThat(model.path("additionalProperties").isBoolean()).isTrue();
    }

    /**
     * The model may be looser than the runtime, never stricter: a not holding a runtime-only keyword is dropped
     * whole (without it, the not would refuse what the runtime takes), oneOf is dropped whole (a branch widened by a
     * dropped keyword could match values the others match too), and additionalProperties beside patternProperties
     * goes with them (it would refuse the members the patterns take).
     */
    @Test
    void gatewayModel_isNeverStricterThanTheRuntime() {
        JsonNode model = gatewayModel("""
                {"type": "object", "patternProperties": {"^x-": {"type": "string"}}, "additionalProperties": false,
                 "properties": {
                   "tags": {"type": "array", "not": {"contains": {"const": "x"}}},
                   "deep": {"not": {"anyOf": [{"type": "string"},
                                              {"type": "object", "propertyNames": {"maxLength": 2}}]}},
                   "kept": {"not": {"type": "string", "minLength": 3}},
                   "kind": {"type": "array",
                            "oneOf": [{"contains": {"const": "a"}}, {"contains": {"const": "b"}}]},
                   "wide": {"anyOf": [{"type": "array", "contains": {"const": "a"}}, {"type": "string"}]},
                   "flags": {"type": "object", "properties": {"a": {"type": "string"}},
                             "patternProperties": {"^f_": {"type": "boolean"}},
                             "additionalProperties": {"type": "integer"}},
                   "closed": {"type": "object", "properties": {"a": {"type": "string"}},
                              "additionalProperties": false}}}
                """);
        assertThat(model.has("additionalProperties")).as("beside patternProperties").isFalse();
        assertThat(model.at("/properties/tags").toString()).isEqualTo("{\"type\":\"array\"}");
        assertThat(model.at("/properties/deep").toString()).isEqualTo("{}");
        assertThat(model.at("/properties/kept").toString())
                .isEqualTo("{\"not\":{\"type\":\"string\",\"minLength\":3}}");
        assertThat(model.at("/properties/kind").toString()).isEqualTo("{\"type\":\"array\"}");
        assertThat(model.at("/properties/wide").toString())
                .isEqualTo("{\"anyOf\":[{\"type\":\"array\"},{\"type\":\"string\"}]}");
        assertThat(model.at("/properties/flags").toString())
                .isEqualTo("{\"type\":\"object\",\"properties\":{\"a\":{\"type\":\"string\"}}}");
        assertThat(model.at("/properties/closed/additionalProperties").asBoolean(true)).isFalse();
    }

    @Test
    void gatewayModel_ofARichSchemaPassesTheDraft4MetaSchema() {
        JsonNode model = gatewayModel("""
                {"$schema": "http://json-schema.org/draft-07/schema#", "type": "object", "title": "User",
                 "description": "a user", "$comment": "kept out of the model", "required": ["name"],
                 "additionalProperties": false, "minProperties": 1, "maxProperties": 20,
                 "properties": {
                   "name": {"type": "string", "minLength": 1, "maxLength": 64, "pattern": "^[A-Z]",
                            "examples": ["Ada"], "default": "Ada"},
                   "age": {"type": ["integer", "null"], "minimum": 0, "exclusiveMaximum": 200, "multipleOf": 1},
                   "score": {"type": "number", "exclusiveMinimum": 0, "maximum": 1.5},
                   "email": {"type": "string", "format": "uuid"},
                   "role": {"enum": ["admin", "user"], "const": "user"},
                   "tags": {"type": "array", "items": {"type": "string"}, "minItems": 0, "maxItems": 5,
                            "uniqueItems": true, "contains": {"const": "a"}},
                   "flags": {"type": "object", "patternProperties": {"^f_": {"type": "boolean"}},
                             "propertyNames": {"maxLength": 8}, "additionalProperties": true, "required": []},
                   "legacy": false, "anything": true, "list": {"type": "array", "items": false},
                   "kind": {"oneOf": [{"const": "a"}, {"const": "b"}]},
                   "shape": {"anyOf": [{"type": "string"}, {"type": "number", "not": {"multipleOf": 7}}]},
                   "noFormat": {"not": {"format": "date"}}, "never": {"not": true}},
                 "allOf": [true, {"not": {"required": ["legacy"]}}],
                 "dependencies": {"age": ["name"], "score": {"required": ["age"]}},
                 "if": {"required": ["age"]}, "then": {"required": ["name"]}, "else": true}
                """);
        Validator.Result result = new ValidatorFactory().withJsonNodeFactory(new JacksonNode.Factory())
                .createValidator().validate(URI.create("http://json-schema.org/draft-04/schema#"), model);
        assertThat(result.getErrors()).extracting(e -> e.getInstanceLocation() + " " + e.getError()).isEmpty();
        assertThat(result.isValid()).isTrue();
        assertThat(model.at("/properties/legacy").toString()).isEqualTo("{\"not\":{}}");
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
