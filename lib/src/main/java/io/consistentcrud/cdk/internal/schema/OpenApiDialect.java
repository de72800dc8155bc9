package io.consistentcrud.cdk.internal.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Draft 7 to OpenAPI 3.0's schema dialect: {@code const} becomes a one-value {@code enum}, a numeric
 * {@code exclusiveMinimum} becomes {@code minimum} with the boolean, a type list with {@code null} becomes
 * {@code nullable}, and keywords OpenAPI 3.0 lacks ({@code if}/{@code then}/{@code else}, {@code dependencies},
 * {@code contains}, {@code propertyNames}, {@code patternProperties}, {@code $schema}, {@code $comment},
 * {@code examples}) are left out: the document describes, the runtime enforces them.
 */
final class OpenApiDialect {
    private static final Set<String> DROPPED = Set.of("$schema", "$comment", "if", "then", "else", "dependencies",
            "contains", "propertyNames", "patternProperties", "examples");

    private OpenApiDialect() {
    }

    static JsonNode convert(JsonNode schema) {
        if (schema.isBoolean()) {
            // OpenAPI 3.0 has no boolean schemas: true is the empty schema, false one nothing matches.
            return schema.asBoolean() ? JsonNodeFactory.instance.objectNode()
                    : JsonNodeFactory.instance.objectNode().set("not", JsonNodeFactory.instance.objectNode());
        }
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        schema.fields().forEachRemaining(f -> {
            String k = f.getKey();
            JsonNode v = f.getValue();
            if (DROPPED.contains(k)) {
                return;
            }
            switch (k) {
                case "const" -> out.putArray("enum").add(v);
                case "exclusiveMinimum" -> out.put("minimum", v.decimalValue()).put("exclusiveMinimum", true);
                case "exclusiveMaximum" -> out.put("maximum", v.decimalValue()).put("exclusiveMaximum", true);
                case "type" -> type(out, v);
                case "properties" -> {
                    ObjectNode m = out.putObject(k);
                    v.fields().forEachRemaining(p -> m.set(p.getKey(), convert(p.getValue())));
                }
                default -> {
                    if (k.equals("additionalProperties") && v.isBoolean()) {
                        out.set(k, v);
                    } else if (ItemSchema.SCHEMA_VALUED.contains(k)) {
                        out.set(k, convert(v));
                    } else if (ItemSchema.SCHEMA_ARRAYS.contains(k)) {
                        ArrayNode a = out.putArray(k);
                        v.forEach(s -> a.add(convert(s)));
                    } else {
                        out.set(k, v);
                    }
                }
            }
        });
        if (out.has("properties") && !out.has("additionalProperties")) {
            // JSON Schema leaves other members allowed; said explicitly, since some OpenAPI tools assume otherwise.
            out.put("additionalProperties", true);
        }
        return out;
    }

    private static void type(ObjectNode out, JsonNode type) {
        if (type.isTextual()) {
            out.set("type", type);
            return;
        }
        List<String> names = new ArrayList<>();
        type.forEach(t -> names.add(t.asText()));
        if (names.remove("null")) {
            out.put("nullable", true);
        }
        if (names.size() == 1) {
            out.put("type", names.get(0));
        } else if (names.size() > 1) {
            ArrayNode anyOf = out.putArray("anyOf");
            names.forEach(n -> anyOf.addObject().put("type", n));
        }
    }
}
