package io.consistentcrud.cdk.internal;

import io.consistentcrud.cdk.ConsistentCrudApiProps;
import io.consistentcrud.cdk.internal.NagSuppressionMetadata.Suppression;
import java.util.List;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.Token;
import software.amazon.awscdk.services.apigateway.AuthorizationType;
import software.amazon.awscdk.services.apigateway.Method;
import software.amazon.awscdk.services.apigateway.RestApi;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.sqs.IQueue;
import software.constructs.IConstruct;

/**
 * The cdk-nag findings (AwsSolutions and Serverless packs) that do not apply to the construct's resources, each
 * suppressed on the exact resource with the reason it does not apply.
 */
public final class NagFindings {
    private static final String PREFLIGHT = "CORS preflight (OPTIONS) requests carry no credentials by the "
            + "Fetch standard, so the preflight method cannot be authorized; it returns only the CORS headers";

    private NagFindings() {
    }

    /**
     * The handler's role, function, deployment and methods.
     *
     * @param props the API's properties, which decide some of the reasons (VPC, authorization, ...)
     * @param role the handler's execution role
     * @param function the handler function
     * @param restApi the REST API and its deployment stage
     * @param methods the entity and transaction methods
     */
    public static void suppressOnApi(ConsistentCrudApiProps props, Role role, Function function, RestApi restApi,
                                     List<Method> methods) {
        NagSuppressionMetadata.add(role, List.of(new Suppression("AwsSolutions-IAM5",
                "X-Ray's PutTraceSegments and PutTelemetryRecords" + (props.getVpc() != null ? ", and the "
                        + "network-interface actions Lambda needs to place the function in a VPC," : "")
                        + " have no resource-level permissions; every other statement names its table, key or log "
                        + "group", List.of("Resource::*"))), true);
        NagSuppressionMetadata.add(function, List.of(new Suppression("Serverless-LambdaDLQ",
                "API Gateway invokes the function synchronously and gets every failure as the answer; a DLQ only "
                        + "applies to asynchronous invocations")), false);
        NagSuppressionMetadata.add(restApi.getLatestDeployment(), List.of(new Suppression(
                "CdkNagValidationFailure", "Serverless-APIGWStructuredLogging fails on a Deployment without "
                + "StageDescription; the access log settings live on the Stage, where the same rule checks them "
                + "(JSON format)", List.of("Serverless-APIGWStructuredLogging"))), false);
        if (props.getCors() != null) {
            for (Method m : restApi.getMethods()) {
                if ("OPTIONS".equals(m.getHttpMethod())) {
                    NagSuppressionMetadata.add(m, List.of(new Suppression("AwsSolutions-APIG4", PREFLIGHT),
                            new Suppression("AwsSolutions-COG4", PREFLIGHT)), false);
                }
            }
        }
        AuthorizationType type = props.getAuthorization().getType();
        if (type == AuthorizationType.IAM || type == AuthorizationType.CUSTOM) {
            String reason = "The method is authorized with " + (type == AuthorizationType.IAM ? "IAM (SigV4)"
                    : "a custom authorizer") + ", chosen in ConsistentCrudApiProps.authorization; a Cognito user "
                    + "pool is one option, not a requirement";
            for (Method m : methods) {
                NagSuppressionMetadata.add(m, List.of(new Suppression("AwsSolutions-COG4", reason)), false);
            }
        }
    }

    /**
     * The account's API Gateway CloudWatch role, limited to the execution log groups.
     *
     * @param cloudWatchRole the role
     */
    public static void suppressOnApiGatewayCloudWatchRole(Role cloudWatchRole) {
        Stack stack = Stack.of(cloudWatchRole);
        // cdk-nag compares appliesTo with the ARN as the template has it: tokens as <AWS::Region> etc., literal
        // values when the stack has an explicit account and region.
        String arnPrefix = "Resource::arn:" + nagArnPart(stack.getPartition(), "AWS::Partition") + ":logs:"
                + nagArnPart(stack.getRegion(), "AWS::Region") + ":" + nagArnPart(stack.getAccount(),
                "AWS::AccountId") + ":log-group:API-Gateway-Execution-Logs_*";
        NagSuppressionMetadata.add(cloudWatchRole, List.of(new Suppression(
                "AwsSolutions-IAM5", "API Gateway creates and names execution log groups itself, one per API "
                + "and stage (API-Gateway-Execution-Logs_{apiId}/{stage}), for every API of the account; the "
                + "role is limited to those log groups instead of the managed policy's '*'",
                List.of(arnPrefix, arnPrefix + ":log-stream:*"))), true);
    }

    /**
     * A stream consumer's dead-letter queue, which is the end of the line by design.
     *
     * @param deadLetterQueue the queue
     */
    public static void suppressOnStreamConsumerQueue(IQueue deadLetterQueue) {
        NagSuppressionMetadata.add(deadLetterQueue, List.of(
                new Suppression("AwsSolutions-SQS3", "This queue is itself the dead-letter "
                        + "queue of the stream consumer's event source"),
                new Suppression("Serverless-SQSRedrivePolicy", "This queue is the terminal "
                        + "dead-letter queue of the stream consumer's event source: nothing consumes it "
                        + "automatically, so a redrive policy would have no receive count to act on; its depth "
                        + "alarm pages on the first record")), false);
    }

    /**
     * A stream consumer's function: cdk-nag's Serverless-LambdaDLQ asks for an asynchronous-invocation DLQ, but the
     * stream's event source mapping invokes it synchronously and sends what keeps failing to its own on-failure
     * queue. Only the function's own resource (an imported function has none in the template).
     *
     * @param function the consumer function; nothing is added for an imported one
     */
    public static void suppressOnStreamConsumerFunction(IConstruct function) {
        NagSuppressionMetadata.add(function, List.of(new Suppression("Serverless-LambdaDLQ",
                "Invoked by a DynamoDB stream event source mapping, not asynchronously: records that keep failing go "
                        + "to the mapping's on-failure SQS dead-letter queue, which has a depth alarm")), false);
    }

    /** How cdk-nag writes a part of an ARN in findings: a pseudo parameter as {@code <AWS::Region>}, else as is. */
    private static String nagArnPart(String value, String pseudoParameter) {
        return Token.isUnresolved(value) ? "<" + pseudoParameter + ">" : value;
    }
}
