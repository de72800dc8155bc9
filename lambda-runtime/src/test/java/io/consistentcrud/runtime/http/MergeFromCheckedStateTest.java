package io.consistentcrud.runtime.http;

import static io.consistentcrud.runtime.http.HttpFixture.json;
import static io.consistentcrud.runtime.http.HttpFixture.req;
import static org.assertj.core.api.Assertions.assertThat;

import io.consistentcrud.runtime.ConsistentStore;
import io.consistentcrud.runtime.EntityDefinition;
import io.consistentcrud.runtime.KeyAttribute;
import io.consistentcrud.runtime.config.RuntimeConfiguration;
import io.consistentcrud.testing.LocalDynamoDb;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkResponse;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;

/**
 * G1/G2: a JSON merge patch is computed from the very state whose version the write checks, never from a read that
 * may be stale. The entity opts out of consistent reads, and a lagging replica (eventually consistent GetItems are
 * answered from a snapshot taken before the client's last write) makes the staleness happen on DynamoDB Local,
 * which is otherwise always consistent.
 */
class MergeFromCheckedStateTest {
    private static final EntityDefinition PROFILES = EntityDefinition.builder().name("profiles")
            .tableName("merge-profiles").partitionKey(KeyAttribute.string("profileId")).consistentRead(false).build();

    private static LocalDynamoDb dynamoDb;
    private static LaggingReplica replica;
    private static DynamoDbClient client;
    private static CrudHandler handler;

    @BeforeAll
    static void start() {
        dynamoDb = LocalDynamoDb.server();
        dynamoDb.createTable(PROFILES);
        replica = new LaggingReplica();
        client = DynamoDbClient.builder().endpointOverride(dynamoDb.endpoint()).region(LocalDynamoDb.REGION)
                .credentialsProvider(LocalDynamoDb.CREDENTIALS)
                .overrideConfiguration(o -> o.addExecutionInterceptor(replica)).build();
        RuntimeConfiguration config = RuntimeConfiguration.builder().entities(List.of(PROFILES))
                .attemptTimeout(Duration.ofSeconds(2)).callTimeout(Duration.ofSeconds(9)).maxAttempts(3).build();
        handler = new CrudHandler(config, new ConsistentStore(client, config.storeOptions().build()));
    }

    @AfterAll
    static void stop() {
        client.close();
        dynamoDb.close();
    }

    private static ProxyResponse send(HttpFixture.Req request) {
        return handler.handle(request.build());
    }

    private static ProxyResponse patch(String etag, String body) {
        return send(req("PATCH", "/profiles/{profileId}").path("profileId", "p1").header("If-Match", etag)
                .header("Content-Type", "application/merge-patch+json").json(body));
    }

    @Test
    void g1_g2_aMergePatchIsComputedFromTheStateWhoseVersionItChecks() {
        ProxyResponse created = send(req("POST", "/profiles").json("{\"profileId\":\"p1\",\"prefs\":{\"a\":1}}"));
        replica.freeze();
        ProxyResponse second = patch(created.headers().get("ETag"), "{\"prefs\":{\"b\":2}}");
        assertThat(second.statusCode()).isEqualTo(200);

        ProxyResponse third = patch(second.headers().get("ETag"), "{\"prefs\":{\"c\":3}}");

        // Control: the replica really lags; an eventually consistent read shows the state before the second write.
        ProxyResponse lagging = send(req("GET", "/profiles/{profileId}").path("profileId", "p1"));
        assertThat(lagging.headers()).containsEntry("ETag", "\"1\"");
        assertThat(replica.staleAnswers.get()).isPositive();
        assertThat(third.statusCode()).isEqualTo(200);
        assertThat(third.headers()).containsEntry("ETag", "\"3\"");
        Map<String, JsonNode> prefs = json(third).get("prefs").asObject();
        assertThat(prefs.keySet()).containsExactlyInAnyOrder("a", "b", "c");
        Map<String, AttributeValue> stored = client.getItem(b -> b.tableName(PROFILES.tableName())
                .key(Map.of("profileId", AttributeValue.fromS("p1"))).consistentRead(true)).item();
        assertThat(stored.get("prefs").m().keySet()).containsExactlyInAnyOrder("a", "b", "c");
    }

    /**
     * A replica behind the leader: after {@link #freeze()}, every eventually consistent GetItem of a key answers the
     * item as it was at the freeze (taken by a consistent read then). Consistent reads and writes are untouched.
     */
    private static final class LaggingReplica implements ExecutionInterceptor {
        private final Map<Map<String, AttributeValue>, GetItemResponse> snapshot = new ConcurrentHashMap<>();
        private final AtomicInteger staleAnswers = new AtomicInteger();
        private volatile boolean frozen;

        void freeze() {
            GetItemResponse now = client.getItem(b -> b.tableName(PROFILES.tableName())
                    .key(Map.of("profileId", AttributeValue.fromS("p1"))).consistentRead(true));
            snapshot.put(Map.of("profileId", AttributeValue.fromS("p1")), now);
            frozen = true;
        }

        @Override
        public SdkResponse modifyResponse(Context.ModifyResponse context, ExecutionAttributes attributes) {
            if (frozen && context.request() instanceof GetItemRequest get && !Boolean.TRUE.equals(get.consistentRead())) {
                GetItemResponse stale = snapshot.get(get.key());
                if (stale != null) {
                    staleAnswers.incrementAndGet();
                    return stale;
                }
            }
            return context.response();
        }
    }
}
