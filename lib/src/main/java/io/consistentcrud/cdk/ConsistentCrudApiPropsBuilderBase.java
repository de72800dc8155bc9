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

    /** Sets {@link ConsistentCrudApiProps#getEntities()} (required). */
    public B entities(List<? extends EntitySpec> value) {
        values.entities = value == null ? null : List.copyOf(value);
        return self();
    }

    /** Sets {@link ConsistentCrudApiProps#getRemovalPolicy()}. */
    public B removalPolicy(RemovalPolicy value) {
        values.removalPolicy = value;
        return self();
    }

    /** Sets {@link ConsistentCrudApiProps#getEndpointType()}. */
    public B endpointType(EndpointType value) {
        values.endpointType = value;
        return self();
    }

    /** Sets {@link ConsistentCrudApiProps#getApiPolicy()}. */
    public B apiPolicy(PolicyDocument value) {
        values.apiPolicy = value;
        return self();
    }

    /** Sets {@link ConsistentCrudApiProps#getStageName()}. */
    public B stageName(String value) {
        values.stageName = value;
        return self();
    }

    /** Sets {@link ConsistentCrudApiProps#getThrottlingRateLimit()}. */
    public B throttlingRateLimit(Number value) {
        values.throttlingRateLimit = value;
        return self();
    }

    /** Sets {@link ConsistentCrudApiProps#getThrottlingBurstLimit()}. */
    public B throttlingBurstLimit(Number value) {
        values.throttlingBurstLimit = value;
        return self();
    }

    /** Sets {@link ConsistentCrudApiProps#getAuthorization()}. */
    public B authorization(ApiAuthorization value) {
        values.authorization = value;
        return self();
    }

    /** Sets {@link ConsistentCrudApiProps#getCors()}. */
    public B cors(CorsOptions value) {
        values.cors = value;
        return self();
    }

    /** Sets {@link ConsistentCrudApiProps#getRequestValidation()}. */
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

    /** Sets {@link ConsistentCrudApiProps#getWebAclArn()}. */
    public B webAclArn(String value) {
        values.webAclArn = value;
        return self();
    }

    /** Sets {@link ConsistentCrudApiProps#getLogRetention()}. */
    public B logRetention(RetentionDays value) {
        values.logRetention = value;
        return self();
    }

    /** Sets {@link ConsistentCrudApiProps#getApiGatewayCloudWatchRole()}. */
    public B apiGatewayCloudWatchRole(Boolean value) {
        values.apiGatewayCloudWatchRole = value;
        return self();
    }

    /** Sets {@link ConsistentCrudApiProps#getClientTimeout()}. */
    public B clientTimeout(Duration value) {
        values.clientTimeout = value;
        return self();
    }

    /** Sets {@link ConsistentCrudApiProps#getIntegrationTimeout()}. */
    public B integrationTimeout(Duration value) {
        values.integrationTimeout = value;
        return self();
    }

    /** Sets {@link ConsistentCrudApiProps#getIntegrationTimeoutQuotaAcknowledged()}. */
    public B integrationTimeoutQuotaAcknowledged(Boolean value) {
        values.integrationTimeoutQuotaAcknowledged = value;
        return self();
    }

    /** Sets {@link ConsistentCrudApiProps#getColdStartAllowance()}. */
    public B coldStartAllowance(Duration value) {
        values.coldStartAllowance = value;
        return self();
    }

    /** Sets {@link ConsistentCrudApiProps#getLambdaTimeout()}. */
    public B lambdaTimeout(Duration value) {
        values.lambdaTimeout = value;
        return self();
    }

    /** Sets {@link ConsistentCrudApiProps#getSdkCallTimeout()}. */
    public B sdkCallTimeout(Duration value) {
        values.sdkCallTimeout = value;
        return self();
    }

    /** Sets {@link ConsistentCrudApiProps#getSdkAttemptTimeout()}. */
    public B sdkAttemptTimeout(Duration value) {
        values.sdkAttemptTimeout = value;
        return self();
    }

    /** Sets {@link ConsistentCrudApiProps#getSdkMaxAttempts()}. */
    public B sdkMaxAttempts(Integer value) {
        values.sdkMaxAttempts = value;
        return self();
    }

    /** Sets {@link ConsistentCrudApiProps#getMemorySize()}. */
    public B memorySize(Number value) {
        values.memorySize = value;
        return self();
    }

    /** Sets {@link ConsistentCrudApiProps#getArchitecture()}. */
    public B architecture(Architecture value) {
        values.architecture = value;
        return self();
    }

    /** Sets {@link ConsistentCrudApiProps#getReservedConcurrentExecutions()}. */
    public B reservedConcurrentExecutions(Number value) {
        values.reservedConcurrentExecutions = value;
        return self();
    }

    /** Sets {@link ConsistentCrudApiProps#getSnapStart()}. */
    public B snapStart(Boolean value) {
        values.snapStart = value;
        return self();
    }

    /** Sets {@link ConsistentCrudApiProps#getVpc()}. */
    public B vpc(IVpc value) {
        values.vpc = value;
        return self();
    }

    /** Sets {@link ConsistentCrudApiProps#getVpcSubnets()}. */
    public B vpcSubnets(SubnetSelection value) {
        values.vpcSubnets = value;
        return self();
    }

    /** Sets {@link ConsistentCrudApiProps#getSecurityGroups()}. */
    public B securityGroups(List<? extends ISecurityGroup> value) {
        values.securityGroups = value == null ? null : List.copyOf(value);
        return self();
    }

    /** Sets {@link ConsistentCrudApiProps#getEnvironment()}. */
    public B environment(Map<String, String> value) {
        // Sorted: a hash map's order would differ between JVMs, and so would the template.
        values.environment = value == null ? null : Collections.unmodifiableMap(new TreeMap<>(value));
        return self();
    }

    /** Sets {@link ConsistentCrudApiProps#getCode()}. */
    public B code(Code value) {
        values.code = value;
        return self();
    }

    /** Sets {@link ConsistentCrudApiProps#getHandler()}. */
    public B handler(String value) {
        values.handler = value;
        return self();
    }

    /** Sets {@link ConsistentCrudApiProps#getIdempotencyWindow()}. */
    public B idempotencyWindow(Duration value) {
        values.idempotencyWindow = value;
        return self();
    }

    /** Sets {@link ConsistentCrudApiProps#getServiceName()}. */
    public B serviceName(String value) {
        values.serviceName = value;
        return self();
    }

    /** Sets {@link ConsistentCrudApiProps#getMetricsNamespace()}. */
    public B metricsNamespace(String value) {
        values.metricsNamespace = value;
        return self();
    }

    /** Sets {@link ConsistentCrudApiProps#getAlarmsEnabled()}. */
    public B alarmsEnabled(Boolean value) {
        values.alarmsEnabled = value;
        return self();
    }

    /** Sets {@link ConsistentCrudApiProps#getAlarmTopic()}. */
    public B alarmTopic(ITopic value) {
        values.alarmTopic = value;
        return self();
    }

    /** Sets {@link ConsistentCrudApiProps#getAlarmThresholds()}. */
    public B alarmThresholds(AlarmThresholds value) {
        values.alarmThresholds = value;
        return self();
    }

    /** Sets {@link ConsistentCrudApiProps#getAuditTrail()}. */
    public B auditTrail(Boolean value) {
        values.auditTrail = value;
        return self();
    }

    /** Sets {@link ConsistentCrudApiProps#getAuditTrailOptions()}. */
    public B auditTrailOptions(AuditTrailOptions value) {
        values.auditTrailOptions = value;
        return self();
    }

    /** Sets {@link ConsistentCrudApiProps#getDashboardEnabled()}. */
    public B dashboardEnabled(Boolean value) {
        values.dashboardEnabled = value;
        return self();
    }

    /** Sets {@link ConsistentCrudApiProps#getDashboardName()}. */
    public B dashboardName(String value) {
        values.dashboardName = value;
        return self();
    }
}
