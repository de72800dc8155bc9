package io.consistentcrud.cdk;

import io.consistentcrud.contract.EntitiesDocument;
import io.consistentcrud.contract.HomeRegion;
import io.consistentcrud.contract.IdempotencyRecordSchema;
import io.consistentcrud.contract.RuntimeHandlers;
import io.consistentcrud.contract.RuntimeVariables;
import io.consistentcrud.cdk.internal.UniqueAttributes;
import io.consistentcrud.cdk.internal.schema.ItemSchema;
import java.util.List;
import java.util.StringJoiner;
import software.amazon.awscdk.services.dynamodb.Attribute;
import software.amazon.awscdk.services.dynamodb.AttributeType;

/**
 * Names of the environment variables through which the construct configures the Lambda runtime, as the construct's
 * users know them. Each is the contract's ({@code io.consistentcrud.contract}), which the runtime's
 * {@code RuntimeConfiguration} reads too; {@code RuntimeVariablesContractTest} in the {@code test} module checks that
 * the runtime reads what the construct sets.
 */
public final class RuntimeEnvironment {
    /** JSON array describing the entities, see {@link #entitiesJson(List, List)}. */
    public static final String ENTITIES = RuntimeVariables.ENTITIES;
    /** SDK attempt timeout, milliseconds. */
    public static final String ATTEMPT_TIMEOUT_MS = RuntimeVariables.ATTEMPT_TIMEOUT_MS;
    /** SDK call timeout, milliseconds. */
    public static final String CALL_TIMEOUT_MS = RuntimeVariables.CALL_TIMEOUT_MS;
    /** SDK attempts per call, the first included. */
    public static final String MAX_ATTEMPTS = RuntimeVariables.MAX_ATTEMPTS;
    /** The table of Idempotency-Key records (partition key {@code pk} (S), TTL attribute {@code expiresAt}). */
    public static final String IDEMPOTENCY_TABLE = RuntimeVariables.IDEMPOTENCY_TABLE;
    /**
     * The table of unique-value guards (partition key {@code pk} (S), no sort key); set only when an entity the
     * function serves declares {@link EntitySpec#getUniqueAttributes() unique attributes}.
     */
    public static final String UNIQUE_VALUES_TABLE = RuntimeVariables.UNIQUE_VALUES_TABLE;
    /** How long an Idempotency-Key replays its first outcome, seconds. */
    public static final String IDEMPOTENCY_WINDOW_SECONDS = RuntimeVariables.IDEMPOTENCY_WINDOW_SECONDS;
    /** The namespace of the runtime's embedded metrics. */
    public static final String METRICS_NAMESPACE = RuntimeVariables.METRICS_NAMESPACE;
    /** The value of the runtime metrics' {@code Service} dimension. */
    public static final String SERVICE_NAME = RuntimeVariables.SERVICE_NAME;
    /** Local mode only: a DynamoDB endpoint override. The construct never sets it. */
    public static final String DYNAMODB_ENDPOINT = RuntimeVariables.DYNAMODB_ENDPOINT;
    /** The handler string of the embedded runtime jar. */
    public static final String DEFAULT_HANDLER = RuntimeHandlers.API;
    /** Audit consumer only: include the changed attributes' values ({@code true}/{@code false}). */
    public static final String AUDIT_INCLUDE_VALUES = RuntimeVariables.AUDIT_INCLUDE_VALUES;
    /** Audit consumer only: comma-separated attributes whose values are masked. */
    public static final String AUDIT_REDACT = RuntimeVariables.AUDIT_REDACT;
    /** The partition key of the idempotency table. */
    public static final String IDEMPOTENCY_PARTITION_KEY = IdempotencyRecordSchema.PARTITION_KEY;
    /** The TTL attribute of the idempotency table. */
    public static final String IDEMPOTENCY_TTL_ATTRIBUTE = IdempotencyRecordSchema.EXPIRES_AT;

    private RuntimeEnvironment() {
    }

    /**
     * The value of {@link #ENTITIES}:
     * {@code [{"name","table","pk":{"name","type"},"sk"?:{...},"version","consistentRead","ttl"?,"schema"?,"indexes"?,
     * "unique"?}]}.
     *
     * @param entities   the entities
     * @param tableNames each entity's table name (or a token of it), in the same order
     * @return the JSON text (with tokens where table names are tokens)
     */
    public static String entitiesJson(List<EntitySpec> entities, List<String> tableNames) {
        return entitiesJson(entities, tableNames, java.util.Collections.nCopies(entities.size(), null));
    }

    /**
     * {@link #entitiesJson(List, List)} with each entity's home Region ({@code homeRegion}, {@link HomeRegion}),
     * null for an entity whose table is in one Region.
     *
     * @param entities the entities
     * @param tableNames each entity's table name (or a token of it), in the same order
     * @param homeRegions each entity's home Region, or null for a single-Region table, in the same order
     * @return the JSON text (with tokens where table names are tokens)
     */
    public static String entitiesJson(List<EntitySpec> entities, List<String> tableNames, List<String> homeRegions) {
        if (entities.size() != tableNames.size() || entities.size() != homeRegions.size()) {
            throw new IllegalArgumentException(entities.size() + " entities but " + tableNames.size() + " table names");
        }
        StringJoiner array = new StringJoiner(",", "[", "]");
        for (int i = 0; i < entities.size(); i++) {
            EntitySpec e = entities.get(i);
            StringBuilder o = new StringBuilder("{").append(field(EntitiesDocument.NAME, quote(e.getName())))
                    .append(',').append(field(EntitiesDocument.TABLE, quote(tableNames.get(i))))
                    .append(',').append(field(EntitiesDocument.PARTITION_KEY, keyJson(e.getPartitionKey())));
            if (e.getSortKey() != null) {
                o.append(',').append(field(EntitiesDocument.SORT_KEY, keyJson(e.getSortKey())));
            }
            o.append(',').append(field(EntitiesDocument.VERSION, quote(e.getVersionAttribute())))
                    .append(',').append(field(EntitiesDocument.CONSISTENT_READ,
                            Boolean.toString(!Boolean.FALSE.equals(e.getConsistentRead()))));
            if (e.getTimeToLiveAttribute() != null) {
                o.append(',').append(field(EntitiesDocument.TTL, quote(e.getTimeToLiveAttribute())));
            }
            if (!e.getIndexes().isEmpty()) {
                StringJoiner indexes = new StringJoiner(",", "[", "]");
                for (EntityIndex index : e.getIndexes()) {
                    StringBuilder io = new StringBuilder("{").append(field(EntitiesDocument.NAME, quote(index.getName())))
                            .append(',').append(field(EntitiesDocument.PARTITION_KEY, keyJson(index.getPartitionKey())));
                    if (index.getSortKey() != null) {
                        io.append(',').append(field(EntitiesDocument.SORT_KEY, keyJson(index.getSortKey())));
                    }
                    indexes.add(io.append('}'));
                }
                o.append(',').append(field(EntitiesDocument.INDEXES, indexes.toString()));
            }
            if (homeRegions.get(i) != null) {
                o.append(',').append(field(HomeRegion.ENTITY_FIELD, quote(homeRegions.get(i))));
            }
            List<String> unique = UniqueAttributes.of(e);
            if (!unique.isEmpty()) {
                StringJoiner names = new StringJoiner(",", "[", "]");
                unique.forEach(name -> names.add(quote(name)));
                o.append(',').append(field(EntitiesDocument.UNIQUE, names.toString()));
            }
            if (e.getSchema() != null) {
                // Validated by the construct before any environment is made; a refusal here names the same rule.
                o.append(',').append(field(EntitiesDocument.SCHEMA, ItemSchema.of(e, IllegalArgumentException::new)
                        .environmentSchema().toString()));
            }
            array.add(o.append('}'));
        }
        return array.toString();
    }

    private static String keyJson(Attribute a) {
        return "{" + field(EntitiesDocument.NAME, quote(a.getName())) + "," + field(EntitiesDocument.TYPE,
                quote(a.getType() == AttributeType.NUMBER ? EntitiesDocument.TYPE_NUMBER : EntitiesDocument.TYPE_STRING))
                + "}";
    }

    private static String field(String name, String jsonValue) {
        return quote(name) + ":" + jsonValue;
    }

    /** Names are validated to plain identifiers before they get here; escaping keeps the JSON valid regardless. */
    private static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
