package io.consistentcrud.runtime;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Options of a {@link ConsistentStore}. Immutable; build with {@link #builder()}.
 */
public final class StoreOptions {
    /** The Idempotency-Key replay window used when none is given: 24 hours (G5). */
    public static final Duration DEFAULT_IDEMPOTENCY_WINDOW = Duration.ofHours(24);

    private final String idempotencyTable;
    private final Duration idempotencyWindow;
    private final Duration callTimeout;
    private final Clock clock;
    private final StoreMetrics metrics;
    private final String ownRegion;

    private StoreOptions(Builder b) {
        this.idempotencyTable = b.idempotencyTable == null || b.idempotencyTable.isBlank() ? null : b.idempotencyTable;
        this.idempotencyWindow = Objects.requireNonNull(b.idempotencyWindow, "idempotencyWindow");
        this.callTimeout = b.callTimeout;
        this.clock = Objects.requireNonNull(b.clock, "clock");
        this.metrics = Objects.requireNonNull(b.metrics, "metrics");
        this.ownRegion = b.ownRegion == null || b.ownRegion.isBlank() ? null : b.ownRegion;
        if (idempotencyWindow.isNegative() || idempotencyWindow.isZero()) {
            throw new IllegalArgumentException("idempotencyWindow must be positive, got " + idempotencyWindow);
        }
        if (callTimeout != null && (callTimeout.isNegative() || callTimeout.isZero())) {
            throw new IllegalArgumentException("callTimeout must be positive, got " + callTimeout);
        }
    }

    /**
     * Options without an idempotency table, with the system clock and no metrics.
     *
     * @return options without an idempotency table, with the system clock and no metrics
     */
    public static StoreOptions defaults() {
        return builder().build();
    }

    /**
     * The Region the store runs in, compared with each replicated entity's home Region
     * ({@link EntityDefinition#homeRegion()}); empty when unknown, which turns the comparison off.
     *
     * @return the store's Region; empty when unknown
     */
    public Optional<String> ownRegion() {
        return Optional.ofNullable(ownRegion);
    }

    /**
     * A builder with the documented defaults.
     *
     * @return a builder with the documented defaults
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * A builder holding this instance's values.
     *
     * @return a builder holding this instance's values
     */
    public Builder toBuilder() {
        return new Builder().idempotencyTable(idempotencyTable).idempotencyWindow(idempotencyWindow)
                .callTimeout(callTimeout).clock(clock).metrics(metrics).ownRegion(ownRegion);
    }

    /**
     * The table of Idempotency-Key records; empty when G5 is off (a write with a key is then refused).
     *
     * @return the table of Idempotency-Key records
     */
    public Optional<String> idempotencyTable() {
        return Optional.ofNullable(idempotencyTable);
    }

    /**
     * How long an Idempotency-Key record is replayed.
     *
     * @return how long an Idempotency-Key record is replayed
     */
    public Duration idempotencyWindow() {
        return idempotencyWindow;
    }

    /**
     * The SDK call timeout the client was built with; each call is capped at the smaller of it and the time left.
     *
     * @return the SDK call timeout the client was built with
     */
    public Optional<Duration> callTimeout() {
        return Optional.ofNullable(callTimeout);
    }

    /**
     * The clock for deadlines and for the expiry of Idempotency-Key records.
     *
     * @return the clock for deadlines and for the expiry of Idempotency-Key records
     */
    public Clock clock() {
        return clock;
    }

    /**
     * The listener of counted events.
     *
     * @return the listener of counted events
     */
    public StoreMetrics metrics() {
        return metrics;
    }

    /** Builder of {@link StoreOptions}. */
    public static final class Builder {
        private String idempotencyTable;
        private Duration idempotencyWindow = DEFAULT_IDEMPOTENCY_WINDOW;
        private Duration callTimeout;
        private Clock clock = Clock.systemUTC();
        private StoreMetrics metrics = StoreMetrics.NONE;
        private String ownRegion;

        private Builder() {
        }

        /**
         * Sets table of Idempotency-Key records (key {@code pk} S, TTL {@code expiresAt}); default none.
         *
         * @param idempotencyTable table of Idempotency-Key records (key {@code pk} S, TTL {@code expiresAt}); default
         *     none
         * @return this builder
         */
        public Builder idempotencyTable(String idempotencyTable) {
            this.idempotencyTable = idempotencyTable;
            return this;
        }

        /**
         * Sets replay window; default 24 hours.
         *
         * @param idempotencyWindow replay window; default 24 hours
         * @return this builder
         */
        public Builder idempotencyWindow(Duration idempotencyWindow) {
            this.idempotencyWindow = idempotencyWindow;
            return this;
        }

        /**
         * Sets the client's configured SDK call timeout; default - only the deadline caps calls.
         *
         * @param callTimeout the client's configured SDK call timeout; default - only the deadline caps calls
         * @return this builder
         */
        public Builder callTimeout(Duration callTimeout) {
            this.callTimeout = callTimeout;
            return this;
        }

        /**
         * Sets clock for deadlines and record expiry; default the system UTC clock.
         *
         * @param clock clock for deadlines and record expiry; default the system UTC clock
         * @return this builder
         */
        public Builder clock(Clock clock) {
            this.clock = clock;
            return this;
        }

        /**
         * Sets listener of counted events; default {@link StoreMetrics#NONE}.
         *
         * @param metrics listener of counted events; default {@link StoreMetrics#NONE}
         * @return this builder
         */
        public Builder metrics(StoreMetrics metrics) {
            this.metrics = metrics;
            return this;
        }

        /**
         * Sets the Region the store runs in, for the home-Region check of replicated entities.
         *
         * @param ownRegion the Region the store runs in; default unknown (no home-Region check)
         * @return this builder
         */
        public Builder ownRegion(String ownRegion) {
            this.ownRegion = ownRegion;
            return this;
        }

        /**
         * Builds the immutable instance, validating every value.
         *
         * @return builds the immutable instance, validating every value
         */
        public StoreOptions build() {
            return new StoreOptions(this);
        }
    }
}
