package io.consistentcrud.runtime.internal;

import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;

/**
 * Counts the attempts of each call that carries a {@link CallAttempts}: {@code beforeTransmission} runs once per
 * attempt, inside the SDK's retry loop, so attempts beyond the first are the SDK's retries.
 */
public final class AttemptCountingInterceptor implements ExecutionInterceptor {
    @Override
    public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes executionAttributes) {
        CallAttempts attempts = executionAttributes.getAttribute(CallAttempts.ATTRIBUTE);
        if (attempts != null) {
            attempts.attemptStarted();
        }
    }
}
