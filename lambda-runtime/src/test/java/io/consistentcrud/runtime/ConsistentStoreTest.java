package io.consistentcrud.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.consistentcrud.runtime.testing.LocalDynamoDb;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

class ConsistentStoreTest {
    private static final EntityDefinition USERS = EntityDefinition.builder()
            .name("users").tableName("store-users").partitionKey(KeyAttribute.string("userId")).build();
    private static LocalDynamoDb dynamoDb;
    private static ConsistentStore store;

    @BeforeAll
    static void start() {
        dynamoDb = LocalDynamoDb.embedded();
        dynamoDb.createTable(USERS);
        store = new ConsistentStore(dynamoDb.client(), StoreOptions.defaults());
    }

    @AfterAll
    static void stop() {
        dynamoDb.close();
    }

    private static Map<String, AttributeValue> user(String id, String name) {
        return Map.of("userId", AttributeValue.fromS(id), "name", AttributeValue.fromS(name));
    }

    private static WriteContext ctx() {
        Instant now = Instant.now();
        return WriteContext.builder().requestToken(UUID.randomUUID().toString()).caller("tester").time(now)
                .deadline(now.plus(Duration.ofSeconds(10))).build();
    }

    @Test
    void g1_readYourWrites_getAfterCreateSeesTheItem() {
        WriteResult created = store.create(USERS, user("g1", "Ada"), ctx());
        assertThat(created).isInstanceOf(WriteResult.Written.class);
        assertThat(((WriteResult.Written) created).item().version()).isEqualTo(1);
        assertThat(store.get(USERS, Map.of("userId", AttributeValue.fromS("g1"))))
                .hasValueSatisfying(item -> assertThat(item.attributes().get("name").s()).isEqualTo("Ada"));
    }

    @Test
    void g2_noLostUpdate_replaceWithStaleVersionIsAConflictCarryingTheCurrentVersion() {
        store.create(USERS, user("g2", "v1"), ctx());
        assertThat(store.replace(USERS, user("g2", "v2"), 1, ctx())).isInstanceOf(WriteResult.Written.class);
        WriteResult stale = store.replace(USERS, user("g2", "lost"), 1, ctx());
        assertThat(stale).isEqualTo(new WriteResult.Conflict(2));
        assertThat(store.get(USERS, Map.of("userId", AttributeValue.fromS("g2"))).orElseThrow()
                .attributes().get("name").s()).isEqualTo("v2");
    }

    @Test
    void g3_createOnce_secondCreateFindsTheItem() {
        store.create(USERS, user("g3", "first"), ctx());
        assertThat(store.create(USERS, user("g3", "second"), ctx())).isEqualTo(new WriteResult.AlreadyExists(1));
    }
}
