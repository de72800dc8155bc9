package io.consistentcrud.runtime.http;

import io.consistentcrud.runtime.EntityDefinition;
import io.consistentcrud.runtime.KeyAttribute;
import io.consistentcrud.runtime.internal.ItemJson;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;
import software.amazon.awssdk.protocols.jsoncore.JsonWriter;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Opaque page cursors: the last evaluated key as base64url JSON, checked against the entity on the way in. */
final class Cursor {
    private Cursor() {
    }

    /** The cursor of the page after the one that ended at {@code lastKey}. */
    static String encode(EntityDefinition entity, Map<String, AttributeValue> lastKey) {
        JsonWriter w = JsonWriter.create();
        ItemJson.writeItem(w, ItemKeys.of(entity, lastKey));
        return Base64.getUrlEncoder().withoutPadding().encodeToString(w.getBytes());
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
