package io.consistentcrud.cdk.internal;

import io.consistentcrud.cdk.ApiAuthorization;
import io.consistentcrud.cdk.ConsistentCrudApiProps;
import io.consistentcrud.cdk.EntitySpec;
import io.consistentcrud.cdk.TimeoutBudget;
import io.consistentcrud.contract.ApiRoutes;
import io.consistentcrud.contract.IndexQuery;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.ArnComponents;
import software.amazon.awscdk.ArnFormat;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.apigateway.AccessLogFormat;
import software.amazon.awscdk.services.apigateway.AuthorizationType;
import software.amazon.awscdk.services.apigateway.CfnAccount;
import software.amazon.awscdk.services.apigateway.CognitoUserPoolsAuthorizer;
import software.amazon.awscdk.services.apigateway.IAuthorizer;
import software.amazon.awscdk.services.apigateway.Integration;
import software.amazon.awscdk.services.apigateway.IntegrationOptions;
import software.amazon.awscdk.services.apigateway.IntegrationType;
import software.amazon.awscdk.services.apigateway.LogGroupLogDestination;
import software.amazon.awscdk.services.apigateway.IModel;
import software.amazon.awscdk.services.apigateway.Method;
import software.amazon.awscdk.services.apigateway.MethodLoggingLevel;
import software.amazon.awscdk.services.apigateway.MethodOptions;
import software.amazon.awscdk.services.apigateway.RequestValidator;
import software.amazon.awscdk.services.apigateway.RequestValidatorOptions;
import software.amazon.awscdk.services.apigateway.Resource;
import software.amazon.awscdk.services.apigateway.RestApi;
import software.amazon.awscdk.services.apigateway.StageOptions;
import software.amazon.awscdk.services.iam.Effect;
import software.amazon.awscdk.services.iam.PolicyDocument;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.lambda.Alias;
import software.amazon.awscdk.services.lambda.Permission;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.wafv2.CfnWebACLAssociation;
import software.constructs.Construct;

/**
 * The REST API in front of the handler's alias: a stage with JSON access logs, tracing and throttling; the
 * resources and methods of each entity and of transactions, all with the chosen authorization and one proxy
 * integration bounded by the budget's integration timeout; problem+json gateway answers; an optional web ACL.
 */
public final class CrudRestApi {
    /** JSON access log lines: who called what, how it ended and how long the integration took. */
    static final String ACCESS_LOG_FORMAT = "{\"requestId\":\"$context.requestId\","
            + "\"extendedRequestId\":\"$context.extendedRequestId\",\"ip\":\"$context.identity.sourceIp\","
            + "\"caller\":\"$context.identity.caller\",\"user\":\"$context.identity.user\","
            + "\"principalId\":\"$context.authorizer.principalId\",\"requestTime\":\"$context.requestTime\","
            + "\"httpMethod\":\"$context.httpMethod\",\"resourcePath\":\"$context.resourcePath\","
            + "\"path\":\"$context.path\",\"status\":\"$context.status\",\"protocol\":\"$context.protocol\","
            + "\"responseLength\":\"$context.responseLength\",\"responseLatency\":\"$context.responseLatency\","
            + "\"integrationLatency\":\"$context.integration.latency\","
            + "\"integrationStatus\":\"$context.integration.status\","
            + "\"integrationError\":\"$context.integration.error\",\"errorType\":\"$context.error.responseType\","
            + "\"xrayTraceId\":\"$context.xrayTraceId\"}";

    private final Construct scope;
    private final ConsistentCrudApiProps props;
    private final LogGroup accessLogGroup;
    private final RestApi restApi;
    private final RequestValidator requestValidator;
    private final List<Method> methods = new ArrayList<>();
    private final CfnWebACLAssociation webAclAssociation;
    private CognitoUserPoolsAuthorizer cognitoAuthorizer;

    /**
     * Creates {@code AccessLogs}, {@code RestApi} (and with {@code apiGatewayCloudWatchRole} the account's role and
     * settings), the request validator, the resources and methods, and {@code WebAclAssociation} in the scope.
     *
     * @param scope    the API construct
     * @param props    the API's props
     * @param budget   the resolved timeout budget
     * @param entities the entities, in declaration order
     * @param alias    the alias the integration invokes
     */
    public CrudRestApi(Construct scope, ConsistentCrudApiProps props, TimeoutBudget budget, List<EntitySpec> entities,
                       Alias alias) {
        this.scope = scope;
        this.props = props;
        this.accessLogGroup = LogGroup.Builder.create(scope, "AccessLogs")
                .retention(props.getLogRetention())
                .removalPolicy(props.getRemovalPolicy())
                .build();
        this.restApi = createRestApi();
        this.requestValidator = Boolean.TRUE.equals(props.getRequestValidation())
                ? restApi.addRequestValidator("RequestValidator", RequestValidatorOptions.builder()
                .validateRequestParameters(true)
                // No method has a request model, so this checks nothing yet; the runtime validates bodies and
                // answers problem+json. On, so a model added to a method is enforced.
                .validateRequestBody(true)
                .build())
                : null;
        ProblemResponses.addTo(restApi, props.getCors() != null && !props.getCors().getAllowOrigins().isEmpty()
                ? props.getCors().getAllowOrigins().get(0) : null);
        addResources(budget, entities, alias);
        this.webAclAssociation = props.getWebAclArn() == null ? null
                : CfnWebACLAssociation.Builder.create(scope, "WebAclAssociation")
                .resourceArn(restApi.getDeploymentStage().getStageArn())
                .webAclArn(props.getWebAclArn())
                .build();
    }


    private RestApi createRestApi() {
        CfnAccount account = null;
        if (Boolean.TRUE.equals(props.getApiGatewayCloudWatchRole())) {
            AccountRole.requireNoOtherInTheApp(scope);
            Stack stack = Stack.of(scope);
            String executionLogs = stack.formatArn(ArnComponents.builder()
                    .service("logs").resource("log-group").resourceName("API-Gateway-Execution-Logs_*")
                    .arnFormat(ArnFormat.COLON_RESOURCE_NAME).build());
            Role cloudWatchRole = Role.Builder.create(scope, "ApiGatewayCloudWatchRole")
                    .assumedBy(new ServicePrincipal("apigateway.amazonaws.com"))
                    .description("API Gateway execution logging for the account; execution log groups only")
                    .inlinePolicies(Map.of("ExecutionLogs", PolicyDocument.Builder.create()
                            .statements(List.of(PolicyStatement.Builder.create()
                                    .effect(Effect.ALLOW)
                                    .actions(List.of("logs:CreateLogGroup", "logs:CreateLogStream",
                                            "logs:DescribeLogGroups", "logs:DescribeLogStreams",
                                            "logs:PutLogEvents", "logs:GetLogEvents", "logs:FilterLogEvents"))
                                    .resources(List.of(executionLogs, executionLogs + ":log-stream:*"))
                                    .build()))
                            .build()))
                    .build();
            NagFindings.suppressOnApiGatewayCloudWatchRole(cloudWatchRole);
            account = CfnAccount.Builder.create(scope, "ApiGatewayAccount")
                    .cloudWatchRoleArn(cloudWatchRole.getRoleArn())
                    .build();
            AccountRole.register(account);
        }
        RestApi api = RestApi.Builder.create(scope, "RestApi")
                .restApiName(scope.getNode().getPath().replace('/', '-'))
                .description("ConsistentCrudApi " + scope.getNode().getPath())
                .endpointTypes(List.of(props.getEndpointType()))
                .policy(props.getApiPolicy())
                .cloudWatchRole(false)
                .defaultCorsPreflightOptions(props.getCors())
                .deployOptions(StageOptions.builder()
                        .stageName(props.getStageName())
                        .accessLogDestination(new LogGroupLogDestination(accessLogGroup))
                        .accessLogFormat(AccessLogFormat.custom(ACCESS_LOG_FORMAT))
                        .loggingLevel(MethodLoggingLevel.ERROR)
                        .dataTraceEnabled(false)
                        .tracingEnabled(true)
                        .throttlingRateLimit(props.getThrottlingRateLimit())
                        .throttlingBurstLimit(props.getThrottlingBurstLimit())
                        .build())
                .build();
        if (account != null) {
            api.getDeploymentStage().getNode().addDependency(account);
        }
        return api;
    }

    private void addResources(TimeoutBudget budget, List<EntitySpec> entities, Alias alias) {
        Integration integration = Integration.Builder.create()
                .type(IntegrationType.AWS_PROXY)
                .integrationHttpMethod("POST")
                .uri(Stack.of(scope).formatArn(ArnComponents.builder()
                        .service("apigateway").account("lambda")
                        .resource("path/2015-03-31/functions/" + alias.getFunctionArn() + "/invocations")
                        .arnFormat(ArnFormat.NO_RESOURCE_NAME)
                        .build()))
                .options(IntegrationOptions.builder().timeout(budget.getIntegrationTimeout()).build())
                .build();
        // One permission for the whole stage, not one per method: the alias's resource policy has a size limit.
        alias.addPermission("ApiInvoke", Permission.builder()
                .principal(new ServicePrincipal("apigateway.amazonaws.com"))
                .sourceArn(restApi.arnForExecuteApi("*", "/*", props.getStageName()))
                .build());

        for (EntitySpec e : entities) {
            String pk = "{" + e.getPartitionKey().getName() + "}";
            Resource collection = restApi.getRoot().addResource(e.getName());
            IModel model = GatewayModels.of(scope, restApi, e);
            method(collection, "POST", integration, List.of(), model);
            if (!e.getIndexes().isEmpty()) {
                method(collection, "GET", integration, List.of(), null, indexQueryParameters());
            }
            Resource partition = collection.addResource(pk);
            List<String> pkParams = List.of(e.getPartitionKey().getName());
            Resource item;
            List<String> itemParams;
            if (e.getSortKey() != null) {
                method(partition, "GET", integration, pkParams);
                item = partition.addResource("{" + e.getSortKey().getName() + "}");
                itemParams = List.of(e.getPartitionKey().getName(), e.getSortKey().getName());
            } else {
                item = partition;
                itemParams = pkParams;
            }
            for (String m : List.of("GET", "PUT", "PATCH", "DELETE")) {
                method(item, m, integration, itemParams, m.equals("PUT") ? model : null);
            }
            method(item.addResource("increment"), "POST", integration, itemParams);
        }
        method(restApi.getRoot().addResource(ApiRoutes.TRANSACTIONS), "POST", integration, List.of());
    }

    /** The index route's query parameters ({@link IndexQuery}); the index and the partition are required. */
    private static Map<String, Boolean> indexQueryParameters() {
        Map<String, Boolean> params = new LinkedHashMap<>();
        IndexQuery.PARAMETERS.forEach(p -> params.put("method.request.querystring." + p,
                p.equals(IndexQuery.INDEX) || p.equals(IndexQuery.PARTITION)));
        return params;
    }

    private void method(Resource resource, String httpMethod, Integration integration, List<String> pathParams) {
        method(resource, httpMethod, integration, pathParams, null, Map.of());
    }

    /** @param model the body's model (whole items only: POST of the collection, PUT of an item); null for none */
    private void method(Resource resource, String httpMethod, Integration integration, List<String> pathParams,
                        IModel model) {
        method(resource, httpMethod, integration, pathParams, model, Map.of());
    }

    /** @param queryParams the query string parameters the method declares, each with whether it is required */
    private void method(Resource resource, String httpMethod, Integration integration, List<String> pathParams,
                        IModel model, Map<String, Boolean> queryParams) {
        ApiAuthorization auth = props.getAuthorization();
        IAuthorizer authorizer = auth.getAuthorizer();
        if (auth.getType() == AuthorizationType.COGNITO) {
            authorizer = cognitoAuthorizer(auth);
        }
        Map<String, Boolean> params = new LinkedHashMap<>();
        pathParams.forEach(p -> params.put("method.request.path." + p, true));
        params.putAll(queryParams);
        MethodOptions.Builder options = MethodOptions.builder()
                .authorizationType(authorizer != null && authorizer.getAuthorizationType() != null
                        ? authorizer.getAuthorizationType() : auth.getType())
                .authorizer(authorizer)
                .requestParameters(params.isEmpty() ? null : params)
                .requestValidator(requestValidator)
                // Usage plans meter API keys: without a required key a caller would bypass its plan.
                .apiKeyRequired(props.getUsagePlans().isEmpty() ? null : true);
        if (model != null) {
            options.requestModels(Map.of(GatewayModels.CONTENT_TYPE, model));
        }
        if (!auth.getScopes().isEmpty()) {
            options.authorizationScopes(auth.getScopes());
        }
        methods.add(resource.addMethod(httpMethod, integration, options.build()));
    }

    private CognitoUserPoolsAuthorizer cognitoAuthorizer(ApiAuthorization auth) {
        if (cognitoAuthorizer == null) {
            cognitoAuthorizer = CognitoUserPoolsAuthorizer.Builder.create(scope, "Authorizer")
                    .cognitoUserPools(auth.getUserPools())
                    .build();
        }
        return cognitoAuthorizer;
    }

    /** {@return the access log group of the stage} */
    public LogGroup getAccessLogGroup() {
        return accessLogGroup;
    }

    /** {@return the REST API} */
    public RestApi getRestApi() {
        return restApi;
    }

    /** {@return the request validator, or null when request validation is off} */
    public RequestValidator getRequestValidator() {
        return requestValidator;
    }

    /** {@return the entity and transaction methods (not the CORS preflights)} */
    public List<Method> getMethods() {
        return Collections.unmodifiableList(methods);
    }

    /** {@return the web ACL association, or null without a web ACL} */
    public CfnWebACLAssociation getWebAclAssociation() {
        return webAclAssociation;
    }
}
