package io.consistentcrud.runtime.http;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.Map;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;
import software.amazon.awssdk.protocols.jsoncore.JsonNodeParser;
import software.amazon.awssdk.thirdparty.jackson.core.JsonFactory;
import software.amazon.awssdk.thirdparty.jackson.core.JsonParser;
import software.amazon.awssdk.thirdparty.jackson.core.JsonToken;
import software.amazon.awssdk.thirdparty.jackson.core.StreamReadConstraints;

/**
 * Parses request bodies strictly: one JSON value and nothing after it, no duplicate member names (which would
 * make "which value counts" ambiguous), and every number representable by DynamoDB's {@code N} type.
 *
 * <p>Uses the JSON core the AWS SDK already ships (its shaded Jackson), so the jar carries no second JSON library.
 */
final class StrictJson {
    /** DynamoDB numbers: up to 38 significant digits, magnitude from 1E-130 to below 1E+126. */
    private static final int MAX_PRECISION = 38;
    private static final BigDecimal MAX_MAGNITUDE = new BigDecimal("1E+126");
    private static final BigDecimal MIN_MAGNITUDE = new BigDecimal("1E-130");

    /**
     * Names are not limited by the parser (its default stops at 50,000 characters and would answer "malformed"), so
     * that the API's own rule answers: {@code invalid-attribute-name}, 1 to 65535 bytes. The body size bounds them.
     */
    private static final JsonFactory FACTORY = JsonFactory.builder()
            .enable(software.amazon.awssdk.thirdparty.jackson.core.StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .streamReadConstraints(StreamReadConstraints.builder().maxNameLength(Integer.MAX_VALUE).build())
            .build();
    private static final JsonNodeParser PARSER = JsonNodeParser.builder().jsonFactory(FACTORY)
            .removeErrorLocations(true).build();

    private StrictJson() {
    }

    /** Parses a body that must be a JSON object. */
    static Map<String, JsonNode> object(byte[] body) {
        JsonNode node = parse(body);
        if (!node.isObject()) {
            throw new ProblemException(ProblemType.INVALID_BODY, "the body must be a JSON object");
        }
        return node.asObject();
    }

    /**
     * Parses one JSON value; text that is not UTF-8 answers 400 invalid-encoding, malformed text, duplicate names or
     * trailing text 400 malformed-json.
     */
    static JsonNode parse(byte[] body) {
        if (body == null || body.length == 0) {
            throw new ProblemException(ProblemType.BODY_REQUIRED, "this request needs a JSON body");
        }
        TextEncoding.requireUtf8(body);
        requireSingleValue(body);
        JsonNode node;
        try {
            node = PARSER.parse(body);
        } catch (UncheckedIOException | IllegalArgumentException e) {
            throw malformed();
        }
        if (node == null) {
            throw new ProblemException(ProblemType.BODY_REQUIRED, "this request needs a JSON body");
        }
        checkValues(node, "");
        return node;
    }

    private static void requireSingleValue(byte[] body) {
        try (JsonParser parser = FACTORY.createParser(body)) {
            JsonToken first = parser.nextToken();
            if (first == null) {
                throw new ProblemException(ProblemType.BODY_REQUIRED, "this request needs a JSON body");
            }
            parser.skipChildren();
            if (parser.nextToken() != null) {
                throw new ProblemException(ProblemType.MALFORMED_JSON, "the body has text after its JSON value");
            }
        } catch (IOException e) {
            // Duplicate names and syntax errors both land here; the parser's text names internals, so it stays out.
            throw malformed();
        }
    }

    private static ProblemException malformed() {
        return new ProblemException(ProblemType.MALFORMED_JSON,
                "the body is not valid JSON (or repeats a member name)");
    }

    /** Numbers DynamoDB can store, and names and strings that are valid Unicode, at every depth. */
    private static void checkValues(JsonNode node, String path) {
        String where = path.isEmpty() ? "(body)" : path;
        if (node.isNumber()) {
            checkNumber(node.asNumber(), where);
        } else if (node.isString()) {
            TextEncoding.requireWellFormed(node.asString(), "'" + where + "'");
        } else if (node.isObject()) {
            node.asObject().forEach((name, child) -> {
                TextEncoding.requireWellFormed(name, "a name in '" + where + "'");
                checkValues(child, path.isEmpty() ? name : path + "." + name);
            });
        } else if (node.isArray()) {
            int i = 0;
            for (JsonNode child : node.asArray()) {
                checkValues(child, path + "[" + i++ + "]");
            }
        }
    }

    /** Rejects numbers DynamoDB cannot store, naming where they are. */
    static BigDecimal checkNumber(String text, String where) {
        BigDecimal value;
        try {
            value = new BigDecimal(text);
        } catch (NumberFormatException e) {
            throw new ProblemException(ProblemType.INVALID_NUMBER, "'" + where + "' is not a number");
        }
        BigDecimal abs = value.abs();
        if (value.signum() != 0 && (value.stripTrailingZeros().precision() > MAX_PRECISION
                || abs.compareTo(MAX_MAGNITUDE) >= 0 || abs.compareTo(MIN_MAGNITUDE) < 0)) {
            throw new ProblemException(ProblemType.INVALID_NUMBER, "'" + where
                    + "' is outside what can be stored: at most 38 significant digits, magnitude 1E-130 to 1E+126");
        }
        return value;
    }
}
