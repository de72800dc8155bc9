package io.consistentcrud.runtime;

import io.consistentcrud.runtime.schema.ItemSchema;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.StringJoiner;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * What the runtime knows of one entity: the API name, its table, its key and its version attribute.
 *
 * <p>Instances are immutable; build them with {@link #builder()}.
 */
public final class EntityDefinition {
    /** The version attribute used when none is given. */
    public static final String DEFAULT_VERSION_ATTRIBUTE = "version";

    private final String name;
    private final String tableName;
    private final KeyAttribute partitionKey;
    private final KeyAttribute sortKey;
    private final String versionAttribute;
    private final boolean consistentRead;
    private final String ttlAttribute;
    private final String homeRegion;
    private final List<IndexDefinition> indexes;
    private final ItemSchema schema;
    /** The schema's top-level required members beyond the key: read once, asked by every increment. */
    private final List<String> requiredMembers;
    private final List<String> uniqueAttributes;
    private final String uniqueValuesTable;

    private EntityDefinition(Builder b) {
        this.name = requireText(b.name, "name");
        this.tableName = requireText(b.tableName, "tableName");
        this.partitionKey = Objects.requireNonNull(b.partitionKey, "partitionKey");
        this.sortKey = b.sortKey;
        this.versionAttribute = b.versionAttribute == null ? DEFAULT_VERSION_ATTRIBUTE : b.versionAttribute;
        this.consistentRead = b.consistentRead;
        this.ttlAttribute = b.ttlAttribute == null || b.ttlAttribute.isBlank() ? null : b.ttlAttribute;
        this.homeRegion = b.homeRegion == null || b.homeRegion.isBlank() ? null : b.homeRegion;
        this.indexes = b.indexes == null ? List.of() : List.copyOf(b.indexes);
        if (indexes.stream().map(IndexDefinition::name).distinct().count() != indexes.size()) {
            throw new IllegalArgumentException("index names of entity '" + name + "' must be unique");
        }
        this.schema = b.schema;
        this.requiredMembers = requiredMembersOf(schema);
        this.uniqueAttributes = b.uniqueAttributes == null ? List.of() : List.copyOf(b.uniqueAttributes);
        this.uniqueValuesTable = b.uniqueValuesTable == null || b.uniqueValuesTable.isBlank() ? null
                : b.uniqueValuesTable;
        requireUniqueAttributes();
        if (versionAttribute.equals(partitionKey.name()) || sortKey != null && versionAttribute.equals(sortKey.name())) {
            throw new IllegalArgumentException("version attribute '" + versionAttribute + "' of entity '" + name
                    + "' must not be a key attribute");
        }
    }

    private void requireUniqueAttributes() {
        if (uniqueAttributes.isEmpty()) {
            return;
        }
        if (uniqueAttributes.stream().distinct().count() != uniqueAttributes.size()) {
            throw new IllegalArgumentException("unique attributes of entity '" + name + "' must not repeat: "
                    + uniqueAttributes);
        }
        for (String attribute : uniqueAttributes) {
            if (attribute.isEmpty() || isKeyAttribute(attribute) || attribute.equals(versionAttribute)
                    || attribute.equals(ttlAttribute) || Bookkeeping.isReserved(attribute)) {
                throw new IllegalArgumentException("unique attribute '" + attribute + "' of entity '" + name
                        + "' must be a non-empty attribute of the item's own: not a key, version, TTL or _cca* name");
            }
        }
    }

    private static String requireText(String value, String what) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(what + " must not be blank");
        }
        return value;
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
     * A builder holding this instance's values.
     *
     * @return a builder holding this instance's values
     */
    public Builder toBuilder() {
        return new Builder().name(name).tableName(tableName).partitionKey(partitionKey).sortKey(sortKey)
                .versionAttribute(versionAttribute).consistentRead(consistentRead).ttlAttribute(ttlAttribute)
                .homeRegion(homeRegion).indexes(indexes).schema(schema).uniqueAttributes(uniqueAttributes)
                .uniqueValuesTable(uniqueValuesTable);
    }

    /**
     * The entity's name, which is also its path segment: {@code /users}.
     *
     * @return the entity's name, which is also its path segment
     */
    public String name() {
        return name;
    }

    /**
     * The DynamoDB table that stores the entity.
     *
     * @return the DynamoDB table that stores the entity
     */
    public String tableName() {
        return tableName;
    }

    /**
     * The table's partition key.
     *
     * @return the table's partition key
     */
    public KeyAttribute partitionKey() {
        return partitionKey;
    }

    /**
     * The table's sort key, if it has one.
     *
     * @return the table's sort key, if it has one
     */
    public Optional<KeyAttribute> sortKey() {
        return Optional.ofNullable(sortKey);
    }

    /**
     * The numeric attribute that carries the item's version; read-only to clients.
     *
     * @return the numeric attribute that carries the item's version
     */
    public String versionAttribute() {
        return versionAttribute;
    }

    /**
     * Whether reads are strongly consistent (G1); true unless the entity opts out.
     *
     * @return whether reads are strongly consistent (G1)
     */
    public boolean consistentRead() {
        return consistentRead;
    }

    /**
     * The table's TTL attribute (epoch seconds), if the entity declares one; clients may write it.
     *
     * @return the table's TTL attribute (epoch seconds), if the entity declares one
     */
    public Optional<String> ttlAttribute() {
        return Optional.ofNullable(ttlAttribute);
    }

    /**
     * The Region that writes the entity when its table has replicas elsewhere: stores in other Regions refuse its
     * writes and strongly consistent reads ({@link WrongRegionException}). Empty for a single-Region table.
     *
     * @return the home Region; empty for a single-Region table
     */
    public Optional<String> homeRegion() {
        return Optional.ofNullable(homeRegion);
    }

    /**
     * The table's global secondary indexes, in declaration order; their reads are eventually consistent.
     *
     * @return the indexes; empty when the entity declares none
     */
    public List<IndexDefinition> indexes() {
        return indexes;
    }

    /**
     * The index of that name, if the entity has one.
     *
     * @param indexName the index's name
     * @return the index, or empty when the entity has no index of that name
     */
    public Optional<IndexDefinition> index(String indexName) {
        return indexes.stream().filter(i -> i.name().equals(indexName)).findFirst();
    }

    /**
     * The items' schema, if the entity declares one: the store checks every write against it.
     *
     * @return the schema; empty when the entity declares none and any attributes with a valid key are accepted
     */
    public Optional<ItemSchema> schema() {
        return Optional.ofNullable(schema);
    }

    /**
     * The members the schema's top level requires beyond the key ({@link ItemSchema#requiredMembers}): an increment
     * is conditioned on the item having them.
     *
     * @return the member names; empty without a schema or when it requires none
     */
    public List<String> requiredMembers() {
        return requiredMembers;
    }

    /**
     * The {@code required} violations of a stored item that lacks members the schema requires.
     *
     * @param item the item as stored
     * @return one violation per missing member; empty without a schema or when none is missing
     */
    public List<io.consistentcrud.runtime.schema.SchemaViolation> missingRequiredMembers(
            Map<String, AttributeValue> item) {
        return ItemSchema.missingMembers(requiredMembers, item);
    }

    /** Every item has its key, so only the other required members are asked for. */
    private List<String> requiredMembersOf(ItemSchema itemSchema) {
        if (itemSchema == null) {
            return List.of();
        }
        List<String> members = new ArrayList<>();
        for (String member : itemSchema.requiredMembers()) {
            if (!isKeyAttribute(member)) {
                members.add(member);
            }
        }
        return List.copyOf(members);
    }

    /**
     * The attributes whose values at most one live item of the entity holds at a time (e.g. {@code email}),
     * enforced with guard items in {@link #uniqueValuesTable()} written in the same transaction as the item.
     *
     * @return the unique attributes, in declaration order; empty when the entity declares none
     */
    public List<String> uniqueAttributes() {
        return uniqueAttributes;
    }

    /**
     * The table of the guard items of {@link #uniqueAttributes()}.
     *
     * @return the unique-values table's name; empty when none was set (a store refuses to write an entity with
     *         unique attributes then)
     */
    public Optional<String> uniqueValuesTable() {
        return Optional.ofNullable(uniqueValuesTable);
    }

    /**
     * Whether {@code attributeName} is the partition key or the sort key.
     *
     * @param attributeName an attribute name
     * @return true for the partition key's or the sort key's name
     */
    public boolean isKeyAttribute(String attributeName) {
        return attributeName.equals(partitionKey.name()) || sortKey != null && sortKey.name().equals(attributeName);
    }

    /**
     * The key of an item (or of a key) of this entity: its key attributes, partition key first.
     *
     * @param item an item, or a key, of this entity
     * @return a new map of the key attributes only, partition key first
     * @throws IllegalArgumentException naming the attribute when a key attribute is missing, an {@code S} is empty
     *                                  or an {@code N} is no number
     */
    public Map<String, AttributeValue> keyOf(Map<String, AttributeValue> item) {
        Map<String, AttributeValue> key = new LinkedHashMap<>();
        key.put(partitionKey.name(), keyValue(partitionKey, item));
        if (sortKey != null) {
            key.put(sortKey.name(), keyValue(sortKey, item));
        }
        return key;
    }

    /**
     * Checks that {@code key} is a key of this entity: exactly its key attributes, each valid as in {@link #keyOf}.
     *
     * @param key the key to check
     * @throws IllegalArgumentException when it is not
     */
    public void requireKey(Map<String, AttributeValue> key) {
        int expected = sortKey != null ? 2 : 1;
        if (key == null || key.size() != expected) {
            throw new IllegalArgumentException("a key of " + name + " has exactly its key attributes");
        }
        keyOf(key);
    }

    /**
     * The item's key as it appears in a path: {@code pk} or {@code pk/sk}.
     *
     * @param key a key of this entity
     * @return the path segment(s): the partition key's value, and {@code /} and the sort key's value when there is one
     */
    public String resourceId(Map<String, AttributeValue> key) {
        StringJoiner id = new StringJoiner("/");
        id.add(keyText(key.get(partitionKey.name())));
        if (sortKey != null) {
            id.add(keyText(key.get(sortKey.name())));
        }
        return id.toString();
    }

    /**
     * The version a stored item carries in {@link #versionAttribute()}; 0 when it carries none.
     *
     * @param item a stored item
     * @return the version, or 0 for an item without a version attribute
     */
    public long versionOf(Map<String, AttributeValue> item) {
        AttributeValue version = item.get(versionAttribute);
        return version == null || version.n() == null ? 0 : Long.parseLong(version.n());
    }

    private static AttributeValue keyValue(KeyAttribute attribute, Map<String, AttributeValue> item) {
        AttributeValue value = item.get(attribute.name());
        boolean ok = value != null && (attribute.type() == KeyAttribute.Type.S
                ? value.s() != null && !value.s().isEmpty() : value.n() != null);
        if (!ok) {
            throw new IllegalArgumentException("key attribute '" + attribute.name() + "' must be a non-empty "
                    + attribute.type());
        }
        return value;
    }

    private static String keyText(AttributeValue value) {
        return value.s() != null ? value.s() : value.n();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof EntityDefinition other && name.equals(other.name) && tableName.equals(other.tableName)
                && partitionKey.equals(other.partitionKey) && Objects.equals(sortKey, other.sortKey)
                && versionAttribute.equals(other.versionAttribute) && consistentRead == other.consistentRead
                && Objects.equals(ttlAttribute, other.ttlAttribute) && Objects.equals(homeRegion, other.homeRegion)
                && indexes.equals(other.indexes) && Objects.equals(schema, other.schema)
                && uniqueAttributes.equals(other.uniqueAttributes)
                && Objects.equals(uniqueValuesTable, other.uniqueValuesTable);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, tableName, partitionKey, sortKey, versionAttribute, consistentRead, ttlAttribute,
                homeRegion, indexes, schema, uniqueAttributes, uniqueValuesTable);
    }

    @Override
    public String toString() {
        return "EntityDefinition[" + name + " -> " + tableName + ", pk=" + partitionKey
                + (sortKey == null ? "" : ", sk=" + sortKey) + ", version=" + versionAttribute + "]";
    }

    /** Builder of {@link EntityDefinition}. */
    public static final class Builder {
        private String name;
        private String tableName;
        private KeyAttribute partitionKey;
        private KeyAttribute sortKey;
        private String versionAttribute;
        private boolean consistentRead = true;
        private String ttlAttribute;
        private String homeRegion;
        private List<IndexDefinition> indexes;
        private ItemSchema schema;
        private List<String> uniqueAttributes;
        private String uniqueValuesTable;

        private Builder() {
        }

        /**
         * Sets the entity's name and path segment.
         *
         * @param name the entity's name and path segment
         * @return this builder
         */
        public Builder name(String name) {
            this.name = name;
            return this;
        }

        /**
         * Sets the entity's table.
         *
         * @param tableName the entity's table
         * @return this builder
         */
        public Builder tableName(String tableName) {
            this.tableName = tableName;
            return this;
        }

        /**
         * Sets the table's partition key.
         *
         * @param partitionKey the table's partition key
         * @return this builder
         */
        public Builder partitionKey(KeyAttribute partitionKey) {
            this.partitionKey = partitionKey;
            return this;
        }

        /**
         * Sets the table's sort key; default none.
         *
         * @param sortKey the table's sort key; default none
         * @return this builder
         */
        public Builder sortKey(KeyAttribute sortKey) {
            this.sortKey = sortKey;
            return this;
        }

        /**
         * Sets the version attribute; default {@value #DEFAULT_VERSION_ATTRIBUTE}.
         *
         * @param versionAttribute the version attribute; default {@value #DEFAULT_VERSION_ATTRIBUTE}
         * @return this builder
         */
        public Builder versionAttribute(String versionAttribute) {
            this.versionAttribute = versionAttribute;
            return this;
        }

        /**
         * Sets whether reads are strongly consistent; default true.
         *
         * @param consistentRead whether reads are strongly consistent; default true
         * @return this builder
         */
        public Builder consistentRead(boolean consistentRead) {
            this.consistentRead = consistentRead;
            return this;
        }

        /**
         * Sets the Region that writes the entity, when its table has replicas in other Regions.
         *
         * @param homeRegion the Region that writes the entity, when its table has replicas; default none
         * @return this builder
         */
        public Builder homeRegion(String homeRegion) {
            this.homeRegion = homeRegion;
            return this;
        }

        /**
         * Sets the table's TTL attribute; default none.
         *
         * @param ttlAttribute the table's TTL attribute; default none
         * @return this builder
         */
        public Builder ttlAttribute(String ttlAttribute) {
            this.ttlAttribute = ttlAttribute;
            return this;
        }

        /**
         * Sets the table's global secondary indexes.
         *
         * @param indexes the table's global secondary indexes; default none
         * @return this builder
         */
        public Builder indexes(List<IndexDefinition> indexes) {
            this.indexes = indexes;
            return this;
        }

        /**
         * Sets the items' schema, which the store checks every write against.
         *
         * @param schema the items' schema; default none (any attributes with a valid key)
         * @return this builder
         */
        public Builder schema(ItemSchema schema) {
            this.schema = schema;
            return this;
        }

        /**
         * Sets the attributes whose values at most one live item holds at a time; a store writes such an entity only
         * with {@link #uniqueValuesTable(String)}.
         *
         * @param uniqueAttributes the unique attributes: no key, version, TTL or {@code _cca*} name; default none
         * @return this builder
         */
        public Builder uniqueAttributes(List<String> uniqueAttributes) {
            this.uniqueAttributes = uniqueAttributes;
            return this;
        }

        /**
         * Sets the table of the unique attributes' guard items (key schema:
         * {@link io.consistentcrud.contract.UniqueValueSchema}); one table may serve every entity.
         *
         * @param uniqueValuesTable the unique-values table's name; default none; needed to write unique attributes
         * @return this builder
         */
        public Builder uniqueValuesTable(String uniqueValuesTable) {
            this.uniqueValuesTable = uniqueValuesTable;
            return this;
        }

        /**
         * Builds the immutable instance, validating every value.
         *
         * @return builds the immutable instance, validating every value
         */
        public EntityDefinition build() {
            return new EntityDefinition(this);
        }
    }
}
