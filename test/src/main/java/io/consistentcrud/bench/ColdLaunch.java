package io.consistentcrud.bench;

import java.net.URI;
import java.util.Map;
import java.util.UUID;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The programs the cold-path section starts in fresh JVMs. Each does one create and one strongly consistent read,
 * prints {@value #ANSWERED} when both answered, and exits. Only classes of the measured jar (and these few) load.
 *
 * <p>{@code floor ENDPOINT}: the raw-SDK floor, a plain {@link DynamoDbClient} with the runtime's HTTP client doing
 * one conditional put and one consistent get. {@code ours}: the runtime's Lambda entry on two REST proxy events
 * (PUT If-None-Match:* then GET), configured by environment as the construct configures it. {@code peer
 * ENDPOINT}: a handler on peer (b) + (c): create with an Idempotency-Key, then get.
 */
public final class ColdLaunch {
    static final String ANSWERED = "ANSWERED";

    private ColdLaunch() {
    }

    public static void main(String[] args) throws Exception {
        String id = "cold-" + UUID.randomUUID();
        switch (args[0]) {
            case "floor" -> floor(URI.create(args[1]), id);
            // The same entry; ours-schema differs only in its environment (an item schema).
            case "ours", "ours-schema" -> ColdOurs.run(id);
            case "peer" -> peer(URI.create(args[1]), id);
            default -> throw new IllegalArgumentException(args[0]);
        }
        System.out.println(ANSWERED);
        System.out.flush();
        System.exit(0);
    }

    private static void floor(URI endpoint, String id) {
        DynamoDbClient db = DynamoDbClient.builder()
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .endpointOverride(endpoint)
                .build();
        db.putItem(b -> b.tableName(BenchTables.NAIVE)
                .item(Map.of("id", AttributeValue.fromS(id), "name", AttributeValue.fromS("cold"),
                        "version", AttributeValue.fromN("1")))
                .conditionExpression("attribute_not_exists(id)"));
        Map<String, AttributeValue> item = db.getItem(b -> b.tableName(BenchTables.NAIVE)
                .key(Map.of("id", AttributeValue.fromS(id))).consistentRead(true)).item();
        if (!item.containsKey("name")) {
            throw new IllegalStateException("floor: item not read back");
        }
    }

    private static void peer(URI endpoint, String id) {
        DynamoDbClient db = DynamoDbClient.builder()
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .endpointOverride(endpoint)
                .build();
        Subject peer = new PowertoolsStyleSubject(db, BenchTables.POWERTOOLS, BenchTables.POWERTOOLS_IDEMPOTENCY);
        if (!peer.create(id, "cold", Subject.Req.keyed()).succeeded() || peer.get(id) == null) {
            throw new IllegalStateException("peer: create or get failed");
        }
    }

}
