package io.consistentcrud.runtime.internal.store;

import io.consistentcrud.runtime.Bookkeeping;
import io.consistentcrud.runtime.InvalidWriteException;
import io.consistentcrud.runtime.SchemaViolationException;
import io.consistentcrud.runtime.TransactionOperation;
import io.consistentcrud.runtime.TransactionResult;
import io.consistentcrud.runtime.WriteContext;
import io.consistentcrud.runtime.schema.SchemaViolation;
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
            List<GuardMove> guards = guardMoves(operations, ctx);
            Optional<TransactionResult> clash = clash(guards);
            if (clash.isPresent()) {
                return clash.get();
            }
            Outcome outcome;
            while (true) {
                List<TransactWriteItem> items = new ArrayList<>(writes);
                guards.forEach(g -> items.add(UniqueGuards.transactItem(g.op().entity(), g.op().key(), g.move())));
                outcome = executor.execute(items, "transact", ctx, RecordedOutcome.committed(versions));
                if (!(outcome instanceof Outcome.Failed failed) || anyOperationFailed(operations, failed)) {
                    break;
                }
                // Only guards failed: a value another item holds (a put), or a guard that was never this item's (a
                // delete of a value written before the attribute was declared unique: go again without it).
                List<GuardMove> foreign = new ArrayList<>();
                for (int g = 0; g < guards.size(); g++) {
                    if (TransactionalExecutor.CONDITION_FAILED.equals(
                            failed.reasons().get(operations.size() + g).code())) {
                        if (guards.get(g).move().put()) {
                            return new TransactionResult.UniqueValueTaken(guards.get(g).op().index(),
                                    guards.get(g).move().attribute());
                        }
                        foreign.add(guards.get(g));
                    }
                }
                if (foreign.isEmpty()) {
                    break;
                }
                guards.removeAll(foreign);
            }
            if (outcome instanceof Outcome.Failed failed && tryAgain(operations, failed.reasons(), pinned, tombstones)) {
                continue;
            }
            return transactionOutcome(operations, versions, outcome, ctx);
        }
    }

    /** A guard move of one operation's item. */
    private record GuardMove(TransactionOperation op, UniqueGuards.Move move) {
    }

    /**
     * The guard moves of every operation on an entity with unique attributes: a create's puts; a replace's or a
     * delete's moves from the values its item holds now, read consistently. An item read at another version than
     * the operation expects needs none: its condition cancels the transaction anyway.
     */
    private List<GuardMove> guardMoves(List<TransactionOperation> operations, WriteContext ctx) {
        List<GuardMove> guards = new ArrayList<>();
        for (TransactionOperation op : operations) {
            if (op.entity().uniqueAttributes().isEmpty()) {
                continue;
            }
            Map<String, String> after = switch (op.kind()) {
                case PUT_NEW, REPLACE -> UniqueGuards.guardKeysOf(op.entity(), op.item());
                default -> Map.of();
            };
            Map<String, String> before = Map.of();
            if (op.kind() == TransactionOperation.Kind.REPLACE || op.kind() == TransactionOperation.Kind.DELETE) {
                Optional<Map<String, AttributeValue>> item = calls.readLive(op.entity(), op.key(), true, ctx.deadline());
                if (item.isEmpty() || op.entity().versionOf(item.get()) != op.expectedVersion().orElse(-1)) {
                    continue;
                }
                before = UniqueGuards.guardKeysOf(op.entity(), item.get());
            } else if (op.kind() != TransactionOperation.Kind.PUT_NEW) {
                continue;
            }
            UniqueGuards.moves(op.entity(), before, after).forEach(move -> guards.add(new GuardMove(op, move)));
        }
        return guards;
    }

    /**
     * Two operations that move one guard: two that take one value, of which only the first may (the answer a
     * second transaction would get), or one that gives a value up and another that takes it, which DynamoDB cannot
     * do in one transaction (one write per item).
     *
     * @throws InvalidWriteException for a value handed from one item to another in one transaction
     */
    private static Optional<TransactionResult> clash(List<GuardMove> guards) {
        Map<String, GuardMove> seen = new HashMap<>();
        for (GuardMove guard : guards) {
            GuardMove earlier = seen.putIfAbsent(guard.move().guardKey(), guard);
            if (earlier == null) {
                continue;
            }
            if (earlier.move().put() && guard.move().put()) {
                return Optional.of(new TransactionResult.UniqueValueTaken(guard.op().index(),
                        guard.move().attribute()));
            }
            throw new InvalidWriteException("operations " + earlier.op().index() + " and " + guard.op().index()
                    + " of the transaction hand one value of unique attribute '" + guard.move().attribute()
                    + "' from one item to another, which one transaction cannot do (DynamoDB allows one write per "
                    + "item, and both would write that value's guard); send them as two transactions, the one that "
                    + "gives the value up first", null);
        }
        return Optional.empty();
    }

    private static boolean anyOperationFailed(List<TransactionOperation> operations, Outcome.Failed failed) {
        return !failedConditions(operations, failed.reasons()).isEmpty();
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
                List<SchemaViolation> missing = op.kind() == TransactionOperation.Kind.INCREMENT
                        ? op.entity().missingRequiredMembers(old) : List.of();
                if (!missing.isEmpty()) {
                    // The item predates a member its schema now requires: only a PUT or PATCH can add it.
                    List<SchemaViolation> under = new ArrayList<>();
                    missing.forEach(v -> under.add(v.under("/operations/" + op.index())));
                    throw new SchemaViolationException(under);
                }
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
