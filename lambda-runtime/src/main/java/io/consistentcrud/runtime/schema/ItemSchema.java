package io.consistentcrud.runtime.schema;

import dev.harrel.jsonschema.Dialects;
import dev.harrel.jsonschema.Error;
import dev.harrel.jsonschema.EvaluatorFactory;
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
 * schema, every keyword of {@link SchemaKeywords#GATEWAY} and {@link SchemaKeywords#RUNTIME_ONLY}; the formats
 * {@code date-time}, {@code date} and {@code time} as RFC 3339 defines them ({@link Rfc3339Formats}). Items are
 * checked as DynamoDB values, without converting them to JSON text; the version attribute and the bookkeeping
 * attributes are left out, since the store writes them. Thread-safe.
 *
 * <p>The compilation (the validator library's dialects, evaluators and the schema's parse: most of the cost of a
 * schema on a cold start) is not done by {@link #of} or {@link #parse}: it happens on the first check, or earlier
 * through {@link #compile()}, as the Lambda entry does on a background thread while it builds its DynamoDB client,
 * and SnapStart priming before the snapshot. Either way it happens once; a check that comes while another thread
 * compiles waits for that compilation. Code that never calls {@link #compile()} pays for a schema only when it
 * first checks an item against it.
 */
public final class ItemSchema {
    private static final URI SCHEMA_URI = URI.create("urn:consistentcrud:item-schema");

    private final JsonNode source;
    private final Object compiling = new Object();
    /** The compiled validator and the schema's URI in it; null until the first compilation ends. */
    private volatile Compiled compiled;

    /** A validator holding the schema, and the URI it registered the schema under. */
    private record Compiled(Validator validator, URI uri) {
    }

    private ItemSchema(JsonNode source) {
        this.source = Objects.requireNonNull(source, "source");
        if (!source.isObject()) {
            throw new IllegalArgumentException("an item schema is a JSON object");
        }
    }

    /**
     * Compiles the schema now, unless that is done already; checks then use the compiled form. Calling it is never
     * needed: the first check compiles. It lets a caller pay for the compilation where it costs least, such as
     * before a SnapStart snapshot.
     *
     * @return this schema, compiled
     * @throws RuntimeException whatever the validator library throws for a schema it cannot compile (the construct
     *     checks every schema at synth, so the runtime does not expect any)
     */
    public ItemSchema compile() {
        compiled();
        return this;
    }

    /**
     * Whether the schema is compiled already, by {@link #compile()} or by a check.
     *
     * @return true once a compilation has ended; false before, and while one runs
     */
    public boolean isCompiled() {
        return compiled != null;
    }

    private Compiled compiled() {
        Compiled c = compiled;
        if (c == null) {
            synchronized (compiling) {
                c = compiled;
                if (c == null) {
                    EvaluatorFactory formats = Rfc3339Formats.otherFormatsIn(source)
                            ? EvaluatorFactory.compose(new Rfc3339Formats(), new FormatEvaluatorFactory())
                            : new Rfc3339Formats();
                    // The construct checked the schema at synth; the meta-schema check would only cost cold-start
                    // time.
                    Validator v = new ValidatorFactory()
                            .withDefaultDialect(new Dialects.Draft7Dialect())
                            .withEvaluatorFactory(formats)
                            .withJsonNodeFactory(new SchemaNodes())
                            .withDisabledSchemaValidation(true)
                            .createValidator();
                    URI uri = v.registerSchema(SCHEMA_URI, SchemaNodes.schema(source));
                    c = new Compiled(v, uri);
                    compiled = c;
                }
            }
        }
        return c;
    }

    /**
     * The schema of a JSON document (as the entities document carries it).
     *
     * @param schema the schema document
     * @return the schema
     * @throws IllegalArgumentException when the document is not a JSON object
     */
    public static ItemSchema of(JsonNode schema) {
        return new ItemSchema(schema);
    }

    /**
     * The schema of JSON text.
     *
     * @param json the schema document's text
     * @return the schema
     */
    public static ItemSchema parse(String json) {
        return new ItemSchema(JsonNode.parser().parse(json));
    }

    /**
     * The schema as given.
     *
     * @return the schema document, unchanged
     */
    public JsonNode source() {
        return source;
    }

    /**
     * Every violation of the item, without its version and bookkeeping attributes; empty when it conforms.
     *
     * @param item the item's attributes, as the store would write them
     * @param versionAttribute the entity's version attribute, left out of the check
     * @return the violations in the order found; empty when the item conforms
     */
    public List<SchemaViolation> violations(Map<String, AttributeValue> item, String versionAttribute) {
        Map<String, AttributeValue> clientView = new LinkedHashMap<>(item);
        clientView.remove(versionAttribute);
        clientView.keySet().removeIf(name -> name.startsWith(ReservedAttributes.PREFIX));
        Compiled c = compiled();
        Validator.Result result = c.validator().validate(c.uri(), SchemaNodes.item(clientView));
        List<SchemaViolation> violations = new ArrayList<>();
        if (!result.isValid()) {
            for (Error e : result.getErrors()) {
                violations.add(new SchemaViolation(e.getInstanceLocation(), keyword(e), e.getError()));
            }
        }
        return violations;
    }

    /**
     * The members the schema's top level requires. An increment, which does not read the item, conditions its write
     * on these existing, so that an item from before a member was made required is asked for it on its next
     * increment as on its next {@code PUT} or {@code PATCH}.
     *
     * @return the required member names in the schema's order; empty when it requires none
     */
    public List<String> requiredMembers() {
        List<String> required = new ArrayList<>();
        JsonNode list = source.asObject().get("required");
        if (list != null && list.isArray()) {
            for (JsonNode name : list.asArray()) {
                if (name.isString()) {
                    required.add(name.asString());
                }
            }
        }
        return required;
    }

    /**
     * The violations of an item an increment met that lacks members the schema requires.
     *
     * @param required the members asked for ({@link #requiredMembers}, as the entity keeps them)
     * @param item the item as stored
     * @return one {@code required} violation per missing member; empty when none is missing
     */
    public static List<SchemaViolation> missingMembers(List<String> required, Map<String, AttributeValue> item) {
        List<SchemaViolation> violations = new ArrayList<>();
        for (String name : required) {
            if (!item.containsKey(name)) {
                violations.add(new SchemaViolation(SchemaNodes.child("", name), "required", "the item lacks '"
                        + name + "', which the schema requires: an increment cannot add it; set it with PUT or "
                        + "PATCH first"));
            }
        }
        return violations;
    }

    /**
     * The violations of an increment: each attribute must be declared a number in the schema ({@code integer}
     * also requires a whole delta), since the increment writes a number there without reading the item.
     *
     * @param names the attributes the increment adds to
     * @param deltas attribute name to the decimal text added
     * @return the violations; empty when every attribute may be incremented so
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
