package io.consistentcrud.runtime;

/**
 * Listener for the events the store counts (G8). Implementations must be thread-safe and must not throw;
 * the handler turns them into EMF metrics ({@code Conflicts}, {@code Replays}, {@code RecoveredAmbiguousWrites},
 * {@code SdkRetries}, {@code TransactionCancellations}).
 *
 * <p>Every method has an empty default, so a listener implements only what it records.
 */
public interface StoreMetrics {
    /** A listener that records nothing. */
    StoreMetrics NONE = new StoreMetrics() {
    };

    /** A version-conditioned write found another version (an answer of 412). */
    default void conflict() {
    }

    /** An Idempotency-Key request answered the outcome recorded by an earlier request with that key (G5). */
    default void replay() {
    }

    /**
     * A write whose outcome was ambiguous to the SDK (an attempt timed out or lost its connection) was recognised
     * as applied exactly once: a create found its own creation token, or a transactional write succeeded after
     * more than one attempt (G4).
     */
    default void recoveredAmbiguousWrite() {
    }

    /**
     * One more attempt of a request was sent (counted per retry attempt, not per call): by the SDK, or by the
     * store, which sends a request again after the SDK gave up on it.
     */
    default void sdkRetry() {
    }

    /**
     * The store sent a request again after the SDK had given up on it (all its attempts failed with a lost answer,
     * a timeout, a 5xx or throttling), with the call deadline not yet reached. The attempts of such a re-send are
     * also counted by {@link #sdkRetry()}.
     */
    default void resent() {
    }

    /**
     * A transaction was cancelled, for the given reason (G6).
     *
     * @param reason why the transaction was cancelled: the first failing operation's reason
     */
    default void transactionCancelled(TransactionResult.Reason reason) {
    }
}
