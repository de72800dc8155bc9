package io.consistentcrud.runtime.schema;

import java.util.Objects;

/**
 * One way a value breaks its entity's item schema.
 *
 * @param pointer the JSON pointer of the value in the item (RFC 6901), e.g. {@code /age}; {@code ""} for the item
 * @param keyword the schema keyword it breaks, e.g. {@code minimum}
 * @param message what is wrong, for the client; it quotes no other member's value
 */
public record SchemaViolation(String pointer, String keyword, String message) {
    public SchemaViolation {
        Objects.requireNonNull(pointer, "pointer");
        Objects.requireNonNull(keyword, "keyword");
        Objects.requireNonNull(message, "message");
    }

    /** The same violation located under {@code prefix}, e.g. the item of a transaction's operation. */
    public SchemaViolation under(String prefix) {
        return new SchemaViolation(prefix + pointer, keyword, message);
    }
}
