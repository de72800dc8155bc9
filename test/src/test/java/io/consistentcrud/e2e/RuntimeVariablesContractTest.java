package io.consistentcrud.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.consistentcrud.cdk.AuditTrail;
import io.consistentcrud.cdk.LambdaRuntimeAsset;
import io.consistentcrud.cdk.RuntimeEnvironment;
import io.consistentcrud.runtime.EntityDefinition;
import io.consistentcrud.runtime.KeyAttribute;
import io.consistentcrud.runtime.config.RuntimeConfiguration;
import io.consistentcrud.runtime.audit.AuditOptions;
import io.consistentcrud.runtime.audit.AuditStreamHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.URL;
import java.net.URLClassLoader;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Contract: the environment variables, the entities document and the handler strings. The runtime reads every
 * variable the construct sets, to the values the construct meant, and the handlers the construct deploys exist in
 * the jar it deploys.
 */
class RuntimeVariablesContractTest {
    private final ContractStack contract = ContractStack.get();

    @Test
    void theApiFunctionReadsEveryVariableTheConstructSets_toTheValuesTheConstructMeant() {
        ContractStack.ReadRecorder env = new ContractStack.ReadRecorder(contract.apiEnvironment());

        RuntimeConfiguration config = RuntimeConfiguration.fromEnvironment(env);

        assertThat(env.read()).as("variables the construct sets but the runtime never reads")
                .containsAll(env.keySet());
        var budget = contract.api.getTimeoutBudget();
        assertThat(config.attemptTimeout()).isEqualTo(Duration.ofMillis(
                budget.getSdkAttemptTimeout().toMilliseconds().longValue()));
        assertThat(config.callTimeout()).isEqualTo(Duration.ofMillis(
                budget.getSdkCallTimeout().toMilliseconds().longValue()));
        assertThat(config.maxAttempts()).isEqualTo(budget.getSdkMaxAttempts());
        assertThat(config.idempotencyTable()).hasValueSatisfying(t -> assertThat(t).startsWith("table-Api"));
        assertThat(config.idempotencyWindow()).isEqualTo(Duration.ofSeconds(ContractStack.WINDOW_SECONDS));
        assertThat(config.metricsNamespace()).isEqualTo(ContractStack.NAMESPACE);
        assertThat(config.serviceName()).isEqualTo(ContractStack.SERVICE);
        assertEntities(config.entities());
    }

    @Test
    void theAuditConsumerReadsEveryVariableTheConstructSetsOnIt() {
        ContractStack.ReadRecorder env = new ContractStack.ReadRecorder(contract.auditEnvironment());

        AuditOptions options = AuditStreamHandler.optionsFrom(env);
        var entities = RuntimeConfiguration.entitiesFromJson(env.get(RuntimeConfiguration.ENV_ENTITIES));

        assertThat(env.read()).as("variables the construct sets but the audit consumer never reads")
                .containsAll(env.keySet());
        assertThat(options).isEqualTo(AuditOptions.namesOnly());
        assertThat(entities).extracting(EntityDefinition::name).containsExactly("users", "ledger");
    }

    @Test
    void theHandlersTheConstructDeploys_arePublicMethodsOfTheEmbeddedRuntimeJar() throws Exception {
        for (String handler : new String[] {RuntimeEnvironment.DEFAULT_HANDLER, AuditTrail.HANDLER}) {
            assertThat(contract.template.findResources("AWS::Lambda::Function",
                    Map.of("Properties", Map.of("Handler", handler)))).as(handler).hasSize(1);
            String[] classAndMethod = handler.split("::");
            try (URLClassLoader jar = new URLClassLoader(new URL[] {LambdaRuntimeAsset.jarPath().toUri().toURL()},
                    ClassLoader.getPlatformClassLoader())) {
                Class<?> type = Class.forName(classAndMethod[0], false, jar);
                assertThat(type.getClassLoader()).as("loaded from the embedded jar").isSameAs(jar);
                assertThat(Arrays.stream(type.getMethods()).filter(m -> m.getName().equals(classAndMethod[1]))
                        .map(Method::getModifiers)).as(handler).isNotEmpty().allMatch(Modifier::isPublic);
            }
        }
    }

    private static void assertEntities(Map<String, EntityDefinition> entities) {
        assertThat(entities).containsOnlyKeys("users", "ledger");
        EntityDefinition users = entities.get("users");
        assertThat(users.partitionKey()).isEqualTo(KeyAttribute.of("userId", KeyAttribute.Type.S));
        assertThat(users.sortKey()).isEmpty();
        assertThat(users.versionAttribute()).isEqualTo("version");
        assertThat(users.consistentRead()).isTrue();
        assertThat(users.ttlAttribute()).isEmpty();
        assertThat(users.uniqueAttributes()).containsExactly("email", "handle");
        assertThat(users.uniqueValuesTable()).hasValueSatisfying(t -> assertThat(t).startsWith("table-Api"));
        EntityDefinition ledger = entities.get("ledger");
        assertThat(ledger.tableName()).startsWith("table-ApiTableLedger");
        assertThat(ledger.partitionKey()).isEqualTo(KeyAttribute.of("account", KeyAttribute.Type.N));
        assertThat(ledger.sortKey()).contains(KeyAttribute.of("seq", KeyAttribute.Type.N));
        assertThat(ledger.versionAttribute()).isEqualTo("rev");
        assertThat(ledger.consistentRead()).isFalse();
        assertThat(ledger.ttlAttribute()).contains("purgeAt");
        assertThat(ledger.uniqueAttributes()).isEmpty();
    }
}
