package io.consistentcrud.contract;

/**
 * The key schema of the unique-values table: the construct creates the table with it, the runtime writes its guard
 * items by it. One guard item holds one value of one unique attribute of one entity, and names the live item that
 * holds it; the runtime writes it in the same transaction as that item. The guard's other attributes are the
 * runtime's own. The table has no stream and no TTL: a guard lives exactly as long as its item holds the value.
 */
public final class UniqueValueSchema {
    /** The partition key, a string naming the entity, the attribute and the value; the table has no sort key. */
    public static final String PARTITION_KEY = "pk";

    private UniqueValueSchema() {
    }
}
