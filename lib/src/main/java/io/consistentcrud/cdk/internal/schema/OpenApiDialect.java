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
 * {@code exclusiveMinimum} becomes {@code minimum} with the boolean (beside an inclusive {@code minimum}, the stricter
 * of the two is kept, since 3.0 has one {@code minimum}; likewise the maximum), a type list with {@code null} becomes
 * {@code nullable}, {@code null} alone (3.0 has no null type) becomes {@code nullable} with {@code enum: [null]}, a
 * type list beside the schema's own {@code anyOf} becomes an {@code allOf} of both, and keywords OpenAPI 3.0 lacks
 * ({@code if}/{@code then}/{@code else}, {@code dependencies}, {@code contains}, {@code propertyNames},
 * {@code patternProperties}, {@code $schema}, {@code $comment}, {@code examples}) are left out: the document
 * describes, the runtime enforces them. Every other rendering means exactly what the runtime's draft 7 check does,
 * so the document is never looser or stricter than the runtime where it can say the rule.
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
                // Both bounds of a side are decided together, below: each alone would overwrite the other.
                case "minimum", "exclusiveMinimum", "maximum", "exclusiveMaximum" -> {
                }
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
        bound(out, schema, "minimum", "exclusiveMinimum", 1);
        bound(out, schema, "maximum", "exclusiveMaximum", -1);
        combineTypeAlternatives(out);
        if (out.has("properties") && !out.has("additionalProperties")) {
            // JSON Schema leaves other members allowed; said explicitly, since some OpenAPI tools assume otherwise.
            out.put("additionalProperties", true);
        }
        return out;
    }

    /**
     * One side's bound. Draft 7 has an inclusive and an exclusive keyword per side, both may be given, and a value
     * must meet both; OpenAPI 3.0 has one number per side with a boolean making it exclusive. The stricter of the
     * two is the same rule as both together: for a lower bound the greater value, and at equal values the exclusive
     * one (the other way round for an upper bound). A boolean {@code exclusiveMinimum} (draft 4's spelling) means
     * nothing in draft 7, so the runtime ignores it and so does the document.
     *
     * @param direction 1 for a lower bound (greater is stricter), -1 for an upper bound (smaller is stricter)
     */
    private static void bound(ObjectNode out, JsonNode schema, String inclusiveKey, String exclusiveKey,
                              int direction) {
        JsonNode inclusive = schema.get(inclusiveKey);
        JsonNode exclusive = schema.get(exclusiveKey);
        boolean hasInclusive = inclusive != null && inclusive.isNumber();
        boolean hasExclusive = exclusive != null && exclusive.isNumber();
        if (hasExclusive && (!hasInclusive
                || exclusive.decimalValue().compareTo(inclusive.decimalValue()) * direction >= 0)) {
            out.set(inclusiveKey, exclusive);
            out.put(exclusiveKey, true);
        } else if (hasInclusive) {
            out.set(inclusiveKey, inclusive);
        }
    }

    /** Where {@link #type} puts the alternatives of a type list until {@link #combineTypeAlternatives} places them. */
    private static final String TYPE_ALTERNATIVES = "x-type-alternatives";

    private static void type(ObjectNode out, JsonNode type) {
        List<String> names = new ArrayList<>();
        if (type.isTextual()) {
            names.add(type.asText());
        } else {
            type.forEach(t -> names.add(t.asText()));
        }
        boolean nullable = names.remove("null");
        if (names.isEmpty()) {
            // Null alone: 3.0 has no null type, and nullable without a type restricts nothing; the one-value enum is
            // what restricts the value to null (nullable lets null pass the enum).
            out.put("nullable", true).putArray("enum").addNull();
        } else if (names.size() == 1) {
            out.put("type", names.get(0));
            if (nullable) {
                out.put("nullable", true);
            }
        } else {
            // 3.0's nullable only widens a type beside it, so each alternative carries it: on the anyOf's schema it
            // would leave null matching none of them.
            ArrayNode anyOf = out.putArray(TYPE_ALTERNATIVES);
            names.forEach(n -> {
                ObjectNode alternative = anyOf.addObject().put("type", n);
                if (nullable) {
                    alternative.put("nullable", true);
                }
            });
        }
    }

    /**
     * A type list becomes an {@code anyOf} of its types; beside the schema's own {@code anyOf}, a value must match
     * both (draft 7 applies every keyword), so the two go into an {@code allOf} rather than one replacing the other.
     */
    private static void combineTypeAlternatives(ObjectNode out) {
        JsonNode types = out.remove(TYPE_ALTERNATIVES);
        if (types == null) {
            return;
        }
        JsonNode own = out.remove("anyOf");
        if (own == null) {
            out.set("anyOf", types);
            return;
        }
        ArrayNode allOf = out.has("allOf") ? (ArrayNode) out.get("allOf") : out.putArray("allOf");
        allOf.addObject().set("anyOf", types);
        allOf.addObject().set("anyOf", own);
    }
}
