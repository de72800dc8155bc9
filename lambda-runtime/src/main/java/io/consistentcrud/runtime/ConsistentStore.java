package io.consistentcrud.runtime;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;

/**
 * The safe data layer: strongly consistent reads and version-conditioned writes over a {@link DynamoDbClient}.
 *
 * <p>Usable on its own from any Java handler; the client is injected and never created here.
 */
public final class ConsistentStore {
    private final DynamoDbClient dynamoDb;

    public ConsistentStore(DynamoDbClient dynamoDb) {
        this.dynamoDb = Objects.requireNonNull(dynamoDb, "dynamoDb");
    }

    /** Reads one item, strongly consistent unless the entity opted out (G1). */
    public Optional<VersionedItem> get(EntityDefinition entity, Map<String, AttributeValue> key) {
        GetItemResponse response = dynamoDb.getItem(GetItemRequest.builder()
                .tableName(entity.tableName())
                .key(key)
                .consistentRead(entity.consistentRead())
                .build());
        if (!response.hasItem() || response.item().isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new VersionedItem(response.item(), versionOf(entity, response.item())));
    }

    /**
     * Writes the whole item: a create when {@code expectedVersion} is 0, otherwise a replace of exactly that version
     * (G2, G3). The answer carries the item as written, so no read-after-write is needed (G1).
     */
    public WriteResult put(EntityDefinition entity, Map<String, AttributeValue> attributes, long expectedVersion) {
        long newVersion = expectedVersion + 1;
        Map<String, AttributeValue> item = new HashMap<>(attributes);
        item.put(entity.versionAttribute(), AttributeValue.fromN(Long.toString(newVersion)));
        PutItemRequest.Builder request = PutItemRequest.builder()
                .tableName(entity.tableName())
                .item(item)
                .expressionAttributeNames(Map.of("#v", entity.versionAttribute()))
                .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD);
        if (expectedVersion == 0) {
            request.conditionExpression("attribute_not_exists(#v)");
        } else {
            request.conditionExpression("#v = :expected")
                    .expressionAttributeValues(Map.of(":expected", AttributeValue.fromN(Long.toString(expectedVersion))));
        }
        try {
            dynamoDb.putItem(request.build());
            return new WriteResult.Written(new VersionedItem(item, newVersion), expectedVersion == 0);
        } catch (ConditionalCheckFailedException e) {
            // The current version comes from the failed write itself (ALL_OLD), not from a second read (G2).
            if (!e.hasItem() || e.item().isEmpty()) {
                return new WriteResult.NotFound();
            }
            long current = versionOf(entity, e.item());
            return expectedVersion == 0 ? new WriteResult.AlreadyExists(current) : new WriteResult.Conflict(current);
        }
    }

    static long versionOf(EntityDefinition entity, Map<String, AttributeValue> item) {
        AttributeValue version = item.get(entity.versionAttribute());
        return version == null || version.n() == null ? 0 : Long.parseLong(version.n());
    }
}
