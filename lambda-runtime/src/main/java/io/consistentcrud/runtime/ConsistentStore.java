package io.consistentcrud.runtime;

import io.consistentcrud.runtime.internal.Hashing;
import io.consistentcrud.runtime.internal.ItemIdentity;
import io.consistentcrud.runtime.internal.MergePatch;
import io.consistentcrud.runtime.internal.store.DynamoDbCalls;
import io.consistentcrud.runtime.internal.store.IdempotencyRecords;
import io.consistentcrud.runtime.internal.store.ItemWrite;
import io.consistentcrud.runtime.internal.store.MergeWrite;
import io.consistentcrud.runtime.internal.store.SingleItemWrites;
import io.consistentcrud.runtime.internal.store.TransactionalExecutor;
import io.consistentcrud.runtime.internal.store.Transactions;
import io.consistentcrud.runtime.internal.store.UniqueGuards;
import io.consistentcrud.runtime.internal.store.WriteArguments;
import io.consistentcrud.runtime.internal.store.WriteFingerprint;
import io.consistentcrud.runtime.schema.ItemSchema;
import io.consistentcrud.runtime.schema.SchemaViolation;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;

/**
 * The safe data layer: strongly consistent reads, and writes that are conditional on the version the caller saw
 * (G2), create at most once (G3), apply exactly once under the SDK's retries (G4) and under a client's retries with
 * an Idempotency-Key (G5), and answer typed outcomes instead of SDK exceptions.
 *
 * <p>Which mechanism each write uses, and what it costs, is documented in {@code docs/exactly-once.md}: creates are a
 * conditional {@code PutItem} carrying a creation token; every other write is a {@code TransactWriteItems} with a
 * {@code ClientRequestToken}; an Idempotency-Key adds its record to the same transaction. Tokens are drawn per call:
 * a write repeated by another call (a retried invocation, a redelivered message) is recognised only by its
 * {@link WriteContext#idempotencyKey()}, whose record answers it for the key's window. A delete leaves a tombstone
 * in the item's place, so that versions continue across a delete and reads leave it out.
 *
 * <p>Every request the store sends is safe to send again, and it is sent again after the SDK gave up on it (a lost
 * answer, a timeout, a 5xx, throttling) until the call deadline, {@link WriteContext#deadline()} (G4, G7); each SDK
 * call is capped by the time left. When the deadline passes first, {@link DeadlineExceededException} says whether a
 * write may have been applied. A write that committed is never reported as failed because a read after it failed.
 * Other SDK failures (permissions, a missing table) propagate as the SDK's {@code SdkException}. Usable on its own
 * from any Java handler; the client is injected and never created here. Thread-safe.
 *
 * <p>An entity with an item schema ({@link EntityDefinition#schema()}) has every create and replace item, every
 * item a merge makes (before its conditional write), every increment's members and every transaction operation
 * checked against it; a write that breaks it throws {@link SchemaViolationException} with every violation, and
 * nothing is sent.
 *
 * <p>This class checks what the caller asks and hands it to the store's machinery in
 * {@code io.consistentcrud.runtime.internal.store}, which is not API.
 */
public final class ConsistentStore {
    /** Partition key (S) of the Idempotency-Key table. */
    public static final String RECORD_KEY = io.consistentcrud.contract.IdempotencyRecordSchema.PARTITION_KEY;
    /** TTL attribute (epoch seconds) of the Idempotency-Key table. */
    public static final String RECORD_EXPIRES_AT = io.consistentcrud.contract.IdempotencyRecordSchema.EXPIRES_AT;

    /** DynamoDB's limit of items per TransactWriteItems call. */
    public static final int MAX_TRANSACTION_ITEMS = 100;

    private final DynamoDbCalls calls;
    private final SingleItemWrites writes;
    private final Transactions transactions;
    private final String ownRegion;

    /**
     * @param dynamoDb the client; build it with {@code DynamoDbClientFactory} so that SDK retries are counted
     * @param options  the idempotency table and window, the configured call timeout, clock and metrics listener
     */
    public ConsistentStore(DynamoDbClient dynamoDb, StoreOptions options) {
        this.calls = new DynamoDbCalls(Objects.requireNonNull(dynamoDb, "dynamoDb"),
                Objects.requireNonNull(options, "options"));
        IdempotencyRecords records = new IdempotencyRecords(calls);
        TransactionalExecutor executor = new TransactionalExecutor(calls, records);
        this.writes = new SingleItemWrites(calls, records, executor);
        this.transactions = new Transactions(calls, executor);
        this.ownRegion = options.ownRegion().orElse(null);
    }

    /** A replicated entity is written only in its home Region: two Regions must never both win a versioned write. */
    private void requireHomeForWrite(EntityDefinition entity) {
        WrongRegionException.requireHome(entity, ownRegion, true);
    }

    /** A replica's "strongly consistent" read sees only what has replicated to it: served in the home Region only. */
    private void requireHomeForRead(EntityDefinition entity) {
        if (entity.consistentRead()) {
            WrongRegionException.requireHome(entity, ownRegion, false);
        }
    }

    /**
     * The id a {@code POST} without an id gives the new item when it carries an Idempotency-Key: a name-based UUID
     * of entity, caller and key, so a retried create can never make a second item, and two callers that happen to
     * send the same key never name the same item (G5).
     *
     * @param entity the entity the item is created in
     * @param caller the caller identity, as in {@link WriteContext#caller()}
     * @param idempotencyKey the request's Idempotency-Key
     * @return the derived id, a name-based UUID in its text form; the same for the same entity, caller and key
     */
    public static String derivedId(EntityDefinition entity, String caller, String idempotencyKey) {
        return Hashing.derivedId(entity.name(), caller, idempotencyKey);
    }

    /**
     * As {@link #derivedId(EntityDefinition, String, String)} for the {@link WriteContext#ANONYMOUS} caller.
     *
     * @param entity the entity the item is created in
     * @param idempotencyKey the request's Idempotency-Key
     * @return the derived id, as for an anonymous caller
     */
    public static String derivedId(EntityDefinition entity, String idempotencyKey) {
        return derivedId(entity, WriteContext.ANONYMOUS, idempotencyKey);
    }

    // ---------------------------------------------------------------------------------------------- reads

    /**
     * Reads one item, strongly consistent unless the entity opted out (G1).
     *
     * @param entity the entity to read
     * @param key the item's key: exactly the entity's key attributes
     * @return the live item with its version; empty when there is none or a delete left its tombstone
     */
    public Optional<VersionedItem> get(EntityDefinition entity, Map<String, AttributeValue> key) {
        return get(entity, key, null);
    }

    /**
     * As {@link #get(EntityDefinition, Map)}, the call capped by {@code deadline} (G7); null for no cap.
     *
     * @param entity the entity to read
     * @param key the item's key: exactly the entity's key attributes
     * @param deadline when the call must have answered; null for no cap
     * @return the live item with its version; empty when there is none or a delete left its tombstone
     */
    public Optional<VersionedItem> get(EntityDefinition entity, Map<String, AttributeValue> key, Instant deadline) {
        entity.requireKey(key);
        requireHomeForRead(entity);
        return calls.readLive(entity, key, entity.consistentRead(), deadline)
                .map(item -> new VersionedItem(item, entity.versionOf(item)));
    }

    /**
     * One page of the items of one partition, in sort-key order, strongly consistent unless the entity opted out.
     *
     * @param entity the entity to query
     * @param partitionKey the partition's key value
     * @param limit             most items on the page (1 to 1000)
     * @param exclusiveStartKey the previous page's {@link QueryPage#lastEvaluatedKey()}, or null for the first page
     * @return the page: the live items (tombstones left out) and the key to continue from, if more may follow
     */
    public QueryPage query(EntityDefinition entity, AttributeValue partitionKey, int limit,
                           Map<String, AttributeValue> exclusiveStartKey) {
        return query(entity, partitionKey, limit, exclusiveStartKey, null);
    }

    /**
     * As {@link #query(EntityDefinition, AttributeValue, int, Map)}, capped by {@code deadline}; null for no cap.
     *
     * @param entity the entity to query
     * @param partitionKey the partition's key value
     * @param limit most items on the page (1 to 1000)
     * @param exclusiveStartKey the previous page's {@link QueryPage#lastEvaluatedKey()}, or null for the first page
     * @param deadline when the call must have answered; null for no cap
     * @return the page: the live items (tombstones left out) and the key to continue from, if more may follow
     */
    public QueryPage query(EntityDefinition entity, AttributeValue partitionKey, int limit,
                           Map<String, AttributeValue> exclusiveStartKey, Instant deadline) {
        Objects.requireNonNull(partitionKey, "partitionKey");
        requireHomeForRead(entity);
        if (limit < 1 || limit > 1000) {
            throw new IllegalArgumentException("limit must be 1 to 1000, got " + limit);
        }
        return page(entity, calls.queryLive(entity, partitionKey, limit, exclusiveStartKey, deadline));
    }

    /**
     * One page of an index query. <b>Eventually consistent</b>: DynamoDB updates an index after the write that
     * changed the item, so a page may miss a recent write, still show an item under an old index value, or show an
     * older version than the table holds. Read the item by key ({@link #get}) before acting on it. Deleted items
     * never appear; each item carries its version as the index holds it.
     *
     * @param entity   the entity whose table holds the index
     * @param read     the index, the partition key value, the sort-key condition, order, limit and start of the page
     * @param deadline no call runs past it; null for no cap
     * @return the page: the live items in the index's sort-key order (reversed when asked) and the key to continue
     *         from, if more may follow; a page may hold fewer than the limit and still have a next one
     * @throws IllegalArgumentException when the entity has no such index (none of that name, or one that differs
     *                                  from {@code read}'s)
     */
    public QueryPage queryIndex(EntityDefinition entity, IndexRead read, Instant deadline) {
        Objects.requireNonNull(read, "read");
        if (entity.index(read.index().name()).filter(read.index()::equals).isEmpty()) {
            throw new IllegalArgumentException("entity " + entity.name() + " has no index " + read.index());
        }
        return page(entity, calls.queryIndex(entity, read, deadline));
    }

    private static QueryPage page(EntityDefinition entity, QueryResponse response) {
        List<VersionedItem> items = new ArrayList<>();
        response.items().forEach(item -> items.add(new VersionedItem(item, entity.versionOf(item))));
        Optional<Map<String, AttributeValue>> next = response.hasLastEvaluatedKey() && !response.lastEvaluatedKey().isEmpty()
                ? Optional.of(response.lastEvaluatedKey()) : Optional.empty();
        return new QueryPage(items, next);
    }

    // ---------------------------------------------------------------------------------------------- writes

    /**
     * Creates the item if no item has its key (G3): at version 1, or, where a delete left its tombstone, at one more
     * than the tombstone's version, so that no version seen before the delete matches the new item (G2).
     *
     * <p>Without an Idempotency-Key: one conditional {@code PutItem} that stores the request token as creation
     * token; when the condition fails, the old item returned with the failure shows whether that token is ours — the
     * SDK retried our own committed create — which answers {@code Written(replayed=true)} instead of a false
     * {@code AlreadyExists} (G4). With a key: the put and the key's record in one transaction (G5); its
     * ClientRequestToken absorbs the SDK's retries, so an existing item is always somebody else's (or an earlier
     * request's whose key expired): {@code AlreadyExists}. Over a tombstone, a second put conditioned on it.
     *
     * @param entity the entity to create the item in
     * @param item the client's attributes, key included; no version or bookkeeping attributes
     * @param ctx the request's caller, token, Idempotency-Key and deadline
     * @return {@code Written} (created, or replayed), {@code AlreadyExists}, or for a keyed request its recorded
     *         outcome or {@code IdempotencyKeyReused}
     */
    public WriteResult create(EntityDefinition entity, Map<String, AttributeValue> item, WriteContext ctx) {
        requireHomeForWrite(entity);
        WriteArguments.requireClientAttributes(entity, item, true);
        requireSchema(entity, item);
        return writes.create(entity, item, WriteFingerprint.complete(ctx,
                () -> WriteFingerprint.of("create", entity).item(item)));
    }

    /**
     * Replaces the whole item if it is at {@code expectedVersion} (G2): one {@code TransactWriteItems} with a
     * {@code ClientRequestToken}, so the SDK's retry of a committed replace is no false conflict (G4).
     *
     * @param entity the entity of the item
     * @param item the client's attributes, key included; no version or bookkeeping attributes
     * @param expectedVersion the version the client last read; the replace applies only at that version
     * @param ctx the request's caller, token, Idempotency-Key and deadline
     * @return {@code Written} at the next version, {@code Conflict} with the current version, {@code NotFound}, or for
     *         a keyed request its recorded outcome or {@code IdempotencyKeyReused}
     */
    public WriteResult replace(EntityDefinition entity, Map<String, AttributeValue> item, long expectedVersion,
                               WriteContext ctx) {
        requireHomeForWrite(entity);
        WriteArguments.requireClientAttributes(entity, item, true);
        WriteArguments.requireVersion(expectedVersion);
        requireSchema(entity, item);
        return writes.replace(entity, item, expectedVersion, "replace", WriteFingerprint.complete(ctx,
                () -> WriteFingerprint.of("replace", entity).item(item).version(OptionalLong.of(expectedVersion))));
    }

    /**
     * Applies a JSON Merge Patch (RFC 7396) already split into top-level attributes to set and to remove: a
     * consistent read, the patch applied in memory, then the replace mechanism conditioned on
     * {@code expectedVersion}. The answer is the computed item.
     *
     * @param entity the entity of the item
     * @param key the item's key: exactly the entity's key attributes
     * @param set the top-level attributes to set, each to its new value
     * @param remove the top-level attribute names to remove
     * @param expectedVersion the version the client last read; the patch applies only at that version
     * @param ctx the request's caller, token, Idempotency-Key and deadline
     * @return {@code Written} with the computed item, {@code Conflict}, {@code NotFound}, or for a keyed request its
     *         recorded outcome or {@code IdempotencyKeyReused}
     */
    public WriteResult merge(EntityDefinition entity, Map<String, AttributeValue> key, Map<String, AttributeValue> set,
                             Set<String> remove, long expectedVersion, WriteContext ctx) {
        requireHomeForWrite(entity);
        WriteArguments.requireClientAttributes(entity, set, false);
        for (String name : remove) {
            WriteArguments.requireWritableName(entity, name);
            if (entity.isKeyAttribute(name)) {
                throw new IllegalArgumentException("merge may not remove key attribute '" + name + "'");
            }
        }
        requireMerge(entity, key, set, expectedVersion);
        WriteContext keyed = WriteFingerprint.complete(ctx, () -> WriteFingerprint.of("merge", entity).item(key)
                .item(set).names(remove).version(OptionalLong.of(expectedVersion)));
        return writes.merge(entity, key, expectedVersion, keyed, current -> {
            Map<String, AttributeValue> merged = new LinkedHashMap<>(current);
            remove.forEach(merged::remove);
            merged.putAll(set);
            requireSchema(entity, merged);
            return merged;
        });
    }

    /**
     * Applies a JSON Merge Patch (RFC 7396) in DynamoDB values: {@code NULL} removes a member, a map merges into the
     * member's current map (or into an empty one), anything else replaces the member. The patch is applied to the
     * consistent read whose version is checked against {@code expectedVersion} and then conditions the write
     * (G1/G2), never to an earlier or eventually consistent read. The answer is the computed item. When the answer
     * need not hold the item ({@link WriteContext#answerWithItem()} false) and no member of the patch holds an
     * object, the patch is one update conditioned on {@code expectedVersion}, without the read: one round trip, and
     * the answer holds the key and the new version.
     *
     * @param entity the entity of the item
     * @param key the item's key: exactly the entity's key attributes
     * @param patch top-level attributes of the patch; key attributes only with their own value
     * @param expectedVersion the version the client last read; the patch applies only at that version
     * @param ctx the request's caller, token, Idempotency-Key, deadline and {@link WriteContext#answerWithItem()}
     * @return {@code Written} with the computed item (or only key and version, see above), {@code Conflict}, {@code
     *         NotFound}, or for a keyed request its recorded outcome or {@code IdempotencyKeyReused}
     */
    public WriteResult mergePatch(EntityDefinition entity, Map<String, AttributeValue> key,
                                  Map<String, AttributeValue> patch, long expectedVersion, WriteContext ctx) {
        requireHomeForWrite(entity);
        WriteArguments.requireClientAttributes(entity, patch, false);
        for (String name : patch.keySet()) {
            if (entity.isKeyAttribute(name) && patch.get(name).nul() != null) {
                throw new IllegalArgumentException("merge may not remove key attribute '" + name + "'");
            }
        }
        requireMerge(entity, key, patch, expectedVersion);
        WriteContext keyed = WriteFingerprint.complete(ctx, () -> WriteFingerprint.of("merge-patch", entity)
                .item(key).item(patch).version(OptionalLong.of(expectedVersion)));
        // With a schema the merged item must be checked, so the patch is always applied to the read.
        // A patch that changes a unique value needs the value it replaces, to move its guard: from the read.
        if (!ctx.answerWithItem() && entity.schema().isEmpty() && MergeWrite.writableWithoutRead(patch)
                && entity.uniqueAttributes().stream().noneMatch(patch::containsKey)) {
            return writes.mergeWithoutRead(entity, key, patch, expectedVersion, keyed);
        }
        return writes.merge(entity, key, expectedVersion, keyed, current -> {
            Map<String, AttributeValue> merged = MergePatch.apply(current, patch);
            requireSchema(entity, merged);
            return merged;
        });
    }

    private static void requireMerge(EntityDefinition entity, Map<String, AttributeValue> key,
                                     Map<String, AttributeValue> given, long expectedVersion) {
        entity.requireKey(key);
        WriteArguments.requireVersion(expectedVersion);
        for (String name : given.keySet()) {
            if (entity.isKeyAttribute(name) && !given.get(name).equals(key.get(name))) {
                throw new IllegalArgumentException("merge may not change key attribute '" + name + "'");
            }
        }
    }

    /**
     * Adds each delta (decimal text) to its numeric attribute, atomically, and the version by one: a
     * {@code TransactWriteItems} of one {@code Update ADD} with a {@code ClientRequestToken}, so the SDK's retry of
     * a committed increment never adds twice, hot items included (G4). The answer is a consistent read after the
     * write; it may already include a later writer's change. A keyed increment without an expected version reads
     * first instead, conditions the increment on the version read and computes its answer from that read, so that
     * its record and its answer hold the version it made (G5). Without {@link WriteContext#answerWithItem()} neither
     * read is made: the answer is the key, at the expected version plus one, or 0 (not known) without one.
     *
     * @param entity the entity of the item
     * @param key the item's key: exactly the entity's key attributes
     * @param deltas the amount to add to each numeric attribute, as decimal text (negative to subtract)
     * @param expectedVersion when present, the increment applies only at that version (G2)
     * @param ctx the request's caller, token, Idempotency-Key, deadline and {@link WriteContext#answerWithItem()}
     * @return {@code Written} with the item read after the write (or only key and version, see above), {@code
     *         Conflict}, {@code NotFound}, or for a keyed request its recorded outcome or {@code IdempotencyKeyReused}
     * @throws SchemaViolationException when the entity's schema does not declare an attribute numeric, or when the
     *     item lacks a member the schema's top level requires (an item from before it was required: the increment's
     *     condition asks for each, so nothing is written; set it with a replace or a merge first)
     */
    public WriteResult increment(EntityDefinition entity, Map<String, AttributeValue> key, Map<String, String> deltas,
                                 OptionalLong expectedVersion, WriteContext ctx) {
        requireHomeForWrite(entity);
        entity.requireKey(key);
        if (deltas.isEmpty()) {
            throw new IllegalArgumentException("an increment needs at least one attribute");
        }
        expectedVersion.ifPresent(WriteArguments::requireVersion);
        deltas.keySet().forEach(name -> WriteArguments.requireWritableName(entity, name));
        WriteArguments.requireIncrementable(entity, deltas.keySet(), "");
        entity.schema().ifPresent(schema -> throwIfAny(schema.incrementViolations(deltas.keySet(), deltas)));
        return writes.increment(entity, key, deltas, expectedVersion, WriteFingerprint.complete(ctx,
                () -> WriteFingerprint.of("increment", entity).item(key).numbers(deltas).version(expectedVersion)));
    }

    /**
     * Deletes the item if it is at {@code expectedVersion} (G2): the item is replaced by its tombstone — the key,
     * the version plus one, {@link Bookkeeping#DELETED} and the deleter's stamp — in a {@code TransactWriteItems}
     * with a {@code ClientRequestToken}, so the SDK's retry of a committed delete is no false NotFound or Conflict
     * (G4). One round trip.
     *
     * @param entity the entity of the item
     * @param key the item's key: exactly the entity's key attributes
     * @param expectedVersion the version the client last read; the delete applies only at that version
     * @param ctx the request's caller, token, Idempotency-Key and deadline
     * @return {@code Deleted} with the tombstone's version, {@code Conflict}, {@code NotFound}, or for a keyed request
     *         its recorded outcome or {@code IdempotencyKeyReused}
     */
    public WriteResult delete(EntityDefinition entity, Map<String, AttributeValue> key, long expectedVersion,
                              WriteContext ctx) {
        requireHomeForWrite(entity);
        entity.requireKey(key);
        WriteArguments.requireVersion(expectedVersion);
        return writes.delete(entity, key, expectedVersion, WriteFingerprint.complete(ctx,
                () -> WriteFingerprint.of("delete", entity).item(key).version(OptionalLong.of(expectedVersion))));
    }

    /**
     * Applies all operations or none (G6): one {@code TransactWriteItems} with a {@code ClientRequestToken}, each
     * operation with its own version check and bounds. A cancellation names the first failing operation and why. A
     * create over a tombstone is tried again conditioned on it (G2); with an Idempotency-Key, an increment without an
     * expected version is conditioned on the version read just before, so the record holds the version it made (G5).
     *
     * @param operations 1 to 100 operations (99 with an Idempotency-Key), at most one per item
     * @param ctx the request's caller, token, Idempotency-Key and deadline
     * @return {@code Committed} with each operation's new version, or {@code Cancelled} naming the first failing
     *         operation and its reason, or for a keyed request {@code IdempotencyKeyReused}
     */
    public TransactionResult transact(List<TransactionOperation> operations, WriteContext ctx) {
        int max = MAX_TRANSACTION_ITEMS - (ctx.idempotencyKey().isPresent() ? 1 : 0);
        if (operations.isEmpty() || operations.size() > max) {
            throw new IllegalArgumentException("a transaction takes 1 to " + max + " operations, got " + operations.size());
        }
        requireSchemas(operations);
        int guards = operations.stream().mapToInt(UniqueGuards::mostGuardItems).sum();
        if (operations.size() + guards > max) {
            throw new IllegalArgumentException("a transaction takes at most " + max + " items, and its unique"
                    + " attributes' guards may add " + guards + " to its " + operations.size() + " operations");
        }
        Set<ItemIdentity> items = new HashSet<>();
        for (TransactionOperation op : operations) {
            op.entity().requireKey(op.key());
            requireHomeForWrite(op.entity());
            if (!items.add(ItemIdentity.of(op.entity(), op.key()))) {
                throw new IllegalArgumentException("operation " + op.index() + " touches an item another operation"
                        + " of the transaction touches");
            }
            // Built once before anything is sent, so that an operation the store refuses writes nothing.
            ItemWrite.of(op, op.expectedVersion(), OptionalLong.empty(), ctx);
        }
        return transactions.transact(operations, WriteFingerprint.complete(ctx,
                () -> WriteFingerprint.transaction(operations)));
    }

    // ---------------------------------------------------------------------------------------------- item schemas

    /**
     * The whole item conforms to its entity's schema, if it has one, and each of its unique values can be guarded
     * (a string or a number); else nothing is written.
     */
    private static void requireSchema(EntityDefinition entity, Map<String, AttributeValue> item) {
        List<SchemaViolation> violations = new ArrayList<>(entity.schema()
                .map(schema -> schema.violations(item, entity.versionAttribute())).orElse(List.of()));
        violations.addAll(UniqueGuards.violations(entity, item));
        throwIfAny(violations);
    }

    /**
     * Every operation's item (create, replace) or increment conforms to its entity's schema; the violations of all
     * operations are gathered, each located under {@code /operations/N}, before anything is sent.
     */
    private static void requireSchemas(List<TransactionOperation> operations) {
        List<SchemaViolation> violations = new ArrayList<>();
        for (TransactionOperation op : operations) {
            if (op.kind() == TransactionOperation.Kind.PUT_NEW || op.kind() == TransactionOperation.Kind.REPLACE) {
                UniqueGuards.violations(op.entity(), op.item())
                        .forEach(v -> violations.add(v.under("/operations/" + op.index() + "/item")));
            }
            Optional<ItemSchema> schema = op.entity().schema();
            if (schema.isEmpty()) {
                continue;
            }
            String at = "/operations/" + op.index();
            switch (op.kind()) {
                case PUT_NEW, REPLACE -> schema.get().violations(op.item(), op.entity().versionAttribute())
                        .forEach(v -> violations.add(v.under(at + "/item")));
                case INCREMENT -> schema.get().incrementViolations(op.deltas().keySet(), op.deltas())
                        .forEach(v -> violations.add(v.under(at + "/deltas")));
                default -> {
                }
            }
        }
        throwIfAny(violations);
    }

    private static void throwIfAny(List<SchemaViolation> violations) {
        if (!violations.isEmpty()) {
            throw new SchemaViolationException(violations);
        }
    }
}
