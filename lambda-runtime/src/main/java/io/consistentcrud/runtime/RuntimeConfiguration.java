package io.consistentcrud.runtime;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;

/**
 * The runtime's configuration, as the construct sets it in the Lambda's environment.
 *
 * <p>The environment is read once, by {@link #fromEnvironment(Map)} in the Lambda entry class; everything else
 * receives this object.
 */
public final class RuntimeConfiguration {
    /** JSON array of entity definitions: {@code [{"name","table","pk":{"name","type"},"sk"?,"version","consistentRead"}]}. */
    public static final String ENV_ENTITIES = "CCA_ENTITIES";
    /** Timeout of one SDK attempt, in milliseconds. */
    public static final String ENV_ATTEMPT_TIMEOUT_MS = "CCA_ATTEMPT_TIMEOUT_MS";
    /** Timeout of one SDK call, all attempts and backoff included, in milliseconds. */
    public static final String ENV_CALL_TIMEOUT_MS = "CCA_CALL_TIMEOUT_MS";
    /** SDK attempts per call, the first included. */
    public static final String ENV_MAX_ATTEMPTS = "CCA_MAX_ATTEMPTS";
    /** Optional DynamoDB endpoint override (local mode only). */
    public static final String ENV_DYNAMODB_ENDPOINT = "CCA_DYNAMODB_ENDPOINT";

    private final Map<String, EntityDefinition> entities;
    private final Duration attemptTimeout;
    private final Duration callTimeout;
    private final int maxAttempts;
    private final String dynamoDbEndpoint;

    private RuntimeConfiguration(Map<String, EntityDefinition> entities, Duration attemptTimeout, Duration callTimeout,
                                 int maxAttempts, String dynamoDbEndpoint) {
        this.entities = Collections.unmodifiableMap(new LinkedHashMap<>(entities));
        this.attemptTimeout = Objects.requireNonNull(attemptTimeout);
        this.callTimeout = Objects.requireNonNull(callTimeout);
        this.maxAttempts = maxAttempts;
        this.dynamoDbEndpoint = dynamoDbEndpoint;
        if (maxAttempts < 1) {
            throw new IllegalArgumentException(ENV_MAX_ATTEMPTS + " must be at least 1, got " + maxAttempts);
        }
    }

    /** Configuration with explicit values, for handlers built in code and for tests. */
    public static RuntimeConfiguration of(List<EntityDefinition> entities, Duration attemptTimeout,
                                          Duration callTimeout, int maxAttempts) {
        Map<String, EntityDefinition> byName = new LinkedHashMap<>();
        for (EntityDefinition e : entities) {
            if (byName.put(e.name(), e) != null) {
                throw new IllegalArgumentException("entity '" + e.name() + "' is declared twice");
            }
        }
        return new RuntimeConfiguration(byName, attemptTimeout, callTimeout, maxAttempts, null);
    }

    /** Reads the configuration from an environment map such as {@link System#getenv()}. */
    public static RuntimeConfiguration fromEnvironment(Map<String, String> env) {
        List<EntityDefinition> entities = entitiesFromJson(required(env, ENV_ENTITIES));
        RuntimeConfiguration base = of(entities,
                Duration.ofMillis(Long.parseLong(required(env, ENV_ATTEMPT_TIMEOUT_MS))),
                Duration.ofMillis(Long.parseLong(required(env, ENV_CALL_TIMEOUT_MS))),
                Integer.parseInt(required(env, ENV_MAX_ATTEMPTS)));
        return base.withDynamoDbEndpoint(env.get(ENV_DYNAMODB_ENDPOINT));
    }

    /** Parses the {@value #ENV_ENTITIES} document: a JSON array of entity definitions. */
    public static List<EntityDefinition> entitiesFromJson(String json) {
        List<EntityDefinition> entities = new ArrayList<>();
        for (JsonNode node : JsonNode.parser().parse(json).asArray()) {
            Map<String, JsonNode> o = node.asObject();
            EntityDefinition.Builder b = EntityDefinition.builder()
                    .name(o.get("name").asString())
                    .tableName(o.get("table").asString())
                    .partitionKey(keyAttribute(o.get("pk")));
            if (o.containsKey("sk") && !o.get("sk").isNull()) {
                b.sortKey(keyAttribute(o.get("sk")));
            }
            if (o.containsKey("version")) {
                b.versionAttribute(o.get("version").asString());
            }
            if (o.containsKey("consistentRead")) {
                b.consistentRead(o.get("consistentRead").asBoolean());
            }
            entities.add(b.build());
        }
        return entities;
    }

    private static KeyAttribute keyAttribute(JsonNode node) {
        Map<String, JsonNode> o = node.asObject();
        return KeyAttribute.of(o.get("name").asString(), KeyAttribute.Type.valueOf(o.get("type").asString()));
    }

    private static String required(Map<String, String> env, String name) {
        String value = env.get(name);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("environment variable " + name + " is not set; the construct sets it");
        }
        return value;
    }

    /** A copy that talks to another DynamoDB endpoint (local mode). */
    public RuntimeConfiguration withDynamoDbEndpoint(String endpoint) {
        return new RuntimeConfiguration(entities, attemptTimeout, callTimeout, maxAttempts,
                endpoint == null || endpoint.isBlank() ? null : endpoint);
    }

    public Map<String, EntityDefinition> entities() {
        return entities;
    }

    public Duration attemptTimeout() {
        return attemptTimeout;
    }

    public Duration callTimeout() {
        return callTimeout;
    }

    public int maxAttempts() {
        return maxAttempts;
    }

    /** The DynamoDB endpoint override, or null for the regional endpoint. */
    public String dynamoDbEndpoint() {
        return dynamoDbEndpoint;
    }
}
