package com.example.orders;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.cdklabs.cdknag.AwsSolutionsChecks;
import io.github.cdklabs.cdknag.NagPackProps;
import io.github.cdklabs.cdknag.NagPackSuppression;
import io.github.cdklabs.cdknag.NagSuppressions;
import io.github.cdklabs.cdknag.ServerlessChecks;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Aspects;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.assertions.Annotations;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.cxapi.SynthesisMessage;

/**
 * cdk-nag's AwsSolutions and Serverless packs on the whole stack: nothing unsuppressed. The construct's own
 * suppressions come with it; the team suppresses only the findings of its own function, here.
 */
class OrdersStackNagTest {
    private static final String NAG_RULE = "(AwsSolutions|Serverless)-.*|CdkNagValidationFailure.*";

    @Test
    @SuppressWarnings("deprecation")
    void awsSolutionsAndServerless_reportNothingUnsuppressed() {
        App app = new App();
        OrdersStack stack = new OrdersStack(app, OrdersApp.STACK_NAME,
                StackProps.builder().env(OrdersApp.ENVIRONMENT).build());
        NagSuppressions.addResourceSuppressions(stack.getRestock().getRole(), List.of(NagPackSuppression.builder()
                .id("AwsSolutions-IAM5")
                .reason("X-Ray and the VPC network-interface actions have no resource-level permissions")
                .appliesTo(List.of("Resource::*"))
                .build()), true);
        NagSuppressions.addResourceSuppressions(stack.getRestock(), List.of(NagPackSuppression.builder()
                .id("Serverless-LambdaDLQ")
                .reason("The warehouse system invokes restock synchronously and retries with the same delivery id")
                .build()));
        NagPackProps nag = NagPackProps.builder().verbose(true).build();
        Aspects.of(app).add(new AwsSolutionsChecks(nag));
        Aspects.of(app).add(new ServerlessChecks(nag));

        Annotations annotations = Annotations.fromStack(stack);
        List<String> findings = new ArrayList<>();
        for (SynthesisMessage m : annotations.findError("*", Match.stringLikeRegexp(NAG_RULE))) {
            findings.add("ERROR " + m.getId() + ": " + m.getEntry().getData());
        }
        for (SynthesisMessage m : annotations.findWarning("*", Match.stringLikeRegexp(NAG_RULE))) {
            findings.add("WARNING " + m.getId() + ": " + m.getEntry().getData());
        }
        assertEquals(List.of(), findings);
    }
}
