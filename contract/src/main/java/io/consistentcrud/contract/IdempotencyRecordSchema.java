package io.consistentcrud.contract;

/**
 * The key schema of the Idempotency-Key table: the construct creates the table with it, the runtime writes its
 * records by it. The record's other attributes are the runtime's own.
 */
public final class IdempotencyRecordSchema {
    /** The partition key, a string; the table has no sort key. */
    public static final String PARTITION_KEY = "pk";
    /** The TTL attribute: epoch seconds after which the record is expired and DynamoDB may delete it. */
    public static final String EXPIRES_AT = "expiresAt";

    private IdempotencyRecordSchema() {
    }
}
