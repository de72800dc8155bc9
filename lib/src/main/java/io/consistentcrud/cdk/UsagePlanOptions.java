package io.consistentcrud.cdk;

import java.util.List;
import java.util.Objects;
import software.amazon.awscdk.services.apigateway.Period;

/**
 * A usage plan of the API's stage and its API keys ({@link ConsistentCrudApiProps#getUsagePlans()}). The throttle and
 * the quota apply to each key of the plan separately. With usage plans, every method of the API requires an API key
 * ({@code x-api-key} header) besides its authorization.
 */
public interface UsagePlanOptions {
    /**
     * The plan's name, unique among the API's plans.
     *
     * @return the name
     */
    String getName();

    /**
     * Steady requests per second allowed to each key.
     *
     * @return the rate, or null for the stage's throttling only
     * @default - the stage's throttling only
     */
    default Number getRateLimit() {
        return null;
    }

    /**
     * Burst of requests allowed to each key; needs {@link #getRateLimit()}.
     *
     * @return the burst, or null
     * @default - the stage's throttling only
     */
    default Number getBurstLimit() {
        return null;
    }

    /**
     * Requests allowed to each key per {@link #getQuotaPeriod()}.
     *
     * @return the quota, or null for none
     * @default - no quota
     */
    default Number getQuotaLimit() {
        return null;
    }

    /**
     * The period of {@link #getQuotaLimit()}.
     *
     * @return the period
     * @default Period.MONTH
     */
    default Period getQuotaPeriod() {
        return Period.MONTH;
    }

    /**
     * The API keys to create and add to the plan, by name; unique across the API's plans. API Gateway generates
     * their values (never in the template): read them from the console or the CLI.
     *
     * @return the key names
     * @default - no key: add keys with {@code getUsagePlans().get(name).addApiKey(...)}
     */
    default List<String> getApiKeyNames() {
        return List.of();
    }

    /**
     * A new builder.
     *
     * @return the builder
     */
    static Builder builder() {
        return new Builder();
    }

    /** Builder of {@link UsagePlanOptions}; unset values keep their defaults. */
    final class Builder {
        private String name;
        private Number rateLimit;
        private Number burstLimit;
        private Number quotaLimit;
        private Period quotaPeriod;
        private List<String> apiKeyNames;

        private Builder() {
        }

        /**
         * Sets {@link UsagePlanOptions#getName()}.
         *
         * @param name the plan's name; required
         * @return this builder
         */
        public Builder name(String name) {
            this.name = name;
            return this;
        }

        /**
         * Sets {@link UsagePlanOptions#getRateLimit()}.
         *
         * @param rateLimit requests per second per key
         * @return this builder
         */
        public Builder rateLimit(Number rateLimit) {
            this.rateLimit = rateLimit;
            return this;
        }

        /**
         * Sets {@link UsagePlanOptions#getBurstLimit()}.
         *
         * @param burstLimit burst per key
         * @return this builder
         */
        public Builder burstLimit(Number burstLimit) {
            this.burstLimit = burstLimit;
            return this;
        }

        /**
         * Sets {@link UsagePlanOptions#getQuotaLimit()}.
         *
         * @param quotaLimit requests per period per key
         * @return this builder
         */
        public Builder quotaLimit(Number quotaLimit) {
            this.quotaLimit = quotaLimit;
            return this;
        }

        /**
         * Sets {@link UsagePlanOptions#getQuotaPeriod()}.
         *
         * @param quotaPeriod the quota's period
         * @return this builder
         */
        public Builder quotaPeriod(Period quotaPeriod) {
            this.quotaPeriod = quotaPeriod;
            return this;
        }

        /**
         * Sets {@link UsagePlanOptions#getApiKeyNames()}.
         *
         * @param apiKeyNames the keys to create, by name
         * @return this builder
         */
        public Builder apiKeyNames(List<String> apiKeyNames) {
            this.apiKeyNames = apiKeyNames;
            return this;
        }

        /**
         * Builds the options; the construct validates them.
         *
         * @return the options
         */
        public UsagePlanOptions build() {
            String n = name;
            Number rate = rateLimit;
            Number burst = burstLimit;
            Number quota = quotaLimit;
            Period period = quotaPeriod;
            List<String> keys = apiKeyNames == null ? List.of() : List.copyOf(apiKeyNames);
            return new UsagePlanOptions() {
                @Override
                public String getName() {
                    return n;
                }

                @Override
                public Number getRateLimit() {
                    return rate;
                }

                @Override
                public Number getBurstLimit() {
                    return burst;
                }

                @Override
                public Number getQuotaLimit() {
                    return quota;
                }

                @Override
                public Period getQuotaPeriod() {
                    return Objects.requireNonNullElse(period, UsagePlanOptions.super.getQuotaPeriod());
                }

                @Override
                public List<String> getApiKeyNames() {
                    return keys;
                }
            };
        }
    }
}
