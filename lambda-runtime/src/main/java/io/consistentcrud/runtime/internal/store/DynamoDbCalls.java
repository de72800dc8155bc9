package io.consistentcrud.runtime.internal.store;

import io.consistentcrud.runtime.Bookkeeping;
import io.consistentcrud.runtime.DeadlineExceededException;
import io.consistentcrud.runtime.EntityDefinition;
import io.consistentcrud.runtime.IndexRead;
import io.consistentcrud.runtime.InvalidWriteException;
import io.consistentcrud.runtime.StoreMetrics;
import io.consistentcrud.runtime.StoreOptions;
import io.consistentcrud.runtime.internal.CallAttempts;
import io.consistentcrud.runtime.internal.Expression;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import software.amazon.awssdk.awscore.AwsRequestOverrideConfiguration;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;

/**
 * Every DynamoDB call of the store: each one capped by the time left before the deadline and by the configured call
 * timeout (G7), its SDK attempts counted, and sent again after the SDK gave up on it while that is safe
 * ({@link ResendUntilDeadline}). Thread-safe.
 */
public final class DynamoDbCalls {
    private final DynamoDbClient dynamoDb;
    private final StoreOptions options;

    /**
     * Calls on {@code dynamoDb}, re-sent and timed as {@code options} say.
     *
     * @param dynamoDb the client
     * @param options the attempt and call timeouts, re-send limits and metrics
     */
    public DynamoDbCalls(DynamoDbClient dynamoDb, StoreOptions options) {
        this.dynamoDb = Objects.requireNonNull(dynamoDb, "dynamoDb");
        this.options = Objects.requireNonNull(options, "options");
    }

    DynamoDbClient client() {
        return dynamoDb;
    }

    StoreOptions options() {
        return options;
    }

    StoreMetrics metrics() {
        return options.metrics();
    }

    Clock clock() {
        return options.clock();
    }

    /**
     * Sends a read until it answers or the deadline passes; once when the deadline is null.
     *
     * @param call sends the request once with the given override; it must build the very same request each time
     */
    <T> T read(Instant deadline, Function<AwsRequestOverrideConfiguration, T> call) {
        CallAttempts attempts = attempts();
        return ResendUntilDeadline.read(deadline, clock(), metrics()).send(() -> call.apply(override(deadline, attempts)));
    }

    /** As {@link #read}, for a write that is safe to repeat by itself (a create carrying its creation token). */
    <T> T write(Instant deadline, Function<AwsRequestOverrideConfiguration, T> call) {
        CallAttempts attempts = attempts();
        return ResendUntilDeadline.write(deadline, clock(), metrics()).send(() -> call.apply(override(deadline, attempts)));
    }

    /** The stored item under the key, tombstones included; empty when there is none. */
    Optional<Map<String, AttributeValue>> getItem(String table, Map<String, AttributeValue> key, boolean consistent,
                                                  Instant deadline) {
        GetItemResponse response = read(deadline, override ->
                dynamoDb.getItem(b -> b.tableName(table).key(key).consistentRead(consistent)
                        .overrideConfiguration(override)));
        return response.hasItem() && !response.item().isEmpty() ? Optional.of(response.item()) : Optional.empty();
    }

    /**
     * The item under the key, unless it is absent or the tombstone a delete left.
     *
     * @param entity the entity of the item
     * @param key the item's key
     * @param consistent whether the read is strongly consistent
     * @param deadline when the call must have answered; null for no cap
     * @return the stored item, bookkeeping included; empty when absent or a tombstone
     */
    public Optional<Map<String, AttributeValue>> readLive(EntityDefinition entity, Map<String, AttributeValue> key,
                                                         boolean consistent, Instant deadline) {
        return getItem(entity.tableName(), key, consistent, deadline).filter(item -> !Bookkeeping.isTombstone(item));
    }

    /**
     * One page of a partition's live items; tombstones (G2) are filtered out, so a page may hold fewer than limit.
     *
     * @param entity the entity to query
     * @param partitionKey the partition's key value
     * @param limit most items DynamoDB evaluates for the page
     * @param exclusiveStartKey the previous page's last evaluated key, or null for the first page
     * @param deadline when the call must have answered; null for no cap
     * @return DynamoDB's answer with the tombstones removed from its items
     */
    public QueryResponse queryLive(EntityDefinition entity, AttributeValue partitionKey, int limit,
                                   Map<String, AttributeValue> exclusiveStartKey, Instant deadline) {
        Expression x = new Expression();
        String condition = x.name(entity.partitionKey().name()) + " = " + x.value(partitionKey);
        String liveOnly = Tombstones.live(x);
        return read(deadline, override -> dynamoDb.query(b -> b.tableName(entity.tableName())
                .keyConditionExpression(condition)
                .filterExpression(liveOnly)
                .expressionAttributeNames(x.names())
                .expressionAttributeValues(x.values())
                .consistentRead(entity.consistentRead())
                .limit(limit)
                .exclusiveStartKey(exclusiveStartKey == null || exclusiveStartKey.isEmpty() ? null : exclusiveStartKey)
                .overrideConfiguration(override)));
    }

    /**
     * One page of an index query, eventually consistent (an index offers nothing else). Tombstones may sit in the
     * index (it projects the marker): the filter drops them after DynamoDB read {@code limit} items, so a page may
     * be short, and the last evaluated key still marks exactly where the next page starts.
     *
     * @param entity   the entity whose table holds the index
     * @param read     the index, the partition key value, the sort-key condition, order, limit and start of the page
     * @param deadline when the call must have answered; null for no cap
     * @return DynamoDB's answer with the tombstones removed from its items
     */
    public QueryResponse queryIndex(EntityDefinition entity, IndexRead read, Instant deadline) {
        Expression x = new Expression();
        StringBuilder condition = new StringBuilder(x.name(read.index().partitionKey().name()))
                .append(" = ").append(x.value(read.partitionKey()));
        read.sortCondition().ifPresent(c -> {
            String sk = x.name(read.index().sortKey().orElseThrow().name());
            condition.append(" AND ").append(switch (c.operator()) {
                case BEGINS_WITH -> "begins_with(" + sk + ", " + x.value(c.value()) + ")";
                case BETWEEN -> sk + " BETWEEN " + x.value(c.value()) + " AND " + x.value(c.upper());
                default -> sk + " " + c.operator().symbol() + " " + x.value(c.value());
            });
        });
        String liveOnly = Tombstones.live(x);
        Map<String, AttributeValue> start = read.exclusiveStartKey();
        return read(deadline, override -> dynamoDb.query(b -> b.tableName(entity.tableName())
                .indexName(read.index().name())
                .keyConditionExpression(condition.toString())
                .filterExpression(liveOnly)
                .expressionAttributeNames(x.names())
                .expressionAttributeValues(x.values())
                .scanIndexForward(!read.descending())
                .limit(read.limit())
                .exclusiveStartKey(start == null || start.isEmpty() ? null : start)
                .overrideConfiguration(override)));
    }

    /**
     * A consistent read of the live item that only serves the answer of a write that has committed. When it cannot
     * finish before the deadline (or fails otherwise), the write still happened and must not be reported as failed
     * (G4): the answer is then built from what is known without it, so the failure is deliberately not propagated.
     */
    Optional<Map<String, AttributeValue>> readAfterCommit(EntityDefinition entity, Map<String, AttributeValue> key,
                                                          Instant deadline) {
        try {
            return readLive(entity, key, true, deadline);
        } catch (DeadlineExceededException | SdkException unreadable) {
            return Optional.empty();
        }
    }

    /** A fresh counter of one call's attempts; each attempt after the first counts as an SDK retry. */
    CallAttempts attempts() {
        return new CallAttempts(metrics()::sdkRetry);
    }

    /**
     * The per-call override: the call timeout capped by the time left before the deadline (G7), and the attempt
     * counter the interceptor fills.
     */
    AwsRequestOverrideConfiguration override(Instant deadline, CallAttempts attempts) {
        AwsRequestOverrideConfiguration.Builder b = AwsRequestOverrideConfiguration.builder();
        b.putExecutionAttribute(CallAttempts.ATTRIBUTE, attempts);
        if (deadline != null) {
            Duration left = Duration.between(clock().instant(), deadline);
            if (left.toMillis() < 1) {
                throw new DeadlineExceededException("the invocation's deadline passed before a DynamoDB call");
            }
            Duration cap = options.callTimeout().filter(c -> c.compareTo(left) < 0).orElse(left);
            b.apiCallTimeout(cap);
        }
        return b.build();
    }

    /** Waits before another try of an operation with new conditions; nothing of the operation is pending then. */
    void pause(Instant deadline) {
        ResendUntilDeadline.pauseForContention(deadline, clock());
    }

    /** DynamoDB's refusal of a write's data as {@link InvalidWriteException}; any other failure as it is. */
    static RuntimeException refusedOrRethrow(String operation, DynamoDbException e) {
        if (e.statusCode() == 400 && e.awsErrorDetails() != null
                && "ValidationException".equals(e.awsErrorDetails().errorCode())) {
            return new InvalidWriteException(operation + " was refused by DynamoDB as invalid", e);
        }
        return e;
    }
}
