package io.consistentcrud.contract;

import java.util.Set;

/**
 * Where each JSON Schema keyword of an entity's item schema is enforced. An item schema is JSON Schema draft 7
 * ({@value #DIALECT}); the construct refuses any keyword outside these sets. The runtime enforces every keyword of
 * {@link #GATEWAY} and {@link #RUNTIME_ONLY}; API Gateway's request models (JSON Schema draft 4) enforce
 * {@link #GATEWAY} only, so the construct renders a model from those and names the others in a synth annotation.
 * {@link #ANNOTATIONS} describe and are checked nowhere. The local gateway and the OpenAPI document read the same
 * sets.
 */
public final class SchemaKeywords {
    /** The dialect of item schemas; a schema's {@code $schema}, when present, must be this. */
    public static final String DIALECT = "http://json-schema.org/draft-07/schema#";

    /**
     * Keywords with the same meaning in draft 4 and draft 7 that API Gateway's models enforce: checked at the
     * gateway (and in local mode) and again in the runtime.
     */
    public static final Set<String> GATEWAY = Set.of("type", "properties", "required", "additionalProperties",
            "items", "enum", "minimum", "maximum", "minLength", "maxLength", "pattern", "minItems", "maxItems",
            "uniqueItems", "minProperties", "maxProperties", "multipleOf", "allOf", "anyOf", "not");

    /**
     * Keywords the gateway ignores or reads with another meaning (draft 4's {@code exclusiveMinimum} is a boolean,
     * draft 7's a number): checked in the runtime only.
     */
    public static final Set<String> RUNTIME_ONLY = Set.of("oneOf", "exclusiveMinimum", "exclusiveMaximum",
            "format", "const", "patternProperties", "propertyNames", "contains", "if", "then", "else",
            "dependencies");

    /** Keywords that only describe: rendered into the OpenAPI document and the models, checked nowhere. */
    public static final Set<String> ANNOTATIONS = Set.of("$schema", "title", "description", "default",
            "examples", "$comment");

    /**
     * The values of {@code format} the runtime checks; any other value is refused at synth rather than ignored.
     */
    public static final Set<String> FORMATS = Set.of("date-time", "date", "time", "uuid", "uri", "ipv4", "ipv6",
            "hostname", "regex");

    private SchemaKeywords() {
    }
}
