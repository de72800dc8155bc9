package io.consistentcrud.cdk;

import java.util.List;
import java.util.Map;
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

    /**
     * {@return the entities the API serves; at least one} Each gets its own table and resources under {@code /name}.
     */
    List<EntitySpec> getEntities();

    /**
     * {@return what happens to the stateful resources (tables, the idempotency table, log groups, the alarm topic's
     * key) when they leave the stack} An entity's own removal policy wins for its table.
     *
     * @default RemovalPolicy.RETAIN
     */
    default RemovalPolicy getRemovalPolicy() {
        return RemovalPolicy.RETAIN;
    }

    /**
     * {@return the API's endpoint type} Only REGIONAL and PRIVATE endpoints can have an integration timeout above 29 s.
     *
     * @default EndpointType.REGIONAL
     */
    default EndpointType getEndpointType() {
        return EndpointType.REGIONAL;
    }

    /**
     * {@return a resource policy for the API; required for a PRIVATE endpoint (to allow its VPC endpoints)}
     *
     * @default - no resource policy
     */
    default PolicyDocument getApiPolicy() {
        return null;
    }

    /**
     * {@return the name of the deployment stage}
     *
     * @default "prod"
     */
    default String getStageName() {
        return "prod";
    }

    /**
     * {@return steady-state requests per second the stage allows, for every method}
     *
     * @default 100
     */
    default Number getThrottlingRateLimit() {
        return 100;
    }

    /**
     * {@return burst of requests the stage allows, for every method}
     *
     * @default 200
     */
    default Number getThrottlingBurstLimit() {
        return 200;
    }

    /**
     * {@return how callers authenticate} {@link ApiAuthorization#none()} must be chosen explicitly and adds a warning.
     *
     * @default ApiAuthorization.iam()
     */
    default ApiAuthorization getAuthorization() {
        return ApiAuthorization.iam();
    }

    /**
     * {@return CORS preflight options for every resource; the preflight (OPTIONS) methods carry no authorization}
     *
     * @default - no CORS preflight
     */
    default CorsOptions getCors() {
        return null;
    }

    /**
     * {@return whether API Gateway rejects requests that lack the required path parameters before they reach the
     * Lambda}
     *
     * @default true
     */
    default Boolean getRequestValidation() {
        return true;
    }

    /**
     * {@return the ARN of a WAFv2 web ACL (scope REGIONAL) to associate with the stage}
     *
     * @default - no web ACL
     */
    default String getWebAclArn() {
        return null;
    }

    /**
     * {@return how long the API's access logs and the function's logs are kept}
     *
     * @default RetentionDays.ONE_YEAR
     */
    default RetentionDays getLogRetention() {
        return RetentionDays.ONE_YEAR;
    }

    /**
     * {@return whether to create the account's API Gateway CloudWatch role (with an inline, execution-log-only policy)
     * and set it in the account's API Gateway settings ({@code AWS::ApiGateway::Account})}
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
     * {@return the timeout of the API's clients, when known; it must be above the integration timeout}
     *
     * @default - not checked; see {@link TimeoutBudget#getMinimumClientTimeout()}
     */
    default Duration getClientTimeout() {
        return null;
    }

    /**
     * {@return API Gateway's integration timeout} Above 29 s only on REGIONAL or PRIVATE endpoints and only with {@link
     * #getIntegrationTimeoutQuotaAcknowledged()}.
     *
     * @default - the Lambda timeout plus the cold-start allowance when the Lambda timeout is set, else 29 s
     */
    default Duration getIntegrationTimeout() {
        return null;
    }

    /**
     * Acknowledges that the account's integration timeout quota was raised above 29 s.
     *
     * @return true when the quota was raised, which allows an integration timeout above 29 s
     * @default false
     */
    default Boolean getIntegrationTimeoutQuotaAcknowledged() {
        return false;
    }

    /**
     * {@return how much of the integration timeout a cold start may use before the handler runs}
     *
     * @default - 2 s with SnapStart, 5 s without
     */
    default Duration getColdStartAllowance() {
        return null;
    }

    /**
     * {@return the Lambda function's timeout, whole seconds}
     *
     * @default - the integration timeout minus the cold-start allowance, rounded down to whole seconds
     */
    default Duration getLambdaTimeout() {
        return null;
    }

    /**
     * {@return the DynamoDB SDK call timeout: all attempts and backoff of one call}
     *
     * @default - attempts x attempt timeout + the worst-case backoff
     */
    default Duration getSdkCallTimeout() {
        return null;
    }

    /**
     * {@return the DynamoDB SDK attempt timeout}
     *
     * @default - (call timeout - backoff) / attempts when the call timeout is set, else 2 s (less when the Lambda
     *     timeout is short)
     */
    default Duration getSdkAttemptTimeout() {
        return null;
    }

    /**
     * {@return DynamoDB SDK attempts per call, the first included; 1 to 10}
     *
     * @default 3
     */
    default Integer getSdkMaxAttempts() {
        return null;
    }

    /**
     * {@return the function's memory in MB; CPU grows with it}
     *
     * @default 1024
     */
    default Number getMemorySize() {
        return 1024;
    }

    /**
     * {@return the function's instruction set}
     *
     * @default Architecture.ARM_64
     */
    default Architecture getArchitecture() {
        return Architecture.ARM_64;
    }

    /**
     * {@return concurrency reserved for the function; also the limit the concurrency alarm compares with}
     *
     * @default - no reservation (the account's unreserved pool)
     */
    default Number getReservedConcurrentExecutions() {
        return null;
    }

    /**
     * {@return whether SnapStart snapshots published versions; the API always calls the alias of the current version}
     *
     * @default true
     */
    default Boolean getSnapStart() {
        return true;
    }

    /**
     * {@return how a new version of the function reaches the alias the API calls: by default a CodeDeploy canary (10%
     * for 5 minutes) that rolls back on the construct's 5XX, function error and version latency alarms;
     * {@link GradualDeployment#allAtOnce()} for none}
     *
     * @default GradualDeployment.canaryDefault()
     */
    default GradualDeployment getGradualDeployment() {
        return GradualDeployment.canaryDefault();
    }

    /**
     * {@return the VPC to run the function in, e.g. to reach DynamoDB through a gateway endpoint or to meet a network
     * policy} The function's role gets only the network-interface actions Lambda needs there.
     *
     * @default - not in a VPC
     */
    default IVpc getVpc() {
        return null;
    }

    /**
     * {@return where in {@link #getVpc()} the function's network interfaces go; needs {@link #getVpc()}}
     *
     * @default - the VPC's private subnets (CDK's choice for a Lambda function)
     */
    default SubnetSelection getVpcSubnets() {
        return null;
    }

    /**
     * {@return the function's security groups in {@link #getVpc()}; needs {@link #getVpc()}}
     *
     * @default - one security group created for the function, all outbound traffic allowed
     */
    default List<ISecurityGroup> getSecurityGroups() {
        return null;
    }

    /**
     * {@return extra environment variables of the function, e.g. for your own handler ({@link #getCode()}) or an agent}
     * Names starting with {@code CCA_} are the runtime's and are refused, as are Lambda's reserved names.
     *
     * @default - none besides the runtime's
     */
    default Map<String, String> getEnvironment() {
        return Map.of();
    }

    /**
     * {@return the function's code, to run your own handler on the runtime}
     *
     * @default - the runtime jar embedded in this library
     */
    default Code getCode() {
        return null;
    }

    /**
     * {@return the function's handler; set it together with {@link #getCode()}}
     *
     * @default "io.consistentcrud.runtime.http.LambdaEntry::handleRequest"
     */
    default String getHandler() {
        return null;
    }

    /**
     * {@return how long an {@code Idempotency-Key} replays its first outcome (G5); whole seconds}
     *
     * @default Duration.hours(24)
     */
    default Duration getIdempotencyWindow() {
        return Duration.hours(24);
    }

    /**
     * {@return the value of the {@code Service} dimension of the runtime's metrics}
     *
     * @default - the construct path with '/' replaced by '-'
     */
    default String getServiceName() {
        return null;
    }

    /**
     * {@return the CloudWatch namespace of the runtime's embedded metrics}
     *
     * @default "ConsistentCrudApi"
     */
    default String getMetricsNamespace() {
        return RuntimeMetrics.DEFAULT_NAMESPACE;
    }

    /**
     * {@return whether the construct creates its alarms}
     *
     * @default true
     */
    default Boolean getAlarmsEnabled() {
        return true;
    }

    /**
     * {@return the SNS topic the alarms notify}
     *
     * @default - an encrypted, SSL-only topic created by the construct
     */
    default ITopic getAlarmTopic() {
        return null;
    }

    /**
     * {@return thresholds of the alarms, each overridable}
     *
     * @default AlarmThresholds.defaults()
     */
    default AlarmThresholds getAlarmThresholds() {
        return AlarmThresholds.defaults();
    }

    /**
     * {@return whether the construct records an audit trail: a consumer of every entity table's stream writes one JSON
     * event per change (who, when, which request, which attributes) to its own log group} See {@link AuditTrail}.
     *
     * @default true
     */
    default Boolean getAuditTrail() {
        return true;
    }

    /**
     * {@return how the audit trail records changes: values included or not, redacted attributes, retention, encryption}
     *
     * @default - names only, no redaction, one year's retention, CloudWatch Logs' own encryption
     */
    default AuditTrailOptions getAuditTrailOptions() {
        return AuditTrailOptions.builder().build();
    }

    /**
     * {@return whether the construct creates a CloudWatch dashboard of the same signals as the alarms}
     *
     * @default true
     */
    default Boolean getDashboardEnabled() {
        return true;
    }

    /**
     * {@return the dashboard's name}
     *
     * @default - generated by CloudFormation
     */
    default String getDashboardName() {
        return null;
    }

    // ---- custom domain and usage plans (issue 22)

    /**
     * {@return a custom domain name for the API: its certificate, the API's base path on it, and the Route 53 alias
     * records when a zone is given; TLS 1.2 minimum}
     *
     * @default - no custom domain: the API answers on its execute-api URL only
     */
    default CustomDomainOptions getCustomDomain() {
        return null;
    }

    /**
     * {@return usage plans of the stage with their API keys (throttle and quota per key)} With at least one plan, every
     * method requires an API key besides its authorization.
     *
     * @default - no usage plan: no method requires an API key
     */
    default List<UsagePlanOptions> getUsagePlans() {
        return List.of();
    }

    /** {@return a new builder} */
    static Builder builder() {
        return new Builder();
    }

    /** Builder of {@link ConsistentCrudApiProps}; unset (or null) properties keep their defaults. */
    final class Builder extends ConsistentCrudApiPropsBuilderBase<Builder> {
        private Builder() {
        }

        /**
         * The properties; the construct validates them.
         *
         * @return the properties
         */
        public ConsistentCrudApiProps build() {
            return props();
        }
    }
}
