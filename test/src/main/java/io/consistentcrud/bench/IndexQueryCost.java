package io.consistentcrud.bench;

import io.consistentcrud.runtime.ConsistentStore;
import io.consistentcrud.runtime.EntityDefinition;
import io.consistentcrud.runtime.IndexDefinition;
import io.consistentcrud.runtime.IndexRead;
import io.consistentcrud.runtime.KeyAttribute;
import io.consistentcrud.runtime.QueryPage;
import io.consistentcrud.runtime.StoreOptions;
import io.consistentcrud.runtime.WriteContext;
import io.consistentcrud.runtime.WriteResult;
import io.consistentcrud.testing.LocalDynamoDb;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;

/**
 * Section 9: what an index page costs. The store's index query (the index route's: the tombstone filter, the
 * cursor's start key) beside a naive {@code Query} on the same index with the same limit, alternating on one client
 * over HTTP to DynamoDB Local: p50 per page, round trips per page, and read units per page (DynamoDB charges the
 * items read before a filter, so the filter costs no read units; deleted items cost the same in both).
 */
final class IndexQueryCost {
    private static final String TABLE = "bench-indexed";
    private static final IndexDefinition BY_OWNER = new IndexDefinition("byOwner", KeyAttribute.string("owner"),
            Optional.of(KeyAttribute.string("createdAt")));
    static final EntityDefinition INDEXED = EntityDefinition.builder().name("indexed").tableName(TABLE)
            .partitionKey(KeyAttribute.string("id")).indexes(List.of(BY_OWNER)).build();
    private static final int ITEMS = 200;
    private static final int PAGE = 25;

    private final int warmup;
    private final int iterations;
    private final List<Long> ours = new ArrayList<>();
    private final List<Long> naive = new ArrayList<>();
    private CallCounter.Tally oursTally;
    private CallCounter.Tally naiveTally;
    private int oursPages;
    private int naivePages;

    IndexQueryCost(int warmup, int iterations) {
        this.warmup = warmup;
        this.iterations = iterations;
    }

    void run(LocalDynamoDb server) {
        server.createTable(INDEXED);
        URI endpoint = server.endpoint();
        CallCounter oursCounter = new CallCounter();
        CallCounter naiveCounter = new CallCounter();
        DynamoDbClient oursClient = Clients.http(endpoint, oursCounter, 3);
        DynamoDbClient naiveClient = Clients.http(endpoint, naiveCounter, 3);
        ConsistentStore store = new ConsistentStore(oursClient, StoreOptions.builder()
                .callTimeout(Clients.CALL_TIMEOUT).build());
        for (int i = 0; i < ITEMS; i++) {
            Map<String, AttributeValue> item = Map.of("id", AttributeValue.fromS("i" + i),
                    "owner", AttributeValue.fromS("o-1"), "createdAt", AttributeValue.fromS(String.format("t%04d", i)),
                    "name", AttributeValue.fromS("item " + i));
            Instant now = Instant.now();
            WriteResult r = store.create(INDEXED, item, WriteContext.builder().requestToken("seed-" + i)
                    .caller("bench").time(now).deadline(now.plus(Duration.ofSeconds(20))).build());
            if (!(r instanceof WriteResult.Written)) {
                throw new IllegalStateException("seed create failed: " + r);
            }
        }
        for (int i = 0; i < warmup + iterations; i++) {
            if (i == warmup) {
                oursCounter.reset();
                naiveCounter.reset();
                oursPages = 0;
                naivePages = 0;
            }
            long a = oursPage(store);
            long b = naivePage(naiveClient);
            if (i >= warmup) {
                ours.add(a);
                naive.add(b);
                oursPages++;
                naivePages++;
            }
        }
        oursTally = oursCounter.tally();
        naiveTally = naiveCounter.tally();
    }

    private static long oursPage(ConsistentStore store) {
        long start = System.nanoTime();
        QueryPage page = store.queryIndex(INDEXED, new IndexRead(BY_OWNER, AttributeValue.fromS("o-1"),
                Optional.empty(), false, PAGE, null), Instant.now().plusSeconds(20));
        long took = System.nanoTime() - start;
        if (page.items().size() != PAGE) {
            throw new IllegalStateException("ours read " + page.items().size() + " items");
        }
        return took;
    }

    private static long naivePage(DynamoDbClient client) {
        long start = System.nanoTime();
        QueryResponse r = client.query(b -> b.tableName(TABLE).indexName(BY_OWNER.name())
                .keyConditionExpression("#o = :o").expressionAttributeNames(Map.of("#o", "owner"))
                .expressionAttributeValues(Map.of(":o", AttributeValue.fromS("o-1"))).limit(PAGE));
        long took = System.nanoTime() - start;
        if (r.count() != PAGE) {
            throw new IllegalStateException("naive read " + r.count() + " items");
        }
        return took;
    }

    private static double p50(List<Long> nanos) {
        List<Long> sorted = nanos.stream().sorted().toList();
        return sorted.get(sorted.size() / 2) / 1e6;
    }

    void report(Report report) {
        report.heading("9. Index queries: a page of ours against a naive Query on the same index");
        report.paragraph(iterations + " first pages of " + PAGE + " items (of " + ITEMS + " under one index "
                + "partition key, as the runtime writes them: bookkeeping included) through the store's index query, alternating with a plain "
                + "`Query` on the same index and limit without the tombstone filter, each on its own client over "
                + "HTTP to DynamoDB Local (after " + warmup + " of each to warm up). Read units are DynamoDB Local's "
                + "reported ConsumedCapacity.");
        report.table(List.of("per page", "ours (store.queryIndex)", "naive Query"), List.of(
                List.of("p50", Report.num(p50(ours)) + " ms (" + Report.ratio(p50(ours) / p50(naive)) + ")",
                        Report.num(p50(naive)) + " ms"),
                List.of("round trips", Report.num((double) oursTally.calls() / oursPages),
                        Report.num((double) naiveTally.calls() / naivePages)),
                List.of("read units", Report.num(oursTally.localRcu() / oursPages),
                        Report.num(naiveTally.localRcu() / naivePages))));
    }
}
