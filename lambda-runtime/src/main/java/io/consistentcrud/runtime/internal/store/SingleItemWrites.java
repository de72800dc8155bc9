package io.consistentcrud.runtime.internal.store;

import io.consistentcrud.runtime.Bookkeeping;
import io.consistentcrud.runtime.EntityDefinition;
import io.consistentcrud.runtime.VersionedItem;
import io.consistentcrud.runtime.WriteContext;
import io.consistentcrud.runtime.WriteResult;
import io.consistentcrud.runtime.internal.store.RecordedOutcome.Kind;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;

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
        OptionalLong tombstone = OptionalLong.empty();
        while (true) {
            CreateWrite write = CreateWrite.of(entity, item, tombstone, ctx);
            Map<String, AttributeValue> old;
            if (ctx.idempotencyKey().isEmpty()) {
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
                Outcome outcome = executor.execute(List.of(write.transactItem()), "create", ctx,
                        RecordedOutcome.of(Kind.CREATED, write.version(), resourceId));
                if (!(outcome instanceof Outcome.Failed failed)) {
                    return answer(outcome, () -> new WriteResult.Written(write.written(), true, false));
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
        ReplaceWrite write = ReplaceWrite.of(entity, item, expectedVersion, ctx);
        return versioned(entity, entity.keyOf(write.written().attributes()), write, operation, Kind.UPDATED, ctx,
                () -> new WriteResult.Written(write.written(), false, false));
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
        String resourceId = entity.resourceId(key);
        Outcome outcome = executor.execute(List.of(write.transactItem()), operation, ctx,
                RecordedOutcome.of(kind, write.version(), resourceId));
        if (outcome instanceof Outcome.Failed failed) {
            return versionFailure(entity, failed.reasons().get(0));
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
        long currentVersion = current.map(entity::versionOf).orElse(0L);
        if (current.isEmpty() || currentVersion != expectedVersion) {
            Optional<WriteResult> replay = recordedAnswer(ctx);
            if (replay.isPresent()) {
                return replay.get();
            }
            if (current.isEmpty()) {
                return new WriteResult.NotFound();
            }
            calls.metrics().conflict();
            return new WriteResult.Conflict(currentVersion);
        }
        Map<String, AttributeValue> merged = new LinkedHashMap<>(apply.apply(current.get()));
        merged.remove(entity.versionAttribute());
        return replace(entity, merged, expectedVersion, "merge", ctx);
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
        return versioned(entity, key, write, "increment", Kind.UPDATED, ctx, () -> {
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
                return versionFailure(entity, reason);
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
        return versioned(entity, key, write, "delete", Kind.DELETED, ctx,
                () -> new WriteResult.Deleted(expectedVersion, false));
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
}
