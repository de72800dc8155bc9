package io.consistentcrud.runtime.http;

import io.consistentcrud.runtime.EntityDefinition;
import io.consistentcrud.runtime.IndexDefinition;
import io.consistentcrud.runtime.KeyAttribute;
import io.consistentcrud.runtime.internal.ItemJson;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;
import software.amazon.awssdk.protocols.jsoncore.JsonWriter;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Opaque page cursors: the last evaluated key as base64url JSON, checked against the entity on the way in. An index
 * query's cursor also holds the hash of its query (entity, index, partition, sort condition, order): a cursor of
 * another query answers 400, never a page of the wrong query or a DynamoDB error.
 */
final class Cursor {
    private Cursor() {
    }

    /** The cursor of the page after the one that ended at {@code lastKey}. */
    static String encode(EntityDefinition entity, Map<String, AttributeValue> lastKey) {
        JsonWriter w = JsonWriter.create();
        ItemJson.writeItem(w, ItemKeys.of(entity, lastKey));
        return Base64.getUrlEncoder().withoutPadding().encodeToString(w.getBytes());
    }

    private static final String QUERY_FIELD = "q";
    private static final String KEY_FIELD = "k";

    /** The cursor of the index page after the one that ended at {@code lastKey}. */
    static String encodeIndex(Command.QueryIndex query, Map<String, AttributeValue> lastKey) {
        JsonWriter w = JsonWriter.create();
        w.writeStartObject();
        w.writeFieldName(QUERY_FIELD).writeValue(query.queryHash());
        w.writeFieldName(KEY_FIELD);
        Map<String, AttributeValue> key = new LinkedHashMap<>();
        indexCursorKeys(query.entity(), query.read().index()).forEach(k -> key.put(k.name(), lastKey.get(k.name())));
        ItemJson.writeItem(w, key);
        w.writeEndObject();
        return Base64.getUrlEncoder().withoutPadding().encodeToString(w.getBytes());
    }

    /**
     * The key an index page starts after; a cursor this API did not issue for this very query (entity, index,
     * partition, condition and order, as {@code queryHash} says) answers 400 invalid-query.
     */
    static Map<String, AttributeValue> decodeIndex(EntityDefinition entity, IndexDefinition index, String queryHash,
                                                   AttributeValue partition, String cursor) {
        ProblemException invalid = new ProblemException(ProblemType.INVALID_QUERY,
                "cursor is not one this API issued for this query (entity, index, partition, sort condition and "
                        + "order); start again without a cursor");
        try {
            Map<String, JsonNode> object = StrictJson.object(Base64.getUrlDecoder().decode(cursor));
            JsonNode hash = object.get(QUERY_FIELD);
            JsonNode keyNode = object.get(KEY_FIELD);
            if (object.size() != 2 || hash == null || !hash.isString() || !hash.asString().equals(queryHash)
                    || keyNode == null || !keyNode.isObject()) {
                throw invalid;
            }
            Map<String, JsonNode> keyObject = keyNode.asObject();
            List<KeyAttribute> keys = indexCursorKeys(entity, index);
            if (keyObject.size() != keys.size()) {
                throw invalid;
            }
            Map<String, AttributeValue> key = new LinkedHashMap<>();
            for (KeyAttribute k : keys) {
                JsonNode v = keyObject.get(k.name());
                if (v == null) {
                    throw invalid;
                }
                key.put(k.name(), ItemKeys.fromJson(entity, k, v));
            }
            if (!ItemKeys.same(index.partitionKey(), key.get(index.partitionKey().name()), partition)) {
                throw invalid;
            }
            return key;
        } catch (IllegalArgumentException | ProblemException e) {
            throw invalid;
        }
    }

    /** The attributes of an index's last evaluated key: the table's key and the index's, each once. */
    private static List<KeyAttribute> indexCursorKeys(EntityDefinition entity, IndexDefinition index) {
        List<KeyAttribute> keys = new ArrayList<>(ItemKeys.attributes(entity));
        List<KeyAttribute> indexKeys = new ArrayList<>();
        indexKeys.add(index.partitionKey());
        index.sortKey().ifPresent(indexKeys::add);
        for (KeyAttribute k : indexKeys) {
            if (keys.stream().noneMatch(t -> t.name().equals(k.name()))) {
                keys.add(k);
            }
        }
        return keys;
    }

    /** The key a page starts after; a cursor this API did not issue for this partition answers 400 invalid-query. */
    static Map<String, AttributeValue> decode(EntityDefinition entity, AttributeValue pk, String cursor) {
        ProblemException invalid = new ProblemException(ProblemType.INVALID_QUERY,
                "cursor is not one this API issued for this partition");
        Map<String, JsonNode> object;
        try {
            object = StrictJson.object(Base64.getUrlDecoder().decode(cursor));
        } catch (IllegalArgumentException | ProblemException e) {
            throw invalid;
        }
        List<KeyAttribute> keys = ItemKeys.attributes(entity);
        if (object.size() != keys.size()) {
            throw invalid;
        }
        Map<String, AttributeValue> key = new LinkedHashMap<>();
        for (KeyAttribute k : keys) {
            JsonNode v = object.get(k.name());
            if (v == null) {
                throw invalid;
            }
            try {
                key.put(k.name(), ItemKeys.fromJson(entity, k, v));
            } catch (ProblemException e) {
                throw invalid;
            }
        }
        if (!ItemKeys.same(entity.partitionKey(), key.get(entity.partitionKey().name()), pk)) {
            throw invalid;
        }
        return key;
    }
}
