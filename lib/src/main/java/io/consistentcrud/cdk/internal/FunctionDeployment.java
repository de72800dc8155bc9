package io.consistentcrud.cdk.internal;

import java.util.List;
import software.amazon.awscdk.services.cloudwatch.IAlarm;
import software.amazon.awscdk.services.codedeploy.AutoRollbackConfig;
import software.amazon.awscdk.services.codedeploy.ILambdaDeploymentConfig;
import software.amazon.awscdk.services.codedeploy.LambdaDeploymentGroup;
import software.amazon.awscdk.services.lambda.Alias;
import software.constructs.Construct;

/**
 * The CodeDeploy deployment group that shifts the API's traffic from the alias's previous version to the new one,
 * and rolls back when a deployment fails, is stopped, or one of the rollback alarms fires while it runs.
 */
public final class FunctionDeployment {
    private FunctionDeployment() {
    }

    /**
     * Creates {@code DeploymentGroup} in the scope, on the alias the API invokes.
     *
     * @param scope the API construct
     * @param alias the alias the API invokes
     * @param config how traffic shifts
     * @param alarms the alarms that roll a deployment back; empty when the API's alarms are off
     * @return the deployment group
     */
    public static LambdaDeploymentGroup create(Construct scope, Alias alias, ILambdaDeploymentConfig config,
                                               List<? extends IAlarm> alarms) {
        LambdaDeploymentGroup group = LambdaDeploymentGroup.Builder.create(scope, "DeploymentGroup")
                .alias(alias)
                .deploymentConfig(config)
                .alarms(List.copyOf(alarms))
                .autoRollback(AutoRollbackConfig.builder()
                        .failedDeployment(true)
                        .stoppedDeployment(true)
                        .deploymentInAlarm(!alarms.isEmpty())
                        .build())
                .build();
        NagSuppressionMetadata.add(group.getRole(), List.of(new NagSuppressionMetadata.Suppression(
                "AwsSolutions-IAM4", "AWSCodeDeployRoleForLambdaLimited is AWS's narrowest policy for CodeDeploy on "
                + "Lambda: read the alias and the alarms, move the alias; it names hooks and topics only by the "
                + "CodeDeploy prefixes", List.of("Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/"
                + "AWSCodeDeployRoleForLambdaLimited"))), true);
        return group;
    }
}
