package io.consistentcrud.runtime.http;

import io.consistentcrud.contract.HttpHeaders;
import io.consistentcrud.contract.IndexQuery;
import io.consistentcrud.runtime.ConsistentStore;
import io.consistentcrud.runtime.EntityDefinition;
import io.consistentcrud.runtime.IndexDefinition;
import io.consistentcrud.runtime.IndexRead;
import io.consistentcrud.runtime.KeyAttribute;
import io.consistentcrud.runtime.WriteContext;
import io.consistentcrud.runtime.internal.Hashing;
import io.consistentcrud.runtime.internal.ItemJson;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.regex.Pattern;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Reads a routed request once, completely, into the {@link Command} it asks for. Every check of bad input happens
 * here and throws a {@link ProblemException} (the 4xx problems of docs/http-api.md), before the store is called, so
 * a request answered with a problem has written nothing. Per route, the checks run in a fixed order: the
 * Idempotency-Key, the preconditions, the path's key, then the body.
 */
final class RequestParser {
    private static final Pattern STRONG_TAG = Pattern.compile("\"([1-9][0-9]{0,17})\"");
    private static final Pattern IDEMPOTENCY_KEY = Pattern.compile("[A-Za-z0-9._:-]{1,128}");

    private final Map<String, EntityDefinition> entities;
    private final boolean idempotencyKeysServed;
    private final int maxBodyBytes;

    /**
     * @param entities              the served entities by name, for the operations of a transaction
     * @param idempotencyKeysServed whether the API has an idempotency table; without one a write with an
     *                              Idempotency-Key is refused rather than executed without the key's protection
     * @param maxBodyBytes          larger bodies answer 413
     */
    RequestParser(Map<String, EntityDefinition> entities, boolean idempotencyKeysServed, int maxBodyBytes) {
        this.entities = Objects.requireNonNull(entities, "entities");
        this.idempotencyKeysServed = idempotencyKeysServed;
        this.maxBodyBytes = maxBodyBytes;
    }

    /** The command of a request whose resource and method {@link Route#resolve} accepted. */
    Command parse(Route route, ProxyRequest request) {
        Optional<String> idempotencyKey = idempotencyKey(request);
        if (idempotencyKey.isPresent() && !idempotencyKeysServed && !"GET".equals(request.method())) {
            throw new ProblemException(ProblemType.INVALID_IDEMPOTENCY_KEY,
                    "this API is deployed without Idempotency-Key support");
        }
        EntityDefinition entity = route.entity();
        return switch (route.kind()) {
            case COLLECTION -> create(entity, request, idempotencyKey);
            case PARTITION -> query(entity, request);
            case INDEX -> queryIndex(entity, request);
            case INCREMENT -> increment(entity, request, idempotencyKey);
            case TRANSACTIONS -> transact(request, idempotencyKey);
            case ITEM -> switch (request.method()) {
                case "GET" -> new Command.Get(entity, ItemKeys.fromPath(entity, request, true));
                case "PUT" -> replace(entity, request, idempotencyKey);
                case "PATCH" -> merge(entity, request, idempotencyKey);
                case "DELETE" -> delete(entity, request, idempotencyKey);
                default -> throw new IllegalStateException("route allowed " + request.method());
            };
        };
    }

    private Command create(EntityDefinition entity, ProxyRequest request, Optional<String> idempotencyKey) {
        Map<String, AttributeValue> item = RequestBody.item(entity, body(request, false), null);
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
        RequestBody.checkSize(item);
        String location = OutcomeMapping.location(collectionPath(request, entity, 0), ItemKeys.values(entity, item));
        return new Command.Create(entity, item, location, origin(request, idempotencyKey, ""));
    }

    private Command replace(EntityDefinition entity, ProxyRequest request, Optional<String> idempotencyKey) {
        OptionalLong ifMatch = ifMatch(request);
        boolean createOnly = ifNoneMatchAny(request);
        if (ifMatch.isPresent() && createOnly) {
            throw new ProblemException(ProblemType.CONFLICTING_PRECONDITIONS,
                    "give either If-Match (replace) or If-None-Match: * (create), not both");
        }
        if (ifMatch.isEmpty() && !createOnly) {
            throw new ProblemException(ProblemType.PRECONDITION_REQUIRED,
                    "PUT needs If-Match: \"<version>\" to replace or If-None-Match: * to create");
        }
        Map<String, AttributeValue> key = ItemKeys.fromPath(entity, request, true);
        Map<String, AttributeValue> item = RequestBody.item(entity, body(request, false), key);
        String location = OutcomeMapping.location(collectionPath(request, entity, key.size()),
                ItemKeys.values(entity, item));
        return new Command.Replace(entity, key, item, ifMatch, location, itemOrigin(entity, request, idempotencyKey));
    }

    private Command merge(EntityDefinition entity, ProxyRequest request, Optional<String> idempotencyKey) {
        long expectedVersion = requiredIfMatch(request, "PATCH");
        Map<String, AttributeValue> key = ItemKeys.fromPath(entity, request, true);
        Map<String, JsonNode> patch = body(request, true);
        RequestBody.checkWritableNames(entity, patch);
        for (Map.Entry<String, JsonNode> e : patch.entrySet()) {
            String name = e.getKey();
            if (ItemKeys.isKey(entity, name)) {
                KeyAttribute attribute = ItemKeys.attributes(entity).stream()
                        .filter(k -> k.name().equals(name)).findFirst().orElseThrow();
                if (e.getValue().isNull() || !ItemKeys.same(attribute,
                        ItemKeys.fromJson(entity, attribute, e.getValue()), key.get(name))) {
                    throw new ProblemException(ProblemType.KEY_MISMATCH,
                            "a merge patch cannot change or remove key attribute '" + name + "'");
                }
            }
        }
        Map<String, AttributeValue> changes = new LinkedHashMap<>(ItemJson.toItem(patch));
        // Key attributes repeated in the patch carry the path's value (a number key may be spelled differently).
        key.forEach((name, value) -> changes.computeIfPresent(name, (n, v) -> value));
        RequestBody.checkSize(changes);
        return new Command.Merge(entity, key, changes, expectedVersion, itemOrigin(entity, request, idempotencyKey));
    }

    private Command increment(EntityDefinition entity, ProxyRequest request, Optional<String> idempotencyKey) {
        OptionalLong ifMatch = ifMatch(request);
        refuseIfNoneMatch(request, "an increment");
        Map<String, AttributeValue> key = ItemKeys.fromPath(entity, request, true);
        Map<String, String> deltas = RequestBody.deltas(entity, body(request, false));
        return new Command.Increment(entity, key, deltas, ifMatch, itemOrigin(entity, request, idempotencyKey));
    }

    private Command delete(EntityDefinition entity, ProxyRequest request, Optional<String> idempotencyKey) {
        long expectedVersion = requiredIfMatch(request, "DELETE");
        Map<String, AttributeValue> key = ItemKeys.fromPath(entity, request, true);
        return new Command.Delete(entity, key, expectedVersion, itemOrigin(entity, request, idempotencyKey));
    }

    private Command query(EntityDefinition entity, ProxyRequest request) {
        AttributeValue pk = ItemKeys.fromPath(entity, request, false).get(entity.partitionKey().name());
        int limit = limit(request);
        String cursor = request.queryParameters().get("cursor");
        return new Command.Query(entity, pk, limit, cursor == null ? null : Cursor.decode(entity, pk, cursor));
    }

    /**
     * {@code GET /E?index=...}: every parameter is checked, and one this route does not know is refused rather
     * than ignored (a misspelt condition would otherwise widen the answer silently).
     */
    private Command queryIndex(EntityDefinition entity, ProxyRequest request) {
        Map<String, String> params = request.queryParameters();
        for (String name : params.keySet()) {
            if (!IndexQuery.PARAMETERS.contains(name)) {
                throw new ProblemException(ProblemType.INVALID_QUERY, "query parameter '" + name + "' is not one "
                        + "of an index query's " + IndexQuery.PARAMETERS);
            }
        }
        String indexName = params.get(IndexQuery.INDEX);
        if (indexName == null || indexName.isEmpty()) {
            throw new ProblemException(ProblemType.INVALID_QUERY, "'" + IndexQuery.INDEX + "' names the index; "
                    + entity.name() + " has " + entity.indexes().stream().map(IndexDefinition::name).toList());
        }
        IndexDefinition index = entity.index(indexName).orElseThrow(() -> new ProblemException(
                ProblemType.INVALID_QUERY, entity.name() + " has no index '" + indexName + "'; it has "
                + entity.indexes().stream().map(IndexDefinition::name).toList()));
        AttributeValue partition = queryValue(index.partitionKey(), IndexQuery.PARTITION, params);
        if (partition == null) {
            throw new ProblemException(ProblemType.INVALID_QUERY, "'" + IndexQuery.PARTITION + "' gives the value "
                    + "of the index's partition key '" + index.partitionKey().name() + "'");
        }
        Optional<IndexRead.SortCondition> condition = sortCondition(index, params);
        String order = params.getOrDefault(IndexQuery.ORDER, IndexQuery.ORDER_ASCENDING);
        if (!order.equals(IndexQuery.ORDER_ASCENDING) && !order.equals(IndexQuery.ORDER_DESCENDING)) {
            throw new ProblemException(ProblemType.INVALID_QUERY, "'" + IndexQuery.ORDER + "' is "
                    + IndexQuery.ORDER_ASCENDING + " or " + IndexQuery.ORDER_DESCENDING);
        }
        boolean descending = order.equals(IndexQuery.ORDER_DESCENDING);
        int limit = limit(request);
        // The cursor is bound to everything that selects the items, not to the page size.
        String queryHash = Hashing.sha256Hex(entity.name(), index.name(), keyText(partition),
                condition.map(c -> c.operator() + "\n" + keyText(c.value()) + "\n"
                        + (c.upper() == null ? "" : keyText(c.upper()))).orElse(""), order).substring(0, 32);
        String cursor = params.get(IndexQuery.CURSOR);
        Map<String, AttributeValue> start = cursor == null ? null
                : Cursor.decodeIndex(entity, index, queryHash, partition, cursor);
        return new Command.QueryIndex(entity, new IndexRead(index, partition, condition, descending, limit, start),
                queryHash);
    }

    /** The one sort-key condition of an index query, if any; two, or one on an index without sort key, are 400. */
    private static Optional<IndexRead.SortCondition> sortCondition(IndexDefinition index,
                                                                   Map<String, String> params) {
        List<String> given = IndexQuery.SORT_CONDITIONS.stream().filter(params::containsKey).toList();
        if (params.containsKey(IndexQuery.SORT_TO) && !given.contains(IndexQuery.SORT_FROM)) {
            throw new ProblemException(ProblemType.INVALID_QUERY, "'" + IndexQuery.SORT_TO + "' needs '"
                    + IndexQuery.SORT_FROM + "': together they are a range, both bounds included");
        }
        if (given.isEmpty()) {
            return Optional.empty();
        }
        if (given.size() > 1) {
            throw new ProblemException(ProblemType.INVALID_QUERY, "give one sort-key condition, not " + given);
        }
        String parameter = given.get(0);
        KeyAttribute sk = index.sortKey().orElseThrow(() -> new ProblemException(ProblemType.INVALID_QUERY,
                "index '" + index.name() + "' has no sort key; '" + parameter + "' has nothing to compare"));
        AttributeValue value = queryValue(sk, parameter, params);
        IndexRead.SortCondition.Operator op = switch (parameter) {
            case IndexQuery.SORT_EQ -> IndexRead.SortCondition.Operator.EQ;
            case IndexQuery.SORT_LT -> IndexRead.SortCondition.Operator.LT;
            case IndexQuery.SORT_LE -> IndexRead.SortCondition.Operator.LE;
            case IndexQuery.SORT_GT -> IndexRead.SortCondition.Operator.GT;
            case IndexQuery.SORT_GE -> IndexRead.SortCondition.Operator.GE;
            case IndexQuery.SORT_BEGINS_WITH -> IndexRead.SortCondition.Operator.BEGINS_WITH;
            default -> IndexRead.SortCondition.Operator.BETWEEN;
        };
        if (op == IndexRead.SortCondition.Operator.BEGINS_WITH && sk.type() != KeyAttribute.Type.S) {
            throw new ProblemException(ProblemType.INVALID_QUERY, "'" + parameter + "' needs a string sort key; '"
                    + sk.name() + "' is a number");
        }
        AttributeValue upper = null;
        if (op == IndexRead.SortCondition.Operator.BETWEEN) {
            upper = queryValue(sk, IndexQuery.SORT_TO, params);
            if (upper == null) {
                throw new ProblemException(ProblemType.INVALID_QUERY, "'" + IndexQuery.SORT_FROM + "' needs '"
                        + IndexQuery.SORT_TO + "': together they are a range, both bounds included");
            }
            if (compare(sk, value, upper) > 0) {
                throw new ProblemException(ProblemType.INVALID_QUERY, "'" + IndexQuery.SORT_FROM
                        + "' is above '" + IndexQuery.SORT_TO + "'");
            }
        }
        return Optional.of(new IndexRead.SortCondition(op, value, upper));
    }

    /** DynamoDB's order of two values of a key attribute: numbers by value, strings by their UTF-8 bytes. */
    private static int compare(KeyAttribute attribute, AttributeValue a, AttributeValue b) {
        if (attribute.type() == KeyAttribute.Type.N) {
            return new BigDecimal(a.n()).compareTo(new BigDecimal(b.n()));
        }
        return Arrays.compareUnsigned(a.s().getBytes(StandardCharsets.UTF_8),
                b.s().getBytes(StandardCharsets.UTF_8));
    }

    /** A query parameter as a value of a key attribute, checked as a key is; null when absent. */
    private static AttributeValue queryValue(KeyAttribute attribute, String parameter,
                                             Map<String, String> params) {
        String text = params.get(parameter);
        if (text == null) {
            return null;
        }
        try {
            return ItemKeys.fromText(attribute, parameter.equals(IndexQuery.PARTITION), text, "'" + parameter + "'");
        } catch (ProblemException e) {
            throw new ProblemException(ProblemType.INVALID_QUERY, e.problem().detail());
        }
    }

    private static String keyText(AttributeValue value) {
        return value.s() != null ? "S:" + value.s() : "N:" + new BigDecimal(value.n()).stripTrailingZeros()
                .toPlainString();
    }

    /** The {@code limit} of a page: 1 to the maximum page size, the default page size when absent. */
    private static int limit(ProxyRequest request) {
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
        return limit;
    }

    private Command transact(ProxyRequest request, Optional<String> idempotencyKey) {
        refuseIfNoneMatch(request, "a transaction");
        return new Command.Transact(TransactionRequests.operations(entities, body(request, false)),
                origin(request, idempotencyKey, ""));
    }

    private Map<String, JsonNode> body(ProxyRequest request, boolean mergePatch) {
        return RequestBody.object(request, maxBodyBytes, mergePatch);
    }

    /** The version of {@code If-Match}: exactly one strong tag {@code "N"}; empty when the header is absent. */
    private static OptionalLong ifMatch(ProxyRequest request) {
        Optional<String> header = request.header(HttpHeaders.IF_MATCH);
        if (header.isEmpty()) {
            return OptionalLong.empty();
        }
        var m = STRONG_TAG.matcher(header.get().trim());
        if (!m.matches()) {
            throw new ProblemException(ProblemType.INVALID_IF_MATCH,
                    "If-Match must be one strong entity tag holding a version, such as \"3\"");
        }
        return OptionalLong.of(Long.parseLong(m.group(1)));
    }

    /** The version of the {@code If-Match} that a {@code PATCH} or {@code DELETE} needs; no If-None-Match. */
    private static long requiredIfMatch(ProxyRequest request, String method) {
        OptionalLong ifMatch = ifMatch(request);
        refuseIfNoneMatch(request, method);
        if (ifMatch.isEmpty()) {
            throw new ProblemException(ProblemType.PRECONDITION_REQUIRED, method + " needs If-Match: \"<version>\"");
        }
        return ifMatch.getAsLong();
    }

    /** Refuses {@code If-None-Match} where it has no meaning: a write it would silently not restrict. */
    private static void refuseIfNoneMatch(ProxyRequest request, String what) {
        if (request.header(HttpHeaders.IF_NONE_MATCH).isPresent()) {
            throw new ProblemException(ProblemType.INVALID_IF_NONE_MATCH, what + " does not take If-None-Match; "
                    + "only PUT does (If-None-Match: * creates)");
        }
    }

    /** Whether {@code If-None-Match: *} is present; any other value is refused. */
    private static boolean ifNoneMatchAny(ProxyRequest request) {
        Optional<String> header = request.header(HttpHeaders.IF_NONE_MATCH);
        if (header.isEmpty()) {
            return false;
        }
        if (!header.get().trim().equals("*")) {
            throw new ProblemException(ProblemType.INVALID_IF_NONE_MATCH,
                    "If-None-Match is only supported as * (create only if absent)");
        }
        return true;
    }

    /** The Idempotency-Key: 1 to 128 characters of {@code [A-Za-z0-9._:-]}. */
    private static Optional<String> idempotencyKey(ProxyRequest request) {
        Optional<String> key = request.header(HttpHeaders.IDEMPOTENCY_KEY);
        if (key.isPresent() && !IDEMPOTENCY_KEY.matcher(key.get()).matches()) {
            throw new ProblemException(ProblemType.INVALID_IDEMPOTENCY_KEY,
                    "Idempotency-Key must be 1 to 128 characters of A-Z a-z 0-9 . _ : -");
        }
        return key;
    }

    /** The origin of a write to an item its path names: the path's key is part of the fingerprint. */
    private static Command.Origin itemOrigin(EntityDefinition entity, ProxyRequest request,
                                             Optional<String> idempotencyKey) {
        return origin(request, idempotencyKey, ItemKeys.pathText(entity, request));
    }

    private static Command.Origin origin(ProxyRequest request, Optional<String> idempotencyKey, String keyText) {
        String requestId = request.requestId() == null || request.requestId().isEmpty()
                ? UUID.randomUUID().toString() : request.requestId();
        String fingerprint = WriteContext.fingerprint(request.method(), request.resource(), keyText,
                preconditions(request), request.body() == null ? new byte[0] : request.body());
        return new Command.Origin(requestId, idempotencyKey, fingerprint, callerOf(request),
                ReturnPreference.of(request));
    }

    /**
     * The preconditions as the fingerprint holds them, already checked: a {@code DELETE} at {@code "3"} is not a
     * repeat of one at {@code "1"}, nor a {@code PUT} that replaces a repeat of one that creates. Empty without any.
     */
    private static String preconditions(ProxyRequest request) {
        String ifMatch = request.header("If-Match").map(String::trim).orElse("");
        String ifNoneMatch = request.header("If-None-Match").map(String::trim).orElse("");
        return ifMatch.isEmpty() && ifNoneMatch.isEmpty() ? "" : "If-Match:" + ifMatch + "\nIf-None-Match:" + ifNoneMatch;
    }

    /** The caller identity the store scopes Idempotency-Keys by; the same as the write context's. */
    private static String callerOf(ProxyRequest request) {
        return request.caller() == null ? WriteContext.ANONYMOUS : request.caller();
    }

    /**
     * The collection's path, the base of {@code Location}: the request path less its trailing slash and its
     * {@code keySegments} last segments (0 for the collection itself), or {@code /E} when the event has no path.
     */
    private static String collectionPath(ProxyRequest request, EntityDefinition entity, int keySegments) {
        String path = request.path();
        if (path == null || path.isEmpty()) {
            return "/" + entity.name();
        }
        if (keySegments == 0) {
            return path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
        }
        String p = path;
        for (int i = 0; i < keySegments; i++) {
            int slash = p.lastIndexOf('/');
            p = slash < 0 ? "" : p.substring(0, slash);
        }
        return p;
    }
}
