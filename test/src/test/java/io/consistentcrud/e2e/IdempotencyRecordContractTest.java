package io.consistentcrud.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.consistentcrud.runtime.ConsistentStore;
import io.consistentcrud.runtime.EntityDefinition;
import io.consistentcrud.runtime.config.RuntimeConfiguration;
import io.consistentcrud.runtime.WriteContext;
import io.consistentcrud.runtime.WriteResult;
import io.consistentcrud.testing.LocalDynamoDb;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;

/**
 * Contract: the Idempotency-Key record's schema. The runtime writes its records into a table created exactly as
 * the construct defines the idempotency table (key schema and attribute types from the template), and each record
 * carries the attribute the construct made the table's TTL, as epoch seconds after the write.
 */
class IdempotencyRecordContractTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final ContractStack contract = ContractStack.get();

    @Test
    void theRuntimesRecords_fitTheTableTheConstructDefines_andExpireByItsTtlAttribute() {
        RuntimeConfiguration config = RuntimeConfiguration.fromEnvironment(contract.apiEnvironment());
        String table = config.idempotencyTable().orElseThrow();
        JsonNode definition = idempotencyTableProperties(table);
        String ttlAttribute = definition.get("TimeToLiveSpecification").get("AttributeName").asText();
        EntityDefinition users = config.entities().get("users");
        Instant now = Instant.now();

        try (LocalDynamoDb dynamoDb = LocalDynamoDb.embedded()) {
            dynamoDb.createTable(users);
            createAsTheTemplateDefines(dynamoDb, table, definition);
            ConsistentStore store = new ConsistentStore(dynamoDb.client(), config.storeOptions().build());
            WriteResult created = store.create(users, Map.of("userId", AttributeValue.fromS("u1")),
                    WriteContext.builder().requestToken("req-1").idempotencyKey("key-1")
                            .payloadFingerprint(WriteContext.fingerprint("POST", "/users", "key-1", new byte[0]))
                            .caller("contract").time(now).deadline(now.plusSeconds(30)).build());

            assertThat(created).isInstanceOf(WriteResult.Written.class);
            List<Map<String, AttributeValue>> records = dynamoDb.client().scan(b -> b.tableName(table)).items();
            assertThat(records).as("control: the write went through the Idempotency-Key path").hasSize(1);
            AttributeValue expiresAt = records.get(0).get(ttlAttribute);
            assertThat(expiresAt).as("the record's " + ttlAttribute + ", the table's TTL attribute").isNotNull();
            assertThat(Long.parseLong(expiresAt.n())).isEqualTo(now.getEpochSecond() + ContractStack.WINDOW_SECONDS);
        }
    }

    /** The template's definition of the table the runtime was told to use. */
    private JsonNode idempotencyTableProperties(String deployedName) {
        String logicalId = deployedName.substring("table-".length());
        Object resource = contract.template.findResources("AWS::DynamoDB::GlobalTable").get(logicalId);
        assertThat(resource).as("the table " + logicalId).isNotNull();
        return JSON.valueToTree(resource).get("Properties");
    }

    private static void createAsTheTemplateDefines(LocalDynamoDb dynamoDb, String table, JsonNode definition) {
        List<KeySchemaElement> keys = new ArrayList<>();
        definition.get("KeySchema").forEach(k -> keys.add(KeySchemaElement.builder()
                .attributeName(k.get("AttributeName").asText()).keyType(k.get("KeyType").asText()).build()));
        List<AttributeDefinition> attributes = new ArrayList<>();
        definition.get("AttributeDefinitions").forEach(a -> attributes.add(AttributeDefinition.builder()
                .attributeName(a.get("AttributeName").asText()).attributeType(a.get("AttributeType").asText())
                .build()));
        dynamoDb.client().createTable(b -> b.tableName(table).keySchema(keys).attributeDefinitions(attributes)
                .billingMode(BillingMode.PAY_PER_REQUEST));
    }
}
