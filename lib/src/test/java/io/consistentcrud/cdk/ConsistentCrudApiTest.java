package io.consistentcrud.cdk;

import static io.consistentcrud.cdk.Fixtures.api;
import static io.consistentcrud.cdk.Fixtures.envVars;
import static io.consistentcrud.cdk.Fixtures.orders;
import static io.consistentcrud.cdk.Fixtures.properties;
import static io.consistentcrud.cdk.Fixtures.string;
import static io.consistentcrud.cdk.Fixtures.template;
import static io.consistentcrud.cdk.Fixtures.users;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import io.consistentcrud.cdk.internal.HandlerFunction;
import io.consistentcrud.contract.GatewayProblem;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Annotations;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;
import software.amazon.awscdk.services.apigateway.CorsOptions;
import software.amazon.awscdk.services.apigateway.EndpointType;
import software.amazon.awscdk.services.ec2.SecurityGroup;
import software.amazon.awscdk.services.ec2.SubnetConfiguration;
import software.amazon.awscdk.services.ec2.SubnetSelection;
import software.amazon.awscdk.services.ec2.SubnetType;
import software.amazon.awscdk.services.ec2.Vpc;
import software.amazon.awscdk.services.iam.AccountRootPrincipal;
import software.amazon.awscdk.services.iam.AnyPrincipal;
import software.amazon.awscdk.services.iam.PolicyDocument;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.lambda.Architecture;
import software.amazon.awscdk.services.lambda.Code;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.amazon.awscdk.services.s3.Bucket;
import software.amazon.awscdk.services.sns.Topic;

/** The construct's defaults, the effect of each of its props, and its validation, on synthesized templates. */
class ConsistentCrudApiTest {

    /** GIVEN only the users and orders entities, WHEN synthesized, THEN every hardened default is in the template. */
    @Nested
    class Defaults {
        static ConsistentCrudApi api;
        static Template t;

        @BeforeAll
        static void synth() {
            api = Fixtures.api(b -> b.entities(List.of(users(), orders())));
            t = Template.fromStack(Stack.of(api));
        }

        @Test
        void theFunctionRunsTheRuntimeJarOnJava25Arm64With1024MbActiveTracingAndSnapStart() {
            t.hasResourceProperties("AWS::Lambda::Function", Map.of(
                    "Runtime", "java25",
                    "Architectures", List.of("arm64"),
                    "MemorySize", 1024,
                    "Timeout", 27,
                    "Handler", RuntimeEnvironment.DEFAULT_HANDLER,
                    "TracingConfig", Map.of("Mode", "Active"),
                    "SnapStart", Map.of("ApplyOn", "PublishedVersions"),
                    "LoggingConfig", Map.of("LogGroup", Map.of("Ref", Match.stringLikeRegexp("ApiFunctionLogs.*")))));
            assertThat(properties(t, "AWS::Lambda::Function")).doesNotContainKey("ReservedConcurrentExecutions");
        }

        @Test
        void g7_theResolvedBudgetAndTheRuntimeContractReachTheEnvironment() {
            Map<String, Object> env = envVars(t);
            assertThat(env).containsEntry(RuntimeEnvironment.ATTEMPT_TIMEOUT_MS, "2000")
                    .containsEntry(RuntimeEnvironment.CALL_TIMEOUT_MS, "9000")
                    .containsEntry(RuntimeEnvironment.MAX_ATTEMPTS, "3")
                    .containsEntry(RuntimeEnvironment.IDEMPOTENCY_WINDOW_SECONDS, "86400")
                    .containsEntry(RuntimeEnvironment.METRICS_NAMESPACE, "ConsistentCrudApi")
                    .containsEntry(RuntimeEnvironment.SERVICE_NAME, "Stack-Api")
                    .containsEntry(RuntimeEnvironment.IDEMPOTENCY_TABLE,
                            Map.of("Ref", t.findResources("AWS::DynamoDB::GlobalTable", Match.objectLike(Map.of(
                                    "Properties", Map.of("TimeToLiveSpecification", Map.of(
                                            "AttributeName", "expiresAt"))))).keySet().iterator().next()))
                    .doesNotContainKey(RuntimeEnvironment.DYNAMODB_ENDPOINT);
            String entities = new ObjectMapper().valueToTree(env.get(RuntimeEnvironment.ENTITIES)).toString();
            assertThat(entities).contains("\\\"name\\\":\\\"users\\\"", "\\\"consistentRead\\\":true",
                    "\\\"sk\\\":{\\\"name\\\":\\\"orderId\\\",\\\"type\\\":\\\"S\\\"}");
        }

        @Test
        void theApiIntegratesTheAliasOfThePublishedVersion_throughOnePermissionForTheStage() {
            t.hasResourceProperties("AWS::Lambda::Alias", Map.of(
                    "Name", "live",
                    "FunctionVersion", Map.of("Fn::GetAtt", List.of(Match.stringLikeRegexp(".*CurrentVersion.*"),
                            "Version"))));
            String alias = t.findResources("AWS::Lambda::Alias").keySet().iterator().next();
            t.allResourcesProperties("AWS::ApiGateway::Method", Map.of("Integration", Match.objectLike(Map.of(
                    "Type", "AWS_PROXY",
                    "TimeoutInMillis", 29000,
                    "Uri", Map.of("Fn::Join", List.of("", Match.arrayWith(List.of(Map.of("Ref", alias)))))))));
            t.resourceCountIs("AWS::Lambda::Permission", 1);
            t.hasResourceProperties("AWS::Lambda::Permission", Map.of(
                    "FunctionName", Map.of("Ref", alias),
                    "Principal", "apigateway.amazonaws.com",
                    "SourceArn", Map.of("Fn::Join", List.of("", Match.arrayWith(List.of("/prod/*/*"))))));
        }

        @Test
        void theRoleIsBuiltExplicitly_withoutManagedPolicies_andOnlyTheUsedActionsOnTheUsedTables() {
            t.hasResourceProperties("AWS::IAM::Role", Map.of(
                    "AssumeRolePolicyDocument", Match.objectLike(Map.of("Statement", List.of(Match.objectLike(Map.of(
                            "Principal", Map.of("Service", "lambda.amazonaws.com")))))),
                    "ManagedPolicyArns", Match.absent()));
            t.hasResourceProperties("AWS::IAM::Policy", Map.of("PolicyDocument", Map.of("Statement", List.of(
                    Map.of("Sid", "WriteOwnLogs", "Effect", "Allow",
                            "Action", List.of("logs:CreateLogStream", "logs:PutLogEvents"),
                            "Resource", Map.of("Fn::GetAtt", List.of(Match.stringLikeRegexp("ApiFunctionLogs.*"),
                                    "Arn"))),
                    Map.of("Sid", "EntityUsers", "Effect", "Allow", "Action", DynamoDbActions.ENTITY_TABLE,
                            "Resource", Map.of("Fn::GetAtt", List.of(Match.stringLikeRegexp("ApiTableUsers.*"),
                                    "Arn"))),
                    Map.of("Sid", "EntityOrders", "Effect", "Allow",
                            "Action", DynamoDbActions.ENTITY_TABLE_WITH_SORT_KEY,
                            "Resource", Map.of("Fn::GetAtt", List.of(Match.stringLikeRegexp("ApiTableOrders.*"),
                                    "Arn"))),
                    Map.of("Sid", "IdempotencyRecords", "Effect", "Allow",
                            "Action", List.of("dynamodb:GetItem", "dynamodb:PutItem"),
                            "Resource", Map.of("Fn::GetAtt", List.of(Match.stringLikeRegexp("ApiIdempotencyTable.*"),
                                    "Arn"))),
                    Map.of("Effect", "Allow", "Action", List.of("xray:PutTraceSegments", "xray:PutTelemetryRecords"),
                            "Resource", "*")))));
        }

        @Test
        void noStatementAnywhereAllowsScan_orAWildcardResourceBeyondXRay() {
            List<Object> wildcardActions = new ArrayList<>();
            t.findResources("AWS::IAM::Policy").values().forEach(p -> {
                String json = new ObjectMapper().valueToTree(p).toString();
                assertThat(json).doesNotContain("Scan").doesNotContain("dynamodb:*");
                @SuppressWarnings("unchecked")
                List<Map<String, Object>> statements = (List<Map<String, Object>>) ((Map<String, Object>)
                        ((Map<String, Object>) p.get("Properties")).get("PolicyDocument")).get("Statement");
                statements.stream().filter(s -> "*".equals(s.get("Resource"))).forEach(s -> wildcardActions.add(
                        s.get("Action")));
            });
            // The API function and the audit consumer trace with X-Ray; TableV2 grants ListStreams on the table's
            // streams (table ARN/stream/*), not on "*" as Table did.
            assertThat(wildcardActions).containsExactlyInAnyOrder(
                    List.of("xray:PutTraceSegments", "xray:PutTelemetryRecords"),
                    List.of("xray:PutTraceSegments", "xray:PutTelemetryRecords"));
        }

        @Test
        void theFunctionAccessAndAuditLogGroupsHaveFiniteRetentionAndAreRetained() {
            t.resourceCountIs("AWS::Logs::LogGroup", 3);
            t.allResources("AWS::Logs::LogGroup", Map.of(
                    "Properties", Map.of("RetentionInDays", 365),
                    "DeletionPolicy", "Retain"));
        }

        @Test
        void theStageLogsJsonAccessLines_executionErrors_tracesWithXRay_andThrottles() throws Exception {
            Map<String, Object> stage = properties(t, "AWS::ApiGateway::Stage");
            assertThat(stage).containsEntry("StageName", "prod").containsEntry("TracingEnabled", true);
            assertThat(stage.get("MethodSettings")).isEqualTo(List.of(Map.of(
                    "DataTraceEnabled", false, "HttpMethod", "*", "LoggingLevel", "ERROR", "ResourcePath", "/*",
                    "ThrottlingBurstLimit", 200, "ThrottlingRateLimit", 100)));
            @SuppressWarnings("unchecked")
            Map<String, Object> accessLog = (Map<String, Object>) stage.get("AccessLogSetting");
            @SuppressWarnings("unchecked")
            Map<String, Object> format = new ObjectMapper().readValue((String) accessLog.get("Format"), Map.class);
            assertThat(format).containsEntry("requestId", "$context.requestId")
                    .containsEntry("status", "$context.status")
                    .containsEntry("integrationLatency", "$context.integration.latency")
                    .containsEntry("xrayTraceId", "$context.xrayTraceId");
            t.hasResourceProperties("AWS::ApiGateway::RestApi", Map.of(
                    "EndpointConfiguration", Map.of("Types", List.of("REGIONAL")), "Policy", Match.absent()));
        }

        @Test
        void theAccountsApiGatewayCloudWatchRole_isLeftAlone_byDefault() {
            t.resourceCountIs("AWS::ApiGateway::Account", 0);
            t.resourceCountIs("AWS::IAM::Role", 3); // the function's, the audit consumer's and CodeDeploy's
        }

        @Test
        void everyMethodIsIamAuthorized_andValidatesItsRequiredPathParameters() {
            t.allResourcesProperties("AWS::ApiGateway::Method", Map.of("AuthorizationType", "AWS_IAM",
                    "RequestValidatorId", Map.of("Ref", Match.stringLikeRegexp("ApiRestApiRequestValidator.*"))));
            t.hasResourceProperties("AWS::ApiGateway::RequestValidator", Map.of(
                    "ValidateRequestParameters", true, "ValidateRequestBody", true));
            t.hasResourceProperties("AWS::ApiGateway::Method", Map.of("HttpMethod", "PATCH",
                    "RequestParameters", Map.of("method.request.path.customerId", true,
                            "method.request.path.orderId", true)));
        }

        @Test
        void theResourcesAreTheHttpContract_forEntitiesWithAndWithoutSortKey_plusTransactions() {
            List<String> methods = new ArrayList<>();
            api.getMethods().forEach(m -> methods.add(m.getHttpMethod() + " " + m.getResource().getPath()));
            assertThat(methods).containsExactly(
                    "POST /users", "GET /users/{userId}", "PUT /users/{userId}", "PATCH /users/{userId}",
                    "DELETE /users/{userId}", "POST /users/{userId}/increment",
                    "POST /orders", "GET /orders/{customerId}", "GET /orders/{customerId}/{orderId}",
                    "PUT /orders/{customerId}/{orderId}", "PATCH /orders/{customerId}/{orderId}",
                    "DELETE /orders/{customerId}/{orderId}", "POST /orders/{customerId}/{orderId}/increment",
                    "POST /transactions");
            t.resourceCountIs("AWS::ApiGateway::Method", methods.size());
        }

        @Test
        void g5_theGatewayTimeoutIsProblemJson_sayingTheRequestMayHaveCommittedAndIsSafeToRetryWithTheSameKey() {
            t.hasResourceProperties("AWS::ApiGateway::GatewayResponse", Map.of(
                    "ResponseType", "INTEGRATION_TIMEOUT",
                    "StatusCode", "504",
                    "ResponseParameters", Map.of("gatewayresponse.header.Content-Type", "'application/problem+json'"),
                    "ResponseTemplates", Map.of("application/json", Match.stringLikeRegexp(
                            ".*\"status\":504.*may have committed\\. A request with an Idempotency-Key: repeat it with "
                            + "the same key.*A write without one: read the item.*"))));
            t.allResourcesProperties("AWS::ApiGateway::GatewayResponse", Map.of("ResponseParameters",
                    Match.objectLike(Map.of("gatewayresponse.header.Content-Type", "'application/problem+json'"))));
            t.resourceCountIs("AWS::ApiGateway::GatewayResponse", GatewayProblem.values().length);
        }

        /**
         * JSON bodies stay text: a payload of a binary media type reaches the function as opaque bytes, and what the
         * gateway's request validation and models do with such a payload is not documented. The runtime refuses the
         * U+FFFD the gateway substitutes for bytes that are not UTF-8 instead.
         */
        @Test
        void invalidEncoding_jsonBodiesStayText_noBinaryMediaTypes() {
            t.allResourcesProperties("AWS::ApiGateway::RestApi", Map.of("BinaryMediaTypes", Match.absent()));
        }

        @Test
        void entityTablesAreTableV2_streamNewAndOldImages_withPitrEncryptionDeletionProtectionAMaxThroughputGuard_andAreRetained() {
            t.resourceCountIs("AWS::DynamoDB::GlobalTable", 3);
            for (String key : List.of("userId", "customerId")) {
                t.hasResource("AWS::DynamoDB::GlobalTable", Map.of(
                        "Properties", Map.of(
                                "KeySchema", Match.arrayWith(List.of(Map.of("AttributeName", key, "KeyType", "HASH"))),
                                "BillingMode", "PAY_PER_REQUEST",
                                "StreamSpecification", Map.of("StreamViewType", "NEW_AND_OLD_IMAGES"),
                                "SSESpecification", Map.of("SSEEnabled", true, "SSEType", "KMS"),
                                "WriteOnDemandThroughputSettings", Map.of("MaxWriteRequestUnits",
                                        EntitySpec.DEFAULT_MAX_REQUEST_UNITS),
                                "Replicas", List.of(Map.of(
                                        "Region", Map.of("Ref", "AWS::Region"),
                                        "PointInTimeRecoverySpecification",
                                        Map.of("PointInTimeRecoveryEnabled", true),
                                        "DeletionProtectionEnabled", true,
                                        "ReadOnDemandThroughputSettings", Map.of("MaxReadRequestUnits",
                                                EntitySpec.DEFAULT_MAX_REQUEST_UNITS)))),
                        "DeletionPolicy", "Retain",
                        "UpdateReplacePolicy", "Retain"));
            }
        }

        @Test
        void g5_theIdempotencyTableHasStringPkAndTtlExpiresAt_andIsHardenedLikeTheOthers() {
            t.hasResource("AWS::DynamoDB::GlobalTable", Map.of(
                    "Properties", Map.of(
                            "KeySchema", List.of(Map.of("AttributeName", "pk", "KeyType", "HASH")),
                            "AttributeDefinitions", List.of(Map.of("AttributeName", "pk", "AttributeType", "S")),
                            "TimeToLiveSpecification", Map.of("AttributeName", "expiresAt", "Enabled", true),
                            "WriteOnDemandThroughputSettings", Map.of("MaxWriteRequestUnits",
                                    EntitySpec.DEFAULT_MAX_REQUEST_UNITS),
                            "Replicas", List.of(Match.objectLike(Map.of(
                                    "PointInTimeRecoverySpecification", Map.of("PointInTimeRecoveryEnabled", true),
                                    "DeletionProtectionEnabled", true)))),
                    "DeletionPolicy", "Retain"));
            assertThat(api.getIdempotencyTable()).isNotNull();
        }

        @Test
        void alarmsGoToAnEncryptedSslOnlyTopic_withARotatingKeyCloudWatchMayUse() {
            t.resourceCountIs("AWS::CloudWatch::Alarm", 8 + 2 * 2 + 2 + 3 + 2 * 2); // + two per entity for the audit consumer
            assertThat(api.getAlarms()).hasSize(21);
            t.hasResourceProperties("AWS::SNS::Topic", Map.of("KmsMasterKeyId", Map.of("Fn::GetAtt",
                    List.of(Match.stringLikeRegexp("ApiAlarmTopicKey.*"), "Arn"))));
            Object sslOnly = Match.objectLike(Map.of("Effect", "Deny",
                    "Condition", Map.of("Bool", Map.of("aws:SecureTransport", "false"))));
            t.hasResourceProperties("AWS::SNS::TopicPolicy", Map.of("PolicyDocument", Match.objectLike(Map.of(
                    "Statement", List.of(sslOnly)))));
            Object cloudWatch = Match.objectLike(Map.of("Sid", "CloudWatchAlarmsPublish",
                    "Principal", Map.of("Service", "cloudwatch.amazonaws.com")));
            Object keyPolicy = Match.objectLike(Map.of("Statement", Match.arrayWith(List.of(cloudWatch))));
            t.hasResource("AWS::KMS::Key", Map.of(
                    "Properties", Match.objectLike(Map.of("EnableKeyRotation", true, "KeyPolicy", keyPolicy)),
                    "DeletionPolicy", "Retain"));
            String topic = t.findResources("AWS::SNS::Topic").keySet().iterator().next();
            t.allResourcesProperties("AWS::CloudWatch::Alarm", Map.of(
                    "AlarmActions", List.of(Map.of("Ref", topic)),
                    "OKActions", List.of(Map.of("Ref", topic)),
                    "TreatMissingData", "notBreaching",
                    "ComparisonOperator", "GreaterThanOrEqualToThreshold"));
        }

        @Test
        void aDashboardShowsTheSameSignals_andNoWebAclIsAssociated() {
            t.resourceCountIs("AWS::CloudWatch::Dashboard", 1);
            assertThat(api.getDashboard()).isNotNull();
            t.resourceCountIs("AWS::WAFv2::WebACLAssociation", 0);
            assertThat(api.getWebAclAssociation()).isNull();
        }

        @Test
        void gettersExposeEveryResource() {
            assertThat(api.getRestApi()).isNotNull();
            assertThat(api.getStage()).isSameAs(api.getRestApi().getDeploymentStage());
            assertThat(api.getFunction()).isNotNull();
            assertThat(api.getAlias().getAliasName()).isEqualTo("live");
            assertThat(api.getRole()).isNotNull();
            assertThat(api.getFunctionLogGroup()).isNotNull();
            assertThat(api.getAccessLogGroup()).isNotNull();
            assertThat(api.getRequestValidator()).isNotNull();
            assertThat(api.getEntities()).containsOnlyKeys("users", "orders");
            assertThat(api.entity("orders").getTable()).isSameAs(api.getEntities().get("orders").getTable());
            assertThat(api.entity("orders").getSpec().getName()).isEqualTo("orders");
            assertThat(api.getAlarmTopic()).isNotNull();
            assertThat(api.getServiceName()).isEqualTo("Stack-Api");
            assertThat(api.getTimeoutBudget().getSdkMaxAttempts()).isEqualTo(3);
            assertThat(List.of(api.getApi5xxAlarm(), api.getApiLatencyAlarm(), api.getApiIntegrationLatencyAlarm(),
                    api.getFunctionErrorsAlarm(), api.getFunctionThrottlesAlarm(), api.getFunctionDurationAlarm(),
                    api.getFunctionConcurrencyAlarm(), api.entity("users").getThrottlesAlarm(),
                    api.entity("orders").getSystemErrorsAlarm(), api.getIdempotencyTableThrottlesAlarm(),
                    api.getIdempotencyTableSystemErrorsAlarm(), api.getRecoveredAmbiguousWritesAlarm(),
                    api.getConflictsAlarm(), api.getReplaysAlarm())).doesNotContainNull().doesNotHaveDuplicates();
        }

        @Test
        void entity_ofAnUndeclaredEntity_namesTheDeclaredOnes() {
            assertThatThrownBy(() -> api.entity("nope")).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("no entity named 'nope'; entities are [users, orders]");
        }
    }

    @Nested
    class Props {
        @Test
        void removalPolicy_appliesToTablesLogGroupsAndTheTopicKey() {
            Template t = template(b -> b.removalPolicy(RemovalPolicy.DESTROY));
            t.allResources("AWS::DynamoDB::GlobalTable", Map.of("DeletionPolicy", "Delete"));
            t.allResources("AWS::Logs::LogGroup", Map.of("DeletionPolicy", "Delete"));
            t.allResources("AWS::KMS::Key", Map.of("DeletionPolicy", "Delete"));
        }

        @Test
        void endpointType_edge_andPrivateWithItsPolicy() {
            template(b -> b.endpointType(EndpointType.EDGE)).hasResourceProperties("AWS::ApiGateway::RestApi",
                    Map.of("EndpointConfiguration", Map.of("Types", List.of("EDGE"))));
            PolicyDocument policy = PolicyDocument.Builder.create().statements(List.of(PolicyStatement.Builder.create()
                    .principals(List.of(new AnyPrincipal())).actions(List.of("execute-api:Invoke"))
                    .resources(List.of("execute-api:/*")).build())).build();
            Object invoke = Match.objectLike(Map.of("Action", "execute-api:Invoke"));
            template(b -> b.endpointType(EndpointType.PRIVATE).apiPolicy(policy)).hasResourceProperties(
                    "AWS::ApiGateway::RestApi", Map.of("EndpointConfiguration", Map.of("Types", List.of("PRIVATE")),
                            "Policy", Match.objectLike(Map.of("Statement", List.of(invoke)))));
        }

        @Test
        void stageName_andThrottling_shapeTheStageAndThePermission() {
            Template t = template(b -> b.stageName("v1").throttlingRateLimit(50).throttlingBurstLimit(80));
            t.hasResourceProperties("AWS::ApiGateway::Stage", Map.of("StageName", "v1",
                    "MethodSettings", List.of(Match.objectLike(Map.of("ThrottlingRateLimit", 50,
                            "ThrottlingBurstLimit", 80)))));
            t.hasResourceProperties("AWS::Lambda::Permission", Map.of("SourceArn",
                    Map.of("Fn::Join", List.of("", Match.arrayWith(List.of("/v1/*/*"))))));
        }

        @Test
        void cors_addsPreflightMethods_andTheOriginOnProblemAnswers() {
            Template t = template(b -> b.cors(CorsOptions.builder().allowOrigins(List.of("https://app.example"))
                    .build()));
            t.hasResourceProperties("AWS::ApiGateway::Method", Map.of("HttpMethod", "OPTIONS",
                    "AuthorizationType", "NONE"));
            t.allResourcesProperties("AWS::ApiGateway::GatewayResponse", Map.of("ResponseParameters", Match.objectLike(
                    Map.of("gatewayresponse.header.Access-Control-Allow-Origin", "'https://app.example'"))));
            Object preflightSuppressions = Map.of("cdk_nag", Map.of("rules_to_suppress", List.of(
                    Match.objectLike(Map.of("id", "AwsSolutions-APIG4")),
                    Match.objectLike(Map.of("id", "AwsSolutions-COG4")))));
            t.hasResource("AWS::ApiGateway::Method", Map.of("Properties", Match.objectLike(Map.of("HttpMethod",
                    "OPTIONS")), "Metadata", preflightSuppressions));
        }

        @Test
        void requestValidation_false_removesTheValidator() {
            ConsistentCrudApi api = api(b -> b.requestValidation(false));
            Template t = Template.fromStack(Stack.of(api));
            t.resourceCountIs("AWS::ApiGateway::RequestValidator", 0);
            assertThat(api.getRequestValidator()).isNull();
        }

        @Test
        void webAclArn_associatesTheWebAclWithTheStage() {
            String arn = "arn:aws:wafv2:us-east-1:123456789012:regional/webacl/api/abc";
            Template t = template(b -> b.webAclArn(arn));
            t.hasResourceProperties("AWS::WAFv2::WebACLAssociation", Map.of("WebACLArn", arn,
                    "ResourceArn", Map.of("Fn::Join", List.of("", Match.arrayWith(List.of("/stages/",
                            Map.of("Ref", Match.stringLikeRegexp("ApiRestApiDeploymentStageprod.*"))))))));
        }

        @Test
        void logRetention_setsTheFunctionAndAccessLogGroups_theAuditTrailKeepsItsOwn() {
            Template t = template(b -> b.logRetention(RetentionDays.ONE_MONTH));
            t.resourcePropertiesCountIs("AWS::Logs::LogGroup", Map.of("RetentionInDays", 30), 2);
            t.resourcePropertiesCountIs("AWS::Logs::LogGroup", Map.of("RetentionInDays", 365), 1);
        }

        @Test
        void apiGatewayCloudWatchRole_true_setsAnAccountRoleLimitedToExecutionLogGroups() {
            Template t = template(b -> b.apiGatewayCloudWatchRole(true));
            t.resourceCountIs("AWS::ApiGateway::Account", 1);
            Object executionLogs = Map.of("Fn::Join", List.of("", Match.arrayWith(List.of(
                    ":log-group:API-Gateway-Execution-Logs_*"))));
            Object executionLogStreams = Map.of("Fn::Join", List.of("", Match.arrayWith(List.of(
                    ":log-group:API-Gateway-Execution-Logs_*:log-stream:*"))));
            Object statement = Match.objectLike(Map.of("Resource", List.of(executionLogs, executionLogStreams)));
            Object policy = Map.of("PolicyName", "ExecutionLogs",
                    "PolicyDocument", Match.objectLike(Map.of("Statement", List.of(statement))));
            Object assume = Match.objectLike(Map.of("Statement", List.of(Match.objectLike(Map.of(
                    "Principal", Map.of("Service", "apigateway.amazonaws.com"))))));
            t.hasResourceProperties("AWS::IAM::Role", Map.of("AssumeRolePolicyDocument", assume,
                    "ManagedPolicyArns", Match.absent(), "Policies", List.of(policy)));
        }

        @Test
        void vpcSubnetsAndSecurityGroups_placeTheFunction_whoseRoleGetsOnlyTheNetworkInterfaceActions() {
            Stack stack = Fixtures.stack();
            Vpc vpc = Vpc.Builder.create(stack, "Vpc").maxAzs(2).natGateways(0).subnetConfiguration(List.of(
                    SubnetConfiguration.builder().name("isolated").subnetType(SubnetType.PRIVATE_ISOLATED).build()))
                    .build();
            SecurityGroup sg = SecurityGroup.Builder.create(stack, "Sg").vpc(vpc).build();
            api(stack, b -> b.vpc(vpc).vpcSubnets(SubnetSelection.builder()
                    .subnetType(SubnetType.PRIVATE_ISOLATED).build()).securityGroups(List.of(sg)));
            Template t = Template.fromStack(stack);
            t.hasResourceProperties("AWS::Lambda::Function", Map.of("Handler", RuntimeEnvironment.DEFAULT_HANDLER,
                    "VpcConfig", Map.of("SecurityGroupIds", List.of(Map.of("Fn::GetAtt", List.of(
                            Match.stringLikeRegexp("Sg.*"), "GroupId"))),
                            "SubnetIds", Match.arrayWith(List.of(Map.of("Ref", Match.stringLikeRegexp(
                                    "VpcisolatedSubnet1.*")))))));
            t.hasResourceProperties("AWS::IAM::Policy", Map.of("PolicyDocument", Map.of("Statement",
                    Match.arrayWith(List.of(Map.of("Sid", "VpcNetworkInterfaces", "Effect", "Allow",
                            "Action", HandlerFunction.VPC_NETWORK_INTERFACE_ACTIONS, "Resource", "*"))))));
            t.hasResourceProperties("AWS::IAM::Role", Map.of("AssumeRolePolicyDocument", Match.objectLike(Map.of(
                    "Statement", List.of(Match.objectLike(Map.of("Principal", Map.of("Service",
                            "lambda.amazonaws.com")))))), "ManagedPolicyArns", Match.absent()));
        }

        @Test
        void environment_addsVariables_besideTheRuntimesOwn() {
            Template t = template(b -> b.environment(Map.of("TEAM", "payments", "JAVA_TOOL_OPTIONS", "-Xss1m")));
            assertThat(envVars(t)).containsEntry("TEAM", "payments").containsEntry("JAVA_TOOL_OPTIONS", "-Xss1m")
                    .containsKey(RuntimeEnvironment.ENTITIES);
        }

        @Test
        void g7_timeoutProps_reachTheFunctionTheIntegrationAndTheEnvironment() {
            Template t = template(b -> b.integrationTimeout(Duration.seconds(20)).coldStartAllowance(Duration.seconds(3))
                    .sdkAttemptTimeout(Duration.millis(1500)).sdkMaxAttempts(4).sdkCallTimeout(Duration.seconds(14))
                    .clientTimeout(Duration.seconds(25)));
            t.hasResourceProperties("AWS::Lambda::Function", Map.of("Timeout", 17));
            t.allResourcesProperties("AWS::ApiGateway::Method", Map.of("Integration", Match.objectLike(Map.of(
                    "TimeoutInMillis", 20000))));
            assertThat(envVars(t)).containsEntry(RuntimeEnvironment.ATTEMPT_TIMEOUT_MS, "1500")
                    .containsEntry(RuntimeEnvironment.CALL_TIMEOUT_MS, "14000")
                    .containsEntry(RuntimeEnvironment.MAX_ATTEMPTS, "4");
        }

        @Test
        void g7_anAcknowledgedIntegrationTimeoutAbove29s_reachesTheIntegration() {
            template(b -> b.integrationTimeout(Duration.seconds(60)).integrationTimeoutQuotaAcknowledged(true))
                    .allResourcesProperties("AWS::ApiGateway::Method", Map.of("Integration", Match.objectLike(Map.of(
                            "TimeoutInMillis", 60000))));
        }

        @Test
        void lambdaProps_memoryArchitectureReservedConcurrencyAndSnapStartOff() {
            Template t = template(b -> b.memorySize(2048).architecture(Architecture.X86_64)
                    .reservedConcurrentExecutions(50).snapStart(false));
            t.hasResourceProperties("AWS::Lambda::Function", Map.of("MemorySize", 2048,
                    "Architectures", List.of("x86_64"), "ReservedConcurrentExecutions", 50,
                    "SnapStart", Match.absent(), "Timeout", 24));
            t.hasResourceProperties("AWS::CloudWatch::Alarm", Map.of("MetricName", "ConcurrentExecutions",
                    "Threshold", 40));
        }

        @Test
        void codeAndHandler_overrideTheEmbeddedRuntime() {
            Stack stack = Fixtures.stack();
            Code own = Code.fromBucket(Bucket.fromBucketName(stack, "Artifacts", "my-artifacts"), "handler.jar");
            api(stack, b -> b.code(own).handler("com.example.Entry::handle"));
            Template.fromStack(stack).hasResourceProperties("AWS::Lambda::Function", Map.of(
                    "Handler", "com.example.Entry::handle",
                    "Code", Map.of("S3Bucket", "my-artifacts", "S3Key", "handler.jar")));
        }

        @Test
        void idempotencyWindow_serviceName_andMetricsNamespace_reachTheRuntimeAndTheAlarms() {
            Template t = template(b -> b.idempotencyWindow(Duration.hours(2)).serviceName("orders-svc")
                    .metricsNamespace("Shop"));
            assertThat(envVars(t)).containsEntry(RuntimeEnvironment.IDEMPOTENCY_WINDOW_SECONDS, "7200")
                    .containsEntry(RuntimeEnvironment.SERVICE_NAME, "orders-svc")
                    .containsEntry(RuntimeEnvironment.METRICS_NAMESPACE, "Shop");
            t.hasResourceProperties("AWS::CloudWatch::Alarm", Map.of("Namespace", "Shop",
                    "MetricName", RuntimeMetrics.RECOVERED_AMBIGUOUS_WRITES,
                    "Dimensions", List.of(Map.of("Name", "Service", "Value", "orders-svc"))));
        }

        @Test
        void alarmsEnabled_false_createsNoAlarmsAndNoTopic() {
            ConsistentCrudApi api = api(b -> b.alarmsEnabled(false));
            Template t = Template.fromStack(Stack.of(api));
            t.resourceCountIs("AWS::CloudWatch::Alarm", 0);
            t.resourceCountIs("AWS::SNS::Topic", 0);
            assertThat(api.getAlarms()).isEmpty();
            assertThat(api.getAlarmTopic()).isNull();
            assertThatThrownBy(api::getConflictsAlarm).isInstanceOf(IllegalStateException.class)
                    .hasMessage("Stack/Api: alarms are off (alarmsEnabled false)");
        }

        @Test
        void alarmTopic_supplied_isNotifiedAndNoTopicIsCreated() {
            Stack stack = Fixtures.stack();
            Topic topic = Topic.Builder.create(stack, "Ops").build();
            ConsistentCrudApi api = api(stack, b -> b.alarmTopic(topic));
            Template t = Template.fromStack(stack);
            t.resourceCountIs("AWS::SNS::Topic", 1);
            t.resourceCountIs("AWS::KMS::Key", 0);
            t.allResourcesProperties("AWS::CloudWatch::Alarm", Map.of("AlarmActions",
                    List.of(Map.of("Ref", stack.resolve(topic.getNode().getDefaultChild() == null ? null
                            : ((software.amazon.awscdk.CfnResource) topic.getNode().getDefaultChild())
                            .getLogicalId())))));
            assertThat(api.getAlarmTopic()).isSameAs(topic);
        }

        @Test
        void dashboard_offOrNamed() {
            template(b -> b.dashboardEnabled(false)).resourceCountIs("AWS::CloudWatch::Dashboard", 0);
            template(b -> b.dashboardName("orders-api")).hasResourceProperties("AWS::CloudWatch::Dashboard",
                    Map.of("DashboardName", "orders-api"));
        }

        @Test
        void constructBuilder_andNewWithProps_synthesizeTheSameTemplate() {
            Stack a = Fixtures.stack();
            ConsistentCrudApi.Builder.create(a, "Api").entities(List.of(users())).memorySize(512).build();
            Stack b = Fixtures.stack();
            new ConsistentCrudApi(b, "Api", ConsistentCrudApiProps.builder().entities(List.of(users())).memorySize(512)
                    .build());
            assertThat(Template.fromStack(a).toJSON()).isEqualTo(Template.fromStack(b).toJSON());
        }
    }

    @Nested
    class Grants {
        @Test
        void grantInvoke_allowsExecuteApiInvokeOnTheStage() {
            Stack stack = Fixtures.stack();
            ConsistentCrudApi api = api(stack, b -> { });
            Role caller = Role.Builder.create(stack, "Caller").assumedBy(new AccountRootPrincipal()).build();
            api.grantInvoke(caller);
            Template.fromStack(stack).hasResourceProperties("AWS::IAM::Policy", Map.of(
                    "Roles", List.of(Map.of("Ref", stack.resolve(((software.amazon.awscdk.CfnResource) caller.getNode()
                            .getDefaultChild()).getLogicalId()))),
                    "PolicyDocument", Map.of("Statement", List.of(Map.of("Action", "execute-api:Invoke",
                            "Effect", "Allow", "Resource", Map.of("Fn::Join", List.of("", Match.arrayWith(List.of(
                                    "/prod/*/*")))))), "Version", "2012-10-17")));
        }

        @Test
        void grantReadData_allowsGetItemAndQueryOnOneTableOnly() {
            Stack stack = Fixtures.stack();
            ConsistentCrudApi api = api(stack, b -> b.entities(List.of(users(), orders())));
            Role reader = Role.Builder.create(stack, "Reader").assumedBy(new AccountRootPrincipal()).build();
            api.entity("orders").grantReadData(reader);
            Template.fromStack(stack).hasResourceProperties("AWS::IAM::Policy", Map.of(
                    "PolicyDocument", Map.of("Statement", List.of(Map.of(
                            "Action", List.of("dynamodb:GetItem", "dynamodb:Query"), "Effect", "Allow",
                            "Resource", Map.of("Fn::GetAtt", List.of(Match.stringLikeRegexp("ApiTableOrders.*"),
                                    "Arn")))), "Version", "2012-10-17")));
        }

        private Function ownFunction(Stack stack, Duration timeout) {
            return Function.Builder.create(stack, "Restock").runtime(ConsistentCrudApi.JAVA_RUNTIME)
                    .code(LambdaRuntimeAsset.code()).handler("com.example.Restock::handleRequest").timeout(timeout)
                    .build();
        }

        @Test
        void bindStore_setsTheRuntimesEnvironment_andGrantsExactlyTheStoresCalls_onTheBoundTablesOnly() {
            Stack stack = Fixtures.stack();
            ConsistentCrudApi api = api(stack, b -> b.entities(List.of(users(), orders())));
            api.bindStore(ownFunction(stack, Duration.seconds(15)), "orders");
            Template t = Template.fromStack(stack);
            Map<String, Object> env = Fixtures.envVarsOf(t, "com.example.Restock::handleRequest");
            assertThat(env).containsOnlyKeys(RuntimeEnvironment.ENTITIES, RuntimeEnvironment.ATTEMPT_TIMEOUT_MS,
                            RuntimeEnvironment.CALL_TIMEOUT_MS, RuntimeEnvironment.MAX_ATTEMPTS,
                            RuntimeEnvironment.IDEMPOTENCY_TABLE, RuntimeEnvironment.IDEMPOTENCY_WINDOW_SECONDS,
                            RuntimeEnvironment.METRICS_NAMESPACE, RuntimeEnvironment.SERVICE_NAME)
                    .containsEntry(RuntimeEnvironment.CALL_TIMEOUT_MS, "9000")
                    .containsEntry(RuntimeEnvironment.SERVICE_NAME, api.getServiceName());
            assertThat(new ObjectMapper().valueToTree(env.get(RuntimeEnvironment.ENTITIES)).toString())
                    .contains("orders").doesNotContain("users");
            t.hasResourceProperties("AWS::IAM::Policy", Map.of("Roles", List.of(Map.of("Ref",
                    Match.stringLikeRegexp("RestockServiceRole.*"))), "PolicyDocument", Map.of("Statement", List.of(
                    Map.of("Sid", "ConsistentStoreApiEntityOrders", "Effect", "Allow",
                            "Action", List.of("dynamodb:GetItem", "dynamodb:Query", "dynamodb:PutItem",
                                    "dynamodb:UpdateItem", "dynamodb:ConditionCheckItem"),
                            "Resource", Map.of("Fn::GetAtt", List.of(Match.stringLikeRegexp("ApiTableOrders.*"),
                                    "Arn"))),
                    Map.of("Sid", "ConsistentStoreApiIdempotencyRecords", "Effect", "Allow",
                            "Action", List.of("dynamodb:GetItem", "dynamodb:PutItem"),
                            "Resource", Map.of("Fn::GetAtt", List.of(Match.stringLikeRegexp(
                                    "ApiIdempotencyTable.*"), "Arn")))), "Version", "2012-10-17")));
        }

        @Test
        void bindStore_aFunctionTimeoutAStoreCallCouldOutlive_failsNamingTheFix() {
            Stack stack = Fixtures.stack();
            ConsistentCrudApi api = api(stack, b -> { });
            Function fn = ownFunction(stack, Duration.seconds(9));
            assertThatThrownBy(() -> api.bindStore(fn, "users"))
                    .isInstanceOf(ConsistentCrudApiValidationException.class)
                    .hasMessage(Fixtures.PATH + ": bindStore(Stack/Restock): function timeout 9 s is not above the "
                            + "store's SDK call timeout 9 s (3 attempts x 2 s + 3 s backoff): a store call could "
                            + "still be retrying a committed write when Lambda stops the function; give it a timeout "
                            + "of at least 10 s, or lower this API's sdkCallTimeout");
        }

        @Test
        void bindStore_anUnknownEntity_orTwice_fails() {
            Stack stack = Fixtures.stack();
            ConsistentCrudApi api = api(stack, b -> { });
            Function fn = ownFunction(stack, Duration.seconds(15));
            assertThatThrownBy(() -> api.bindStore(fn, "carts"))
                    .hasMessage(Fixtures.PATH + ": bindStore(Stack/Restock): entity 'carts' is not one of [users]");
            api.bindStore(fn, "users");
            assertThatThrownBy(() -> api.bindStore(fn, "users"))
                    .hasMessage(Fixtures.PATH + ": bindStore(Stack/Restock): the function is already bound to this "
                            + "API; bind all its entities in one call");
        }
    }

    @Nested
    class Validation {
        private void assertInvalid(Consumer<ConsistentCrudApi.Builder> customizer, String detail) {
            assertThatThrownBy(() -> api(customizer))
                    .isInstanceOf(ConsistentCrudApiValidationException.class)
                    .hasMessage(Fixtures.PATH + ": " + detail);
        }

        private EntitySpec.Builder entity(String name) {
            return EntitySpec.builder().name(name).partitionKey(string("id"));
        }

        @Test
        void noEntities() {
            assertInvalid(b -> b.entities(List.of()), "entities is empty; declare at least one entity");
        }

        @Test
        void duplicateEntityNames() {
            assertInvalid(b -> b.entities(List.of(users(), users())),
                    "entity name 'users' is declared twice; entity names must be unique");
        }

        @Test
        void entityNameThatIsNoPathSegment() {
            assertInvalid(b -> b.entities(List.of(entity("Users").build())),
                    "entity name 'Users' is not 1-63 lower-case letters, digits or dashes starting with a letter");
        }

        @Test
        void entityNamedTransactions() {
            assertInvalid(b -> b.entities(List.of(entity("transactions").build())),
                    "entity name 'transactions' is reserved for POST /transactions");
        }

        @Test
        void entityWithoutPartitionKey() {
            assertInvalid(b -> b.entities(List.of(EntitySpec.builder().name("users").build())),
                    "entity 'users': partitionKey is required");
        }

        @Test
        void binaryKey() {
            assertInvalid(b -> b.entities(List.of(EntitySpec.builder().name("blobs").partitionKey(
                    software.amazon.awscdk.services.dynamodb.Attribute.builder().name("hash")
                            .type(software.amazon.awscdk.services.dynamodb.AttributeType.BINARY).build()).build())),
                    "entity 'blobs': partitionKey 'hash' has type BINARY; keys are STRING or NUMBER, since they "
                            + "travel in the URL path");
        }

        @Test
        void sortKeyNamedLikeThePartitionKey() {
            assertInvalid(b -> b.entities(List.of(entity("users").sortKey(string("id")).build())),
                    "entity 'users': sortKey 'id' has the partition key's name");
        }

        @Test
        void keyNameThatIsNoPathParameter() {
            assertInvalid(b -> b.entities(List.of(EntitySpec.builder().name("users").partitionKey(string("user-id"))
                            .build())),
                    "entity 'users': partitionKey 'user-id' is not 1-64 letters, digits or underscores starting with "
                            + "a letter");
        }

        @Test
        void versionAttributeThatIsAKey() {
            assertInvalid(b -> b.entities(List.of(entity("users").versionAttribute("id").build())),
                    "entity 'users': versionAttribute 'id' is also a key attribute; the version must be an "
                            + "attribute of its own");
        }

        @Test
        void attributeWithTheReservedPrefix() {
            assertInvalid(b -> b.entities(List.of(entity("users").versionAttribute("_ccaVersion").build())),
                    "entity 'users': versionAttribute '_ccaVersion' is not 1-64 letters, digits or underscores "
                            + "starting with a letter");
            assertInvalid(b -> b.entities(List.of(entity("users").timeToLiveAttribute("ccaX").versionAttribute("v")
                            .build()).stream().map(e -> (EntitySpec) e).toList()).entities(List.of(
                            EntitySpec.builder().name("users").partitionKey(string("_ccaId")).build())),
                    "entity 'users': partitionKey '_ccaId' is not 1-64 letters, digits or underscores starting "
                            + "with a letter");
        }

        @Test
        void timeToLiveAttributeThatIsTheVersion() {
            assertInvalid(b -> b.entities(List.of(entity("users").timeToLiveAttribute("version").build())),
                    "entity 'users': timeToLiveAttribute 'version' is also a key or the version attribute");
        }

        @Test
        void capacitiesWithoutProvisionedBilling() {
            assertInvalid(b -> b.entities(List.of(entity("users").readCapacity(5).build())),
                    "entity 'users': readCapacity/writeCapacity 5/null are set but billingMode is PAY_PER_REQUEST; "
                            + "capacities need PROVISIONED");
        }

        @Test
        void encryptionKeyWithAwsManagedEncryption() {
            Stack stack = Fixtures.stack();
            var key = software.amazon.awscdk.services.kms.Key.Builder.create(stack, "K").build();
            assertThatThrownBy(() -> api(stack, b -> b.entities(List.of(entity("users").encryptionKey(key)
                    .encryption(software.amazon.awscdk.services.dynamodb.TableEncryption.AWS_MANAGED).build()))))
                    .hasMessage(Fixtures.PATH + ": entity 'users': encryptionKey is set but encryption is "
                            + "AWS_MANAGED; a key needs CUSTOMER_MANAGED");
        }

        @Test
        void handlerWithoutCode() {
            assertInvalid(b -> b.handler("x.Y::z"), "handler 'x.Y::z' is set without code; set code too, or neither");
        }

        @Test
        void privateEndpointWithoutPolicy() {
            assertInvalid(b -> b.endpointType(EndpointType.PRIVATE),
                    "endpointType PRIVATE needs apiPolicy: a resource policy that allows the VPC endpoints");
        }

        @Test
        void stageNameWithASlash() {
            assertInvalid(b -> b.stageName("v1/x"), "stageName 'v1/x' is not 1-128 letters, digits or underscores");
        }

        @Test
        void nonPositiveThrottlingAndConcurrency() {
            assertInvalid(b -> b.throttlingRateLimit(0), "throttlingRateLimit 0 is not positive");
            assertInvalid(b -> b.throttlingBurstLimit(-1), "throttlingBurstLimit -1 is not positive");
            assertInvalid(b -> b.reservedConcurrentExecutions(0), "reservedConcurrentExecutions 0 is not positive");
        }

        @Test
        void memoryOutOfRange() {
            assertInvalid(b -> b.memorySize(64), "memorySize 64 is not between 128 and 10240 MB");
        }

        @Test
        void idempotencyWindowOfFractionalSeconds() {
            assertInvalid(b -> b.idempotencyWindow(Duration.millis(1500)),
                    "idempotencyWindow 1.5 s is not a whole number of seconds of at least 1 s");
        }

        @Test
        void blankServiceName() {
            assertInvalid(b -> b.serviceName(" "), "serviceName is blank; omit it to use the construct path");
        }

        @Test
        void alarmTopicWithAlarmsOff() {
            Stack stack = Fixtures.stack();
            Topic topic = Topic.Builder.create(stack, "Ops").build();
            assertThatThrownBy(() -> api(stack, b -> b.alarmsEnabled(false).alarmTopic(topic)))
                    .hasMessage(Fixtures.PATH + ": alarmTopic is set but alarmsEnabled is false; enable the alarms "
                            + "or drop the topic");
        }

        @Test
        void environmentVariableOfTheRuntime_orReservedByLambda_orNoName() {
            assertInvalid(b -> b.environment(Map.of("CCA_MAX_ATTEMPTS", "9")), "environment variable "
                    + "'CCA_MAX_ATTEMPTS' starts with 'CCA_', the runtime's own configuration, which the construct "
                    + "sets from its props");
            assertInvalid(b -> b.environment(Map.of("AWS_REGION", "eu-west-1")),
                    "environment variable 'AWS_REGION' is reserved by Lambda");
            assertInvalid(b -> b.environment(Map.of("1X", "y")),
                    "environment variable '1X' is not a letter followed by letters, digits or underscores");
        }

        @Test
        void subnetsOrSecurityGroupsWithoutVpc() {
            assertInvalid(b -> b.vpcSubnets(SubnetSelection.builder().subnetType(SubnetType.PRIVATE_ISOLATED)
                    .build()), "vpcSubnets is set without vpc; set the vpc too, or neither");
            Stack stack = Fixtures.stack();
            Vpc vpc = Vpc.Builder.create(stack, "Vpc").build();
            SecurityGroup sg = SecurityGroup.Builder.create(stack, "Sg").vpc(vpc).build();
            assertThatThrownBy(() -> api(stack, b -> b.securityGroups(List.of(sg))))
                    .hasMessage(Fixtures.PATH + ": securityGroups is set without vpc; set the vpc too, or neither");
        }

        @Test
        void g7_aBrokenBudgetFailsSynthWithTheConstructPath() {
            assertInvalid(b -> b.integrationTimeout(Duration.seconds(29)).lambdaTimeout(Duration.seconds(30)),
                    "Lambda timeout 30 s exceeds the integration timeout 29 s minus the 2 s cold-start allowance "
                            + "(27 s); use a Lambda timeout of at most 27 s, or an integration timeout of at least "
                            + "32 s");
        }
    }

    @Test
    void theDefaultCodeIsTheEmbeddedRuntimeJar_stagedAsAnAsset() {
        template(b -> { }).hasResourceProperties("AWS::Lambda::Function", Map.of("Code", Map.of(
                "S3Key", Match.stringLikeRegexp("[0-9a-f]{64}\\.jar"))));
    }

    @Test
    void g7_aLoweredDerivedAttemptTimeout_isAWarningAnnotationAtSynth() {
        ConsistentCrudApi api = api(b -> b.lambdaTimeout(Duration.seconds(10)).sdkMaxAttempts(4));
        assertThat(api.getTimeoutBudget().getSdkAttemptTimeout().toMilliseconds()).isEqualTo(500);
        Annotations.fromStack(Stack.of(api)).hasWarning("/Stack/Api", Match.stringLikeRegexp(
                "timeout budget: the derived SDK attempt timeout was lowered from 2 s to 0.5 s so that 4 attempts "
                        + "and their 7 s worst-case backoff end 1 s before the 10 s Lambda timeout.*"));
        Annotations.fromStack(Stack.of(api(b -> { }))).hasNoWarning("/Stack/Api", Match.stringLikeRegexp(
                "timeout budget.*"));
    }

    @Test
    void authorizationNone_isAWarningAnnotation() {
        ConsistentCrudApi api = api(b -> b.authorization(ApiAuthorization.none()));
        Annotations.fromStack(Stack.of(api)).hasWarning("/Stack/Api", Match.stringLikeRegexp(
                "authorization is NONE: anyone who can reach the API can read and write every entity.*"));
    }
}
