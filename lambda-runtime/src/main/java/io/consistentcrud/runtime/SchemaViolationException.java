package io.consistentcrud.runtime;

import io.consistentcrud.runtime.schema.SchemaViolation;
import java.util.List;

/**
 * A write breaks its entity's item schema: the body of a create or replace, the item a merge patch would make, an
 * increment of a member the schema does not declare numeric, or any of these in a transaction. Nothing was
 * written. Carries every violation, not only the first.
 */
public final class SchemaViolationException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final transient List<SchemaViolation> violations;

    /** @param violations every violation found; at least one */
    public SchemaViolationException(List<SchemaViolation> violations) {
        super(violations.size() + " schema violation(s), first at '" + violations.get(0).pointer() + "' ("
                + violations.get(0).keyword() + ")", null, false, false);
        this.violations = List.copyOf(violations);
    }

    /** Every violation, in the order the validator found them. */
    public List<SchemaViolation> violations() {
        return violations;
    }
}
