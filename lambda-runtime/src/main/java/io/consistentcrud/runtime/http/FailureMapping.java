package io.consistentcrud.runtime.http;

import io.consistentcrud.contract.HttpHeaders;
import io.consistentcrud.runtime.InvalidWriteException;
import io.consistentcrud.runtime.WrongRegionException;
import io.consistentcrud.runtime.SchemaViolationException;
import java.util.Map;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.protocols.jsoncore.JsonWriter;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

/**
 * The answers to a store that failed instead of answering an outcome: a write DynamoDB refused as invalid, a
 * deadline that passed, a DynamoDB error. Whether the client may repeat the request depends on the command: a read,
 * or a write that cannot have been applied, may be repeated; a write that may have been applied is safe to repeat
 * only with its Idempotency-Key. Statuses and problem types are those of docs/http-api.md.
 */
final class FailureMapping {
    /** {@code Retry-After} of a 503 that may be repeated: the store has already re-sent until its deadline. */
    private static final String RETRY_AFTER_SECONDS = "1";

    private FailureMapping() {
    }

    /**
     * A write refused as invalid: by DynamoDB (e.g. an increment of a string attribute, or an item grown too large), or
     * by the runtime before anything was sent, whose message then says what to change (it names operations and
     * attributes, never item data) and is the detail; of a transaction, that is an {@code invalid-transaction}.
     */
    static Answer invalidWrite(Command command, InvalidWriteException e) {
        if (e.getCause() instanceof AwsServiceException cause && isItemSizeError(cause)) {
            return itemTooLarge();
        }
        if (e.getCause() == null) {
            return Answer.of(Problem.of(command instanceof Command.Transact ? ProblemType.INVALID_TRANSACTION
                    : ProblemType.INVALID_WRITE, e.getMessage()), Map.of());
        }
        return Answer.of(Problem.of(ProblemType.INVALID_WRITE, "the data store refused the write as invalid, "
                + "for example an increment of an attribute that is not a number"), Map.of());
    }

    /** The write breaks its entity's item schema: one problem listing every violation; nothing was written. */
    static Answer schemaViolation(SchemaViolationException e) {
        int n = e.violations().size();
        return Answer.of(Problem.of(ProblemType.SCHEMA_VIOLATION, "the item does not match the entity's schema ("
                + n + (n == 1 ? " violation" : " violations") + "); nothing was written")
                .with("violations", e.violations()), Map.of());
    }

    /**
     * A write or strong read of a replicated entity outside its home Region: 421, naming the Region to send it to.
     * Nothing was sent to DynamoDB, so the request may be repeated there as it is.
     */
    static Answer wrongRegion(WrongRegionException e) {
        return Answer.of(Problem.of(ProblemType.WRONG_REGION, e.getMessage() + ": send the request to the API in "
                + e.homeRegion() + "; nothing was written"), Map.of());
    }

    /**
     * The store could not finish before the deadline (or DynamoDB failed in a way it does not re-send).
     *
     * @param command             the command the store was running; null if none was
     * @param writeMayHaveApplied whether a write was sent and may have been applied
     */
    static Answer unfinished(Command command, boolean writeMayHaveApplied) {
        if (!(command instanceof Command.Write write) || !writeMayHaveApplied) {
            return Answer.of(Problem.of(ProblemType.UNAVAILABLE, !(command instanceof Command.Write)
                    ? "the data store did not answer in time; the request may be repeated"
                    : "the data store did not answer in time and nothing was written; the request may be repeated"),
                    Map.of(HttpHeaders.RETRY_AFTER, RETRY_AFTER_SECONDS));
        }
        if (write.origin().idempotencyKey().isPresent()) {
            return Answer.of(Problem.of(ProblemType.OUTCOME_UNCONFIRMED, "the write is applied at most once, but it"
                    + " was not confirmed before the deadline; repeat the request with the same Idempotency-Key to"
                    + " learn its outcome (it is applied then if it was not)"),
                    Map.of(HttpHeaders.RETRY_AFTER, RETRY_AFTER_SECONDS));
        }
        String what = write instanceof Command.Transact ? "the items" : "the item";
        return Answer.of(Problem.of(ProblemType.OUTCOME_UNKNOWN, "the write was sent but not confirmed before the"
                + " deadline: it may or may not have been applied, and repeating it may apply it again; read " + what
                + " to learn the outcome, and send an Idempotency-Key with writes to make them safe to repeat"),
                Map.of());
    }

    /** A DynamoDB error the store passed on: logged by its code and status, answered without its text. */
    static Answer serviceFailure(Command command, AwsServiceException e) {
        if (e.statusCode() == 400 && isItemSizeError(e)) {
            return itemTooLarge();
        }
        System.err.println("{\"level\":\"ERROR\",\"message\":\"DynamoDB call failed\",\"errorCode\":\""
                + (e.awsErrorDetails() == null ? "" : e.awsErrorDetails().errorCode()) + "\",\"status\":"
                + e.statusCode() + "}");
        if (e.statusCode() >= 500 || e.isThrottlingException()) {
            // Only a store call without a deadline gets here: with one, such failures are re-sent until it passes.
            return unfinished(command, !e.isThrottlingException());
        }
        return internalError();
    }

    /** The answer to anything unexpected: no internals, which {@link #log} writes for the operator instead. */
    static Answer internalError() {
        return Answer.of(Problem.of(ProblemType.INTERNAL_ERROR, "the request failed unexpectedly"), Map.of());
    }

    /** Logs an unexpected failure: its type and stack go to the log for the operator; the answer carries neither. */
    static void log(ProxyRequest request, RuntimeException e) {
        System.err.println("{\"level\":\"ERROR\",\"message\":\"request failed\",\"requestId\":"
                + quote(request.requestId()) + ",\"error\":" + quote(e.getClass().getName()) + "}");
        e.printStackTrace(System.err);
    }

    /**
     * A merge or increment can grow an item past the limit; only DynamoDB sees the whole item then. A single request
     * says so in its message; a transaction (every write but a keyless create) in its cancellation reasons, under a
     * top-level message that names only their codes.
     */
    private static boolean isItemSizeError(AwsServiceException e) {
        if (e instanceof TransactionCanceledException cancelled && cancelled.hasCancellationReasons()) {
            return cancelled.cancellationReasons().stream().anyMatch(r -> mentionsItemSize(r.message()));
        }
        return e.awsErrorDetails() != null && mentionsItemSize(e.awsErrorDetails().errorMessage());
    }

    private static boolean mentionsItemSize(String message) {
        return message != null && message.contains("Item size");
    }

    private static Answer itemTooLarge() {
        return Answer.of(Problem.of(ProblemType.ITEM_TOO_LARGE, "the item would exceed DynamoDB's 400 KB item size"),
                Map.of());
    }

    private static String quote(String s) {
        JsonWriter w = JsonWriter.create();
        if (s == null) {
            w.writeNull();
        } else {
            w.writeValue(s);
        }
        return OutcomeMapping.utf8(w);
    }
}
