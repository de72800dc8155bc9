package io.consistentcrud.runtime.internal.store;

import io.consistentcrud.runtime.Bookkeeping;
import io.consistentcrud.runtime.EntityDefinition;
import io.consistentcrud.runtime.SchemaViolationException;
import io.consistentcrud.runtime.VersionedItem;
import io.consistentcrud.runtime.WriteContext;
import io.consistentcrud.runtime.WriteResult;
import io.consistentcrud.runtime.internal.store.RecordedOutcome.Kind;
import io.consistentcrud.runtime.schema.SchemaViolation;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

/**
 * The flows of the single-item writes behind {@link io.consistentcrud.runtime.ConsistentStore}, their arguments
 * already checked: which request each write sends, how often, and what its outcome means. The mechanisms are in
 * {@code docs/exactly-once.md}. Thread-safe.
 */
public final class SingleItemWrites {
    private final DynamoDbCalls calls;
    private final IdempotencyRecords records;
    private final TransactionalExecutor executor;

    /**
     * The single-item writes, made with these calls, records and executor.
     *
     * @param calls the DynamoDB calls
     * @param records the Idempotency-Key records
     * @param executor the executor of the writes made as transactions
     */
    public SingleItemWrites(DynamoDbCalls calls, IdempotencyRecords records, TransactionalExecutor executor) {
        this.calls = calls;
        this.records = records;
        this.executor = executor;
    }

    /**
     * See {@link io.consistentcrud.runtime.ConsistentStore#create}.
     *
     * @param entity the entity of the item
     * @param item the client's attributes, key included
     * @param ctx the request's caller, token, Idempotency-Key and deadline
     * @return the write's result, as {@link io.consistentcrud.runtime.ConsistentStore} documents it
     */
    public WriteResult create(EntityDefinition entity, Map<String, AttributeValue> item, WriteContext ctx) {
        String resourceId = entity.resourceId(entity.keyOf(item));
        List<UniqueGuards.Move> guards = UniqueGuards.moves(entity, Map.of(), UniqueGuards.guardKeysOf(entity, item));
        OptionalLong tombstone = OptionalLong.empty();
        while (true) {
            CreateWrite write = CreateWrite.of(entity, item, tombstone, ctx);
            Map<String, AttributeValue> old;
            if (ctx.idempotencyKey().isEmpty() && guards.isEmpty()) {
                try {
                    // Safe to send again: a repeat that meets our own committed create finds our creation token.
                    calls.write(ctx.deadline(), override -> calls.client().putItem(write.request(override)));
                    return new WriteResult.Written(write.written(), true, false);
                } catch (ConditionalCheckFailedException e) {
                    old = e.hasItem() ? e.item() : Map.of();
                } catch (DynamoDbException e) {
                    throw DynamoDbCalls.refusedOrRethrow("create", e);
                }
            } else {
                Guarded guarded = executeWithGuards(entity, entity.keyOf(item), write, guards, "create", ctx,
                        RecordedOutcome.of(Kind.CREATED, write.version(), resourceId));
                if (!(guarded.outcome() instanceof Outcome.Failed failed)) {
                    return answer(guarded.outcome(), () -> new WriteResult.Written(write.written(), true, false));
                }
                if (!guarded.itemFailed()) {
                    return guarded.taken();
                }
                old = TransactionalExecutor.oldItemOf(failed.reasons().get(0));
            }
            if (Bookkeeping.isTombstone(old)) {
                // A delete left its tombstone (or another one since our last try): create over it.
                tombstone = OptionalLong.of(entity.versionOf(old));
                continue;
            }
            if (old.isEmpty() && tombstone.isPresent()) {
                // The tombstone we aimed at is gone (removed by hand): a plain create again.
                tombstone = OptionalLong.empty();
                calls.pause(ctx.deadline());
                continue;
            }
            return createFailed(entity, old, ctx, write);
        }
    }

    private WriteResult createFailed(EntityDefinition entity, Map<String, AttributeValue> old, WriteContext ctx,
                                     CreateWrite ours) {
        if (ctx.idempotencyKey().isEmpty() && ours.wrote(old)) {
            // The SDK or the store sent again a put that had already committed: our own success, not a conflict
            // (G4). A keyed create's repeats are absorbed by its ClientRequestToken and its record instead.
            calls.metrics().recoveredAmbiguousWrite();
            return new WriteResult.Written(ours.written(), true, true);
        }
        return new WriteResult.AlreadyExists(entity.versionOf(old));
    }

    /**
     * See {@link io.consistentcrud.runtime.ConsistentStore#replace}; also the end of a merge.
     *
     * @param entity the entity of the item
     * @param item the whole new item, key included
     * @param expectedVersion the version the client last read; the write applies only at that version
     * @param operation the operation's name, for error messages ({@code replace} or {@code merge})
     * @param ctx the request's caller, token, Idempotency-Key and deadline
     * @return the write's result, as {@link io.consistentcrud.runtime.ConsistentStore} documents it
     */
    public WriteResult replace(EntityDefinition entity, Map<String, AttributeValue> item, long expectedVersion,
                               String operation, WriteContext ctx) {
        if (entity.uniqueAttributes().isEmpty()) {
            ReplaceWrite write = ReplaceWrite.of(entity, item, expectedVersion, ctx);
            return versioned(entity, entity.keyOf(item), write, operation, Kind.UPDATED, ctx,
                    () -> new WriteResult.Written(write.written(), false, false));
        }
        // Most replaces keep their unique values: assume so, which needs no guard change and no read. When the
        // assumption is what failed, the item the write met tells the values the guards move from.
        ReplaceWrite write = ReplaceWrite.assumingUniqueValuesUnchanged(entity, item, expectedVersion, ctx);
        Outcome outcome = executor.execute(List.of(write.transactItem()), operation, ctx,
                RecordedOutcome.of(Kind.UPDATED, write.version(), entity.resourceId(entity.keyOf(item))));
        if (outcome instanceof Outcome.Failed failed) {
            Map<String, AttributeValue> met = TransactionalExecutor.oldItemOf(failed.reasons().get(0));
            if (!met.isEmpty() && !Bookkeeping.isTombstone(met) && entity.versionOf(met) == expectedVersion) {
                return replaceMovingGuards(entity, item, expectedVersion, UniqueGuards.guardKeysOf(entity, met),
                        operation, ctx);
            }
            return versionFailure(entity, failed.reasons().get(0));
        }
        return answer(outcome, () -> new WriteResult.Written(write.written(), false, false));
    }

    /**
     * A replace of an item whose unique values at {@code expectedVersion} are known: the item's put and the guards'
     * moves in one transaction.
     */
    private WriteResult replaceMovingGuards(EntityDefinition entity, Map<String, AttributeValue> item,
                                            long expectedVersion, Map<String, String> before, String operation,
                                            WriteContext ctx) {
        ReplaceWrite write = ReplaceWrite.of(entity, item, expectedVersion, ctx);
        Map<String, AttributeValue> key = entity.keyOf(item);
        Guarded guarded = executeWithGuards(entity, key, write,
                UniqueGuards.moves(entity, before, UniqueGuards.guardKeysOf(entity, item)), operation, ctx,
                RecordedOutcome.of(Kind.UPDATED, write.version(), entity.resourceId(key)));
        if (guarded.outcome() instanceof Outcome.Failed failed) {
            return guarded.itemFailed() ? versionFailure(entity, failed.reasons().get(0)) : guarded.taken();
        }
        return answer(guarded.outcome(), () -> new WriteResult.Written(write.written(), false, false));
    }

    /**
     * What a write with guard moves came to: its outcome, and the moves it was sent with at last (the deletes of
     * guards another item holds left out).
     */
    private record Guarded(Outcome outcome, List<UniqueGuards.Move> moves) {
        /** Whether the item's own condition failed: then the guards' reasons say nothing. */
        boolean itemFailed() {
            return outcome instanceof Outcome.Failed failed
                    && TransactionalExecutor.CONDITION_FAILED.equals(failed.reasons().get(0).code());
        }

        /** The answer to a write whose guard put failed: another item holds the value. */
        WriteResult taken() {
            List<CancellationReason> reasons = ((Outcome.Failed) outcome).reasons();
            for (int i = 0; i < moves.size(); i++) {
                if (moves.get(i).put() && TransactionalExecutor.CONDITION_FAILED.equals(reasons.get(i + 1).code())) {
                    return new WriteResult.UniqueValueTaken(moves.get(i).attribute());
                }
            }
            throw new IllegalStateException("a write with guards failed without a failed condition");
        }
    }

    /**
     * The item's write and its guards' moves as one transaction (with the key's record, if any). A delete of a
     * guard another item holds fails its condition: the value was never this item's to give up (it was written
     * before the attribute was declared unique), so the write goes again without that delete.
     */
    private Guarded executeWithGuards(EntityDefinition entity, Map<String, AttributeValue> key, ItemWrite write,
                                      List<UniqueGuards.Move> moves, String operation, WriteContext ctx,
                                      RecordedOutcome recorded) {
        List<UniqueGuards.Move> pending = new ArrayList<>(moves);
        while (true) {
            List<TransactWriteItem> items = new ArrayList<>();
            items.add(write.transactItem());
            pending.forEach(move -> items.add(UniqueGuards.transactItem(entity, key, move)));
            Outcome outcome = executor.execute(items, operation, ctx, recorded);
            Guarded guarded = new Guarded(outcome, List.copyOf(pending));
            if (!(outcome instanceof Outcome.Failed failed) || guarded.itemFailed()) {
                return guarded;
            }
            List<UniqueGuards.Move> foreign = new ArrayList<>();
            boolean taken = false;
            for (int i = 0; i < pending.size(); i++) {
                if (TransactionalExecutor.CONDITION_FAILED.equals(failed.reasons().get(i + 1).code())) {
                    taken |= pending.get(i).put();
                    foreign.add(pending.get(i));
                }
            }
            if (taken || foreign.isEmpty()) {
                return guarded;
            }
            pending.removeAll(foreign);
        }
    }

    /**
     * A merge patch without nested objects whose answer need not hold the item: the one conditioned update, no
     * read (G2). The answer holds the key and the new version.
     *
     * @param entity the entity of the item
     * @param key the item's key
     * @param patch top-level members of the patch, none holding an object
     * @param expectedVersion the version the client last read; the write applies only at that version
     * @param ctx the request's caller, token, Idempotency-Key and deadline
     * @return the write's result, as {@link io.consistentcrud.runtime.ConsistentStore} documents it
     */
    public WriteResult mergeWithoutRead(EntityDefinition entity, Map<String, AttributeValue> key,
                                        Map<String, AttributeValue> patch, long expectedVersion, WriteContext ctx) {
        MergeWrite write = MergeWrite.of(entity, key, patch, expectedVersion, ctx);
        return versioned(entity, key, write, "merge", Kind.UPDATED, ctx,
                () -> new WriteResult.Written(new VersionedItem(key, write.version()), false, false));
    }

    /**
     * One write conditioned on the item's version, in a transaction with the key's record if any: its success,
     * its replay, or why its condition failed.
     */
    private WriteResult versioned(EntityDefinition entity, Map<String, AttributeValue> key, ItemWrite write,
                                  String operation, Kind kind, WriteContext ctx, Supplier<WriteResult> success) {
        return versioned(entity, key, write, operation, kind, ctx, reason -> versionFailure(entity, reason), success);
    }

    /** As above, with the answer to a failed condition given. */
    private WriteResult versioned(EntityDefinition entity, Map<String, AttributeValue> key, ItemWrite write,
                                  String operation, Kind kind, WriteContext ctx,
                                  Function<CancellationReason, WriteResult> failure, Supplier<WriteResult> success) {
        String resourceId = entity.resourceId(key);
        Outcome outcome = executor.execute(List.of(write.transactItem()), operation, ctx,
                RecordedOutcome.of(kind, write.version(), resourceId));
        if (outcome instanceof Outcome.Failed failed) {
            return failure.apply(failed.reasons().get(0));
        }
        return answer(outcome, success);
    }

    /**
     * A merge: a consistent read, {@code apply} to that very read whose version is checked, and the replace
     * conditioned on it (G1/G2); with an Idempotency-Key the key's record rides in that replace's transaction. The
     * record is read only when the item is missing or at another version: that is how a repeat of an applied merge
     * looks (its own write moved the version), and the record then answers the first outcome (G5).
     *
     * @param entity the entity of the item
     * @param key the item's key
     * @param expectedVersion the version the client last read; the write applies only at that version
     * @param ctx the request's caller, token, Idempotency-Key and deadline
     * @param apply computes the merged item from the item read; may throw to refuse it (e.g. a schema violation)
     * @return the write's result, as {@link io.consistentcrud.runtime.ConsistentStore} documents it
     */
    public WriteResult merge(EntityDefinition entity, Map<String, AttributeValue> key, long expectedVersion,
                             WriteContext ctx, UnaryOperator<Map<String, AttributeValue>> apply) {
        Optional<Map<String, AttributeValue>> current = calls.readLive(entity, key, true, ctx.deadline());
        Optional<WriteResult> elsewhere = notAtVersion(entity, current, expectedVersion, ctx);
        if (elsewhere.isPresent()) {
            return elsewhere.get();
        }
        Map<String, AttributeValue> merged = new LinkedHashMap<>(apply.apply(current.get()));
        merged.remove(entity.versionAttribute());
        if (entity.uniqueAttributes().isEmpty()) {
            return replace(entity, merged, expectedVersion, "merge", ctx);
        }
        return replaceMovingGuards(entity, merged, expectedVersion, UniqueGuards.guardKeysOf(entity, current.get()),
                "merge", ctx);
    }

    /**
     * The answer to a write that read the item first, when the read shows it cannot apply: the key's recorded
     * answer (a repeat of an applied write moved the version itself), else not found or the version conflict.
     * Empty when the item is live at {@code expectedVersion}.
     */
    private Optional<WriteResult> notAtVersion(EntityDefinition entity, Optional<Map<String, AttributeValue>> current,
                                               long expectedVersion, WriteContext ctx) {
        long currentVersion = current.map(entity::versionOf).orElse(0L);
        if (current.isPresent() && currentVersion == expectedVersion) {
            return Optional.empty();
        }
        Optional<WriteResult> replay = recordedAnswer(ctx);
        if (replay.isPresent()) {
            return replay;
        }
        if (current.isEmpty()) {
            return Optional.of(new WriteResult.NotFound());
        }
        calls.metrics().conflict();
        return Optional.of(new WriteResult.Conflict(currentVersion));
    }

    /**
     * See {@link io.consistentcrud.runtime.ConsistentStore#increment}.
     *
     * @param entity the entity of the item
     * @param key the item's key
     * @param deltas attribute name to the decimal text added
     * @param expectedVersion the version the increment is conditioned on; empty for any live version
     * @param ctx the request's caller, token, Idempotency-Key and deadline
     * @return the write's result, as {@link io.consistentcrud.runtime.ConsistentStore} documents it
     */
    public WriteResult increment(EntityDefinition entity, Map<String, AttributeValue> key, Map<String, String> deltas,
                                 OptionalLong expectedVersion, WriteContext ctx) {
        String resourceId = entity.resourceId(key);
        // Its record must hold the version it made, for the answer's ETag; a minimal answer has none to repeat.
        if (expectedVersion.isEmpty() && ctx.idempotencyKey().isPresent() && ctx.answerWithItem()) {
            return incrementFromRead(entity, key, deltas, resourceId, ctx);
        }
        IncrementWrite write = IncrementWrite.of(entity, key, deltas, Map.of(), expectedVersion, ctx);
        return versioned(entity, key, write, "increment", Kind.UPDATED, ctx,
                reason -> incrementFailure(entity, reason, expectedVersion), () -> {
            // Not asked for (return=minimal), deleted by another writer right after our increment, or not readable
            // before the deadline: the increment still happened, and the answer is what is known without the read.
            Optional<Map<String, AttributeValue>> after = ctx.answerWithItem()
                    ? calls.readAfterCommit(entity, key, ctx.deadline()) : Optional.empty();
            VersionedItem item = after.map(a -> new VersionedItem(a, entity.versionOf(a)))
                    .orElseGet(() -> new VersionedItem(key, write.version()));
            return new WriteResult.Written(item, false, false);
        });
    }

    /**
     * A keyed increment without an expected version. An unconditioned {@code ADD} cannot tell its new version inside
     * its transaction, yet the key's record must hold it: a replay answers the first outcome (G5). So the item is
     * read consistently, the increment conditioned on the version read, and the answer computed from that read —
     * the item exactly as written (G1). Another writer in between only makes it read and try again, until the
     * deadline; a repeat of the key is answered by its record in the same transaction.
     */
    private WriteResult incrementFromRead(EntityDefinition entity, Map<String, AttributeValue> key,
                                          Map<String, String> deltas, String resourceId, WriteContext ctx) {
        while (true) {
            Optional<Map<String, AttributeValue>> current = calls.readLive(entity, key, true, ctx.deadline());
            if (current.isEmpty()) {
                // A repeat of an increment that was applied before the item was deleted answers the first outcome.
                return recordedAnswer(ctx).orElseGet(WriteResult.NotFound::new);
            }
            long version = entity.versionOf(current.get());
            IncrementWrite write = IncrementWrite.of(entity, key, deltas, Map.of(), OptionalLong.of(version), ctx);
            Outcome outcome = executor.execute(List.of(write.transactItem()), "increment", ctx,
                    RecordedOutcome.of(Kind.UPDATED, write.version(), resourceId));
            if (outcome instanceof Outcome.Failed failed) {
                CancellationReason reason = failed.reasons().get(0);
                Map<String, AttributeValue> now = TransactionalExecutor.oldItemOf(reason);
                if (!now.isEmpty() && !Bookkeeping.isTombstone(now) && entity.versionOf(now) != version) {
                    continue;
                }
                return incrementFailure(entity, reason, OptionalLong.of(version));
            }
            return answer(outcome, () -> {
                Map<String, AttributeValue> written = IncrementWrite.added(current.get(), deltas);
                written.put(entity.versionAttribute(), Tombstones.number(write.version()));
                Stamp.onto(written, ctx);
                return new WriteResult.Written(new VersionedItem(written, write.version()), false, false);
            });
        }
    }

    /**
     * With an Idempotency-Key whose record exists: the answer it records (a replay, or a reuse of the key). A write
     * that reads the item before it writes asks this wherever the read alone would answer, so that a repeat of a
     * request that was applied answers its first outcome even when the item has moved on or gone since (G5).
     */
    private Optional<WriteResult> recordedAnswer(WriteContext ctx) {
        if (ctx.idempotencyKey().isEmpty()) {
            return Optional.empty();
        }
        return records.answerBeforeWrite(ctx).map(recorded -> answer(recorded, () -> {
            throw new IllegalStateException("a record is a replay or a reuse");
        }));
    }

    /**
     * See {@link io.consistentcrud.runtime.ConsistentStore#delete}: one transaction that puts the tombstone.
     *
     * @param entity the entity of the item
     * @param key the item's key
     * @param expectedVersion the version the client last read; the write applies only at that version
     * @param ctx the request's caller, token, Idempotency-Key and deadline
     * @return the write's result, as {@link io.consistentcrud.runtime.ConsistentStore} documents it
     */
    public WriteResult delete(EntityDefinition entity, Map<String, AttributeValue> key, long expectedVersion,
                              WriteContext ctx) {
        DeleteWrite write = DeleteWrite.of(entity, key, expectedVersion, ctx);
        if (entity.uniqueAttributes().isEmpty()) {
            return versioned(entity, key, write, "delete", Kind.DELETED, ctx,
                    () -> new WriteResult.Deleted(expectedVersion, false));
        }
        // The tombstone holds no value, so the guards of the values the item holds go with it: read them first.
        Optional<Map<String, AttributeValue>> current = calls.readLive(entity, key, true, ctx.deadline());
        Optional<WriteResult> elsewhere = notAtVersion(entity, current, expectedVersion, ctx);
        if (elsewhere.isPresent()) {
            return elsewhere.get();
        }
        Guarded guarded = executeWithGuards(entity, key, write,
                UniqueGuards.moves(entity, UniqueGuards.guardKeysOf(entity, current.get()), Map.of()), "delete", ctx,
                RecordedOutcome.of(Kind.DELETED, write.version(), entity.resourceId(key)));
        if (guarded.outcome() instanceof Outcome.Failed failed) {
            return versionFailure(entity, failed.reasons().get(0));
        }
        return answer(guarded.outcome(), () -> new WriteResult.Deleted(expectedVersion, false));
    }

    private static WriteResult answer(Outcome outcome, Supplier<WriteResult> success) {
        if (outcome instanceof Outcome.Committed) {
            return success.get();
        } else if (outcome instanceof Outcome.Replay replay) {
            return replay.recorded().replayed();
        } else if (outcome instanceof Outcome.KeyReused) {
            return new WriteResult.IdempotencyKeyReused();
        }
        throw new IllegalStateException("unexpected outcome " + outcome);
    }

    private WriteResult versionFailure(EntityDefinition entity, CancellationReason reason) {
        if (!reason.hasItem() || reason.item().isEmpty() || Bookkeeping.isTombstone(reason.item())) {
            return new WriteResult.NotFound();
        }
        calls.metrics().conflict();
        return new WriteResult.Conflict(entity.versionOf(reason.item()));
    }

    /**
     * Why an increment's condition failed: the item is gone, at another version, or (live at the version asked, or
     * any version when none was) lacks a member the schema requires, which nothing but a PUT or PATCH can add.
     *
     * @throws SchemaViolationException for the missing members: nothing was written
     */
    private WriteResult incrementFailure(EntityDefinition entity, CancellationReason reason,
                                         OptionalLong expectedVersion) {
        Map<String, AttributeValue> old = TransactionalExecutor.oldItemOf(reason);
        if (!old.isEmpty() && !Bookkeeping.isTombstone(old)
                && (expectedVersion.isEmpty() || expectedVersion.getAsLong() == entity.versionOf(old))) {
            List<SchemaViolation> missing = entity.missingRequiredMembers(old);
            if (!missing.isEmpty()) {
                throw new SchemaViolationException(missing);
            }
        }
        return versionFailure(entity, reason);
    }
}
