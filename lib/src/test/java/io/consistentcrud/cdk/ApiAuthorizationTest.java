package io.consistentcrud.cdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Annotations;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;
import software.amazon.awscdk.services.apigateway.AuthorizationType;
import software.amazon.awscdk.services.apigateway.TokenAuthorizer;
import software.amazon.awscdk.services.cognito.UserPool;
import software.amazon.awscdk.services.lambda.Code;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.lambda.Runtime;

/** Each authorization choice's effect on the methods; NONE only explicitly and with a warning. */
class ApiAuthorizationTest {

    @Test
    void iam_isTheDefault() {
        assertThat(ConsistentCrudApiProps.builder().build().getAuthorization().getType())
                .isEqualTo(AuthorizationType.IAM);
        Fixtures.template(b -> { }).allResourcesProperties("AWS::ApiGateway::Method",
                Map.of("AuthorizationType", "AWS_IAM"));
    }

    @Test
    void cognito_createsOneUserPoolAuthorizerForEveryMethod_withScopes() {
        Stack stack = Fixtures.stack();
        UserPool pool = UserPool.Builder.create(stack, "Pool").build();
        Fixtures.api(stack, b -> b.authorization(ApiAuthorization.cognito(List.of(pool), List.of("api/write"))));
        Template t = Template.fromStack(stack);
        t.resourceCountIs("AWS::ApiGateway::Authorizer", 1);
        t.hasResourceProperties("AWS::ApiGateway::Authorizer", Map.of("Type", "COGNITO_USER_POOLS"));
        t.allResourcesProperties("AWS::ApiGateway::Method", Map.of("AuthorizationType", "COGNITO_USER_POOLS",
                "AuthorizationScopes", List.of("api/write"),
                "AuthorizerId", Map.of("Ref", Match.stringLikeRegexp("ApiAuthorizer.*"))));
    }

    @Test
    void cognito_needsAPool() {
        assertThatThrownBy(() -> ApiAuthorization.cognito(List.of()))
                .hasMessage("ApiAuthorization.cognito needs at least one user pool");
    }

    @Test
    void custom_usesTheGivenAuthorizer() {
        Stack stack = Fixtures.stack();
        Function fn = Function.Builder.create(stack, "AuthFn").runtime(Runtime.NODEJS_22_X).handler("index.handler")
                .code(Code.fromInline("exports.handler=async()=>({})")).build();
        TokenAuthorizer authorizer = TokenAuthorizer.Builder.create(stack, "Token").handler(fn)
                .resultsCacheTtl(Duration.minutes(5)).build();
        Fixtures.api(stack, b -> b.authorization(ApiAuthorization.custom(authorizer)));
        Template.fromStack(stack).allResourcesProperties("AWS::ApiGateway::Method", Map.of(
                "AuthorizationType", "CUSTOM", "AuthorizerId", Map.of("Ref", Match.stringLikeRegexp("Token.*"))));
    }

    @Test
    void none_onlyWhenChosen_leavesMethodsOpen_andWarns() {
        ConsistentCrudApi api = Fixtures.api(b -> b.authorization(ApiAuthorization.none()));
        Template.fromStack(Stack.of(api)).allResourcesProperties("AWS::ApiGateway::Method",
                Map.of("AuthorizationType", "NONE"));
        Annotations.fromStack(Stack.of(api)).hasWarning("/Stack/Api", Match.stringLikeRegexp(
                "authorization is NONE: anyone who can reach the API can read and write every entity, and writes "
                        + "record no caller.*"));
    }

    @Test
    void iam_raisesNoWarning() {
        ConsistentCrudApi api = Fixtures.api(b -> { });
        Annotations.fromStack(Stack.of(api)).hasNoWarning("*", Match.anyValue());
    }
}
