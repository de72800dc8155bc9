package io.consistentcrud.runtime;

/**
 * DynamoDB refused a write's data (for example an item over 400 KB, or an increment of an attribute that is not a
 * number). Nothing was written. The message names the operation, never the item's contents or AWS error text.
 */
public final class InvalidWriteException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message the refused operation
     * @param cause   DynamoDB's error, kept for logs at DEBUG only
     */
    public InvalidWriteException(String message, Throwable cause) {
        super(message, cause);
    }
}
