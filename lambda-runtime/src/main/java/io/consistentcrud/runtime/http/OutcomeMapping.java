package io.consistentcrud.runtime.http;

import io.consistentcrud.contract.HttpHeaders;
import io.consistentcrud.contract.IndexQuery;
import io.consistentcrud.runtime.Bookkeeping;
import io.consistentcrud.runtime.DeadlineExceededException;
import io.consistentcrud.runtime.EntityDefinition;
import io.consistentcrud.runtime.QueryPage;
import io.consistentcrud.runtime.TransactionOperation;
import io.consistentcrud.runtime.TransactionResult;
import io.consistentcrud.runtime.VersionedItem;
import io.consistentcrud.runtime.WriteResult;
import io.consistentcrud.runtime.internal.ItemJson;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.protocols.jsoncore.JsonWriter;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The one place where store outcomes become HTTP answers: statuses, {@code ETag}, {@code Location}, bodies and
 * problem documents, so that the contract of docs/http-api.md reads in one file ({@link FailureMapping} does the
 * same for the store's failures).
 *
 * <table>
 *   <caption>Outcome to status</caption>
 *   <tr><th>outcome</th><th>status</th></tr>
 *   <tr><td>Written (created)</td><td>201, ETag, Location</td></tr>
 *   <tr><td>Written (updated)</td><td>200, ETag (none when the version is not known: an increment whose item
 *   could not be read back)</td></tr>
 *   <tr><td>Deleted</td><td>204</td></tr>
 *   <tr><td>Conflict</td><td>412, ETag and currentVersion of the item as it is</td></tr>
 *   <tr><td>AlreadyExists</td><td>409 for POST, 412 for PUT with If-None-Match, ETag and currentVersion</td></tr>
 *   <tr><td>UniqueValueTaken</td><td>409, naming the attribute (not the item that holds the value)</td></tr>
 *   <tr><td>NotFound</td><td>404</td></tr>
 *   <tr><td>IdempotencyKeyReused</td><td>422</td></tr>
 *   <tr><td>Replayed</td><td>the status of the recorded outcome (created 201, updated 200, deleted 204), ETag,
 *   Location; header Idempotency-Replayed: true</td></tr>
 *   <tr><td>QueryPage</td><td>200, the items and {@code nextCursor} when there are more; of an index, with
 *   {@code Read-Consistency: eventual}</td></tr>
 *   <tr><td>Transaction Committed</td><td>200</td></tr>
 *   <tr><td>any success with {@code Prefer: return=minimal}</td><td>the same status and headers, no body,
 *   Preference-Applied: return=minimal</td></tr>
 *   <tr><td>Transaction Cancelled</td><td>412 (version mismatch) or 409 (exists, missing, bound), naming the operation</td></tr>
 * </table>
 */
final class OutcomeMapping {
    /** Header set on answers that repeat a recorded outcome (G5) instead of executing again. */
    static final String REPLAYED_HEADER = HttpHeaders.IDEMPOTENCY_REPLAYED;

    private OutcomeMapping() {
    }

    /** A consistent read: 200 with the item, or 404. */
    static Answer read(EntityDefinition entity, Optional<VersionedItem> item) {
        if (item.isEmpty()) {
            return Answer.of(Problem.of(ProblemType.NOT_FOUND, "there is no such " + entity.name() + " item"),
                    Map.of());
        }
        return new Answer(itemResponse(200, item.get(), Map.of()), "read");
    }

    /** A page of a partition query: 200 with the items, and the cursor of the next page when there is one. */
    static Answer page(EntityDefinition entity, QueryPage page) {
        return page(page, last -> Cursor.encode(entity, last), Map.of("Content-Type", "application/json"),
                "queried");
    }

    /**
     * A page of an index query: as a partition's page, its cursor bound to the query, and the header that says the
     * answer is eventually consistent.
     */
    static Answer indexPage(Command.QueryIndex query, QueryPage page) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "application/json");
        headers.put(IndexQuery.CONSISTENCY_HEADER, IndexQuery.CONSISTENCY_EVENTUAL);
        return page(page, last -> Cursor.encodeIndex(query, last), headers, "index-queried");
    }

    private static Answer page(QueryPage page, Function<Map<String, AttributeValue>, String> cursor,
                               Map<String, String> headers, String logWord) {
        JsonWriter w = JsonWriter.create();
        w.writeStartObject();
        w.writeFieldName("items").writeStartArray();
        for (VersionedItem item : page.items()) {
            ItemJson.writeItem(w, Bookkeeping.withoutBookkeeping(item.attributes()));
        }
        w.writeEndArray();
        if (page.lastEvaluatedKey().isPresent()) {
            w.writeFieldName("nextCursor").writeValue(cursor.apply(page.lastEvaluatedKey().get()));
        }
        w.writeEndObject();
        return new Answer(new ProxyResponse(200, headers, utf8(w)), logWord);
    }

    /**
     * A single-item write.
     *
     * @param createdLocation the path of the item, for {@code Location} on 201
     * @param createConflict  the status-defining request kind for AlreadyExists: true for POST (409), false for
     *                        PUT with If-None-Match (412)
     * @param successWord     the log word for a write that was applied
     * @param replayedItem    reads the item for the body of a replayed answer (G5), when its version still matches
     */
    static Answer write(EntityDefinition entity, WriteResult result, String createdLocation, boolean createConflict,
                        String successWord, Supplier<Optional<VersionedItem>> replayedItem) {
        if (result instanceof WriteResult.Written w) {
            Map<String, String> headers = new LinkedHashMap<>();
            if (w.created() && createdLocation != null) {
                headers.put(HttpHeaders.LOCATION, createdLocation);
            }
            return new Answer(itemResponse(w.created() ? 201 : 200, w.item(), headers),
                    w.replayed() ? "recovered" : w.created() ? "created" : successWord);
        } else if (result instanceof WriteResult.Deleted) {
            return new Answer(new ProxyResponse(204, Map.of(), null), "deleted");
        } else if (result instanceof WriteResult.Conflict c) {
            return Answer.of(Problem.of(ProblemType.VERSION_MISMATCH, "the " + entity.name()
                    + " item is at version " + c.currentVersion() + ", not the version given in If-Match")
                    .with("currentVersion", c.currentVersion()), etag(c.currentVersion()));
        } else if (result instanceof WriteResult.AlreadyExists e) {
            ProblemType type = createConflict ? ProblemType.ALREADY_EXISTS : ProblemType.VERSION_MISMATCH;
            return Answer.of(Problem.of(type, "the " + entity.name() + " item already exists at version "
                    + e.currentVersion()).with("currentVersion", e.currentVersion()), etag(e.currentVersion()));
        } else if (result instanceof WriteResult.UniqueValueTaken t) {
            return uniqueValueTaken(entity, t.attribute());
        } else if (result instanceof WriteResult.NotFound) {
            return Answer.of(Problem.of(ProblemType.NOT_FOUND, "there is no such " + entity.name() + " item"),
                    Map.of());
        } else if (result instanceof WriteResult.IdempotencyKeyReused) {
            return keyReused();
        } else if (result instanceof WriteResult.Replayed r) {
            return replayed(r, createdLocation, replayedItem);
        }
        throw new IllegalStateException("unmapped write outcome " + result.getClass().getSimpleName());
    }

    private static Answer replayed(WriteResult.Replayed r, String createdLocation,
                                   Supplier<Optional<VersionedItem>> replayedItem) {
        // The status the first answer had, from the outcome the store recorded.
        int status = switch (r.outcome()) {
            case CREATED -> 201;
            case UPDATED -> 200;
            case DELETED -> 204;
        };
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put(REPLAYED_HEADER, "true");
        if (status == 204) {
            return new Answer(new ProxyResponse(204, headers, null), "replayed");
        }
        if (status == 201 && createdLocation != null) {
            headers.put(HttpHeaders.LOCATION, createdLocation);
        }
        Optional<VersionedItem> item = readForReplay(replayedItem).filter(i -> i.version() == r.version());
        if (item.isPresent()) {
            return new Answer(itemResponse(status, item.get(), headers), "replayed");
        }
        // The item has moved on since: the recorded outcome is its status, version and id, without the old body.
        // Version 0: the first answer did not know it (a minimal increment without If-Match), so neither does this.
        if (r.version() > 0) {
            headers.putAll(etag(r.version()));
        }
        headers.put("Content-Type", "application/json");
        JsonWriter w = JsonWriter.create();
        w.writeStartObject();
        w.writeFieldName("id").writeValue(r.resourceId());
        if (r.version() > 0) {
            w.writeFieldName("version").writeValue(r.version());
        }
        w.writeEndObject();
        return new Answer(new ProxyResponse(status, headers, utf8(w)), "replayed");
    }

    /**
     * The item for a replay's body. The replayed write committed long ago: when the read cannot finish before the
     * deadline, the answer is still the recorded outcome, without the body, never a 5xx.
     */
    private static Optional<VersionedItem> readForReplay(Supplier<Optional<VersionedItem>> replayedItem) {
        try {
            return replayedItem.get();
        } catch (DeadlineExceededException | SdkException unreadable) {
            return Optional.empty();
        }
    }

    /**
     * 409: another item holds the value. The other item is not named: its key is not the caller's to learn. Nothing
     * was written, so the same request may be sent again once the value is free (or with another value).
     */
    private static Answer uniqueValueTaken(EntityDefinition entity, String attribute) {
        return Answer.of(Problem.of(ProblemType.UNIQUE_VALUE_TAKEN, "another " + entity.name() + " item holds this"
                + " value of the unique attribute '" + attribute + "'; nothing was written")
                .with("attribute", attribute), Map.of());
    }

    private static Answer keyReused() {
        return Answer.of(Problem.of(ProblemType.IDEMPOTENCY_KEY_REUSED,
                "this Idempotency-Key was already used with another request; use a new key for a new request"),
                Map.of());
    }

    /** A transaction's outcome: 200 with each operation's version, or the failing operation and why. */
    static Answer transaction(TransactionResult result, List<TransactionOperation> operations) {
        if (result instanceof TransactionResult.Committed c) {
            JsonWriter w = JsonWriter.create();
            w.writeStartObject();
            w.writeFieldName("operations").writeStartArray();
            for (int i = 0; i < operations.size(); i++) {
                TransactionOperation op = operations.get(i);
                w.writeStartObject();
                w.writeFieldName("index").writeValue(op.index());
                w.writeFieldName("entity").writeValue(op.entity().name());
                w.writeFieldName("id").writeValue(ItemKeys.text(op.entity(), op.key()));
                w.writeFieldName("version").writeValue(c.newVersions().get(i));
                w.writeEndObject();
            }
            w.writeEndArray();
            w.writeEndObject();
            Map<String, String> headers = new LinkedHashMap<>();
            headers.put("Content-Type", "application/json");
            if (c.replayed()) {
                headers.put(REPLAYED_HEADER, "true");
            }
            return new Answer(new ProxyResponse(200, headers, utf8(w)), c.replayed() ? "replayed" : "committed");
        } else if (result instanceof TransactionResult.Cancelled c) {
            ProblemType type = switch (c.reason()) {
                case VERSION_MISMATCH -> ProblemType.VERSION_MISMATCH;
                case ALREADY_EXISTS -> ProblemType.ALREADY_EXISTS;
                case NOT_FOUND -> ProblemType.ITEM_MISSING;
                case BOUND_VIOLATED -> ProblemType.BOUND_VIOLATED;
            };
            String why = switch (c.reason()) {
                case VERSION_MISMATCH -> "its item is at version " + c.currentVersion();
                case ALREADY_EXISTS -> "its item already exists at version " + c.currentVersion();
                case NOT_FOUND -> "its item does not exist";
                case BOUND_VIOLATED -> "it would take an attribute below its bound";
            };
            return Answer.of(Problem.of(type, "operation " + c.operationIndex() + " failed: " + why
                            + "; nothing was written")
                    .with("operationIndex", c.operationIndex())
                    .with("reason", c.reason().name())
                    .with("currentVersion", c.currentVersion()), Map.of());
        } else if (result instanceof TransactionResult.UniqueValueTaken t) {
            return Answer.of(Problem.of(ProblemType.UNIQUE_VALUE_TAKEN, "operation " + t.operationIndex()
                            + " failed: another item holds this value of the unique attribute '" + t.attribute()
                            + "'; nothing was written")
                    .with("operationIndex", t.operationIndex())
                    .with("attribute", t.attribute()), Map.of());
        } else if (result instanceof TransactionResult.IdempotencyKeyReused) {
            return keyReused();
        }
        throw new IllegalStateException("unmapped transaction outcome " + result.getClass().getSimpleName());
    }

    /**
     * The answer to a write that asked for {@code Prefer: return=minimal} (RFC 7240): a success keeps its status and
     * headers ({@code ETag} when the version is known, {@code Location}, {@code Idempotency-Replayed}) without the
     * body, and says {@code Preference-Applied: return=minimal}; a problem is answered in full.
     */
    static Answer minimal(Answer full) {
        ProxyResponse response = full.response();
        if (response.statusCode() < 200 || response.statusCode() > 299) {
            return full;
        }
        Map<String, String> headers = new LinkedHashMap<>(response.headers());
        headers.remove("Content-Type");
        headers.put(ReturnPreference.APPLIED_HEADER, ReturnPreference.MINIMAL_APPLIED);
        return new Answer(new ProxyResponse(response.statusCode(), headers, null), full.outcome());
    }

    /**
     * The path of an item below its collection's path: one segment per key attribute, each percent-encoded whole,
     * so that a {@code /} inside a key stays inside its segment ({@code %2F}).
     */
    static String location(String collectionPath, List<String> keyValues) {
        StringBuilder sb = new StringBuilder(collectionPath);
        for (String value : keyValues) {
            sb.append('/').append(URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20"));
        }
        return sb.toString();
    }

    static ProxyResponse itemResponse(int status, VersionedItem item, Map<String, String> extraHeaders) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "application/json");
        if (item.version() > 0) {
            // Version 0: a committed increment whose item could not be read back; its version is not known.
            headers.putAll(etag(item.version()));
        }
        headers.putAll(extraHeaders);
        JsonWriter w = JsonWriter.create();
        ItemJson.writeItem(w, Bookkeeping.withoutBookkeeping(item.attributes()));
        return new ProxyResponse(status, headers, utf8(w));
    }

    static Map<String, String> etag(long version) {
        return Map.of(HttpHeaders.ETAG, "\"" + version + "\"");
    }

    static String utf8(JsonWriter w) {
        return new String(w.getBytes(), StandardCharsets.UTF_8);
    }
}
