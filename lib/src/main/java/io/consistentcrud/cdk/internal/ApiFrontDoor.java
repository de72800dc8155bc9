package io.consistentcrud.cdk.internal;

import io.consistentcrud.cdk.ConsistentCrudApiValidationException;
import io.consistentcrud.cdk.CustomDomainOptions;
import io.consistentcrud.cdk.UsagePlanOptions;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;
import software.amazon.awscdk.Arn;
import software.amazon.awscdk.Token;
import software.amazon.awscdk.services.apigateway.ApiKey;
import software.amazon.awscdk.services.apigateway.BasePathMappingOptions;
import software.amazon.awscdk.services.apigateway.DomainName;
import software.amazon.awscdk.services.apigateway.EndpointType;
import software.amazon.awscdk.services.apigateway.IApiKey;
import software.amazon.awscdk.services.apigateway.QuotaSettings;
import software.amazon.awscdk.services.apigateway.RestApi;
import software.amazon.awscdk.services.apigateway.SecurityPolicy;
import software.amazon.awscdk.services.apigateway.ThrottleSettings;
import software.amazon.awscdk.services.apigateway.UsagePlan;
import software.amazon.awscdk.services.apigateway.UsagePlanPerApiStage;
import software.amazon.awscdk.services.route53.AaaaRecord;
import software.amazon.awscdk.services.route53.ARecord;
import software.amazon.awscdk.services.route53.RecordTarget;
import software.amazon.awscdk.services.route53.targets.ApiGatewayDomain;
import software.constructs.Construct;

/**
 * What stands in front of the stage: the custom domain (TLS 1.2 minimum, base-path mapping, Route 53 alias records)
 * and the usage plans with their API keys. {@link #validate} runs with the other prop checks, before anything is
 * created; each failure names the property, the value and the rule.
 */
public final class ApiFrontDoor {
    private static final Pattern DOMAIN_NAME =
            Pattern.compile("(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\\.)+[a-z][a-z0-9-]{0,61}[a-z0-9]");
    private static final String PATH_SEGMENT = "[A-Za-z0-9$_.+!*'()-]+";
    private static final Pattern BASE_PATH = Pattern.compile(PATH_SEGMENT + "(/" + PATH_SEGMENT + ")*");
    /** An EDGE domain is served by CloudFront, which takes certificates from this region only. */
    private static final String EDGE_CERTIFICATE_REGION = "us-east-1";

    private final DomainName domainName;
    private final Map<String, UsagePlan> usagePlans;
    private final Map<String, IApiKey> apiKeys;

    private ApiFrontDoor(DomainName domainName, Map<String, UsagePlan> usagePlans, Map<String, IApiKey> apiKeys) {
        this.domainName = domainName;
        this.usagePlans = Collections.unmodifiableMap(usagePlans);
        this.apiKeys = Collections.unmodifiableMap(apiKeys);
    }

    /**
     * Checks the custom domain and the usage plans.
     *
     * @param domain  the custom domain, or null
     * @param plans   the usage plans
     * @param invalid makes the construct's validation error from a detail
     */
    public static void validate(CustomDomainOptions domain, List<UsagePlanOptions> plans,
                                Function<String, ConsistentCrudApiValidationException> invalid) {
        if (domain != null) {
            validateDomain(domain, invalid);
        }
        Set<String> planNames = new HashSet<>();
        Set<String> keyNames = new HashSet<>();
        for (UsagePlanOptions plan : plans) {
            String name = plan.getName();
            if (name == null || name.isBlank()) {
                throw invalid.apply("usagePlans: a plan has no name; name each plan");
            }
            if (!planNames.add(name)) {
                throw invalid.apply("usagePlans: plan name '" + name + "' is used twice; plan names must be unique");
            }
            String where = "usagePlans[" + name + "].";
            positive(where + "rateLimit", plan.getRateLimit(), invalid);
            if (plan.getBurstLimit() != null) {
                if (plan.getRateLimit() == null) {
                    throw invalid.apply(where + "burstLimit " + plan.getBurstLimit() + " is set without rateLimit; "
                            + "API Gateway throttles a burst only together with a rate");
                }
                wholeNumber(where + "burstLimit", plan.getBurstLimit(), invalid);
            }
            if (plan.getQuotaLimit() != null) {
                wholeNumber(where + "quotaLimit", plan.getQuotaLimit(), invalid);
            }
            for (String key : plan.getApiKeyNames()) {
                if (key == null || key.isBlank() || key.length() > 1024) {
                    throw invalid.apply(where + "apiKeyNames: '" + key + "' is not 1-1024 characters");
                }
                if (!keyNames.add(key)) {
                    throw invalid.apply(where + "apiKeyNames: key '" + key + "' is named twice; a key belongs to one "
                            + "plan of a stage");
                }
            }
        }
    }

    private static void validateDomain(CustomDomainOptions domain,
                                       Function<String, ConsistentCrudApiValidationException> invalid) {
        String name = domain.getDomainName();
        if (name == null || (!Token.isUnresolved(name) && !DOMAIN_NAME.matcher(name).matches())) {
            throw invalid.apply("customDomain.domainName '" + name + "' is not a domain name: lower-case labels of "
                    + "letters, digits and hyphens, separated by dots, at most 253 characters");
        }
        if (domain.getCertificate() == null) {
            throw invalid.apply("customDomain.certificate is not set; give the domain's ACM certificate "
                    + "(Certificate.fromCertificateArn)");
        }
        EndpointType type = domain.getEndpointType();
        if (type != EndpointType.REGIONAL && type != EndpointType.EDGE) {
            throw invalid.apply("customDomain.endpointType " + type + " is not REGIONAL or EDGE");
        }
        String certificateArn = domain.getCertificate().getCertificateArn();
        if (type == EndpointType.EDGE && !Token.isUnresolved(certificateArn)) {
            String region = Arn.split(certificateArn, software.amazon.awscdk.ArnFormat.SLASH_RESOURCE_NAME).getRegion();
            if (!EDGE_CERTIFICATE_REGION.equals(region)) {
                throw invalid.apply("customDomain.certificate " + certificateArn + " is in " + region + "; an EDGE "
                        + "domain needs a certificate in " + EDGE_CERTIFICATE_REGION + " (CloudFront's), or use a "
                        + "REGIONAL domain");
            }
        }
        String basePath = domain.getBasePath();
        if (basePath != null && !BASE_PATH.matcher(basePath).matches()) {
            throw invalid.apply("customDomain.basePath '" + basePath + "' is not segments of letters, digits and "
                    + "$-_.+!*'() separated by /, without a leading or trailing /");
        }
        if (domain.getHostedZone() != null) {
            String zone = domain.getHostedZone().getZoneName();
            if (!Token.isUnresolved(zone) && !Token.isUnresolved(name)) {
                String bare = zone.endsWith(".") ? zone.substring(0, zone.length() - 1) : zone;
                if (!name.equals(bare) && !name.endsWith("." + bare)) {
                    throw invalid.apply("customDomain.domainName '" + name + "' is not in the hosted zone '" + bare
                            + "'; the alias records can only be made in the domain's own zone");
                }
            }
        }
    }

    private static void positive(String property, Number value,
                                 Function<String, ConsistentCrudApiValidationException> invalid) {
        if (value != null && value.doubleValue() <= 0) {
            throw invalid.apply(property + " " + value + " is not positive");
        }
    }

    private static void wholeNumber(String property, Number value,
                                    Function<String, ConsistentCrudApiValidationException> invalid) {
        if (value.doubleValue() < 0 || value.doubleValue() != Math.floor(value.doubleValue())) {
            throw invalid.apply(property + " " + value + " is not a whole number of requests, 0 or more");
        }
    }

    /**
     * Creates the custom domain and the usage plans of the API's stage.
     *
     * @param scope   the construct
     * @param restApi the API
     * @param domain  the custom domain, or null
     * @param plans   the usage plans
     * @return what was created
     */
    public static ApiFrontDoor create(Construct scope, RestApi restApi, CustomDomainOptions domain,
                                      List<UsagePlanOptions> plans) {
        DomainName domainName = null;
        if (domain != null) {
            domainName = DomainName.Builder.create(scope, "CustomDomain")
                    .domainName(domain.getDomainName())
                    .certificate(domain.getCertificate())
                    .endpointType(domain.getEndpointType())
                    .securityPolicy(SecurityPolicy.TLS_1_2)
                    .build();
            domainName.addBasePathMapping(restApi, BasePathMappingOptions.builder()
                    .basePath(domain.getBasePath())
                    .stage(restApi.getDeploymentStage())
                    .build());
            if (domain.getHostedZone() != null) {
                RecordTarget target = RecordTarget.fromAlias(new ApiGatewayDomain(domainName));
                ARecord.Builder.create(scope, "CustomDomainAliasRecord").zone(domain.getHostedZone())
                        .recordName(domain.getDomainName()).target(target).build();
                AaaaRecord.Builder.create(scope, "CustomDomainAliasRecordIpv6").zone(domain.getHostedZone())
                        .recordName(domain.getDomainName()).target(target).build();
            }
        }
        Map<String, UsagePlan> usagePlans = new LinkedHashMap<>();
        Map<String, IApiKey> apiKeys = new LinkedHashMap<>();
        for (UsagePlanOptions options : plans) {
            String idPart = EntityTables.idPart(options.getName().replaceAll("[^A-Za-z0-9]", "-").toLowerCase());
            UsagePlan plan = restApi.addUsagePlan("UsagePlan" + idPart,
                    software.amazon.awscdk.services.apigateway.UsagePlanProps.builder()
                            .name(options.getName())
                            .throttle(options.getRateLimit() == null ? null : ThrottleSettings.builder()
                                    .rateLimit(options.getRateLimit()).burstLimit(options.getBurstLimit()).build())
                            .quota(options.getQuotaLimit() == null ? null : QuotaSettings.builder()
                                    .limit(options.getQuotaLimit()).period(options.getQuotaPeriod()).build())
                            .apiStages(List.of(UsagePlanPerApiStage.builder()
                                    .api(restApi).stage(restApi.getDeploymentStage()).build()))
                            .build());
            usagePlans.put(options.getName(), plan);
            for (String keyName : options.getApiKeyNames()) {
                IApiKey key = ApiKey.Builder.create(scope, "ApiKey" + idPart + Integer.toHexString(keyName.hashCode()))
                        .apiKeyName(keyName)
                        .build();
                plan.addApiKey(key);
                apiKeys.put(keyName, key);
            }
        }
        return new ApiFrontDoor(domainName, usagePlans, apiKeys);
    }

    /** @return the custom domain, or null */
    public DomainName getDomainName() {
        return domainName;
    }

    /** @return the usage plans, by name */
    public Map<String, UsagePlan> getUsagePlans() {
        return usagePlans;
    }

    /** @return the API keys, by name */
    public Map<String, IApiKey> getApiKeys() {
        return apiKeys;
    }
}
