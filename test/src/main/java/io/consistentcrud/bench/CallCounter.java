package io.consistentcrud.bench;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.DoubleAdder;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.SdkResponse;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ConsumedCapacity;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.ReturnConsumedCapacity;
import software.amazon.awssdk.services.dynamodb.model.TransactGetItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

/**
 * Counts DynamoDB calls, HTTP attempts (round trips) and consumed capacity, as an SDK interceptor: it asks every
 * call for {@code ReturnConsumedCapacity=TOTAL} and adds up what DynamoDB reports.
 *
 * <p>DynamoDB does not report capacity on a failed call (a {@code ConditionalCheckFailed} is an error response),
 * yet such a write is billed. For those calls the units are computed with the documented rule — one write unit
 * per started KB of the larger of the sent and the stored item — and counted apart, so the report can say which
 * units are reported and which are computed.
 */
final class CallCounter implements ExecutionInterceptor {
    private final AtomicLong calls = new AtomicLong();
    private final AtomicLong attempts = new AtomicLong();
    private final AtomicLong failedCalls = new AtomicLong();
    private final DoubleAdder reportedRead = new DoubleAdder();
    private final DoubleAdder reportedWrite = new DoubleAdder();
    private final DoubleAdder computedWrite = new DoubleAdder();

    /** What was counted since the last {@link #reset()}. */
    record Tally(long calls, long attempts, long failedCalls, double rcu, double wcu, double computedWcu) {
        long retries() {
            return attempts - calls;
        }
    }

    void reset() {
        calls.set(0);
        attempts.set(0);
        failedCalls.set(0);
        reportedRead.reset();
        reportedWrite.reset();
        computedWrite.reset();
    }

    Tally tally() {
        return new Tally(calls.get(), attempts.get(), failedCalls.get(), reportedRead.sum(),
                reportedWrite.sum() + computedWrite.sum(), computedWrite.sum());
    }

    @Override
    public SdkRequest modifyRequest(Context.ModifyRequest context, ExecutionAttributes attributes) {
        SdkRequest r = context.request();
        ReturnConsumedCapacity total = ReturnConsumedCapacity.TOTAL;
        if (r instanceof GetItemRequest g) {
            return g.toBuilder().returnConsumedCapacity(total).build();
        } else if (r instanceof PutItemRequest p) {
            return p.toBuilder().returnConsumedCapacity(total).build();
        } else if (r instanceof UpdateItemRequest u) {
            return u.toBuilder().returnConsumedCapacity(total).build();
        } else if (r instanceof DeleteItemRequest d) {
            return d.toBuilder().returnConsumedCapacity(total).build();
        } else if (r instanceof TransactWriteItemsRequest t) {
            return t.toBuilder().returnConsumedCapacity(total).build();
        } else if (r instanceof TransactGetItemsRequest t) {
            return t.toBuilder().returnConsumedCapacity(total).build();
        } else if (r instanceof QueryRequest q) {
            return q.toBuilder().returnConsumedCapacity(total).build();
        }
        return r;
    }

    @Override
    public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
        attempts.incrementAndGet();
    }

    @Override
    public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
        calls.incrementAndGet();
        SdkResponse response = context.response();
        boolean read = context.request() instanceof GetItemRequest || context.request() instanceof QueryRequest
                || context.request() instanceof TransactGetItemsRequest;
        Optional<Object> value = response.getValueForField("ConsumedCapacity", Object.class);
        value.ifPresent(v -> {
            if (v instanceof ConsumedCapacity c) {
                add(c, read);
            } else if (v instanceof List<?> list) {
                list.forEach(c -> add((ConsumedCapacity) c, read));
            }
        });
    }

    private void add(ConsumedCapacity c, boolean read) {
        if (c.readCapacityUnits() != null || c.writeCapacityUnits() != null) {
            reportedRead.add(c.readCapacityUnits() == null ? 0 : c.readCapacityUnits());
            reportedWrite.add(c.writeCapacityUnits() == null ? 0 : c.writeCapacityUnits());
        } else if (c.capacityUnits() != null) {
            (read ? reportedRead : reportedWrite).add(c.capacityUnits());
        }
    }

    @Override
    public void onExecutionFailure(Context.FailedExecution context, ExecutionAttributes attributes) {
        calls.incrementAndGet();
        failedCalls.incrementAndGet();
        if (context.exception() instanceof ConditionalCheckFailedException e) {
            Map<String, AttributeValue> old = e.hasItem() ? e.item() : Map.of();
            Map<String, AttributeValue> sent = context.request() instanceof PutItemRequest p ? p.item() : Map.of();
            computedWrite.add(Math.ceil(Math.max(1, Math.max(itemSize(old), itemSize(sent))) / 1024.0));
        }
    }

    /** An item's size by DynamoDB's documented rules (names + values; numbers ~1 byte per 2 digits + 1). */
    static long itemSize(Map<String, AttributeValue> item) {
        long size = 0;
        for (Map.Entry<String, AttributeValue> e : item.entrySet()) {
            size += e.getKey().getBytes(StandardCharsets.UTF_8).length + valueSize(e.getValue());
        }
        return size;
    }

    private static long valueSize(AttributeValue v) {
        if (v.s() != null) {
            return v.s().getBytes(StandardCharsets.UTF_8).length;
        } else if (v.n() != null) {
            return (v.n().replaceAll("[^0-9]", "").length() + 1) / 2 + 1;
        } else if (v.b() != null) {
            return v.b().asByteArray().length;
        } else if (v.hasM()) {
            return 3 + itemSize(v.m()) + v.m().size();
        } else if (v.hasL()) {
            long s = 3;
            for (AttributeValue e : v.l()) {
                s += 1 + valueSize(e);
            }
            return s;
        }
        return 1;
    }
}
