package io.consistentcrud.runtime.http;

import io.consistentcrud.runtime.internal.ItemJson;
import java.util.LinkedHashMap;
import java.util.Map;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * JSON Merge Patch (RFC 7396) over DynamoDB values: {@code null} removes a member, an object merges into the
 * target's object member (or into an empty one when the target's member is not an object), anything else
 * replaces the member.
 */
final class MergePatch {
    private MergePatch() {
    }

    /** Whether applying the patch needs the target's current values: it merges into a nested object. */
    static boolean needsCurrent(Map<String, JsonNode> patch) {
        return patch.values().stream().anyMatch(JsonNode::isObject);
    }

    /** The value of one top-level member after the patch: {@code patch} (an object) merged into {@code current}. */
    static AttributeValue mergeObject(AttributeValue current, Map<String, JsonNode> patch) {
        Map<String, AttributeValue> target = current != null && current.type() == AttributeValue.Type.M
                ? new LinkedHashMap<>(current.m()) : new LinkedHashMap<>();
        patch.forEach((name, value) -> {
            if (value.isNull()) {
                target.remove(name);
            } else if (value.isObject()) {
                target.put(name, mergeObject(target.get(name), value.asObject()));
            } else {
                target.put(name, ItemJson.toAttributeValue(value));
            }
        });
        return AttributeValue.fromM(target);
    }
}
