package io.consistentcrud.cdk;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.consistentcrud.contract.GatewayProblem;
import io.consistentcrud.contract.HttpHeaders;
import io.consistentcrud.contract.ProblemTypes;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.App;
import software.amazon.awscdk.AppProps;
import software.amazon.awscdk.Stack;

/** The OpenAPI document: valid OpenAPI 3.0 by a real parser, every route, header and problem type, in cdk.out. */
class OpenApiDocumentTest {
    static ConsistentCrudApi api;
    static Path outdir;
    static JsonNode doc;

    @BeforeAll
    static void synth() throws Exception {
        outdir = Files.createTempDirectory("openapi-test");
        App app = new App(AppProps.builder().outdir(outdir.toString()).build());
        api = ConsistentCrudApi.Builder.create(new Stack(app, "Stack"), "Api")
                .entities(List.of(EntitySchemaTest.users(EntitySchemaTest.USERS), Fixtures.orders()))
                .build();
        app.synth();
        doc = new ObjectMapper().readTree(api.openApiDocument());
    }

    @Test
    void openApi_theDocumentParsesWithoutAnyErrorOrWarning() {
        ParseOptions options = new ParseOptions();
        options.setResolve(true);
        SwaggerParseResult result = new OpenAPIV3Parser().readContents(api.openApiDocument(), null, options);
        assertThat(result.getMessages()).as("parser messages").isEmpty();
        OpenAPI parsed = result.getOpenAPI();
        assertThat(parsed.getOpenapi()).isEqualTo("3.0.3");
        assertThat(parsed.getPaths()).containsKeys("/users", "/users/{userId}", "/users/{userId}/increment",
                "/orders", "/orders/{customerId}", "/orders/{customerId}/{orderId}",
                "/orders/{customerId}/{orderId}/increment", "/transactions");
    }

    @Test
    void openApi_itIsWrittenToTheCloudAssemblyBesideTheTemplate() throws Exception {
        Path file = outdir.resolve(api.openApiDocumentFileName());
        assertThat(file.getFileName().toString()).isEqualTo("Stack-Api.openapi.json");
        assertThat(outdir.resolve("Stack.template.json")).exists();
        assertThat(Files.readString(file)).isEqualTo(api.openApiDocument());
    }

    @Test
    void openApi_theItemSchemasAreTheEntitySchemaInOpenApisDialect() {
        JsonNode item = doc.at("/components/schemas/UsersItem");
        assertThat(item.at("/required").toString()).isEqualTo("[\"name\",\"userId\",\"version\"]");
        assertThat(item.at("/properties/age/maximum").asInt()).isEqualTo(200);
        assertThat(item.at("/properties/age/exclusiveMaximum").asBoolean()).isTrue();
        assertThat(item.at("/properties/version/readOnly").asBoolean()).isTrue();
        assertThat(doc.at("/components/schemas/UsersBody/required").toString()).isEqualTo("[\"name\"]");
        assertThat(doc.at("/paths/~1users/post/requestBody/content/application~1json/schema/$ref").asText())
                .isEqualTo("#/components/schemas/UsersBody");
    }

    /**
     * Draft 7 keywords OpenAPI 3.0 spells otherwise: {@code type: "null"} (3.0 has no null type), a type list beside
     * the schema's own {@code anyOf}, and both bounds of one side ({@code minimum} with a numeric
     * {@code exclusiveMinimum}, which 3.0 can only say with one {@code minimum}). The document must parse cleanly and
     * mean what the runtime (full draft 7) checks: never looser, never stricter.
     */
    @Test
    void openApi_draft7KeywordsWithoutAnOpenApi30TwinAreRenderedWithTheSameMeaning() throws Exception {
        ConsistentCrudApi shapes = Fixtures.api(b -> b.entities(List.of(EntitySchemaTest.users("""
                {"type": "object", "properties": {
                  "nothing": {"type": "null"},
                  "nothingInAList": {"type": ["null"]},
                  "either": {"type": ["string", "integer"],
                             "anyOf": [{"type": "string", "minLength": 2}, {"type": "integer", "minimum": 10}]},
                  "eitherOrNull": {"type": ["null", "string", "integer"]},
                  "inclusiveWins": {"type": "number", "minimum": 5, "exclusiveMinimum": 3,
                                    "maximum": 7, "exclusiveMaximum": 9},
                  "exclusiveWins": {"type": "number", "minimum": 3, "exclusiveMinimum": 5,
                                    "maximum": 10, "exclusiveMaximum": 10}}}
                """))));
        ParseOptions options = new ParseOptions();
        options.setResolve(true);
        SwaggerParseResult result = new OpenAPIV3Parser().readContents(shapes.openApiDocument(), null, options);
        assertThat(result.getMessages()).as("parser messages").isEmpty();
        JsonNode p = new ObjectMapper().readTree(shapes.openApiDocument())
                .at("/components/schemas/UsersItem/properties");

        for (String nullOnly : List.of("nothing", "nothingInAList")) {
            assertThat(p.get(nullOnly).toString()).as(nullOnly).isEqualTo("{\"nullable\":true,\"enum\":[null]}");
        }
        assertThat(p.get("either").toString()).isEqualTo("{\"allOf\":[{\"anyOf\":[{\"type\":\"string\"},"
                + "{\"type\":\"integer\"}]},{\"anyOf\":[{\"type\":\"string\",\"minLength\":2},"
                + "{\"type\":\"integer\",\"minimum\":10}]}]}");
        assertThat(p.get("eitherOrNull").toString()).as("3.0's nullable applies beside a type only")
                .isEqualTo("{\"anyOf\":[{\"type\":\"string\",\"nullable\":true},"
                        + "{\"type\":\"integer\",\"nullable\":true}]}");
        assertThat(p.get("inclusiveWins").toString())
                .isEqualTo("{\"type\":\"number\",\"minimum\":5,\"maximum\":7}");
        assertThat(p.get("exclusiveWins").toString()).isEqualTo("{\"type\":\"number\",\"minimum\":5,"
                + "\"exclusiveMinimum\":true,\"maximum\":10,\"exclusiveMaximum\":true}");
    }

    /**
     * The document may be looser than the runtime, never stricter. A keyword 3.0 lacks is left out, which only
     * loosens, except where the schema around it reads it the other way round: a not whose subschema lost a keyword
     * (or holds a format, which 3.0 tools may ignore) is left out whole, so is a oneOf one of whose branches did (its
     * branches could then overlap, and a value matching two fails), and additionalProperties beside a left-out
     * patternProperties. Under anyOf and allOf the loss only loosens.
     */
    @Test
    void openApi_whereAKeywordIsLeftOutTheDocumentIsLooserNeverStricter() throws Exception {
        JsonNode p = itemProperties("""
                {"type": "object", "properties": {
                  "notContains": {"type": "array", "items": {}, "not": {"contains": {"const": "x"}}},
                  "notDeep": {"not": {"anyOf": [{"type": "string"},
                                                {"type": "object", "propertyNames": {"maxLength": 2}}]}},
                  "notOfNot": {"not": {"not": {"type": "array", "items": {}, "contains": {"const": "x"}}}},
                  "notFormat": {"type": "string", "not": {"format": "date"}},
                  "notKept": {"not": {"type": "string", "minLength": 3}},
                  "oneOfLost": {"type": "array", "items": {},
                                "oneOf": [{"contains": {"const": "a"}}, {"contains": {"const": "b"}}]},
                  "oneOfKept": {"oneOf": [{"type": "string"}, {"type": "integer"}]},
                  "anyOfLoosened": {"anyOf": [{"type": "array", "items": {}, "contains": {"const": "a"}},
                                              {"type": "string"}]},
                  "patterns": {"type": "object", "patternProperties": {"^x-": {"type": "string"}},
                               "additionalProperties": false},
                  "patternsAndProperties": {"type": "object", "properties": {"a": {"type": "string"}},
                                            "patternProperties": {"^x-": {}},
                                            "additionalProperties": {"type": "integer"}},
                  "closed": {"type": "object", "properties": {"a": {"type": "string"}},
                             "additionalProperties": false}}}
                """);
        assertThat(p.get("notContains").toString()).isEqualTo("{\"type\":\"array\",\"items\":{}}");
        assertThat(p.get("notDeep").toString()).isEqualTo("{}");
        assertThat(p.get("notOfNot").toString()).isEqualTo("{}");
        assertThat(p.get("notFormat").toString()).isEqualTo("{\"type\":\"string\"}");
        assertThat(p.get("notKept").toString()).isEqualTo("{\"not\":{\"type\":\"string\",\"minLength\":3}}");
        assertThat(p.get("oneOfLost").toString()).isEqualTo("{\"type\":\"array\",\"items\":{}}");
        assertThat(p.get("oneOfKept").toString())
                .isEqualTo("{\"oneOf\":[{\"type\":\"string\"},{\"type\":\"integer\"}]}");
        assertThat(p.get("anyOfLoosened").toString())
                .isEqualTo("{\"anyOf\":[{\"type\":\"array\",\"items\":{}},{\"type\":\"string\"}]}");
        assertThat(p.get("patterns").toString()).isEqualTo("{\"type\":\"object\"}");
        assertThat(p.get("patternsAndProperties").toString()).as("additionalProperties true: the default, said")
                .isEqualTo("{\"type\":\"object\",\"properties\":{\"a\":{\"type\":\"string\"}},"
                        + "\"additionalProperties\":true}");
        assertThat(p.get("closed").path("additionalProperties").asBoolean(true)).isFalse();
    }

    /**
     * const and enum both apply in draft 7: the document's one enum holds the values both allow (none: nothing
     * matches), whatever their order; null allowed where no type is given carries nullable, without which 3.0
     * refuses null; beside a type that leaves null out, null is refused by the runtime too, so nullable is not added.
     */
    @Test
    void openApi_constAndEnumAreOneEnumOfTheValuesBothAllow_andNullAllowedIsNullable() throws Exception {
        JsonNode p = itemProperties("""
                {"type": "object", "properties": {
                  "constNull": {"const": null},
                  "enumWithNull": {"enum": ["a", null]},
                  "typedConstNull": {"type": "string", "const": null},
                  "nullableEnum": {"type": ["string", "null"], "enum": ["a", null]},
                  "enumThenConst": {"enum": ["a", "b"], "const": "b"},
                  "constThenEnum": {"const": "b", "enum": ["a", "b"]},
                  "sameNumber": {"const": 1, "enum": [1.0, 2]},
                  "disjoint": {"const": "c", "enum": ["a", "b"]},
                  "nullTypeWithEnum": {"type": "null", "enum": ["a", null]},
                  "nullTypeWithConst": {"type": "null", "const": "a"}}}
                """);
        assertThat(p.get("constNull").toString()).isEqualTo("{\"enum\":[null],\"nullable\":true}");
        assertThat(p.get("enumWithNull").toString()).isEqualTo("{\"enum\":[\"a\",null],\"nullable\":true}");
        assertThat(p.get("typedConstNull").toString()).isEqualTo("{\"type\":\"string\",\"enum\":[null]}");
        assertThat(p.get("nullableEnum").toString())
                .isEqualTo("{\"type\":\"string\",\"nullable\":true,\"enum\":[\"a\",null]}");
        assertThat(p.get("enumThenConst").toString()).isEqualTo("{\"enum\":[\"b\"]}");
        assertThat(p.get("constThenEnum").toString()).isEqualTo("{\"enum\":[\"b\"]}");
        assertThat(p.get("sameNumber").toString()).isEqualTo("{\"enum\":[1.0]}");
        assertThat(p.get("disjoint").toString()).isEqualTo("{\"allOf\":[{\"not\":{}}]}");
        assertThat(p.get("nullTypeWithEnum").toString()).isEqualTo("{\"nullable\":true,\"enum\":[null]}");
        assertThat(p.get("nullTypeWithConst").toString()).isEqualTo("{\"nullable\":true,\"allOf\":[{\"not\":{}}]}");
    }

    /** Draft 7 allows an array schema without items (any items); 3.0 requires them, so the document says {}. */
    @Test
    void openApi_anArrayWithoutItemsGetsAnyItems_soTheDocumentParses() throws Exception {
        JsonNode p = itemProperties("""
                {"type": "object", "properties": {
                  "tags": {"type": "array"},
                  "either": {"type": ["array", "string"]}}}
                """);
        assertThat(p.get("tags").toString()).isEqualTo("{\"type\":\"array\",\"items\":{}}");
        assertThat(p.get("either").toString())
                .isEqualTo("{\"anyOf\":[{\"type\":\"array\",\"items\":{}},{\"type\":\"string\"}]}");
    }

    /** The properties of UsersItem in the document of a users entity with this schema, which must parse cleanly. */
    private static JsonNode itemProperties(String schema) throws Exception {
        ConsistentCrudApi api = Fixtures.api(b -> b.entities(List.of(EntitySchemaTest.users(schema))));
        ParseOptions options = new ParseOptions();
        options.setResolve(true);
        SwaggerParseResult result = new OpenAPIV3Parser().readContents(api.openApiDocument(), null, options);
        assertThat(result.getMessages()).as("parser messages").isEmpty();
        return new ObjectMapper().readTree(api.openApiDocument()).at("/components/schemas/UsersItem/properties");
    }

    @Test
    void openApi_everyProblemTypeOfTheContractIsListedWithItsStatus() {
        for (ProblemTypes.Type t : ProblemTypes.ALL) {
            assertThat(doc.at("/components/schemas/Problem" + t.status() + "/properties/type/enum").toString())
                    .as(t.slug()).contains("\"" + t.uri() + "\"");
            assertThat(doc.at("/paths/~1users~1{userId}/put/responses/" + t.status() + "/$ref").asText())
                    .isEqualTo("#/components/responses/Problem" + t.status());
        }
        assertThat(doc.at("/components/schemas/Problem429/properties/type/enum").toString())
                .contains("urn:consistentcrud:problem:throttled");
    }

    /**
     * No {@code default} response: with one, any status whose body has a type and a title would be documented, so
     * the contract check could never fail on a status. Each operation lists every status it can answer instead,
     * made from the contract's declarations (the runtime's problem types, the gateway's own answers and the statuses
     * its fallbacks carry).
     */
    @Test
    void openApi_everyOperationListsEveryStatusItCanAnswer_andNoDefault() {
        Set<Integer> statuses = new TreeSet<>();
        ProblemTypes.ALL.forEach(t -> statuses.add(t.status()));
        for (GatewayProblem g : GatewayProblem.values()) {
            statuses.addAll(g.statuses());
        }
        assertThat(statuses).as("the fallbacks' statuses are declared too").contains(408, 431);
        int operations = 0;
        for (JsonNode path : doc.get("paths")) {
            for (JsonNode operation : path) {
                operations++;
                String id = operation.get("operationId").asText();
                assertThat(operation.get("responses").has("default")).as(id).isFalse();
                for (int status : statuses) {
                    assertThat(operation.at("/responses/" + status + "/$ref").asText()).as(id + " " + status)
                            .isEqualTo("#/components/responses/Problem" + status);
                }
            }
        }
        assertThat(operations).isGreaterThan(10);
        assertThat(doc.at("/components/schemas/Problem408/properties/type/enum").toString())
                .contains(GatewayProblem.DEFAULT_4XX.type());
        assertThat(doc.at("/components/schemas/Problem500/properties/type/enum").toString())
                .contains(GatewayProblem.DEFAULT_5XX.type(), ProblemTypes.INTERNAL_ERROR.uri());
    }

    @Test
    void openApi_theContractsHeadersAreDescribed() {
        for (String h : List.of(HttpHeaders.ETAG, HttpHeaders.LOCATION, HttpHeaders.PREFERENCE_APPLIED,
                HttpHeaders.IDEMPOTENCY_REPLAYED, HttpHeaders.RETRY_AFTER)) {
            assertThat(doc.at("/components/headers").has(h)).as(h).isTrue();
        }
        for (String h : List.of(HttpHeaders.IF_MATCH, HttpHeaders.IF_NONE_MATCH, HttpHeaders.IDEMPOTENCY_KEY,
                HttpHeaders.PREFER)) {
            assertThat(doc.at("/components/parameters/" + h + "/in").asText()).as(h).isEqualTo("header");
        }
        assertThat(doc.at("/paths/~1orders~1{customerId}/get/parameters").toString()).contains("\"cursor\"")
                .contains("\"limit\"");
    }
}
