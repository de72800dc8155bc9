package io.consistentcrud.cdk;

import static io.consistentcrud.cdk.Fixtures.orders;
import static io.consistentcrud.cdk.Fixtures.users;
import static org.assertj.core.api.Assertions.assertThat;

import io.consistentcrud.cdk.internal.NagSuppressionMetadata;
import io.github.cdklabs.cdknag.AwsSolutionsChecks;
import io.github.cdklabs.cdknag.NagPackProps;
import io.github.cdklabs.cdknag.ServerlessChecks;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Aspects;
import software.amazon.awscdk.Environment;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.assertions.Annotations;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;
import software.amazon.awscdk.cxapi.SynthesisMessage;

/**
 * cdk-nag's AwsSolutions and Serverless packs on the construct in the stacks platform teams write: an explicit account
 * and region, and two APIs in one stack. The construct has no cdk-nag dependency; its suppressions reach the packs as
 * cdk-nag's own resource metadata, which the packs honour (the controls list the suppressions they honoured).
 */
class NagPacksTest {
    private static final String NAG_RULE = "(AwsSolutions|Serverless)-.*|CdkNagValidationFailure.*";
    /** The platform's web ACL: AwsSolutions-APIG3 asks for one on every stage, a choice the construct leaves open. */
    private static final String WEB_ACL = "arn:aws:wafv2:eu-west-1:123456789012:regional/webacl/platform/a1b2c3d4";

    private static Stack nagged(App app, String id, StackProps props) {
        NagPackProps nag = NagPackProps.builder().verbose(true).logIgnores(true).build();
        Aspects.of(app).add(new AwsSolutionsChecks(nag));
        Aspects.of(app).add(new ServerlessChecks(nag));
        return new Stack(app, id, props);
    }

    private static List<String> unsuppressed(Annotations annotations) {
        List<String> findings = new ArrayList<>();
        for (SynthesisMessage m : annotations.findError("*", Match.stringLikeRegexp(NAG_RULE))) {
            findings.add("ERROR " + m.getId() + ": " + m.getEntry().getData());
        }
        for (SynthesisMessage m : annotations.findWarning("*", Match.stringLikeRegexp(NAG_RULE))) {
            findings.add("WARNING " + m.getId() + ": " + m.getEntry().getData());
        }
        return findings;
    }

    private static List<String> honouredSuppressions(Annotations annotations) {
        List<String> ignored = new ArrayList<>();
        for (SynthesisMessage m : annotations.findInfo("*", Match.stringLikeRegexp(NAG_RULE))) {
            ignored.add(m.getId() + " " + m.getEntry().getData());
        }
        return ignored;
    }

    @Test
    void aStackWithExplicitAccountAndRegion_withTheAccountsCloudWatchRole_isNagClean() {
        App app = new App();
        Stack stack = nagged(app, "Pinned", StackProps.builder().env(Environment.builder()
                .account("123456789012").region("eu-west-1").build()).build());
        ConsistentCrudApi.Builder.create(stack, "Api").entities(List.of(users(), orders()))
                .apiGatewayCloudWatchRole(true).webAclArn(WEB_ACL).build();
        Annotations annotations = Annotations.fromStack(stack);

        assertThat(unsuppressed(annotations)).isEmpty();
        assertThat(honouredSuppressions(annotations))
                .anySatisfy(s -> assertThat(s).contains("ApiGatewayCloudWatchRole").contains("AwsSolutions-IAM5"))
                .anySatisfy(s -> assertThat(s).contains("FunctionRole").contains("AwsSolutions-IAM5"));
    }

    @Test
    void aStackWithTwoApis_isNagClean_andLeavesTheAccountSettingAlone() {
        App app = new App();
        Stack stack = nagged(app, "TwoApis", StackProps.builder().build());
        ConsistentCrudApi.Builder.create(stack, "Users").entities(List.of(users())).webAclArn(WEB_ACL).build();
        ConsistentCrudApi.Builder.create(stack, "Orders").entities(List.of(orders())).webAclArn(WEB_ACL).build();
        Annotations annotations = Annotations.fromStack(stack);

        assertThat(unsuppressed(annotations)).isEmpty();
        assertThat(honouredSuppressions(annotations))
                .anySatisfy(s -> assertThat(s).contains("/Users/").contains("Serverless-LambdaDLQ"))
                .anySatisfy(s -> assertThat(s).contains("/Orders/").contains("Serverless-LambdaDLQ"));
        Template.fromStack(stack).resourceCountIs("AWS::ApiGateway::Account", 0);
    }

    @Test
    void readReplicas_anExistingTable_andTheDeploymentGroup_areNagClean() {
        App app = new App();
        Stack stack = nagged(app, "Regions", StackProps.builder().env(Environment.builder()
                .account("123456789012").region("eu-west-1").build()).build());
        ConsistentCrudApi api = ConsistentCrudApi.Builder.create(stack, "Api").webAclArn(WEB_ACL)
                .entities(List.of(
                        EntitySpec.builder().name("users").partitionKey(Fixtures.string("userId"))
                                .replication(Replication.readReplicas("eu-central-1")).build(),
                        EntitySpec.builder().name("orders").partitionKey(Fixtures.string("orderId"))
                                .existingTable(ExistingTable.named("orders-prod").withStreamArn("arn:aws:dynamodb:"
                                        + "eu-west-1:123456789012:table/orders-prod/stream/2026-01-01T00:00:00.000"))
                                .build()))
                .build();
        Annotations annotations = Annotations.fromStack(stack);

        assertThat(api.getDeploymentGroup()).isNotNull();
        assertThat(unsuppressed(annotations)).isEmpty();
        assertThat(honouredSuppressions(annotations))
                .anySatisfy(s -> assertThat(s).contains("DeploymentGroup").contains("AwsSolutions-IAM4"));
    }

    @Test
    void theSuppressionsAreCdkNagsOwnMetadata_onTheResources() {
        Stack stack = new Stack(new App(), "Metadata");
        ConsistentCrudApi.Builder.create(stack, "Api").entities(List.of(users())).build();
        Template.fromStack(stack).hasResource("AWS::Lambda::Function", java.util.Map.of("Metadata",
                java.util.Map.of(NagSuppressionMetadata.METADATA_KEY, java.util.Map.of("rules_to_suppress",
                        List.of(Match.objectLike(java.util.Map.of("id", "Serverless-LambdaDLQ",
                                "reason", Match.stringLikeRegexp("API Gateway invokes the function synchronously.*")))))),
                "Properties", Match.objectLike(java.util.Map.of("Handler", RuntimeEnvironment.DEFAULT_HANDLER))));
    }
}
