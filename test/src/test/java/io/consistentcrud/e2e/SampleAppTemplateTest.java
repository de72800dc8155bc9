package io.consistentcrud.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.consistentcrud.cdk.AuditTrail;
import io.consistentcrud.cdk.EntitySpec;
import io.consistentcrud.cdk.LambdaRuntimeAsset;
import io.consistentcrud.cdk.testing.TemplateSnapshot;
import io.consistentcrud.runtime.audit.AuditOptions;
import io.consistentcrud.runtime.audit.AuditStreamHandler;
import io.consistentcrud.runtime.config.RuntimeConfiguration;
import io.consistentcrud.sample.SampleApp;
import io.consistentcrud.sample.SampleStack;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.App;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;
import software.amazon.awscdk.cxapi.CloudAssembly;

/** The sample app, synthesized in process exactly as {@code cdk synth} does it. */
class SampleAppTemplateTest {
    private static SampleStack stack;
    private static Template template;
    private static CloudAssembly assembly;

    @BeforeAll
    static void synth() {
        App app = new App();
        stack = new SampleStack(app, SampleApp.STACK_NAME, StackProps.builder().build());
        assembly = app.synth();
        template = Template.fromStack(stack);
    }

    @Test
    void hasARestApiIntegratedWithTheFunctionAlias() {
        template.resourceCountIs("AWS::ApiGateway::RestApi", 1);
        template.hasResourceProperties("AWS::ApiGateway::Method", Map.of(
                "HttpMethod", "GET",
                "Integration", Map.of("Type", "AWS_PROXY")));
        template.resourceCountIs("AWS::Lambda::Alias", 1);
    }

    @Test
    void theFunctionRunsTheEmbeddedRuntimeJar() throws Exception {
        template.hasResourceProperties("AWS::Lambda::Function", Map.of(
                "Handler", "io.consistentcrud.runtime.http.LambdaEntry::handleRequest",
                "Code", Map.of("S3Key", Match.stringLikeRegexp("[0-9a-f]{64}\\.jar"))));
        Path staged = Path.of(assembly.getDirectory());
        String jarHash = sha256(Files.readAllBytes(LambdaRuntimeAsset.jarPath()));
        try (var files = Files.list(staged)) {
            List<Path> jars = files.filter(p -> p.getFileName().toString().endsWith(".jar")).toList();
            assertThat(jars).as("the staged asset is the runtime jar, byte for byte").anySatisfy(
                    jar -> assertThat(sha256(Files.readAllBytes(jar))).isEqualTo(jarHash));
        }
        assertThat(Files.readAllBytes(LambdaRuntimeAsset.jarPath()).length).isGreaterThan(100_000);
    }

    @Test
    void everyEntityHasARetainedTableV2WithNewAndOldImageStreamAndAMaxThroughputGuard_plusTheIdempotencyTable() {
        template.resourceCountIs("AWS::DynamoDB::Table", 0);
        // Plus the idempotency table, and the unique-values table: users are unique by email.
        template.resourceCountIs("AWS::DynamoDB::GlobalTable", SampleStack.ENTITIES.size() + 2);
        assertThat(stack.getApi().getUniqueValuesTable()).isNotNull();
        for (var entity : SampleStack.ENTITIES) {
            template.hasResource("AWS::DynamoDB::GlobalTable", Map.of(
                    "Properties", Match.objectLike(Map.of(
                            "KeySchema", List.of(Map.of("AttributeName", entity.getPartitionKey().getName(),
                                    "KeyType", "HASH")),
                            "StreamSpecification", Map.of("StreamViewType", "NEW_AND_OLD_IMAGES"),
                            "WriteOnDemandThroughputSettings", Map.of("MaxWriteRequestUnits",
                                    entity.getMaxWriteRequestUnits() != null ? entity.getMaxWriteRequestUnits()
                                            : EntitySpec.DEFAULT_MAX_REQUEST_UNITS))),
                    "DeletionPolicy", "Retain"));
        }
    }

    @Test
    void theStageIsBehindTheSampleWebAcl() {
        template.resourceCountIs("AWS::WAFv2::WebACL", 1);
        template.hasResourceProperties("AWS::WAFv2::WebACLAssociation", Map.of(
                "WebACLArn", Map.of("Fn::GetAtt", List.of(
                        stack.resolve(stack.getWebAcl().getLogicalId()), "Arn"))));
    }

    @Test
    void theRuntimeReadsTheEnvironmentTheConstructSets_withTheResolvedBudget() {
        RuntimeConfiguration config = RuntimeConfiguration.fromEnvironment(
                deployedEnvironment("io.consistentcrud.runtime.http.LambdaEntry::handleRequest"));
        assertThat(config.entities()).containsOnlyKeys("users", "products", "orders", "reviews", "counters");
        assertThat(config.entities().get("users").tableName()).startsWith("table-ApiTableUsers");
        assertThat(config.attemptTimeout()).isEqualTo(java.time.Duration.ofMillis(
                stack.getApi().getTimeoutBudget().getSdkAttemptTimeout().toMilliseconds().longValue()));
        assertThat(config.callTimeout()).isEqualTo(java.time.Duration.ofSeconds(9));
        assertThat(config.maxAttempts()).isEqualTo(3);
    }

    @Test
    void theAuditConsumerReadsTheEnvironmentTheConstructSets() {
        Map<String, String> env = deployedEnvironment(AuditTrail.HANDLER);
        assertThat(env).containsKeys(AuditOptions.ENV_INCLUDE_VALUES, AuditOptions.ENV_REDACT);
        assertThat(AuditStreamHandler.optionsFrom(env)).isEqualTo(AuditOptions.namesOnly());
        assertThat(RuntimeConfiguration.entitiesFromJson(env.get(RuntimeConfiguration.ENV_ENTITIES)))
                .extracting(e -> e.name()).containsExactly("users", "products", "orders", "reviews", "counters");
    }

    private static Map<String, String> deployedEnvironment(String handler) {
        return DeployedEnvironment.of(template, handler);
    }

    @Test
    void templateMatchesTheNormalizedSnapshot() {
        TemplateSnapshot.of(stack).assertMatches(Path.of("src/test/resources/snapshots/" + SampleApp.STACK_NAME + ".template.json"));
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }
}
