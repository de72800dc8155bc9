package io.consistentcrud.runtime;

import io.consistentcrud.contract.ReservedAttributes;
import java.util.LinkedHashMap;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The attributes the runtime stamps on every item it writes. They are read-only to clients and left out of
 * responses; a stream consumer sees them in each image, which answers "who changed what, and when" (G8). The names
 * are the contract's ({@link ReservedAttributes}), whose prefix the construct refuses as key and version names.
 */
public final class Bookkeeping {
    /** Every bookkeeping attribute starts with this prefix; clients may not write attributes that do. */
    public static final String RESERVED_PREFIX = ReservedAttributes.PREFIX;
    /** Request token of the create; never changes afterwards. Recognises a create's own SDK retry (G4). */
    public static final String CREATE_TOKEN = ReservedAttributes.CREATE_TOKEN;
    /** Request token of the last write. */
    public static final String TOKEN = ReservedAttributes.TOKEN;
    /** Caller identity of the last write. */
    public static final String CALLER = ReservedAttributes.CALLER;
    /** ISO-8601 instant of the last write. */
    public static final String AT = ReservedAttributes.AT;
    /**
     * Marks a tombstone: what a delete leaves under the key (key, version, the deleter's stamp, nothing else), so
     * that the item created after it continues the versions and no version seen before the delete matches (G2).
     */
    public static final String DELETED = ReservedAttributes.DELETED;

    private Bookkeeping() {
    }

    /**
     * Whether a client may not write an attribute of this name (the version attribute is checked separately).
     *
     * @param attributeName an attribute name a client sent
     * @return true when the name is one of the store's bookkeeping attributes, which only the store writes
     */
    public static boolean isReserved(String attributeName) {
        return attributeName.startsWith(RESERVED_PREFIX);
    }

    /**
     * Whether a stored item is the tombstone a delete left (G2), not a live item.
     *
     * @param item a stored item, as DynamoDB returned it
     * @return true when the item carries {@link #DELETED}: it stands for a deleted item and reads as absent
     */
    public static boolean isTombstone(Map<String, AttributeValue> item) {
        return item != null && item.containsKey(DELETED);
    }

    /**
     * The item without its bookkeeping attributes, as responses show it.
     *
     * @param item a stored item, as DynamoDB returned it
     * @return a copy of the item without the bookkeeping attributes; the version attribute is kept
     */
    public static Map<String, AttributeValue> withoutBookkeeping(Map<String, AttributeValue> item) {
        Map<String, AttributeValue> visible = new LinkedHashMap<>();
        item.forEach((name, value) -> {
            if (!isReserved(name)) {
                visible.put(name, value);
            }
        });
        return visible;
    }
}
