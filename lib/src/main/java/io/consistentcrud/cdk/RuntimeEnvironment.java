package io.consistentcrud.cdk;

/**
 * Names of the environment variables through which the construct configures the Lambda runtime. They must match
 * the runtime's {@code RuntimeConfiguration}; a contract test in the {@code test} module checks that they do.
 */
public final class RuntimeEnvironment {
    /** JSON array describing the entities. */
    public static final String ENTITIES = "CCA_ENTITIES";
    /** SDK attempt timeout, milliseconds. */
    public static final String ATTEMPT_TIMEOUT_MS = "CCA_ATTEMPT_TIMEOUT_MS";
    /** SDK call timeout, milliseconds. */
    public static final String CALL_TIMEOUT_MS = "CCA_CALL_TIMEOUT_MS";
    /** SDK attempts per call. */
    public static final String MAX_ATTEMPTS = "CCA_MAX_ATTEMPTS";
    /** The handler string of the embedded runtime jar. */
    public static final String DEFAULT_HANDLER = "io.consistentcrud.runtime.http.LambdaEntry::handleRequest";

    private RuntimeEnvironment() {
    }
}
