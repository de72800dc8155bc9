package io.consistentcrud.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.consistentcrud.runtime.ConsistentStore;
import io.consistentcrud.runtime.EntityDefinition;
import io.consistentcrud.runtime.KeyAttribute;
import io.consistentcrud.runtime.StoreOptions;
import io.consistentcrud.runtime.config.RuntimeConfiguration;
import io.consistentcrud.runtime.http.CrudHandler;
import io.consistentcrud.runtime.http.ProxyRequest;
import io.consistentcrud.runtime.http.ProxyResponse;
import io.consistentcrud.testing.LocalDynamoDb;
import io.consistentcrud.sample.SampleStack;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The handler, configured with the sample app's entities, against DynamoDB Local in process. */
class HandlerOnDynamoDbLocalTest {
    private static LocalDynamoDb dynamoDb;
    private static CrudHandler handler;

    @BeforeAll
    static void start() {
        dynamoDb = LocalDynamoDb.embedded();
        List<EntityDefinition> entities = SampleStack.ENTITIES.stream()
                .map(spec -> EntityDefinition.builder()
                        .name(spec.getName())
                        .tableName("sample-" + spec.getName())
                        .partitionKey(KeyAttribute.string(spec.getPartitionKey().getName()))
                        .versionAttribute(spec.getVersionAttribute())
                        .build())
                .toList();
        entities.forEach(dynamoDb::createTable);
        handler = new CrudHandler(RuntimeConfiguration.of(entities, Duration.ofSeconds(2), Duration.ofSeconds(9), 3),
                new ConsistentStore(dynamoDb.client(), StoreOptions.defaults()));
    }

    @AfterAll
    static void stop() {
        dynamoDb.close();
    }

    private static ProxyResponse send(String method, String id, Map<String, String> headers, String body) {
        if (body != null) {
            headers = new HashMap<>(headers);
            headers.put("Content-Type", "application/json");
        }
        return handler.handle(new ProxyRequest(method, "/users/{userId}", Map.of("userId", id), headers,
                body == null ? null : body.getBytes(StandardCharsets.UTF_8), "req-" + System.nanoTime()));
    }

    @Test
    void putCreatesThenGetReadsTheSameVersion() {
        ProxyResponse created = send("PUT", "u1", Map.of("If-None-Match", "*"), "{\"name\":\"Ada\"}");
        assertThat(created.statusCode()).isEqualTo(201);
        assertThat(created.headers()).containsEntry("ETag", "\"1\"");

        ProxyResponse read = send("GET", "u1", Map.of(), null);
        assertThat(read.statusCode()).isEqualTo(200);
        assertThat(read.headers()).containsEntry("ETag", "\"1\"");
        assertThat(read.body()).contains("\"name\":\"Ada\"", "\"userId\":\"u1\"");
    }

    @Test
    void replaceWithAStaleETagAnswers412WithTheCurrentVersion() {
        send("PUT", "u2", Map.of("If-None-Match", "*"), "{\"name\":\"v1\"}");
        assertThat(send("PUT", "u2", Map.of("If-Match", "\"1\""), "{\"name\":\"v2\"}").statusCode()).isEqualTo(200);

        ProxyResponse stale = send("PUT", "u2", Map.of("If-Match", "\"1\""), "{\"name\":\"lost\"}");
        assertThat(stale.statusCode()).isEqualTo(412);
        assertThat(stale.headers()).containsEntry("ETag", "\"2\"").containsEntry("Content-Type", "application/problem+json");
    }

    @Test
    void putWithoutPreconditionAnswers428AndWritesNothing() {
        ProxyResponse response = send("PUT", "u3", new HashMap<>(), "{\"name\":\"x\"}");
        assertThat(response.statusCode()).isEqualTo(428);
        assertThat(send("GET", "u3", Map.of(), null).statusCode()).isEqualTo(404);
    }
}
