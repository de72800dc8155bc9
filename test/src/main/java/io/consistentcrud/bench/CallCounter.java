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
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.ReturnConsumedCapacity;
import software.amazon.awssdk.services.dynamodb.model.TransactGetItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

/**
 * Counts DynamoDB calls, HTTP attempts (round trips) and capacity units, as an SDK interceptor: it asks every call
 * for {@code ReturnConsumedCapacity=TOTAL} and adds up what DynamoDB Local reports, and it also computes the units
 * by DynamoDB's documented rules from what was sent and read, because DynamoDB Local's reports differ from them
 * (it reports 4 write units for a transactional put over an existing small item, where the rule says 2).
 *
 * <p>Documented rules used: a write is 1 WCU per started KB of the item (every item of this benchmark is below
 * 1 KB, so updates and deletes count 1); a transactional write 2 WCU per item and KB; a read 1 RCU per started
 * 4 KB if strongly consistent, half if eventual; a repeated {@code TransactWriteItems} with the same client token
 * consumes the read units DynamoDB reports for it. A failed conditional single-item write is not reported but
 * billed: computed by the same rule from the larger of the sent and the stored item. A cancelled transaction is
 * counted apart ({@link Tally#cancelledTransactions()}); its units are neither reported nor computed.
 */
final class CallCounter implements ExecutionInterceptor {
    private final AtomicLong calls = new AtomicLong();
    private final AtomicLong attempts = new AtomicLong();
    private final AtomicLong failedCalls = new AtomicLong();
    private final AtomicLong cancelled = new AtomicLong();
    private final DoubleAdder reportedRead = new DoubleAdder();
    private final DoubleAdder reportedWrite = new DoubleAdder();
    private final DoubleAdder ruleRead = new DoubleAdder();
    private final DoubleAdder ruleWrite = new DoubleAdder();
    private final DoubleAdder failedWrite = new DoubleAdder();

    /**
     * What was counted since the last {@link #reset()}.
     *
     * @param rcu         read units by the documented rules
     * @param wcu         write units by the documented rules, failed conditional writes included
     * @param localRcu    read units DynamoDB Local reported
     * @param localWcu    write units DynamoDB Local reported
     * @param failedWcu   write units of failed conditional writes (computed; not reported by DynamoDB)
     */
    record Tally(long calls, long attempts, long failedCalls, long cancelledTransactions, double rcu, double wcu,
                 double localRcu, double localWcu, double failedWcu) {
        long retries() {
            return attempts - calls;
        }
    }

    void reset() {
        calls.set(0);
        attempts.set(0);
        failedCalls.set(0);
        cancelled.set(0);
        reportedRead.reset();
        reportedWrite.reset();
        ruleRead.reset();
        ruleWrite.reset();
        failedWrite.reset();
    }

    Tally tally() {
        return new Tally(calls.get(), attempts.get(), failedCalls.get(), cancelled.get(), ruleRead.sum(),
                ruleWrite.sum() + failedWrite.sum(), reportedRead.sum(), reportedWrite.sum() + failedWrite.sum(),
                failedWrite.sum());
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
        double localReadBefore = reportedRead.sum();
        double localWriteBefore = reportedWrite.sum();
        Optional<Object> value = response.getValueForField("ConsumedCapacity", Object.class);
        value.ifPresent(v -> {
            if (v instanceof ConsumedCapacity c) {
                add(c, read);
            } else if (v instanceof List<?> list) {
                list.forEach(c -> add((ConsumedCapacity) c, read));
            }
        });
        SdkRequest r = context.request();
        if (r instanceof GetItemRequest g) {
            Map<String, AttributeValue> item = ((GetItemResponse) response).item();
            double units = Math.ceil(Math.max(1, itemSize(item == null ? Map.of() : item)) / 4096.0);
            ruleRead.add(Boolean.TRUE.equals(g.consistentRead()) ? units : units / 2);
        } else if (r instanceof PutItemRequest p) {
            ruleWrite.add(Math.ceil(Math.max(1, itemSize(p.item())) / 1024.0));
        } else if (r instanceof UpdateItemRequest || r instanceof DeleteItemRequest) {
            ruleWrite.add(1);
        } else if (r instanceof TransactWriteItemsRequest t) {
            double localWrite = reportedWrite.sum() - localWriteBefore;
            double localRead = reportedRead.sum() - localReadBefore;
            if (localWrite == 0 && localRead > 0) {
                // The same client token again: DynamoDB answers from its record and charges reads.
                ruleRead.add(localRead);
            } else {
                for (TransactWriteItem item : t.transactItems()) {
                    double kb = item.put() != null ? Math.ceil(Math.max(1, itemSize(item.put().item())) / 1024.0) : 1;
                    ruleWrite.add(2 * kb);
                }
            }
        } else {
            ruleRead.add(reportedRead.sum() - localReadBefore);
            ruleWrite.add(reportedWrite.sum() - localWriteBefore);
        }
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
        if (context.exception() instanceof TransactionCanceledException) {
            cancelled.incrementAndGet();
        }
        if (context.exception() instanceof ConditionalCheckFailedException e) {
            Map<String, AttributeValue> old = e.hasItem() ? e.item() : Map.of();
            Map<String, AttributeValue> sent = context.request() instanceof PutItemRequest p ? p.item() : Map.of();
            failedWrite.add(Math.ceil(Math.max(1, Math.max(itemSize(old), itemSize(sent))) / 1024.0));
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
