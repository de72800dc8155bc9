package io.consistentcrud.cdk;

import java.util.List;
import java.util.Objects;
import software.amazon.awscdk.services.dynamodb.Attribute;
import software.amazon.awscdk.services.dynamodb.ProjectionType;

/**
 * A global secondary index of an entity, served at {@code GET /E?index=<name>&partition=<value>} (docs/http-api.md,
 * "Index queries"). An index is a copy DynamoDB keeps of the table's items under other keys and updates after each
 * write: its answers are eventually consistent, which the API says in a header on every index answer.
 *
 * <p>Whatever the projection, the construct also projects the entity's version attribute (every index item carries
 * its version, comparable with {@code ETag}) and the tombstone marker (so that deleted items can be filtered out).
 *
 * <pre>{@code
 * EntityIndex.builder()
 *         .name("byCustomer")
 *         .partitionKey(Attribute.builder().name("customerId").type(AttributeType.STRING).build())
 *         .sortKey(Attribute.builder().name("createdAt").type(AttributeType.STRING).build())
 *         .build();
 * }</pre>
 */
public final class EntityIndex {
    /** The most global secondary indexes DynamoDB allows on one table (its default quota). */
    public static final int MAX_PER_TABLE = 20;

    private final String name;
    private final Attribute partitionKey;
    private final Attribute sortKey;
    private final ProjectionType projection;
    private final List<String> nonKeyAttributes;

    private EntityIndex(Builder b) {
        this.name = b.name;
        this.partitionKey = b.partitionKey;
        this.sortKey = b.sortKey;
        this.projection = b.projection;
        this.nonKeyAttributes = b.nonKeyAttributes == null ? List.of() : List.copyOf(b.nonKeyAttributes);
    }

    /** {@return a new builder} */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * {@return the index's name: its {@code index} query parameter; 3-64 letters, digits, dots, dashes or
     * underscores}
     */
    public String getName() {
        return name;
    }

    /**
     * {@return the index's partition key, STRING or NUMBER: the {@code partition} query parameter matches it
     * exactly}
     */
    public Attribute getPartitionKey() {
        return partitionKey;
    }

    /**
     * {@return the index's sort key, STRING or NUMBER: the order of the answer and the {@code sort.*} conditions;
     * null for none}
     *
     * @default - no sort key
     */
    public Attribute getSortKey() {
        return sortKey;
    }

    /**
     * {@return which attributes the index holds: ALL (answers are whole items), KEYS_ONLY (the table's and the
     * index's keys, and the version), or INCLUDE ({@link #getNonKeyAttributes()} besides)}
     *
     * @default ProjectionType.ALL
     */
    public ProjectionType getProjection() {
        return projection;
    }

    /**
     * {@return the attributes an INCLUDE projection holds besides the keys; never a key attribute; empty for none}
     *
     * @default - none
     */
    public List<String> getNonKeyAttributes() {
        return nonKeyAttributes;
    }

    @Override
    public String toString() {
        return "EntityIndex[" + name + "]";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof EntityIndex i && Objects.equals(name, i.name);
    }

    @Override
    public int hashCode() {
        return Objects.hashCode(name);
    }

    /** Builder of {@link EntityIndex}. */
    public static final class Builder {
        private String name;
        private Attribute partitionKey;
        private Attribute sortKey;
        private ProjectionType projection = ProjectionType.ALL;
        private List<String> nonKeyAttributes;

        private Builder() {
        }

        /**
         * Sets the index's name; required.
         *
         * @param name the index's name; required
         * @return this builder
         */
        public Builder name(String name) {
            this.name = name;
            return this;
        }

        /**
         * Sets the index's partition key; required.
         *
         * @param partitionKey the index's partition key; required
         * @return this builder
         */
        public Builder partitionKey(Attribute partitionKey) {
            this.partitionKey = partitionKey;
            return this;
        }

        /**
         * Sets the index's sort key; default none.
         *
         * @param sortKey the index's sort key; default none
         * @return this builder
         */
        public Builder sortKey(Attribute sortKey) {
            this.sortKey = sortKey;
            return this;
        }

        /**
         * Sets which attributes the index holds; default ALL.
         *
         * @param projection what the index holds; default ALL
         * @return this builder
         */
        public Builder projection(ProjectionType projection) {
            this.projection = projection;
            return this;
        }

        /**
         * Sets the attributes an INCLUDE projection holds besides the keys; default none.
         *
         * @param nonKeyAttributes the attributes of an INCLUDE projection; default none
         * @return this builder
         */
        public Builder nonKeyAttributes(List<String> nonKeyAttributes) {
            this.nonKeyAttributes = nonKeyAttributes;
            return this;
        }

        /** {@return the index; the construct validates it with its entity} */
        public EntityIndex build() {
            return new EntityIndex(this);
        }
    }
}
