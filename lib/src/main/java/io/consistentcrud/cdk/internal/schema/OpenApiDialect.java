package io.consistentcrud.cdk.internal.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

/**
 * Draft 7 to OpenAPI 3.0's schema dialect: {@code const} becomes a one-value {@code enum} (beside an {@code enum},
 * the values both allow: draft 7 applies both), a numeric {@code exclusiveMinimum} becomes {@code minimum} with the
 * boolean (beside an inclusive {@code minimum}, the stricter of the two is kept, since 3.0 has one {@code minimum};
 * likewise the maximum), a type list with {@code null} becomes {@code nullable}, {@code null} alone (3.0 has no null
 * type) becomes {@code nullable} with {@code enum: [null]}, an {@code enum} that allows null where no type is given
 * gets {@code nullable} (3.0 refuses null without it), a type list beside the schema's own {@code anyOf} becomes an
 * {@code allOf} of both, and keywords OpenAPI 3.0 lacks ({@code if}/{@code then}/{@code else}, {@code dependencies},
 * {@code contains}, {@code propertyNames}, {@code patternProperties}, {@code $schema}, {@code $comment},
 * {@code examples}) are left out: the document describes, the runtime enforces them.
 *
 * <p>The document may be looser than the runtime, never stricter. Leaving a keyword out only widens what passes,
 * except in three places, where more is left out: a {@code not} whose subschema lost a keyword (or holds
 * {@code format}, which OpenAPI tools may ignore) is left out whole, since the widened subschema would narrow the
 * {@code not}; so is a {@code oneOf} one of whose branches did, since a widened branch may match values another
 * branch matches, and a value matching two fails the {@code oneOf}; and so is {@code additionalProperties} beside a
 * left-out {@code patternProperties}, which would refuse the members the patterns take. Inside {@code allOf},
 * {@code anyOf}, {@code properties}, {@code items} and {@code additionalProperties}, a widened subschema only widens.
 * Every other rendering means exactly what the runtime's draft 7 check does.
 */
final class OpenApiDialect {
    /** Keywords 3.0 lacks that constrain: leaving one out loosens the schema holding it. */
    private static final Set<String> DROPPED = Set.of("if", "then", "else", "dependencies", "contains",
            "propertyNames", "patternProperties");
    /** Keywords 3.0 lacks that only describe. */
    private static final Set<String> DROPPED_ANNOTATIONS = Set.of("$schema", "$comment", "examples");

    private OpenApiDialect() {
    }

    /** Whether a rendering left out a constraint, in the schema itself or anywhere inside it. */
    private static final class Loss {
        boolean loosened;
    }

    static JsonNode convert(JsonNode schema) {
        return convert(schema, new Loss());
    }

    /**
     * @param loss set when this rendering, or one inside it, leaves out a constraint (or holds {@code format})
     */
    private static JsonNode convert(JsonNode schema, Loss loss) {
        if (schema.isBoolean()) {
            return ItemSchema.objectSchemaOf(schema.asBoolean()); // OpenAPI 3.0 has no boolean schemas
        }
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        schema.fields().forEachRemaining(f -> {
            String k = f.getKey();
            JsonNode v = f.getValue();
            if (DROPPED_ANNOTATIONS.contains(k)) {
                return;
            }
            if (DROPPED.contains(k)) {
                loss.loosened = true;
                return;
            }
            switch (k) {
                // Decided together, below: each alone would overwrite the other (and a type null's enum).
                case "const", "enum" -> out.putNull("enum");
                // Both bounds of a side are decided together, below: each alone would overwrite the other.
                case "minimum", "exclusiveMinimum", "maximum", "exclusiveMaximum" -> {
                }
                case "type" -> type(out, v);
                case "format" -> {
                    // Kept, as a description at least: 3.0 lets tools ignore a format, so under not or oneOf it
                    // counts as left out.
                    loss.loosened = true;
                    out.set(k, v);
                }
                case "additionalProperties" -> {
                    if (schema.has("patternProperties")) {
                        // Without the patterns it would refuse the members they take.
                        loss.loosened = true;
                    } else {
                        out.set(k, v.isBoolean() ? v : convert(v, loss));
                    }
                }
                case "not" -> {
                    // With a constraint left out inside it, the not would refuse values the runtime takes.
                    Loss inside = new Loss();
                    JsonNode negated = convert(v, inside);
                    if (inside.loosened) {
                        loss.loosened = true;
                    } else {
                        out.set(k, negated);
                    }
                }
                case "oneOf" -> {
                    // A widened branch may match values another branch matches: those would fail the oneOf.
                    Loss inside = new Loss();
                    ArrayNode a = JsonNodeFactory.instance.arrayNode();
                    v.forEach(s -> a.add(convert(s, inside)));
                    if (inside.loosened) {
                        loss.loosened = true;
                    } else {
                        out.set(k, a);
                    }
                }
                default -> ItemSchema.copyKeyword(out, k, v, s -> convert(s, loss));
            }
        });
        enumeration(out, schema);
        bound(out, schema, "minimum", "exclusiveMinimum", 1);
        bound(out, schema, "maximum", "exclusiveMaximum", -1);
        combineTypeAlternatives(out);
        if ("array".equals(out.path("type").asText(null)) && !out.has("items")) {
            // Draft 7 allows any items when none are said; 3.0 requires items beside type array, and {} is any.
            out.putObject("items");
        }
        if (out.has("properties") && !out.has("additionalProperties")) {
            // JSON Schema leaves other members allowed; said explicitly, since some OpenAPI tools assume otherwise.
            out.put("additionalProperties", true);
        }
        return out;
    }

    /**
     * The values a schema allows by {@code const}, {@code enum} and {@code type: "null"} together: draft 7 applies
     * each, so a value must be in every list given, and 3.0 has one {@code enum} to say it (none left: nothing
     * matches). Where no type is given, an {@code enum} holding null also gets {@code nullable}, without which 3.0
     * refuses null; beside a type that leaves null out it gets none, as the runtime refuses null there too.
     */
    private static void enumeration(ObjectNode out, JsonNode schema) {
        if (!out.has("enum")) {
            return;
        }
        List<JsonNode> allowed = null;
        List<List<JsonNode>> lists = new ArrayList<>();
        if (schema.has("enum")) {
            List<JsonNode> values = new ArrayList<>();
            schema.get("enum").forEach(values::add);
            lists.add(values);
        }
        if (schema.has("const")) {
            lists.add(List.of(schema.get("const")));
        }
        if (out.remove(NULL_ONLY) != null) {
            lists.add(List.of(JsonNodeFactory.instance.nullNode()));
        }
        for (List<JsonNode> values : lists) {
            if (allowed == null) {
                allowed = new ArrayList<>(values);
            } else {
                allowed.removeIf(a -> values.stream().noneMatch(b -> sameValue(a, b)));
            }
        }
        if (allowed == null || allowed.isEmpty()) {
            out.remove("enum");
            ArrayNode allOf = out.has("allOf") ? (ArrayNode) out.get("allOf") : out.putArray("allOf");
            allOf.addObject().putObject("not");
            return;
        }
        ArrayNode values = JsonNodeFactory.instance.arrayNode();
        allowed.forEach(values::add);
        out.set("enum", values);
        if (!out.has("nullable") && !out.has("type") && !out.has(TYPE_ALTERNATIVES)
                && allowed.stream().anyMatch(JsonNode::isNull)) {
            out.put("nullable", true);
        }
    }

    /** Numbers by value ({@code 1} is {@code 1.0}); other values as Jackson compares them. */
    private static final Comparator<JsonNode> NUMBERS_BY_VALUE = (a, b) -> a.isNumber() && b.isNumber()
            ? a.decimalValue().compareTo(b.decimalValue()) : a.equals(b) ? 0 : 1;

    /** Draft 7's equality: numbers by value, arrays and objects member by member (Jackson's own recursion). */
    private static boolean sameValue(JsonNode a, JsonNode b) {
        return a.equals(NUMBERS_BY_VALUE, b);
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
    /** Where {@link #type} notes a type that is null alone until {@link #enumeration} reads it. */
    private static final String NULL_ONLY = "x-null-only";

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
            // what restricts the value to null (nullable lets null pass the enum), made with any const or enum.
            out.put("nullable", true).putNull("enum");
            out.put(NULL_ONLY, true);
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
                if (n.equals("array")) {
                    // 3.0 requires items beside type array; the schema's own items, if any, stay beside the anyOf.
                    alternative.putObject("items");
                }
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
