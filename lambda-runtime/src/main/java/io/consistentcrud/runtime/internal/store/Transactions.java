package io.consistentcrud.runtime.internal.store;

import io.consistentcrud.runtime.Bookkeeping;
import io.consistentcrud.runtime.TransactionOperation;
import io.consistentcrud.runtime.TransactionResult;
import io.consistentcrud.runtime.WriteContext;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

/**
 * The flow of {@link io.consistentcrud.runtime.ConsistentStore#transact}, its operations already checked: one
 * {@code TransactWriteItems} of every operation's {@link ItemWrite}, tried again with new conditions where a create
 * met a tombstone or a pinned increment's item moved on, and the outcome of the first failing operation. Thread-safe.
 */
public final class Transactions {
    private final DynamoDbCalls calls;
    private final TransactionalExecutor executor;

    /**
     * Transactions made with these calls and executor.
     *
     * @param calls the DynamoDB calls, for the reads a transaction needs first
     * @param executor the executor of the transaction
     */
    public Transactions(DynamoDbCalls calls, TransactionalExecutor executor) {
        this.calls = calls;
        this.executor = executor;
    }

    /**
     * See {@link io.consistentcrud.runtime.ConsistentStore#transact}.
     *
     * @param operations 1 to 100 operations (99 with an Idempotency-Key), at most one per item
     * @param ctx the request's caller, token, Idempotency-Key and deadline
     * @return the transaction's result, as {@link io.consistentcrud.runtime.ConsistentStore#transact} documents it
     */
    public TransactionResult transact(List<TransactionOperation> operations, WriteContext ctx) {
        // A keyed transaction's record holds each version it made, for the answer; a minimal answer shows none.
        boolean pin = ctx.idempotencyKey().isPresent() && ctx.answerWithItem();
        Map<Integer, Long> pinned = new HashMap<>();
        Map<Integer, Long> tombstones = new HashMap<>();
        while (true) {
            if (pin) {
                pinUnversionedIncrements(operations, pinned, ctx);
            }
            List<TransactWriteItem> writes = new ArrayList<>();
            List<Long> versions = new ArrayList<>();
            for (int i = 0; i < operations.size(); i++) {
                TransactionOperation op = operations.get(i);
                OptionalLong expected = pinned.containsKey(i) ? OptionalLong.of(pinned.get(i)) : op.expectedVersion();
                OptionalLong tombstone = tombstones.containsKey(i) ? OptionalLong.of(tombstones.get(i)) : OptionalLong.empty();
                ItemWrite write = ItemWrite.of(op, expected, tombstone, ctx);
                writes.add(write.transactItem());
                versions.add(write.version());
            }
            Outcome outcome = executor.execute(writes, "transact", ctx, RecordedOutcome.committed(versions));
            if (outcome instanceof Outcome.Failed failed && tryAgain(operations, failed.reasons(), pinned, tombstones)) {
                continue;
            }
            return transactionOutcome(operations, versions, outcome, ctx);
        }
    }

    /** Pins each increment without an expected version to its item's version now; an item not there stays unpinned. */
    private void pinUnversionedIncrements(List<TransactionOperation> operations, Map<Integer, Long> pinned,
                                          WriteContext ctx) {
        for (int i = 0; i < operations.size(); i++) {
            TransactionOperation op = operations.get(i);
            if (op.kind() == TransactionOperation.Kind.INCREMENT && op.expectedVersion().isEmpty()) {
                Optional<Map<String, AttributeValue>> item = calls.readLive(op.entity(), op.key(), true, ctx.deadline());
                if (item.isPresent()) {
                    pinned.put(i, op.entity().versionOf(item.get()));
                } else {
                    pinned.remove(i);
                }
            }
        }
    }

    /**
     * Whether a cancelled transaction is worth another try with new conditions: a create met a tombstone (or its
     * tombstone went), or a pinned increment's item moved on since it was read.
     */
    private static boolean tryAgain(List<TransactionOperation> operations, List<CancellationReason> reasons,
                                    Map<Integer, Long> pinned, Map<Integer, Long> tombstones) {
        boolean again = false;
        for (FailedCondition failed : failedConditions(operations, reasons)) {
            int i = failed.position();
            TransactionOperation op = failed.op();
            Map<String, AttributeValue> old = failed.old();
            if (op.kind() == TransactionOperation.Kind.PUT_NEW && Bookkeeping.isTombstone(old)) {
                tombstones.put(i, op.entity().versionOf(old));
                again = true;
            } else if (op.kind() == TransactionOperation.Kind.PUT_NEW && old.isEmpty() && tombstones.containsKey(i)) {
                tombstones.remove(i);
                again = true;
            } else if (pinned.containsKey(i) && !old.isEmpty() && !Bookkeeping.isTombstone(old)
                    && op.entity().versionOf(old) != pinned.get(i)) {
                again = true;
            }
        }
        return again;
    }

    private TransactionResult transactionOutcome(List<TransactionOperation> operations, List<Long> versions,
                                                 Outcome outcome, WriteContext ctx) {
        if (outcome instanceof Outcome.Committed) {
            for (int i = 0; i < operations.size(); i++) {
                TransactionOperation op = operations.get(i);
                if (op.kind() == TransactionOperation.Kind.INCREMENT && versions.get(i) == 0L && ctx.answerWithItem()) {
                    long after = calls.readAfterCommit(op.entity(), op.key(), ctx.deadline())
                            .map(item -> op.entity().versionOf(item)).orElse(0L);
                    versions.set(i, after);
                }
            }
            return new TransactionResult.Committed(versions, false);
        } else if (outcome instanceof Outcome.Replay replay) {
            return new TransactionResult.Committed(replay.recorded().versions(), true);
        } else if (outcome instanceof Outcome.KeyReused) {
            return new TransactionResult.IdempotencyKeyReused();
        }
        return cancelled(operations, ((Outcome.Failed) outcome).reasons());
    }

    /** The first operation whose condition failed, and why. */
    private TransactionResult cancelled(List<TransactionOperation> operations, List<CancellationReason> reasons) {
        for (FailedCondition failed : failedConditions(operations, reasons)) {
            TransactionOperation op = failed.op();
            Map<String, AttributeValue> old = failed.old();
            long current = Bookkeeping.isTombstone(old) ? 0 : op.entity().versionOf(old);
            TransactionResult.Reason why;
            if (op.kind() == TransactionOperation.Kind.PUT_NEW) {
                why = TransactionResult.Reason.ALREADY_EXISTS;
            } else if (old.isEmpty() || Bookkeeping.isTombstone(old)) {
                why = TransactionResult.Reason.NOT_FOUND;
            } else if (op.expectedVersion().isPresent() && op.expectedVersion().getAsLong() != current) {
                why = TransactionResult.Reason.VERSION_MISMATCH;
            } else {
                why = TransactionResult.Reason.BOUND_VIOLATED;
            }
            calls.metrics().transactionCancelled(why);
            if (why == TransactionResult.Reason.VERSION_MISMATCH) {
                calls.metrics().conflict();
            }
            return new TransactionResult.Cancelled(op.index(), why, current);
        }
        throw new IllegalStateException("transaction cancelled without a failed condition");
    }

    /** An operation whose condition failed, at its position in the transaction, and the item it met. */
    private record FailedCondition(int position, TransactionOperation op, Map<String, AttributeValue> old) {
    }

    private static List<FailedCondition> failedConditions(List<TransactionOperation> operations,
                                                          List<CancellationReason> reasons) {
        List<FailedCondition> failed = new ArrayList<>();
        for (int i = 0; i < operations.size(); i++) {
            CancellationReason reason = reasons.get(i);
            if (TransactionalExecutor.CONDITION_FAILED.equals(reason.code())) {
                failed.add(new FailedCondition(i, operations.get(i), TransactionalExecutor.oldItemOf(reason)));
            }
        }
        return failed;
    }
}
