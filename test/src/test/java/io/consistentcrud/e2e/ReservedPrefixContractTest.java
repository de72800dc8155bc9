package io.consistentcrud.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.consistentcrud.cdk.ConsistentCrudApi;
import io.consistentcrud.cdk.ConsistentCrudApiValidationException;
import io.consistentcrud.cdk.EntitySpec;
import io.consistentcrud.contract.ReservedAttributes;
import io.consistentcrud.runtime.Bookkeeping;
import io.consistentcrud.runtime.ConsistentStore;
import io.consistentcrud.runtime.EntityDefinition;
import io.consistentcrud.runtime.config.RuntimeConfiguration;
import io.consistentcrud.runtime.StoreOptions;
import io.consistentcrud.runtime.WriteContext;
import io.consistentcrud.runtime.WriteResult;
import io.consistentcrud.testing.LocalDynamoDb;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.dynamodb.AttributeType;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Contract: the reserved attribute prefix. Every attribute the runtime stamps on an item (live or tombstone) is one
 * the construct refuses as a key or version attribute and the runtime hides from and refuses to clients, and the
 * HTTP reference documents that prefix.
 */
class ReservedPrefixContractTest {
    private final ContractStack contract = ContractStack.get();

    @Test
    void everyAttributeTheRuntimeStamps_isRefusedByTheConstructAndHiddenByTheRuntime() {
        Set<String> stamped = stampedByTheRuntime();

        assertThat(stamped).as("control: the runtime stamped bookkeeping on the items").hasSizeGreaterThan(3);
        for (String name : stamped) {
            assertThat(Bookkeeping.isReserved(name)).as(name + " refused in a client's body").isTrue();
            assertThatThrownBy(() -> synth(EntitySpec.builder().name("users")
                    .partitionKey(ContractStack.key("userId", AttributeType.STRING)).versionAttribute(name).build()))
                    .as(name + " as a version attribute").isInstanceOf(ConsistentCrudApiValidationException.class)
                    .hasMessageContaining(name);
            assertThatThrownBy(() -> synth(EntitySpec.builder().name("users")
                    .partitionKey(ContractStack.key(name, AttributeType.STRING)).build()))
                    .as(name + " as a partition key").isInstanceOf(ConsistentCrudApiValidationException.class)
                    .hasMessageContaining(name);
        }
    }

    @Test
    void theHttpReference_documentsThePrefixTheRuntimeReserves() throws Exception {
        String reference = Files.readString(Path.of("../docs/http-api.md"));
        assertThat(reference).contains("`" + ReservedAttributes.PREFIX + "*`");
        assertThat(Bookkeeping.isReserved(ReservedAttributes.PREFIX + "AnyName")).isTrue();
    }

    /** The attributes on a created item and on the tombstone its delete leaves, beyond the client's own. */
    private Set<String> stampedByTheRuntime() {
        RuntimeConfiguration config = RuntimeConfiguration.fromEnvironment(contract.apiEnvironment());
        EntityDefinition users = config.entities().get("users");
        try (LocalDynamoDb dynamoDb = LocalDynamoDb.embedded()) {
            dynamoDb.createTable(users);
            ConsistentStore store = new ConsistentStore(dynamoDb.client(), StoreOptions.defaults());
            Map<String, AttributeValue> key = Map.of("userId", AttributeValue.fromS("u1"));
            Map<String, AttributeValue> item = Map.of("userId", AttributeValue.fromS("u1"),
                    "name", AttributeValue.fromS("Ada"));
            assertThat(store.create(users, item, context("create"))).isInstanceOf(WriteResult.Written.class);
            Set<String> stamped = new TreeSet<>(raw(dynamoDb, users, key).keySet());
            assertThat(Bookkeeping.withoutBookkeeping(raw(dynamoDb, users, key))).as("what a client reads back")
                    .containsOnlyKeys("userId", "name", users.versionAttribute());
            assertThat(store.delete(users, key, 1, context("delete"))).isInstanceOf(WriteResult.Deleted.class);
            stamped.addAll(raw(dynamoDb, users, key).keySet());
            stamped.removeAll(List.of("userId", "name", users.versionAttribute()));
            return stamped;
        }
    }

    private static Map<String, AttributeValue> raw(LocalDynamoDb dynamoDb, EntityDefinition entity,
                                                   Map<String, AttributeValue> key) {
        return dynamoDb.client().getItem(b -> b.tableName(entity.tableName()).key(key).consistentRead(true)).item();
    }

    private static WriteContext context(String token) {
        return WriteContext.builder().requestToken(token).caller("contract").time(Instant.now())
                .deadline(Instant.now().plusSeconds(30)).build();
    }

    private static void synth(EntitySpec entity) {
        ConsistentCrudApi.Builder.create(new Stack(new App(), "Reserved"), "Api").entities(List.of(entity)).build();
    }
}
