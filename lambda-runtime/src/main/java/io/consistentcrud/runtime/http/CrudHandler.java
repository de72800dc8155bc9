package io.consistentcrud.runtime.http;

import io.consistentcrud.runtime.Bookkeeping;
import io.consistentcrud.runtime.ConsistentStore;
import io.consistentcrud.runtime.DeadlineExceededException;
import io.consistentcrud.runtime.EntityDefinition;
import io.consistentcrud.runtime.InvalidWriteException;
import io.consistentcrud.runtime.KeyAttribute;
import io.consistentcrud.runtime.QueryPage;
import io.consistentcrud.runtime.TransactionOperation;
import io.consistentcrud.runtime.TransactionResult;
import io.consistentcrud.runtime.VersionedItem;
import io.consistentcrud.runtime.WriteContext;
import io.consistentcrud.runtime.WriteResult;
import io.consistentcrud.runtime.config.RuntimeConfiguration;
import io.consistentcrud.runtime.http.OutcomeMapping.Answer;
import io.consistentcrud.runtime.internal.ItemJson;
import io.consistentcrud.runtime.observability.RequestLog;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.UUID;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;
import software.amazon.awssdk.protocols.jsoncore.JsonWriter;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The generic CRUD handler: turns REST proxy requests for the configured entities into safe store calls, per the
 * HTTP contract in docs/http-api.md (DESIGN §4).
 *
 * <p>All dependencies are injected; the Lambda entry class {@link LambdaEntry} reads the environment once and
 * builds this. Every request is read and checked completely before the store is called, so a request answered
 * with a 4xx problem has written nothing.
 */
public final class CrudHandler {
    /** Most operations in one transaction: DynamoDB's 100 items, less one for the Idempotency-Key record. */
    public static final int MAX_TRANSACTION_OPERATIONS = 99;
    /** {@code Retry-After} of a 503 that may be repeated: the store has already re-sent until its deadline. */
    static final String RETRY_AFTER_SECONDS = "1";

    private final RuntimeConfiguration config;
    private final ConsistentStore store;
    private final HandlerOptions options;

    /** A handler with {@link HandlerOptions#defaults()}. */
    public CrudHandler(RuntimeConfiguration config, ConsistentStore store) {
        this(config, store, HandlerOptions.defaults());
    }

    public CrudHandler(RuntimeConfiguration config, ConsistentStore store, HandlerOptions options) {
        this.config = Objects.requireNonNull(config, "config");
        this.store = Objects.requireNonNull(store, "store");
        this.options = Objects.requireNonNull(options, "options");
    }

    /** Handles one request with the configured SDK call timeout as its time budget. */
    public ProxyResponse handle(ProxyRequest request) {
        return handle(request, options.clock().instant().plus(config.callTimeout()));
    }

    /**
     * Handles one request; never throws. Bad input answers a 4xx problem; a store that could not finish before the
     * deadline answers 503 saying whether the request may be repeated ({@code unavailable}, {@code
     * outcome-unconfirmed}, {@code outcome-unknown}); anything unexpected answers 500 without internals.
     *
     * @param deadline no DynamoDB call may run past this instant (the invocation's remaining time, G7)
     */
    public ProxyResponse handle(ProxyRequest request, Instant deadline) {
        long started = System.nanoTime();
        Route route = null;
        Answer answer;
        try {
            route = Route.resolve(config.entities(), request.resource(), request.method());
            answer = dispatch(route, request, deadline);
        } catch (ProblemException e) {
            answer = Answer.of(e);
        } catch (InvalidWriteException e) {
            answer = invalidWrite(e);
        } catch (DeadlineExceededException e) {
            answer = unfinished(request, route, e.writeMayHaveApplied());
        } catch (AwsServiceException e) {
            answer = serviceFailure(request, route, e);
        } catch (SdkException e) {
            logFailure(request, e);
            answer = unfinished(request, route, true);
        } catch (RuntimeException e) {
            logFailure(request, e);
            answer = Answer.of(Problem.of(ProblemType.INTERNAL_ERROR, "the request failed unexpectedly"), Map.of());
        }
        long latencyMs = (System.nanoTime() - started) / 1_000_000;
        Optional<RequestLog> log = options.requestLog();
        if (log.isPresent()) {
            log.get().write(new RequestLog.Entry(request.requestId(), request.method(), request.resource(),
                    route == null || route.entity() == null ? null : route.entity().name(),
                    answer.response().statusCode(), answer.outcome(), latencyMs));
        }
        return answer.response();
    }

    private static Answer invalidWrite(InvalidWriteException e) {
        if (e.getCause() instanceof AwsServiceException cause && cause.awsErrorDetails() != null
                && String.valueOf(cause.awsErrorDetails().errorMessage()).contains("Item size")) {
            // A merge or increment can grow an item past the limit; only DynamoDB sees the whole item then.
            return Answer.of(Problem.of(ProblemType.ITEM_TOO_LARGE,
                    "the item would exceed DynamoDB's 400 KB item size"), Map.of());
        }
        return Answer.of(Problem.of(ProblemType.INVALID_WRITE, "the data store refused the write as invalid, "
                + "for example an increment of an attribute that is not a number"), Map.of());
    }

    /**
     * The answer when the store could not finish before the deadline (or DynamoDB failed in a way it does not
     * re-send): a read, or a write that cannot have been applied, is safe to repeat; a write that may have been
     * applied is applied at most once with an Idempotency-Key, and of unknown outcome without one.
     */
    private static Answer unfinished(ProxyRequest request, Route route, boolean writeMayHaveApplied) {
        boolean read = "GET".equals(request.method());
        if (read || !writeMayHaveApplied) {
            return Answer.of(Problem.of(ProblemType.UNAVAILABLE, read
                    ? "the data store did not answer in time; the request may be repeated"
                    : "the data store did not answer in time and nothing was written; the request may be repeated"),
                    Map.of("Retry-After", RETRY_AFTER_SECONDS));
        }
        if (carriesIdempotencyKey(request)) {
            return Answer.of(Problem.of(ProblemType.OUTCOME_UNCONFIRMED, "the write is applied at most once, but it"
                    + " was not confirmed before the deadline; repeat the request with the same Idempotency-Key to"
                    + " learn its outcome (it is applied then if it was not)"),
                    Map.of("Retry-After", RETRY_AFTER_SECONDS));
        }
        String what = route != null && route.kind() == Route.Kind.TRANSACTIONS ? "the items" : "the item";
        return Answer.of(Problem.of(ProblemType.OUTCOME_UNKNOWN, "the write was sent but not confirmed before the"
                + " deadline: it may or may not have been applied, and repeating it may apply it again; read " + what
                + " to learn the outcome, and send an Idempotency-Key with writes to make them safe to repeat"),
                Map.of());
    }

    private static boolean carriesIdempotencyKey(ProxyRequest request) {
        try {
            return RequestReader.idempotencyKey(request).isPresent();
        } catch (ProblemException malformed) {
            // A malformed key is refused before the store is called; this request had none that counted.
            return false;
        }
    }

    private Answer serviceFailure(ProxyRequest request, Route route, AwsServiceException e) {
        String message = e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorMessage();
        if (e.statusCode() == 400 && message != null && message.contains("Item size")) {
            // A merge or increment can grow an item past the limit; only DynamoDB sees the whole item then.
            return Answer.of(Problem.of(ProblemType.ITEM_TOO_LARGE,
                    "the item would exceed DynamoDB's 400 KB item size"), Map.of());
        }
        System.err.println("{\"level\":\"ERROR\",\"message\":\"DynamoDB call failed\",\"errorCode\":\""
                + (e.awsErrorDetails() == null ? "" : e.awsErrorDetails().errorCode()) + "\",\"status\":"
                + e.statusCode() + "}");
        if (e.statusCode() >= 500 || e.isThrottlingException()) {
            // Only a store call without a deadline gets here: with one, such failures are re-sent until it passes.
            return unfinished(request, route, !e.isThrottlingException());
        }
        return Answer.of(Problem.of(ProblemType.INTERNAL_ERROR, "the request failed unexpectedly"), Map.of());
    }

    private static void logFailure(ProxyRequest request, RuntimeException e) {
        // The type and stack go to the log for the operator; the client's answer carries neither.
        System.err.println("{\"level\":\"ERROR\",\"message\":\"request failed\",\"requestId\":"
                + quote(request.requestId()) + ",\"error\":" + quote(e.getClass().getName()) + "}");
        e.printStackTrace(System.err);
    }

    private static String quote(String s) {
        JsonWriter w = JsonWriter.create();
        if (s == null) {
            w.writeNull();
        } else {
            w.writeValue(s);
        }
        return OutcomeMapping.utf8(w);
    }

    private Answer dispatch(Route route, ProxyRequest request, Instant deadline) {
        Optional<String> idempotencyKey = RequestReader.idempotencyKey(request);
        if (idempotencyKey.isPresent() && config.idempotencyTable().isEmpty() && !"GET".equals(request.method())) {
            throw new ProblemException(ProblemType.INVALID_IDEMPOTENCY_KEY,
                    "this API is deployed without Idempotency-Key support");
        }
        EntityDefinition entity = route.entity();
        return switch (route.kind()) {
            case COLLECTION -> create(entity, request, idempotencyKey, deadline);
            case PARTITION -> query(entity, request, deadline);
            case INCREMENT -> increment(entity, request, idempotencyKey, deadline);
            case TRANSACTIONS -> transact(request, idempotencyKey, deadline);
            case ITEM -> switch (request.method()) {
                case "GET" -> OutcomeMapping.read(entity,
                        store.get(entity, RequestReader.pathKey(entity, request, true), deadline));
                case "PUT" -> put(entity, request, idempotencyKey, deadline);
                case "PATCH" -> patch(entity, request, idempotencyKey, deadline);
                case "DELETE" -> delete(entity, request, idempotencyKey, deadline);
                default -> throw new IllegalStateException("route allowed " + request.method());
            };
        };
    }

    private WriteContext context(ProxyRequest request, Optional<String> idempotencyKey, String key,
                                 Instant deadline) {
        String requestId = request.requestId() == null || request.requestId().isEmpty()
                ? UUID.randomUUID().toString() : request.requestId();
        return WriteContext.builder()
                .requestToken(requestId)
                .idempotencyKey(idempotencyKey.orElse(null))
                .payloadFingerprint(WriteContext.fingerprint(request.method(), request.resource(), key,
                        request.body() == null ? new byte[0] : request.body()))
                .caller(callerOf(request))
                .time(options.clock().instant())
                .deadline(deadline)
                .build();
    }

    private String pathKeyText(ProxyRequest request, EntityDefinition entity) {
        StringBuilder sb = new StringBuilder();
        for (KeyAttribute k : RequestReader.keyAttributes(entity)) {
            String v = request.pathParameters().get(k.name());
            if (v != null) {
                sb.append(sb.length() == 0 ? "" : "/").append(v);
            }
        }
        return sb.toString();
    }

    private Answer create(EntityDefinition entity, ProxyRequest request, Optional<String> idempotencyKey,
                          Instant deadline) {
        Map<String, JsonNode> body = RequestReader.jsonObject(request, options.maxBodyBytes(), false);
        Map<String, AttributeValue> item = RequestReader.item(entity, body, null);
        KeyAttribute pk = entity.partitionKey();
        if (!item.containsKey(pk.name())) {
            if (pk.type() != KeyAttribute.Type.S) {
                throw new ProblemException(ProblemType.INVALID_KEY, "'" + pk.name()
                        + "' is a number and cannot be generated: give it in the body");
            }
            // Derived from the Idempotency-Key, a retried create names the same item and can never make a second.
            String id = idempotencyKey.map(k -> ConsistentStore.derivedId(entity, callerOf(request), k))
                    .orElseGet(() -> UUID.randomUUID().toString());
            item.put(pk.name(), AttributeValue.fromS(id));
        }
        if (entity.sortKey().isPresent() && !item.containsKey(entity.sortKey().get().name())) {
            throw new ProblemException(ProblemType.INVALID_KEY, "the body must give the sort key '"
                    + entity.sortKey().get().name() + "'");
        }
        RequestReader.checkSize(item);
        String location = OutcomeMapping.location(collectionPath(request, entity), RequestReader.keyValues(entity, item));
        Map<String, AttributeValue> key = keyOf(entity, item);
        WriteResult result = store.create(entity, item, context(request, idempotencyKey, "", deadline));
        return OutcomeMapping.write(entity, result, location, true, "created", () -> store.get(entity, key, deadline));
    }

    /** The caller identity the store scopes Idempotency-Keys by; the same as the write context's. */
    private static String callerOf(ProxyRequest request) {
        return request.caller() == null ? WriteContext.ANONYMOUS : request.caller();
    }

    private static Map<String, AttributeValue> keyOf(EntityDefinition entity, Map<String, AttributeValue> item) {
        Map<String, AttributeValue> key = new LinkedHashMap<>();
        RequestReader.keyAttributes(entity).forEach(k -> key.put(k.name(), item.get(k.name())));
        return key;
    }

    private static String collectionPath(ProxyRequest request, EntityDefinition entity) {
        String path = request.path();
        if (path == null || path.isEmpty()) {
            return "/" + entity.name();
        }
        return path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    }

    /** The collection's path for an item request: the request path less the key segments. */
    private static String collectionPathOfItem(ProxyRequest request, EntityDefinition entity, int keySegments) {
        String path = request.path();
        if (path == null || path.isEmpty()) {
            return "/" + entity.name();
        }
        String p = path;
        for (int i = 0; i < keySegments; i++) {
            int slash = p.lastIndexOf('/');
            p = slash < 0 ? "" : p.substring(0, slash);
        }
        return p;
    }

    private Answer put(EntityDefinition entity, ProxyRequest request, Optional<String> idempotencyKey,
                       Instant deadline) {
        OptionalLong ifMatch = RequestReader.ifMatch(request);
        boolean createOnly = RequestReader.ifNoneMatchAny(request);
        if (ifMatch.isPresent() && createOnly) {
            throw new ProblemException(ProblemType.CONFLICTING_PRECONDITIONS,
                    "give either If-Match (replace) or If-None-Match: * (create), not both");
        }
        if (ifMatch.isEmpty() && !createOnly) {
            throw new ProblemException(ProblemType.PRECONDITION_REQUIRED,
                    "PUT needs If-Match: \"<version>\" to replace or If-None-Match: * to create");
        }
        Map<String, AttributeValue> key = RequestReader.pathKey(entity, request, true);
        Map<String, JsonNode> body = RequestReader.jsonObject(request, options.maxBodyBytes(), false);
        Map<String, AttributeValue> item = RequestReader.item(entity, body, key);
        WriteContext ctx = context(request, idempotencyKey, pathKeyText(request, entity), deadline);
        String location = OutcomeMapping.location(collectionPathOfItem(request, entity, key.size()),
                RequestReader.keyValues(entity, item));
        WriteResult result = createOnly
                ? store.create(entity, item, ctx)
                : store.replace(entity, item, ifMatch.getAsLong(), ctx);
        return OutcomeMapping.write(entity, result, location, false, "replaced", () -> store.get(entity, key, deadline));
    }

    private Answer patch(EntityDefinition entity, ProxyRequest request, Optional<String> idempotencyKey,
                         Instant deadline) {
        OptionalLong ifMatch = RequestReader.ifMatch(request);
        RequestReader.refuseIfNoneMatch(request, "PATCH");
        if (ifMatch.isEmpty()) {
            throw new ProblemException(ProblemType.PRECONDITION_REQUIRED, "PATCH needs If-Match: \"<version>\"");
        }
        Map<String, AttributeValue> key = RequestReader.pathKey(entity, request, true);
        Map<String, JsonNode> patch = RequestReader.jsonObject(request, options.maxBodyBytes(), true);
        RequestReader.checkWritableNames(entity, patch);
        for (Map.Entry<String, JsonNode> e : patch.entrySet()) {
            String name = e.getKey();
            if (RequestReader.isKey(entity, name)) {
                KeyAttribute attribute = RequestReader.keyAttributes(entity).stream()
                        .filter(k -> k.name().equals(name)).findFirst().orElseThrow();
                if (e.getValue().isNull() || !RequestReader.sameKeyValue(attribute,
                        RequestReader.bodyKeyValue(entity, attribute, e.getValue()), key.get(name))) {
                    throw new ProblemException(ProblemType.KEY_MISMATCH,
                            "a merge patch cannot change or remove key attribute '" + name + "'");
                }
            }
        }
        Map<String, AttributeValue> changes = new LinkedHashMap<>(ItemJson.toItem(patch));
        // Key attributes repeated in the patch carry the path's value (a number key may be spelled differently).
        key.forEach((name, value) -> changes.computeIfPresent(name, (n, v) -> value));
        RequestReader.checkSize(changes);
        // The store applies the patch to the consistent read whose version it checks (G1/G2), not to a read here.
        WriteResult result = store.mergePatch(entity, key, changes, ifMatch.getAsLong(),
                context(request, idempotencyKey, pathKeyText(request, entity), deadline));
        return OutcomeMapping.write(entity, result, null, false, "merged", () -> store.get(entity, key, deadline));
    }

    private Answer increment(EntityDefinition entity, ProxyRequest request, Optional<String> idempotencyKey,
                             Instant deadline) {
        OptionalLong ifMatch = RequestReader.ifMatch(request);
        RequestReader.refuseIfNoneMatch(request, "an increment");
        Map<String, AttributeValue> key = RequestReader.pathKey(entity, request, true);
        Map<String, JsonNode> body = RequestReader.jsonObject(request, options.maxBodyBytes(), false);
        Map<String, String> deltas = RequestReader.deltas(entity, body, "");
        WriteResult result = store.increment(entity, key, deltas, ifMatch,
                context(request, idempotencyKey, pathKeyText(request, entity), deadline));
        return OutcomeMapping.write(entity, result, null, false, "incremented", () -> store.get(entity, key, deadline));
    }

    private Answer delete(EntityDefinition entity, ProxyRequest request, Optional<String> idempotencyKey,
                          Instant deadline) {
        OptionalLong ifMatch = RequestReader.ifMatch(request);
        RequestReader.refuseIfNoneMatch(request, "DELETE");
        if (ifMatch.isEmpty()) {
            throw new ProblemException(ProblemType.PRECONDITION_REQUIRED, "DELETE needs If-Match: \"<version>\"");
        }
        Map<String, AttributeValue> key = RequestReader.pathKey(entity, request, true);
        WriteResult result = store.delete(entity, key, ifMatch.getAsLong(),
                context(request, idempotencyKey, pathKeyText(request, entity), deadline));
        return OutcomeMapping.write(entity, result, null, false, "deleted", Optional::empty);
    }

    private Answer query(EntityDefinition entity, ProxyRequest request, Instant deadline) {
        Map<String, AttributeValue> partition = RequestReader.pathKey(entity, request, false);
        AttributeValue pk = partition.get(entity.partitionKey().name());
        int limit = HandlerOptions.DEFAULT_PAGE_SIZE;
        String limitText = request.queryParameters().get("limit");
        if (limitText != null) {
            try {
                limit = Integer.parseInt(limitText);
            } catch (NumberFormatException e) {
                limit = -1;
            }
            if (limit < 1 || limit > HandlerOptions.MAX_PAGE_SIZE) {
                throw new ProblemException(ProblemType.INVALID_QUERY,
                        "limit must be a whole number from 1 to " + HandlerOptions.MAX_PAGE_SIZE);
            }
        }
        String cursor = request.queryParameters().get("cursor");
        Map<String, AttributeValue> start = cursor == null ? null : Cursor.decode(entity, pk, cursor);
        QueryPage page = store.query(entity, pk, limit, start, deadline);
        JsonWriter w = JsonWriter.create();
        w.writeStartObject();
        w.writeFieldName("items").writeStartArray();
        for (VersionedItem item : page.items()) {
            ItemJson.writeItem(w, Bookkeeping.withoutBookkeeping(item.attributes()));
        }
        w.writeEndArray();
        if (page.lastEvaluatedKey().isPresent()) {
            w.writeFieldName("nextCursor").writeValue(Cursor.encode(entity, page.lastEvaluatedKey().get()));
        }
        w.writeEndObject();
        return new Answer(new ProxyResponse(200, Map.of("Content-Type", "application/json"),
                OutcomeMapping.utf8(w)), "queried");
    }

    private Answer transact(ProxyRequest request, Optional<String> idempotencyKey, Instant deadline) {
        RequestReader.refuseIfNoneMatch(request, "a transaction");
        Map<String, JsonNode> body = RequestReader.jsonObject(request, options.maxBodyBytes(), false);
        JsonNode list = body.get("operations");
        if (list == null || !list.isArray() || list.asArray().isEmpty() || body.size() != 1) {
            throw new ProblemException(ProblemType.INVALID_TRANSACTION,
                    "the body must be {\"operations\": [...]} with at least one operation");
        }
        if (list.asArray().size() > MAX_TRANSACTION_OPERATIONS) {
            throw new ProblemException(ProblemType.INVALID_TRANSACTION,
                    "a transaction takes at most " + MAX_TRANSACTION_OPERATIONS + " operations");
        }
        List<TransactionOperation> operations = new ArrayList<>();
        Set<String> items = new HashSet<>();
        int index = 0;
        for (JsonNode node : list.asArray()) {
            TransactionOperation op;
            try {
                op = TransactionRequests.operation(config.entities(), index, node);
            } catch (ProblemException e) {
                throw new ProblemException(e.problem().with("operationIndex", index)
                        .withDetailPrefix("operation " + index + ": "), Map.of());
            }
            if (!items.add(op.entity().name() + "\n" + RequestReader.keyText(op.entity(), op.key()))) {
                throw new ProblemException(Problem.of(ProblemType.INVALID_TRANSACTION, "operation " + index
                        + ": names an item an earlier operation names; each item may appear once")
                        .with("operationIndex", index), Map.of());
            }
            operations.add(op);
            index++;
        }
        TransactionResult result = store.transact(operations, context(request, idempotencyKey, "", deadline));
        return OutcomeMapping.transaction(result, operations);
    }

    /** Opaque page cursors: the last evaluated key as base64url JSON, checked against the entity on the way in. */
    static final class Cursor {
        private Cursor() {
        }

        static String encode(EntityDefinition entity, Map<String, AttributeValue> lastKey) {
            JsonWriter w = JsonWriter.create();
            ItemJson.writeItem(w, keyOf(entity, lastKey));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(w.getBytes());
        }

        static Map<String, AttributeValue> decode(EntityDefinition entity, AttributeValue pk, String cursor) {
            ProblemException invalid = new ProblemException(ProblemType.INVALID_QUERY,
                    "cursor is not one this API issued for this partition");
            Map<String, JsonNode> object;
            try {
                object = StrictJson.object(Base64.getUrlDecoder().decode(cursor));
            } catch (IllegalArgumentException | ProblemException e) {
                throw invalid;
            }
            List<KeyAttribute> keys = RequestReader.keyAttributes(entity);
            if (object.size() != keys.size()) {
                throw invalid;
            }
            Map<String, AttributeValue> key = new LinkedHashMap<>();
            for (KeyAttribute k : keys) {
                JsonNode v = object.get(k.name());
                if (v == null) {
                    throw invalid;
                }
                try {
                    key.put(k.name(), RequestReader.bodyKeyValue(entity, k, v));
                } catch (ProblemException e) {
                    throw invalid;
                }
            }
            if (!RequestReader.sameKeyValue(entity.partitionKey(), key.get(entity.partitionKey().name()), pk)) {
                throw invalid;
            }
            return key;
        }
    }
}
