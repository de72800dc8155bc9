package io.consistentcrud.cdk;

import java.util.List;
import software.amazon.awscdk.services.kms.IKey;
import software.amazon.awscdk.services.logs.RetentionDays;

/**
 * How the audit trail of a {@link ConsistentCrudApi} records changes. See {@code docs/audit.md}.
 */
public interface AuditTrailOptions {

    /**
     * {@return whether audit events carry the changed attributes' new values; names only otherwise}
     *
     * @default false
     */
    default Boolean getIncludeValues() {
        return false;
    }

    /**
     * {@return attributes whose values are always masked as {@code ***}, also when values are included}
     *
     * @default - none
     */
    default List<String> getRedactedAttributes() {
        return List.of();
    }

    /**
     * {@return how long audit events are kept in the consumer's log group}
     *
     * @default RetentionDays.ONE_YEAR
     */
    default RetentionDays getRetention() {
        return RetentionDays.ONE_YEAR;
    }

    /**
     * {@return a customer-managed KMS key that encrypts the audit log group}
     *
     * @default - CloudWatch Logs' own encryption
     */
    default IKey getEncryptionKey() {
        return null;
    }

    /**
     * A builder of audit trail options, every option at its default.
     *
     * @return a new builder
     */
    static Builder builder() {
        return new Builder();
    }

    /** Builder of {@link AuditTrailOptions}. */
    final class Builder {
        private Boolean includeValues;
        private List<String> redactedAttributes;
        private RetentionDays retention;
        private IKey encryptionKey;

        private Builder() {
        }

        /**
         * Sets whether events carry new values; default false.
         *
         * @param includeValues whether events carry new values; default false
         * @return this builder
         */
        public Builder includeValues(Boolean includeValues) {
            this.includeValues = includeValues;
            return this;
        }

        /**
         * Sets attributes always masked; default none.
         *
         * @param redactedAttributes attributes always masked; default none
         * @return this builder
         */
        public Builder redactedAttributes(List<String> redactedAttributes) {
            this.redactedAttributes = redactedAttributes;
            return this;
        }

        /**
         * Sets retention of the audit log group; default one year.
         *
         * @param retention retention of the audit log group; default one year
         * @return this builder
         */
        public Builder retention(RetentionDays retention) {
            this.retention = retention;
            return this;
        }

        /**
         * Sets KMS key of the audit log group; default CloudWatch Logs' own encryption.
         *
         * @param encryptionKey KMS key of the audit log group; default CloudWatch Logs' own encryption
         * @return this builder
         */
        public Builder encryptionKey(IKey encryptionKey) {
            this.encryptionKey = encryptionKey;
            return this;
        }

        /**
         * The options as set; unset ones keep their defaults.
         *
         * @return the options
         */
        public AuditTrailOptions build() {
            Boolean values = includeValues;
            List<String> redacted = redactedAttributes == null ? null : List.copyOf(redactedAttributes);
            RetentionDays days = retention;
            IKey key = encryptionKey;
            return new AuditTrailOptions() {
                @Override
                public Boolean getIncludeValues() {
                    return values != null ? values : AuditTrailOptions.super.getIncludeValues();
                }

                @Override
                public List<String> getRedactedAttributes() {
                    return redacted != null ? redacted : AuditTrailOptions.super.getRedactedAttributes();
                }

                @Override
                public RetentionDays getRetention() {
                    return days != null ? days : AuditTrailOptions.super.getRetention();
                }

                @Override
                public IKey getEncryptionKey() {
                    return key;
                }
            };
        }
    }
}
