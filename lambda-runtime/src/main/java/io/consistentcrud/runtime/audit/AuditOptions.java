package io.consistentcrud.runtime.audit;

import io.consistentcrud.contract.RuntimeVariables;
import java.util.Set;

/**
 * What the audit events carry beyond names: attribute values are left out unless included, and redacted
 * attributes are always masked.
 *
 * @param includeValues whether events carry the changed attributes' new values; default false
 * @param redacted      attributes whose values are masked even when values are included
 */
public record AuditOptions(boolean includeValues, Set<String> redacted) {
    /** Environment variable: {@code true} to include values. */
    public static final String ENV_INCLUDE_VALUES = RuntimeVariables.AUDIT_INCLUDE_VALUES;
    /** Environment variable: comma-separated attribute names to redact. */
    public static final String ENV_REDACT = RuntimeVariables.AUDIT_REDACT;

    /**
     * Copies the redacted names, so the options cannot change after they were made.
     *
     * @param includeValues whether events carry the changed attributes' new values; default false
     * @param redacted attributes whose values are masked even when values are included
     */
    public AuditOptions {
        redacted = Set.copyOf(redacted);
    }

    /**
     * Names only: the default.
     *
     * @return names only
     */
    public static AuditOptions namesOnly() {
        return new AuditOptions(false, Set.of());
    }
}
