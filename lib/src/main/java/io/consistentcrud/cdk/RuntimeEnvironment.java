package io.consistentcrud.cdk;

import java.util.List;
import java.util.StringJoiner;
import software.amazon.awscdk.services.dynamodb.Attribute;
import software.amazon.awscdk.services.dynamodb.AttributeType;

/**
 * Names of the environment variables through which the construct configures the Lambda runtime. They must match
 * the runtime's {@code RuntimeConfiguration}; a contract test in the {@code test} module checks that they do.
 */
public final class RuntimeEnvironment {
    /** JSON array describing the entities, see {@link #entitiesJson(List, List)}. */
    public static final String ENTITIES = "CCA_ENTITIES";
    /** SDK attempt timeout, milliseconds. */
    public static final String ATTEMPT_TIMEOUT_MS = "CCA_ATTEMPT_TIMEOUT_MS";
    /** SDK call timeout, milliseconds. */
    public static final String CALL_TIMEOUT_MS = "CCA_CALL_TIMEOUT_MS";
    /** SDK attempts per call, the first included. */
    public static final String MAX_ATTEMPTS = "CCA_MAX_ATTEMPTS";
    /** The table of Idempotency-Key records (partition key {@code pk} (S), TTL attribute {@code expiresAt}). */
    public static final String IDEMPOTENCY_TABLE = "CCA_IDEMPOTENCY_TABLE";
    /** How long an Idempotency-Key replays its first outcome, seconds. */
    public static final String IDEMPOTENCY_WINDOW_SECONDS = "CCA_IDEMPOTENCY_WINDOW_SECONDS";
    /** The namespace of the runtime's embedded metrics. */
    public static final String METRICS_NAMESPACE = "CCA_METRICS_NAMESPACE";
    /** The value of the runtime metrics' {@code Service} dimension. */
    public static final String SERVICE_NAME = "CCA_SERVICE_NAME";
    /** Local mode only: a DynamoDB endpoint override. The construct never sets it. */
    public static final String DYNAMODB_ENDPOINT = "CCA_DYNAMODB_ENDPOINT";
    /** The handler string of the embedded runtime jar. */
    public static final String DEFAULT_HANDLER = "io.consistentcrud.runtime.http.LambdaEntry::handleRequest";
    /** Audit consumer only: include the changed attributes' values ({@code true}/{@code false}). */
    public static final String AUDIT_INCLUDE_VALUES = "CCA_AUDIT_INCLUDE_VALUES";
    /** Audit consumer only: comma-separated attributes whose values are masked. */
    public static final String AUDIT_REDACT = "CCA_AUDIT_REDACT";
    /** The partition key of the idempotency table. */
    public static final String IDEMPOTENCY_PARTITION_KEY = "pk";
    /** The TTL attribute of the idempotency table. */
    public static final String IDEMPOTENCY_TTL_ATTRIBUTE = "expiresAt";

    private RuntimeEnvironment() {
    }

    /**
     * The value of {@link #ENTITIES}:
     * {@code [{"name","table","pk":{"name","type"},"sk"?:{...},"version","consistentRead","ttl"?}]}.
     *
     * @param entities   the entities
     * @param tableNames each entity's table name (or a token of it), in the same order
     */
    public static String entitiesJson(List<EntitySpec> entities, List<String> tableNames) {
        if (entities.size() != tableNames.size()) {
            throw new IllegalArgumentException(entities.size() + " entities but " + tableNames.size() + " table names");
        }
        StringJoiner array = new StringJoiner(",", "[", "]");
        for (int i = 0; i < entities.size(); i++) {
            EntitySpec e = entities.get(i);
            StringBuilder o = new StringBuilder("{\"name\":").append(quote(e.getName()))
                    .append(",\"table\":").append(quote(tableNames.get(i)))
                    .append(",\"pk\":").append(keyJson(e.getPartitionKey()));
            if (e.getSortKey() != null) {
                o.append(",\"sk\":").append(keyJson(e.getSortKey()));
            }
            o.append(",\"version\":").append(quote(e.getVersionAttribute()))
                    .append(",\"consistentRead\":").append(!Boolean.FALSE.equals(e.getConsistentRead()));
            if (e.getTimeToLiveAttribute() != null) {
                o.append(",\"ttl\":").append(quote(e.getTimeToLiveAttribute()));
            }
            array.add(o.append('}'));
        }
        return array.toString();
    }

    private static String keyJson(Attribute a) {
        return "{\"name\":" + quote(a.getName()) + ",\"type\":\"" + (a.getType() == AttributeType.NUMBER ? "N" : "S")
                + "\"}";
    }

    /** Names are validated to plain identifiers before they get here; escaping keeps the JSON valid regardless. */
    private static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
