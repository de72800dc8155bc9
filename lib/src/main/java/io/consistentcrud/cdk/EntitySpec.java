package io.consistentcrud.cdk;

import java.util.Objects;
import software.amazon.awscdk.services.dynamodb.Attribute;

/**
 * One entity served by a {@link ConsistentCrudApi}: its path segment, its table's key and its version attribute.
 */
public interface EntitySpec {

    /** The entity's name: its path segment ({@code /users}) and part of its table's logical id. */
    String getName();

    /** The table's partition key; also the path parameter of {@code /name/{key}}. */
    Attribute getPartitionKey();

    /**
     * The table's sort key.
     *
     * @default - no sort key: one item per partition key
     */
    default Attribute getSortKey() {
        return null;
    }

    /**
     * The numeric attribute that carries each item's version; clients cannot write it.
     *
     * @default "version"
     */
    default String getVersionAttribute() {
        return "version";
    }

    static Builder builder() {
        return new Builder();
    }

    /** Builder of {@link EntitySpec}. */
    final class Builder {
        private String name;
        private Attribute partitionKey;
        private Attribute sortKey;
        private String versionAttribute = "version";

        private Builder() {
        }

        /** @param name the entity's name and path segment; required */
        public Builder name(String name) {
            this.name = name;
            return this;
        }

        /** @param partitionKey the table's partition key; required */
        public Builder partitionKey(Attribute partitionKey) {
            this.partitionKey = partitionKey;
            return this;
        }

        /** @param sortKey the table's sort key; default none */
        public Builder sortKey(Attribute sortKey) {
            this.sortKey = sortKey;
            return this;
        }

        /** @param versionAttribute the version attribute; default "version" */
        public Builder versionAttribute(String versionAttribute) {
            this.versionAttribute = versionAttribute;
            return this;
        }

        public EntitySpec build() {
            String n = name;
            Attribute pk = partitionKey;
            Attribute sk = sortKey;
            String v = versionAttribute;
            return new EntitySpec() {
                @Override
                public String getName() {
                    return n;
                }

                @Override
                public Attribute getPartitionKey() {
                    return pk;
                }

                @Override
                public Attribute getSortKey() {
                    return sk;
                }

                @Override
                public String getVersionAttribute() {
                    return v;
                }

                @Override
                public String toString() {
                    return "EntitySpec[" + n + "]";
                }

                @Override
                public boolean equals(Object o) {
                    return o instanceof EntitySpec e && Objects.equals(n, e.getName());
                }

                @Override
                public int hashCode() {
                    return Objects.hashCode(n);
                }
            };
        }
    }
}
