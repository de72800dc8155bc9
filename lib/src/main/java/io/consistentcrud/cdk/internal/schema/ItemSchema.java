package io.consistentcrud.cdk.internal.schema;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.consistentcrud.cdk.EntitySchema;
import io.consistentcrud.cdk.EntitySpec;
import io.consistentcrud.contract.ReservedAttributes;
import io.consistentcrud.contract.SchemaKeywords;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import software.amazon.awscdk.services.dynamodb.Attribute;
import software.amazon.awscdk.services.dynamodb.AttributeType;

/**
 * One entity's item schema, checked once at synth, and its renderings: the runtime's whole schema (the keys added),
 * the API Gateway model (draft 4, the keywords of {@link SchemaKeywords#GATEWAY} only), the OpenAPI 3.0 schemas of
 * a request and of an answer, and the keywords only the runtime enforces. Every place that checks or describes a
 * body reads one of these, so they cannot disagree about the source.
 */
public final class ItemSchema {
    static final ObjectMapper JSON = new ObjectMapper();
    /** The dialect of API Gateway's models. */
    static final String GATEWAY_DIALECT = "http://json-schema.org/draft-04/schema#";
    /** Keywords whose value is one subschema, an array of them, or a map of names to them. */
    static final Set<String> SCHEMA_VALUED = Set.of("additionalProperties", "items", "not", "if", "then",
            "else", "contains", "propertyNames");
    static final Set<String> SCHEMA_ARRAYS = Set.of("allOf", "anyOf", "oneOf");
    private static final Set<String> SCHEMA_MAPS = Set.of("properties", "patternProperties");

    private final EntitySpec entity;
    private final ObjectNode source;
    private final Set<String> runtimeOnly = new TreeSet<>();
    private final Function<String, RuntimeException> invalid;

    private ItemSchema(EntitySpec entity, ObjectNode source, Function<String, RuntimeException> invalid) {
        this.entity = entity;
        this.source = source;
        this.invalid = invalid;
    }

    /**
     * Parses and checks an entity's schema.
     *
     * @param entity the entity, with its schema
     * @param invalid makes the construct's validation error from a detail
     * @return the checked schema
     * @throws RuntimeException from {@code invalid}, naming the entity, the JSON pointer, the keyword and the rule
     */
    public static ItemSchema of(EntitySpec entity, Function<String, RuntimeException> invalid) {
        EntitySchema schema = entity.getSchema();
        JsonNode root;
        try {
            root = JSON.readTree(schema.getJson());
        } catch (JsonProcessingException e) {
            throw invalid.apply("entity '" + entity.getName() + "': schema (" + schema.getSource()
                    + ") is malformed: not JSON (" + e.getOriginalMessage() + ")");
        }
        ItemSchema parsed = new ItemSchema(entity, root instanceof ObjectNode o ? o : null, invalid);
        if (!(root instanceof ObjectNode)) {
            throw parsed.refuse("", "type", "malformed: an item schema is a JSON object describing an object");
        }
        parsed.check();
        return parsed;
    }

    /** {@return the entity's name} */
    public String entityName() {
        return entity.getName();
    }

    /**
     * The subschema of one top-level property, as the source declares it under {@code properties}.
     *
     * @param name the property's name
     * @return the subschema, or empty when the schema does not declare the property
     */
    public Optional<JsonNode> declaredProperty(String name) {
        JsonNode properties = source.get("properties");
        return properties == null || !properties.has(name) ? Optional.empty() : Optional.of(properties.get(name));
    }

    private RuntimeException refuse(String pointer, String keyword, String rule) {
        return invalid.apply("entity '" + entity.getName() + "': schema at '" + pointer + "', keyword '" + keyword
                + "': " + rule);
    }

    // ------------------------------------------------------------------------------------------- checks

    private void check() {
        JsonNode type = source.get("type");
        if (type != null && !(type.isTextual() && type.asText().equals("object"))) {
            throw refuse("/type", "type", "malformed: an item is an object, so the root's type must be \"object\"");
        }
        JsonNode dialect = source.get("$schema");
        if (dialect != null && !SchemaKeywords.DIALECT.equals(dialect.asText())) {
            throw refuse("/$schema", "$schema", "item schemas are JSON Schema draft 7 (" + SchemaKeywords.DIALECT
                    + "), not " + dialect);
        }
        // Malformed first, by the draft-07 meta-schema: the rules below read a well-formed schema.
        MetaSchemas.firstViolation(MetaSchemas.DRAFT_7, source).ifPresent(v -> {
            throw refuse(v.pointer(), keywordAt(v.pointer()), "malformed against the JSON Schema draft 7 "
                    + "meta-schema: " + String.join("; ", v.rules()));
        });
        walk(source, "");
        checkKeys(source, "");
        JsonNode properties = source.get("properties");
        if (properties != null) {
            properties.fieldNames().forEachRemaining(name -> {
                if (name.equals(entity.getVersionAttribute())) {
                    throw refuse("/properties/" + pointerPart(name), "properties", "'" + name
                            + "' is the version attribute, which the construct adds (an integer clients only read)");
                }
                if (name.startsWith(ReservedAttributes.PREFIX)) {
                    throw refuse("/properties/" + pointerPart(name), "properties", "names starting with '"
                            + ReservedAttributes.PREFIX + "' are reserved for the runtime's bookkeeping");
                }
            });
        }
        JsonNode required = source.get("required");
        boolean closed = source.path("additionalProperties").isBoolean()
                && !source.get("additionalProperties").asBoolean() && source.get("patternProperties") == null;
        if (required != null) {
            for (int i = 0; i < required.size(); i++) {
                String name = required.get(i).asText();
                String pointer = "/required/" + i;
                if (name.equals(entity.getVersionAttribute())) {
                    throw refuse(pointer, "required", "requires '" + name + "', the version attribute, which "
                            + "clients never send: no write could satisfy it");
                }
                if (name.startsWith(ReservedAttributes.PREFIX)) {
                    throw refuse(pointer, "required", "requires '" + name + "', a reserved bookkeeping name that "
                            + "clients may not write: no write could satisfy it");
                }
                if (properties != null && properties.path(name).isBoolean() && !properties.get(name).asBoolean()) {
                    throw refuse(pointer, "required", "requires '" + name + "', which properties/"
                            + pointerPart(name) + " false forbids: no write could satisfy it");
                }
                if (closed && (properties == null || !properties.has(name)) && !isKey(name)) {
                    throw refuse(pointer, "required", "requires '" + name + "', which additionalProperties false "
                            + "forbids (it is not under properties): no write could satisfy it");
                }
            }
        }
    }

    private boolean isKey(String name) {
        return name.equals(entity.getPartitionKey().getName())
                || entity.getSortKey() != null && name.equals(entity.getSortKey().getName());
    }

    /**
     * Checks the key attributes wherever a schema constrains the item's own members: the root's properties, and
     * those of every branch that applies to the root object (allOf, anyOf, oneOf, then, else, a schema under
     * dependencies, nested at any depth). A branch that types a key otherwise than its table attribute can never hold
     * for a stored item: under allOf, then, else or dependencies every write it applies to is refused; under anyOf
     * or oneOf the branch is dead.
     */
    private void checkKeys(JsonNode schema, String pointer) {
        if (!schema.isObject()) {
            return;
        }
        JsonNode properties = schema.get("properties");
        if (properties != null) {
            checkKey(properties, pointer + "/properties", entity.getPartitionKey(), pointer.isEmpty());
            if (entity.getSortKey() != null) {
                checkKey(properties, pointer + "/properties", entity.getSortKey(), pointer.isEmpty());
            }
        }
        // In the schema's order, so the first mistake in the document is the one named.
        schema.fields().forEachRemaining(f -> {
            String at = pointer + "/" + f.getKey();
            if (SCHEMA_ARRAYS.contains(f.getKey())) {
                for (int i = 0; i < f.getValue().size(); i++) {
                    checkKeys(f.getValue().get(i), at + "/" + i);
                }
            } else if (f.getKey().equals("then") || f.getKey().equals("else")) {
                checkKeys(f.getValue(), at);
            } else if (f.getKey().equals("dependencies")) {
                // A schema (not a list of names) applies to the item whenever its member is present.
                f.getValue().fields().forEachRemaining(d -> checkKeys(d.getValue(),
                        at + "/" + pointerPart(d.getKey())));
            }
        });
    }

    /**
     * One key's declaration under one {@code properties}. At the root the key's {@code type} must be its table
     * attribute's, stated; in a branch a {@code type} that leaves out the attribute's type is refused, and no
     * {@code type} is fine (the branch adds other rules).
     */
    private void checkKey(JsonNode properties, String at, Attribute key, boolean root) {
        JsonNode declared = properties.get(key.getName());
        if (declared == null) {
            return;
        }
        String where = at + "/" + pointerPart(key.getName());
        boolean number = key.getType() == AttributeType.NUMBER;
        String expected = number ? "number or integer" : "string";
        if (declared.isBoolean() && !declared.asBoolean()) {
            throw refuse(where, "properties", "'" + key.getName() + "' is a key attribute of type " + key.getType()
                    + ", and false allows no value: no write could satisfy it");
        }
        JsonNode type = declared.get("type");
        if (root) {
            boolean ok = type != null && type.isTextual() && (number
                    ? type.asText().equals("number") || type.asText().equals("integer")
                    : type.asText().equals("string"));
            if (!ok) {
                throw refuse(where + "/type", "type", "'" + key.getName() + "' is a key attribute of type "
                        + key.getType() + ", so its schema type must be " + expected + ", got " + type);
            }
        } else if (type != null) {
            List<String> names = new ArrayList<>();
            if (type.isArray()) {
                type.forEach(n -> names.add(n.asText()));
            } else {
                names.add(type.asText());
            }
            boolean ok = number ? names.contains("number") || names.contains("integer") : names.contains("string");
            if (!ok) {
                throw refuse(where + "/type", "type", "'" + key.getName() + "' is a key attribute of type "
                        + key.getType() + ", so a type given to it must allow " + expected + ", got " + type
                        + ": no item could satisfy this branch");
            }
        }
    }

    /**
     * The keyword a pointer into the source falls under: the last member name that is a keyword of a schema object
     * on the way, e.g. {@code enum} for {@code /properties/role/enum/2}, {@code required} for {@code /required/1}.
     */
    private String keywordAt(String pointer) {
        String keyword = "";
        List<String> parts = pointer.isEmpty() ? List.of() : List.of(pointer.substring(1).split("/", -1));
        JsonNode node = source;
        int i = 0;
        while (i < parts.size() && node.isObject()) {
            String part = parts.get(i);
            keyword = part.replace("~1", "/").replace("~0", "~");
            JsonNode value = node.path(keyword);
            if (SCHEMA_VALUED.contains(keyword)) {
                node = value;
                i += 1;
            } else if ((SCHEMA_ARRAYS.contains(keyword) || SCHEMA_MAPS.contains(keyword)
                    || keyword.equals("dependencies") || keyword.equals("definitions")) && i + 1 < parts.size()) {
                node = value.at("/" + parts.get(i + 1));
                i += 2;
            } else {
                break;
            }
        }
        return keyword;
    }

    /**
     * The product's rules on a schema the draft-07 meta-schema accepted: the keywords each place enforces, and the
     * regular expressions, which the meta-schema does not check (its {@code format: regex} is an annotation).
     */
    private void walk(JsonNode schema, String pointer) {
        if (!schema.isObject()) {
            return;
        }
        Iterator<Map.Entry<String, JsonNode>> fields = schema.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> f = fields.next();
            String keyword = f.getKey();
            JsonNode value = f.getValue();
            String at = pointer + "/" + pointerPart(keyword);
            if (keyword.equals("$ref") || keyword.equals("definitions") || keyword.equals("$id")) {
                throw refuse(at, keyword, "enforced neither by API Gateway nor by the runtime: references are not "
                        + "resolved; write the subschema in place");
            }
            if (keyword.equals("readOnly") || keyword.equals("writeOnly")) {
                throw refuse(at, keyword, "enforced neither by API Gateway nor by the runtime: the members clients "
                        + "cannot write (the version, the bookkeeping) are added by the construct");
            }
            if (!SchemaKeywords.GATEWAY.contains(keyword) && !SchemaKeywords.RUNTIME_ONLY.contains(keyword)
                    && !SchemaKeywords.ANNOTATIONS.contains(keyword)) {
                throw refuse(at, keyword, "enforced neither by API Gateway nor by the runtime: not a JSON Schema "
                        + "draft 7 keyword this construct supports");
            }
            if (SchemaKeywords.RUNTIME_ONLY.contains(keyword)) {
                runtimeOnly.add(at);
            }
            if (keyword.equals("$schema") && !pointer.isEmpty()) {
                throw refuse(at, keyword, "malformed: $schema belongs at the root only");
            }
            if (keyword.equals("format")) {
                if (!SchemaKeywords.FORMATS.contains(value.asText())) {
                    throw refuse(at, keyword, "enforced neither by API Gateway nor by the runtime: format " + value
                            + " is not one the runtime checks " + new TreeSet<>(SchemaKeywords.FORMATS));
                }
            } else if (keyword.equals("pattern")) {
                checkRegex(value.asText(), at, keyword);
            } else if (keyword.equals("items") && value.isArray()) {
                throw refuse(at, keyword, "enforced neither by API Gateway nor by the runtime alike: items as an "
                        + "array (tuples) is not supported; give one schema for every element");
            } else if (SCHEMA_VALUED.contains(keyword)) {
                walk(value, at);
            } else if (SCHEMA_ARRAYS.contains(keyword)) {
                for (int i = 0; i < value.size(); i++) {
                    walk(value.get(i), at + "/" + i);
                }
            } else if (SCHEMA_MAPS.contains(keyword)) {
                value.fields().forEachRemaining(p -> {
                    String member = at + "/" + pointerPart(p.getKey());
                    if (keyword.equals("patternProperties")) {
                        checkRegex(p.getKey(), member, keyword);
                    }
                    walk(p.getValue(), member);
                });
            } else if (keyword.equals("dependencies")) {
                value.fields().forEachRemaining(p -> walk(p.getValue(), at + "/" + pointerPart(p.getKey())));
            }
        }
    }

    /**
     * A regular expression must compile with java.util.regex, the runtime's engine: the validator library drops a
     * keyword whose expression does not compile (the whole {@code patternProperties}, valid names included), so the
     * runtime would silently check nothing there.
     */
    private void checkRegex(String regex, String at, String keyword) {
        try {
            Pattern.compile(regex);
        } catch (PatternSyntaxException e) {
            throw refuse(at, keyword, "malformed: not a regular expression java.util.regex (the runtime's engine) "
                    + "compiles: " + e.getDescription() + " at index " + e.getIndex() + " of " + regex);
        }
    }

    // ------------------------------------------------------------------------------------------- renderings

    /** {@return the pointers of the keywords only the runtime enforces, e.g. {@code /properties/email/format}} */
    public Set<String> runtimeOnlyKeywords() {
        return java.util.Collections.unmodifiableSet(runtimeOnly);
    }

    /**
     * {@return the whole schema the runtime checks complete items against (key included, version and bookkeeping
     * removed by the runtime first): the source with the keys' properties and their {@code required}}
     */
    public ObjectNode runtimeSchema() {
        ObjectNode schema = withKeys(source.deepCopy());
        ArrayNode required = schema.has("required") ? (ArrayNode) schema.get("required") : schema.putArray("required");
        for (String key : keyNames()) {
            if (!contains(required, key)) {
                required.add(key);
            }
        }
        return schema;
    }

    /**
     * {@return the runtime schema as the function's environment carries it: {@link #runtimeSchema()} without the
     * annotations ({@link SchemaKeywords#ANNOTATIONS}: {@code title}, {@code description}, {@code examples}, ...),
     * which the runtime checks nowhere; they stay in the OpenAPI document} Lambda caps the environment at 4 KB, and a
     * well-documented schema is mostly descriptions.
     */
    public ObjectNode environmentSchema() {
        return (ObjectNode) withoutAnnotations(runtimeSchema());
    }

    private static JsonNode withoutAnnotations(JsonNode schema) {
        if (!schema.isObject()) {
            return schema; // a boolean schema
        }
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        // Only keywords go: a member under properties may be called "description".
        schema.fields().forEachRemaining(f -> {
            if (!SchemaKeywords.ANNOTATIONS.contains(f.getKey())) {
                copyKeyword(out, f.getKey(), f.getValue(), ItemSchema::withoutAnnotations);
            }
        });
        return out;
    }

    /**
     * Copies one keyword of a schema object into {@code out}, each subschema in its value rendered by {@code render}:
     * the value of a schema-valued keyword, each schema of a schema array, each member of {@code properties},
     * {@code patternProperties} or {@code dependencies} (where a list of names stays as it is); any other keyword's
     * value as it is. The one walk every rendering of a schema (runtime, gateway, OpenAPI) shares.
     */
    static void copyKeyword(ObjectNode out, String keyword, JsonNode value, UnaryOperator<JsonNode> render) {
        if (SCHEMA_VALUED.contains(keyword)) {
            out.set(keyword, render.apply(value));
        } else if (SCHEMA_ARRAYS.contains(keyword)) {
            ArrayNode a = out.putArray(keyword);
            value.forEach(s -> a.add(render.apply(s)));
        } else if (SCHEMA_MAPS.contains(keyword) || keyword.equals("dependencies")) {
            ObjectNode m = out.putObject(keyword);
            value.fields().forEachRemaining(p -> m.set(p.getKey(),
                    p.getValue().isArray() ? p.getValue() : render.apply(p.getValue())));
        } else {
            out.set(keyword, value);
        }
    }

    /**
     * A boolean subschema as an object schema, for the dialects that have none (draft 4, OpenAPI 3.0): {@code true}
     * is the empty schema, {@code false} one nothing matches.
     */
    static ObjectNode objectSchemaOf(boolean allows) {
        ObjectNode empty = JsonNodeFactory.instance.objectNode();
        return allows ? empty : JsonNodeFactory.instance.objectNode().set("not", empty);
    }

    /**
     * {@return the API Gateway model (draft 4): the source without the keywords API Gateway does not enforce, the keys'
     * properties added but not required (a {@code POST} may leave the key to the runtime, a {@code PUT} carries it
     * in its path)} The model may be looser than the runtime, never stricter: dropping a keyword only widens what
     * passes, except under {@code not}, which is dropped whole when it holds one, and for {@code additionalProperties}
     * beside {@code patternProperties}, dropped with it (it would refuse the members the patterns take); the
     * runtime checks the rest. ({@code oneOf}, where a widened branch could make a value match two, is runtime-only
     * and dropped whole.) Draft 4 has no boolean schemas, so a subschema {@code true} is rendered {@code {}} and
     * {@code false} {@code {"not": {}}}; an empty {@code required}, which draft 4 forbids, is left out.
     *
     * @throws IllegalStateException when the rendering is not valid draft 4 (API Gateway would refuse the model at
     *     deploy): a bug of this construct, never of the schema, naming the entity and the pointer
     */
    public ObjectNode gatewayModel() {
        ObjectNode model = withKeys((ObjectNode) gatewaySubset(source));
        model.put("$schema", GATEWAY_DIALECT);
        model.put("title", entity.getName());
        checkDraft4(entity.getName(), model);
        return model;
    }

    /**
     * Fails synth rather than deploy when a rendered model is not valid draft 4.
     *
     * @param entityName the entity whose model it is
     * @param model the rendered model
     * @throws IllegalStateException naming the entity, the pointer and the draft-04 meta-schema's rules there
     */
    static void checkDraft4(String entityName, ObjectNode model) {
        MetaSchemas.firstViolation(MetaSchemas.DRAFT_4, model).ifPresent(v -> {
            throw new IllegalStateException("entity '" + entityName + "': the API Gateway model rendered from the "
                    + "schema is not valid JSON Schema draft 4 at '" + v.pointer() + "': " + String.join("; ",
                    v.rules()) + " (API Gateway would refuse it at deploy; a bug of the construct, please report it "
                    + "with the schema)");
        });
    }

    /**
     * {@return the OpenAPI 3.0 schema of a request body: the source in OpenAPI's dialect, keys added, nothing required
     * of them}
     */
    public ObjectNode openApiRequest() {
        return (ObjectNode) OpenApiDialect.convert(withKeys(source.deepCopy()));
    }

    /**
     * {@return the OpenAPI 3.0 schema of an item in an answer: the request's, with the keys required and the version}
     */
    public ObjectNode openApiItem() {
        ObjectNode item = (ObjectNode) OpenApiDialect.convert(runtimeSchema());
        ((ObjectNode) item.get("properties")).putObject(entity.getVersionAttribute()).put("type", "integer")
                .put("minimum", 1).put("readOnly", true)
                .put("description", "the item's version, also its ETag; managed by the store");
        ((ArrayNode) item.get("required")).add(entity.getVersionAttribute());
        return item;
    }

    private ObjectNode withKeys(ObjectNode schema) {
        ObjectNode properties = schema.has("properties") ? (ObjectNode) schema.get("properties")
                : schema.putObject("properties");
        addKey(properties, entity.getPartitionKey());
        if (entity.getSortKey() != null) {
            addKey(properties, entity.getSortKey());
        }
        schema.put("type", "object");
        return schema;
    }

    private static void addKey(ObjectNode properties, Attribute key) {
        if (!properties.has(key.getName())) {
            ObjectNode p = properties.putObject(key.getName());
            if (key.getType() == AttributeType.NUMBER) {
                p.put("type", "number");
            } else {
                p.put("type", "string").put("minLength", 1);
            }
        }
    }

    private List<String> keyNames() {
        List<String> names = new ArrayList<>();
        names.add(entity.getPartitionKey().getName());
        if (entity.getSortKey() != null) {
            names.add(entity.getSortKey().getName());
        }
        return names;
    }

    private static boolean contains(ArrayNode array, String text) {
        for (JsonNode n : array) {
            if (n.asText().equals(text)) {
                return true;
            }
        }
        return false;
    }

    /** Removes the runtime-only keywords (and annotations API Gateway does not know) from a schema, recursively. */
    private static JsonNode gatewaySubset(JsonNode schema) {
        if (schema.isBoolean()) {
            return objectSchemaOf(schema.asBoolean());
        }
        if (!schema.isObject()) {
            return schema;
        }
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        schema.fields().forEachRemaining(f -> {
            String k = f.getKey();
            JsonNode v = f.getValue();
            if (SchemaKeywords.RUNTIME_ONLY.contains(k) || k.equals("$schema") || k.equals("examples")
                    || k.equals("$comment")) {
                return;
            }
            if (k.equals("not")) {
                if (!holdsRuntimeOnly(v)) {
                    out.set(k, gatewaySubset(v));
                }
            } else if (k.equals("additionalProperties") && schema.has("patternProperties")) {
                return; // without the patterns (runtime only) it would refuse the members they take
            } else if (k.equals("additionalProperties") && v.isBoolean()) {
                out.set(k, v); // draft 4 takes a boolean here, as a keyword value rather than a schema
            } else if (k.equals("required") && v.isEmpty()) {
                return; // draft 4 requires at least one name; an empty list requires nothing anyway
            } else {
                copyKeyword(out, k, v, ItemSchema::gatewaySubset);
            }
        });
        return out;
    }

    private static boolean holdsRuntimeOnly(JsonNode schema) {
        if (schema.isObject()) {
            Iterator<Map.Entry<String, JsonNode>> fields = schema.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> f = fields.next();
                if (SchemaKeywords.RUNTIME_ONLY.contains(f.getKey()) || holdsRuntimeOnly(f.getValue())) {
                    return true;
                }
            }
        } else if (schema.isArray()) {
            for (JsonNode n : schema) {
                if (holdsRuntimeOnly(n)) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * A rendering as plain maps and lists, as CloudFormation properties take it.
     *
     * @param schema the schema
     * @return nested maps and lists of the schema's values, members in their order
     */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> asMap(ObjectNode schema) {
        return JSON.convertValue(schema, Map.class);
    }

    static String pointerPart(String name) {
        return name.replace("~", "~0").replace("/", "~1");
    }
}
