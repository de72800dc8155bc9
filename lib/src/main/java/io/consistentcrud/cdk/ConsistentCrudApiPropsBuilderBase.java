package io.consistentcrud.cdk;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.apigateway.CorsOptions;
import software.amazon.awscdk.services.apigateway.EndpointType;
import software.amazon.awscdk.services.ec2.ISecurityGroup;
import software.amazon.awscdk.services.ec2.IVpc;
import software.amazon.awscdk.services.ec2.SubnetSelection;
import software.amazon.awscdk.services.iam.PolicyDocument;
import software.amazon.awscdk.services.lambda.Architecture;
import software.amazon.awscdk.services.lambda.Code;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.amazon.awscdk.services.sns.ITopic;

/**
 * The setters of every {@link ConsistentCrudApiProps} property, written once and shared by
 * {@link ConsistentCrudApiProps.Builder} and {@link ConsistentCrudApi.Builder}. Each setter documents its property
 * by a link to the getter, which carries the description and the {@code @default}; an unset (or null) property
 * keeps its default.
 *
 * @param <B> the concrete builder, returned by every setter for chaining
 */
public abstract class ConsistentCrudApiPropsBuilderBase<B extends ConsistentCrudApiPropsBuilderBase<B>> {
    private final BuiltConsistentCrudApiProps values = new BuiltConsistentCrudApiProps();

    ConsistentCrudApiPropsBuilderBase() {
    }

    /** This builder as its concrete type. */
    @SuppressWarnings("unchecked")
    private B self() {
        return (B) this;
    }

    /** The properties set so far, as an immutable value; the construct validates them. */
    final ConsistentCrudApiProps props() {
        return values.copy();
    }

    /**
     * The entities the API serves; at least one. Each gets its own table and resources under {@code /name}.
     *
     * @param value the entities the API serves (required, no default); copied
     * @return this builder
     * @see ConsistentCrudApiProps#getEntities()
     */
    public B entities(List<? extends EntitySpec> value) {
        values.entities = value == null ? null : List.copyOf(value);
        return self();
    }

    /**
     * What happens to the stateful resources (tables, the idempotency table, log groups, the alarm topic's key) when
     * they leave the stack. An entity's own removal policy wins for its table.
     *
     * @param value what happens to the stateful resources (tables, the idempotency table, log groups, the alarm topic's
     *     key) when they leave the stack
     * @return this builder
     * @default RemovalPolicy.RETAIN
     * @see ConsistentCrudApiProps#getRemovalPolicy()
     */
    public B removalPolicy(RemovalPolicy value) {
        values.removalPolicy = value;
        return self();
    }

    /**
     * The API's endpoint type. Only REGIONAL and PRIVATE endpoints can have an integration timeout above 29 s.
     *
     * @param value the API's endpoint type
     * @return this builder
     * @default EndpointType.REGIONAL
     * @see ConsistentCrudApiProps#getEndpointType()
     */
    public B endpointType(EndpointType value) {
        values.endpointType = value;
        return self();
    }

    /**
     * A resource policy for the API; required for a PRIVATE endpoint (to allow its VPC endpoints).
     *
     * @param value a resource policy for the API
     * @return this builder
     * @default - no resource policy
     * @see ConsistentCrudApiProps#getApiPolicy()
     */
    public B apiPolicy(PolicyDocument value) {
        values.apiPolicy = value;
        return self();
    }

    /**
     * The name of the deployment stage.
     *
     * @param value the name of the deployment stage
     * @return this builder
     * @default "prod"
     * @see ConsistentCrudApiProps#getStageName()
     */
    public B stageName(String value) {
        values.stageName = value;
        return self();
    }

    /**
     * Steady-state requests per second the stage allows, for every method.
     *
     * @param value steady-state requests per second the stage allows, for every method
     * @return this builder
     * @default 100
     * @see ConsistentCrudApiProps#getThrottlingRateLimit()
     */
    public B throttlingRateLimit(Number value) {
        values.throttlingRateLimit = value;
        return self();
    }

    /**
     * Burst of requests the stage allows, for every method.
     *
     * @param value burst of requests the stage allows, for every method
     * @return this builder
     * @default 200
     * @see ConsistentCrudApiProps#getThrottlingBurstLimit()
     */
    public B throttlingBurstLimit(Number value) {
        values.throttlingBurstLimit = value;
        return self();
    }

    /**
     * How callers authenticate. {@link ApiAuthorization#none()} must be chosen explicitly and adds a warning.
     *
     * @param value how callers authenticate
     * @return this builder
     * @default ApiAuthorization.iam()
     * @see ConsistentCrudApiProps#getAuthorization()
     */
    public B authorization(ApiAuthorization value) {
        values.authorization = value;
        return self();
    }

    /**
     * CORS preflight options for every resource; the preflight (OPTIONS) methods carry no authorization.
     *
     * @param value CORS preflight options for every resource
     * @return this builder
     * @default - no CORS preflight
     * @see ConsistentCrudApiProps#getCors()
     */
    public B cors(CorsOptions value) {
        values.cors = value;
        return self();
    }

    /**
     * Whether API Gateway rejects requests that lack the required path parameters before they reach the Lambda.
     *
     * @param value whether API Gateway rejects requests that lack the required path parameters before they reach the
     *     Lambda
     * @return this builder
     * @default true
     * @see ConsistentCrudApiProps#getRequestValidation()
     */
    public B requestValidation(Boolean value) {
        values.requestValidation = value;
        return self();
    }

    // ---- custom domain and usage plans (issue 22)

    /**
     * Sets {@link ConsistentCrudApiProps#getCustomDomain()}.
     *
     * @param value the custom domain
     * @return this builder
     */
    public B customDomain(CustomDomainOptions value) {
        values.customDomain = value;
        return self();
    }

    /**
     * Sets {@link ConsistentCrudApiProps#getUsagePlans()}.
     *
     * @param value the usage plans
     * @return this builder
     */
    public B usagePlans(List<UsagePlanOptions> value) {
        values.usagePlans = value == null ? null : List.copyOf(value);
        return self();
    }

    /**
     * The ARN of a WAFv2 web ACL (scope REGIONAL) to associate with the stage.
     *
     * @param value the ARN of a WAFv2 web ACL (scope REGIONAL) to associate with the stage
     * @return this builder
     * @default - no web ACL
     * @see ConsistentCrudApiProps#getWebAclArn()
     */
    public B webAclArn(String value) {
        values.webAclArn = value;
        return self();
    }

    /**
     * How long the API's access logs and the function's logs are kept.
     *
     * @param value how long the API's access logs and the function's logs are kept
     * @return this builder
     * @default RetentionDays.ONE_YEAR
     * @see ConsistentCrudApiProps#getLogRetention()
     */
    public B logRetention(RetentionDays value) {
        values.logRetention = value;
        return self();
    }

    /**
     * Whether to create the account's API Gateway CloudWatch role (with an inline, execution-log-only policy) and set
     * it in the account's API Gateway settings ({@code AWS::ApiGateway::Account}).
     *
     * <p>The stage logs executions at ERROR, which needs that role once per account and region. It is an account
     * setting, not a per-API one: two stacks (or two APIs in one stack) that each set it fight over it, and deleting
     * one stack breaks logging for every API of the account. So it is off, as in aws-cdk-lib's own {@code RestApi};
     * turn it on in exactly one stack per account and region (e.g. the platform's baseline stack), or set the role
     * once in the account's API Gateway settings. A stage deployed into an account without the role fails with
     * "CloudWatch Logs role ARN must be set in account settings".
     *
     * @param value whether to create the account's API Gateway CloudWatch role (with an inline, execution-log-only
     *     policy) and set it in the account's API Gateway settings ({@code AWS::ApiGateway::Account})
     * @return this builder
     * @default false
     * @see ConsistentCrudApiProps#getApiGatewayCloudWatchRole()
     */
    public B apiGatewayCloudWatchRole(Boolean value) {
        values.apiGatewayCloudWatchRole = value;
        return self();
    }

    /**
     * The timeout of the API's clients, when known; it must be above the integration timeout.
     *
     * @param value the timeout of the API's clients, when known
     * @return this builder
     * @default - not checked; see {@link TimeoutBudget#getMinimumClientTimeout()}
     * @see ConsistentCrudApiProps#getClientTimeout()
     */
    public B clientTimeout(Duration value) {
        values.clientTimeout = value;
        return self();
    }

    /**
     * API Gateway's integration timeout. Above 29 s only on REGIONAL or PRIVATE endpoints and only with {@link
     * ConsistentCrudApiProps#getIntegrationTimeoutQuotaAcknowledged()}.
     *
     * @param value API Gateway's integration timeout
     * @return this builder
     * @default - the Lambda timeout plus the cold-start allowance when the Lambda timeout is set, else 29 s
     * @see ConsistentCrudApiProps#getIntegrationTimeout()
     */
    public B integrationTimeout(Duration value) {
        values.integrationTimeout = value;
        return self();
    }

    /**
     * Acknowledges that the account's integration timeout quota was raised above 29 s.
     *
     * @param value acknowledges that the account's integration timeout quota was raised above 29 s
     * @return this builder
     * @default false
     * @see ConsistentCrudApiProps#getIntegrationTimeoutQuotaAcknowledged()
     */
    public B integrationTimeoutQuotaAcknowledged(Boolean value) {
        values.integrationTimeoutQuotaAcknowledged = value;
        return self();
    }

    /**
     * How much of the integration timeout a cold start may use before the handler runs.
     *
     * @param value how much of the integration timeout a cold start may use before the handler runs
     * @return this builder
     * @default - 2 s with SnapStart, 5 s without
     * @see ConsistentCrudApiProps#getColdStartAllowance()
     */
    public B coldStartAllowance(Duration value) {
        values.coldStartAllowance = value;
        return self();
    }

    /**
     * The Lambda function's timeout, whole seconds.
     *
     * @param value the Lambda function's timeout, whole seconds
     * @return this builder
     * @default - the integration timeout minus the cold-start allowance, rounded down to whole seconds
     * @see ConsistentCrudApiProps#getLambdaTimeout()
     */
    public B lambdaTimeout(Duration value) {
        values.lambdaTimeout = value;
        return self();
    }

    /**
     * The DynamoDB SDK call timeout: all attempts and backoff of one call.
     *
     * @param value the DynamoDB SDK call timeout
     * @return this builder
     * @default - attempts x attempt timeout + the worst-case backoff
     * @see ConsistentCrudApiProps#getSdkCallTimeout()
     */
    public B sdkCallTimeout(Duration value) {
        values.sdkCallTimeout = value;
        return self();
    }

    /**
     * The DynamoDB SDK attempt timeout.
     *
     * @param value the DynamoDB SDK attempt timeout
     * @return this builder
     * @default - (call timeout - backoff) / attempts when the call timeout is set, else 2 s (less when the Lambda
     *     timeout is short)
     * @see ConsistentCrudApiProps#getSdkAttemptTimeout()
     */
    public B sdkAttemptTimeout(Duration value) {
        values.sdkAttemptTimeout = value;
        return self();
    }

    /**
     * DynamoDB SDK attempts per call, the first included; 1 to 10.
     *
     * @param value dynamoDB SDK attempts per call, the first included
     * @return this builder
     * @default 3
     * @see ConsistentCrudApiProps#getSdkMaxAttempts()
     */
    public B sdkMaxAttempts(Integer value) {
        values.sdkMaxAttempts = value;
        return self();
    }

    /**
     * The function's memory in MB; CPU grows with it.
     *
     * @param value the function's memory in MB
     * @return this builder
     * @default 1024
     * @see ConsistentCrudApiProps#getMemorySize()
     */
    public B memorySize(Number value) {
        values.memorySize = value;
        return self();
    }

    /**
     * The function's instruction set.
     *
     * @param value the function's instruction set
     * @return this builder
     * @default Architecture.ARM_64
     * @see ConsistentCrudApiProps#getArchitecture()
     */
    public B architecture(Architecture value) {
        values.architecture = value;
        return self();
    }

    /**
     * Concurrency reserved for the function; also the limit the concurrency alarm compares with.
     *
     * @param value concurrency reserved for the function
     * @return this builder
     * @default - no reservation (the account's unreserved pool)
     * @see ConsistentCrudApiProps#getReservedConcurrentExecutions()
     */
    public B reservedConcurrentExecutions(Number value) {
        values.reservedConcurrentExecutions = value;
        return self();
    }

    /**
     * How a new version of the function reaches the alias the API calls: by default a CodeDeploy canary (10% for 5
     * minutes) that rolls back on the construct's alarms; {@link GradualDeployment#allAtOnce()} for none.
     *
     * @param value how a new version reaches the alias
     * @return this builder
     * @default GradualDeployment.canaryDefault()
     * @see ConsistentCrudApiProps#getGradualDeployment()
     */
    public B gradualDeployment(GradualDeployment value) {
        values.gradualDeployment = value;
        return self();
    }

    /**
     * Whether SnapStart snapshots published versions; the API always calls the alias of the current version.
     *
     * @param value whether SnapStart snapshots published versions
     * @return this builder
     * @default true
     * @see ConsistentCrudApiProps#getSnapStart()
     */
    public B snapStart(Boolean value) {
        values.snapStart = value;
        return self();
    }

    /**
     * The VPC to run the function in, e.g. to reach DynamoDB through a gateway endpoint or to meet a network policy.
     * The function's role gets only the network-interface actions Lambda needs there.
     *
     * @param value the VPC to run the function in, e.g
     * @return this builder
     * @default - not in a VPC
     * @see ConsistentCrudApiProps#getVpc()
     */
    public B vpc(IVpc value) {
        values.vpc = value;
        return self();
    }

    /**
     * Where in {@link ConsistentCrudApiProps#getVpc()} the function's network interfaces go; needs {@link
     * ConsistentCrudApiProps#getVpc()}.
     *
     * @param value where in {@link ConsistentCrudApiProps#getVpc()} the function's network interfaces go
     * @return this builder
     * @default - the VPC's private subnets (CDK's choice for a Lambda function)
     * @see ConsistentCrudApiProps#getVpcSubnets()
     */
    public B vpcSubnets(SubnetSelection value) {
        values.vpcSubnets = value;
        return self();
    }

    /**
     * The function's security groups in {@link ConsistentCrudApiProps#getVpc()}; needs {@link
     * ConsistentCrudApiProps#getVpc()}.
     *
     * @param value the function's security groups in {@link ConsistentCrudApiProps#getVpc()}
     * @return this builder
     * @default - one security group created for the function, all outbound traffic allowed
     * @see ConsistentCrudApiProps#getSecurityGroups()
     */
    public B securityGroups(List<? extends ISecurityGroup> value) {
        values.securityGroups = value == null ? null : List.copyOf(value);
        return self();
    }

    /**
     * Extra environment variables of the function, e.g. for your own handler ({@link ConsistentCrudApiProps#getCode()})
     * or an agent.
     * Names starting with {@code CCA_} are the runtime's and are refused, as are Lambda's reserved names.
     *
     * @param value extra environment variables of the function, e.g
     * @return this builder
     * @default - none besides the runtime's
     * @see ConsistentCrudApiProps#getEnvironment()
     */
    public B environment(Map<String, String> value) {
        // Sorted: a hash map's order would differ between JVMs, and so would the template.
        values.environment = value == null ? null : Collections.unmodifiableMap(new TreeMap<>(value));
        return self();
    }

    /**
     * The function's code, to run your own handler on the runtime.
     *
     * @param value the function's code, to run your own handler on the runtime
     * @return this builder
     * @default - the runtime jar embedded in this library
     * @see ConsistentCrudApiProps#getCode()
     */
    public B code(Code value) {
        values.code = value;
        return self();
    }

    /**
     * The function's handler; set it together with {@link ConsistentCrudApiProps#getCode()}.
     *
     * @param value the function's handler
     * @return this builder
     * @default "io.consistentcrud.runtime.http.LambdaEntry::handleRequest"
     * @see ConsistentCrudApiProps#getHandler()
     */
    public B handler(String value) {
        values.handler = value;
        return self();
    }

    /**
     * How long an {@code Idempotency-Key} replays its first outcome (G5); whole seconds.
     *
     * @param value how long an {@code Idempotency-Key} replays its first outcome (G5)
     * @return this builder
     * @default Duration.hours(24)
     * @see ConsistentCrudApiProps#getIdempotencyWindow()
     */
    public B idempotencyWindow(Duration value) {
        values.idempotencyWindow = value;
        return self();
    }

    /**
     * The value of the {@code Service} dimension of the runtime's metrics.
     *
     * @param value the value of the {@code Service} dimension of the runtime's metrics
     * @return this builder
     * @default - the construct path with '/' replaced by '-'
     * @see ConsistentCrudApiProps#getServiceName()
     */
    public B serviceName(String value) {
        values.serviceName = value;
        return self();
    }

    /**
     * The CloudWatch namespace of the runtime's embedded metrics.
     *
     * @param value the CloudWatch namespace of the runtime's embedded metrics
     * @return this builder
     * @default "ConsistentCrudApi"
     * @see ConsistentCrudApiProps#getMetricsNamespace()
     */
    public B metricsNamespace(String value) {
        values.metricsNamespace = value;
        return self();
    }

    /**
     * Whether the construct creates its alarms.
     *
     * @param value whether the construct creates its alarms
     * @return this builder
     * @default true
     * @see ConsistentCrudApiProps#getAlarmsEnabled()
     */
    public B alarmsEnabled(Boolean value) {
        values.alarmsEnabled = value;
        return self();
    }

    /**
     * The SNS topic the alarms notify.
     *
     * @param value the SNS topic the alarms notify
     * @return this builder
     * @default - an encrypted, SSL-only topic created by the construct
     * @see ConsistentCrudApiProps#getAlarmTopic()
     */
    public B alarmTopic(ITopic value) {
        values.alarmTopic = value;
        return self();
    }

    /**
     * Thresholds of the alarms, each overridable.
     *
     * @param value thresholds of the alarms, each overridable
     * @return this builder
     * @default AlarmThresholds.defaults()
     * @see ConsistentCrudApiProps#getAlarmThresholds()
     */
    public B alarmThresholds(AlarmThresholds value) {
        values.alarmThresholds = value;
        return self();
    }

    /**
     * Whether the construct records an audit trail: a consumer of every entity table's stream writes one JSON event
     * per change (who, when, which request, which attributes) to its own log group. See {@link AuditTrail}.
     *
     * @param value whether the construct records an audit trail
     * @return this builder
     * @default true
     * @see ConsistentCrudApiProps#getAuditTrail()
     */
    public B auditTrail(Boolean value) {
        values.auditTrail = value;
        return self();
    }

    /**
     * How the audit trail records changes: values included or not, redacted attributes, retention, encryption.
     *
     * @param value how the audit trail records changes
     * @return this builder
     * @default - names only, no redaction, one year's retention, CloudWatch Logs' own encryption
     * @see ConsistentCrudApiProps#getAuditTrailOptions()
     */
    public B auditTrailOptions(AuditTrailOptions value) {
        values.auditTrailOptions = value;
        return self();
    }

    /**
     * Whether the construct creates a CloudWatch dashboard of the same signals as the alarms.
     *
     * @param value whether the construct creates a CloudWatch dashboard of the same signals as the alarms
     * @return this builder
     * @default true
     * @see ConsistentCrudApiProps#getDashboardEnabled()
     */
    public B dashboardEnabled(Boolean value) {
        values.dashboardEnabled = value;
        return self();
    }

    /**
     * The dashboard's name.
     *
     * @param value the dashboard's name
     * @return this builder
     * @default - generated by CloudFormation
     * @see ConsistentCrudApiProps#getDashboardName()
     */
    public B dashboardName(String value) {
        values.dashboardName = value;
        return self();
    }
}
