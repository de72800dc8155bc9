package io.consistentcrud.cdk.internal;

import io.consistentcrud.cdk.EntityIndex;
import io.consistentcrud.cdk.EntitySpec;
import io.consistentcrud.contract.ReservedAttributes;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awscdk.services.dynamodb.BillingMode;
import software.amazon.awscdk.services.dynamodb.GlobalSecondaryIndexPropsV2;
import software.amazon.awscdk.services.dynamodb.ITableV2;
import software.amazon.awscdk.services.dynamodb.ProjectionType;

/**
 * An entity's global secondary indexes as DynamoDB gets them: each holds, whatever projection the entity chose, the
 * version attribute (every answer carries the version) and the tombstone marker (the runtime filters deleted items
 * out of index answers; without the marker in the index it could not tell them apart).
 */
public final class EntityIndexes {
    private EntityIndexes() {
    }

    /** The attributes every index holds besides its projection's. */
    static List<String> alwaysProjected(EntitySpec e) {
        return List.of(e.getVersionAttribute(), ReservedAttributes.DELETED);
    }

    /** The non-key attributes an index holds: null for ALL, else the declared ones and {@link #alwaysProjected}. */
    static List<String> nonKeyAttributes(EntitySpec e, EntityIndex index) {
        if (index.getProjection() == ProjectionType.ALL) {
            return null;
        }
        List<String> names = new ArrayList<>(index.getNonKeyAttributes());
        alwaysProjected(e).forEach(a -> {
            if (!names.contains(a)) {
                names.add(a);
            }
        });
        return names;
    }

    /**
     * The GSIs of a table the construct creates. KEYS_ONLY becomes INCLUDE of the always-projected attributes; an
     * on-demand index gets the table's maximum throughput, so the cost guard covers index reads too.
     */
    static List<GlobalSecondaryIndexPropsV2> of(EntitySpec e) {
        boolean onDemand = e.getBillingMode() != BillingMode.PROVISIONED;
        return e.getIndexes().stream().map(index -> GlobalSecondaryIndexPropsV2.builder()
                .indexName(index.getName())
                .partitionKey(index.getPartitionKey())
                .sortKey(index.getSortKey())
                .projectionType(index.getProjection() == ProjectionType.ALL ? ProjectionType.ALL : ProjectionType.INCLUDE)
                .nonKeyAttributes(nonKeyAttributes(e, index))
                .maxReadRequestUnits(onDemand ? EntityTables.maxRequestUnits(e.getMaxReadRequestUnits()) : null)
                .maxWriteRequestUnits(onDemand ? EntityTables.maxRequestUnits(e.getMaxWriteRequestUnits()) : null)
                .build()).toList();
    }

    /**
     * An index's part of construct and expression ids: {@code UsersByEmail}. Index names may hold dots, dashes and
     * underscores, which ids cannot; the entity's indexes are checked at synth to keep distinct id parts.
     *
     * @param entity    the entity's name
     * @param indexName the index's name
     * @return the entity's id part followed by the index name's letters and digits, its first one capitalised
     */
    public static String idPart(String entity, String indexName) {
        String clean = indexName.replaceAll("[^A-Za-z0-9]", "");
        return EntityTables.idPart(entity) + Character.toUpperCase(clean.charAt(0)) + clean.substring(1);
    }

    /**
     * The ARNs of an entity's indexes, the only resources of its index queries' grant.
     *
     * @param table the entity's table
     * @param e     the entity
     * @return one ARN per declared index ({@code <table ARN>/index/<name>}), in declaration order; empty when the
     *         entity has none
     */
    public static List<String> arns(ITableV2 table, EntitySpec e) {
        return e.getIndexes().stream().map(i -> table.getTableArn() + "/index/" + i.getName()).toList();
    }
}
