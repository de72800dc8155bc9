package io.consistentcrud.runtime.schema;

import static org.assertj.core.api.Assertions.assertThat;

import dev.harrel.jsonschema.FormatEvaluatorFactory;
import dev.harrel.jsonschema.ValidatorFactory;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The formats {@code date-time}, {@code date} and {@code time} are RFC 3339's (section 5.6), as JSON Schema and
 * OpenAPI define them, not java.time's ISO formats.
 */
class Rfc3339FormatsTest {
    private static final List<String> VALID_DATE_TIMES = List.of("2024-01-02T03:04:05Z", "2024-01-02t03:04:05z",
            "2024-01-02T03:04:05.1+01:00", "2024-01-02T03:04:05.123456789123-23:59", "2024-01-02T03:04:05-00:00",
            "1998-12-31T23:59:60Z", "1998-12-31T15:59:60.123-08:00", "2024-02-29T00:00:00Z", "0000-01-01T00:00:00Z");
    private static final List<String> INVALID_DATE_TIMES = List.of("2024-01-02T03:04:05", "2024-01-02T03:04Z",
            "2024-01-02T03:04:05+01:00[Europe/Paris]", "2024-01-02 03:04:05Z", "2024-01-02T03:04:05.Z",
            "2024-01-02T03:04:05+0100", "2024-01-02T03:04:05+24:00", "2024-01-02T24:00:00Z", "2024-01-02T03:60:00Z",
            "1998-12-31T23:59:61Z", "1998-12-31T23:58:60Z", "1998-12-31T22:59:60Z", "2023-02-29T00:00:00Z",
            "2024-13-01T00:00:00Z", "2024-1-02T03:04:05Z", "٢٠٢٤-01-02T03:04:05Z", "", "2024-01-02T");
    private static final List<String> VALID_DATES = List.of("2024-01-02", "2024-02-29", "2000-02-29", "0001-12-31");
    private static final List<String> INVALID_DATES = List.of("2024-01-02Z", "2024-01-02+01:00", "1900-02-29",
            "2024-04-31", "2024-00-10", "2024-01-00", "20240102", "2024-01-02T03:04:05Z");
    private static final List<String> VALID_TIMES = List.of("03:04:05Z", "03:04:05.5+01:00", "23:59:60Z",
            "00:59:60+01:00");
    private static final List<String> INVALID_TIMES = List.of("03:04:05", "03:04Z", "03:04", "23:59:60+01:00",
            "03:04:05 Z", "3:04:05Z");

    @Test
    void rfc3339_dateTimesAreCheckedAsRfc3339Defines() {
        assertVerdicts("date-time", VALID_DATE_TIMES, INVALID_DATE_TIMES);
    }

    @Test
    void rfc3339_datesAreCheckedAsRfc3339Defines() {
        assertVerdicts("date", VALID_DATES, INVALID_DATES);
    }

    @Test
    void rfc3339_timesAreCheckedAsRfc3339Defines() {
        assertVerdicts("time", VALID_TIMES, INVALID_TIMES);
    }

    @Test
    void rfc3339_aViolationSaysWhatIsWrong_andAValueOfAnotherTypeIsLeftToType() {
        ItemSchema schema = ItemSchema.parse("{\"properties\":{\"at\":{\"format\":\"date-time\"}}}");
        List<SchemaViolation> v = schema.violations(Map.of("at", AttributeValue.fromS("2024-01-02T03:04:05")),
                "version");
        assertThat(v).singleElement().satisfies(e -> {
            assertThat(e.pointer()).isEqualTo("/at");
            assertThat(e.keyword()).isEqualTo("format");
            assertThat(e.message()).isEqualTo("not an RFC 3339 date-time: expected the offset Z or +hh:mm or -hh:mm "
                    + "after the seconds");
        });
        assertThat(schema.violations(Map.of("at", AttributeValue.fromN("7")), "version")).isEmpty();
    }

    @Test
    void otherFormats_onlyASchemaUsingAnotherFormatNeedsTheLibrarysFormats_andThoseAreStillChecked() {
        assertThat(Rfc3339Formats.otherFormatsIn(parse("{\"properties\":{\"a\":{\"format\":\"date\"},"
                + "\"b\":{\"type\":\"string\",\"format\":\"date-time\"}}}"))).isFalse();
        assertThat(Rfc3339Formats.otherFormatsIn(parse("{\"properties\":{\"t\":{\"type\":\"array\","
                + "\"items\":{\"format\":\"uuid\"}}}}"))).isTrue();
        assertThat(Rfc3339Formats.otherFormatsIn(parse("{\"allOf\":[{\"properties\":{\"ip\":"
                + "{\"format\":\"ipv4\"}}}]}"))).isTrue();

        ItemSchema both = ItemSchema.parse("{\"properties\":{\"on\":{\"format\":\"date\"},"
                + "\"ids\":{\"type\":\"array\",\"items\":{\"format\":\"uuid\"}}}}");
        assertThat(both.violations(Map.of("on", AttributeValue.fromS("2024-01-02Z"),
                "ids", AttributeValue.fromL(List.of(AttributeValue.fromS("not-a-uuid")))), "version"))
                .extracting(SchemaViolation::pointer).containsExactlyInAnyOrder("/on", "/ids/0");
        assertThat(both.violations(Map.of("on", AttributeValue.fromS("2024-01-02"), "ids", AttributeValue.fromL(
                List.of(AttributeValue.fromS("123e4567-e89b-12d3-a456-426614174000")))), "version")).isEmpty();
    }

    private static software.amazon.awssdk.protocols.jsoncore.JsonNode parse(String json) {
        return software.amazon.awssdk.protocols.jsoncore.JsonNode.parser().parse(json);
    }

    /**
     * Why the runtime checks these three formats itself: the validator library's own check (java.time's ISO
     * formatters) takes values RFC 3339 refuses and refuses values it takes. When this fails, the library has
     * changed: see whether {@code Rfc3339Formats} is still needed.
     */
    @Test
    void control_theValidatorLibrarysOwnChecksDifferFromRfc3339() {
        assertThat(libraryAccepts("date-time", "2024-01-02T03:04:05")).isTrue();
        assertThat(libraryAccepts("date-time", "2024-01-02T03:04Z")).isTrue();
        assertThat(libraryAccepts("date", "2024-01-02Z")).isTrue();
        assertThat(libraryAccepts("time", "03:04:05")).isTrue();
        assertThat(libraryAccepts("date-time", "1998-12-31T23:59:60Z")).isFalse();
    }

    private static boolean libraryAccepts(String format, String value) {
        return new ValidatorFactory().withEvaluatorFactory(new FormatEvaluatorFactory())
                .withJsonNodeFactory(new SchemaNodes())
                .validate(SchemaNodes.schema(software.amazon.awssdk.protocols.jsoncore.JsonNode.parser().parse(
                                "{\"properties\":{\"v\":{\"format\":\"" + format + "\"}}}")),
                        SchemaNodes.item(Map.of("v", AttributeValue.fromS(value)))).isValid();
    }

    private static void assertVerdicts(String format, List<String> valid, List<String> invalid) {
        ItemSchema schema = ItemSchema.parse("{\"properties\":{\"v\":{\"type\":\"string\",\"format\":\"" + format
                + "\"}}}");
        for (String value : valid) {
            assertThat(schema.violations(Map.of("v", AttributeValue.fromS(value)), "version"))
                    .as("%s '%s' is valid", format, value).isEmpty();
        }
        for (String value : invalid) {
            assertThat(schema.violations(Map.of("v", AttributeValue.fromS(value)), "version"))
                    .as("%s '%s' is invalid", format, value).singleElement()
                    .satisfies(e -> assertThat(e.keyword()).isEqualTo("format"));
        }
    }
}
