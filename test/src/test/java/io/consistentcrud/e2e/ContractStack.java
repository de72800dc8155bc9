package io.consistentcrud.e2e;

import io.consistentcrud.cdk.AuditTrail;
import io.consistentcrud.cdk.ConsistentCrudApi;
import io.consistentcrud.cdk.EntitySpec;
import io.consistentcrud.cdk.RuntimeEnvironment;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Template;
import software.amazon.awscdk.services.dynamodb.Attribute;
import software.amazon.awscdk.services.dynamodb.AttributeType;

/**
 * One construct, synthesized once per JVM, with a value other than the default wherever the construct and the
 * runtime must agree on a name: a default that both sides happen to share would hide a drift.
 */
final class ContractStack {
    static final String NAMESPACE = "ContractShop";
    static final String SERVICE = "orders-contract";
    static final long WINDOW_SECONDS = 7_200;

    private static ContractStack synthesized;

    final ConsistentCrudApi api;
    final Template template;

    private ContractStack() {
        Stack stack = new Stack(new App(), "Contract");
        api = ConsistentCrudApi.Builder.create(stack, "Api")
                .entities(List.of(
                        EntitySpec.builder().name("users").partitionKey(key("userId", AttributeType.STRING))
                                .uniqueAttributes(List.of("email", "handle")).build(),
                        EntitySpec.builder().name("ledger").partitionKey(key("account", AttributeType.NUMBER))
                                .sortKey(key("seq", AttributeType.NUMBER)).versionAttribute("rev")
                                .consistentRead(false).timeToLiveAttribute("purgeAt").build()))
                .metricsNamespace(NAMESPACE)
                .serviceName(SERVICE)
                .idempotencyWindow(Duration.seconds(WINDOW_SECONDS))
                .auditTrail(true)
                .build();
        template = Template.fromStack(stack);
    }

    static synchronized ContractStack get() {
        if (synthesized == null) {
            synthesized = new ContractStack();
        }
        return synthesized;
    }

    static Attribute key(String name, AttributeType type) {
        return Attribute.builder().name(name).type(type).build();
    }

    /** The API function's environment as deployed. */
    Map<String, String> apiEnvironment() {
        return DeployedEnvironment.of(template, RuntimeEnvironment.DEFAULT_HANDLER);
    }

    /** The audit consumer's environment as deployed. */
    Map<String, String> auditEnvironment() {
        return DeployedEnvironment.of(template, AuditTrail.HANDLER);
    }

    /** An environment that remembers which variables were read. */
    static final class ReadRecorder extends HashMap<String, String> {
        private static final long serialVersionUID = 1L;
        private final Set<Object> read = new HashSet<>();

        ReadRecorder(Map<String, String> env) {
            super(env);
        }

        @Override
        public String get(Object key) {
            read.add(key);
            return super.get(key);
        }

        @Override
        public String getOrDefault(Object key, String defaultValue) {
            read.add(key);
            return super.getOrDefault(key, defaultValue);
        }

        @Override
        public boolean containsKey(Object key) {
            read.add(key);
            return super.containsKey(key);
        }

        Set<Object> read() {
            return read;
        }
    }
}
