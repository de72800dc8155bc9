package io.consistentcrud.cdk;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;
import software.amazon.awscdk.services.codedeploy.LambdaDeploymentConfig;

/**
 * A new version of the function reaches the API's alias through a CodeDeploy canary by default, rolling back on the
 * construct's own 5XX, function error and version latency alarms; the API integrates only the alias.
 */
class GradualDeploymentTest {

    private static String logicalId(Stack stack, software.constructs.IConstruct c) {
        return stack.resolve(((software.amazon.awscdk.CfnResource) c.getNode().getDefaultChild()).getLogicalId())
                .toString();
    }

    @Test
    void byDefault_aCanaryDeploymentGroupOnTheAlias_rollsBackOnThe5xxErrorAndLatencyAlarms() {
        ConsistentCrudApi api = Fixtures.api(b -> { });
        Stack stack = Stack.of(api);
        Template t = Template.fromStack(stack);

        assertThat(api.getDeploymentGroup()).isNotNull();
        t.resourceCountIs("AWS::CodeDeploy::DeploymentGroup", 1);
        t.hasResourceProperties("AWS::CodeDeploy::DeploymentGroup", Map.of(
                "DeploymentConfigName", "CodeDeployDefault.LambdaCanary10Percent5Minutes",
                "AlarmConfiguration", Map.of("Enabled", true, "Alarms", List.of(
                        Map.of("Name", Map.of("Ref", logicalId(stack, api.getApi5xxAlarm()))),
                        Map.of("Name", Map.of("Ref", logicalId(stack, api.getFunctionErrorsAlarm()))),
                        Map.of("Name", Map.of("Ref", logicalId(stack, api.getVersionLatencyAlarm()))))),
                "AutoRollbackConfiguration", Map.of("Enabled", true, "Events", Match.arrayWith(List.of(
                        "DEPLOYMENT_FAILURE", "DEPLOYMENT_STOP_ON_REQUEST", "DEPLOYMENT_STOP_ON_ALARM")))));
        t.hasResource("AWS::Lambda::Alias", Map.of("UpdatePolicy", Map.of("CodeDeployLambdaAliasUpdate",
                Match.objectLike(Map.of("DeploymentGroupName", Match.anyValue())))));
    }

    @Test
    void theVersionLatencyAlarm_isTheCurrentVersionsP99DurationOverHalfTheIntegrationTimeout_perMinute() {
        ConsistentCrudApi api = Fixtures.api(b -> { });
        Template t = Template.fromStack(Stack.of(api));
        long halfMs = api.getTimeoutBudget().integrationTimeoutMillis() / 2;

        t.hasResourceProperties("AWS::CloudWatch::Alarm", Map.of(
                "MetricName", "Duration", "Namespace", "AWS/Lambda", "ExtendedStatistic", "p99", "Period", 60,
                "Threshold", halfMs,
                "Dimensions", Match.arrayWith(List.of(Map.of("Name", "Resource", "Value", Match.anyValue()))),
                "AlarmDescription", Match.stringLikeRegexp("p99 duration of the current version reached 50.0% of "
                        + "the .* integration timeout.*")));
    }

    @Test
    void aLinearConfiguration_isUsed_andAllAtOnce_createsNoDeploymentGroup() {
        Template linear = Fixtures.template(b -> b.gradualDeployment(
                GradualDeployment.of(LambdaDeploymentConfig.LINEAR_10_PERCENT_EVERY_1_MINUTE)));
        linear.hasResourceProperties("AWS::CodeDeploy::DeploymentGroup", Map.of(
                "DeploymentConfigName", "CodeDeployDefault.LambdaLinear10PercentEvery1Minute"));

        ConsistentCrudApi api = Fixtures.api(b -> b.gradualDeployment(GradualDeployment.allAtOnce()));
        assertThat(api.getDeploymentGroup()).isNull();
        Template t = Template.fromStack(Stack.of(api));
        t.resourceCountIs("AWS::CodeDeploy::DeploymentGroup", 0);
        t.hasResource("AWS::Lambda::Alias", Map.of("UpdatePolicy", Match.absent()));
    }

    @Test
    void withAlarmsOff_theGroupStillRollsBackFailedAndStoppedDeployments_onNoAlarm() {
        Template t = Fixtures.template(b -> b.alarmsEnabled(false));
        t.hasResourceProperties("AWS::CodeDeploy::DeploymentGroup", Map.of(
                "AlarmConfiguration", Match.absent(),
                "AutoRollbackConfiguration", Map.of("Enabled", true, "Events", List.of(
                        "DEPLOYMENT_FAILURE", "DEPLOYMENT_STOP_ON_REQUEST"))));
    }

    @Test
    void everyMethodIntegratesTheAlias_neverTheUnqualifiedFunction() {
        ConsistentCrudApi api = Fixtures.api(b -> { });
        Stack stack = Stack.of(api);
        Template t = Template.fromStack(stack);
        String aliasId = logicalId(stack, api.getAlias());
        String functionId = logicalId(stack, api.getFunction());
        t.findResources("AWS::ApiGateway::Method").values().forEach(method -> {
            String uri = new com.fasterxml.jackson.databind.ObjectMapper().valueToTree(method).path("Properties")
                    .path("Integration").path("Uri").toString();
            if (!uri.equals("\"\"") && !uri.isEmpty() && !uri.equals("")) {
                assertThat(uri).as("integration URI").contains(aliasId).doesNotContain("\"" + functionId + "\"");
            }
        });
    }
}
