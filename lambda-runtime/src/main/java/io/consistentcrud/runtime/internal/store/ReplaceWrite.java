package io.consistentcrud.runtime.internal.store;

import io.consistentcrud.runtime.EntityDefinition;
import io.consistentcrud.runtime.WriteContext;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** A replace (G2): the put of the whole item if the live item is at the expected version; merges end in one. */
public final class ReplaceWrite extends WholeItemWrite {
    private ReplaceWrite(EntityDefinition entity, Map<String, AttributeValue> item, long expectedVersion,
                         WriteContext ctx, boolean uniqueValuesUnchanged) {
        super(entity, item, expectedVersion + 1, ctx, Map.of(),
                x -> Tombstones.liveAtVersion(entity, x, expectedVersion)
                        + (uniqueValuesUnchanged ? " AND " + UniqueGuards.unchanged(entity, x, item) : ""));
    }

    /**
     * A replace: the put of the new item, conditioned on the live item at {@code expectedVersion}.
     *
     * @param entity the entity of the item
     * @param item the whole new item, key included, without version or bookkeeping
     * @param expectedVersion the version the client last read; the write applies only at that version
     * @param ctx the request's caller, token, Idempotency-Key and deadline
     * @return the replace
     */
    public static ReplaceWrite of(EntityDefinition entity, Map<String, AttributeValue> item, long expectedVersion,
                                  WriteContext ctx) {
        return new ReplaceWrite(entity, item, expectedVersion, ctx, false);
    }

    /**
     * A replace of an item of an entity with unique attributes that assumes the item's unique values unchanged, so
     * that it needs no guard change: conditioned also on the stored item holding exactly the new item's values.
     * When that part fails, the item the write met ({@code ALL_OLD}) tells the values to move the guards from.
     *
     * @param entity the entity of the item, with unique attributes
     * @param item the whole new item, key included, without version or bookkeeping
     * @param expectedVersion the version the client last read; the write applies only at that version
     * @param ctx the request's caller, token, Idempotency-Key and deadline
     * @return the replace
     */
    public static ReplaceWrite assumingUniqueValuesUnchanged(EntityDefinition entity, Map<String, AttributeValue> item,
                                                             long expectedVersion, WriteContext ctx) {
        return new ReplaceWrite(entity, item, expectedVersion, ctx, true);
    }
}
