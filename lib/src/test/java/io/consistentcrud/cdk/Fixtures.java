package io.consistentcrud.cdk;

import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Template;
import software.amazon.awscdk.services.dynamodb.Attribute;
import software.amazon.awscdk.services.dynamodb.AttributeType;

/** Stacks and entities for the construct's tests. One JVM runs them all: jsii starts once. */
final class Fixtures {
    static final String STACK = "Stack";
    static final String PATH = "Stack/Api";

    private Fixtures() {
    }

    static Attribute string(String name) {
        return Attribute.builder().name(name).type(AttributeType.STRING).build();
    }

    static Attribute number(String name) {
        return Attribute.builder().name(name).type(AttributeType.NUMBER).build();
    }

    static EntitySpec users() {
        return EntitySpec.builder().name("users").partitionKey(string("userId")).build();
    }

    static EntitySpec orders() {
        return EntitySpec.builder().name("orders").partitionKey(string("customerId")).sortKey(string("orderId"))
                .build();
    }

    static Stack stack() {
        return new Stack(new App(), STACK);
    }

    /** A stack in a Region, for what a TableV2 can only render per Region (replicas, customer-managed keys). */
    static Stack stackIn(String region) {
        return new Stack(new App(), STACK, software.amazon.awscdk.StackProps.builder()
                .env(software.amazon.awscdk.Environment.builder().account("111122223333").region(region).build())
                .build());
    }

    /** A builder of an API in a fresh stack, with the users entity unless the customizer replaces it. */
    static ConsistentCrudApi api(Consumer<ConsistentCrudApi.Builder> customizer) {
        return api(stack(), customizer);
    }

    static ConsistentCrudApi api(Stack stack, Consumer<ConsistentCrudApi.Builder> customizer) {
        ConsistentCrudApi.Builder b = ConsistentCrudApi.Builder.create(stack, "Api").entities(List.of(users()));
        customizer.accept(b);
        return b.build();
    }

    /** Asserts that an API of the one entity in the stack is refused at synth with the entity's detail. */
    static void assertRefused(Stack stack, EntitySpec entity, String detail) {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> api(stack, b -> b.entities(List.of(entity))))
                .isInstanceOf(ConsistentCrudApiValidationException.class)
                .hasMessage(PATH + ": entity '" + entity.getName() + "': " + detail);
    }

    static Template template(Consumer<ConsistentCrudApi.Builder> customizer) {
        return Template.fromStack(Stack.of(api(customizer)));
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> properties(Template t, String type) {
        Map<String, Map<String, Object>> resources = new java.util.LinkedHashMap<>(t.findResources(type));
        // The audit trail's consumer is a function of its own, tested in AuditTrailTest.
        resources.keySet().removeIf(id -> id.contains("AuditTrail"));
        if (resources.size() != 1) {
            throw new AssertionError("expected one " + type + " but found " + resources.keySet());
        }
        return (Map<String, Object>) resources.values().iterator().next().get("Properties");
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> envVarsOf(Template t, String handler) {
        Map<String, Object> fn = t.findResources("AWS::Lambda::Function", Map.of("Properties",
                Map.of("Handler", handler))).values().iterator().next();
        return (Map<String, Object>) ((Map<String, Object>) ((Map<String, Object>) fn.get("Properties"))
                .get("Environment")).get("Variables");
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> envVars(Template t) {
        Map<String, Object> fn = properties(t, "AWS::Lambda::Function");
        return (Map<String, Object>) ((Map<String, Object>) fn.get("Environment")).get("Variables");
    }
}
