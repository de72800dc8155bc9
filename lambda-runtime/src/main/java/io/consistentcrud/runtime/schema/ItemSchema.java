package io.consistentcrud.runtime.schema;

import dev.harrel.jsonschema.Dialects;
import dev.harrel.jsonschema.Error;
import dev.harrel.jsonschema.FormatEvaluatorFactory;
import dev.harrel.jsonschema.Validator;
import dev.harrel.jsonschema.ValidatorFactory;
import io.consistentcrud.contract.ReservedAttributes;
import io.consistentcrud.contract.SchemaKeywords;
import java.math.BigDecimal;
import java.net.URI;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * An entity's item schema (JSON Schema draft 7, the keys already added by the construct), compiled once: the whole
 * schema, every keyword of {@link SchemaKeywords#GATEWAY} and {@link SchemaKeywords#RUNTIME_ONLY}. Items are
 * checked as DynamoDB values, without converting them to JSON text; the version attribute and the bookkeeping
 * attributes are left out, since the store writes them. Thread-safe.
 */
public final class ItemSchema {
    private final JsonNode source;
    private final Validator validator;
    private final URI uri;

    private ItemSchema(JsonNode source) {
        this.source = Objects.requireNonNull(source, "source");
        if (!source.isObject()) {
            throw new IllegalArgumentException("an item schema is a JSON object");
        }
        // The construct checked the schema at synth; the meta-schema check would only cost cold-start time.
        this.validator = new ValidatorFactory()
                .withDefaultDialect(new Dialects.Draft7Dialect())
                .withEvaluatorFactory(new FormatEvaluatorFactory())
                .withJsonNodeFactory(new SchemaNodes())
                .withDisabledSchemaValidation(true)
                .createValidator();
        this.uri = validator.registerSchema(URI.create("urn:consistentcrud:item-schema"), SchemaNodes.schema(source));
    }

    /** The schema of a JSON document (as the entities document carries it). */
    public static ItemSchema of(JsonNode schema) {
        return new ItemSchema(schema);
    }

    /** The schema of JSON text. */
    public static ItemSchema parse(String json) {
        return new ItemSchema(JsonNode.parser().parse(json));
    }

    /** The schema as given. */
    public JsonNode source() {
        return source;
    }

    /**
     * Every violation of the item, without its version and bookkeeping attributes; empty when it conforms.
     *
     * @param versionAttribute the entity's version attribute, left out of the check
     */
    public List<SchemaViolation> violations(Map<String, AttributeValue> item, String versionAttribute) {
        Map<String, AttributeValue> clientView = new LinkedHashMap<>(item);
        clientView.remove(versionAttribute);
        clientView.keySet().removeIf(name -> name.startsWith(ReservedAttributes.PREFIX));
        Validator.Result result = validator.validate(uri, SchemaNodes.item(clientView));
        List<SchemaViolation> violations = new ArrayList<>();
        if (!result.isValid()) {
            for (Error e : result.getErrors()) {
                violations.add(new SchemaViolation(e.getInstanceLocation(), keyword(e), e.getError()));
            }
        }
        return violations;
    }

    /**
     * The violations of an increment: each attribute must be declared a number in the schema ({@code integer}
     * also requires a whole delta), since the increment writes a number there without reading the item.
     */
    public List<SchemaViolation> incrementViolations(Collection<String> names, Map<String, String> deltas) {
        List<SchemaViolation> violations = new ArrayList<>();
        Map<String, JsonNode> properties = source.asObject().containsKey("properties")
                ? source.asObject().get("properties").asObject() : Map.of();
        for (String name : names) {
            String pointer = SchemaNodes.child("", name);
            JsonNode member = properties.get(name);
            String type = member == null || !member.isObject() || !member.asObject().containsKey("type")
                    || !member.asObject().get("type").isString() ? null : member.asObject().get("type").asString();
            if (!"number".equals(type) && !"integer".equals(type)) {
                violations.add(new SchemaViolation(pointer, "type", "an increment needs a member the schema "
                        + "declares a number or an integer; '" + name + "' is " + (member == null ? "not declared"
                        : type == null ? "not declared numeric" : "of type " + type)));
            } else if ("integer".equals(type) && deltas != null && deltas.containsKey(name)
                    && new BigDecimal(deltas.get(name)).stripTrailingZeros().scale() > 0) {
                violations.add(new SchemaViolation(pointer, "type", "'" + name + "' is an integer; the delta "
                        + deltas.get(name) + " is not whole"));
            }
        }
        return violations;
    }

    private static String keyword(Error e) {
        String keyword = e.getKeyword();
        if (keyword != null) {
            return keyword;
        }
        String path = e.getEvaluationPath();
        return path == null ? "" : path.substring(path.lastIndexOf('/') + 1);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ItemSchema other && source.equals(other.source);
    }

    @Override
    public int hashCode() {
        return source.hashCode();
    }
}
