package io.consistentcrud.runtime;

/**
 * The typed outcome of a write: what happened, never a raw SDK exception.
 */
public sealed interface WriteResult {

    /** The write was applied; {@code item} is the item as written. */
    record Written(VersionedItem item, boolean created) implements WriteResult {
    }

    /** The item exists at another version than the caller expected (G2). */
    record Conflict(long currentVersion) implements WriteResult {
    }

    /** A create found the item already there (G3). */
    record AlreadyExists(long currentVersion) implements WriteResult {
    }

    /** A write that needs an existing item found none. */
    record NotFound() implements WriteResult {
    }
}
