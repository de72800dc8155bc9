package io.consistentcrud.runtime.internal;

import java.util.LinkedHashMap;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * JSON Merge Patch (RFC 7396) over DynamoDB values, as the store applies it to the state whose version it checks:
 * {@code NULL} removes a member (in a merge patch JSON {@code null} always means "remove"), a map merges into the
 * target's map member (or into an empty map when the member is not a map), anything else replaces the member.
 */
public final class MergePatch {
    private MergePatch() {
    }

    /**
     * The target after the patch; neither argument is changed.
     *
     * @param target the item's current attributes
     * @param patch the patch's top-level members; {@code NULL} removes a member, a map merges into the member's map
     * @return a new map: the patched attributes
     */
    public static Map<String, AttributeValue> apply(Map<String, AttributeValue> target,
                                                    Map<String, AttributeValue> patch) {
        Map<String, AttributeValue> result = new LinkedHashMap<>(target);
        patch.forEach((name, value) -> {
            if (value.nul() != null) {
                result.remove(name);
            } else if (value.type() == AttributeValue.Type.M) {
                AttributeValue current = result.get(name);
                Map<String, AttributeValue> into = current != null && current.type() == AttributeValue.Type.M
                        ? current.m() : Map.of();
                result.put(name, AttributeValue.fromM(apply(into, value.m())));
            } else {
                result.put(name, value);
            }
        });
        return result;
    }
}
