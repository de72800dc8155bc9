package io.consistentcrud.cdk;

/**
 * A {@link ConsistentCrudApi} was configured in a way that would lose data, break the timeout budget or not deploy.
 *
 * <p>Thrown at synth, while the construct is built. The message names the construct path, the property, the value
 * and the rule it breaks, e.g. {@code "Stack/Api: Lambda timeout 30 s exceeds the integration timeout 29 s minus the
 * 2 s cold-start allowance (27 s)"}.
 */
public class ConsistentCrudApiValidationException extends RuntimeException {
    /** Serialization version. */
    private static final long serialVersionUID = 1L;

    /** @serial the path of the misconfigured construct */
    private final String constructPath;
    /** @serial the message without the path */
    private final String detail;

    /**
     * @param constructPath the path of the construct that was misconfigured
     * @param detail        what is wrong: the property, its value and the rule
     */
    public ConsistentCrudApiValidationException(String constructPath, String detail) {
        super(constructPath + ": " + detail);
        this.constructPath = constructPath;
        this.detail = detail;
    }

    /**
     * The path of the misconfigured construct in the construct tree.
     *
     * @return the path of the misconfigured construct in the construct tree
     */
    public String getConstructPath() {
        return constructPath;
    }

    /**
     * The message without the construct path.
     *
     * @return the message without the construct path
     */
    public String getDetail() {
        return detail;
    }
}
