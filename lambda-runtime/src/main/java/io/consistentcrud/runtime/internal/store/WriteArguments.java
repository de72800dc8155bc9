package io.consistentcrud.runtime.internal.store;

import io.consistentcrud.runtime.Bookkeeping;
import io.consistentcrud.runtime.EntityDefinition;
import java.util.Collection;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** The checks of what a caller asks the store to write; a refusal is an {@link IllegalArgumentException}. */
public final class WriteArguments {
    private WriteArguments() {
    }

    /**
     * The attribute is neither the version nor a bookkeeping attribute, which the store manages.
     *
     * @param entity the entity the attribute belongs to
     * @param name the attribute's name
     * @throws IllegalArgumentException naming the attribute when the store manages it
     */
    public static void requireWritableName(EntityDefinition entity, String name) {
        if (name.equals(entity.versionAttribute()) || Bookkeeping.isReserved(name)) {
            throw new IllegalArgumentException("attribute '" + name + "' is managed by the store");
        }
    }

    /**
     * Every attribute is writable; a whole item also carries a valid key.
     *
     * @param entity the entity the item belongs to
     * @param item the client's attributes
     * @param wholeItem whether {@code item} is a whole item (create, replace) rather than a part of one
     * @throws IllegalArgumentException naming the first attribute that is not writable, or the key's problem
     */
    public static void requireClientAttributes(EntityDefinition entity, Map<String, AttributeValue> item,
                                               boolean wholeItem) {
        item.keySet().forEach(name -> requireWritableName(entity, name));
        if (wholeItem) {
            entity.keyOf(item);
        }
    }

    /**
     * Each incremented attribute is writable, no key attribute and no unique attribute; {@code where} prefixes the
     * message.
     *
     * @param entity the entity the attributes belong to
     * @param names the attributes to increment
     * @param where the operation the attributes are in, e.g. {@code "operation 2: "}; empty for a single write
     * @throws IllegalArgumentException naming the attribute when one is not writable, a key or a unique attribute
     */
    public static void requireIncrementable(EntityDefinition entity, Collection<String> names, String where) {
        names.forEach(name -> {
            requireWritableName(entity, name);
            if (entity.isKeyAttribute(name)) {
                throw new IllegalArgumentException(where + "key attribute '" + name + "' cannot be incremented");
            }
            if (entity.uniqueAttributes().contains(name)) {
                throw new IllegalArgumentException(where + "unique attribute '" + name + "' cannot be incremented:"
                        + " replace or merge it, so that its guard moves with it");
            }
        });
    }

    /**
     * An expected version is at least 1.
     *
     * @param expectedVersion the version a write is conditioned on
     * @throws IllegalArgumentException when it is below 1
     */
    public static void requireVersion(long expectedVersion) {
        if (expectedVersion < 1) {
            throw new IllegalArgumentException("expected version must be at least 1, got " + expectedVersion);
        }
    }
}
