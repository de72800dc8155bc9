package io.consistentcrud.e2e.local;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.consistentcrud.cdk.ConsistentCrudApi;
import io.consistentcrud.cdk.EntitySchema;
import io.consistentcrud.cdk.EntitySpec;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.dynamodb.Attribute;
import software.amazon.awscdk.services.dynamodb.AttributeType;

/**
 * The draft 7 keywords OpenAPI 3.0 spells otherwise, as the contract check's validator reads the document: each
 * value the runtime's draft 7 check takes passes, each it refuses fails, so the document is neither looser nor
 * stricter than the runtime; and where it leaves out a keyword 3.0 lacks, it is looser, never stricter.
 */
class OpenApiDialectContractTest {
    static OpenApiContract contract;

    @BeforeAll
    static void document() {
        EntitySpec shapes = EntitySpec.builder().name("shapes")
                .partitionKey(Attribute.builder().name("id").type(AttributeType.STRING).build())
                .schema(EntitySchema.fromJson("""
                        {"type": "object", "properties": {
                          "nothing": {"type": "null"},
                          "eitherOrNull": {"type": ["null", "string", "integer"]},
                          "either": {"type": ["string", "integer"],
                                     "anyOf": [{"type": "string", "minLength": 2}, {"type": "integer", "minimum": 10}]},
                          "inclusiveWins": {"type": "number", "minimum": 5, "exclusiveMinimum": 3,
                                            "maximum": 7, "exclusiveMaximum": 9},
                          "exclusiveWins": {"type": "number", "minimum": 3, "exclusiveMinimum": 5,
                                            "maximum": 10, "exclusiveMaximum": 10},
                          "constNull": {"const": null},
                          "enumWithNull": {"enum": ["a", null]},
                          "constAndEnum": {"enum": ["a", "b"], "const": "b"},
                          "constThenEnum": {"const": "b", "enum": ["a", "b"]},
                          "notContains": {"type": "array", "items": {}, "not": {"contains": {"const": "x"}}},
                          "notFormat": {"type": "string", "not": {"format": "date"}},
                          "oneOfLost": {"type": "array", "items": {},
                                        "oneOf": [{"contains": {"const": "a"}}, {"contains": {"const": "b"}}]},
                          "patterns": {"type": "object", "patternProperties": {"^x-": {"type": "string"}},
                                       "additionalProperties": false}}}
                        """)).build();
        contract = new OpenApiContract(ConsistentCrudApi.Builder.create(new Stack(new App(), "Dialect"), "Api")
                .entities(List.of(shapes)).build().openApiDocument(), null);
    }

    /** member, value as JSON, whether draft 7 (the runtime) takes it. */
    @ParameterizedTest(name = "{0} = {1}: {2}")
    @CsvSource(delimiter = '|', value = {
            "nothing | null | true", "nothing | 1 | false", "nothing | \"\" | false",
            "eitherOrNull | null | true", "eitherOrNull | \"x\" | true", "eitherOrNull | 3 | true",
            "eitherOrNull | true | false",
            "either | \"ab\" | true", "either | \"a\" | false", "either | 12 | true", "either | 5 | false",
            "either | true | false",
            "inclusiveWins | 5 | true", "inclusiveWins | 4 | false", "inclusiveWins | 7 | true",
            "inclusiveWins | 8 | false",
            "exclusiveWins | 5 | false", "exclusiveWins | 5.5 | true", "exclusiveWins | 9.5 | true",
            "exclusiveWins | 10 | false",
            "constNull | null | true", "constNull | \"a\" | false", "constNull | 0 | false",
            "enumWithNull | null | true", "enumWithNull | \"a\" | true", "enumWithNull | \"b\" | false",
            "constAndEnum | \"b\" | true", "constAndEnum | \"a\" | false", "constAndEnum | \"c\" | false",
            "constThenEnum | \"b\" | true", "constThenEnum | \"a\" | false"})
    void aValue_passesTheDocumentExactlyWhenDraft7TakesIt(String member, String value, boolean taken) {
        if (taken) {
            assertThatCode(() -> check(member, value)).doesNotThrowAnyException();
        } else {
            assertThatThrownBy(() -> check(member, value))
                    .isInstanceOf(AssertionError.class).hasMessageContaining("does not keep the OpenAPI document");
        }
    }

    /**
     * Where the document leaves out a keyword 3.0 lacks, it is looser than the runtime, never stricter: each value
     * draft 7 takes passes (a not or oneOf around a left-out keyword, or additionalProperties beside a left-out
     * patternProperties, would refuse some).
     */
    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource(delimiter = '|', value = {
            "notContains | []", "notContains | [\"a\", \"b\"]",
            "notFormat | \"abc\"",
            "oneOfLost | [\"a\"]", "oneOfLost | [\"b\", \"c\"]",
            "patterns | {}", "patterns | {\"x-a\": \"s\"}"})
    void aValueDraft7Takes_passesTheDocumentWhereItIsLooser(String member, String value) {
        assertThatCode(() -> check(member, value)).doesNotThrowAnyException();
    }

    private static void check(String member, String value) {
        String body = "{\"id\":\"a\",\"version\":1,\"" + member + "\":" + value + "}";
        HttpApi.Answer answer = new HttpApi.Answer(200, java.net.http.HttpHeaders.of(
                Map.of("Content-Type", List.of("application/json"), "ETag", List.of("\"1\"")), (a, b) -> true), body);
        contract.checkAnswer("GET", "/shapes/a", answer);
    }
}
