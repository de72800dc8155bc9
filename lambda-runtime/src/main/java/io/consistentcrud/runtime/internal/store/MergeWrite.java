package io.consistentcrud.runtime.internal.store;

import io.consistentcrud.runtime.EntityDefinition;
import io.consistentcrud.runtime.WriteContext;
import io.consistentcrud.runtime.internal.Expression;
import java.util.Map;
import java.util.StringJoiner;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;
import software.amazon.awssdk.services.dynamodb.model.Update;

/**
 * A merge patch without nested objects, written without reading the item (G2): {@code SET} of each member,
 * {@code REMOVE} of each {@code NULL} member, the next version and the stamp, on the live item at the expected
 * version. The creation token stays, as in the full merge (whose replace writes back the item it read): a keyless
 * create whose retry meets the merged item still recognises its own create (G4). For such a patch this is
 * exactly RFC 7396 applied to the item as it is when DynamoDB writes it; a member holding an object merges into the
 * current member, which needs the item, so such a patch takes the read-then-replace path.
 */
public final class MergeWrite extends UpdateWrite {
    private MergeWrite(long version, Update update) {
        super(version, update);
    }

    /**
     * Whether {@code patch} can be written without the item: none of its members holds an object.
     *
     * @param patch top-level members of the patch
     * @return true when no member holds a map, so one update can apply the patch
     */
    public static boolean writableWithoutRead(Map<String, AttributeValue> patch) {
        return patch.values().stream().noneMatch(v -> v.type() == AttributeValue.Type.M);
    }

    /**
     * A merge patch as one update conditioned on {@code expectedVersion}, without a read.
     *
     * @param entity the entity of the item
     * @param key the item's key
     * @param patch top-level members of the patch; key attributes only with their own value, left as they are
     * @param expectedVersion the version the client last read; the write applies only at that version
     * @param ctx the request's caller, token, Idempotency-Key and deadline
     * @return the update
     * @throws IllegalArgumentException when a member of the patch holds an object (see {@link #writableWithoutRead})
     */
    public static MergeWrite of(EntityDefinition entity, Map<String, AttributeValue> key,
                                Map<String, AttributeValue> patch, long expectedVersion, WriteContext ctx) {
        if (!writableWithoutRead(patch)) {
            throw new IllegalArgumentException("a patch with nested objects needs the item: merge it from a read");
        }
        Expression x = new Expression();
        StringJoiner set = new StringJoiner(", ");
        StringJoiner remove = new StringJoiner(", ", " REMOVE ", "");
        remove.setEmptyValue("");
        patch.forEach((name, value) -> {
            if (entity.isKeyAttribute(name)) {
                return;
            }
            if (value.nul() != null) {
                remove.add(x.name(name));
            } else {
                set.add(x.name(name) + " = " + x.value(value));
            }
        });
        set.add(x.name(entity.versionAttribute()) + " = " + x.value(Tombstones.number(expectedVersion + 1)));
        String condition = "attribute_exists(" + x.name(entity.partitionKey().name()) + ") AND "
                + Tombstones.liveAtVersion(entity, x, expectedVersion);
        Update update = Update.builder()
                .tableName(entity.tableName())
                .key(key)
                .updateExpression("SET " + set + ", " + Stamp.assignments(x, ctx) + remove)
                .conditionExpression(condition)
                .expressionAttributeNames(x.names())
                .expressionAttributeValues(x.values())
                .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)
                .build();
        return new MergeWrite(expectedVersion + 1, update);
    }
}
