package io.consistentcrud.runtime.http;

import io.consistentcrud.runtime.ConsistentStore;
import io.consistentcrud.runtime.EntityDefinition;
import io.consistentcrud.runtime.KeyAttribute;
import io.consistentcrud.runtime.RuntimeConfiguration;
import io.consistentcrud.runtime.VersionedItem;
import io.consistentcrud.runtime.WriteContext;
import io.consistentcrud.runtime.WriteResult;
import io.consistentcrud.runtime.internal.ItemJson;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;
import software.amazon.awssdk.protocols.jsoncore.JsonWriter;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The generic CRUD handler: turns REST proxy requests for the configured entities into safe store calls.
 *
 * <p>All dependencies are injected; the Lambda entry class {@link LambdaEntry} reads the environment once and
 * builds this.
 */
public final class CrudHandler {
    private final RuntimeConfiguration config;
    private final ConsistentStore store;

    public CrudHandler(RuntimeConfiguration config, ConsistentStore store) {
        this.config = Objects.requireNonNull(config, "config");
        this.store = Objects.requireNonNull(store, "store");
    }

    /** Handles one request; never throws for bad input, which always answers a 4xx problem. */
    public ProxyResponse handle(ProxyRequest request) {
        String[] segments = request.resource() == null ? new String[0] : request.resource().replaceFirst("^/", "").split("/");
        EntityDefinition entity = segments.length == 0 ? null : config.entities().get(segments[0]);
        if (entity == null) {
            return new Problem("unknown-entity", "Unknown entity", 404,
                    "no entity is served at " + request.resource()).toResponse();
        }
        String pk = request.pathParameters().get(entity.partitionKey().name());
        if (pk == null || segments.length != 2) {
            return methodNotAllowed(request);
        }
        Map<String, AttributeValue> key = Map.of(entity.partitionKey().name(), keyValue(entity.partitionKey(), pk));
        return switch (request.method()) {
            case "GET" -> get(entity, key);
            case "PUT" -> put(entity, key, request);
            default -> methodNotAllowed(request);
        };
    }

    private ProxyResponse get(EntityDefinition entity, Map<String, AttributeValue> key) {
        Optional<VersionedItem> item = store.get(entity, key);
        if (item.isEmpty()) {
            return new Problem("not-found", "Not found", 404, "no such " + entity.name() + " item").toResponse();
        }
        return itemResponse(200, item.get());
    }

    private ProxyResponse put(EntityDefinition entity, Map<String, AttributeValue> key, ProxyRequest request) {
        Optional<String> ifMatch = request.header("If-Match");
        boolean create = request.header("If-None-Match").map("*"::equals).orElse(false);
        if (ifMatch.isEmpty() && !create) {
            return new Problem("precondition-required", "Precondition required", 428,
                    "PUT needs If-Match: \"<version>\" to replace or If-None-Match: * to create").toResponse();
        }
        long expected = 0;
        if (ifMatch.isPresent()) {
            String tag = ifMatch.get().trim();
            if (!tag.matches("\"[1-9][0-9]{0,17}\"")) {
                return new Problem("invalid-if-match", "Invalid If-Match", 400,
                        "If-Match must be one strong tag such as \"3\"").toResponse();
            }
            expected = Long.parseLong(tag.substring(1, tag.length() - 1));
        }
        JsonNode body;
        try {
            body = JsonNode.parser().parse(request.body() == null ? "" : new String(request.body(), StandardCharsets.UTF_8));
        } catch (RuntimeException e) {
            return new Problem("malformed-json", "Malformed JSON", 400, "the body is not valid JSON").toResponse();
        }
        if (!body.isObject()) {
            return new Problem("malformed-json", "Malformed JSON", 400, "the body must be a JSON object").toResponse();
        }
        if (body.asObject().containsKey(entity.versionAttribute())) {
            return new Problem("read-only-attribute", "Read-only attribute", 400,
                    "attribute '" + entity.versionAttribute() + "' is managed by the API").toResponse();
        }
        Map<String, AttributeValue> item = new LinkedHashMap<>(ItemJson.toItem(body.asObject()));
        item.putAll(key);
        Instant now = Instant.now();
        WriteContext ctx = WriteContext.builder().requestToken(request.requestId()).time(now)
                .deadline(now.plus(config.callTimeout())).build();
        WriteResult result = create ? store.create(entity, item, ctx) : store.replace(entity, item, expected, ctx);
        if (result instanceof WriteResult.Written written) {
            return itemResponse(written.created() ? 201 : 200, written.item());
        } else if (result instanceof WriteResult.Conflict conflict) {
            return new Problem("version-mismatch", "Version mismatch", 412,
                    "the item is at version " + conflict.currentVersion()).toResponse(etag(conflict.currentVersion()));
        } else if (result instanceof WriteResult.AlreadyExists exists) {
            return new Problem("already-exists", "Already exists", 412,
                    "the item already exists at version " + exists.currentVersion())
                    .toResponse(etag(exists.currentVersion()));
        }
        return new Problem("not-found", "Not found", 412, "no such " + entity.name() + " item").toResponse();
    }

    private static Map<String, String> etag(long version) {
        return Map.of("ETag", "\"" + version + "\"");
    }

    private static ProxyResponse itemResponse(int status, VersionedItem item) {
        JsonWriter w = JsonWriter.create();
        ItemJson.writeItem(w, item.attributes());
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "application/json");
        headers.putAll(etag(item.version()));
        return new ProxyResponse(status, headers, new String(w.getBytes(), StandardCharsets.UTF_8));
    }

    private static AttributeValue keyValue(KeyAttribute attribute, String text) {
        return attribute.type() == KeyAttribute.Type.N ? AttributeValue.fromN(text) : AttributeValue.fromS(text);
    }

    private static ProxyResponse methodNotAllowed(ProxyRequest request) {
        return new Problem("method-not-allowed", "Method not allowed", 405,
                request.method() + " is not served at " + request.resource()).toResponse();
    }
}
