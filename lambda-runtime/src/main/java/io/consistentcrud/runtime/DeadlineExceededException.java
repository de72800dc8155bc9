package io.consistentcrud.runtime;

/**
 * The call deadline passed before the store could finish an operation (G7): the invocation's remaining time ran
 * out while the store was still re-sending a request that lost its answer, waiting out contention, or before it
 * could start a call at all.
 *
 * <p>{@link #writeMayHaveApplied()} says what the caller may conclude. When false, no write of the operation can
 * have been applied (it was never sent, DynamoDB refused it, or the operation was a read): repeating it is safe.
 * When true, a write was sent and its answer never arrived: it may or may not have been applied. With an
 * Idempotency-Key it was applied at most once and a repeat with the same key answers its outcome; without one, a
 * repeat may apply it a second time.
 */
public final class DeadlineExceededException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * Whether a write was sent and its answer never arrived; see {@link #writeMayHaveApplied()}.
     */
    private final boolean writeMayHaveApplied;

    /**
     * A deadline that passed before anything of the operation could have been applied.
     *
     * @param message what ran out of time; never item contents
     */
    public DeadlineExceededException(String message) {
        this(message, false, null);
    }

    /**
     * @param message             what ran out of time; never item contents
     * @param writeMayHaveApplied whether a write of the operation was sent without a definite answer
     * @param cause               the last failure of the request, or null
     */
    public DeadlineExceededException(String message, boolean writeMayHaveApplied, Throwable cause) {
        super(message, cause);
        this.writeMayHaveApplied = writeMayHaveApplied;
    }

    /**
     * Whether a write of the operation was sent without a definite answer, so its outcome is unknown.
     *
     * @return whether a write of the operation was sent without a definite answer, so its outcome is unknown
     */
    public boolean writeMayHaveApplied() {
        return writeMayHaveApplied;
    }
}
