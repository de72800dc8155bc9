package io.consistentcrud.runtime.internal.store;

import io.consistentcrud.runtime.Bookkeeping;
import io.consistentcrud.runtime.EntityDefinition;
import io.consistentcrud.runtime.WriteContext;
import io.consistentcrud.runtime.internal.Expression;
import java.util.LinkedHashMap;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The delete protocol (G2): a delete puts the item's tombstone in its place — the key, the version plus one,
 * {@link Bookkeeping#DELETED} and the deleter's stamp, nothing else ({@link DeleteWrite}). Every other condition of
 * the store requires a live item ({@link #live}); a create that meets a tombstone puts the new item conditioned on
 * that very tombstone, at its version plus one ({@link #over}), so no version seen before the delete matches the new
 * item; reads and queries leave tombstones out. Tombstones do not expire: one that did would let versions restart.
 */
public final class Tombstones {
    private Tombstones() {
    }

    /** The condition that the item is live: not the tombstone a delete left. */
    static String live(Expression x) {
        return "attribute_not_exists(" + x.name(Bookkeeping.DELETED) + ")";
    }

    /** The condition that the item is live and at {@code version}. */
    static String liveAtVersion(EntityDefinition entity, Expression x, long version) {
        return x.name(entity.versionAttribute()) + " = " + x.value(number(version)) + " AND " + live(x);
    }

    /** The condition that the item is the tombstone at {@code version}: what a create over a deleted key needs. */
    static String over(EntityDefinition entity, Expression x, long version) {
        return "attribute_exists(" + x.name(Bookkeeping.DELETED) + ") AND " + x.name(entity.versionAttribute())
                + " = " + x.value(number(version));
    }

    /** The tombstone of the item at {@code deletedVersion}; its stream record names the deleter (G8). */
    static Map<String, AttributeValue> of(EntityDefinition entity, Map<String, AttributeValue> key, long deletedVersion,
                                          WriteContext ctx) {
        Map<String, AttributeValue> tombstone = new LinkedHashMap<>(key);
        tombstone.put(entity.versionAttribute(), number(deletedVersion + 1));
        tombstone.put(Bookkeeping.DELETED, AttributeValue.fromBool(true));
        Stamp.onto(tombstone, ctx);
        return tombstone;
    }

    static AttributeValue number(long n) {
        return AttributeValue.fromN(Long.toString(n));
    }
}
