package io.consistentcrud.runtime.internal.store;

import io.consistentcrud.runtime.EntityDefinition;
import io.consistentcrud.runtime.VersionedItem;
import io.consistentcrud.runtime.WriteContext;
import io.consistentcrud.runtime.internal.Expression;
import java.util.LinkedHashMap;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

/** A replace (G2): the put of the whole item if the live item is at the expected version; merges end in one. */
public final class ReplaceWrite implements ItemWrite {
    private final VersionedItem written;
    private final ConditionalPut put;

    private ReplaceWrite(VersionedItem written, ConditionalPut put) {
        this.written = written;
        this.put = put;
    }

    /** @param item the whole new item, key included, without version or bookkeeping */
    public static ReplaceWrite of(EntityDefinition entity, Map<String, AttributeValue> item, long expectedVersion,
                                  WriteContext ctx) {
        long version = expectedVersion + 1;
        Map<String, AttributeValue> written = new LinkedHashMap<>(item);
        written.put(entity.versionAttribute(), Tombstones.number(version));
        Stamp.onto(written, ctx);
        Expression x = new Expression();
        String condition = Tombstones.liveAtVersion(entity, x, expectedVersion);
        return new ReplaceWrite(new VersionedItem(written, version),
                new ConditionalPut(entity.tableName(), written, condition, x));
    }

    /** The item as written, version and bookkeeping included. */
    public VersionedItem written() {
        return written;
    }

    @Override
    public long version() {
        return written.version();
    }

    @Override
    public TransactWriteItem transactItem() {
        return put.transactItem();
    }
}
