package io.consistentcrud.runtime;

import java.math.BigDecimal;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * One operation of a transaction (G6). Immutable; build with {@link #builder()} or the static factories.
 */
public final class TransactionOperation {
    /** What an operation does to its item. */
    public enum Kind {
        /** Creates the item; fails with ALREADY_EXISTS when it exists. */
        PUT_NEW,
        /** Replaces the whole item at the expected version. */
        REPLACE,
        /** Adds deltas to numeric attributes, optionally at an expected version, keeping bounds. */
        INCREMENT,
        /** Deletes the item at the expected version. */
        DELETE,
        /** Writes nothing; requires the item at the expected version. */
        CHECK
    }

    private final int index;
    private final Kind kind;
    private final EntityDefinition entity;
    private final Map<String, AttributeValue> key;
    private final Map<String, AttributeValue> item;
    private final Long expectedVersion;
    private final Map<String, String> deltas;
    private final Map<String, String> bounds;

    private TransactionOperation(Builder b) {
        this.index = b.index;
        this.kind = Objects.requireNonNull(b.kind, "kind");
        this.entity = Objects.requireNonNull(b.entity, "entity");
        this.item = b.item == null ? null : Collections.unmodifiableMap(new LinkedHashMap<>(b.item));
        this.expectedVersion = b.expectedVersion;
        this.deltas = Collections.unmodifiableMap(new LinkedHashMap<>(b.deltas));
        this.bounds = Collections.unmodifiableMap(new LinkedHashMap<>(b.bounds));
        Map<String, AttributeValue> k = b.key;
        if (k == null && item != null) {
            k = new LinkedHashMap<>();
            k.put(entity.partitionKey().name(), item.get(entity.partitionKey().name()));
            if (entity.sortKey().isPresent()) {
                k.put(entity.sortKey().get().name(), item.get(entity.sortKey().get().name()));
            }
        }
        this.key = k == null ? null : Collections.unmodifiableMap(new LinkedHashMap<>(k));
        validate();
    }

    private void validate() {
        String where = "operation " + index + " (" + kind + " " + entity.name() + ")";
        if (index < 0) {
            throw new IllegalArgumentException(where + ": index must not be negative");
        }
        boolean needsItem = kind == Kind.PUT_NEW || kind == Kind.REPLACE;
        if (needsItem != (item != null)) {
            throw new IllegalArgumentException(where + (needsItem ? ": needs an item" : ": takes a key, not an item"));
        }
        if (key == null || key.containsValue(null)) {
            throw new IllegalArgumentException(where + ": needs every key attribute of the entity");
        }
        boolean needsVersion = kind == Kind.REPLACE || kind == Kind.DELETE || kind == Kind.CHECK;
        if (needsVersion && expectedVersion == null) {
            throw new IllegalArgumentException(where + ": needs an expected version");
        }
        if (kind == Kind.PUT_NEW && expectedVersion != null) {
            throw new IllegalArgumentException(where + ": a new item has no expected version");
        }
        if (expectedVersion != null && expectedVersion < 1) {
            throw new IllegalArgumentException(where + ": expected version must be at least 1, got " + expectedVersion);
        }
        if (kind == Kind.INCREMENT && deltas.isEmpty()) {
            throw new IllegalArgumentException(where + ": needs at least one delta");
        }
        if (kind != Kind.INCREMENT && (!deltas.isEmpty() || !bounds.isEmpty())) {
            throw new IllegalArgumentException(where + ": only an INCREMENT takes deltas and bounds");
        }
        deltas.forEach((name, text) -> decimal(where, "delta of " + name, text));
        bounds.forEach((name, text) -> {
            decimal(where, "bound of " + name, text);
            if (!deltas.containsKey(name)) {
                throw new IllegalArgumentException(where + ": bound on '" + name + "' which it does not increment");
            }
        });
    }

    private static void decimal(String where, String what, String text) {
        try {
            new BigDecimal(Objects.requireNonNull(text, what));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(where + ": " + what + " is not a number", e);
        }
    }

    /**
     * A builder with the documented defaults.
     *
     * @return a builder with the documented defaults
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Creates {@code item}; its key attributes are taken from it.
     *
     * @param index the operation's position as the client numbered it, named by a cancellation
     * @param entity the entity to create the item in
     * @param item the client's attributes, key included; no version or bookkeeping attributes
     * @return a {@code PUT_NEW} operation
     */
    public static TransactionOperation putNew(int index, EntityDefinition entity, Map<String, AttributeValue> item) {
        return builder().index(index).kind(Kind.PUT_NEW).entity(entity).item(item).build();
    }

    /**
     * Replaces the item at {@code expectedVersion} by {@code item}.
     *
     * @param index the operation's position as the client numbered it, named by a cancellation
     * @param entity the entity of the item
     * @param item the client's attributes, key included; no version or bookkeeping attributes
     * @param expectedVersion the version the client last read
     * @return a {@code REPLACE} operation
     */
    public static TransactionOperation replace(int index, EntityDefinition entity, Map<String, AttributeValue> item,
                                               long expectedVersion) {
        return builder().index(index).kind(Kind.REPLACE).entity(entity).item(item).expectedVersion(expectedVersion)
                .build();
    }

    /**
     * Adds {@code deltas} (decimal text) keeping each attribute of {@code bounds} at or above its minimum.
     *
     * @param index the operation's position as the client numbered it, named by a cancellation
     * @param entity the entity of the item
     * @param key the item's key
     * @param deltas attribute name to the decimal text added (negative to subtract)
     * @param bounds attribute name to the minimum it must keep, as decimal text; empty for none
     * @param expectedVersion the version the client last read; empty to increment whatever version is current
     * @return an {@code INCREMENT} operation
     */
    public static TransactionOperation increment(int index, EntityDefinition entity, Map<String, AttributeValue> key,
                                                 Map<String, String> deltas, Map<String, String> bounds,
                                                 OptionalLong expectedVersion) {
        Builder b = builder().index(index).kind(Kind.INCREMENT).entity(entity).key(key).deltas(deltas).bounds(bounds);
        expectedVersion.ifPresent(b::expectedVersion);
        return b.build();
    }

    /**
     * Deletes the item at {@code expectedVersion}.
     *
     * @param index the operation's position as the client numbered it, named by a cancellation
     * @param entity the entity of the item
     * @param key the item's key
     * @param expectedVersion the version the client last read
     * @return a {@code DELETE} operation
     */
    public static TransactionOperation delete(int index, EntityDefinition entity, Map<String, AttributeValue> key,
                                              long expectedVersion) {
        return builder().index(index).kind(Kind.DELETE).entity(entity).key(key).expectedVersion(expectedVersion).build();
    }

    /**
     * Requires the item at {@code expectedVersion} without writing it.
     *
     * @param index the operation's position as the client numbered it, named by a cancellation
     * @param entity the entity of the item
     * @param key the item's key
     * @param expectedVersion the version the item must be at for the transaction to apply
     * @return a {@code CHECK} operation
     */
    public static TransactionOperation check(int index, EntityDefinition entity, Map<String, AttributeValue> key,
                                             long expectedVersion) {
        return builder().index(index).kind(Kind.CHECK).entity(entity).key(key).expectedVersion(expectedVersion).build();
    }

    /**
     * The operation's position as the client numbered it; a cancellation names it.
     *
     * @return the operation's position as the client numbered it
     */
    public int index() {
        return index;
    }

    /**
     * What the operation does.
     *
     * @return what the operation does
     */
    public Kind kind() {
        return kind;
    }

    /**
     * The entity of the operation's item.
     *
     * @return the entity of the operation's item
     */
    public EntityDefinition entity() {
        return entity;
    }

    /**
     * The item's key attributes.
     *
     * @return the item's key attributes
     */
    public Map<String, AttributeValue> key() {
        return key;
    }

    /**
     * The whole new item for PUT_NEW and REPLACE, else null.
     *
     * @return the whole new item for PUT_NEW and REPLACE, else null
     */
    public Map<String, AttributeValue> item() {
        return item;
    }

    /**
     * The version the item must have; empty for PUT_NEW and optional for INCREMENT.
     *
     * @return the version the item must have
     */
    public OptionalLong expectedVersion() {
        return expectedVersion == null ? OptionalLong.empty() : OptionalLong.of(expectedVersion);
    }

    /**
     * Attribute name to the decimal text added to it (INCREMENT only).
     *
     * @return attribute name to the decimal text added to it (INCREMENT only)
     */
    public Map<String, String> deltas() {
        return deltas;
    }

    /**
     * Attribute name to the minimum (decimal text) it must keep after the increment (INCREMENT only).
     *
     * @return attribute name to the minimum (decimal text) it must keep after the increment (INCREMENT only)
     */
    public Map<String, String> bounds() {
        return bounds;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TransactionOperation other && index == other.index && kind == other.kind
                && entity.equals(other.entity) && key.equals(other.key) && Objects.equals(item, other.item)
                && Objects.equals(expectedVersion, other.expectedVersion) && deltas.equals(other.deltas)
                && bounds.equals(other.bounds);
    }

    @Override
    public int hashCode() {
        return Objects.hash(index, kind, entity, key, item, expectedVersion, deltas, bounds);
    }

    @Override
    public String toString() {
        // Item contents stay out of logs.
        return "TransactionOperation[" + index + " " + kind + " " + entity.name() + ", expected=" + expectedVersion + "]";
    }

    /** Builder of {@link TransactionOperation}. */
    public static final class Builder {
        private int index;
        private Kind kind;
        private EntityDefinition entity;
        private Map<String, AttributeValue> key;
        private Map<String, AttributeValue> item;
        private Long expectedVersion;
        private Map<String, String> deltas = Map.of();
        private Map<String, String> bounds = Map.of();

        private Builder() {
        }

        /**
         * Sets the operation's position as the client numbered it.
         *
         * @param index the operation's position as the client numbered it
         * @return this builder
         */
        public Builder index(int index) {
            this.index = index;
            return this;
        }

        /**
         * Sets what the operation does.
         *
         * @param kind what the operation does
         * @return this builder
         */
        public Builder kind(Kind kind) {
            this.kind = kind;
            return this;
        }

        /**
         * Sets the entity of the operation's item.
         *
         * @param entity the entity of the operation's item
         * @return this builder
         */
        public Builder entity(EntityDefinition entity) {
            this.entity = entity;
            return this;
        }

        /**
         * Sets the item's key; default - taken from {@link #item}.
         *
         * @param key the item's key; default - taken from {@link #item}
         * @return this builder
         */
        public Builder key(Map<String, AttributeValue> key) {
            this.key = key;
            return this;
        }

        /**
         * Sets the whole new item, key included (PUT_NEW and REPLACE).
         *
         * @param item the whole new item, key included (PUT_NEW and REPLACE)
         * @return this builder
         */
        public Builder item(Map<String, AttributeValue> item) {
            this.item = item;
            return this;
        }

        /**
         * Sets required for REPLACE, DELETE and CHECK; optional for INCREMENT.
         *
         * @param expectedVersion required for REPLACE, DELETE and CHECK; optional for INCREMENT
         * @return this builder
         */
        public Builder expectedVersion(long expectedVersion) {
            this.expectedVersion = expectedVersion;
            return this;
        }

        /**
         * Sets attribute name to the decimal text added (INCREMENT).
         *
         * @param deltas attribute name to the decimal text added (INCREMENT)
         * @return this builder
         */
        public Builder deltas(Map<String, String> deltas) {
            this.deltas = Objects.requireNonNull(deltas, "deltas");
            return this;
        }

        /**
         * Sets attribute name to the minimum it must keep (INCREMENT); default none.
         *
         * @param bounds attribute name to the minimum it must keep (INCREMENT); default none
         * @return this builder
         */
        public Builder bounds(Map<String, String> bounds) {
            this.bounds = Objects.requireNonNull(bounds, "bounds");
            return this;
        }

        /**
         * Builds the immutable instance, validating every value.
         *
         * @return builds the immutable instance, validating every value
         */
        public TransactionOperation build() {
            return new TransactionOperation(this);
        }
    }
}
