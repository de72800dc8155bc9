package io.consistentcrud.cdk;

import static io.consistentcrud.cdk.Fixtures.users;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.cdklabs.cdknag.NagPackProps;
import io.github.cdklabs.cdknag.ServerlessChecks;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Aspects;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Annotations;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.lambda.Code;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.lambda.FunctionAttributes;
import software.amazon.awscdk.services.lambda.IFunction;
import software.amazon.awscdk.services.lambda.Runtime;
import software.amazon.awscdk.services.sqs.Queue;

/** A team's own resources beside the API: imported functions bound to the store, stream consumers, suppressions. */
class OwnResourcesTest {
    private static final String IMPORTED = "arn:aws:lambda:eu-west-1:123456789012:function:legacy-restock";
    private static final String IMPORTED_ROLE = "arn:aws:iam::123456789012:role/legacy-restock";

    private static Function consumer(Stack stack) {
        return Function.Builder.create(stack, "Consumer").runtime(Runtime.NODEJS_22_X).handler("index.handler")
                .code(Code.fromInline("exports.handler=async()=>({batchItemFailures:[]})")).build();
    }

    @Test
    void bindStore_anImportedFunctionWithItsRole_isGrantedTheStoresCalls_andGetsTheEnvironmentToSetItself() {
        Stack stack = Fixtures.stack();
        ConsistentCrudApi api = Fixtures.api(stack, b -> { });
        IFunction imported = Function.fromFunctionAttributes(stack, "Legacy", FunctionAttributes.builder()
                .functionArn(IMPORTED).role(Role.fromRoleArn(stack, "LegacyRole", IMPORTED_ROLE)).build());

        StoreBinding binding = api.bindStore(imported, "users");

        assertThat(binding.isEnvironmentSet()).isFalse();
        assertThat(binding.getEnvironment()).containsKeys(RuntimeEnvironment.ENTITIES, RuntimeEnvironment.MAX_ATTEMPTS);
        assertThat(binding.getMinimumFunctionTimeout().toSeconds().intValue()).isEqualTo(10);
        Template.fromStack(stack).hasResourceProperties("AWS::IAM::Policy", Map.of("Roles", List.of("legacy-restock"),
                "PolicyDocument", Map.of("Statement", Match.arrayWith(List.of(Match.objectLike(Map.of(
                        "Sid", "ConsistentStoreApiEntityUsers")))))));
        assertThat(Annotations.fromStack(stack).findWarning("*", Match.stringLikeRegexp(
                ".*bindStore\\(Stack/Legacy\\): an imported function.*environment.*"))).hasSize(1);
    }

    @Test
    void bindStore_anImportedFunctionWithoutItsRole_failsNamingHowToImportIt() {
        Stack stack = Fixtures.stack();
        ConsistentCrudApi api = Fixtures.api(stack, b -> { });
        IFunction imported = Function.fromFunctionArn(stack, "Legacy", IMPORTED);
        assertThatThrownBy(() -> api.bindStore(imported, "users"))
                .isInstanceOf(ConsistentCrudApiValidationException.class)
                .hasMessageContaining("bindStore(Stack/Legacy)")
                .hasMessageContaining("fromFunctionAttributes");
    }

    @Test
    void bindStore_aFunctionOfTheApp_setsItsEnvironment() {
        Stack stack = Fixtures.stack();
        ConsistentCrudApi api = Fixtures.api(stack, b -> { });
        Function own = Function.Builder.create(stack, "Own").runtime(ConsistentCrudApi.JAVA_RUNTIME)
                .handler("a.B::handle").code(LambdaRuntimeAsset.code())
                .timeout(software.amazon.awscdk.Duration.seconds(15)).build();
        assertThat(api.bindStore(own, List.of("users")).isEnvironmentSet()).isTrue();
    }

    @Test
    void nag_aStreamConsumerWithItsDeadLetterQueue_hasServerlessLambdaDlqSuppressed_withTheReason() {
        App app = new App();
        Aspects.of(app).add(new ServerlessChecks(NagPackProps.builder().verbose(true).logIgnores(true).build()));
        Stack stack = new Stack(app, "Consumers");
        ConsistentCrudApi api = ConsistentCrudApi.Builder.create(stack, "Api").entities(List.of(users())).build();
        api.entity("users").addStreamConsumer(consumer(stack));

        Annotations annotations = Annotations.fromStack(stack);
        assertThat(annotations.findError("/Consumers/Consumer/Resource", Match.stringLikeRegexp("Serverless-LambdaDLQ.*")))
                .isEmpty();
        assertThat(annotations.findInfo("/Consumers/Consumer/Resource", Match.stringLikeRegexp(
                "Serverless-LambdaDLQ.*stream event source mapping.*dead-letter queue.*"))).hasSize(1);
    }

    @Test
    void nag_aTeamSuppressesAFindingOnItsOwnResource_withTheLibrarysMetadataWriter() {
        Stack stack = Fixtures.stack();
        Queue queue = Queue.Builder.create(stack, "Inbox").build();
        NagSuppression.addTo(queue, List.of(NagSuppression.of("AwsSolutions-SQS3",
                "This queue is the dead-letter queue of the platform's bus")));
        Template.fromStack(stack).hasResource("AWS::SQS::Queue", Map.of("Metadata", Map.of("cdk_nag",
                Map.of("rules_to_suppress", List.of(Map.of("id", "AwsSolutions-SQS3",
                        "reason", "This queue is the dead-letter queue of the platform's bus"))))));
        assertThatThrownBy(() -> NagSuppression.of("AwsSolutions-SQS3", "short"))
                .hasMessageContaining("shorter than cdk-nag's 10 characters");
    }
}
