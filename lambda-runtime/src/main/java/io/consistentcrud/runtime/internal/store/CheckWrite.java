package io.consistentcrud.runtime.internal.store;

import io.consistentcrud.runtime.EntityDefinition;
import io.consistentcrud.runtime.internal.Expression;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionCheck;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

/** A condition check of a transaction: writes nothing, requires the live item at the expected version. */
public final class CheckWrite implements ItemWrite {
    private final long checkedVersion;
    private final TransactWriteItem item;

    private CheckWrite(long checkedVersion, TransactWriteItem item) {
        this.checkedVersion = checkedVersion;
        this.item = item;
    }

    /**
     * A transaction's check that the live item is at {@code expectedVersion}, without writing it.
     *
     * @param entity the entity of the item
     * @param key the item's key
     * @param expectedVersion the version the item must be at
     * @return the check
     */
    public static CheckWrite of(EntityDefinition entity, Map<String, AttributeValue> key, long expectedVersion) {
        Expression x = new Expression();
        String condition = Tombstones.liveAtVersion(entity, x, expectedVersion);
        return new CheckWrite(expectedVersion, TransactWriteItem.builder().conditionCheck(ConditionCheck.builder()
                .tableName(entity.tableName())
                .key(key)
                .conditionExpression(condition)
                .expressionAttributeNames(x.names())
                .expressionAttributeValues(x.values())
                .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)
                .build()).build());
    }

    /** The checked version. */
    @Override
    public long version() {
        return checkedVersion;
    }

    @Override
    public TransactWriteItem transactItem() {
        return item;
    }
}
