package io.consistentcrud.runtime.observability;

import io.consistentcrud.runtime.StoreMetrics;
import io.consistentcrud.runtime.TransactionResult;
import java.util.Objects;

/** The store's counted events as CloudWatch EMF metrics (G8). */
public final class EmfStoreMetrics implements StoreMetrics {
    private final EmfMetrics emf;

    /**
     * Store metrics that count through {@code emf}.
     *
     * @param emf the EMF writer the events are counted with
     */
    public EmfStoreMetrics(EmfMetrics emf) {
        this.emf = Objects.requireNonNull(emf, "emf");
    }

    @Override
    public void conflict() {
        emf.count(EmfMetrics.CONFLICTS);
    }

    @Override
    public void replay() {
        emf.count(EmfMetrics.REPLAYS);
    }

    @Override
    public void recoveredAmbiguousWrite() {
        emf.count(EmfMetrics.RECOVERED_AMBIGUOUS_WRITES);
    }

    @Override
    public void sdkRetry() {
        emf.count(EmfMetrics.SDK_RETRIES);
    }

    @Override
    public void transactionCancelled(TransactionResult.Reason reason) {
        emf.count(EmfMetrics.TRANSACTION_CANCELLATIONS, reason.name());
    }
}
