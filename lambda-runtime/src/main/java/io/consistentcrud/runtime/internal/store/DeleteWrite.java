package io.consistentcrud.runtime.internal.store;

import io.consistentcrud.runtime.EntityDefinition;
import io.consistentcrud.runtime.WriteContext;
import io.consistentcrud.runtime.internal.Expression;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

/** A delete (G2): the put of the item's tombstone if the live item is at the expected version ({@link Tombstones}). */
public final class DeleteWrite implements ItemWrite {
    private final long deletedVersion;
    private final ConditionalPut put;

    private DeleteWrite(long deletedVersion, ConditionalPut put) {
        this.deletedVersion = deletedVersion;
        this.put = put;
    }

    /**
     * A delete: the put of the tombstone, conditioned on the live item at {@code expectedVersion}.
     *
     * @param entity the entity of the item
     * @param key the item's key
     * @param expectedVersion the version the client last read; the write applies only at that version
     * @param ctx the request's caller, token, Idempotency-Key and deadline
     * @return the delete
     */
    public static DeleteWrite of(EntityDefinition entity, Map<String, AttributeValue> key, long expectedVersion,
                                 WriteContext ctx) {
        Expression x = new Expression();
        String condition = Tombstones.liveAtVersion(entity, x, expectedVersion);
        return new DeleteWrite(expectedVersion, new ConditionalPut(entity.tableName(),
                Tombstones.of(entity, key, expectedVersion, ctx), condition, x));
    }

    /** The deleted version. */
    @Override
    public long version() {
        return deletedVersion;
    }

    @Override
    public TransactWriteItem transactItem() {
        return put.transactItem();
    }
}
