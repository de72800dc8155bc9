package io.consistentcrud.cdk;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * The JSON Schema (draft 7) of one entity's items: the members clients write, their types, which are required and
 * their rules. One value that the construct renders into every place that checks or describes a body: the API
 * Gateway request model (the keywords API Gateway enforces), the runtime's check (the whole schema, on every
 * create, replace, merged item and increment), the OpenAPI document and its docs.
 *
 * <p>Describe the client's members only: the construct adds the key attributes (with their DynamoDB type) and the
 * version attribute, and {@code _cca*} names stay reserved. The construct checks the schema at synth (against the
 * JSON Schema draft-07 meta-schema, then its own rules) and names the entity, the JSON pointer, the keyword and the
 * rule of anything it refuses; which keyword is enforced where is {@code io.consistentcrud.contract.SchemaKeywords}.
 *
 * <pre>{@code
 * EntitySchema.fromJson("""
 *     {"type": "object", "required": ["name"],
 *      "properties": {"name": {"type": "string", "minLength": 1}, "age": {"type": "integer", "minimum": 0}}}
 *     """);
 * }</pre>
 */
public final class EntitySchema {
    private final String json;
    private final String source;

    private EntitySchema(String json, String source) {
        this.json = Objects.requireNonNull(json, "json");
        this.source = source;
    }

    /**
     * A schema from JSON text, e.g. built in Java; the construct parses and checks it at synth.
     *
     * @param json the schema's JSON text (JSON Schema draft 7)
     * @return the schema
     */
    public static EntitySchema fromJson(String json) {
        return new EntitySchema(json, "inline JSON");
    }

    /**
     * A schema read from a UTF-8 JSON file, e.g. one kept beside the stack's code.
     *
     * @param file the schema file; a path relative to the working directory of the synth
     * @return the schema
     * @throws java.io.UncheckedIOException when the file cannot be read
     */
    public static EntitySchema fromFile(Path file) {
        try {
            return new EntitySchema(Files.readString(file, StandardCharsets.UTF_8), file.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the entity schema " + file, e);
        }
    }

    /** {@return the schema's JSON text as given} */
    public String getJson() {
        return json;
    }

    /** {@return where the schema came from (a file, or inline JSON), for error messages} */
    public String getSource() {
        return source;
    }

    @Override
    public String toString() {
        return "EntitySchema[" + source + "]";
    }
}
