package io.consistentcrud.e2e.local;

import io.consistentcrud.runtime.config.RuntimeConfiguration;
import io.consistentcrud.testing.LocalDynamoDb;
import io.consistentcrud.sample.local.LocalMode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;

/** Direct, consistent reads of the local mode's tables, to check what the API really wrote. */
final class LocalTables implements AutoCloseable {
    private final DynamoDbClient client;
    private final RuntimeConfiguration config;
    private final Map<String, String> environment;

    LocalTables(LocalMode mode) {
        this.client = LocalDynamoDb.clientFor(mode.dynamoDbEndpoint());
        this.environment = mode.environment();
        this.config = RuntimeConfiguration.fromEnvironment(environment);
    }

    DynamoDbClient client() {
        return client;
    }

    String tableOf(String entity) {
        return config.entities().get(entity).tableName();
    }

    /** Every item of an entity's table, by a consistent full scan. */
    List<Map<String, AttributeValue>> scan(String entity) {
        return scanTable(tableOf(entity));
    }

    /** Every guard item of the unique-values table, by a consistent full scan; none when the API has no table. */
    List<Map<String, AttributeValue>> guards() {
        String table = environment.get(RuntimeConfiguration.ENV_UNIQUE_VALUES_TABLE);
        return table == null ? List.of() : scanTable(table);
    }

    /**
     * Every item of every table the function uses (entities, the idempotency table and the unique-values table), in
     * a stable order.
     */
    Map<String, List<String>> snapshot() {
        Map<String, List<String>> all = new LinkedHashMap<>();
        config.entities().values().forEach(e -> all.put(e.name(), render(scanTable(e.tableName()))));
        String idempotency = environment.get(RuntimeConfiguration.ENV_IDEMPOTENCY_TABLE);
        if (idempotency != null) {
            all.put("idempotency", render(scanTable(idempotency)));
        }
        all.put("unique-values", render(guards()));
        return all;
    }

    private static List<String> render(List<Map<String, AttributeValue>> items) {
        return items.stream().map(i -> new java.util.TreeMap<>(i).toString()).sorted(Comparator.naturalOrder()).toList();
    }

    private List<Map<String, AttributeValue>> scanTable(String table) {
        List<Map<String, AttributeValue>> items = new ArrayList<>();
        Map<String, AttributeValue> start = null;
        do {
            ScanResponse page = client.scan(ScanRequest.builder().tableName(table).consistentRead(true)
                    .exclusiveStartKey(start).build());
            items.addAll(page.items());
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (start != null);
        return items;
    }

    @Override
    public void close() {
        client.close();
    }
}
