package io.consistentcrud.cdk;

import static io.consistentcrud.cdk.Fixtures.users;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Environment;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.assertions.Template;

/** The account's API Gateway CloudWatch role is one setting per account and region: one API of an app may set it. */
class AccountRoleTest {
    private static ConsistentCrudApi api(Stack stack, String id) {
        return ConsistentCrudApi.Builder.create(stack, id).entities(List.of(users()))
                .apiGatewayCloudWatchRole(true).build();
    }

    @Test
    void accountRole_twoApisInOneStack_failSynth_namingBothPaths() {
        Stack stack = new Stack(new App(), "Platform");
        api(stack, "First");
        assertThatThrownBy(() -> api(stack, "Second"))
                .isInstanceOf(ConsistentCrudApiValidationException.class)
                .hasMessageContaining("Platform/Second")
                .hasMessageContaining("Platform/First/ApiGatewayAccount")
                .hasMessageContaining("apiGatewayCloudWatchRole");
    }

    @Test
    void accountRole_twoStacksOfOneApp_inTheSameEnvironment_failSynth_namingBothPaths() {
        App app = new App();
        api(new Stack(app, "Baseline"), "Api");
        assertThatThrownBy(() -> api(new Stack(app, "Orders"), "Api"))
                .isInstanceOf(ConsistentCrudApiValidationException.class)
                .hasMessageContaining("Orders/Api")
                .hasMessageContaining("Baseline/Api/ApiGatewayAccount");
    }

    @Test
    void accountRole_stacksOfTwoAccounts_eachSetTheirs() {
        App app = new App();
        Stack a = new Stack(app, "A", StackProps.builder()
                .env(Environment.builder().account("111111111111").region("eu-west-1").build()).build());
        Stack b = new Stack(app, "B", StackProps.builder()
                .env(Environment.builder().account("222222222222").region("eu-west-1").build()).build());
        api(a, "Api");
        api(b, "Api");
        Template.fromStack(b).resourceCountIs("AWS::ApiGateway::Account", 1);
        assertThat(Template.fromStack(a).findResources("AWS::ApiGateway::Account")).hasSize(1);
    }
}
