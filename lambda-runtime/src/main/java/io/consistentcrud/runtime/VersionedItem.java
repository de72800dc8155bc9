package io.consistentcrud.runtime;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * An item as stored, with its version.
 *
 * @param attributes the item's attributes, version and bookkeeping included
 * @param version    the item's version: 1 after the first create of its key, one more after each write; the item
 *                   created after a delete continues from the deleted item's versions (G2)
 */
public record VersionedItem(Map<String, AttributeValue> attributes, long version) {
    /**
     * Copies the attributes, so the item cannot change after it was made.
     *
     * @param attributes the item's attributes, version and bookkeeping included
     * @param version the item's version
     */
    public VersionedItem {
        attributes = Collections.unmodifiableMap(new LinkedHashMap<>(attributes));
    }
}
