package io.consistentcrud.runtime.internal;

import io.consistentcrud.runtime.EntityDefinition;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Which stored item a key names, compared as DynamoDB compares keys: the table, then each key attribute's value by
 * itself — never a text joined from them, in which {@code ("a/b", "c")} and {@code ("a", "b/c")} would be one — and a
 * number by its value ({@code 1} and {@code 1.0} are one key).
 *
 * @param table  the entity's table
 * @param values each key attribute's value, partition key first: a string, a number without trailing zeros, bytes
 */
public record ItemIdentity(String table, List<Object> values) {
    /**
     * The identity of the item {@code key} names; {@code key} holds the entity's key attributes.
     *
     * @param entity the entity of the item
     * @param key the item's key
     * @return the identity, equal for any two keys that name the same stored item
     */
    public static ItemIdentity of(EntityDefinition entity, Map<String, AttributeValue> key) {
        List<Object> values = new ArrayList<>();
        values.add(value(key.get(entity.partitionKey().name())));
        entity.sortKey().ifPresent(sk -> values.add(value(key.get(sk.name()))));
        return new ItemIdentity(entity.tableName(), values);
    }

    private static Object value(AttributeValue v) {
        if (v.s() != null) {
            return v.s();
        }
        if (v.n() != null) {
            BigDecimal n = new BigDecimal(v.n());
            return n.signum() == 0 ? BigDecimal.ZERO : n.stripTrailingZeros();
        }
        return v.b();
    }
}
