package io.consistentcrud.runtime.internal;

import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.core.interceptor.ExecutionAttribute;

/**
 * The attempts of one SDK call, counted by {@link AttemptCountingInterceptor}. The store attaches a fresh instance
 * to each call (as a request execution attribute) and reads the count afterwards: a write that succeeded after more
 * than one attempt was an ambiguous write the mechanism recovered (G4).
 */
public final class CallAttempts {
    /** The execution attribute under which a call carries its counter. */
    public static final ExecutionAttribute<CallAttempts> ATTRIBUTE = new ExecutionAttribute<>("cca.CallAttempts");

    private final AtomicInteger attempts = new AtomicInteger();
    private final Runnable onRetry;

    /** @param onRetry called once for each attempt after the first */
    public CallAttempts(Runnable onRetry) {
        this.onRetry = Objects.requireNonNull(onRetry, "onRetry");
    }

    void attemptStarted() {
        if (attempts.incrementAndGet() > 1) {
            onRetry.run();
        }
    }

    /**
     * Attempts sent so far, the first included.
     *
     * @return the number of attempts, at least 1 once the call was sent
     */
    public int attempts() {
        return attempts.get();
    }
}
