package io.consistentcrud.runtime.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.consistentcrud.runtime.StoreOptions;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RuntimeConfigurationTest {
    private static Map<String, String> minimal() {
        Map<String, String> env = new HashMap<>();
        env.put("CCA_ENTITIES", "[{\"name\":\"users\",\"table\":\"t-users\",\"pk\":{\"name\":\"userId\",\"type\":\"S\"},"
                + "\"version\":\"version\",\"consistentRead\":true,\"ttl\":\"expiresAt\"}]");
        env.put("CCA_ATTEMPT_TIMEOUT_MS", "800");
        env.put("CCA_CALL_TIMEOUT_MS", "5000");
        env.put("CCA_MAX_ATTEMPTS", "4");
        return env;
    }

    @Test
    void environmentWithEveryVariable_isReadIntoTheConfigurationAndTheStoreOptions() {
        Map<String, String> env = minimal();
        env.put("CCA_IDEMPOTENCY_TABLE", "t-idempotency");
        env.put("CCA_IDEMPOTENCY_WINDOW_SECONDS", "79200");
        env.put("CCA_METRICS_NAMESPACE", "Shop");
        env.put("CCA_SERVICE_NAME", "orders-api");

        RuntimeConfiguration config = RuntimeConfiguration.fromEnvironment(env);
        StoreOptions options = config.storeOptions().build();

        assertThat(config.idempotencyTable()).contains("t-idempotency");
        assertThat(config.idempotencyWindow()).isEqualTo(Duration.ofHours(22));
        assertThat(config.metricsNamespace()).isEqualTo("Shop");
        assertThat(config.serviceName()).isEqualTo("orders-api");
        assertThat(config.entities().get("users").ttlAttribute()).contains("expiresAt");
        assertThat(options.idempotencyTable()).contains("t-idempotency");
        assertThat(options.idempotencyWindow()).isEqualTo(Duration.ofHours(22));
        assertThat(options.callTimeout()).contains(Duration.ofMillis(5000));
    }

    @Test
    void anEntitysSchemaInTheEntitiesDocument_isCompiledIntoItsDefinition() {
        String schema = "{\"type\":\"object\",\"required\":[\"id\",\"name\"],"
                + "\"properties\":{\"id\":{\"type\":\"string\"},\"name\":{\"type\":\"string\"}}}";
        var entities = RuntimeConfiguration.entitiesFromJson("[{\"name\":\"users\",\"table\":\"t\","
                + "\"pk\":{\"name\":\"id\",\"type\":\"S\"},\"version\":\"version\",\"schema\":" + schema + "}]");
        var users = entities.get(0);
        assertThat(users.schema()).contains(io.consistentcrud.runtime.schema.ItemSchema.parse(schema));
        assertThat(users.schema().get().violations(Map.of(
                "id", software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromS("a"),
                "version", software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromN("3")), "version"))
                .extracting(v -> v.keyword()).containsExactly("required");
    }

    @Test
    void uniqueAttributesInTheEntitiesDocument_needTheUniqueValuesTable_andGetIt() {
        Map<String, String> env = minimal();
        env.put("CCA_ENTITIES", "[{\"name\":\"users\",\"table\":\"t-users\",\"pk\":{\"name\":\"userId\","
                + "\"type\":\"S\"},\"version\":\"version\",\"unique\":[\"email\"]},"
                + "{\"name\":\"logs\",\"table\":\"t-logs\",\"pk\":{\"name\":\"id\",\"type\":\"S\"}}]");
        assertThatThrownBy(() -> RuntimeConfiguration.fromEnvironment(env))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("CCA_UNIQUE_VALUES_TABLE");

        env.put("CCA_UNIQUE_VALUES_TABLE", "t-unique");
        RuntimeConfiguration config = RuntimeConfiguration.fromEnvironment(env);
        assertThat(config.entities().get("users").uniqueAttributes()).containsExactly("email");
        assertThat(config.entities().get("users").uniqueValuesTable()).contains("t-unique");
        // An entity without unique attributes is the same as before the table existed.
        assertThat(config.entities().get("logs").uniqueValuesTable()).isEmpty();
    }

    @Test
    void environmentWithoutTheOptionalVariables_getsTheDocumentedDefaults() {
        RuntimeConfiguration config = RuntimeConfiguration.fromEnvironment(minimal());

        assertThat(config.idempotencyTable()).isEmpty();
        assertThat(config.idempotencyWindow()).isEqualTo(Duration.ofHours(24));
        assertThat(config.metricsNamespace()).isEqualTo("ConsistentCrudApi");
        assertThat(config.serviceName()).isEqualTo("ConsistentCrudApi");
    }

    @Test
    void aWindowThatIsNotAWholeNumber_failsNamingTheVariable() {
        Map<String, String> env = minimal();
        env.put("CCA_IDEMPOTENCY_WINDOW_SECONDS", "a day");

        assertThatThrownBy(() -> RuntimeConfiguration.fromEnvironment(env))
                .hasMessageContaining("CCA_IDEMPOTENCY_WINDOW_SECONDS").hasMessageContaining("a day");
    }
}
