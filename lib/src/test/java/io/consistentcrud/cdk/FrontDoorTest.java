package io.consistentcrud.cdk;

import static io.consistentcrud.cdk.Fixtures.users;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.cdklabs.cdknag.AwsSolutionsChecks;
import io.github.cdklabs.cdknag.NagPackProps;
import io.github.cdklabs.cdknag.ServerlessChecks;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Aspects;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Annotations;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;
import software.amazon.awscdk.services.apigateway.EndpointType;
import software.amazon.awscdk.services.apigateway.Period;
import software.amazon.awscdk.services.certificatemanager.Certificate;
import software.amazon.awscdk.services.route53.HostedZone;
import software.amazon.awscdk.services.route53.HostedZoneAttributes;

/** A custom domain with its base path and alias records, usage plans with API keys: made, validated, nag clean. */
class FrontDoorTest {
    private static final String CERT = "arn:aws:acm:eu-west-1:123456789012:certificate/0f1e2d3c-aaaa-bbbb-cccc-1234567890ab";
    private static final String EDGE_CERT = "arn:aws:acm:us-east-1:123456789012:certificate/0f1e2d3c-aaaa-bbbb-cccc-1234567890ab";
    private static final String WEB_ACL = "arn:aws:wafv2:eu-west-1:123456789012:regional/webacl/platform/a1b2c3d4";

    private static CustomDomainOptions.Builder domain(Stack stack) {
        return CustomDomainOptions.builder().domainName("api.example.com")
                .certificate(Certificate.fromCertificateArn(stack, "Cert", CERT))
                .basePath("orders")
                .hostedZone(HostedZone.fromHostedZoneAttributes(stack, "Zone", HostedZoneAttributes.builder()
                        .hostedZoneId("Z0123456789ABCDEFGHIJ").zoneName("example.com").build()));
    }

    private static final List<UsagePlanOptions> PLANS = List.of(
            UsagePlanOptions.builder().name("partners").rateLimit(50).burstLimit(100).quotaLimit(1_000_000)
                    .quotaPeriod(Period.MONTH).apiKeyNames(List.of("acme", "globex")).build(),
            UsagePlanOptions.builder().name("internal").apiKeyNames(List.of("ops")).build());

    private static ConsistentCrudApi api(Stack stack, Consumer<ConsistentCrudApi.Builder> customizer) {
        ConsistentCrudApi.Builder b = ConsistentCrudApi.Builder.create(stack, "Api").entities(List.of(users()))
                .webAclArn(WEB_ACL);
        customizer.accept(b);
        return b.build();
    }

    @Test
    void domain_tls12_regional_basePathMapping_andAliasRecords() {
        Stack stack = Fixtures.stack();
        ConsistentCrudApi api = api(stack, b -> b.customDomain(domain(stack).build()));
        Template t = Template.fromStack(stack);
        t.hasResourceProperties("AWS::ApiGateway::DomainName", Map.of("DomainName", "api.example.com",
                "SecurityPolicy", "TLS_1_2", "RegionalCertificateArn", CERT,
                "EndpointConfiguration", Map.of("Types", List.of("REGIONAL"))));
        t.hasResourceProperties("AWS::ApiGateway::BasePathMapping", Map.of("BasePath", "orders",
                "Stage", Match.anyValue(), "RestApiId", Match.anyValue()));
        t.hasResourceProperties("AWS::Route53::RecordSet", Map.of("Type", "A", "Name", "api.example.com.",
                "HostedZoneId", "Z0123456789ABCDEFGHIJ"));
        t.hasResourceProperties("AWS::Route53::RecordSet", Map.of("Type", "AAAA"));
        assertThat(api.getDomainName()).isNotNull();
    }

    @Test
    void usagePlans_throttleAndQuotaPerKey_keys_andEveryMethodRequiresAKey() {
        Stack stack = Fixtures.stack();
        ConsistentCrudApi api = api(stack, b -> b.usagePlans(PLANS));
        Template t = Template.fromStack(stack);
        t.hasResourceProperties("AWS::ApiGateway::UsagePlan", Map.of("UsagePlanName", "partners",
                "Throttle", Map.of("RateLimit", 50, "BurstLimit", 100),
                "Quota", Map.of("Limit", 1_000_000, "Period", "MONTH")));
        t.resourceCountIs("AWS::ApiGateway::UsagePlan", 2);
        t.resourceCountIs("AWS::ApiGateway::ApiKey", 3);
        t.resourceCountIs("AWS::ApiGateway::UsagePlanKey", 3);
        assertThat(t.findResources("AWS::ApiGateway::Method", Map.of("Properties",
                Map.of("ApiKeyRequired", true)))).hasSameSizeAs(api.getMethods());
        assertThat(api.getApiKeys()).containsOnlyKeys("acme", "globex", "ops");
        assertThat(api.getUsagePlans()).containsOnlyKeys("partners", "internal");
    }

    @Test
    void withoutUsagePlans_noMethodRequiresAKey() {
        Template t = Template.fromStack(Stack.of(api(Fixtures.stack(), b -> { })));
        assertThat(t.findResources("AWS::ApiGateway::Method", Map.of("Properties",
                Map.of("ApiKeyRequired", true)))).isEmpty();
        t.resourceCountIs("AWS::ApiGateway::DomainName", 0);
    }

    private static void assertInvalid(java.util.function.Function<Stack, ConsistentCrudApi.Builder> customizer,
                                      String... parts) {
        Stack stack = Fixtures.stack();
        assertThatThrownBy(() -> customizer.apply(stack).build())
                .isInstanceOf(ConsistentCrudApiValidationException.class)
                .hasMessageStartingWith(Fixtures.PATH + ": ")
                .hasMessageContainingAll(parts);
    }

    private static ConsistentCrudApi.Builder builder(Stack stack) {
        return ConsistentCrudApi.Builder.create(stack, "Api").entities(List.of(users()));
    }

    @Test
    void invalid_domainAndPlans_failSynth_namingPropertyValueAndRule() {
        assertInvalid(s -> builder(s).customDomain(domain(s).domainName("API_.example.com").build()),
                "customDomain.domainName 'API_.example.com'", "lower-case labels");
        assertInvalid(s -> builder(s).customDomain(domain(s).domainName("api.other.org").build()),
                "customDomain.domainName 'api.other.org'", "not in the hosted zone 'example.com'");
        assertInvalid(s -> builder(s).customDomain(domain(s).basePath("/orders/").build()),
                "customDomain.basePath '/orders/'", "without a leading or trailing /");
        assertInvalid(s -> builder(s).customDomain(domain(s).endpointType(EndpointType.EDGE).build()),
                "customDomain.certificate " + CERT, "is in eu-west-1", "us-east-1");
        assertInvalid(s -> builder(s).customDomain(domain(s).certificate(null).build()),
                "customDomain.certificate is not set");
        assertInvalid(s -> builder(s).usagePlans(List.of(UsagePlanOptions.builder().name("a").rateLimit(0).build())),
                "usagePlans[a].rateLimit 0 is not positive");
        assertInvalid(s -> builder(s).usagePlans(List.of(UsagePlanOptions.builder().name("a").burstLimit(5).build())),
                "usagePlans[a].burstLimit 5 is set without rateLimit");
        assertInvalid(s -> builder(s).usagePlans(List.of(UsagePlanOptions.builder().name("a").quotaLimit(1.5).build())),
                "usagePlans[a].quotaLimit 1.5 is not a whole number");
        assertInvalid(s -> builder(s).usagePlans(List.of(UsagePlanOptions.builder().name("a").build(),
                UsagePlanOptions.builder().name("a").build())), "plan name 'a' is used twice");
        assertInvalid(s -> builder(s).usagePlans(List.of(
                UsagePlanOptions.builder().name("a").apiKeyNames(List.of("k")).build(),
                UsagePlanOptions.builder().name("b").apiKeyNames(List.of("k")).build())),
                "usagePlans[b].apiKeyNames: key 'k' is named twice");
    }

    @Test
    void domainAndPlans_areNagClean_underAwsSolutionsAndServerless() {
        App app = new App();
        NagPackProps nag = NagPackProps.builder().verbose(true).build();
        Aspects.of(app).add(new AwsSolutionsChecks(nag));
        Aspects.of(app).add(new ServerlessChecks(nag));
        Stack stack = new Stack(app, "Front");
        api(stack, b -> b.customDomain(domain(stack).build()).usagePlans(PLANS));
        Annotations annotations = Annotations.fromStack(stack);
        String rule = "(AwsSolutions|Serverless)-.*|CdkNagValidationFailure.*";
        assertThat(annotations.findError("*", Match.stringLikeRegexp(rule))).extracting(m -> m.getId() + " "
                + m.getEntry().getData()).isEmpty();
        assertThat(annotations.findWarning("*", Match.stringLikeRegexp(rule))).extracting(m -> m.getId() + " "
                + m.getEntry().getData()).isEmpty();
    }
}
