package io.consistentcrud.cdk;

import static io.consistentcrud.cdk.Fixtures.number;
import static io.consistentcrud.cdk.Fixtures.string;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The CCA_ENTITIES document of the construct-runtime contract. */
class RuntimeEnvironmentTest {

    @Test
    void entitiesJson_describesKeysVersionReadsAndTtl_inDeclarationOrder() {
        String json = RuntimeEnvironment.entitiesJson(List.of(
                EntitySpec.builder().name("users").partitionKey(string("userId")).build(),
                EntitySpec.builder().name("ledger").partitionKey(number("account")).sortKey(number("seq"))
                        .versionAttribute("rev").consistentRead(false).timeToLiveAttribute("expiresAt").build()),
                List.of("t-users", "t-ledger"));
        assertThat(json).isEqualTo("[{\"name\":\"users\",\"table\":\"t-users\",\"pk\":{\"name\":\"userId\","
                + "\"type\":\"S\"},\"version\":\"version\",\"consistentRead\":true},"
                + "{\"name\":\"ledger\",\"table\":\"t-ledger\",\"pk\":{\"name\":\"account\",\"type\":\"N\"},"
                + "\"sk\":{\"name\":\"seq\",\"type\":\"N\"},\"version\":\"rev\",\"consistentRead\":false,"
                + "\"ttl\":\"expiresAt\"}]");
    }

    @Test
    void entitiesJson_escapesQuotes_soTheDocumentStaysValid() {
        assertThat(RuntimeEnvironment.entitiesJson(List.of(EntitySpec.builder().name("a")
                .partitionKey(string("id")).build()), List.of("x\"y"))).contains("\"table\":\"x\\\"y\"");
    }

    @Test
    void entitiesJson_needsOneTableNamePerEntity() {
        assertThatThrownBy(() -> RuntimeEnvironment.entitiesJson(List.of(EntitySpec.builder().name("a")
                .partitionKey(string("id")).build()), List.of()))
                .hasMessage("1 entities but 0 table names");
    }
}
