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
 * tombstone's version plus one ({@link Tombstones}). The item carries a creation token drawn for this put alone
 * ({@link WriteTokens}), by which a keyless create recognises its own committed put when the SDK or the store sent
 * it again (G4), and no other create — not even one with the same context — is taken for it.
 */
public final class CreateWrite extends WholeItemWrite {
    private final String createToken;

    private CreateWrite(EntityDefinition entity, Map<String, AttributeValue> item, OptionalLong tombstone,
                        WriteContext ctx, String createToken) {
        super(entity, item, tombstone.isPresent() ? tombstone.getAsLong() + 1 : 1, ctx,
                Map.of(Bookkeeping.CREATE_TOKEN, AttributeValue.fromS(createToken)),
                x -> tombstone.isEmpty()
                        ? "attribute_not_exists(" + x.name(entity.partitionKey().name()) + ")"
                        : Tombstones.over(entity, x, tombstone.getAsLong()));
        this.createToken = createToken;
    }

    /**
     * A create with a fresh creation token.
     *
     * @param entity the entity of the item
     * @param item      the client's attributes, key included; no version or bookkeeping attributes
     * @param tombstone the version of the tombstone the create is put over, or empty for a key without one
     * @param ctx the request's caller, token, Idempotency-Key and deadline
     * @return the create
     */
    public static CreateWrite of(EntityDefinition entity, Map<String, AttributeValue> item, OptionalLong tombstone,
                                 WriteContext ctx) {
        return new CreateWrite(entity, item, tombstone, ctx, WriteTokens.fresh());
    }

    /**
     * Whether {@code stored} is the item this very put wrote: it holds this put's creation token.
     *
     * @param stored the item DynamoDB returned with a failed condition
     * @return true when the SDK retried this put after it had committed, so the create is answered as applied
     */
    public boolean wrote(Map<String, AttributeValue> stored) {
        AttributeValue token = stored.get(Bookkeeping.CREATE_TOKEN);
        return token != null && createToken.equals(token.s());
    }

    /**
     * The single {@code PutItem} of a create without an Idempotency-Key.
     *
     * @param override the per-call override (the attempt timeout within the deadline)
     * @return the conditional put: no live item under the key (or the given tombstone)
     */
    public PutItemRequest request(AwsRequestOverrideConfiguration override) {
        return put().request(override);
    }
}
