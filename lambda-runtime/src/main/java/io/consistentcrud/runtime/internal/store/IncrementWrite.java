package io.consistentcrud.runtime.internal.store;

import io.consistentcrud.runtime.EntityDefinition;
import io.consistentcrud.runtime.WriteContext;
import io.consistentcrud.runtime.internal.Expression;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalLong;
import java.util.StringJoiner;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;
import software.amazon.awssdk.services.dynamodb.model.Update;

/**
 * An increment: {@code ADD} of each delta and of one to the version, and the stamp's {@code SET}, on an existing live
 * item — at the expected version when there is one, and within the bounds ({@code attr + delta >= min} is checked as
 * {@code attr >= min - delta}; an attribute the item lacks counts as 0, as {@code ADD} counts it, so it passes when
 * {@code 0 + delta >= min}), and holding every member the entity's schema requires (an item from before a member
 * was made required must get it by PUT or PATCH first). Its {@link #version()} is 0 without an expected version: not
 * known before the commit (read after it, if at all).
 */
public final class IncrementWrite extends UpdateWrite {
    private static final AttributeValue ONE = AttributeValue.fromN("1");

    private IncrementWrite(long version, Update update) {
        super(version, update);
    }

    /**
     * @param entity the entity of the item
     * @param key the item's key
     * @param deltas attribute name to the decimal text added
     * @param bounds attribute name to the minimum it must keep; each one also has a delta
     * @param expectedVersion the version the increment is conditioned on; empty for any live version
     * @param ctx the request's caller, token, Idempotency-Key and deadline
     * @return the increment
     */
    public static IncrementWrite of(EntityDefinition entity, Map<String, AttributeValue> key,
                                    Map<String, String> deltas, Map<String, String> bounds,
                                    OptionalLong expectedVersion, WriteContext ctx) {
        Expression x = new Expression();
        StringJoiner add = new StringJoiner(", ", "ADD ", "");
        Map<String, BigDecimal> parsed = new LinkedHashMap<>();
        deltas.forEach((name, text) -> {
            BigDecimal delta;
            try {
                delta = new BigDecimal(text);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("the increment of '" + name + "' is not a number", e);
            }
            parsed.put(name, delta);
            add.add(x.name(name) + " " + x.value(AttributeValue.fromN(delta.toPlainString())));
        });
        add.add(x.name(entity.versionAttribute()) + " " + x.value(ONE));
        String set = Stamp.set(x, ctx);
        StringJoiner condition = new StringJoiner(" AND ");
        condition.add("attribute_exists(" + x.name(entity.partitionKey().name()) + ")");
        condition.add(Tombstones.live(x));
        expectedVersion.ifPresent(v -> condition.add(x.name(entity.versionAttribute()) + " = "
                + x.value(Tombstones.number(v))));
        // An item from before a member was made required must get it by PUT or PATCH before it changes again: the
        // increment does not read the item, so it is the condition that asks (no extra round trip).
        for (String member : entity.requiredMembers()) {
            condition.add("attribute_exists(" + x.name(member) + ")");
        }
        bounds.forEach((name, minimum) -> {
            BigDecimal needed = new BigDecimal(minimum).subtract(parsed.get(name));
            String atLeast = x.name(name) + " >= " + x.value(AttributeValue.fromN(needed.toPlainString()));
            condition.add(needed.signum() <= 0 ? "(attribute_not_exists(" + x.name(name) + ") OR " + atLeast + ")"
                    : atLeast);
        });
        Update update = Update.builder()
                .tableName(entity.tableName())
                .key(key)
                .updateExpression(add + set)
                .conditionExpression(condition.toString())
                .expressionAttributeNames(x.names())
                .expressionAttributeValues(x.values())
                .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)
                .build();
        return new IncrementWrite(expectedVersion.isPresent() ? expectedVersion.getAsLong() + 1 : 0, update);
    }

    /**
     * The item after adding each delta, as {@code ADD} does (a missing attribute counts as 0).
     *
     * @param item the item before the increment
     * @param deltas attribute name to the decimal text added
     * @return a new map: the item with each delta added
     */
    public static Map<String, AttributeValue> added(Map<String, AttributeValue> item, Map<String, String> deltas) {
        Map<String, AttributeValue> result = new LinkedHashMap<>(item);
        deltas.forEach((name, delta) -> {
            AttributeValue old = result.get(name);
            BigDecimal base = old == null ? BigDecimal.ZERO : new BigDecimal(old.n());
            BigDecimal sum = base.add(new BigDecimal(delta));
            result.put(name, AttributeValue.fromN(sum.signum() == 0 ? "0" : sum.stripTrailingZeros().toPlainString()));
        });
        return result;
    }
}
