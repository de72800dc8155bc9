package io.consistentcrud.runtime.internal.store;

import io.consistentcrud.runtime.Bookkeeping;
import io.consistentcrud.runtime.EntityDefinition;
import io.consistentcrud.runtime.WriteContext;
import java.util.Map;
import java.util.OptionalLong;
import software.amazon.awssdk.awscore.AwsRequestOverrideConfiguration;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;

/**
 * A create (G3): the put of the new item if no item has its key — at version 1, or over a tombstone at the
 * tombstone's version plus one ({@link Tombstones}). The item carries the request token as its creation token, by
 * which a keyless create recognises its own committed put when the SDK retried it (G4).
 */
public final class CreateWrite extends WholeItemWrite {
    private CreateWrite(EntityDefinition entity, Map<String, AttributeValue> item, OptionalLong tombstone,
                        WriteContext ctx) {
        super(entity, item, tombstone.isPresent() ? tombstone.getAsLong() + 1 : 1, ctx,
                Map.of(Bookkeeping.CREATE_TOKEN, AttributeValue.fromS(ctx.requestToken())),
                x -> tombstone.isEmpty()
                        ? "attribute_not_exists(" + x.name(entity.partitionKey().name()) + ")"
                        : Tombstones.over(entity, x, tombstone.getAsLong()));
    }

    /**
     * @param item      the client's attributes, key included; no version or bookkeeping attributes
     * @param tombstone the version of the tombstone the create is put over, or empty for a key without one
     */
    public static CreateWrite of(EntityDefinition entity, Map<String, AttributeValue> item, OptionalLong tombstone,
                                 WriteContext ctx) {
        return new CreateWrite(entity, item, tombstone, ctx);
    }

    /** The single {@code PutItem} of a create without an Idempotency-Key. */
    public PutItemRequest request(AwsRequestOverrideConfiguration override) {
        return put().request(override);
    }
}
