package io.consistentcrud.runtime;

/**
 * The typed outcome of a single-item write: what happened, never a raw SDK exception. The HTTP status of each
 * outcome is decided by the handler, in one place.
 */
public sealed interface WriteResult {

    /**
     * The write was applied exactly once.
     *
     * @param item     the item as written, version and bookkeeping included (G1)
     * @param created  whether the write created the item
     * @param replayed whether the answer is a recognised earlier execution of this very request: a create whose
     *                 first attempt committed and whose SDK retry found its own creation token (G4)
     */
    record Written(VersionedItem item, boolean created, boolean replayed) implements WriteResult {
    }

    /**
     * The item was deleted.
     *
     * @param version  the version the item had when it was deleted
     * @param replayed whether the answer is a recognised earlier execution; a delete's SDK retry is absorbed by
     *                 DynamoDB's ClientRequestToken, so this is false today and kept for symmetry with {@link Written}
     */
    record Deleted(long version, boolean replayed) implements WriteResult {
    }

    /** The item is at another version than the caller expected (G2); taken from the failed write itself. */
    record Conflict(long currentVersion) implements WriteResult {
    }

    /** A create found the item already there, created by another request (G3). */
    record AlreadyExists(long currentVersion) implements WriteResult {
    }

    /**
     * Another live item of the entity holds the value the write gives a unique attribute; nothing was written.
     *
     * @param attribute the unique attribute whose value is taken
     */
    record UniqueValueTaken(String attribute) implements WriteResult {
    }

    /** A write that needs an existing item found none. */
    record NotFound() implements WriteResult {
    }

    /** The Idempotency-Key was already used with another payload (or another operation); nothing was written. */
    record IdempotencyKeyReused() implements WriteResult {
    }

    /** What the first request of an Idempotency-Key did, as its record holds it. */
    enum ReplayedOutcome {
        /** It created the item. */
        CREATED,
        /** It changed the item: a replace, merge or increment. */
        UPDATED,
        /** It deleted the item. */
        DELETED
    }

    /**
     * An earlier request with this Idempotency-Key succeeded; this is its recorded outcome and nothing was written
     * now (G5). The item's body, where an answer needs it, is a read away. The HTTP layer chooses the status.
     *
     * @param outcome    what the first request did
     * @param version    the item's version after the first request (for a delete: the deleted version)
     * @param resourceId the item's key as it appears in the path: {@code pk} or {@code pk/sk}
     */
    record Replayed(ReplayedOutcome outcome, long version, String resourceId) implements WriteResult {
    }
}
