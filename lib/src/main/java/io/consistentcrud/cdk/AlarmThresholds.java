package io.consistentcrud.cdk;

import java.util.Objects;
import software.amazon.awscdk.Duration;

/**
 * Thresholds of the alarms a {@link ConsistentCrudApi} creates; each one can be overridden on its own.
 *
 * <p>Latency and duration thresholds are shares of the resolved {@link TimeoutBudget}, so they follow the budget when
 * it changes: an API whose p99 latency reaches 80% of its integration timeout is about to answer 504s.
 *
 * <pre>{@code
 * AlarmThresholds.builder().api5xxRatePercent(0.5).conflicts(50).build()
 * }</pre>
 */
public final class AlarmThresholds {
    private final Duration period;
    private final int evaluationPeriods;
    private final double api5xxRatePercent;
    private final double apiLatencyPercentOfBudget;
    private final double integrationLatencyPercentOfBudget;
    private final double functionErrors;
    private final double functionThrottles;
    private final double functionDurationPercentOfTimeout;
    private final double functionConcurrencyPercentOfLimit;
    private final double tableThrottles;
    private final double tableSystemErrors;
    private final double recoveredAmbiguousWrites;
    private final double conflicts;
    private final double replays;
    private final double versionLatencyPercentOfIntegrationTimeout;

    private AlarmThresholds(Builder b) {
        this.period = Objects.requireNonNull(b.period, "period");
        this.evaluationPeriods = b.evaluationPeriods;
        this.api5xxRatePercent = b.api5xxRatePercent;
        this.apiLatencyPercentOfBudget = b.apiLatencyPercentOfBudget;
        this.integrationLatencyPercentOfBudget = b.integrationLatencyPercentOfBudget;
        this.functionErrors = b.functionErrors;
        this.functionThrottles = b.functionThrottles;
        this.functionDurationPercentOfTimeout = b.functionDurationPercentOfTimeout;
        this.functionConcurrencyPercentOfLimit = b.functionConcurrencyPercentOfLimit;
        this.tableThrottles = b.tableThrottles;
        this.tableSystemErrors = b.tableSystemErrors;
        this.recoveredAmbiguousWrites = b.recoveredAmbiguousWrites;
        this.conflicts = b.conflicts;
        this.replays = b.replays;
        this.versionLatencyPercentOfIntegrationTimeout = b.versionLatencyPercentOfIntegrationTimeout;
    }

    /**
     * The default thresholds.
     *
     * @return the default thresholds
     */
    public static AlarmThresholds defaults() {
        return builder().build();
    }

    /**
     * A builder starting from the defaults.
     *
     * @return a builder starting from the defaults
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The period each alarm's metric is aggregated over.
     *
     * @return the threshold
     * @default 5 minutes
     */
    public Duration getPeriod() {
        return period;
    }

    /**
     * Consecutive breaching periods before an alarm fires.
     *
     * @return the threshold
     * @default 1
     */
    public int getEvaluationPeriods() {
        return evaluationPeriods;
    }

    /**
     * API 5XX answers as a percentage of requests.
     *
     * @return the threshold
     * @default 1
     */
    public double getApi5xxRatePercent() {
        return api5xxRatePercent;
    }

    /**
     * API p99 latency as a percentage of the integration timeout.
     *
     * @return the threshold
     * @default 80
     */
    public double getApiLatencyPercentOfBudget() {
        return apiLatencyPercentOfBudget;
    }

    /**
     * API p99 integration latency as a percentage of the Lambda timeout.
     *
     * @return the threshold
     * @default 80
     */
    public double getIntegrationLatencyPercentOfBudget() {
        return integrationLatencyPercentOfBudget;
    }

    /**
     * Lambda errors per period.
     *
     * @return the threshold
     * @default 1
     */
    public double getFunctionErrors() {
        return functionErrors;
    }

    /**
     * Lambda throttles per period.
     *
     * @return the threshold
     * @default 1
     */
    public double getFunctionThrottles() {
        return functionThrottles;
    }

    /**
     * Lambda p99 duration as a percentage of its timeout.
     *
     * @return the threshold
     * @default 80
     */
    public double getFunctionDurationPercentOfTimeout() {
        return functionDurationPercentOfTimeout;
    }

    /**
     * Lambda concurrent executions as a percentage of its reserved concurrency, or of the default account quota of
     * 1000 when none is reserved.
     *
     * @return the threshold
     * @default 80
     */
    public double getFunctionConcurrencyPercentOfLimit() {
        return functionConcurrencyPercentOfLimit;
    }

    /**
     * The current version's p99 duration, over one-minute periods, as a percentage of the integration timeout: the
     * latency alarm a gradual deployment rolls back on, so that a slow new version is stopped long before the API
     * answers 504s.
     *
     * @return the threshold
     * @default 50
     */
    public double getVersionLatencyPercentOfIntegrationTimeout() {
        return versionLatencyPercentOfIntegrationTimeout;
    }

    /**
     * Throttled requests per table and period, transactions included.
     *
     * @return the threshold
     * @default 1
     */
    public double getTableThrottles() {
        return tableThrottles;
    }

    /**
     * DynamoDB system errors per table and period, transactions included.
     *
     * @return the threshold
     * @default 1
     */
    public double getTableSystemErrors() {
        return tableSystemErrors;
    }

    /**
     * The runtime's RecoveredAmbiguousWrites per period: writes the SDK retried after they committed.
     *
     * @return the threshold
     * @default 1
     */
    public double getRecoveredAmbiguousWrites() {
        return recoveredAmbiguousWrites;
    }

    /**
     * The runtime's Conflicts (412 answers to stale versions) per period.
     *
     * @return the threshold
     * @default 50
     */
    public double getConflicts() {
        return conflicts;
    }

    /**
     * The runtime's Replays (Idempotency-Key repeats) per period.
     *
     * @return the threshold
     * @default 100
     */
    public double getReplays() {
        return replays;
    }

    /** Builder of {@link AlarmThresholds}; every value starts at its default. */
    public static final class Builder {
        private Duration period = Duration.minutes(5);
        private int evaluationPeriods = 1;
        private double api5xxRatePercent = 1;
        private double apiLatencyPercentOfBudget = 80;
        private double integrationLatencyPercentOfBudget = 80;
        private double functionErrors = 1;
        private double functionThrottles = 1;
        private double functionDurationPercentOfTimeout = 80;
        private double functionConcurrencyPercentOfLimit = 80;
        private double tableThrottles = 1;
        private double tableSystemErrors = 1;
        private double recoveredAmbiguousWrites = 1;
        private double conflicts = 50;
        private double replays = 100;
        private double versionLatencyPercentOfIntegrationTimeout = 50;

        private Builder() {
        }

        /**
         * Sets aggregation period of every alarm; default 5 minutes.
         *
         * @param period aggregation period of every alarm; default 5 minutes
         * @return this builder
         */
        public Builder period(Duration period) {
            this.period = period;
            return this;
        }

        /**
         * Sets breaching periods before alarming; default 1.
         *
         * @param evaluationPeriods breaching periods before alarming; default 1
         * @return this builder
         */
        public Builder evaluationPeriods(int evaluationPeriods) {
            this.evaluationPeriods = evaluationPeriods;
            return this;
        }

        /**
         * Sets 5XX percentage; default 1.
         *
         * @param value 5XX percentage; default 1
         * @return this builder
         */
        public Builder api5xxRatePercent(double value) {
            this.api5xxRatePercent = value;
            return this;
        }

        /**
         * Sets p99 latency as percent of the integration timeout; default 80.
         *
         * @param value p99 latency as percent of the integration timeout; default 80
         * @return this builder
         */
        public Builder apiLatencyPercentOfBudget(double value) {
            this.apiLatencyPercentOfBudget = value;
            return this;
        }

        /**
         * Sets p99 integration latency as percent of the Lambda timeout; default 80.
         *
         * @param value p99 integration latency as percent of the Lambda timeout; default 80
         * @return this builder
         */
        public Builder integrationLatencyPercentOfBudget(double value) {
            this.integrationLatencyPercentOfBudget = value;
            return this;
        }

        /**
         * Sets lambda errors per period; default 1.
         *
         * @param value Lambda errors per period; default 1
         * @return this builder
         */
        public Builder functionErrors(double value) {
            this.functionErrors = value;
            return this;
        }

        /**
         * Sets lambda throttles per period; default 1.
         *
         * @param value Lambda throttles per period; default 1
         * @return this builder
         */
        public Builder functionThrottles(double value) {
            this.functionThrottles = value;
            return this;
        }

        /**
         * Sets p99 duration as percent of the Lambda timeout; default 80.
         *
         * @param value p99 duration as percent of the Lambda timeout; default 80
         * @return this builder
         */
        public Builder functionDurationPercentOfTimeout(double value) {
            this.functionDurationPercentOfTimeout = value;
            return this;
        }

        /**
         * Sets concurrency as percent of the limit; default 80.
         *
         * @param value concurrency as percent of the limit; default 80
         * @return this builder
         */
        public Builder functionConcurrencyPercentOfLimit(double value) {
            this.functionConcurrencyPercentOfLimit = value;
            return this;
        }

        /**
         * Sets throttled requests per table and period; default 1.
         *
         * @param value throttled requests per table and period; default 1
         * @return this builder
         */
        public Builder tableThrottles(double value) {
            this.tableThrottles = value;
            return this;
        }

        /**
         * Sets system errors per table and period; default 1.
         *
         * @param value system errors per table and period; default 1
         * @return this builder
         */
        public Builder tableSystemErrors(double value) {
            this.tableSystemErrors = value;
            return this;
        }

        /**
         * Sets recovered ambiguous writes per period; default 1.
         *
         * @param value recovered ambiguous writes per period; default 1
         * @return this builder
         */
        public Builder recoveredAmbiguousWrites(double value) {
            this.recoveredAmbiguousWrites = value;
            return this;
        }

        /**
         * Sets conflicts per period; default 50.
         *
         * @param value conflicts per period; default 50
         * @return this builder
         */
        public Builder conflicts(double value) {
            this.conflicts = value;
            return this;
        }

        /**
         * Sets replays per period; default 100.
         *
         * @param value replays per period; default 100
         * @return this builder
         */
        public Builder replays(double value) {
            this.replays = value;
            return this;
        }

        /**
         * @param value the current version's p99 duration as percent of the integration timeout; default 50
         * @return this builder
         */
        public Builder versionLatencyPercentOfIntegrationTimeout(double value) {
            this.versionLatencyPercentOfIntegrationTimeout = value;
            return this;
        }

        /**
         * The thresholds.
         *
         * @return the thresholds
         */
        public AlarmThresholds build() {
            return new AlarmThresholds(this);
        }
    }
}
