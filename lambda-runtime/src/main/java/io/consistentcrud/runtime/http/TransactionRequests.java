package io.consistentcrud.runtime.http;

import io.consistentcrud.runtime.EntityDefinition;
import io.consistentcrud.runtime.KeyAttribute;
import io.consistentcrud.runtime.TransactionOperation;
import io.consistentcrud.runtime.internal.ItemIdentity;
import io.consistentcrud.runtime.internal.store.UniqueGuards;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Reads the body of {@code POST /transactions}, {@code {"operations": [...]}}, into store operations; each
 * operation is one of:
 * <pre>
 * {"op": "create",    "entity": "orders",   "item": {...}}
 * {"op": "replace",   "entity": "users",    "item": {...}, "expectedVersion": 3}
 * {"op": "increment", "entity": "products", "key": {...}, "deltas": {"stock": -1}, "bounds": {"stock": 0}, "expectedVersion"?: 4}
 * {"op": "delete",    "entity": "carts",    "key": {...}, "expectedVersion": 2}
 * {"op": "check",     "entity": "users",    "key": {...}, "expectedVersion": 3}
 * </pre>
 */
final class TransactionRequests {
    /** Most operations in one transaction: DynamoDB's 100 items, less one for the Idempotency-Key record. */
    static final int MAX_OPERATIONS = 99;
    private static final Map<String, Set<String>> FIELDS = Map.of(
            "create", Set.of("op", "entity", "item"),
            "replace", Set.of("op", "entity", "item", "expectedVersion"),
            "increment", Set.of("op", "entity", "key", "deltas", "bounds", "expectedVersion"),
            "delete", Set.of("op", "entity", "key", "expectedVersion"),
            "check", Set.of("op", "entity", "key", "expectedVersion"));

    private TransactionRequests() {
    }

    /**
     * The operations of a transaction body, each naming a distinct item. A problem with one operation names it:
     * its detail starts with {@code operation N: } and it carries {@code operationIndex}.
     */
    static List<TransactionOperation> operations(Map<String, EntityDefinition> entities, Map<String, JsonNode> body) {
        JsonNode list = body.get("operations");
        if (list == null || !list.isArray() || list.asArray().isEmpty() || body.size() != 1) {
            throw new ProblemException(ProblemType.INVALID_TRANSACTION,
                    "the body must be {\"operations\": [...]} with at least one operation");
        }
        if (list.asArray().size() > MAX_OPERATIONS) {
            throw new ProblemException(ProblemType.INVALID_TRANSACTION,
                    "a transaction takes at most " + MAX_OPERATIONS + " operations");
        }
        List<TransactionOperation> operations = new ArrayList<>();
        Set<ItemIdentity> items = new HashSet<>();
        int index = 0;
        for (JsonNode node : list.asArray()) {
            TransactionOperation op;
            try {
                op = operation(entities, index, node);
            } catch (ProblemException e) {
                throw new ProblemException(e.problem().with("operationIndex", index)
                        .withDetailPrefix("operation " + index + ": "), Map.of());
            }
            if (!items.add(ItemIdentity.of(op.entity(), op.key()))) {
                throw new ProblemException(Problem.of(ProblemType.INVALID_TRANSACTION, "operation " + index
                        + ": names an item an earlier operation names; each item may appear once")
                        .with("operationIndex", index), Map.of());
            }
            operations.add(op);
            index++;
        }
        int guards = operations.stream().mapToInt(UniqueGuards::mostGuardItems).sum();
        if (operations.size() + guards > MAX_OPERATIONS) {
            throw new ProblemException(ProblemType.INVALID_TRANSACTION, "a transaction takes at most "
                    + MAX_OPERATIONS + " items: its " + operations.size() + " operations and up to " + guards
                    + " guard items of their unique attributes");
        }
        return operations;
    }

    private static TransactionOperation operation(Map<String, EntityDefinition> entities, int index, JsonNode node) {
        if (!node.isObject()) {
            throw invalid("must be a JSON object");
        }
        Map<String, JsonNode> o = node.asObject();
        String op = string(o, "op");
        Set<String> fields = FIELDS.get(op);
        if (fields == null) {
            throw invalid("op must be one of create, replace, increment, delete, check");
        }
        for (String name : o.keySet()) {
            if (!fields.contains(name)) {
                throw invalid("'" + name + "' is not a field of a " + op + " operation");
            }
        }
        EntityDefinition entity = entities.get(string(o, "entity"));
        if (entity == null) {
            throw invalid("no entity of that name is served");
        }
        return switch (op) {
            case "create" -> TransactionOperation.putNew(index, entity, item(entity, o));
            case "replace" -> TransactionOperation.replace(index, entity, item(entity, o), version(o, true).getAsLong());
            case "increment" -> TransactionOperation.increment(index, entity, key(entity, o),
                    RequestBody.deltas(entity, object(o, "deltas")), bounds(o), version(o, false));
            case "delete" -> TransactionOperation.delete(index, entity, key(entity, o), version(o, true).getAsLong());
            default -> TransactionOperation.check(index, entity, key(entity, o), version(o, true).getAsLong());
        };
    }

    private static Map<String, AttributeValue> item(EntityDefinition entity, Map<String, JsonNode> o) {
        Map<String, AttributeValue> item = RequestBody.item(entity, object(o, "item"), null);
        for (KeyAttribute k : ItemKeys.attributes(entity)) {
            if (!item.containsKey(k.name())) {
                throw new ProblemException(ProblemType.INVALID_KEY, "the item must give key attribute '"
                        + k.name() + "'");
            }
        }
        return item;
    }

    private static Map<String, AttributeValue> key(EntityDefinition entity, Map<String, JsonNode> o) {
        Map<String, JsonNode> given = object(o, "key");
        List<KeyAttribute> keys = ItemKeys.attributes(entity);
        Map<String, AttributeValue> key = new LinkedHashMap<>();
        for (KeyAttribute k : keys) {
            JsonNode v = given.get(k.name());
            if (v == null) {
                throw new ProblemException(ProblemType.INVALID_KEY, "the key must give '" + k.name() + "'");
            }
            key.put(k.name(), ItemKeys.fromJson(entity, k, v));
        }
        if (given.size() != keys.size()) {
            throw new ProblemException(ProblemType.INVALID_KEY, "the key must name only the key attributes");
        }
        return key;
    }

    private static Map<String, String> bounds(Map<String, JsonNode> o) {
        JsonNode node = o.get("bounds");
        if (node == null) {
            return Map.of();
        }
        if (!node.isObject()) {
            throw invalid("'bounds' must be a JSON object of attribute to minimum");
        }
        Map<String, String> deltas = new LinkedHashMap<>();
        Map<String, JsonNode> given = object(o, "deltas");
        node.asObject().forEach((name, value) -> {
            if (!value.isNumber()) {
                throw invalid("the bound of '" + name + "' must be a JSON number");
            }
            if (!given.containsKey(name)) {
                throw invalid("bound on '" + name + "', which the operation does not increment");
            }
            deltas.put(name, value.asNumber());
        });
        return deltas;
    }

    private static OptionalLong version(Map<String, JsonNode> o, boolean required) {
        JsonNode v = o.get("expectedVersion");
        if (v == null) {
            if (required) {
                throw new ProblemException(ProblemType.PRECONDITION_REQUIRED,
                        "this operation needs expectedVersion, the version the client saw");
            }
            return OptionalLong.empty();
        }
        if (!v.isNumber() || !v.asNumber().matches("[1-9][0-9]{0,17}")) {
            throw invalid("expectedVersion must be a whole number of at least 1");
        }
        return OptionalLong.of(Long.parseLong(v.asNumber()));
    }

    private static Map<String, JsonNode> object(Map<String, JsonNode> o, String name) {
        JsonNode v = o.get(name);
        if (v == null || !v.isObject()) {
            throw invalid("'" + name + "' must be a JSON object");
        }
        return v.asObject();
    }

    private static String string(Map<String, JsonNode> o, String name) {
        JsonNode v = o.get(name);
        if (v == null || !v.isString()) {
            throw invalid("'" + name + "' must be a JSON string");
        }
        return v.asString();
    }

    private static ProblemException invalid(String detail) {
        return new ProblemException(ProblemType.INVALID_TRANSACTION, detail);
    }
}
