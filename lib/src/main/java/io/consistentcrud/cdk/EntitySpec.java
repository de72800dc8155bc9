package io.consistentcrud.cdk;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.dynamodb.Attribute;
import software.amazon.awscdk.services.dynamodb.BillingMode;
import software.amazon.awscdk.services.dynamodb.TableEncryption;
import software.amazon.awscdk.services.dynamodb.WarmThroughput;
import software.amazon.awscdk.services.iam.PolicyDocument;
import software.amazon.awscdk.services.kms.IKey;

/**
 * One entity served by a {@link ConsistentCrudApi}: its path segment, its table's keys, its version attribute and
 * how its table is provisioned.
 *
 * <p>Every item carries a numeric <b>version attribute</b> (default {@code "version"}): 1 after the create, one more
 * after each write. Writes to existing items are conditional on it ({@code If-Match}), which is what prevents lost
 * updates (G2). Clients can read it (it is also the {@code ETag}) but never write it.
 *
 * <pre>{@code
 * EntitySpec.builder()
 *         .name("orders")
 *         .partitionKey(Attribute.builder().name("customerId").type(AttributeType.STRING).build())
 *         .sortKey(Attribute.builder().name("orderId").type(AttributeType.STRING).build())
 *         .timeToLiveAttribute("expiresAt")
 *         .build();
 * }</pre>
 */
public interface EntitySpec {
    /**
     * The on-demand maximum, in request units per second for reads and for writes, of every table the construct
     * creates unless the entity sets its own: a cost guard (docs/construct.md, "On-demand maximum throughput").
     */
    int DEFAULT_MAX_REQUEST_UNITS = 4_000;

    /**
     * {@return the entity's name: its path segment ({@code /users}) and part of its table's construct id} Lower case
     * letters, digits and dashes, starting with a letter; {@code transactions} is reserved.
     */
    String getName();

    /** {@return the table's partition key, string or number; also the path parameter of {@code /name/{key}}} */
    Attribute getPartitionKey();

    /**
     * {@return the table's sort key, string or number} With a sort key, items live at {@code /name/{pk}/{sk}} and
     * {@code GET /name/{pk}} queries one partition.
     *
     * @default - no sort key: one item per partition key
     */
    default Attribute getSortKey() {
        return null;
    }

    /**
     * {@return the numeric attribute that carries each item's version; clients cannot write it}
     *
     * @default "version"
     */
    default String getVersionAttribute() {
        return "version";
    }

    /**
     * {@return the attribute that holds each item's expiry (epoch seconds) for DynamoDB's time to live}
     *
     * @default - items never expire
     */
    default String getTimeToLiveAttribute() {
        return null;
    }

    /**
     * {@return whether reads are strongly consistent (G1)} Set false only for data where a stale read is harmless.
     *
     * @default true
     */
    default Boolean getConsistentRead() {
        return true;
    }

    /**
     * {@return the table's billing mode}
     *
     * @default BillingMode.PAY_PER_REQUEST
     */
    default BillingMode getBillingMode() {
        return BillingMode.PAY_PER_REQUEST;
    }

    /**
     * {@return provisioned read capacity units; only with {@link BillingMode#PROVISIONED}}
     *
     * @default 5 when provisioned
     */
    default Number getReadCapacity() {
        return null;
    }

    /**
     * {@return provisioned write capacity units; only with {@link BillingMode#PROVISIONED}} Non-create writes are
     * transactions and cost two write units per item.
     *
     * @default 5 when provisioned
     */
    default Number getWriteCapacity() {
        return null;
    }

    /**
     * {@return how the table is encrypted at rest}
     *
     * @default TableEncryption.AWS_MANAGED, or CUSTOMER_MANAGED when {@link #getEncryptionKey()} is set
     */
    default TableEncryption getEncryption() {
        return null;
    }

    /**
     * {@return a customer-managed KMS key for the table; the function is granted exactly the key actions it needs}
     *
     * @default - no customer-managed key
     */
    default IKey getEncryptionKey() {
        return null;
    }

    /**
     * {@return whether point-in-time recovery is on}
     *
     * @default true
     */
    default Boolean getPointInTimeRecovery() {
        return true;
    }

    /**
     * {@return whether the table is protected against deletion}
     *
     * @default true
     */
    default Boolean getDeletionProtection() {
        return true;
    }

    /**
     * {@return what happens to the table when it leaves the stack}
     *
     * @default - the construct's {@link ConsistentCrudApiProps#getRemovalPolicy()} (RETAIN unless changed)
     */
    default RemovalPolicy getRemovalPolicy() {
        return null;
    }

    // ---------------------------------------------------------------- TableV2 settings: cost guards and insight

    /**
     * {@return the on-demand table's maximum read request units per second: DynamoDB throttles reads above it instead
     * of billing them, the guard against a runaway bill} A whole number of at least 1, or {@code -1} for no maximum;
     * only with {@link BillingMode#PAY_PER_REQUEST}.
     *
     * @default {@link #DEFAULT_MAX_REQUEST_UNITS} (docs/construct.md says why)
     */
    default Number getMaxReadRequestUnits() {
        return null;
    }

    /**
     * {@return the on-demand table's maximum write request units per second; see {@link #getMaxReadRequestUnits()}}
     *
     * @default {@link #DEFAULT_MAX_REQUEST_UNITS}
     */
    default Number getMaxWriteRequestUnits() {
        return null;
    }

    /**
     * {@return warm throughput: the read and write units per second the table is prepared to serve at once (DynamoDB's
     * minimums: 12,000 reads and 4,000 writes); never above the on-demand maximum, which would throttle first}
     *
     * @default - DynamoDB's own warm throughput for a new table
     */
    default WarmThroughput getWarmThroughput() {
        return null;
    }

    /**
     * {@return the table's resource policy} A statement whose principal is {@code *} is refused unless
     * {@link #getAllowAnyPrincipalInResourcePolicy()} says so.
     *
     * @default - no resource policy: only identity policies (the construct's grants) give access
     */
    default PolicyDocument getResourcePolicy() {
        return null;
    }

    /**
     * {@return whether the resource policy may name the principal {@code *} (a cross-account or public grant, usually
     * narrowed by conditions the construct cannot judge)}
     *
     * @default false
     */
    default Boolean getAllowAnyPrincipalInResourcePolicy() {
        return false;
    }

    /**
     * {@return whether CloudWatch Contributor Insights reports the table's most accessed and most throttled keys}
     *
     * @default false
     */
    default Boolean getContributorInsights() {
        return false;
    }

    /**
     * {@return how many days back point-in-time recovery can restore, 1 to 35; only with point-in-time recovery on}
     *
     * @default 35 (DynamoDB's default)
     */
    default Number getPointInTimeRecoveryPeriodDays() {
        return null;
    }

    // ---------------------------------------------------------------- Regions

    /**
     * {@return where the entity's table lives: one Region, or replicas for reads and failover with one writing Region;
     * multi-Region strong consistency is refused (see {@link Replication})}
     *
     * @default Replication.singleRegion()
     */
    default Replication getReplication() {
        return Replication.singleRegion();
    }

    // ---------------------------------------------------------------- bring your own table

    /**
     * {@return a table of yours the entity uses instead of one the construct creates; the key schema is still declared
     * here} None of the table settings above may be set with it.
     *
     * @default - the construct creates the entity's table
     */
    default ExistingTable getExistingTable() {
        return null;
    }

    // ---------------------------------------------------------------- queries beyond the key

    /**
     * {@return the entity's global secondary indexes, served at {@code GET /name?index=...} (eventually consistent)}
     * On an existing table they are declared, not created: the table must have them; the function is granted Query
     * on them.
     *
     * @default - no index
     */
    default List<EntityIndex> getIndexes() {
        return List.of();
    }

    /**
     * {@return where the deployed table stands, required when the entity declares more than one index on a table the
     * construct creates} CloudFormation adds or drops one index per deployment ({@link IndexRollout}); the construct
     * refuses at synth a change of more than one index, and a rollout set with {@link #getExistingTable()}.
     *
     * @default - none: at most one index may be declared
     */
    default IndexRollout getIndexRollout() {
        return null;
    }

    /**
     * {@return the JSON Schema of the entity's items, checked at the gateway and in the runtime and published in the
     * OpenAPI document ({@link EntitySchema})}
     *
     * @default - no schema: any JSON object with a valid key is accepted
     */
    default EntitySchema getSchema() {
        return null;
    }

    // ---------------------------------------------------------------- unique attributes

    /**
     * The most unique attributes an entity may declare: each changed unique value adds two items (the old value's
     * guard deleted, the new one's put) to the write's transaction, which must stay far below DynamoDB's 100 items.
     */
    int MAX_UNIQUE_ATTRIBUTES = 5;

    /**
     * {@return the attributes whose value at most one live item of the entity holds, e.g. {@code email}} A global
     * secondary index cannot refuse a second item with the same value, so the runtime writes a guard item per value
     * in the API's unique-values table, in the same transaction as the item, and answers {@code 409
     * unique-value-taken} when another item holds the value (docs/construct.md, "Unique attributes"). Neither a key,
     * the version nor the TTL attribute; at most {@link #MAX_UNIQUE_ATTRIBUTES}; with a schema that declares the
     * attribute, its type is {@code string}, {@code number} or {@code integer}. Allowed on an {@link ExistingTable}:
     * the guards live in the construct's own table.
     *
     * @default - none: no value is unique beyond the key
     */
    default List<String> getUniqueAttributes() {
        return List.of();
    }

    /** {@return a new builder} */
    static Builder builder() {
        return new Builder();
    }

    /** Builder of {@link EntitySpec}. */
    final class Builder {
        private String name;
        private Attribute partitionKey;
        private Attribute sortKey;
        private String versionAttribute = "version";
        private String timeToLiveAttribute;
        private boolean consistentRead = true;
        private BillingMode billingMode = BillingMode.PAY_PER_REQUEST;
        private Number readCapacity;
        private Number writeCapacity;
        private TableEncryption encryption;
        private IKey encryptionKey;
        private boolean pointInTimeRecovery = true;
        private boolean deletionProtection = true;
        private RemovalPolicy removalPolicy;
        private Number maxReadRequestUnits;
        private Number maxWriteRequestUnits;
        private WarmThroughput warmThroughput;
        private PolicyDocument resourcePolicy;
        private boolean allowAnyPrincipalInResourcePolicy;
        private boolean contributorInsights;
        private Number pointInTimeRecoveryPeriodDays;
        private Replication replication = Replication.singleRegion();
        private ExistingTable existingTable;
        private List<EntityIndex> indexes = List.of();
        private IndexRollout indexRollout;
        private EntitySchema schema;
        private List<String> uniqueAttributes = List.of();

        private Builder() {
        }

        /**
         * Sets the entity's name and path segment; required.
         *
         * @param name the entity's name and path segment; required
         * @return this builder
         */
        public Builder name(String name) {
            this.name = name;
            return this;
        }

        /**
         * Sets the table's partition key; required.
         *
         * @param partitionKey the table's partition key; required
         * @return this builder
         */
        public Builder partitionKey(Attribute partitionKey) {
            this.partitionKey = partitionKey;
            return this;
        }

        /**
         * Sets the table's sort key; default none.
         *
         * @param sortKey the table's sort key; default none
         * @return this builder
         */
        public Builder sortKey(Attribute sortKey) {
            this.sortKey = sortKey;
            return this;
        }

        /**
         * Sets the version attribute; default "version".
         *
         * @param versionAttribute the version attribute; default "version"
         * @return this builder
         */
        public Builder versionAttribute(String versionAttribute) {
            this.versionAttribute = versionAttribute;
            return this;
        }

        /**
         * Sets the TTL attribute; default none.
         *
         * @param timeToLiveAttribute the TTL attribute; default none
         * @return this builder
         */
        public Builder timeToLiveAttribute(String timeToLiveAttribute) {
            this.timeToLiveAttribute = timeToLiveAttribute;
            return this;
        }

        /**
         * Sets strongly consistent reads; default true.
         *
         * @param consistentRead strongly consistent reads; default true
         * @return this builder
         */
        public Builder consistentRead(boolean consistentRead) {
            this.consistentRead = consistentRead;
            return this;
        }

        /**
         * Sets the billing mode; default PAY_PER_REQUEST.
         *
         * @param billingMode the billing mode; default PAY_PER_REQUEST
         * @return this builder
         */
        public Builder billingMode(BillingMode billingMode) {
            this.billingMode = billingMode;
            return this;
        }

        /**
         * Sets provisioned read units; default 5 when provisioned.
         *
         * @param readCapacity provisioned read units; default 5 when provisioned
         * @return this builder
         */
        public Builder readCapacity(Number readCapacity) {
            this.readCapacity = readCapacity;
            return this;
        }

        /**
         * Sets provisioned write units; default 5 when provisioned.
         *
         * @param writeCapacity provisioned write units; default 5 when provisioned
         * @return this builder
         */
        public Builder writeCapacity(Number writeCapacity) {
            this.writeCapacity = writeCapacity;
            return this;
        }

        /**
         * Sets the encryption at rest; default AWS_MANAGED (CUSTOMER_MANAGED with a key).
         *
         * @param encryption the encryption at rest; default AWS_MANAGED (CUSTOMER_MANAGED with a key)
         * @return this builder
         */
        public Builder encryption(TableEncryption encryption) {
            this.encryption = encryption;
            return this;
        }

        /**
         * Sets a customer-managed key; default none.
         *
         * @param encryptionKey a customer-managed key; default none
         * @return this builder
         */
        public Builder encryptionKey(IKey encryptionKey) {
            this.encryptionKey = encryptionKey;
            return this;
        }

        /**
         * Sets PITR on; default true.
         *
         * @param pointInTimeRecovery PITR on; default true
         * @return this builder
         */
        public Builder pointInTimeRecovery(boolean pointInTimeRecovery) {
            this.pointInTimeRecovery = pointInTimeRecovery;
            return this;
        }

        /**
         * Sets deletion protection on; default true.
         *
         * @param deletionProtection deletion protection on; default true
         * @return this builder
         */
        public Builder deletionProtection(boolean deletionProtection) {
            this.deletionProtection = deletionProtection;
            return this;
        }

        /**
         * Sets the table's removal policy; default the construct's (RETAIN).
         *
         * @param removalPolicy the table's removal policy; default the construct's (RETAIN)
         * @return this builder
         */
        public Builder removalPolicy(RemovalPolicy removalPolicy) {
            this.removalPolicy = removalPolicy;
            return this;
        }

        /**
         * @param maxReadRequestUnits on-demand maximum reads per second, -1 for none; default 4,000
         * @return this builder
         */
        public Builder maxReadRequestUnits(Number maxReadRequestUnits) {
            this.maxReadRequestUnits = maxReadRequestUnits;
            return this;
        }

        /**
         * @param maxWriteRequestUnits on-demand maximum writes per second, -1 for none; default 4,000
         * @return this builder
         */
        public Builder maxWriteRequestUnits(Number maxWriteRequestUnits) {
            this.maxWriteRequestUnits = maxWriteRequestUnits;
            return this;
        }

        /**
         * @param warmThroughput the table's warm throughput; default DynamoDB's
         * @return this builder
         */
        public Builder warmThroughput(WarmThroughput warmThroughput) {
            this.warmThroughput = warmThroughput;
            return this;
        }

        /**
         * @param resourcePolicy the table's resource policy; default none
         * @return this builder
         */
        public Builder resourcePolicy(PolicyDocument resourcePolicy) {
            this.resourcePolicy = resourcePolicy;
            return this;
        }

        /**
         * @param allow whether the resource policy may name the principal {@code *}; default false
         * @return this builder
         */
        public Builder allowAnyPrincipalInResourcePolicy(boolean allow) {
            this.allowAnyPrincipalInResourcePolicy = allow;
            return this;
        }

        /**
         * @param contributorInsights Contributor Insights on; default false
         * @return this builder
         */
        public Builder contributorInsights(boolean contributorInsights) {
            this.contributorInsights = contributorInsights;
            return this;
        }

        /**
         * @param days point-in-time recovery period, 1 to 35 days; default 35
         * @return this builder
         */
        public Builder pointInTimeRecoveryPeriodDays(Number days) {
            this.pointInTimeRecoveryPeriodDays = days;
            return this;
        }

        /**
         * @param replication where the table lives; default a single Region
         * @return this builder
         */
        public Builder replication(Replication replication) {
            this.replication = replication;
            return this;
        }

        /**
         * @param existingTable a table of yours to use instead of a created one; default none
         * @return this builder
         */
        public Builder existingTable(ExistingTable existingTable) {
            this.existingTable = existingTable;
            return this;
        }

        /**
         * Sets the entity's global secondary indexes.
         *
         * @param indexes the entity's global secondary indexes; default none
         * @return this builder
         */
        public Builder indexes(List<EntityIndex> indexes) {
            this.indexes = indexes == null ? List.of() : List.copyOf(indexes);
            return this;
        }

        /**
         * Sets where the deployed table stands, needed with more than one index.
         *
         * @param indexRollout where the deployed table stands; default none
         * @return this builder
         */
        public Builder indexRollout(IndexRollout indexRollout) {
            this.indexRollout = indexRollout;
            return this;
        }

        /**
         * @param schema the items' JSON Schema; default none
         * @return this builder
         */
        public Builder schema(EntitySchema schema) {
            this.schema = schema;
            return this;
        }

        /**
         * Sets the attributes whose value at most one live item of the entity holds.
         *
         * @param uniqueAttributes the attribute names, e.g. {@code List.of("email")}; default none
         * @return this builder
         */
        public Builder uniqueAttributes(List<String> uniqueAttributes) {
            // Not List.copyOf: a null name must reach the construct's validation, which names the rule it breaks.
            this.uniqueAttributes = uniqueAttributes == null ? List.of()
                    : Collections.unmodifiableList(new ArrayList<>(uniqueAttributes));
            return this;
        }

        /**
         * The entity specification; the construct validates it.
         *
         * @return the entity specification
         */
        public EntitySpec build() {
            return new Built(this);
        }

        private static final class Built implements EntitySpec {
            private final String name;
            private final Attribute partitionKey;
            private final Attribute sortKey;
            private final String versionAttribute;
            private final String timeToLiveAttribute;
            private final boolean consistentRead;
            private final BillingMode billingMode;
            private final Number readCapacity;
            private final Number writeCapacity;
            private final TableEncryption encryption;
            private final IKey encryptionKey;
            private final boolean pointInTimeRecovery;
            private final boolean deletionProtection;
            private final RemovalPolicy removalPolicy;
            private final Number maxReadRequestUnits;
            private final Number maxWriteRequestUnits;
            private final WarmThroughput warmThroughput;
            private final PolicyDocument resourcePolicy;
            private final boolean allowAnyPrincipalInResourcePolicy;
            private final boolean contributorInsights;
            private final Number pointInTimeRecoveryPeriodDays;
            private final Replication replication;
            private final ExistingTable existingTable;
            private final List<EntityIndex> indexes;
            private final IndexRollout indexRollout;
            private final EntitySchema schema;
            private final List<String> uniqueAttributes;

            private Built(Builder b) {
                this.name = b.name;
                this.partitionKey = b.partitionKey;
                this.sortKey = b.sortKey;
                this.versionAttribute = b.versionAttribute;
                this.timeToLiveAttribute = b.timeToLiveAttribute;
                this.consistentRead = b.consistentRead;
                this.billingMode = b.billingMode;
                this.readCapacity = b.readCapacity;
                this.writeCapacity = b.writeCapacity;
                this.encryption = b.encryption;
                this.encryptionKey = b.encryptionKey;
                this.pointInTimeRecovery = b.pointInTimeRecovery;
                this.deletionProtection = b.deletionProtection;
                this.removalPolicy = b.removalPolicy;
                this.maxReadRequestUnits = b.maxReadRequestUnits;
                this.maxWriteRequestUnits = b.maxWriteRequestUnits;
                this.warmThroughput = b.warmThroughput;
                this.resourcePolicy = b.resourcePolicy;
                this.allowAnyPrincipalInResourcePolicy = b.allowAnyPrincipalInResourcePolicy;
                this.contributorInsights = b.contributorInsights;
                this.pointInTimeRecoveryPeriodDays = b.pointInTimeRecoveryPeriodDays;
                this.replication = b.replication;
                this.existingTable = b.existingTable;
                this.indexes = b.indexes;
                this.indexRollout = b.indexRollout;
                this.schema = b.schema;
                this.uniqueAttributes = b.uniqueAttributes;
            }

            @Override
            public List<String> getUniqueAttributes() {
                return uniqueAttributes;
            }

            @Override
            public EntitySchema getSchema() {
                return schema;
            }

            @Override
            public String getName() {
                return name;
            }

            @Override
            public Attribute getPartitionKey() {
                return partitionKey;
            }

            @Override
            public Attribute getSortKey() {
                return sortKey;
            }

            @Override
            public String getVersionAttribute() {
                return versionAttribute;
            }

            @Override
            public String getTimeToLiveAttribute() {
                return timeToLiveAttribute;
            }

            @Override
            public Boolean getConsistentRead() {
                return consistentRead;
            }

            @Override
            public BillingMode getBillingMode() {
                return billingMode;
            }

            @Override
            public Number getReadCapacity() {
                return readCapacity;
            }

            @Override
            public Number getWriteCapacity() {
                return writeCapacity;
            }

            @Override
            public TableEncryption getEncryption() {
                return encryption;
            }

            @Override
            public IKey getEncryptionKey() {
                return encryptionKey;
            }

            @Override
            public Boolean getPointInTimeRecovery() {
                return pointInTimeRecovery;
            }

            @Override
            public Boolean getDeletionProtection() {
                return deletionProtection;
            }

            @Override
            public RemovalPolicy getRemovalPolicy() {
                return removalPolicy;
            }

            @Override
            public Number getMaxReadRequestUnits() {
                return maxReadRequestUnits;
            }

            @Override
            public Number getMaxWriteRequestUnits() {
                return maxWriteRequestUnits;
            }

            @Override
            public WarmThroughput getWarmThroughput() {
                return warmThroughput;
            }

            @Override
            public PolicyDocument getResourcePolicy() {
                return resourcePolicy;
            }

            @Override
            public Boolean getAllowAnyPrincipalInResourcePolicy() {
                return allowAnyPrincipalInResourcePolicy;
            }

            @Override
            public Boolean getContributorInsights() {
                return contributorInsights;
            }

            @Override
            public Number getPointInTimeRecoveryPeriodDays() {
                return pointInTimeRecoveryPeriodDays;
            }

            @Override
            public Replication getReplication() {
                return replication;
            }

            @Override
            public ExistingTable getExistingTable() {
                return existingTable;
            }

            @Override
            public List<EntityIndex> getIndexes() {
                return indexes;
            }

            @Override
            public IndexRollout getIndexRollout() {
                return indexRollout;
            }

            @Override
            public String toString() {
                return "EntitySpec[" + name + "]";
            }

            @Override
            public boolean equals(Object o) {
                return o instanceof EntitySpec e && Objects.equals(name, e.getName());
            }

            @Override
            public int hashCode() {
                return Objects.hashCode(name);
            }
        }
    }
}
