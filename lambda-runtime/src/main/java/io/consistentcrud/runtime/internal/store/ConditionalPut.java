package io.consistentcrud.runtime.internal.store;

import io.consistentcrud.runtime.internal.Expression;
import java.util.Map;
import software.amazon.awssdk.awscore.AwsRequestOverrideConfiguration;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

/**
 * A put of a whole item under a condition, which returns the item it met when the condition fails ({@code ALL_OLD}):
 * made once, sent as a single {@code PutItem} or as an item of a transaction.
 */
record ConditionalPut(String table, Map<String, AttributeValue> item, String condition, Expression x) {
    /** As an item of a {@code TransactWriteItems}. */
    TransactWriteItem transactItem() {
        return TransactWriteItem.builder().put(Put.builder()
                .tableName(table)
                .item(item)
                .conditionExpression(condition)
                .expressionAttributeNames(x.names())
                .expressionAttributeValues(x.values())
                .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)
                .build()).build();
    }

    /** As a single {@code PutItem}. */
    PutItemRequest request(AwsRequestOverrideConfiguration override) {
        return PutItemRequest.builder()
                .tableName(table)
                .item(item)
                .conditionExpression(condition)
                .expressionAttributeNames(x.names())
                .expressionAttributeValues(x.values())
                .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)
                .overrideConfiguration(override)
                .build();
    }
}
