package io.consistentcrud.cdk;

import java.util.Objects;
import software.amazon.awscdk.services.codedeploy.ILambdaDeploymentConfig;
import software.amazon.awscdk.services.codedeploy.LambdaDeploymentConfig;

/**
 * How a new version of the API's function reaches the alias the API calls: shifted gradually by CodeDeploy (a
 * canary or linear {@link LambdaDeploymentConfig}), rolling back on the construct's own alarms, or all at once.
 *
 * <pre>{@code
 * GradualDeployment.of(LambdaDeploymentConfig.LINEAR_10_PERCENT_EVERY_1_MINUTE)
 * GradualDeployment.allAtOnce()   // no deployment group: the alias moves when the stack updates
 * }</pre>
 */
public final class GradualDeployment {
    /** The default: 10% of the traffic for 5 minutes, then all of it, unless an alarm fires first. */
    public static final ILambdaDeploymentConfig DEFAULT_CONFIG = LambdaDeploymentConfig.CANARY_10_PERCENT_5_MINUTES;

    private final ILambdaDeploymentConfig config;

    private GradualDeployment(ILambdaDeploymentConfig config) {
        this.config = config;
    }

    /** {@return a canary of 10% for 5 minutes ({@link #DEFAULT_CONFIG})} */
    public static GradualDeployment canaryDefault() {
        return new GradualDeployment(DEFAULT_CONFIG);
    }

    /**
     * Traffic shifted by the given CodeDeploy configuration: one of {@link LambdaDeploymentConfig}'s CANARY_ or
     * LINEAR_ constants, or a configuration of your own.
     *
     * @param config the deployment configuration
     * @return the gradual deployment
     */
    public static GradualDeployment of(ILambdaDeploymentConfig config) {
        return new GradualDeployment(Objects.requireNonNull(config, "config"));
    }

    /** {@return no deployment group: a new version takes all the traffic when the stack updates the alias} */
    public static GradualDeployment allAtOnce() {
        return new GradualDeployment(null);
    }

    /** {@return whether a deployment group shifts the traffic} */
    public boolean isGradual() {
        return config != null;
    }

    /** {@return the CodeDeploy configuration, or null for {@link #allAtOnce()}} */
    public ILambdaDeploymentConfig getConfig() {
        return config;
    }
}
