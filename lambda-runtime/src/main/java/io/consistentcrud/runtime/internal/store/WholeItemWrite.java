package io.consistentcrud.runtime.internal.store;

import io.consistentcrud.runtime.EntityDefinition;
import io.consistentcrud.runtime.VersionedItem;
import io.consistentcrud.runtime.WriteContext;
import io.consistentcrud.runtime.internal.Expression;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

/** A write that puts a whole item under a condition, at its new version and with the stamp: a create or a replace. */
abstract sealed class WholeItemWrite implements ItemWrite permits CreateWrite, ReplaceWrite {
    private final VersionedItem written;
    private final ConditionalPut put;

    /**
     * @param item      the client's attributes, key included
     * @param extra     bookkeeping the kind adds to the item
     * @param condition the put's condition, its names and values placed in the given expression
     */
    WholeItemWrite(EntityDefinition entity, Map<String, AttributeValue> item, long version, WriteContext ctx,
                   Map<String, AttributeValue> extra, Function<Expression, String> condition) {
        Map<String, AttributeValue> attributes = new LinkedHashMap<>(item);
        attributes.put(entity.versionAttribute(), Tombstones.number(version));
        attributes.putAll(extra);
        Stamp.onto(attributes, ctx);
        Expression x = new Expression();
        this.put = new ConditionalPut(entity.tableName(), attributes, condition.apply(x), x);
        this.written = new VersionedItem(attributes, version);
    }

    /**
     * The item as written, version and bookkeeping included.
     *
     * @return the item and its new version
     */
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

    ConditionalPut put() {
        return put;
    }
}
