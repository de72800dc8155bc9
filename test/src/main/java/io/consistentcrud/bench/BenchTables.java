package io.consistentcrud.bench;

import io.consistentcrud.contract.IdempotencyRecordSchema;
import java.util.List;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/** The tables of the benchmark: one item table per subject, and the idempotency tables. */
final class BenchTables {
    static final String NAIVE = "bench-naive";
    static final String ENHANCED = "bench-enhanced";
    static final String POWERTOOLS = "bench-powertools";
    static final String POWERTOOLS_IDEMPOTENCY = "bench-powertools-idempotency";
    static final String OURS = "bench-ours";
    static final String OURS_IDEMPOTENCY = "bench-ours-idempotency";

    private BenchTables() {
    }

    /** Creates every table on the engine behind {@code client} (idempotent). */
    static void createAll(DynamoDbClient client) {
        for (String t : List.of(NAIVE, ENHANCED, POWERTOOLS, OURS)) {
            create(client, t, "id");
        }
        create(client, POWERTOOLS_IDEMPOTENCY, "id");
        create(client, OURS_IDEMPOTENCY, IdempotencyRecordSchema.PARTITION_KEY);
    }

    private static void create(DynamoDbClient client, String table, String pk) {
        try {
            client.createTable(b -> b.tableName(table)
                    .keySchema(KeySchemaElement.builder().attributeName(pk).keyType(KeyType.HASH).build())
                    .attributeDefinitions(AttributeDefinition.builder().attributeName(pk)
                            .attributeType(ScalarAttributeType.S).build())
                    .billingMode(BillingMode.PAY_PER_REQUEST));
        } catch (ResourceInUseException alreadyThere) {
            // One engine serves several sections; the first creator wins.
        }
    }
}
