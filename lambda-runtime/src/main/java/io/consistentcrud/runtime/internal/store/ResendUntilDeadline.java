package io.consistentcrud.runtime.internal.store;

import io.consistentcrud.runtime.DeadlineExceededException;
import io.consistentcrud.runtime.StoreMetrics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.model.TransactionInProgressException;

/**
 * Sends one DynamoDB request that is safe to send again, and sends the same request again after the SDK gave up
 * on it, until the request's end (G4, G7).
 *
 * <p>The SDK's attempts per call are few and fixed (the checked budget); a burst of lost answers spends them in
 * milliseconds while the invocation has most of its time left. The store only ever sends requests that are safe
 * to repeat — a {@code TransactWriteItems} with its {@code ClientRequestToken}, a create that carries its creation
 * token, reads — so it sends such a request again, unchanged, for as long as
 * the failure says "try again": a lost or timed-out answer, a 5xx, throttling. Anything else (a refused condition,
 * a validation error, missing permissions) propagates at once.
 *
 * <p>The request's end is the call deadline (the invocation's remaining time) and, for a request that relies on
 * its {@code ClientRequestToken}, {@link #TOKEN_WINDOW} after its first send: DynamoDB recognises a repeated token
 * for 10 minutes only, and a Lambda may run 15. Between sends the loop waits an exponential, jittered pause of
 * {@value #FIRST_PAUSE_MILLIS} ms doubling up to {@value #MAX_PAUSE_MILLIS} ms, so a long outage costs DynamoDB at
 * most about one call per second per waiting invocation. When the end comes, it throws
 * {@link DeadlineExceededException} saying whether a write may have been applied. One instance serves one
 * request of one operation; not thread-safe.
 */
final class ResendUntilDeadline {
    /** How long after its first send a request that relies on its ClientRequestToken may be sent again. */
    static final Duration TOKEN_WINDOW = Duration.ofMinutes(9);
    static final long FIRST_PAUSE_MILLIS = 50;
    static final long MAX_PAUSE_MILLIS = 1_000;
    /** Less time than this left after a pause is not worth another send. */
    private static final long SHORTEST_SEND_MILLIS = 50;
    private static final long CONTENTION_PAUSE_MILLIS = 25;

    private final Clock clock;
    private final StoreMetrics metrics;
    private final Instant end;
    private final boolean write;
    private long nextPauseMillis = FIRST_PAUSE_MILLIS;
    private boolean writeMayHaveApplied;

    private ResendUntilDeadline(Clock clock, StoreMetrics metrics, Instant end, boolean write) {
        this.clock = clock;
        this.metrics = metrics;
        this.end = end;
        this.write = write;
    }

    /** A read, re-sent until {@code deadline}; sent once when the deadline is null. */
    static ResendUntilDeadline read(Instant deadline, Clock clock, StoreMetrics metrics) {
        return new ResendUntilDeadline(clock, metrics, deadline, false);
    }

    /** A write that is safe to repeat by itself (a create carrying its creation token), re-sent until {@code deadline}. */
    static ResendUntilDeadline write(Instant deadline, Clock clock, StoreMetrics metrics) {
        return new ResendUntilDeadline(clock, metrics, deadline, true);
    }

    /** A write made safe by its ClientRequestToken: re-sent until the deadline, and within the token's window. */
    static ResendUntilDeadline tokenWrite(Instant deadline, Clock clock, StoreMetrics metrics) {
        Instant windowEnd = clock.instant().plus(TOKEN_WINDOW);
        return new ResendUntilDeadline(clock, metrics, deadline == null || windowEnd.isBefore(deadline)
                ? windowEnd : deadline, true);
    }

    /** The instant no send of this request may run past; each SDK call is capped by it. Null: no cap. */
    Instant end() {
        return end;
    }

    /** Whether a send of this write lost its answer (or met its own transaction in progress). */
    boolean writeMayHaveApplied() {
        return writeMayHaveApplied;
    }

    /** Records that an earlier send may have been applied although no failure of this class said so. */
    void markWriteMayHaveApplied() {
        writeMayHaveApplied |= write;
    }

    /**
     * Sends the request, and again after each failure worth repeating, until the end.
     *
     * @param send sends the request once; it must build the very same request each time, capped by {@link #end()}
     */
    <T> T send(Supplier<T> send) {
        while (true) {
            try {
                return send.get();
            } catch (DeadlineExceededException noTimeForTheCall) {
                throw new DeadlineExceededException(noTimeForTheCall.getMessage(),
                        writeMayHaveApplied || noTimeForTheCall.writeMayHaveApplied(), noTimeForTheCall);
            } catch (SdkException e) {
                if (!worthRepeating(e)) {
                    throw e;
                }
                if (write && !throttledEveryTime(e)) {
                    // A throttled request was refused; any other failure may have come after the commit.
                    writeMayHaveApplied = true;
                }
                if (end == null) {
                    throw e;
                }
                long pause = nextPauseMillis / 2 + ThreadLocalRandom.current().nextLong(nextPauseMillis / 2 + 1);
                nextPauseMillis = Math.min(MAX_PAUSE_MILLIS, nextPauseMillis * 2);
                if (millisLeft() < pause + SHORTEST_SEND_MILLIS) {
                    throw new DeadlineExceededException("the call deadline passed while a request was re-sent "
                            + "after lost answers", writeMayHaveApplied, e);
                }
                sleep(pause, writeMayHaveApplied);
                metrics.resent();
            }
        }
    }

    /**
     * Waits 25-50 ms before the same request goes again because the item was contended (nothing was applied).
     *
     * @throws DeadlineExceededException when less time than the pause is left
     */
    void pauseForContention() {
        pauseForContention(end, clock, writeMayHaveApplied);
    }

    /**
     * As {@link #pauseForContention()}, between two requests of an operation when nothing of it is pending.
     *
     * @param deadline the call deadline, or null for none
     */
    static void pauseForContention(Instant deadline, Clock clock) {
        pauseForContention(deadline, clock, false);
    }

    private static void pauseForContention(Instant deadline, Clock clock, boolean writeMayHaveApplied) {
        if (deadline != null && Duration.between(clock.instant(), deadline).toMillis() <= CONTENTION_PAUSE_MILLIS) {
            throw new DeadlineExceededException("the call deadline passed while the item was contended",
                    writeMayHaveApplied, null);
        }
        sleep(CONTENTION_PAUSE_MILLIS + ThreadLocalRandom.current().nextLong(CONTENTION_PAUSE_MILLIS),
                writeMayHaveApplied);
    }

    /**
     * Whether the SDK's failure says the same request may succeed later: a lost or timed-out answer (an I/O
     * failure, an attempt or call timeout), a 5xx, or throttling. Our own transaction still in progress is the
     * caller's to handle.
     */
    static boolean worthRepeating(SdkException e) {
        if (e instanceof TransactionInProgressException) {
            return false;
        }
        if (e instanceof AwsServiceException service) {
            return service.isThrottlingException() || service.statusCode() >= 500;
        }
        if (e instanceof SdkClientException) {
            if (e instanceof ApiCallTimeoutException || e instanceof ApiCallAttemptTimeoutException || e.retryable()) {
                return true;
            }
            for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
                if (cause instanceof IOException || cause instanceof UncheckedIOException) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Whether the call and each of its earlier attempts (suppressed by the SDK) were refused by throttling. */
    private static boolean throttledEveryTime(SdkException e) {
        if (!(e instanceof AwsServiceException service && service.isThrottlingException())) {
            return false;
        }
        for (Throwable earlier : e.getSuppressed()) {
            if (!(earlier instanceof AwsServiceException s && s.isThrottlingException())) {
                return false;
            }
        }
        return true;
    }

    private long millisLeft() {
        return Duration.between(clock.instant(), end).toMillis();
    }

    private static void sleep(long millis, boolean writeMayHaveApplied) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DeadlineExceededException("interrupted while waiting to send a request again",
                    writeMayHaveApplied, e);
        }
    }
}
