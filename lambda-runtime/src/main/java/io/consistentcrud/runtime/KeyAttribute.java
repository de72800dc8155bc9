package io.consistentcrud.runtime;

import java.util.Objects;

/**
 * A key attribute of an entity's table: its name and its DynamoDB scalar type.
 */
public final class KeyAttribute {
    /** DynamoDB scalar types allowed for key attributes exposed over HTTP. */
    public enum Type { /** A string ({@code S}). */ S, /** A number ({@code N}). */ N }

    private final String name;
    private final Type type;

    private KeyAttribute(String name, Type type) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("key attribute name must not be blank");
        }
        this.name = name;
        this.type = Objects.requireNonNull(type, "type");
    }

    /**
     * A key attribute of the given name and type.
     *
     * @param name the attribute's name; not blank
     * @param type the attribute's DynamoDB type
     * @return the key attribute
     */
    public static KeyAttribute of(String name, Type type) {
        return new KeyAttribute(name, type);
    }

    /**
     * A string key attribute.
     *
     * @param name the attribute's name; not blank
     * @return a key attribute of type {@code S}
     */
    public static KeyAttribute string(String name) {
        return new KeyAttribute(name, Type.S);
    }

    /**
     * A number key attribute.
     *
     * @param name the attribute's name; not blank
     * @return a key attribute of type {@code N}
     */
    public static KeyAttribute number(String name) {
        return new KeyAttribute(name, Type.N);
    }

    /**
     * The attribute's name.
     *
     * @return the attribute's name
     */
    public String name() {
        return name;
    }

    /**
     * The attribute's scalar type.
     *
     * @return the attribute's scalar type
     */
    public Type type() {
        return type;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof KeyAttribute other && name.equals(other.name) && type == other.type;
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, type);
    }

    @Override
    public String toString() {
        return name + ":" + type;
    }
}
