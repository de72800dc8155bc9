package io.consistentcrud.cdk;

import java.util.Map;
import software.amazon.awscdk.Duration;

/**
 * What {@link ConsistentCrudApi#bindStore} did for a function, and what it could not do. CDK grants to any function
 * whose role it knows, but it can set the environment and read the timeout only of a function defined in the app
 * ({@code software.amazon.awscdk.services.lambda.Function}): an imported function's configuration belongs to the
 * stack or tool that defines it. For such a function, set {@link #getEnvironment()} and a timeout of at least
 * {@link #getMinimumFunctionTimeout()} there.
 */
public final class StoreBinding {
    private final Map<String, String> environment;
    private final boolean environmentSet;
    private final Duration minimumFunctionTimeout;

    StoreBinding(Map<String, String> environment, boolean environmentSet, Duration minimumFunctionTimeout) {
        this.environment = Map.copyOf(environment);
        this.environmentSet = environmentSet;
        this.minimumFunctionTimeout = minimumFunctionTimeout;
    }

    /** @return the runtime's environment for the bound entities (table names are tokens until deployment) */
    public Map<String, String> getEnvironment() {
        return environment;
    }

    /**
     * @return true when the environment was set on the function and its timeout checked (a function of the app);
     *         false for an imported function, which must be given both where it is defined
     */
    public boolean isEnvironmentSet() {
        return environmentSet;
    }

    /** @return the shortest function timeout that outlives a store call: the SDK call timeout, rounded up to whole seconds plus one */
    public Duration getMinimumFunctionTimeout() {
        return minimumFunctionTimeout;
    }
}
