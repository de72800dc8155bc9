package io.consistentcrud.sample.local;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.LocalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.Projection;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.StreamSpecification;

/**
 * Creates the template's tables on a DynamoDB endpoint when they are missing: key schema, attribute definitions,
 * secondary indexes, stream and TTL as the template declares them. Existing tables are left as they are, so a
 * persistent endpoint keeps its data across restarts.
 *
 * <p>Billing, encryption, point-in-time recovery and deletion protection have no local meaning and are not applied.
 */
final class TableProvisioner {
    private final DynamoDbClient client;

    TableProvisioner(DynamoDbClient client) {
        this.client = client;
    }

    /** Creates every missing table; answers the names of the tables it created. */
    List<String> provision(List<ApiTemplate.TableSpec> tables) {
        List<String> created = new ArrayList<>();
        for (ApiTemplate.TableSpec table : tables) {
            if (exists(table.tableName())) {
                continue;
            }
            try {
                client.createTable(request(table));
                created.add(table.tableName());
            } catch (ResourceInUseException createdMeanwhile) {
                // Another local gateway on the same endpoint created it first: the table is there, which is all we need.
                continue;
            }
            client.waiter().waitUntilTableExists(b -> b.tableName(table.tableName()));
            ttlAttribute(table).ifPresent(attribute -> client.updateTimeToLive(b -> b.tableName(table.tableName())
                    .timeToLiveSpecification(t -> t.enabled(true).attributeName(attribute))));
        }
        return created;
    }

    private boolean exists(String tableName) {
        try {
            client.describeTable(b -> b.tableName(tableName));
            return true;
        } catch (ResourceNotFoundException missing) {
            return false;
        }
    }

    @SuppressWarnings("unchecked")
    private static CreateTableRequest request(ApiTemplate.TableSpec table) {
        Map<String, Object> p = table.properties();
        CreateTableRequest.Builder b = CreateTableRequest.builder()
                .tableName(table.tableName())
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .keySchema(keySchema(p.get("KeySchema")))
                .attributeDefinitions(((List<Map<String, Object>>) p.getOrDefault("AttributeDefinitions", List.of()))
                        .stream()
                        .map(a -> AttributeDefinition.builder()
                                .attributeName(String.valueOf(a.get("AttributeName")))
                                .attributeType(String.valueOf(a.get("AttributeType")))
                                .build())
                        .toList());
        if (p.get("StreamSpecification") instanceof Map<?, ?> stream && stream.get("StreamViewType") != null) {
            b.streamSpecification(StreamSpecification.builder()
                    .streamEnabled(true)
                    .streamViewType(String.valueOf(stream.get("StreamViewType")))
                    .build());
        }
        List<Map<String, Object>> gsis = (List<Map<String, Object>>) p.getOrDefault("GlobalSecondaryIndexes", List.of());
        if (!gsis.isEmpty()) {
            b.globalSecondaryIndexes(gsis.stream().map(i -> GlobalSecondaryIndex.builder()
                    .indexName(String.valueOf(i.get("IndexName")))
                    .keySchema(keySchema(i.get("KeySchema")))
                    .projection(projection(i.get("Projection")))
                    .build()).toList());
        }
        List<Map<String, Object>> lsis = (List<Map<String, Object>>) p.getOrDefault("LocalSecondaryIndexes", List.of());
        if (!lsis.isEmpty()) {
            b.localSecondaryIndexes(lsis.stream().map(i -> LocalSecondaryIndex.builder()
                    .indexName(String.valueOf(i.get("IndexName")))
                    .keySchema(keySchema(i.get("KeySchema")))
                    .projection(projection(i.get("Projection")))
                    .build()).toList());
        }
        return b.build();
    }

    @SuppressWarnings("unchecked")
    private static List<KeySchemaElement> keySchema(Object value) {
        return ((List<Map<String, Object>>) value).stream()
                .map(k -> KeySchemaElement.builder()
                        .attributeName(String.valueOf(k.get("AttributeName")))
                        .keyType(String.valueOf(k.get("KeyType")))
                        .build())
                .toList();
    }

    @SuppressWarnings("unchecked")
    private static Projection projection(Object value) {
        Map<String, Object> p = value instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
        Projection.Builder b = Projection.builder()
                .projectionType(String.valueOf(p.getOrDefault("ProjectionType", "ALL")));
        if (p.get("NonKeyAttributes") instanceof List<?> attrs) {
            b.nonKeyAttributes(attrs.stream().map(String::valueOf).toList());
        }
        return b.build();
    }

    private static java.util.Optional<String> ttlAttribute(ApiTemplate.TableSpec table) {
        if (table.properties().get("TimeToLiveSpecification") instanceof Map<?, ?> ttl
                && Boolean.TRUE.equals(ttl.get("Enabled")) && ttl.get("AttributeName") != null) {
            return java.util.Optional.of(String.valueOf(ttl.get("AttributeName")));
        }
        return java.util.Optional.empty();
    }
}
