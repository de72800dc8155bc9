package io.consistentcrud.cdk;

import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.lambda.StartingPosition;

/**
 * Options of {@link CrudEntity#addStreamConsumer}. Bisecting failed batches, partial batch responses
 * ({@code ReportBatchItemFailures}), an encrypted SSL-only dead-letter queue and an iterator-age alarm are always on;
 * these options bound the rest.
 */
public interface StreamConsumerOptions {

    /**
     * {@return records per batch}
     *
     * @default 100
     */
    default Number getBatchSize() {
        return 100;
    }

    /**
     * {@return how long Lambda gathers records before invoking}
     *
     * @default - no batching window
     */
    default Duration getMaxBatchingWindow() {
        return null;
    }

    /**
     * {@return retries of a failing batch before its records go to the dead-letter queue; bounded, at most 10000}
     *
     * @default 3
     */
    default Number getRetryAttempts() {
        return 3;
    }

    /**
     * {@return the oldest record Lambda still sends to the function; older ones go to the dead-letter queue}
     *
     * @default Duration.hours(1)
     */
    default Duration getMaxRecordAge() {
        return Duration.hours(1);
    }

    /**
     * {@return concurrent batches per shard; order per item is kept for any value}
     *
     * @default 1
     */
    default Number getParallelizationFactor() {
        return 1;
    }

    /**
     * {@return where a new consumer starts reading}
     *
     * @default StartingPosition.TRIM_HORIZON (every record still in the stream)
     */
    default StartingPosition getStartingPosition() {
        return StartingPosition.TRIM_HORIZON;
    }

    /**
     * {@return the iterator age (maximum) at which the consumer's alarm fires}
     *
     * @default Duration.minutes(5)
     */
    default Duration getIteratorAgeThreshold() {
        return Duration.minutes(5);
    }

    /** {@return a new builder} */
    static Builder builder() {
        return new Builder();
    }

    /** Builder of {@link StreamConsumerOptions}; unset values keep their defaults. */
    final class Builder {
        private Number batchSize;
        private Duration maxBatchingWindow;
        private Number retryAttempts;
        private Duration maxRecordAge;
        private Number parallelizationFactor;
        private StartingPosition startingPosition;
        private Duration iteratorAgeThreshold;

        private Builder() {
        }

        /**
         * Sets records per batch; default 100 @return this builder.
         *
         * @param batchSize records per batch; default 100 @return this builder
         * @return this builder
         */
        public Builder batchSize(Number batchSize) {
            this.batchSize = batchSize;
            return this;
        }

        /**
         * Sets batching window; default none @return this builder.
         *
         * @param maxBatchingWindow batching window; default none @return this builder
         * @return this builder
         */
        public Builder maxBatchingWindow(Duration maxBatchingWindow) {
            this.maxBatchingWindow = maxBatchingWindow;
            return this;
        }

        /**
         * Sets retries of a failing batch; default 3 @return this builder.
         *
         * @param retryAttempts retries of a failing batch; default 3 @return this builder
         * @return this builder
         */
        public Builder retryAttempts(Number retryAttempts) {
            this.retryAttempts = retryAttempts;
            return this;
        }

        /**
         * Sets oldest record sent; default 1 hour @return this builder.
         *
         * @param maxRecordAge oldest record sent; default 1 hour @return this builder
         * @return this builder
         */
        public Builder maxRecordAge(Duration maxRecordAge) {
            this.maxRecordAge = maxRecordAge;
            return this;
        }

        /**
         * Sets batches per shard; default 1 @return this builder.
         *
         * @param parallelizationFactor batches per shard; default 1 @return this builder
         * @return this builder
         */
        public Builder parallelizationFactor(Number parallelizationFactor) {
            this.parallelizationFactor = parallelizationFactor;
            return this;
        }

        /**
         * Sets where to start; default TRIM_HORIZON @return this builder.
         *
         * @param startingPosition where to start; default TRIM_HORIZON @return this builder
         * @return this builder
         */
        public Builder startingPosition(StartingPosition startingPosition) {
            this.startingPosition = startingPosition;
            return this;
        }

        /**
         * Sets alarm threshold; default 5 minutes @return this builder.
         *
         * @param iteratorAgeThreshold alarm threshold; default 5 minutes @return this builder
         * @return this builder
         */
        public Builder iteratorAgeThreshold(Duration iteratorAgeThreshold) {
            this.iteratorAgeThreshold = iteratorAgeThreshold;
            return this;
        }

        /**
         * The options.
         *
         * @return the options
         */
        public StreamConsumerOptions build() {
            Builder b = this;
            Number bs = b.batchSize;
            Duration window = b.maxBatchingWindow;
            Number retries = b.retryAttempts;
            Duration age = b.maxRecordAge;
            Number parallel = b.parallelizationFactor;
            StartingPosition start = b.startingPosition;
            Duration iteratorAge = b.iteratorAgeThreshold;
            return new StreamConsumerOptions() {
                @Override
                public Number getBatchSize() {
                    return bs != null ? bs : StreamConsumerOptions.super.getBatchSize();
                }

                @Override
                public Duration getMaxBatchingWindow() {
                    return window;
                }

                @Override
                public Number getRetryAttempts() {
                    return retries != null ? retries : StreamConsumerOptions.super.getRetryAttempts();
                }

                @Override
                public Duration getMaxRecordAge() {
                    return age != null ? age : StreamConsumerOptions.super.getMaxRecordAge();
                }

                @Override
                public Number getParallelizationFactor() {
                    return parallel != null ? parallel : StreamConsumerOptions.super.getParallelizationFactor();
                }

                @Override
                public StartingPosition getStartingPosition() {
                    return start != null ? start : StreamConsumerOptions.super.getStartingPosition();
                }

                @Override
                public Duration getIteratorAgeThreshold() {
                    return iteratorAge != null ? iteratorAge : StreamConsumerOptions.super.getIteratorAgeThreshold();
                }
            };
        }
    }
}
