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
 * Properties of a {@link ConsistentCrudApi}. Only {@link #getEntities()} is required; every other property has a
 * hardened default, documented with {@code @default}.
 *
 * <p>The timeout properties form the checked {@link TimeoutBudget} (G7): set the ones you care about, the construct
 * derives the others and fails synth when the chain would let a request commit after its caller gave up.
 */
public interface ConsistentCrudApiProps {

    /** The entities the API serves; at least one. Each gets its own table and resources under {@code /name}. */
    List<EntitySpec> getEntities();

    /**
     * What happens to the stateful resources (tables, the idempotency table, log groups, the alarm topic's key) when they leave the stack. An entity's own removal policy wins for its table.
     *
     * @default RemovalPolicy.RETAIN
     */
    default RemovalPolicy getRemovalPolicy() {
        return RemovalPolicy.RETAIN;
    }

    /**
     * The API's endpoint type. Only REGIONAL and PRIVATE endpoints can have an integration timeout above 29 s.
     *
     * @default EndpointType.REGIONAL
     */
    default EndpointType getEndpointType() {
        return EndpointType.REGIONAL;
    }

    /**
     * A resource policy for the API; required for a PRIVATE endpoint (to allow its VPC endpoints).
     *
     * @default - no resource policy
     */
    default PolicyDocument getApiPolicy() {
        return null;
    }

    /**
     * The name of the deployment stage.
     *
     * @default "prod"
     */
    default String getStageName() {
        return "prod";
    }

    /**
     * Steady-state requests per second the stage allows, for every method.
     *
     * @default 100
     */
    default Number getThrottlingRateLimit() {
        return 100;
    }

    /**
     * Burst of requests the stage allows, for every method.
     *
     * @default 200
     */
    default Number getThrottlingBurstLimit() {
        return 200;
    }

    /**
     * How callers authenticate. {@link ApiAuthorization#none()} must be chosen explicitly and adds a warning.
     *
     * @default ApiAuthorization.iam()
     */
    default ApiAuthorization getAuthorization() {
        return ApiAuthorization.iam();
    }

    /**
     * CORS preflight options for every resource; the preflight (OPTIONS) methods carry no authorization.
     *
     * @default - no CORS preflight
     */
    default CorsOptions getCors() {
        return null;
    }

    /**
     * Whether API Gateway rejects requests that lack the required path parameters before they reach the Lambda.
     *
     * @default true
     */
    default Boolean getRequestValidation() {
        return true;
    }

    /**
     * The ARN of a WAFv2 web ACL (scope REGIONAL) to associate with the stage.
     *
     * @default - no web ACL
     */
    default String getWebAclArn() {
        return null;
    }

    /**
     * How long the API's access logs and the function's logs are kept.
     *
     * @default RetentionDays.ONE_YEAR
     */
    default RetentionDays getLogRetention() {
        return RetentionDays.ONE_YEAR;
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
     * @default false
     */
    default Boolean getApiGatewayCloudWatchRole() {
        return false;
    }

    /**
     * The timeout of the API's clients, when known; it must be above the integration timeout.
     *
     * @default - not checked; see {@link TimeoutBudget#getMinimumClientTimeout()}
     */
    default Duration getClientTimeout() {
        return null;
    }

    /**
     * API Gateway's integration timeout. Above 29 s only on REGIONAL or PRIVATE endpoints and only with {@link #getIntegrationTimeoutQuotaAcknowledged()}.
     *
     * @default - the Lambda timeout plus the cold-start allowance when the Lambda timeout is set, else 29 s
     */
    default Duration getIntegrationTimeout() {
        return null;
    }

    /**
     * Acknowledges that the account's integration timeout quota was raised above 29 s.
     *
     * @default false
     */
    default Boolean getIntegrationTimeoutQuotaAcknowledged() {
        return false;
    }

    /**
     * How much of the integration timeout a cold start may use before the handler runs.
     *
     * @default - 2 s with SnapStart, 5 s without
     */
    default Duration getColdStartAllowance() {
        return null;
    }

    /**
     * The Lambda function's timeout, whole seconds.
     *
     * @default - the integration timeout minus the cold-start allowance, rounded down to whole seconds
     */
    default Duration getLambdaTimeout() {
        return null;
    }

    /**
     * The DynamoDB SDK call timeout: all attempts and backoff of one call.
     *
     * @default - attempts x attempt timeout + the worst-case backoff
     */
    default Duration getSdkCallTimeout() {
        return null;
    }

    /**
     * The DynamoDB SDK attempt timeout.
     *
     * @default - (call timeout - backoff) / attempts when the call timeout is set, else 2 s (less when the Lambda timeout is short)
     */
    default Duration getSdkAttemptTimeout() {
        return null;
    }

    /**
     * DynamoDB SDK attempts per call, the first included; 1 to 10.
     *
     * @default 3
     */
    default Integer getSdkMaxAttempts() {
        return null;
    }

    /**
     * The function's memory in MB; CPU grows with it.
     *
     * @default 1024
     */
    default Number getMemorySize() {
        return 1024;
    }

    /**
     * The function's instruction set.
     *
     * @default Architecture.ARM_64
     */
    default Architecture getArchitecture() {
        return Architecture.ARM_64;
    }

    /**
     * Concurrency reserved for the function; also the limit the concurrency alarm compares with.
     *
     * @default - no reservation (the account's unreserved pool)
     */
    default Number getReservedConcurrentExecutions() {
        return null;
    }

    /**
     * Whether SnapStart snapshots published versions; the API always calls the alias of the current version.
     *
     * @default true
     */
    default Boolean getSnapStart() {
        return true;
    }

    /**
     * The VPC to run the function in, e.g. to reach DynamoDB through a gateway endpoint or to meet a network policy.
     * The function's role gets only the network-interface actions Lambda needs there.
     *
     * @default - not in a VPC
     */
    default IVpc getVpc() {
        return null;
    }

    /**
     * Where in {@link #getVpc()} the function's network interfaces go; needs {@link #getVpc()}.
     *
     * @default - the VPC's private subnets (CDK's choice for a Lambda function)
     */
    default SubnetSelection getVpcSubnets() {
        return null;
    }

    /**
     * The function's security groups in {@link #getVpc()}; needs {@link #getVpc()}.
     *
     * @default - one security group created for the function, all outbound traffic allowed
     */
    default List<ISecurityGroup> getSecurityGroups() {
        return null;
    }

    /**
     * Extra environment variables of the function, e.g. for your own handler ({@link #getCode()}) or an agent.
     * Names starting with {@code CCA_} are the runtime's and are refused, as are Lambda's reserved names.
     *
     * @default - none besides the runtime's
     */
    default Map<String, String> getEnvironment() {
        return Map.of();
    }

    /**
     * The function's code, to run your own handler on the runtime.
     *
     * @default - the runtime jar embedded in this library
     */
    default Code getCode() {
        return null;
    }

    /**
     * The function's handler; set it together with {@link #getCode()}.
     *
     * @default "io.consistentcrud.runtime.http.LambdaEntry::handleRequest"
     */
    default String getHandler() {
        return null;
    }

    /**
     * How long an {@code Idempotency-Key} replays its first outcome (G5); whole seconds.
     *
     * @default Duration.hours(24)
     */
    default Duration getIdempotencyWindow() {
        return Duration.hours(24);
    }

    /**
     * The value of the {@code Service} dimension of the runtime's metrics.
     *
     * @default - the construct path with '/' replaced by '-'
     */
    default String getServiceName() {
        return null;
    }

    /**
     * The CloudWatch namespace of the runtime's embedded metrics.
     *
     * @default "ConsistentCrudApi"
     */
    default String getMetricsNamespace() {
        return RuntimeMetrics.DEFAULT_NAMESPACE;
    }

    /**
     * Whether the construct creates its alarms.
     *
     * @default true
     */
    default Boolean getAlarmsEnabled() {
        return true;
    }

    /**
     * The SNS topic the alarms notify.
     *
     * @default - an encrypted, SSL-only topic created by the construct
     */
    default ITopic getAlarmTopic() {
        return null;
    }

    /**
     * Thresholds of the alarms, each overridable.
     *
     * @default AlarmThresholds.defaults()
     */
    default AlarmThresholds getAlarmThresholds() {
        return AlarmThresholds.defaults();
    }

    /**
     * Whether the construct records an audit trail: a consumer of every entity table's stream writes one JSON event
     * per change (who, when, which request, which attributes) to its own log group. See {@link AuditTrail}.
     *
     * @default true
     */
    default Boolean getAuditTrail() {
        return true;
    }

    /**
     * How the audit trail records changes: values included or not, redacted attributes, retention, encryption.
     *
     * @default - names only, no redaction, one year's retention, CloudWatch Logs' own encryption
     */
    default AuditTrailOptions getAuditTrailOptions() {
        return AuditTrailOptions.builder().build();
    }

    /**
     * Whether the construct creates a CloudWatch dashboard of the same signals as the alarms.
     *
     * @default true
     */
    default Boolean getDashboardEnabled() {
        return true;
    }

    /**
     * The dashboard's name.
     *
     * @default - generated by CloudFormation
     */
    default String getDashboardName() {
        return null;
    }

    /** A new builder. */
    static Builder builder() {
        return new Builder();
    }

    /** Builder of {@link ConsistentCrudApiProps}; unset (or null) properties keep their defaults. */
    final class Builder {
        private List<EntitySpec> entities;
        private RemovalPolicy removalPolicy;
        private EndpointType endpointType;
        private PolicyDocument apiPolicy;
        private String stageName;
        private Number throttlingRateLimit;
        private Number throttlingBurstLimit;
        private ApiAuthorization authorization;
        private CorsOptions cors;
        private Boolean requestValidation;
        private String webAclArn;
        private RetentionDays logRetention;
        private Boolean apiGatewayCloudWatchRole;
        private Duration clientTimeout;
        private Duration integrationTimeout;
        private Boolean integrationTimeoutQuotaAcknowledged;
        private Duration coldStartAllowance;
        private Duration lambdaTimeout;
        private Duration sdkCallTimeout;
        private Duration sdkAttemptTimeout;
        private Integer sdkMaxAttempts;
        private Number memorySize;
        private Architecture architecture;
        private Number reservedConcurrentExecutions;
        private Boolean snapStart;
        private IVpc vpc;
        private SubnetSelection vpcSubnets;
        private List<ISecurityGroup> securityGroups;
        private Map<String, String> environment;
        private Code code;
        private String handler;
        private Duration idempotencyWindow;
        private String serviceName;
        private String metricsNamespace;
        private Boolean alarmsEnabled;
        private ITopic alarmTopic;
        private AlarmThresholds alarmThresholds;
        private Boolean dashboardEnabled;
        private Boolean auditTrail;
        private AuditTrailOptions auditTrailOptions;
        private String dashboardName;

        private Builder() {
        }

        /**
         * @param entities required
         * @return this builder
         * @see ConsistentCrudApiProps#getEntities()
         */
        public Builder entities(List<? extends EntitySpec> entities) {
            this.entities = entities == null ? null : List.copyOf(entities);
            return this;
        }

        /**
         * @param removalPolicy default RemovalPolicy.RETAIN
         * @return this builder
         * @see ConsistentCrudApiProps#getRemovalPolicy()
         */
        public Builder removalPolicy(RemovalPolicy removalPolicy) {
            this.removalPolicy = removalPolicy;
            return this;
        }

        /**
         * @param endpointType default EndpointType.REGIONAL
         * @return this builder
         * @see ConsistentCrudApiProps#getEndpointType()
         */
        public Builder endpointType(EndpointType endpointType) {
            this.endpointType = endpointType;
            return this;
        }

        /**
         * @param apiPolicy default - no resource policy
         * @return this builder
         * @see ConsistentCrudApiProps#getApiPolicy()
         */
        public Builder apiPolicy(PolicyDocument apiPolicy) {
            this.apiPolicy = apiPolicy;
            return this;
        }

        /**
         * @param stageName default "prod"
         * @return this builder
         * @see ConsistentCrudApiProps#getStageName()
         */
        public Builder stageName(String stageName) {
            this.stageName = stageName;
            return this;
        }

        /**
         * @param throttlingRateLimit default 100
         * @return this builder
         * @see ConsistentCrudApiProps#getThrottlingRateLimit()
         */
        public Builder throttlingRateLimit(Number throttlingRateLimit) {
            this.throttlingRateLimit = throttlingRateLimit;
            return this;
        }

        /**
         * @param throttlingBurstLimit default 200
         * @return this builder
         * @see ConsistentCrudApiProps#getThrottlingBurstLimit()
         */
        public Builder throttlingBurstLimit(Number throttlingBurstLimit) {
            this.throttlingBurstLimit = throttlingBurstLimit;
            return this;
        }

        /**
         * @param authorization default ApiAuthorization.iam()
         * @return this builder
         * @see ConsistentCrudApiProps#getAuthorization()
         */
        public Builder authorization(ApiAuthorization authorization) {
            this.authorization = authorization;
            return this;
        }

        /**
         * @param cors default - no CORS preflight
         * @return this builder
         * @see ConsistentCrudApiProps#getCors()
         */
        public Builder cors(CorsOptions cors) {
            this.cors = cors;
            return this;
        }

        /**
         * @param requestValidation default true
         * @return this builder
         * @see ConsistentCrudApiProps#getRequestValidation()
         */
        public Builder requestValidation(Boolean requestValidation) {
            this.requestValidation = requestValidation;
            return this;
        }

        /**
         * @param webAclArn default - no web ACL
         * @return this builder
         * @see ConsistentCrudApiProps#getWebAclArn()
         */
        public Builder webAclArn(String webAclArn) {
            this.webAclArn = webAclArn;
            return this;
        }

        /**
         * @param logRetention default RetentionDays.ONE_YEAR
         * @return this builder
         * @see ConsistentCrudApiProps#getLogRetention()
         */
        public Builder logRetention(RetentionDays logRetention) {
            this.logRetention = logRetention;
            return this;
        }

        /**
         * @param apiGatewayCloudWatchRole default false
         * @return this builder
         * @see ConsistentCrudApiProps#getApiGatewayCloudWatchRole()
         */
        public Builder apiGatewayCloudWatchRole(Boolean apiGatewayCloudWatchRole) {
            this.apiGatewayCloudWatchRole = apiGatewayCloudWatchRole;
            return this;
        }

        /**
         * @param clientTimeout default - not checked; see {@link TimeoutBudget#getMinimumClientTimeout()}
         * @return this builder
         * @see ConsistentCrudApiProps#getClientTimeout()
         */
        public Builder clientTimeout(Duration clientTimeout) {
            this.clientTimeout = clientTimeout;
            return this;
        }

        /**
         * @param integrationTimeout default - the Lambda timeout plus the cold-start allowance when the Lambda timeout is set, else 29 s
         * @return this builder
         * @see ConsistentCrudApiProps#getIntegrationTimeout()
         */
        public Builder integrationTimeout(Duration integrationTimeout) {
            this.integrationTimeout = integrationTimeout;
            return this;
        }

        /**
         * @param integrationTimeoutQuotaAcknowledged default false
         * @return this builder
         * @see ConsistentCrudApiProps#getIntegrationTimeoutQuotaAcknowledged()
         */
        public Builder integrationTimeoutQuotaAcknowledged(Boolean integrationTimeoutQuotaAcknowledged) {
            this.integrationTimeoutQuotaAcknowledged = integrationTimeoutQuotaAcknowledged;
            return this;
        }

        /**
         * @param coldStartAllowance default - 2 s with SnapStart, 5 s without
         * @return this builder
         * @see ConsistentCrudApiProps#getColdStartAllowance()
         */
        public Builder coldStartAllowance(Duration coldStartAllowance) {
            this.coldStartAllowance = coldStartAllowance;
            return this;
        }

        /**
         * @param lambdaTimeout default - the integration timeout minus the cold-start allowance, rounded down to whole seconds
         * @return this builder
         * @see ConsistentCrudApiProps#getLambdaTimeout()
         */
        public Builder lambdaTimeout(Duration lambdaTimeout) {
            this.lambdaTimeout = lambdaTimeout;
            return this;
        }

        /**
         * @param sdkCallTimeout default - attempts x attempt timeout + the worst-case backoff
         * @return this builder
         * @see ConsistentCrudApiProps#getSdkCallTimeout()
         */
        public Builder sdkCallTimeout(Duration sdkCallTimeout) {
            this.sdkCallTimeout = sdkCallTimeout;
            return this;
        }

        /**
         * @param sdkAttemptTimeout default - (call timeout - backoff) / attempts when the call timeout is set, else 2 s (less when the Lambda timeout is short)
         * @return this builder
         * @see ConsistentCrudApiProps#getSdkAttemptTimeout()
         */
        public Builder sdkAttemptTimeout(Duration sdkAttemptTimeout) {
            this.sdkAttemptTimeout = sdkAttemptTimeout;
            return this;
        }

        /**
         * @param sdkMaxAttempts default 3
         * @return this builder
         * @see ConsistentCrudApiProps#getSdkMaxAttempts()
         */
        public Builder sdkMaxAttempts(Integer sdkMaxAttempts) {
            this.sdkMaxAttempts = sdkMaxAttempts;
            return this;
        }

        /**
         * @param memorySize default 1024
         * @return this builder
         * @see ConsistentCrudApiProps#getMemorySize()
         */
        public Builder memorySize(Number memorySize) {
            this.memorySize = memorySize;
            return this;
        }

        /**
         * @param architecture default Architecture.ARM_64
         * @return this builder
         * @see ConsistentCrudApiProps#getArchitecture()
         */
        public Builder architecture(Architecture architecture) {
            this.architecture = architecture;
            return this;
        }

        /**
         * @param reservedConcurrentExecutions default - no reservation (the account's unreserved pool)
         * @return this builder
         * @see ConsistentCrudApiProps#getReservedConcurrentExecutions()
         */
        public Builder reservedConcurrentExecutions(Number reservedConcurrentExecutions) {
            this.reservedConcurrentExecutions = reservedConcurrentExecutions;
            return this;
        }

        /**
         * @param snapStart default true
         * @return this builder
         * @see ConsistentCrudApiProps#getSnapStart()
         */
        public Builder snapStart(Boolean snapStart) {
            this.snapStart = snapStart;
            return this;
        }

        /**
         * @param vpc default - not in a VPC
         * @return this builder
         * @see ConsistentCrudApiProps#getVpc()
         */
        public Builder vpc(IVpc vpc) {
            this.vpc = vpc;
            return this;
        }

        /**
         * @param vpcSubnets default - the VPC's private subnets (CDK's choice for a Lambda function)
         * @return this builder
         * @see ConsistentCrudApiProps#getVpcSubnets()
         */
        public Builder vpcSubnets(SubnetSelection vpcSubnets) {
            this.vpcSubnets = vpcSubnets;
            return this;
        }

        /**
         * @param securityGroups default - one security group created for the function, all outbound traffic allowed
         * @return this builder
         * @see ConsistentCrudApiProps#getSecurityGroups()
         */
        public Builder securityGroups(List<? extends ISecurityGroup> securityGroups) {
            this.securityGroups = securityGroups == null ? null : List.copyOf(securityGroups);
            return this;
        }

        /**
         * @param environment default - none besides the runtime's
         * @return this builder
         * @see ConsistentCrudApiProps#getEnvironment()
         */
        public Builder environment(Map<String, String> environment) {
            // Sorted: a hash map's order would differ between JVMs, and so would the template.
            this.environment = environment == null ? null : Collections.unmodifiableMap(new TreeMap<>(environment));
            return this;
        }

        /**
         * @param code default - the runtime jar embedded in this library
         * @return this builder
         * @see ConsistentCrudApiProps#getCode()
         */
        public Builder code(Code code) {
            this.code = code;
            return this;
        }

        /**
         * @param handler default "io.consistentcrud.runtime.http.LambdaEntry::handleRequest"
         * @return this builder
         * @see ConsistentCrudApiProps#getHandler()
         */
        public Builder handler(String handler) {
            this.handler = handler;
            return this;
        }

        /**
         * @param idempotencyWindow default Duration.hours(24)
         * @return this builder
         * @see ConsistentCrudApiProps#getIdempotencyWindow()
         */
        public Builder idempotencyWindow(Duration idempotencyWindow) {
            this.idempotencyWindow = idempotencyWindow;
            return this;
        }

        /**
         * @param serviceName default - the construct path with '/' replaced by '-'
         * @return this builder
         * @see ConsistentCrudApiProps#getServiceName()
         */
        public Builder serviceName(String serviceName) {
            this.serviceName = serviceName;
            return this;
        }

        /**
         * @param metricsNamespace default "ConsistentCrudApi"
         * @return this builder
         * @see ConsistentCrudApiProps#getMetricsNamespace()
         */
        public Builder metricsNamespace(String metricsNamespace) {
            this.metricsNamespace = metricsNamespace;
            return this;
        }

        /**
         * @param alarmsEnabled default true
         * @return this builder
         * @see ConsistentCrudApiProps#getAlarmsEnabled()
         */
        public Builder alarmsEnabled(Boolean alarmsEnabled) {
            this.alarmsEnabled = alarmsEnabled;
            return this;
        }

        /**
         * @param alarmTopic default - an encrypted, SSL-only topic created by the construct
         * @return this builder
         * @see ConsistentCrudApiProps#getAlarmTopic()
         */
        public Builder alarmTopic(ITopic alarmTopic) {
            this.alarmTopic = alarmTopic;
            return this;
        }

        /**
         * @param alarmThresholds default AlarmThresholds.defaults()
         * @return this builder
         * @see ConsistentCrudApiProps#getAlarmThresholds()
         */
        public Builder alarmThresholds(AlarmThresholds alarmThresholds) {
            this.alarmThresholds = alarmThresholds;
            return this;
        }

        /**
         * @param auditTrail default true
         * @return this builder
         * @see ConsistentCrudApiProps#getAuditTrail()
         */
        public Builder auditTrail(Boolean auditTrail) {
            this.auditTrail = auditTrail;
            return this;
        }

        /**
         * @param auditTrailOptions default names only, one year's retention
         * @return this builder
         * @see ConsistentCrudApiProps#getAuditTrailOptions()
         */
        public Builder auditTrailOptions(AuditTrailOptions auditTrailOptions) {
            this.auditTrailOptions = auditTrailOptions;
            return this;
        }

        /**
         * @param dashboardEnabled default true
         * @return this builder
         * @see ConsistentCrudApiProps#getDashboardEnabled()
         */
        public Builder dashboardEnabled(Boolean dashboardEnabled) {
            this.dashboardEnabled = dashboardEnabled;
            return this;
        }

        /**
         * @param dashboardName default - generated by CloudFormation
         * @return this builder
         * @see ConsistentCrudApiProps#getDashboardName()
         */
        public Builder dashboardName(String dashboardName) {
            this.dashboardName = dashboardName;
            return this;
        }

        /** The properties; the construct validates them. */
        public ConsistentCrudApiProps build() {
            return new Built(this);
        }

        private static final class Built implements ConsistentCrudApiProps {
            private final List<EntitySpec> entities;
            private final RemovalPolicy removalPolicy;
            private final EndpointType endpointType;
            private final PolicyDocument apiPolicy;
            private final String stageName;
            private final Number throttlingRateLimit;
            private final Number throttlingBurstLimit;
            private final ApiAuthorization authorization;
            private final CorsOptions cors;
            private final Boolean requestValidation;
            private final String webAclArn;
            private final RetentionDays logRetention;
            private final Boolean apiGatewayCloudWatchRole;
            private final Duration clientTimeout;
            private final Duration integrationTimeout;
            private final Boolean integrationTimeoutQuotaAcknowledged;
            private final Duration coldStartAllowance;
            private final Duration lambdaTimeout;
            private final Duration sdkCallTimeout;
            private final Duration sdkAttemptTimeout;
            private final Integer sdkMaxAttempts;
            private final Number memorySize;
            private final Architecture architecture;
            private final Number reservedConcurrentExecutions;
            private final Boolean snapStart;
            private final IVpc vpc;
            private final SubnetSelection vpcSubnets;
            private final List<ISecurityGroup> securityGroups;
            private final Map<String, String> environment;
            private final Code code;
            private final String handler;
            private final Duration idempotencyWindow;
            private final String serviceName;
            private final String metricsNamespace;
            private final Boolean alarmsEnabled;
            private final ITopic alarmTopic;
            private final AlarmThresholds alarmThresholds;
            private final Boolean dashboardEnabled;
            private final Boolean auditTrail;
            private final AuditTrailOptions auditTrailOptions;
            private final String dashboardName;

            private Built(Builder b) {
                this.entities = b.entities;
                this.removalPolicy = b.removalPolicy;
                this.endpointType = b.endpointType;
                this.apiPolicy = b.apiPolicy;
                this.stageName = b.stageName;
                this.throttlingRateLimit = b.throttlingRateLimit;
                this.throttlingBurstLimit = b.throttlingBurstLimit;
                this.authorization = b.authorization;
                this.cors = b.cors;
                this.requestValidation = b.requestValidation;
                this.webAclArn = b.webAclArn;
                this.logRetention = b.logRetention;
                this.apiGatewayCloudWatchRole = b.apiGatewayCloudWatchRole;
                this.clientTimeout = b.clientTimeout;
                this.integrationTimeout = b.integrationTimeout;
                this.integrationTimeoutQuotaAcknowledged = b.integrationTimeoutQuotaAcknowledged;
                this.coldStartAllowance = b.coldStartAllowance;
                this.lambdaTimeout = b.lambdaTimeout;
                this.sdkCallTimeout = b.sdkCallTimeout;
                this.sdkAttemptTimeout = b.sdkAttemptTimeout;
                this.sdkMaxAttempts = b.sdkMaxAttempts;
                this.memorySize = b.memorySize;
                this.architecture = b.architecture;
                this.reservedConcurrentExecutions = b.reservedConcurrentExecutions;
                this.snapStart = b.snapStart;
                this.vpc = b.vpc;
                this.vpcSubnets = b.vpcSubnets;
                this.securityGroups = b.securityGroups;
                this.environment = b.environment;
                this.code = b.code;
                this.handler = b.handler;
                this.idempotencyWindow = b.idempotencyWindow;
                this.serviceName = b.serviceName;
                this.metricsNamespace = b.metricsNamespace;
                this.alarmsEnabled = b.alarmsEnabled;
                this.alarmTopic = b.alarmTopic;
                this.alarmThresholds = b.alarmThresholds;
                this.dashboardEnabled = b.dashboardEnabled;
                this.auditTrail = b.auditTrail;
                this.auditTrailOptions = b.auditTrailOptions;
                this.dashboardName = b.dashboardName;
            }

            @Override
            public List<EntitySpec> getEntities() {
                return entities;
            }

            @Override
            public RemovalPolicy getRemovalPolicy() {
                return removalPolicy != null ? removalPolicy : ConsistentCrudApiProps.super.getRemovalPolicy();
            }

            @Override
            public EndpointType getEndpointType() {
                return endpointType != null ? endpointType : ConsistentCrudApiProps.super.getEndpointType();
            }

            @Override
            public PolicyDocument getApiPolicy() {
                return apiPolicy != null ? apiPolicy : ConsistentCrudApiProps.super.getApiPolicy();
            }

            @Override
            public String getStageName() {
                return stageName != null ? stageName : ConsistentCrudApiProps.super.getStageName();
            }

            @Override
            public Number getThrottlingRateLimit() {
                return throttlingRateLimit != null ? throttlingRateLimit : ConsistentCrudApiProps.super.getThrottlingRateLimit();
            }

            @Override
            public Number getThrottlingBurstLimit() {
                return throttlingBurstLimit != null ? throttlingBurstLimit : ConsistentCrudApiProps.super.getThrottlingBurstLimit();
            }

            @Override
            public ApiAuthorization getAuthorization() {
                return authorization != null ? authorization : ConsistentCrudApiProps.super.getAuthorization();
            }

            @Override
            public CorsOptions getCors() {
                return cors != null ? cors : ConsistentCrudApiProps.super.getCors();
            }

            @Override
            public Boolean getRequestValidation() {
                return requestValidation != null ? requestValidation : ConsistentCrudApiProps.super.getRequestValidation();
            }

            @Override
            public String getWebAclArn() {
                return webAclArn != null ? webAclArn : ConsistentCrudApiProps.super.getWebAclArn();
            }

            @Override
            public RetentionDays getLogRetention() {
                return logRetention != null ? logRetention : ConsistentCrudApiProps.super.getLogRetention();
            }

            @Override
            public Boolean getApiGatewayCloudWatchRole() {
                return apiGatewayCloudWatchRole != null ? apiGatewayCloudWatchRole : ConsistentCrudApiProps.super.getApiGatewayCloudWatchRole();
            }

            @Override
            public Duration getClientTimeout() {
                return clientTimeout != null ? clientTimeout : ConsistentCrudApiProps.super.getClientTimeout();
            }

            @Override
            public Duration getIntegrationTimeout() {
                return integrationTimeout != null ? integrationTimeout : ConsistentCrudApiProps.super.getIntegrationTimeout();
            }

            @Override
            public Boolean getIntegrationTimeoutQuotaAcknowledged() {
                return integrationTimeoutQuotaAcknowledged != null ? integrationTimeoutQuotaAcknowledged : ConsistentCrudApiProps.super.getIntegrationTimeoutQuotaAcknowledged();
            }

            @Override
            public Duration getColdStartAllowance() {
                return coldStartAllowance != null ? coldStartAllowance : ConsistentCrudApiProps.super.getColdStartAllowance();
            }

            @Override
            public Duration getLambdaTimeout() {
                return lambdaTimeout != null ? lambdaTimeout : ConsistentCrudApiProps.super.getLambdaTimeout();
            }

            @Override
            public Duration getSdkCallTimeout() {
                return sdkCallTimeout != null ? sdkCallTimeout : ConsistentCrudApiProps.super.getSdkCallTimeout();
            }

            @Override
            public Duration getSdkAttemptTimeout() {
                return sdkAttemptTimeout != null ? sdkAttemptTimeout : ConsistentCrudApiProps.super.getSdkAttemptTimeout();
            }

            @Override
            public Integer getSdkMaxAttempts() {
                return sdkMaxAttempts != null ? sdkMaxAttempts : ConsistentCrudApiProps.super.getSdkMaxAttempts();
            }

            @Override
            public Number getMemorySize() {
                return memorySize != null ? memorySize : ConsistentCrudApiProps.super.getMemorySize();
            }

            @Override
            public Architecture getArchitecture() {
                return architecture != null ? architecture : ConsistentCrudApiProps.super.getArchitecture();
            }

            @Override
            public Number getReservedConcurrentExecutions() {
                return reservedConcurrentExecutions != null ? reservedConcurrentExecutions : ConsistentCrudApiProps.super.getReservedConcurrentExecutions();
            }

            @Override
            public Boolean getSnapStart() {
                return snapStart != null ? snapStart : ConsistentCrudApiProps.super.getSnapStart();
            }

            @Override
            public IVpc getVpc() {
                return vpc != null ? vpc : ConsistentCrudApiProps.super.getVpc();
            }

            @Override
            public SubnetSelection getVpcSubnets() {
                return vpcSubnets != null ? vpcSubnets : ConsistentCrudApiProps.super.getVpcSubnets();
            }

            @Override
            public List<ISecurityGroup> getSecurityGroups() {
                return securityGroups != null ? securityGroups : ConsistentCrudApiProps.super.getSecurityGroups();
            }

            @Override
            public Map<String, String> getEnvironment() {
                return environment != null ? environment : ConsistentCrudApiProps.super.getEnvironment();
            }

            @Override
            public Code getCode() {
                return code != null ? code : ConsistentCrudApiProps.super.getCode();
            }

            @Override
            public String getHandler() {
                return handler != null ? handler : ConsistentCrudApiProps.super.getHandler();
            }

            @Override
            public Duration getIdempotencyWindow() {
                return idempotencyWindow != null ? idempotencyWindow : ConsistentCrudApiProps.super.getIdempotencyWindow();
            }

            @Override
            public String getServiceName() {
                return serviceName != null ? serviceName : ConsistentCrudApiProps.super.getServiceName();
            }

            @Override
            public String getMetricsNamespace() {
                return metricsNamespace != null ? metricsNamespace : ConsistentCrudApiProps.super.getMetricsNamespace();
            }

            @Override
            public Boolean getAlarmsEnabled() {
                return alarmsEnabled != null ? alarmsEnabled : ConsistentCrudApiProps.super.getAlarmsEnabled();
            }

            @Override
            public ITopic getAlarmTopic() {
                return alarmTopic != null ? alarmTopic : ConsistentCrudApiProps.super.getAlarmTopic();
            }

            @Override
            public AlarmThresholds getAlarmThresholds() {
                return alarmThresholds != null ? alarmThresholds : ConsistentCrudApiProps.super.getAlarmThresholds();
            }

            @Override
            public Boolean getAuditTrail() {
                return auditTrail != null ? auditTrail : ConsistentCrudApiProps.super.getAuditTrail();
            }

            @Override
            public AuditTrailOptions getAuditTrailOptions() {
                return auditTrailOptions != null ? auditTrailOptions : ConsistentCrudApiProps.super.getAuditTrailOptions();
            }

            @Override
            public Boolean getDashboardEnabled() {
                return dashboardEnabled != null ? dashboardEnabled : ConsistentCrudApiProps.super.getDashboardEnabled();
            }

            @Override
            public String getDashboardName() {
                return dashboardName != null ? dashboardName : ConsistentCrudApiProps.super.getDashboardName();
            }

        }
    }
}
