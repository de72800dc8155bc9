package io.consistentcrud.runtime.internal.store;

import io.consistentcrud.contract.UniqueValueSchema;
import io.consistentcrud.runtime.EntityDefinition;
import io.consistentcrud.runtime.TransactionOperation;
import io.consistentcrud.runtime.internal.Expression;
import io.consistentcrud.runtime.schema.SchemaViolation;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import software.amazon.awssdk.protocols.jsoncore.JsonWriter;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.Delete;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

/**
 * The unique-attribute protocol. A GSI cannot refuse a second item with the same value, so each value of a unique
 * attribute that a live item holds has a guard item in the unique-values table, keyed by the entity, the attribute
 * and the value, and naming its owner (the item's key). The guard moves in the same {@code TransactWriteItems} as
 * the item: a create puts a guard per value, a write that changes a value deletes the old guard and puts the new
 * one, a delete deletes the item's guards. A guard's put is conditioned on "no guard, or one this item owns": a
 * value another item holds cancels the whole write. A guard's delete is conditioned the same way, so a value whose
 * guard another item holds (an item written before the attribute was declared unique never had one) is never
 * taken from that item: the write then goes again without that delete. Numbers are compared as numbers
 * ({@code 1.0} and {@code 1} are one value, as for DynamoDB), strings exactly.
 */
public final class UniqueGuards {
    /** The guard's owner: the owning item's key, in an unambiguous text (see {@link #owner}). */
    static final String OWNER = "owner";
    /** DynamoDB's limit on a partition key value, in bytes. */
    private static final int MAX_GUARD_KEY_BYTES = 2048;

    private UniqueGuards() {
    }

    /**
     * One change of one guard: the put of a value's guard, or its delete.
     *
     * @param attribute the unique attribute
     * @param put       true for the put of the new value's guard, false for the delete of the old value's
     * @param guardKey  the guard's key
     */
    record Move(String attribute, boolean put, String guardKey) {
    }

    /**
     * Every way the item's unique values cannot be guarded: a value that is neither a string nor a number (a
     * guard's key holds a scalar), or one too long for a guard's key. Absent and {@code null} members hold no value.
     *
     * @param entity the item's entity
     * @param item   the item, or the members of a patch
     * @return the violations, keyword {@code unique}; empty when every value can be guarded
     */
    public static List<SchemaViolation> violations(EntityDefinition entity, Map<String, AttributeValue> item) {
        List<SchemaViolation> violations = new ArrayList<>();
        for (String attribute : entity.uniqueAttributes()) {
            AttributeValue value = item.get(attribute);
            if (value == null || value.nul() != null) {
                continue;
            }
            String pointer = "/" + attribute.replace("~", "~0").replace("/", "~1");
            if (value.s() == null && value.n() == null) {
                violations.add(new SchemaViolation(pointer, "unique",
                        "a unique attribute holds a string or a number"));
            } else if (guardKey(entity, attribute, value).getBytes(StandardCharsets.UTF_8).length
                    > MAX_GUARD_KEY_BYTES) {
                violations.add(new SchemaViolation(pointer, "unique", "a unique value takes at most about "
                        + (MAX_GUARD_KEY_BYTES - 64) + " bytes"));
            }
        }
        return violations;
    }

    /**
     * The guard keys of the unique values an item holds.
     *
     * @param entity the item's entity
     * @param item   a stored or a new item; a tombstone holds none
     * @return unique attribute to its value's guard key, for the attributes the item holds a string or number in
     */
    static Map<String, String> guardKeysOf(EntityDefinition entity, Map<String, AttributeValue> item) {
        Map<String, String> keys = new LinkedHashMap<>();
        for (String attribute : entity.uniqueAttributes()) {
            AttributeValue value = item.get(attribute);
            if (value != null && (value.s() != null || value.n() != null)) {
                keys.put(attribute, guardKey(entity, attribute, value));
            }
        }
        return keys;
    }

    /**
     * The guard changes that take the item from the values {@code before} to the values {@code after}.
     *
     * @param before the guard keys the stored item holds ({@link #guardKeysOf}); empty for a create
     * @param after  the guard keys the written item holds; empty for a delete
     * @return the deletes of the values given up and the puts of the values taken, unchanged values left out
     */
    static List<Move> moves(EntityDefinition entity, Map<String, String> before, Map<String, String> after) {
        List<Move> moves = new ArrayList<>();
        for (String attribute : entity.uniqueAttributes()) {
            String was = before.get(attribute);
            String now = after.get(attribute);
            if (Objects.equals(was, now)) {
                continue;
            }
            if (was != null) {
                moves.add(new Move(attribute, false, was));
            }
            if (now != null) {
                moves.add(new Move(attribute, true, now));
            }
        }
        return moves;
    }

    /**
     * The transaction item of a move, for the item with this key.
     *
     * @param entity the item's entity, whose unique-values table holds the guard
     * @param key    the owning item's key
     * @param move   the move
     * @return a put or a delete of the guard, conditioned on no guard or one the item owns; {@code ALL_OLD}
     */
    static TransactWriteItem transactItem(EntityDefinition entity, Map<String, AttributeValue> key, Move move) {
        Expression x = new Expression();
        String condition = "attribute_not_exists(" + x.name(UniqueValueSchema.PARTITION_KEY) + ") OR "
                + x.name(OWNER) + " = " + x.value(AttributeValue.fromS(owner(entity, key)));
        Map<String, AttributeValue> guardKey = Map.of(UniqueValueSchema.PARTITION_KEY,
                AttributeValue.fromS(move.guardKey()));
        if (move.put()) {
            Map<String, AttributeValue> guard = new LinkedHashMap<>(guardKey);
            guard.put(OWNER, AttributeValue.fromS(owner(entity, key)));
            return TransactWriteItem.builder().put(Put.builder()
                    .tableName(table(entity))
                    .item(guard)
                    .conditionExpression(condition)
                    .expressionAttributeNames(x.names())
                    .expressionAttributeValues(x.values())
                    .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)
                    .build()).build();
        }
        return TransactWriteItem.builder().delete(Delete.builder()
                .tableName(table(entity))
                .key(guardKey)
                .conditionExpression(condition)
                .expressionAttributeNames(x.names())
                .expressionAttributeValues(x.values())
                .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)
                .build()).build();
    }

    /**
     * The condition that the stored item holds exactly the unique values {@code expected}: what a write that
     * assumes its values unchanged adds to its own condition, so that it needs no guard change.
     *
     * @param x        the expression the condition's names and values go into
     * @param item     the written item, whose unique values are assumed to be the stored ones
     * @return the condition, e.g. {@code #a = :v AND attribute_not_exists(#b)}
     */
    static String unchanged(EntityDefinition entity, Expression x, Map<String, AttributeValue> item) {
        List<String> parts = new ArrayList<>();
        for (String attribute : entity.uniqueAttributes()) {
            AttributeValue value = item.get(attribute);
            if (value != null && (value.s() != null || value.n() != null)) {
                parts.add(x.name(attribute) + " = " + x.value(value));
            } else {
                // Anything that is not a string or number holds no guard; only a missing attribute is known safe.
                parts.add("attribute_not_exists(" + x.name(attribute) + ")");
            }
        }
        return String.join(" AND ", parts);
    }

    /**
     * The most guard items an operation of a transaction adds to it: what the limit of 100 items per transaction
     * must leave room for.
     *
     * @param op an operation
     * @return a create's values, twice the unique attributes for a replace (each may move), once for a delete
     */
    public static int mostGuardItems(TransactionOperation op) {
        int unique = op.entity().uniqueAttributes().size();
        return switch (op.kind()) {
            case PUT_NEW -> guardKeysOf(op.entity(), op.item()).size();
            case REPLACE -> 2 * unique;
            case DELETE -> unique;
            default -> 0;
        };
    }

    /**
     * The unique-values table of the entity.
     *
     * @throws IllegalStateException when the entity has unique attributes but no table was configured for them
     */
    static String table(EntityDefinition entity) {
        return entity.uniqueValuesTable().orElseThrow(() -> new IllegalStateException("entity '" + entity.name()
                + "' declares unique attributes " + entity.uniqueAttributes()
                + " but no unique-values table is configured (CCA_UNIQUE_VALUES_TABLE)"));
    }

    /** The guard key: the entity, the attribute, the value's type and its canonical text, as a JSON array. */
    static String guardKey(EntityDefinition entity, String attribute, AttributeValue value) {
        JsonWriter w = JsonWriter.create();
        w.writeStartArray();
        w.writeValue(entity.name());
        w.writeValue(attribute);
        writeScalar(w, value);
        w.writeEndArray();
        return new String(w.getBytes(), StandardCharsets.UTF_8);
    }

    /** The owning item's key as a JSON array of type and canonical text per key attribute: never ambiguous. */
    static String owner(EntityDefinition entity, Map<String, AttributeValue> key) {
        JsonWriter w = JsonWriter.create();
        w.writeStartArray();
        writeScalar(w, key.get(entity.partitionKey().name()));
        entity.sortKey().ifPresent(sk -> writeScalar(w, key.get(sk.name())));
        w.writeEndArray();
        return new String(w.getBytes(), StandardCharsets.UTF_8);
    }

    private static void writeScalar(JsonWriter w, AttributeValue value) {
        if (value.s() != null) {
            w.writeValue("S");
            w.writeValue(value.s());
        } else {
            w.writeValue("N");
            // DynamoDB compares numbers as numbers: 1, 1.0 and 1E0 are one value, so one guard.
            w.writeValue(new BigDecimal(value.n()).stripTrailingZeros().toString());
        }
    }
}
