package io.consistentcrud.runtime.internal.store;

import io.consistentcrud.runtime.Bookkeeping;
import io.consistentcrud.runtime.EntityDefinition;
import io.consistentcrud.runtime.VersionedItem;
import io.consistentcrud.runtime.WriteContext;
import io.consistentcrud.runtime.internal.Expression;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalLong;
import software.amazon.awssdk.awscore.AwsRequestOverrideConfiguration;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

/**
 * A create (G3): the put of the new item if no item has its key — at version 1, or over a tombstone at the
 * tombstone's version plus one ({@link Tombstones}). The item carries the request token as its creation token, by
 * which a keyless create recognises its own committed put when the SDK retried it (G4).
 */
public final class CreateWrite implements ItemWrite {
    private final VersionedItem written;
    private final ConditionalPut put;

    private CreateWrite(VersionedItem written, ConditionalPut put) {
        this.written = written;
        this.put = put;
    }

    /**
     * @param item      the client's attributes, key included; no version or bookkeeping attributes
     * @param tombstone the version of the tombstone the create is put over, or empty for a key without one
     */
    public static CreateWrite of(EntityDefinition entity, Map<String, AttributeValue> item, OptionalLong tombstone,
                                 WriteContext ctx) {
        long version = tombstone.isPresent() ? tombstone.getAsLong() + 1 : 1;
        Map<String, AttributeValue> written = new LinkedHashMap<>(item);
        written.put(entity.versionAttribute(), Tombstones.number(version));
        written.put(Bookkeeping.CREATE_TOKEN, AttributeValue.fromS(ctx.requestToken()));
        Stamp.onto(written, ctx);
        Expression x = new Expression();
        String condition = tombstone.isEmpty()
                ? "attribute_not_exists(" + x.name(entity.partitionKey().name()) + ")"
                : Tombstones.over(entity, x, tombstone.getAsLong());
        return new CreateWrite(new VersionedItem(written, version),
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

    /** The single {@code PutItem} of a create without an Idempotency-Key. */
    public PutItemRequest request(AwsRequestOverrideConfiguration override) {
        return put.request(override);
    }
}
