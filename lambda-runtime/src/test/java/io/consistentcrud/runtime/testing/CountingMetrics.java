package io.consistentcrud.runtime.testing;

import io.consistentcrud.runtime.StoreMetrics;
import io.consistentcrud.runtime.TransactionResult;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/** A {@link StoreMetrics} that counts every event, for assertions. Thread-safe. */
public final class CountingMetrics implements StoreMetrics {
    public final AtomicInteger conflicts = new AtomicInteger();
    public final AtomicInteger replays = new AtomicInteger();
    public final AtomicInteger recoveredAmbiguousWrites = new AtomicInteger();
    public final AtomicInteger sdkRetries = new AtomicInteger();
    public final AtomicInteger resends = new AtomicInteger();
    private final Map<TransactionResult.Reason, AtomicInteger> cancellations =
            new EnumMap<>(TransactionResult.Reason.class);

    public CountingMetrics() {
        for (TransactionResult.Reason reason : TransactionResult.Reason.values()) {
            cancellations.put(reason, new AtomicInteger());
        }
    }

    @Override
    public void conflict() {
        conflicts.incrementAndGet();
    }

    @Override
    public void replay() {
        replays.incrementAndGet();
    }

    @Override
    public void recoveredAmbiguousWrite() {
        recoveredAmbiguousWrites.incrementAndGet();
    }

    @Override
    public void sdkRetry() {
        sdkRetries.incrementAndGet();
    }

    @Override
    public void resent() {
        resends.incrementAndGet();
    }

    @Override
    public void transactionCancelled(TransactionResult.Reason reason) {
        cancellations.get(reason).incrementAndGet();
    }

    public int cancellations(TransactionResult.Reason reason) {
        return cancellations.get(reason).get();
    }
}
