package io.consistentcrud.runtime;

import java.util.List;

/**
 * The typed outcome of {@link ConsistentStore#transact}: all operations applied, or none (G6).
 */
public sealed interface TransactionResult {

    /** Why a transaction was cancelled. */
    enum Reason {
        /** A REPLACE, DELETE, CHECK or INCREMENT with an expected version found another version. */
        VERSION_MISMATCH,
        /** A PUT_NEW found the item already there. */
        ALREADY_EXISTS,
        /** A REPLACE, DELETE, CHECK or INCREMENT found no item. */
        NOT_FOUND,
        /** An INCREMENT would have taken an attribute below its bound (e.g. stock below 0). */
        BOUND_VIOLATED
    }

    /**
     * Every operation was applied, exactly once.
     *
     * @param newVersions per operation, in order: the item's version after the transaction (for a DELETE, the
     *                    deleted version; for a CHECK, the checked version). For an INCREMENT without an expected
     *                    version it is read after the commit and may already include later writes.
     * @param replayed    whether this is the recorded outcome of an earlier request with the same Idempotency-Key
     */
    record Committed(List<Long> newVersions, boolean replayed) implements TransactionResult {
        /**
         * Copies the versions, so the result cannot change after it was made.
         *
         * @param newVersions per operation, in order: the item's version after the transaction
         * @param replayed whether this is the recorded outcome of an earlier request with the same Idempotency-Key
         */
        public Committed {
            newVersions = List.copyOf(newVersions);
        }
    }

    /**
     * Nothing was applied because one operation's condition failed.
     *
     * @param operationIndex the failing operation's {@link TransactionOperation#index()}
     * @param reason         why it failed
     * @param currentVersion the item's version when it failed (0 when there is no item), from the failed write itself
     */
    record Cancelled(int operationIndex, Reason reason, long currentVersion) implements TransactionResult {
    }

    /**
     * Nothing was applied because an operation gives a unique attribute a value another live item holds.
     *
     * @param operationIndex the operation's {@link TransactionOperation#index()}
     * @param attribute      the unique attribute whose value is taken
     */
    record UniqueValueTaken(int operationIndex, String attribute) implements TransactionResult {
    }

    /** The Idempotency-Key was already used with another payload; nothing was written. */
    record IdempotencyKeyReused() implements TransactionResult {
    }
}
