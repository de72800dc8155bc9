package io.consistentcrud.runtime.http;

import static io.consistentcrud.runtime.http.HttpFixture.json;
import static io.consistentcrud.runtime.http.HttpFixture.req;
import static org.assertj.core.api.Assertions.assertThat;

import io.consistentcrud.contract.IndexQuery;
import io.consistentcrud.runtime.ConsistentStore;
import io.consistentcrud.runtime.EntityDefinition;
import io.consistentcrud.runtime.IndexDefinition;
import io.consistentcrud.runtime.KeyAttribute;
import io.consistentcrud.runtime.config.RuntimeConfiguration;
import io.consistentcrud.testing.LocalDynamoDb;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The index route ({@code GET /E?index=...}) through the handler on DynamoDB Local: pages that cover every live item
 * once, cursors bound to their query, deleted items hidden, each sort-key condition, the eventual-consistency
 * header, and the consistent read by key as the way to act on what an index answered.
 */
class IndexQueryTest {
    /** Notes of owners: the table's sort key is the owner, so a delete's tombstone lands in the byOwner index. */
    static final EntityDefinition NOTES = EntityDefinition.builder().name("notes").tableName("idx-notes")
            .partitionKey(KeyAttribute.string("noteId")).sortKey(KeyAttribute.string("owner"))
            .indexes(List.of(
                    new IndexDefinition("byOwner", KeyAttribute.string("owner"), Optional.empty()),
                    new IndexDefinition("byOwnerAndTime", KeyAttribute.string("owner"),
                            Optional.of(KeyAttribute.string("createdAt"))),
                    new IndexDefinition("byOwnerAndRank", KeyAttribute.string("owner"),
                            Optional.of(KeyAttribute.number("rank")))))
            .build();
    private static final EntityDefinition PLAIN = EntityDefinition.builder().name("plain").tableName("idx-plain")
            .partitionKey(KeyAttribute.string("plainId")).build();

    private static LocalDynamoDb dynamoDb;
    private static CrudHandler handler;

    @BeforeAll
    static void start() {
        dynamoDb = LocalDynamoDb.embedded();
        dynamoDb.createTable(NOTES);
        dynamoDb.createTable(PLAIN);
        RuntimeConfiguration config = RuntimeConfiguration.builder().entities(List.of(NOTES, PLAIN))
                .attemptTimeout(Duration.ofSeconds(2)).callTimeout(Duration.ofSeconds(9)).maxAttempts(3).build();
        handler = new CrudHandler(config, new ConsistentStore(dynamoDb.client(), config.storeOptions().build()),
                HandlerOptions.builder().build());
    }

    @AfterAll
    static void stop() {
        dynamoDb.close();
    }

    private static ProxyResponse send(HttpFixture.Req request) {
        return handler.handle(request.build());
    }

    /** Creates a note; answers its ETag. */
    private static String create(String noteId, String owner, int rank) {
        ProxyResponse r = send(req("POST", "/notes").json("{\"noteId\":\"" + noteId + "\",\"owner\":\"" + owner
                + "\",\"createdAt\":\"2026-01-" + String.format("%02d", rank) + "\",\"rank\":" + rank + "}"));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        return r.headers().get("ETag");
    }

    private static void delete(String noteId, String owner, String etag) {
        assertThat(send(req("DELETE", "/notes/{noteId}/{owner}").path("noteId", noteId).path("owner", owner)
                .header("If-Match", etag)).statusCode()).isEqualTo(204);
    }

    private static ProxyResponse query(Map<String, String> params) {
        HttpFixture.Req r = req("GET", "/notes");
        params.forEach(r::query);
        return send(r);
    }

    private static Map<String, String> params(String index, String owner, String... more) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put(IndexQuery.INDEX, index);
        p.put(IndexQuery.PARTITION, owner);
        for (int i = 0; i < more.length; i += 2) {
            p.put(more[i], more[i + 1]);
        }
        return p;
    }

    /** Every page of a query, followed through its cursors; each page checked as it comes. */
    private static List<Map<String, JsonNode>> allPages(Map<String, String> params, Consumer<ProxyResponse> check) {
        List<Map<String, JsonNode>> items = new ArrayList<>();
        Map<String, String> p = new LinkedHashMap<>(params);
        for (int pages = 0; pages < 100; pages++) {
            ProxyResponse r = query(p);
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            check.accept(r);
            Map<String, JsonNode> body = json(r);
            body.get("items").asArray().forEach(i -> items.add(i.asObject()));
            if (!body.containsKey("nextCursor")) {
                return items;
            }
            p.put(IndexQuery.CURSOR, body.get("nextCursor").asString());
        }
        throw new AssertionError("more than 100 pages");
    }

    private static List<String> ids(List<Map<String, JsonNode>> items) {
        return items.stream().map(i -> i.get("noteId").asString()).toList();
    }

    private static String problemType(ProxyResponse r) {
        return json(r).get("type").asString().replace("urn:consistentcrud:problem:", "");
    }

    @Test
    void g20_indexPages_coverEveryLiveItemOnce_withoutGapsOrDuplicates_evenWhereDeletedItemsAreFilteredOut() {
        String owner = "o-" + UUID.randomUUID();
        List<String> live = new ArrayList<>();
        int deleted = 0;
        for (int i = 1; i <= 23; i++) {
            String id = String.format("n%02d-%s", i, owner);
            String etag = create(id, owner, i);
            if (i % 4 == 0) {
                delete(id, owner, etag);
                deleted++;
            } else {
                live.add(id);
            }
        }
        create("other-" + owner, "someone-else-" + owner, 1);
        // Control: the tombstones really sit in the index (their key holds the owner), so the filter is what hides them.
        int inIndex = dynamoDb.client().query(b -> b.tableName(NOTES.tableName()).indexName("byOwner")
                .keyConditionExpression("#o = :o").expressionAttributeNames(Map.of("#o", "owner"))
                .expressionAttributeValues(Map.of(":o", AttributeValue.fromS(owner)))).count();
        assertThat(inIndex).as("live items and tombstones in the index").isEqualTo(live.size() + deleted);

        List<Map<String, JsonNode>> items = allPages(params("byOwner", owner, IndexQuery.LIMIT, "3"), r -> {
            assertThat(r.headers()).containsEntry(IndexQuery.CONSISTENCY_HEADER, IndexQuery.CONSISTENCY_EVENTUAL);
        });
        assertThat(ids(items)).containsExactlyInAnyOrderElementsOf(live).doesNotHaveDuplicates();
        for (Map<String, JsonNode> item : items) {
            assertThat(item).as("each item carries its version").containsKey("version");
            assertThat(item.keySet()).as("no bookkeeping").noneMatch(k -> k.startsWith("_cca"));
        }
    }

    @Test
    void g20_sortedIndexPages_runInOrder_forwardAndReverse() {
        String owner = "o-" + UUID.randomUUID();
        List<String> expected = new ArrayList<>();
        for (int i = 1; i <= 9; i++) {
            String id = "n" + i + "-" + owner;
            create(id, owner, i);
            expected.add(id);
        }
        assertThat(ids(allPages(params("byOwnerAndTime", owner, IndexQuery.LIMIT, "2"), r -> { })))
                .containsExactlyElementsOf(expected);
        List<String> reversed = new ArrayList<>(expected);
        Collections.reverse(reversed);
        assertThat(ids(allPages(params("byOwnerAndRank", owner, IndexQuery.LIMIT, "4", IndexQuery.ORDER,
                IndexQuery.ORDER_DESCENDING), r -> { }))).containsExactlyElementsOf(reversed);
    }

    @Test
    void g20_eachSortKeyCondition_selectsExactlyItsItems() {
        String owner = "o-" + UUID.randomUUID();
        for (int i = 1; i <= 12; i++) {
            create("n" + i + "-" + owner, owner, i);
        }
        Map<String, List<Integer>> expected = new LinkedHashMap<>();
        expected.put(IndexQuery.SORT_EQ + "=5", List.of(5));
        expected.put(IndexQuery.SORT_LT + "=5", List.of(1, 2, 3, 4));
        expected.put(IndexQuery.SORT_LE + "=5", List.of(1, 2, 3, 4, 5));
        expected.put(IndexQuery.SORT_GT + "=10", List.of(11, 12));
        expected.put(IndexQuery.SORT_GE + "=10", List.of(10, 11, 12));
        for (Map.Entry<String, List<Integer>> e : expected.entrySet()) {
            String[] p = e.getKey().split("=");
            assertThat(ranks(allPages(params("byOwnerAndRank", owner, p[0], p[1], IndexQuery.LIMIT, "2"), r -> { })))
                    .as(e.getKey()).containsExactlyElementsOf(e.getValue());
        }
        assertThat(ranks(allPages(params("byOwnerAndRank", owner, IndexQuery.SORT_FROM, "3", IndexQuery.SORT_TO,
                "6"), r -> { }))).as("between, both bounds included").containsExactly(3, 4, 5, 6);
        assertThat(ranks(allPages(params("byOwnerAndTime", owner, IndexQuery.SORT_BEGINS_WITH, "2026-01-1"),
                r -> { }))).as("begins_with").containsExactly(10, 11, 12);
    }

    private static List<Integer> ranks(List<Map<String, JsonNode>> items) {
        return items.stream().map(i -> Integer.parseInt(i.get("rank").asNumber())).toList();
    }

    @Test
    void g20_aCursor_isRefusedForAnotherPartitionIndexOrCondition() {
        String owner = "o-" + UUID.randomUUID();
        for (int i = 1; i <= 4; i++) {
            create("n" + i + "-" + owner, owner, i);
        }
        ProxyResponse first = query(params("byOwnerAndRank", owner, IndexQuery.LIMIT, "2"));
        String cursor = json(first).get("nextCursor").asString();
        assertThat(query(params("byOwnerAndRank", owner, IndexQuery.LIMIT, "2", IndexQuery.CURSOR, cursor))
                .statusCode()).as("its own query, another page size").isEqualTo(200);
        List<Map<String, String>> others = List.of(
                params("byOwnerAndRank", "another-" + owner, IndexQuery.CURSOR, cursor),
                params("byOwnerAndTime", owner, IndexQuery.CURSOR, cursor),
                params("byOwner", owner, IndexQuery.CURSOR, cursor),
                params("byOwnerAndRank", owner, IndexQuery.SORT_GT, "0", IndexQuery.CURSOR, cursor),
                params("byOwnerAndRank", owner, IndexQuery.ORDER, "desc", IndexQuery.CURSOR, cursor),
                params("byOwnerAndRank", owner, IndexQuery.CURSOR, "bm90LWEtY3Vyc29y"));
        for (Map<String, String> other : others) {
            ProxyResponse r = query(other);
            assertThat(r.statusCode()).as(other + " " + r.body()).isEqualTo(400);
            assertThat(problemType(r)).isEqualTo("invalid-query");
        }
        // The partition route's cursors are not index cursors either.
        ProxyResponse partition = send(req("GET", "/notes").query(IndexQuery.INDEX, "byOwner")
                .query(IndexQuery.PARTITION, owner).query(IndexQuery.CURSOR,
                        Base64.getUrlEncoder().withoutPadding().encodeToString(
                                ("{\"noteId\":\"n1-" + owner + "\",\"owner\":\"" + owner + "\"}").getBytes())));
        assertThat(partition.statusCode()).isEqualTo(400);
    }

    @Test
    void g20_anItemWhoseIndexAttributeChanged_isActedOnByItsConsistentReadByKey() {
        String from = "o-" + UUID.randomUUID();
        String etag = create("moving-" + from, from, 1);
        // The rank is the index's sort key: changing it moves the item within the index (the owner is the table's key).
        ProxyResponse patched = send(req("PATCH", "/notes/{noteId}/{owner}").path("noteId", "moving-" + from)
                .path("owner", from).header("If-Match", etag).header("Content-Type", "application/merge-patch+json")
                .json("{\"rank\":7}"));
        assertThat(patched.statusCode()).as(patched.body()).isEqualTo(200);
        // DynamoDB Local updates indexes synchronously; DynamoDB does so after the write, usually within a second,
        // so a real index may still show rank 1 at version 1 here. Whatever the index shows, its version is what
        // tells: the consistent read by key answers the item's current version, which the next write must match.
        Map<String, JsonNode> seen = json(query(params("byOwnerAndRank", from, IndexQuery.SORT_EQ, "7")))
                .get("items").asArray().get(0).asObject();
        ProxyResponse read = send(req("GET", "/notes/{noteId}/{owner}").path("noteId", "moving-" + from)
                .path("owner", from));
        assertThat(read.headers().get("ETag")).isEqualTo("\"" + seen.get("version").asNumber() + "\"");
        assertThat(send(req("PATCH", "/notes/{noteId}/{owner}").path("noteId", "moving-" + from).path("owner", from)
                .header("If-Match", read.headers().get("ETag")).header("Content-Type", "application/merge-patch+json")
                .json("{\"rank\":8}")).statusCode()).isEqualTo(200);
        assertThat(query(params("byOwnerAndRank", from, IndexQuery.SORT_EQ, "7")).body()).contains("\"items\":[]");
    }

    @Test
    void g20_badIndexQueries_answer400NamingWhatIsWrong() {
        Map<Map<String, String>, String> bad = new LinkedHashMap<>();
        bad.put(params("byNothing", "x"), "no index 'byNothing'");
        bad.put(Map.of(IndexQuery.INDEX, "byOwner"), "'partition'");
        bad.put(params("byOwner", "x", "sort.gte", "1"), "'sort.gte'");
        bad.put(params("byOwnerAndRank", "x", IndexQuery.SORT_GT, "1", IndexQuery.SORT_LT, "5"), "one sort-key");
        bad.put(params("byOwnerAndRank", "x", IndexQuery.SORT_BEGINS_WITH, "1"), "string sort key");
        bad.put(params("byOwnerAndRank", "x", IndexQuery.SORT_GT, "one"), "number");
        bad.put(params("byOwner", "x", IndexQuery.SORT_EQ, "1"), "has no sort key");
        bad.put(params("byOwnerAndRank", "x", IndexQuery.SORT_FROM, "5", IndexQuery.SORT_TO, "1"), "above");
        bad.put(params("byOwnerAndRank", "x", IndexQuery.SORT_TO, "1"), "needs 'sort.from'");
        bad.put(params("byOwner", "x", IndexQuery.ORDER, "up"), "'order'");
        bad.put(params("byOwner", "x", IndexQuery.LIMIT, "0"), "limit");
        for (Map.Entry<Map<String, String>, String> e : bad.entrySet()) {
            ProxyResponse r = query(e.getKey());
            assertThat(r.statusCode()).as(e.getKey() + " " + r.body()).isEqualTo(400);
            assertThat(json(r).get("detail").asString()).as(e.getKey().toString()).contains(e.getValue());
        }
    }

    @Test
    void g20_anEntityWithoutIndexes_servesNoGetOnItsCollection() {
        ProxyResponse r = send(req("GET", "/plain").query(IndexQuery.INDEX, "any"));
        assertThat(r.statusCode()).isEqualTo(405);
        assertThat(r.headers().get("Allow")).isEqualTo("POST");
        ProxyResponse put = send(req("PUT", "/notes"));
        assertThat(put.headers().get("Allow")).isEqualTo("GET, POST");
    }
}
