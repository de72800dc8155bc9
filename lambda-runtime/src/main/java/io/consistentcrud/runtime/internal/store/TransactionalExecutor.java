package io.consistentcrud.runtime.internal.store;

import io.consistentcrud.runtime.InvalidWriteException;
import io.consistentcrud.runtime.WriteContext;
import io.consistentcrud.runtime.internal.CallAttempts;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.TransactionInProgressException;

/**
 * Runs the business items of a write — plus, with an Idempotency-Key, the put of the key's record — as one
 * {@code TransactWriteItems} with a {@code ClientRequestToken} (G4, G5, G6). The token is drawn fresh for each
 * execution ({@link WriteTokens}): the SDK's retries and the store's re-sends of the call share it (DynamoDB answers
 * a committed repeat with success instead of applying it again), while any other write — a second write with the
 * same context, a client's or an invocation's later retry with the same key — has its own, and a repeat is answered
 * by the key's record. Thread-safe.
 */
public final class TransactionalExecutor {
    static final String CONDITION_FAILED = "ConditionalCheckFailed";

    private final DynamoDbCalls calls;
    private final IdempotencyRecords records;

    /**
     * An executor that makes its transactions with these calls and records.
     *
     * @param calls the DynamoDB calls
     * @param records the Idempotency-Key records, whose record joins a keyed transaction
     */
    public TransactionalExecutor(DynamoDbCalls calls, IdempotencyRecords records) {
        this.calls = calls;
        this.records = records;
    }

    /**
     * @param business the items the write consists of, without the key's record
     * @param operation the operation's name, for error messages
     * @param ctx the request's caller, token, Idempotency-Key and deadline
     * @param recorded  the outcome the key's record holds when the write commits
     * @return what the transaction came to: committed, failed with one reason per business item, or the key's answer
     */
    public Outcome execute(List<TransactWriteItem> business, String operation, WriteContext ctx,
                           RecordedOutcome recorded) {
        List<TransactWriteItem> items = new ArrayList<>(business);
        boolean keyed = ctx.idempotencyKey().isPresent();
        if (keyed) {
            items.add(records.put(ctx, recorded).transactItem());
        }
        // Never derived from the context: two writes with one context, or one key's repeats, must not share it.
        String token = WriteTokens.fresh();
        // Every send carries the same token: a repeat of a committed send answers success without applying again.
        ResendUntilDeadline resend = ResendUntilDeadline.tokenWrite(ctx.deadline(), calls.clock(), calls.metrics());
        while (true) {
            CallAttempts attempts = calls.attempts();
            try {
                resend.send(() -> calls.client().transactWriteItems(TransactWriteItemsRequest.builder()
                        .transactItems(items)
                        .clientRequestToken(token)
                        .overrideConfiguration(calls.override(resend.end(), attempts))
                        .build()));
                if (resend.writeMayHaveApplied() || attempts.attempts() > 1) {
                    // An attempt may have committed before the one that answered; the token made it count once.
                    calls.metrics().recoveredAmbiguousWrite();
                }
                return new Outcome.Committed();
            } catch (TransactionCanceledException e) {
                List<CancellationReason> reasons = e.hasCancellationReasons() ? e.cancellationReasons() : List.of();
                if (reasons.size() != items.size()) {
                    throw e;
                }
                if (keyed && CONDITION_FAILED.equals(reasons.get(items.size() - 1).code())) {
                    return records.replayOrReused(reasons.get(items.size() - 1).item(), ctx);
                }
                if (reasons.stream().anyMatch(r -> CONDITION_FAILED.equals(r.code()))) {
                    return new Outcome.Failed(reasons.subList(0, business.size()));
                }
                if (reasons.stream().anyMatch(r -> "ValidationError".equals(r.code()))) {
                    throw new InvalidWriteException(operation + " was refused by DynamoDB as invalid", e);
                }
                // TransactionConflict or throttling: nothing was applied; the same request again.
                resend.pauseForContention();
            } catch (TransactionInProgressException e) {
                // An earlier attempt with our token is still running; it may commit, which makes us ambiguous.
                resend.markWriteMayHaveApplied();
                resend.pauseForContention();
            } catch (DynamoDbException e) {
                // IdempotentParameterMismatch included: a fresh token is only ever sent with this very request.
                throw DynamoDbCalls.refusedOrRethrow(operation, e);
            }
        }
    }

    /** The item as it was when the transaction was cancelled ({@code ALL_OLD}); empty when there was none. */
    static Map<String, AttributeValue> oldItemOf(CancellationReason reason) {
        return reason.hasItem() ? reason.item() : Map.of();
    }
}
