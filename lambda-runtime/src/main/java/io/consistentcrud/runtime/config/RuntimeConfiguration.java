package io.consistentcrud.runtime.config;

import io.consistentcrud.contract.EntitiesDocument;
import io.consistentcrud.contract.HomeRegion;
import io.consistentcrud.contract.RuntimeMetricNames;
import io.consistentcrud.contract.RuntimeVariables;
import io.consistentcrud.runtime.EntityDefinition;
import io.consistentcrud.runtime.IndexDefinition;
import io.consistentcrud.runtime.KeyAttribute;
import io.consistentcrud.runtime.StoreOptions;
import io.consistentcrud.runtime.schema.ItemSchema;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;

/**
 * The runtime's configuration, as the construct sets it in the Lambda's environment. The variable names are the
 * contract's ({@link RuntimeVariables}), which the construct sets by.
 *
 * <p>The environment is read once, by {@link #fromEnvironment(Map)} in the Lambda entry class; everything else
 * receives this object. Immutable; build in code with {@link #builder()} or {@link #of}.
 */
public final class RuntimeConfiguration {
    /**
     * JSON array of entity definitions:
     * {@code [{"name","table","pk":{"name","type"},"sk"?,"version","consistentRead","ttl"?,"schema"?,"indexes"?,
     * "unique"?}]}.
     */
    public static final String ENV_ENTITIES = RuntimeVariables.ENTITIES;
    /** Timeout of one SDK attempt, in milliseconds. */
    public static final String ENV_ATTEMPT_TIMEOUT_MS = RuntimeVariables.ATTEMPT_TIMEOUT_MS;
    /** Timeout of one SDK call, all attempts and backoff included, in milliseconds. */
    public static final String ENV_CALL_TIMEOUT_MS = RuntimeVariables.CALL_TIMEOUT_MS;
    /** SDK attempts per call, the first included. */
    public static final String ENV_MAX_ATTEMPTS = RuntimeVariables.MAX_ATTEMPTS;
    /** Table of Idempotency-Key records (partition key {@code pk} S, TTL attribute {@code expiresAt}); optional. */
    public static final String ENV_IDEMPOTENCY_TABLE = RuntimeVariables.IDEMPOTENCY_TABLE;
    /** Table of the unique attributes' guard items; required when an entity declares unique attributes. */
    public static final String ENV_UNIQUE_VALUES_TABLE = RuntimeVariables.UNIQUE_VALUES_TABLE;
    /** Idempotency-Key replay window in seconds; default 86400. */
    public static final String ENV_IDEMPOTENCY_WINDOW_SECONDS = RuntimeVariables.IDEMPOTENCY_WINDOW_SECONDS;
    /** EMF namespace; default {@value #DEFAULT_METRICS_NAMESPACE}. */
    public static final String ENV_METRICS_NAMESPACE = RuntimeVariables.METRICS_NAMESPACE;
    /** Value of the {@code Service} metric dimension; default {@value #DEFAULT_SERVICE_NAME}. */
    public static final String ENV_SERVICE_NAME = RuntimeVariables.SERVICE_NAME;
    /** Optional DynamoDB endpoint override (local mode only). */
    public static final String ENV_DYNAMODB_ENDPOINT = RuntimeVariables.DYNAMODB_ENDPOINT;

    /** The EMF namespace used when none is set. */
    public static final String DEFAULT_METRICS_NAMESPACE = RuntimeMetricNames.DEFAULT_NAMESPACE;
    /** The Service dimension used when none is set. */
    public static final String DEFAULT_SERVICE_NAME = "ConsistentCrudApi";

    private final Map<String, EntityDefinition> entities;
    private final Duration attemptTimeout;
    private final Duration callTimeout;
    private final int maxAttempts;
    private final String dynamoDbEndpoint;
    private final String idempotencyTable;
    private final Duration idempotencyWindow;
    private final String metricsNamespace;
    private final String serviceName;
    private final String ownRegion;

    private RuntimeConfiguration(Builder b) {
        Map<String, EntityDefinition> byName = new LinkedHashMap<>();
        for (EntityDefinition e : b.entities) {
            if (byName.put(e.name(), e) != null) {
                throw new IllegalArgumentException("entity '" + e.name() + "' is declared twice");
            }
        }
        this.entities = Collections.unmodifiableMap(byName);
        this.attemptTimeout = Objects.requireNonNull(b.attemptTimeout, "attemptTimeout");
        this.callTimeout = Objects.requireNonNull(b.callTimeout, "callTimeout");
        this.maxAttempts = b.maxAttempts;
        this.dynamoDbEndpoint = blankToNull(b.dynamoDbEndpoint);
        this.idempotencyTable = blankToNull(b.idempotencyTable);
        this.idempotencyWindow = Objects.requireNonNull(b.idempotencyWindow, "idempotencyWindow");
        this.metricsNamespace = requireText(b.metricsNamespace, ENV_METRICS_NAMESPACE);
        this.serviceName = requireText(b.serviceName, ENV_SERVICE_NAME);
        this.ownRegion = blankToNull(b.ownRegion);
        if (maxAttempts < 1) {
            throw new IllegalArgumentException(ENV_MAX_ATTEMPTS + " must be at least 1, got " + maxAttempts);
        }
        if (idempotencyWindow.isNegative() || idempotencyWindow.isZero()) {
            throw new IllegalArgumentException(ENV_IDEMPOTENCY_WINDOW_SECONDS + " must be positive, got "
                    + idempotencyWindow.getSeconds());
        }
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
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
        return new Builder().entities(List.copyOf(entities.values())).attemptTimeout(attemptTimeout)
                .callTimeout(callTimeout).maxAttempts(maxAttempts).dynamoDbEndpoint(dynamoDbEndpoint)
                .idempotencyTable(idempotencyTable).idempotencyWindow(idempotencyWindow)
                .metricsNamespace(metricsNamespace).serviceName(serviceName).ownRegion(ownRegion);
    }

    /**
     * Configuration with explicit values and defaults for the rest, for handlers built in code and for tests.
     *
     * @param entities the entities the handler serves
     * @param attemptTimeout the timeout of one SDK attempt
     * @param callTimeout the timeout of one SDK call, all attempts included
     * @param maxAttempts the SDK's attempts per call, the first included
     * @return the configuration
     */
    public static RuntimeConfiguration of(List<EntityDefinition> entities, Duration attemptTimeout,
                                          Duration callTimeout, int maxAttempts) {
        return builder().entities(entities).attemptTimeout(attemptTimeout).callTimeout(callTimeout)
                .maxAttempts(maxAttempts).build();
    }

    /**
     * Reads the configuration from an environment map such as {@link System#getenv()}.
     *
     * @param env the environment, e.g. {@link System#getenv()}
     * @return the configuration
     * @throws IllegalArgumentException naming the variable when a value is missing or invalid
     */
    public static RuntimeConfiguration fromEnvironment(Map<String, String> env) {
        List<EntityDefinition> entities = entitiesFromJson(required(env, ENV_ENTITIES),
                env.get(ENV_UNIQUE_VALUES_TABLE));
        if (entities.stream().anyMatch(e -> !e.uniqueAttributes().isEmpty() && e.uniqueValuesTable().isEmpty())) {
            throw new IllegalArgumentException("environment variable " + ENV_UNIQUE_VALUES_TABLE
                    + " is required: an entity declares unique attributes");
        }
        Builder b = builder()
                .entities(entities)
                .attemptTimeout(Duration.ofMillis(number(env, ENV_ATTEMPT_TIMEOUT_MS, required(env, ENV_ATTEMPT_TIMEOUT_MS))))
                .callTimeout(Duration.ofMillis(number(env, ENV_CALL_TIMEOUT_MS, required(env, ENV_CALL_TIMEOUT_MS))))
                .maxAttempts((int) number(env, ENV_MAX_ATTEMPTS, required(env, ENV_MAX_ATTEMPTS)))
                .dynamoDbEndpoint(env.get(ENV_DYNAMODB_ENDPOINT))
                .idempotencyTable(env.get(ENV_IDEMPOTENCY_TABLE));
        String window = env.get(ENV_IDEMPOTENCY_WINDOW_SECONDS);
        if (window != null && !window.isBlank()) {
            b.idempotencyWindow(Duration.ofSeconds(number(env, ENV_IDEMPOTENCY_WINDOW_SECONDS, window)));
        }
        String namespace = env.get(ENV_METRICS_NAMESPACE);
        if (namespace != null && !namespace.isBlank()) {
            b.metricsNamespace(namespace);
        }
        String service = env.get(ENV_SERVICE_NAME);
        if (service != null && !service.isBlank()) {
            b.serviceName(service);
        }
        b.ownRegion(env.get(HomeRegion.OWN_REGION_VARIABLE));
        return b.build();
    }

    /**
     * Parses the {@value #ENV_ENTITIES} document; the audit consumer reads it too.
     *
     * @param json the entities document, as the construct writes it
     * @return the entities, in the document's order
     */
    public static List<EntityDefinition> entitiesFromJson(String json) {
        return entitiesFromJson(json, null);
    }

    /**
     * Parses the {@value #ENV_ENTITIES} document, with the table of the unique attributes' guards.
     *
     * @param json the entities document, as the construct writes it
     * @param uniqueValuesTable the {@value #ENV_UNIQUE_VALUES_TABLE} table, set on each entity with unique attributes;
     *                          null for none
     * @return the entities, in the document's order
     */
    public static List<EntityDefinition> entitiesFromJson(String json, String uniqueValuesTable) {
        List<EntityDefinition> entities = new ArrayList<>();
        for (JsonNode node : JsonNode.parser().parse(json).asArray()) {
            Map<String, JsonNode> o = node.asObject();
            EntityDefinition.Builder b = EntityDefinition.builder()
                    .name(o.get(EntitiesDocument.NAME).asString())
                    .tableName(o.get(EntitiesDocument.TABLE).asString())
                    .partitionKey(keyAttribute(o.get(EntitiesDocument.PARTITION_KEY)));
            if (o.containsKey(EntitiesDocument.SORT_KEY) && !o.get(EntitiesDocument.SORT_KEY).isNull()) {
                b.sortKey(keyAttribute(o.get(EntitiesDocument.SORT_KEY)));
            }
            if (o.containsKey(EntitiesDocument.VERSION)) {
                b.versionAttribute(o.get(EntitiesDocument.VERSION).asString());
            }
            if (o.containsKey(EntitiesDocument.CONSISTENT_READ)) {
                b.consistentRead(o.get(EntitiesDocument.CONSISTENT_READ).asBoolean());
            }
            if (o.containsKey(EntitiesDocument.TTL) && !o.get(EntitiesDocument.TTL).isNull()) {
                b.ttlAttribute(o.get(EntitiesDocument.TTL).asString());
            }
            if (o.containsKey(HomeRegion.ENTITY_FIELD) && !o.get(HomeRegion.ENTITY_FIELD).isNull()) {
                b.homeRegion(o.get(HomeRegion.ENTITY_FIELD).asString());
            }
            if (o.containsKey(EntitiesDocument.INDEXES) && !o.get(EntitiesDocument.INDEXES).isNull()) {
                List<IndexDefinition> indexes = new ArrayList<>();
                for (JsonNode index : o.get(EntitiesDocument.INDEXES).asArray()) {
                    Map<String, JsonNode> i = index.asObject();
                    JsonNode sk = i.get(EntitiesDocument.SORT_KEY);
                    indexes.add(new IndexDefinition(i.get(EntitiesDocument.NAME).asString(),
                            keyAttribute(i.get(EntitiesDocument.PARTITION_KEY)),
                            sk == null || sk.isNull() ? Optional.empty() : Optional.of(keyAttribute(sk))));
                }
                b.indexes(indexes);
            }
            if (o.containsKey(EntitiesDocument.SCHEMA) && !o.get(EntitiesDocument.SCHEMA).isNull()) {
                b.schema(ItemSchema.of(o.get(EntitiesDocument.SCHEMA)));
            }
            if (o.containsKey(EntitiesDocument.UNIQUE) && !o.get(EntitiesDocument.UNIQUE).isNull()) {
                b.uniqueAttributes(o.get(EntitiesDocument.UNIQUE).asArray().stream().map(JsonNode::asString)
                        .toList());
                b.uniqueValuesTable(uniqueValuesTable);
            }
            entities.add(b.build());
        }
        return entities;
    }

    private static long number(Map<String, String> env, String name, String text) {
        try {
            return Long.parseLong(text.trim());
        } catch (NumberFormatException e) {
            throw new IllegalStateException("environment variable " + name + " must be a whole number, got '"
                    + env.get(name) + "'", e);
        }
    }

    private static KeyAttribute keyAttribute(JsonNode node) {
        Map<String, JsonNode> o = node.asObject();
        return KeyAttribute.of(o.get(EntitiesDocument.NAME).asString(),
                KeyAttribute.Type.valueOf(o.get(EntitiesDocument.TYPE).asString()));
    }

    private static String required(Map<String, String> env, String name) {
        String value = env.get(name);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("environment variable " + name + " is not set; the construct sets it");
        }
        return value;
    }

    /**
     * A builder of store options holding this configuration's store-related values.
     *
     * @return a builder of store options holding this configuration's store-related values
     */
    public StoreOptions.Builder storeOptions() {
        return StoreOptions.builder()
                .idempotencyTable(idempotencyTable)
                .idempotencyWindow(idempotencyWindow)
                .callTimeout(callTimeout)
                .ownRegion(ownRegion);
    }

    /**
     * A copy that talks to another DynamoDB endpoint (local mode).
     *
     * @param endpoint the endpoint URI, e.g. {@code http://localhost:8000}
     * @return a copy with that endpoint; this configuration is unchanged
     */
    public RuntimeConfiguration withDynamoDbEndpoint(String endpoint) {
        return toBuilder().dynamoDbEndpoint(endpoint).build();
    }

    /**
     * The configured entities by name, in declaration order.
     *
     * @return the configured entities by name, in declaration order
     */
    public Map<String, EntityDefinition> entities() {
        return entities;
    }

    /**
     * Timeout of one SDK attempt.
     *
     * @return timeout of one SDK attempt
     */
    public Duration attemptTimeout() {
        return attemptTimeout;
    }

    /**
     * Timeout of one SDK call, all attempts and backoff included.
     *
     * @return timeout of one SDK call, all attempts and backoff included
     */
    public Duration callTimeout() {
        return callTimeout;
    }

    /**
     * SDK attempts per call, the first included.
     *
     * @return SDK attempts per call, the first included
     */
    public int maxAttempts() {
        return maxAttempts;
    }

    /**
     * The DynamoDB endpoint override, or null for the regional endpoint.
     *
     * @return the DynamoDB endpoint override, or null for the regional endpoint
     */
    public String dynamoDbEndpoint() {
        return dynamoDbEndpoint;
    }

    /**
     * The table of Idempotency-Key records; empty when G5 is off.
     *
     * @return the table of Idempotency-Key records
     */
    public Optional<String> idempotencyTable() {
        return Optional.ofNullable(idempotencyTable);
    }

    /**
     * How long an Idempotency-Key's outcome is replayed.
     *
     * @return how long an Idempotency-Key's outcome is replayed
     */
    public Duration idempotencyWindow() {
        return idempotencyWindow;
    }

    /**
     * The EMF namespace of the runtime's metrics.
     *
     * @return the EMF namespace of the runtime's metrics
     */
    public String metricsNamespace() {
        return metricsNamespace;
    }

    /**
     * The value of the {@code Service} metric dimension.
     *
     * @return the value of the {@code Service} metric dimension
     */
    public String serviceName() {
        return serviceName;
    }

    /**
     * The Region the function runs in ({@code AWS_REGION}, set by Lambda); empty when unknown.
     *
     * @return the Region; empty when unknown, which turns the home-Region check off
     */
    public Optional<String> ownRegion() {
        return Optional.ofNullable(ownRegion);
    }

    /** Builder of {@link RuntimeConfiguration}. */
    public static final class Builder {
        private List<EntityDefinition> entities = List.of();
        private Duration attemptTimeout;
        private Duration callTimeout;
        private int maxAttempts;
        private String dynamoDbEndpoint;
        private String idempotencyTable;
        private Duration idempotencyWindow = StoreOptions.DEFAULT_IDEMPOTENCY_WINDOW;
        private String metricsNamespace = DEFAULT_METRICS_NAMESPACE;
        private String serviceName = DEFAULT_SERVICE_NAME;
        private String ownRegion;

        private Builder() {
        }

        /**
         * Sets the entities served; names must be unique.
         *
         * @param entities the entities served; names must be unique
         * @return this builder
         */
        public Builder entities(List<EntityDefinition> entities) {
            this.entities = List.copyOf(entities);
            return this;
        }

        /**
         * Sets timeout of one SDK attempt.
         *
         * @param attemptTimeout timeout of one SDK attempt
         * @return this builder
         */
        public Builder attemptTimeout(Duration attemptTimeout) {
            this.attemptTimeout = attemptTimeout;
            return this;
        }

        /**
         * Sets timeout of one SDK call, all attempts and backoff included.
         *
         * @param callTimeout timeout of one SDK call, all attempts and backoff included
         * @return this builder
         */
        public Builder callTimeout(Duration callTimeout) {
            this.callTimeout = callTimeout;
            return this;
        }

        /**
         * Sets SDK attempts per call, the first included; at least 1.
         *
         * @param maxAttempts SDK attempts per call, the first included; at least 1
         * @return this builder
         */
        public Builder maxAttempts(int maxAttempts) {
            this.maxAttempts = maxAttempts;
            return this;
        }

        /**
         * Sets endpoint override; default - the regional endpoint.
         *
         * @param dynamoDbEndpoint endpoint override; default - the regional endpoint
         * @return this builder
         */
        public Builder dynamoDbEndpoint(String dynamoDbEndpoint) {
            this.dynamoDbEndpoint = dynamoDbEndpoint;
            return this;
        }

        /**
         * Sets table of Idempotency-Key records; default none (G5 off).
         *
         * @param idempotencyTable table of Idempotency-Key records; default none (G5 off)
         * @return this builder
         */
        public Builder idempotencyTable(String idempotencyTable) {
            this.idempotencyTable = idempotencyTable;
            return this;
        }

        /**
         * Sets replay window; default 24 hours.
         *
         * @param idempotencyWindow replay window; default 24 hours
         * @return this builder
         */
        public Builder idempotencyWindow(Duration idempotencyWindow) {
            this.idempotencyWindow = idempotencyWindow;
            return this;
        }

        /**
         * Sets EMF namespace; default {@value RuntimeConfiguration#DEFAULT_METRICS_NAMESPACE}.
         *
         * @param metricsNamespace EMF namespace; default {@value RuntimeConfiguration#DEFAULT_METRICS_NAMESPACE}
         * @return this builder
         */
        public Builder metricsNamespace(String metricsNamespace) {
            this.metricsNamespace = metricsNamespace;
            return this;
        }

        /**
         * Sets the Region the function runs in.
         *
         * @param ownRegion the Region the function runs in; default unknown (no home-Region check)
         * @return this builder
         */
        public Builder ownRegion(String ownRegion) {
            this.ownRegion = ownRegion;
            return this;
        }

        /**
         * Sets service dimension; default {@value RuntimeConfiguration#DEFAULT_SERVICE_NAME}.
         *
         * @param serviceName Service dimension; default {@value RuntimeConfiguration#DEFAULT_SERVICE_NAME}
         * @return this builder
         */
        public Builder serviceName(String serviceName) {
            this.serviceName = serviceName;
            return this;
        }

        /**
         * Builds the immutable instance, validating every value.
         *
         * @return builds the immutable instance, validating every value
         */
        public RuntimeConfiguration build() {
            return new RuntimeConfiguration(this);
        }
    }
}
