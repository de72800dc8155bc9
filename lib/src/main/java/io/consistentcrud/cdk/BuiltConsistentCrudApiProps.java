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
 * The props a {@link ConsistentCrudApiPropsBuilderBase} builds: what was set, else the interface's default. The
 * builder fills its own instance and hands out copies, so a built value never changes.
 */
final class BuiltConsistentCrudApiProps implements ConsistentCrudApiProps, Cloneable {
    List<EntitySpec> entities;
    RemovalPolicy removalPolicy;
    EndpointType endpointType;
    PolicyDocument apiPolicy;
    String stageName;
    Number throttlingRateLimit;
    Number throttlingBurstLimit;
    ApiAuthorization authorization;
    CorsOptions cors;
    Boolean requestValidation;
    String webAclArn;
    CustomDomainOptions customDomain;
    List<UsagePlanOptions> usagePlans;
    RetentionDays logRetention;
    Boolean apiGatewayCloudWatchRole;
    Duration clientTimeout;
    Duration integrationTimeout;
    Boolean integrationTimeoutQuotaAcknowledged;
    Duration coldStartAllowance;
    Duration lambdaTimeout;
    Duration sdkCallTimeout;
    Duration sdkAttemptTimeout;
    Integer sdkMaxAttempts;
    Number memorySize;
    Architecture architecture;
    Number reservedConcurrentExecutions;
    Boolean snapStart;
    GradualDeployment gradualDeployment;
    IVpc vpc;
    SubnetSelection vpcSubnets;
    List<ISecurityGroup> securityGroups;
    Map<String, String> environment;
    Code code;
    String handler;
    Duration idempotencyWindow;
    String serviceName;
    String metricsNamespace;
    Boolean alarmsEnabled;
    ITopic alarmTopic;
    AlarmThresholds alarmThresholds;
    Boolean auditTrail;
    AuditTrailOptions auditTrailOptions;
    Boolean dashboardEnabled;
    String dashboardName;

    /** A shallow copy: every field holds an immutable value (lists and maps are copied when set). */
    BuiltConsistentCrudApiProps copy() {
        try {
            return (BuiltConsistentCrudApiProps) clone();
        } catch (CloneNotSupportedException e) {
            throw new AssertionError("Cloneable", e);
        }
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
    public CustomDomainOptions getCustomDomain() {
        return customDomain != null ? customDomain : ConsistentCrudApiProps.super.getCustomDomain();
    }

    @Override
    public List<UsagePlanOptions> getUsagePlans() {
        return usagePlans != null ? usagePlans : ConsistentCrudApiProps.super.getUsagePlans();
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
    public GradualDeployment getGradualDeployment() {
        return gradualDeployment != null ? gradualDeployment : ConsistentCrudApiProps.super.getGradualDeployment();
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
