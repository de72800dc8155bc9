package io.consistentcrud.runtime;

import io.consistentcrud.runtime.client.CallAttempts;
import io.consistentcrud.runtime.internal.Expression;
import io.consistentcrud.runtime.internal.Hashing;
import io.consistentcrud.runtime.internal.MergePatch;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.StringJoiner;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import software.amazon.awssdk.awscore.AwsRequestOverrideConfiguration;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.ConditionCheck;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.IdempotentParameterMismatchException;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.TransactionInProgressException;
import software.amazon.awssdk.services.dynamodb.model.Update;

/**
 * The safe data layer: strongly consistent reads, and writes that are conditional on the version the caller saw
 * (G2), create at most once (G3), apply exactly once under the SDK's retries (G4) and under a client's retries with
 * an Idempotency-Key (G5), and answer typed outcomes instead of SDK exceptions.
 *
 * <p>Which mechanism each write uses, and what it costs, is documented in {@code docs/exactly-once.md}: creates are a
 * conditional {@code PutItem} carrying a creation token; every other write is a {@code TransactWriteItems} with a
 * derived {@code ClientRequestToken}; an Idempotency-Key adds its record to the same transaction. A delete leaves
 * a tombstone in the item's place, so that versions continue across a delete and reads leave it out.
 *
 * <p>Every request the store sends is safe to send again, and it is sent again after the SDK gave up on it (a lost
 * answer, a timeout, a 5xx, throttling) until the call deadline, {@link WriteContext#deadline()} (G4, G7); each SDK
 * call is capped by the time left. When the deadline passes first, {@link DeadlineExceededException} says whether a
 * write may have been applied. A write that committed is never reported as failed because a read after it failed.
 * Other SDK failures (permissions, a missing table) propagate as the SDK's {@code SdkException}. Usable on its own
 * from any Java handler; the client is injected and never created here. Thread-safe.
 */
public final class ConsistentStore {
    /** Partition key (S) of the Idempotency-Key table. */
    public static final String RECORD_KEY = io.consistentcrud.contract.IdempotencyRecordSchema.PARTITION_KEY;
    /** TTL attribute (epoch seconds) of the Idempotency-Key table. */
    public static final String RECORD_EXPIRES_AT = io.consistentcrud.contract.IdempotencyRecordSchema.EXPIRES_AT;
    static final String RECORD_FINGERPRINT = "fingerprint";
    static final String RECORD_STATUS = "status";
    static final String RECORD_VERSION = "version";
    static final String RECORD_VERSIONS = "versions";
    static final String RECORD_RESOURCE = "resourceId";

    /** Statuses recorded for an Idempotency-Key replay: the success statuses of the HTTP contract (DESIGN §4). */
    static final int STATUS_CREATED = 201;
    static final int STATUS_OK = 200;
    static final int STATUS_NO_CONTENT = 204;

    /** DynamoDB's limit of items per TransactWriteItems call. */
    public static final int MAX_TRANSACTION_ITEMS = 100;

    private static final String TRANSACTIONS = "transactions";
    private static final String CONDITION_FAILED = "ConditionalCheckFailed";
    private static final AttributeValue ONE = AttributeValue.fromN("1");

    private final DynamoDbClient dynamoDb;
    private final StoreOptions options;
    private final StoreMetrics metrics;

    /**
     * @param dynamoDb the client; build it with {@code DynamoDbClientFactory} so that SDK retries are counted
     * @param options  the idempotency table and window, the configured call timeout, clock and metrics listener
     */
    public ConsistentStore(DynamoDbClient dynamoDb, StoreOptions options) {
        this.dynamoDb = Objects.requireNonNull(dynamoDb, "dynamoDb");
        this.options = Objects.requireNonNull(options, "options");
        this.metrics = options.metrics();
    }

    /**
     * The id a {@code POST} without an id gives the new item when it carries an Idempotency-Key: a name-based UUID
     * of entity, caller and key, so a retried create can never make a second item, and two callers that happen to
     * send the same key never name the same item (G5).
     *
     * @param caller the caller identity, as in {@link WriteContext#caller()}
     */
    public static String derivedId(EntityDefinition entity, String caller, String idempotencyKey) {
        return Hashing.derivedId(entity.name(), caller, idempotencyKey);
    }

    /** As {@link #derivedId(EntityDefinition, String, String)} for the {@link WriteContext#ANONYMOUS} caller. */
    public static String derivedId(EntityDefinition entity, String idempotencyKey) {
        return derivedId(entity, WriteContext.ANONYMOUS, idempotencyKey);
    }

    /** The item's key as it appears in a path: {@code pk} or {@code pk/sk}. */
    public static String resourceId(EntityDefinition entity, Map<String, AttributeValue> key) {
        StringJoiner id = new StringJoiner("/");
        id.add(keyText(key.get(entity.partitionKey().name())));
        entity.sortKey().ifPresent(sk -> id.add(keyText(key.get(sk.name()))));
        return id.toString();
    }

    // ---------------------------------------------------------------------------------------------- reads

    /** Reads one item, strongly consistent unless the entity opted out (G1). */
    public Optional<VersionedItem> get(EntityDefinition entity, Map<String, AttributeValue> key) {
        return get(entity, key, null);
    }

    /** As {@link #get(EntityDefinition, Map)}, the call capped by {@code deadline} (G7); null for no cap. */
    public Optional<VersionedItem> get(EntityDefinition entity, Map<String, AttributeValue> key, Instant deadline) {
        requireKey(entity, key);
        return readLive(entity, key, entity.consistentRead(), deadline)
                .map(item -> new VersionedItem(item, versionOf(entity, item)));
    }

    /**
     * One page of the items of one partition, in sort-key order, strongly consistent unless the entity opted out.
     *
     * @param limit             most items on the page (1 to 1000)
     * @param exclusiveStartKey the previous page's {@link QueryPage#lastEvaluatedKey()}, or null for the first page
     */
    public QueryPage query(EntityDefinition entity, AttributeValue partitionKey, int limit,
                           Map<String, AttributeValue> exclusiveStartKey) {
        return query(entity, partitionKey, limit, exclusiveStartKey, null);
    }

    /** As {@link #query(EntityDefinition, AttributeValue, int, Map)}, capped by {@code deadline}; null for no cap. */
    public QueryPage query(EntityDefinition entity, AttributeValue partitionKey, int limit,
                           Map<String, AttributeValue> exclusiveStartKey, Instant deadline) {
        Objects.requireNonNull(partitionKey, "partitionKey");
        if (limit < 1 || limit > 1000) {
            throw new IllegalArgumentException("limit must be 1 to 1000, got " + limit);
        }
        Expression x = new Expression();
        String condition = x.name(entity.partitionKey().name()) + " = " + x.value(partitionKey);
        // Tombstones stay in the partition (G2) but are no items: a page may hold fewer than limit items.
        String liveOnly = live(x);
        CallAttempts attempts = attempts();
        QueryResponse response = ResendUntilDeadline.read(deadline, options.clock(), metrics).send(() ->
                dynamoDb.query(b -> b.tableName(entity.tableName())
                        .keyConditionExpression(condition)
                        .filterExpression(liveOnly)
                        .expressionAttributeNames(x.names())
                        .expressionAttributeValues(x.values())
                        .consistentRead(entity.consistentRead())
                        .limit(limit)
                        .exclusiveStartKey(exclusiveStartKey == null || exclusiveStartKey.isEmpty()
                                ? null : exclusiveStartKey)
                        .overrideConfiguration(override(deadline, attempts))));
        List<VersionedItem> items = new ArrayList<>();
        response.items().forEach(item -> items.add(new VersionedItem(item, versionOf(entity, item))));
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
     * @param item the client's attributes, key included; no version or bookkeeping attributes
     */
    public WriteResult create(EntityDefinition entity, Map<String, AttributeValue> item, WriteContext ctx) {
        requireClientAttributes(entity, item, true);
        String resourceId = resourceId(entity, keyOf(entity, item));
        OptionalLong tombstone = OptionalLong.empty();
        while (true) {
            long version = tombstone.isPresent() ? tombstone.getAsLong() + 1 : 1;
            Map<String, AttributeValue> written = new LinkedHashMap<>(item);
            written.put(entity.versionAttribute(), number(version));
            written.put(Bookkeeping.CREATE_TOKEN, AttributeValue.fromS(ctx.requestToken()));
            stamp(written, ctx);
            VersionedItem result = new VersionedItem(written, version);
            Expression x = new Expression();
            String condition = createCondition(entity, x, tombstone);
            Map<String, AttributeValue> old;
            if (ctx.idempotencyKey().isEmpty()) {
                CallAttempts attempts = attempts();
                try {
                    // Safe to send again: a repeat that meets our own committed create finds our creation token.
                    ResendUntilDeadline.write(ctx.deadline(), options.clock(), metrics).send(() ->
                            dynamoDb.putItem(b -> b.tableName(entity.tableName())
                                    .item(written)
                                    .conditionExpression(condition)
                                    .expressionAttributeNames(x.names())
                                    .expressionAttributeValues(x.values())
                                    .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)
                                    .overrideConfiguration(override(ctx.deadline(), attempts))));
                    return new WriteResult.Written(result, true, false);
                } catch (ConditionalCheckFailedException e) {
                    old = e.hasItem() ? e.item() : Map.of();
                } catch (DynamoDbException e) {
                    throw refusedOrRethrow("create", e);
                }
            } else {
                TransactWriteItem put = TransactWriteItem.builder().put(Put.builder()
                        .tableName(entity.tableName())
                        .item(written)
                        .conditionExpression(condition)
                        .expressionAttributeNames(x.names())
                        .expressionAttributeValues(x.values())
                        .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)
                        .build()).build();
                Outcome outcome = execute(List.of(put), "create", entity.name() + "/" + resourceId + "@" + version,
                        ctx, recordOf(STATUS_CREATED, version, resourceId));
                if (!(outcome instanceof Outcome.Failed failed)) {
                    return commonOutcome(outcome, () -> new WriteResult.Written(result, true, false));
                }
                CancellationReason reason = failed.reasons().get(0);
                old = oldItemOf(reason);
            }
            if (Bookkeeping.isTombstone(old)) {
                // A delete left its tombstone (or another one since our last try): create over it.
                tombstone = OptionalLong.of(versionOf(entity, old));
                continue;
            }
            if (old.isEmpty() && tombstone.isPresent()) {
                // The tombstone we aimed at is gone (removed by hand): a plain create again.
                tombstone = OptionalLong.empty();
                pause(ctx.deadline());
                continue;
            }
            return createFailed(entity, old, ctx, result);
        }
    }

    /** {@code attribute_not_exists(pk)}, or, over a tombstone, that very tombstone. */
    private static String createCondition(EntityDefinition entity, Expression x, OptionalLong tombstone) {
        if (tombstone.isEmpty()) {
            return "attribute_not_exists(" + x.name(entity.partitionKey().name()) + ")";
        }
        return "attribute_exists(" + x.name(Bookkeeping.DELETED) + ") AND " + x.name(entity.versionAttribute())
                + " = " + x.value(number(tombstone.getAsLong()));
    }

    private WriteResult createFailed(EntityDefinition entity, Map<String, AttributeValue> old, WriteContext ctx,
                                     VersionedItem ours) {
        AttributeValue token = old.get(Bookkeeping.CREATE_TOKEN);
        if (ctx.idempotencyKey().isEmpty() && token != null && ctx.requestToken().equals(token.s())) {
            // The SDK retried a create that had already committed: our own success, not a conflict (G4). Only
            // for a create without a key: a keyed create's SDK retries are absorbed by its ClientRequestToken, and
            // its request token (the key) may have created this item in an earlier request whose key expired (G3).
            metrics.recoveredAmbiguousWrite();
            return new WriteResult.Written(ours, true, true);
        }
        return new WriteResult.AlreadyExists(versionOf(entity, old));
    }

    /**
     * Replaces the whole item if it is at {@code expectedVersion} (G2): one {@code TransactWriteItems} with a
     * {@code ClientRequestToken}, so the SDK's retry of a committed replace is no false conflict (G4).
     *
     * @param item the client's attributes, key included; no version or bookkeeping attributes
     */
    public WriteResult replace(EntityDefinition entity, Map<String, AttributeValue> item, long expectedVersion,
                               WriteContext ctx) {
        requireClientAttributes(entity, item, true);
        requireVersion(expectedVersion);
        Map<String, AttributeValue> written = new LinkedHashMap<>(item);
        return putAtVersion(entity, written, expectedVersion, "replace", ctx);
    }

    /**
     * Applies a JSON Merge Patch (RFC 7396) already split into top-level attributes to set and to remove: a
     * consistent read, the patch applied in memory, then the replace mechanism conditioned on
     * {@code expectedVersion}. The answer is the computed item.
     */
    public WriteResult merge(EntityDefinition entity, Map<String, AttributeValue> key, Map<String, AttributeValue> set,
                             Set<String> remove, long expectedVersion, WriteContext ctx) {
        requireClientAttributes(entity, set, false);
        for (String name : remove) {
            requireWritableName(entity, name);
            if (isKeyAttribute(entity, name)) {
                throw new IllegalArgumentException("merge may not remove key attribute '" + name + "'");
            }
        }
        return mergeInto(entity, key, set, expectedVersion, ctx, current -> {
            Map<String, AttributeValue> merged = new LinkedHashMap<>(current);
            remove.forEach(merged::remove);
            merged.putAll(set);
            return merged;
        });
    }

    /**
     * Applies a JSON Merge Patch (RFC 7396) in DynamoDB values: {@code NULL} removes a member, a map merges into the
     * member's current map (or into an empty one), anything else replaces the member. The patch is applied to the
     * consistent read whose version is checked against {@code expectedVersion} and then conditions the write
     * (G1/G2), never to an earlier or eventually consistent read. The answer is the computed item.
     *
     * @param patch top-level attributes of the patch; key attributes only with their own value
     */
    public WriteResult mergePatch(EntityDefinition entity, Map<String, AttributeValue> key,
                                  Map<String, AttributeValue> patch, long expectedVersion, WriteContext ctx) {
        requireClientAttributes(entity, patch, false);
        for (String name : patch.keySet()) {
            if (isKeyAttribute(entity, name) && patch.get(name).nul() != null) {
                throw new IllegalArgumentException("merge may not remove key attribute '" + name + "'");
            }
        }
        return mergeInto(entity, key, patch, expectedVersion, ctx, current -> MergePatch.apply(current, patch));
    }

    private WriteResult mergeInto(EntityDefinition entity, Map<String, AttributeValue> key,
                                  Map<String, AttributeValue> given, long expectedVersion, WriteContext ctx,
                                  UnaryOperator<Map<String, AttributeValue>> apply) {
        requireKey(entity, key);
        requireVersion(expectedVersion);
        for (String name : given.keySet()) {
            if (isKeyAttribute(entity, name) && !given.get(name).equals(key.get(name))) {
                throw new IllegalArgumentException("merge may not change key attribute '" + name + "'");
            }
        }
        if (ctx.idempotencyKey().isPresent()) {
            // A repeat of an applied merge must replay before the read, which would otherwise see a moved version.
            Optional<WriteResult> replay = replayBeforeRead(ctx);
            if (replay.isPresent()) {
                return replay.get();
            }
        }
        Optional<Map<String, AttributeValue>> current = readLive(entity, key, true, ctx.deadline());
        if (current.isEmpty()) {
            return new WriteResult.NotFound();
        }
        long currentVersion = versionOf(entity, current.get());
        if (currentVersion != expectedVersion) {
            metrics.conflict();
            return new WriteResult.Conflict(currentVersion);
        }
        Map<String, AttributeValue> merged = new LinkedHashMap<>(apply.apply(current.get()));
        merged.remove(entity.versionAttribute());
        return putAtVersion(entity, merged, expectedVersion, "merge", ctx);
    }

    private WriteResult putAtVersion(EntityDefinition entity, Map<String, AttributeValue> written, long expectedVersion,
                                     String operation, WriteContext ctx) {
        long newVersion = expectedVersion + 1;
        written.put(entity.versionAttribute(), number(newVersion));
        stamp(written, ctx);
        Expression x = new Expression();
        String condition = x.name(entity.versionAttribute()) + " = " + x.value(number(expectedVersion))
                + " AND " + live(x);
        TransactWriteItem put = TransactWriteItem.builder().put(Put.builder()
                .tableName(entity.tableName())
                .item(written)
                .conditionExpression(condition)
                .expressionAttributeNames(x.names())
                .expressionAttributeValues(x.values())
                .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)
                .build()).build();
        String resourceId = resourceId(entity, keyOf(entity, written));
        Outcome outcome = execute(List.of(put), operation, entity.name() + "/" + resourceId, ctx,
                recordOf(STATUS_OK, newVersion, resourceId));
        if (outcome instanceof Outcome.Failed failed) {
            return versionFailure(entity, failed.reasons().get(0));
        }
        return commonOutcome(outcome,
                () -> new WriteResult.Written(new VersionedItem(written, newVersion), false, false));
    }

    /**
     * Adds each delta (decimal text) to its numeric attribute, atomically, and the version by one: a
     * {@code TransactWriteItems} of one {@code Update ADD} with a {@code ClientRequestToken}, so the SDK's retry of
     * a committed increment never adds twice, hot items included (G4). The answer is a consistent read after the
     * write; it may already include a later writer's change. A keyed increment without an expected version reads
     * first instead (see {@link #incrementFromRead}), so that its record and its answer hold the version it made.
     *
     * @param expectedVersion when present, the increment applies only at that version (G2)
     */
    public WriteResult increment(EntityDefinition entity, Map<String, AttributeValue> key, Map<String, String> deltas,
                                 OptionalLong expectedVersion, WriteContext ctx) {
        requireKey(entity, key);
        if (deltas.isEmpty()) {
            throw new IllegalArgumentException("an increment needs at least one attribute");
        }
        expectedVersion.ifPresent(ConsistentStore::requireVersion);
        deltas.keySet().forEach(name -> requireWritableName(entity, name));
        deltas.keySet().forEach(name -> {
            if (isKeyAttribute(entity, name)) {
                throw new IllegalArgumentException("key attribute '" + name + "' cannot be incremented");
            }
        });
        String resourceId = resourceId(entity, key);
        if (expectedVersion.isEmpty() && ctx.idempotencyKey().isPresent()) {
            return incrementFromRead(entity, key, deltas, resourceId, ctx);
        }
        TransactWriteItem update = TransactWriteItem.builder()
                .update(incrementUpdate(entity, key, deltas, Map.of(), expectedVersion, ctx)).build();
        long recordedVersion = expectedVersion.isPresent() ? expectedVersion.getAsLong() + 1 : 0;
        Outcome outcome = execute(List.of(update), "increment", entity.name() + "/" + resourceId, ctx,
                recordOf(STATUS_OK, recordedVersion, resourceId));
        if (outcome instanceof Outcome.Failed failed) {
            return versionFailure(entity, failed.reasons().get(0));
        }
        return commonOutcome(outcome, () -> {
            // Deleted by another writer right after our increment, or not readable before the deadline: the
            // increment still happened, and the answer is what is known without the read.
            VersionedItem item = readAfterCommit(entity, key, ctx.deadline())
                    .map(a -> new VersionedItem(a, versionOf(entity, a)))
                    .orElseGet(() -> new VersionedItem(key, recordedVersion));
            return new WriteResult.Written(item, false, false);
        });
    }

    /**
     * A keyed increment without an expected version. An unconditioned {@code ADD} cannot tell its new version inside
     * its transaction, yet the key's record must hold it: a replay answers the first outcome (G5). So the item is
     * read consistently, the increment conditioned on the version read, and the answer computed from that read —
     * the item exactly as written (G1). Another writer in between only makes it read and try again, until the
     * deadline; a repeat of the key is answered by its record in the same transaction. Two round trips, as the
     * unkeyed increment's write and read after.
     */
    private WriteResult incrementFromRead(EntityDefinition entity, Map<String, AttributeValue> key,
                                          Map<String, String> deltas, String resourceId, WriteContext ctx) {
        while (true) {
            Optional<Map<String, AttributeValue>> current = readLive(entity, key, true, ctx.deadline());
            if (current.isEmpty()) {
                return new WriteResult.NotFound();
            }
            long version = versionOf(entity, current.get());
            TransactWriteItem update = TransactWriteItem.builder()
                    .update(incrementUpdate(entity, key, deltas, Map.of(), OptionalLong.of(version), ctx)).build();
            Outcome outcome = execute(List.of(update), "increment", entity.name() + "/" + resourceId + "@" + version,
                    ctx, recordOf(STATUS_OK, version + 1, resourceId));
            if (outcome instanceof Outcome.Failed failed) {
                CancellationReason reason = failed.reasons().get(0);
                Map<String, AttributeValue> now = oldItemOf(reason);
                if (!now.isEmpty() && !Bookkeeping.isTombstone(now) && versionOf(entity, now) != version) {
                    continue;
                }
                return versionFailure(entity, reason);
            }
            return commonOutcome(outcome, () -> {
                Map<String, AttributeValue> written = added(current.get(), deltas);
                written.put(entity.versionAttribute(), number(version + 1));
                stamp(written, ctx);
                return new WriteResult.Written(new VersionedItem(written, version + 1), false, false);
            });
        }
    }

    /** The item after adding each delta, as {@code ADD} does (a missing attribute counts as 0). */
    private static Map<String, AttributeValue> added(Map<String, AttributeValue> item, Map<String, String> deltas) {
        Map<String, AttributeValue> result = new LinkedHashMap<>(item);
        deltas.forEach((name, delta) -> {
            AttributeValue old = result.get(name);
            BigDecimal base = old == null ? BigDecimal.ZERO : new BigDecimal(old.n());
            BigDecimal sum = base.add(new BigDecimal(delta));
            result.put(name, AttributeValue.fromN(sum.signum() == 0 ? "0" : sum.stripTrailingZeros().toPlainString()));
        });
        return result;
    }

    /**
     * Deletes the item if it is at {@code expectedVersion} (G2): the item is replaced by its tombstone (see
     * {@link #tombstonePut}) in a {@code TransactWriteItems} with a {@code ClientRequestToken}, so the SDK's retry of a
     * committed delete is no false NotFound or Conflict (G4). One round trip.
     */
    public WriteResult delete(EntityDefinition entity, Map<String, AttributeValue> key, long expectedVersion,
                              WriteContext ctx) {
        requireKey(entity, key);
        requireVersion(expectedVersion);
        String resourceId = resourceId(entity, key);
        Outcome outcome = execute(List.of(tombstonePut(entity, key, expectedVersion, ctx)), "delete",
                entity.name() + "/" + resourceId, ctx, recordOf(STATUS_NO_CONTENT, expectedVersion, resourceId));
        if (outcome instanceof Outcome.Failed failed) {
            return versionFailure(entity, failed.reasons().get(0));
        }
        return commonOutcome(outcome, () -> new WriteResult.Deleted(expectedVersion, false));
    }

    /**
     * What a delete writes in place of the item at {@code expectedVersion}: its tombstone — the key, the version
     * plus one, {@link Bookkeeping#DELETED} and the deleter's stamp, nothing else. The item created after it continues
     * the versions, so no version seen before the delete matches it (G2); the stream's record of the delete carries
     * the deleter in its new image (G8). Tombstones do not expire: one that did would let versions restart.
     */
    private static TransactWriteItem tombstonePut(EntityDefinition entity, Map<String, AttributeValue> key,
                                                  long expectedVersion, WriteContext ctx) {
        Map<String, AttributeValue> tombstone = new LinkedHashMap<>(key);
        tombstone.put(entity.versionAttribute(), number(expectedVersion + 1));
        tombstone.put(Bookkeeping.DELETED, AttributeValue.fromBool(true));
        stamp(tombstone, ctx);
        Expression x = new Expression();
        String condition = x.name(entity.versionAttribute()) + " = " + x.value(number(expectedVersion))
                + " AND " + live(x);
        return TransactWriteItem.builder().put(Put.builder()
                .tableName(entity.tableName())
                .item(tombstone)
                .conditionExpression(condition)
                .expressionAttributeNames(x.names())
                .expressionAttributeValues(x.values())
                .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)
                .build()).build();
    }

    /** The condition that the item is live: not the tombstone a delete left. */
    private static String live(Expression x) {
        return "attribute_not_exists(" + x.name(Bookkeeping.DELETED) + ")";
    }

    /**
     * Applies all operations or none (G6): one {@code TransactWriteItems} with a {@code ClientRequestToken}, each
     * operation with its own version check and bounds. A cancellation names the first failing operation and why. A
     * create over a tombstone is tried again conditioned on it (G2); with an Idempotency-Key, an increment without an
     * expected version is conditioned on the version read just before, so the record holds the version it made (G5).
     *
     * @param operations 1 to 100 operations (99 with an Idempotency-Key), at most one per item
     */
    public TransactionResult transact(List<TransactionOperation> operations, WriteContext ctx) {
        int max = MAX_TRANSACTION_ITEMS - (ctx.idempotencyKey().isPresent() ? 1 : 0);
        if (operations.isEmpty() || operations.size() > max) {
            throw new IllegalArgumentException("a transaction takes 1 to " + max + " operations, got " + operations.size());
        }
        Set<String> items = new HashSet<>();
        for (TransactionOperation op : operations) {
            requireKey(op.entity(), op.key());
            if (!items.add(op.entity().tableName() + "\u0000" + resourceId(op.entity(), op.key()))) {
                throw new IllegalArgumentException("operation " + op.index() + " touches an item another operation"
                        + " of the transaction touches");
            }
            transactItem(op, op.expectedVersion(), OptionalLong.empty(), ctx);
        }
        boolean pin = ctx.idempotencyKey().isPresent();
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
                writes.add(transactItem(op, expected, tombstone, ctx));
                versions.add(switch (op.kind()) {
                    case PUT_NEW -> tombstone.isPresent() ? tombstone.getAsLong() + 1 : 1L;
                    case REPLACE -> expected.getAsLong() + 1;
                    case INCREMENT -> expected.isPresent() ? expected.getAsLong() + 1 : 0L;
                    case DELETE, CHECK -> expected.getAsLong();
                });
            }
            Map<String, AttributeValue> record = new LinkedHashMap<>(recordOf(STATUS_OK, 0, ""));
            List<AttributeValue> recorded = new ArrayList<>();
            versions.forEach(v -> recorded.add(number(v)));
            record.put(RECORD_VERSIONS, AttributeValue.fromL(recorded));
            // Each try with other conditions has its own token: the tries differ in their parameters.
            String scope = pinned.isEmpty() && tombstones.isEmpty() ? TRANSACTIONS
                    : TRANSACTIONS + "@" + pinned + "@" + tombstones;
            Outcome outcome = execute(writes, "transact", scope, ctx, record);
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
                Optional<Map<String, AttributeValue>> item = readLive(op.entity(), op.key(), true, ctx.deadline());
                if (item.isPresent()) {
                    pinned.put(i, versionOf(op.entity(), item.get()));
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
        for (int i = 0; i < operations.size(); i++) {
            CancellationReason reason = reasons.get(i);
            if (!CONDITION_FAILED.equals(reason.code())) {
                continue;
            }
            TransactionOperation op = operations.get(i);
            Map<String, AttributeValue> old = oldItemOf(reason);
            if (op.kind() == TransactionOperation.Kind.PUT_NEW && Bookkeeping.isTombstone(old)) {
                tombstones.put(i, versionOf(op.entity(), old));
                again = true;
            } else if (op.kind() == TransactionOperation.Kind.PUT_NEW && old.isEmpty() && tombstones.containsKey(i)) {
                tombstones.remove(i);
                again = true;
            } else if (pinned.containsKey(i) && !old.isEmpty() && !Bookkeeping.isTombstone(old)
                    && versionOf(op.entity(), old) != pinned.get(i)) {
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
                if (op.kind() == TransactionOperation.Kind.INCREMENT && versions.get(i) == 0L) {
                    long after = readAfterCommit(op.entity(), op.key(), ctx.deadline())
                            .map(item -> versionOf(op.entity(), item)).orElse(0L);
                    versions.set(i, after);
                }
            }
            return new TransactionResult.Committed(versions, false);
        } else if (outcome instanceof Outcome.Replay replay) {
            List<Long> replayed = new ArrayList<>();
            AttributeValue list = replay.record().get(RECORD_VERSIONS);
            if (list != null && list.hasL()) {
                list.l().forEach(v -> replayed.add(Long.parseLong(v.n())));
            }
            return new TransactionResult.Committed(replayed, true);
        } else if (outcome instanceof Outcome.KeyReused) {
            return new TransactionResult.IdempotencyKeyReused();
        }
        List<CancellationReason> reasons = ((Outcome.Failed) outcome).reasons();
        for (int i = 0; i < operations.size(); i++) {
            CancellationReason reason = reasons.get(i);
            if (!CONDITION_FAILED.equals(reason.code())) {
                continue;
            }
            TransactionOperation op = operations.get(i);
            Map<String, AttributeValue> old = oldItemOf(reason);
            long current = Bookkeeping.isTombstone(old) ? 0 : versionOf(op.entity(), old);
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
            metrics.transactionCancelled(why);
            if (why == TransactionResult.Reason.VERSION_MISMATCH) {
                metrics.conflict();
            }
            return new TransactionResult.Cancelled(op.index(), why, current);
        }
        throw new IllegalStateException("transaction cancelled without a failed condition");
    }

    private TransactWriteItem transactItem(TransactionOperation op, OptionalLong expected, OptionalLong tombstone,
                                           WriteContext ctx) {
        EntityDefinition entity = op.entity();
        Expression x = new Expression();
        switch (op.kind()) {
            case PUT_NEW -> {
                requireClientAttributes(entity, op.item(), true);
                Map<String, AttributeValue> item = new LinkedHashMap<>(op.item());
                item.put(entity.versionAttribute(), number(tombstone.isPresent() ? tombstone.getAsLong() + 1 : 1));
                item.put(Bookkeeping.CREATE_TOKEN, AttributeValue.fromS(ctx.requestToken()));
                stamp(item, ctx);
                String condition = createCondition(entity, x, tombstone);
                return TransactWriteItem.builder().put(Put.builder().tableName(entity.tableName()).item(item)
                        .conditionExpression(condition)
                        .expressionAttributeNames(x.names())
                        .expressionAttributeValues(x.values())
                        .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)
                        .build()).build();
            }
            case REPLACE -> {
                requireClientAttributes(entity, op.item(), true);
                Map<String, AttributeValue> item = new LinkedHashMap<>(op.item());
                item.put(entity.versionAttribute(), number(expected.getAsLong() + 1));
                stamp(item, ctx);
                String condition = x.name(entity.versionAttribute()) + " = " + x.value(number(expected.getAsLong()))
                        + " AND " + live(x);
                return TransactWriteItem.builder().put(Put.builder().tableName(entity.tableName()).item(item)
                        .conditionExpression(condition)
                        .expressionAttributeNames(x.names())
                        .expressionAttributeValues(x.values())
                        .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)
                        .build()).build();
            }
            case INCREMENT -> {
                op.deltas().keySet().forEach(name -> {
                    requireWritableName(entity, name);
                    if (isKeyAttribute(entity, name)) {
                        throw new IllegalArgumentException("operation " + op.index() + ": key attribute '" + name
                                + "' cannot be incremented");
                    }
                });
                return TransactWriteItem.builder().update(incrementUpdate(entity, op.key(), op.deltas(), op.bounds(),
                        expected, ctx)).build();
            }
            case DELETE -> {
                return tombstonePut(entity, op.key(), expected.getAsLong(), ctx);
            }
            case CHECK -> {
                String condition = x.name(entity.versionAttribute()) + " = " + x.value(number(expected.getAsLong()))
                        + " AND " + live(x);
                return TransactWriteItem.builder().conditionCheck(ConditionCheck.builder()
                        .tableName(entity.tableName()).key(op.key())
                        .conditionExpression(condition)
                        .expressionAttributeNames(x.names())
                        .expressionAttributeValues(x.values())
                        .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)
                        .build()).build();
            }
            default -> throw new IllegalStateException("unknown operation kind " + op.kind());
        }
    }

    /**
     * {@code ADD} of each delta and of one to the version, the bookkeeping {@code SET}, on an existing item (and at
     * the expected version, and within the bounds: {@code attr + delta >= min} is checked as
     * {@code attr >= min - delta}).
     */
    private Update incrementUpdate(EntityDefinition entity, Map<String, AttributeValue> key, Map<String, String> deltas,
                                   Map<String, String> bounds, OptionalLong expectedVersion, WriteContext ctx) {
        Expression x = new Expression();
        StringJoiner add = new StringJoiner(", ", "ADD ", "");
        Map<String, BigDecimal> parsed = new LinkedHashMap<>();
        deltas.forEach((name, text) -> {
            BigDecimal delta;
            try {
                delta = new BigDecimal(text);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("the increment of '" + name + "' is not a number", e);
            }
            parsed.put(name, delta);
            add.add(x.name(name) + " " + x.value(AttributeValue.fromN(delta.toPlainString())));
        });
        add.add(x.name(entity.versionAttribute()) + " " + x.value(ONE));
        String set = " SET " + x.name(Bookkeeping.TOKEN) + " = " + x.value(AttributeValue.fromS(ctx.requestToken()))
                + ", " + x.name(Bookkeeping.CALLER) + " = " + x.value(AttributeValue.fromS(ctx.caller()))
                + ", " + x.name(Bookkeeping.AT) + " = " + x.value(AttributeValue.fromS(ctx.time().toString()));
        StringJoiner condition = new StringJoiner(" AND ");
        condition.add("attribute_exists(" + x.name(entity.partitionKey().name()) + ")");
        condition.add(live(x));
        expectedVersion.ifPresent(v -> condition.add(x.name(entity.versionAttribute()) + " = " + x.value(number(v))));
        bounds.forEach((name, minimum) -> {
            BigDecimal needed = new BigDecimal(minimum).subtract(parsed.get(name));
            condition.add(x.name(name) + " >= " + x.value(AttributeValue.fromN(needed.toPlainString())));
        });
        return Update.builder()
                .tableName(entity.tableName())
                .key(key)
                .updateExpression(add + set)
                .conditionExpression(condition.toString())
                .expressionAttributeNames(x.names())
                .expressionAttributeValues(x.values())
                .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)
                .build();
    }

    // ------------------------------------------------------------------------------ the transactional write path

    /** What a transactional write came to, before it is turned into an operation's typed outcome. */
    private sealed interface Outcome {
        record Committed() implements Outcome {
        }

        /** A condition of the business items failed; one reason per business item. */
        record Failed(List<CancellationReason> reasons) implements Outcome {
        }

        /** The Idempotency-Key's record shows an earlier success of the same payload. */
        record Replay(Map<String, AttributeValue> record) implements Outcome {
        }

        record KeyReused() implements Outcome {
        }
    }

    private WriteResult commonOutcome(Outcome outcome, Supplier<WriteResult> success) {
        if (outcome instanceof Outcome.Committed) {
            return success.get();
        } else if (outcome instanceof Outcome.Replay replay) {
            return replayed(replay.record());
        } else if (outcome instanceof Outcome.KeyReused) {
            return new WriteResult.IdempotencyKeyReused();
        }
        throw new IllegalStateException("unexpected outcome " + outcome);
    }

    private static WriteResult replayed(Map<String, AttributeValue> record) {
        return new WriteResult.Replayed(Integer.parseInt(record.get(RECORD_STATUS).n()),
                Long.parseLong(record.get(RECORD_VERSION).n()), record.get(RECORD_RESOURCE).s());
    }

    /** The item as it was when the transaction was cancelled ({@code ALL_OLD}); empty when there was none. */
    private static Map<String, AttributeValue> oldItemOf(CancellationReason reason) {
        return reason.hasItem() ? reason.item() : Map.of();
    }

    private WriteResult versionFailure(EntityDefinition entity, CancellationReason reason) {
        if (!reason.hasItem() || reason.item().isEmpty() || Bookkeeping.isTombstone(reason.item())) {
            return new WriteResult.NotFound();
        }
        metrics.conflict();
        return new WriteResult.Conflict(versionOf(entity, reason.item()));
    }

    /**
     * Runs the business items — plus, with an Idempotency-Key, the put of the key's record — as one
     * {@code TransactWriteItems}. The {@code ClientRequestToken} is derived from the request token, the operation,
     * the item and the request time: the SDK's retries of the call share it (DynamoDB answers a committed repeat
     * with success instead of applying it again), while a client's later retry with the same key gets its own
     * token and is answered by the record.
     */
    private Outcome execute(List<TransactWriteItem> business, String operation, String scope,
                            WriteContext ctx, Map<String, AttributeValue> recordOutcome) {
        List<TransactWriteItem> items = new ArrayList<>(business);
        String recordKey = null;
        if (ctx.idempotencyKey().isPresent()) {
            recordKey = recordKey(ctx);
            items.add(recordPut(recordKey, ctx, recordOutcome));
        }
        // The caller is part of the token: two callers' requests never share one, even with one key at one instant.
        String token = Hashing.clientRequestToken(ctx.requestToken(), operation,
                scope + "|" + ctx.caller() + "|" + ctx.time());
        // Every send carries the same token: a repeat of a committed send answers success without applying again.
        ResendUntilDeadline resend = ResendUntilDeadline.tokenWrite(ctx.deadline(), options.clock(), metrics);
        while (true) {
            CallAttempts attempts = attempts();
            try {
                resend.send(() -> dynamoDb.transactWriteItems(TransactWriteItemsRequest.builder()
                        .transactItems(items)
                        .clientRequestToken(token)
                        .overrideConfiguration(override(resend.end(), attempts))
                        .build()));
                if (resend.writeMayHaveApplied() || attempts.attempts() > 1) {
                    // An attempt may have committed before the one that answered; the token made it count once.
                    metrics.recoveredAmbiguousWrite();
                }
                return new Outcome.Committed();
            } catch (TransactionCanceledException e) {
                List<CancellationReason> reasons = e.hasCancellationReasons() ? e.cancellationReasons() : List.of();
                if (reasons.size() != items.size()) {
                    throw e;
                }
                if (recordKey != null && CONDITION_FAILED.equals(reasons.get(items.size() - 1).code())) {
                    return replayOrReused(reasons.get(items.size() - 1).item(), ctx);
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
            } catch (IdempotentParameterMismatchException e) {
                if (recordKey == null) {
                    return new Outcome.KeyReused();
                }
                Optional<Map<String, AttributeValue>> record = readRecord(recordKey, ctx.deadline());
                return record.isEmpty() ? new Outcome.KeyReused() : replayOrReused(record.get(), ctx);
            } catch (DynamoDbException e) {
                throw refusedOrRethrow(operation, e);
            }
        }
    }

    private Optional<WriteResult> replayBeforeRead(WriteContext ctx) {
        requireIdempotencyTable();
        Optional<Map<String, AttributeValue>> record = readRecord(recordKey(ctx), ctx.deadline());
        if (record.isEmpty()) {
            return Optional.empty();
        }
        Outcome outcome = replayOrReused(record.get(), ctx);
        return Optional.of(commonOutcome(outcome, () -> {
            throw new IllegalStateException("a record is a replay or a reuse");
        }));
    }

    /**
     * The record of the context's Idempotency-Key. Keys are scoped by caller and by API (G5): one record per caller
     * and key across every entity, route and transaction of the API, so two callers never share an outcome, while
     * one caller's key reused on another entity or route meets its record and another fingerprint (422).
     */
    private static String recordKey(WriteContext ctx) {
        return Hashing.idempotencyRecordKey(ctx.caller(), ctx.idempotencyKey().orElseThrow());
    }

    /** The payload's fingerprint, scoped by the caller like the record that holds it. */
    private static String scopedFingerprint(WriteContext ctx) {
        return Hashing.sha256Hex("fingerprint", ctx.caller(), ctx.payloadFingerprint());
    }

    private Outcome replayOrReused(Map<String, AttributeValue> record, WriteContext ctx) {
        AttributeValue fingerprint = record.get(RECORD_FINGERPRINT);
        if (fingerprint == null || !fingerprint.s().equals(scopedFingerprint(ctx))) {
            return new Outcome.KeyReused();
        }
        metrics.replay();
        return new Outcome.Replay(record);
    }

    private Map<String, AttributeValue> recordOf(int status, long version, String resourceId) {
        Map<String, AttributeValue> record = new LinkedHashMap<>();
        record.put(RECORD_STATUS, number(status));
        record.put(RECORD_VERSION, number(version));
        record.put(RECORD_RESOURCE, AttributeValue.fromS(resourceId));
        return record;
    }

    /**
     * The put of an Idempotency-Key record: allowed when no record exists or the existing one has expired (TTL
     * deletes lazily, so an expired record may still be there; it must neither be replayed nor block the key).
     */
    private TransactWriteItem recordPut(String recordKey, WriteContext ctx, Map<String, AttributeValue> outcome) {
        String table = requireIdempotencyTable();
        Map<String, AttributeValue> record = new LinkedHashMap<>(outcome);
        record.put(RECORD_KEY, AttributeValue.fromS(recordKey));
        record.put(RECORD_FINGERPRINT, AttributeValue.fromS(scopedFingerprint(ctx)));
        record.put(RECORD_EXPIRES_AT, number(ctx.time().plus(options.idempotencyWindow()).getEpochSecond()));
        stamp(record, ctx);
        Expression x = new Expression();
        String condition = "attribute_not_exists(" + x.name(RECORD_KEY) + ") OR " + x.name(RECORD_EXPIRES_AT)
                + " <= " + x.value(number(options.clock().instant().getEpochSecond()));
        return TransactWriteItem.builder().put(Put.builder()
                .tableName(table)
                .item(record)
                .conditionExpression(condition)
                .expressionAttributeNames(x.names())
                .expressionAttributeValues(x.values())
                .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)
                .build()).build();
    }

    /** A live record: present and not expired (expiry checked here, as TTL deletion lags). */
    private Optional<Map<String, AttributeValue>> readRecord(String recordKey, Instant deadline) {
        return read(requireIdempotencyTable(), Map.of(RECORD_KEY, AttributeValue.fromS(recordKey)), true, deadline)
                .filter(r -> r.containsKey(RECORD_EXPIRES_AT)
                        && Long.parseLong(r.get(RECORD_EXPIRES_AT).n()) > options.clock().instant().getEpochSecond());
    }

    private String requireIdempotencyTable() {
        return options.idempotencyTable().orElseThrow(() -> new IllegalStateException(
                "a write with an Idempotency-Key needs StoreOptions.idempotencyTable (CCA_IDEMPOTENCY_TABLE)"));
    }

    // ---------------------------------------------------------------------------------------------- plumbing

    /** The item under the key, unless it is absent or the tombstone a delete left. */
    private Optional<Map<String, AttributeValue>> readLive(EntityDefinition entity, Map<String, AttributeValue> key,
                                                          boolean consistent, Instant deadline) {
        return read(entity.tableName(), key, consistent, deadline).filter(item -> !Bookkeeping.isTombstone(item));
    }

    private Optional<Map<String, AttributeValue>> read(String table, Map<String, AttributeValue> key, boolean consistent,
                                                      Instant deadline) {
        CallAttempts attempts = attempts();
        GetItemResponse response = ResendUntilDeadline.read(deadline, options.clock(), metrics).send(() ->
                dynamoDb.getItem(b -> b.tableName(table).key(key).consistentRead(consistent)
                        .overrideConfiguration(override(deadline, attempts))));
        return response.hasItem() && !response.item().isEmpty() ? Optional.of(response.item()) : Optional.empty();
    }

    /**
     * A consistent read of the live item that only serves the answer of a write that has committed. When it cannot
     * finish before the deadline (or fails otherwise), the write still happened and must not be reported as failed
     * (G4): the answer is then built from what is known without it, so the failure is deliberately not propagated.
     */
    private Optional<Map<String, AttributeValue>> readAfterCommit(EntityDefinition entity,
                                                                 Map<String, AttributeValue> key, Instant deadline) {
        try {
            return readLive(entity, key, true, deadline);
        } catch (DeadlineExceededException | SdkException unreadable) {
            return Optional.empty();
        }
    }

    private CallAttempts attempts() {
        return new CallAttempts(metrics::sdkRetry);
    }

    /**
     * The per-call override: the call timeout capped by the time left before the deadline (G7), and the attempt
     * counter the interceptor fills.
     */
    private AwsRequestOverrideConfiguration override(Instant deadline, CallAttempts attempts) {
        AwsRequestOverrideConfiguration.Builder b = AwsRequestOverrideConfiguration.builder();
        b.putExecutionAttribute(CallAttempts.ATTRIBUTE, attempts == null ? attempts() : attempts);
        if (deadline != null) {
            Duration left = Duration.between(options.clock().instant(), deadline);
            if (left.toMillis() < 1) {
                throw new DeadlineExceededException("the invocation's deadline passed before a DynamoDB call");
            }
            Duration cap = options.callTimeout().filter(c -> c.compareTo(left) < 0).orElse(left);
            b.apiCallTimeout(cap);
        }
        return b.build();
    }

    /** Waits before another try of a create whose tombstone vanished; nothing of the operation is pending then. */
    private void pause(Instant deadline) {
        ResendUntilDeadline.pauseForContention(deadline, options.clock());
    }

    private static RuntimeException refusedOrRethrow(String operation, DynamoDbException e) {
        if (e.statusCode() == 400 && e.awsErrorDetails() != null
                && "ValidationException".equals(e.awsErrorDetails().errorCode())) {
            return new InvalidWriteException(operation + " was refused by DynamoDB as invalid", e);
        }
        return e;
    }

    private static void stamp(Map<String, AttributeValue> item, WriteContext ctx) {
        item.put(Bookkeeping.TOKEN, AttributeValue.fromS(ctx.requestToken()));
        item.put(Bookkeeping.CALLER, AttributeValue.fromS(ctx.caller()));
        item.put(Bookkeeping.AT, AttributeValue.fromS(ctx.time().toString()));
    }

    private static AttributeValue number(long n) {
        return AttributeValue.fromN(Long.toString(n));
    }

    private static String keyText(AttributeValue value) {
        return value.s() != null ? value.s() : value.n();
    }

    private static boolean isKeyAttribute(EntityDefinition entity, String name) {
        return name.equals(entity.partitionKey().name())
                || entity.sortKey().map(sk -> sk.name().equals(name)).orElse(false);
    }

    private static void requireWritableName(EntityDefinition entity, String name) {
        if (name.equals(entity.versionAttribute()) || Bookkeeping.isReserved(name)) {
            throw new IllegalArgumentException("attribute '" + name + "' is managed by the store");
        }
    }

    private static void requireClientAttributes(EntityDefinition entity, Map<String, AttributeValue> item,
                                                boolean wholeItem) {
        item.keySet().forEach(name -> requireWritableName(entity, name));
        if (wholeItem) {
            keyOf(entity, item);
        }
    }

    private static void requireVersion(long expectedVersion) {
        if (expectedVersion < 1) {
            throw new IllegalArgumentException("expected version must be at least 1, got " + expectedVersion);
        }
    }

    private static void requireKey(EntityDefinition entity, Map<String, AttributeValue> key) {
        int expected = entity.sortKey().isPresent() ? 2 : 1;
        if (key == null || key.size() != expected) {
            throw new IllegalArgumentException("a key of " + entity.name() + " has exactly its key attributes");
        }
        keyOf(entity, key);
    }

    private static Map<String, AttributeValue> keyOf(EntityDefinition entity, Map<String, AttributeValue> item) {
        Map<String, AttributeValue> key = new LinkedHashMap<>();
        key.put(entity.partitionKey().name(), keyValue(entity.partitionKey(), item));
        entity.sortKey().ifPresent(sk -> key.put(sk.name(), keyValue(sk, item)));
        return key;
    }

    private static AttributeValue keyValue(KeyAttribute attribute, Map<String, AttributeValue> item) {
        AttributeValue value = item.get(attribute.name());
        boolean ok = value != null && (attribute.type() == KeyAttribute.Type.S
                ? value.s() != null && !value.s().isEmpty() : value.n() != null);
        if (!ok) {
            throw new IllegalArgumentException("key attribute '" + attribute.name() + "' must be a non-empty "
                    + attribute.type());
        }
        return value;
    }

    static long versionOf(EntityDefinition entity, Map<String, AttributeValue> item) {
        AttributeValue version = item.get(entity.versionAttribute());
        return version == null || version.n() == null ? 0 : Long.parseLong(version.n());
    }
}
