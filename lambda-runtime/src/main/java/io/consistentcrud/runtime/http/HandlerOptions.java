package io.consistentcrud.runtime.http;

import io.consistentcrud.runtime.observability.RequestLog;
import java.time.Clock;
import java.util.Objects;
import java.util.Optional;

/**
 * Options of a {@link CrudHandler}. Immutable; build with {@link #builder()}.
 */
public final class HandlerOptions {
    /** Largest body accepted when none is configured: 256 KiB. */
    public static final int DEFAULT_MAX_BODY_BYTES = 256 * 1024;
    /** Page size of a partition query without {@code limit}. */
    public static final int DEFAULT_PAGE_SIZE = 25;
    /** Largest {@code limit} of a partition query. */
    public static final int MAX_PAGE_SIZE = 100;

    private final int maxBodyBytes;
    private final Clock clock;
    private final RequestLog requestLog;

    private HandlerOptions(Builder b) {
        if (b.maxBodyBytes < 1) {
            throw new IllegalArgumentException("maxBodyBytes must be at least 1, got " + b.maxBodyBytes);
        }
        this.maxBodyBytes = b.maxBodyBytes;
        this.clock = Objects.requireNonNull(b.clock, "clock");
        this.requestLog = b.requestLog;
    }

    /**
     * Defaults: 256 KiB bodies, the system clock, no request log.
     *
     * @return defaults
     */
    public static HandlerOptions defaults() {
        return builder().build();
    }

    /**
     * A builder with the defaults of {@link #defaults()}.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Bodies larger than this answer 413.
     *
     * @return bodies larger than this answer 413
     */
    public int maxBodyBytes() {
        return maxBodyBytes;
    }

    /**
     * The clock of write times and of request latency.
     *
     * @return the clock of write times and of request latency
     */
    public Clock clock() {
        return clock;
    }

    /**
     * Where the one line per request goes; empty for none.
     *
     * @return where the one line per request goes
     */
    public Optional<RequestLog> requestLog() {
        return Optional.ofNullable(requestLog);
    }

    /** Builder of {@link HandlerOptions}. */
    public static final class Builder {
        private int maxBodyBytes = DEFAULT_MAX_BODY_BYTES;
        private Clock clock = Clock.systemUTC();
        private RequestLog requestLog;

        private Builder() {
        }

        /**
         * Sets largest accepted body; default {@value HandlerOptions#DEFAULT_MAX_BODY_BYTES}.
         *
         * @param maxBodyBytes largest accepted body; default {@value HandlerOptions#DEFAULT_MAX_BODY_BYTES}
         * @return this builder
         */
        public Builder maxBodyBytes(int maxBodyBytes) {
            this.maxBodyBytes = maxBodyBytes;
            return this;
        }

        /**
         * Sets clock of write times and latency; default the system UTC clock.
         *
         * @param clock clock of write times and latency; default the system UTC clock
         * @return this builder
         */
        public Builder clock(Clock clock) {
            this.clock = clock;
            return this;
        }

        /**
         * Sets the request log; default - none.
         *
         * @param requestLog the request log; default - none
         * @return this builder
         */
        public Builder requestLog(RequestLog requestLog) {
            this.requestLog = requestLog;
            return this;
        }

        /**
         * The options as set.
         *
         * @return the options
         */
        public HandlerOptions build() {
            return new HandlerOptions(this);
        }
    }
}
