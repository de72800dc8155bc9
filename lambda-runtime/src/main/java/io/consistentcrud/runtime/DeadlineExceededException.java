package io.consistentcrud.runtime;

/**
 * The invocation's deadline passed before the store could start a DynamoDB call (G7). Nothing was sent for that
 * call; an earlier call of the same operation may have been applied, which an Idempotency-Key retry resolves.
 */
public final class DeadlineExceededException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** @param message what ran out of time; never item contents */
    public DeadlineExceededException(String message) {
        super(message);
    }
}
