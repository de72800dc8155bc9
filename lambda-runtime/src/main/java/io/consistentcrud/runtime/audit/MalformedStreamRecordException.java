package io.consistentcrud.runtime.audit;

/** A stream record the audit consumer cannot read; it is reported as a batch item failure, never dropped. */
public final class MalformedStreamRecordException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * A record, or the event, that cannot be read.
     *
     * @param message what is wrong with it; never item contents
     */
    public MalformedStreamRecordException(String message) {
        super(message);
    }
}
