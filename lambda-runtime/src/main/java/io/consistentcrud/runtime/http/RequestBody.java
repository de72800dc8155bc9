package io.consistentcrud.runtime.http;

import io.consistentcrud.runtime.Bookkeeping;
import io.consistentcrud.runtime.EntityDefinition;
import io.consistentcrud.runtime.KeyAttribute;
import io.consistentcrud.runtime.internal.ItemJson;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Reads and checks a request's JSON body: its size, media type and syntax, the attribute names a client may write,
 * whole items, increment deltas and the item size DynamoDB would refuse. Each failed check throws a
 * {@link ProblemException}.
 */
final class RequestBody {
    /** Longest attribute name, in UTF-8 bytes; the JSON parser sets no shorter limit of its own ({@link StrictJson}). */
    private static final int MAX_ATTRIBUTE_NAME_BYTES = 65_535;

    private RequestBody() {
    }

    /**
     * The body as a JSON object, after the size and content-type checks.
     *
     * @param mergePatch whether {@code application/merge-patch+json} is accepted besides {@code application/json}
     */
    static Map<String, JsonNode> object(ProxyRequest request, int maxBodyBytes, boolean mergePatch) {
        byte[] body = request.body();
        if (body != null && body.length > maxBodyBytes) {
            throw new ProblemException(ProblemType.BODY_TOO_LARGE,
                    "the body has " + body.length + " bytes; at most " + maxBodyBytes + " are accepted");
        }
        if (body == null || body.length == 0) {
            throw new ProblemException(ProblemType.BODY_REQUIRED, "this request needs a JSON body");
        }
        checkContentType(request, mergePatch);
        return StrictJson.object(body);
    }

    private static void checkContentType(ProxyRequest request, boolean mergePatch) {
        String expected = mergePatch ? "application/merge-patch+json or application/json" : "application/json";
        String header = request.header("Content-Type").orElse("");
        String[] parts = header.split(";");
        String type = parts[0].trim().toLowerCase(Locale.ROOT);
        boolean typeOk = type.equals("application/json") || mergePatch && type.equals("application/merge-patch+json");
        if (!typeOk) {
            throw new ProblemException(ProblemType.UNSUPPORTED_MEDIA_TYPE, "Content-Type must be " + expected);
        }
        for (int i = 1; i < parts.length; i++) {
            String[] param = parts[i].trim().split("=", 2);
            if (param[0].trim().equalsIgnoreCase("charset") && (param.length < 2
                    || !param[1].trim().replace("\"", "").equalsIgnoreCase("utf-8"))) {
                throw new ProblemException(ProblemType.UNSUPPORTED_MEDIA_TYPE, "the body must be UTF-8");
            }
        }
    }

    /**
     * Checks that a client-written object names only attributes it may write: non-empty names, neither the version
     * attribute nor a bookkeeping attribute.
     */
    static void checkWritableNames(EntityDefinition entity, Map<String, JsonNode> object) {
        for (Map.Entry<String, JsonNode> e : object.entrySet()) {
            String name = e.getKey();
            if (name.isEmpty() || name.getBytes(StandardCharsets.UTF_8).length > MAX_ATTRIBUTE_NAME_BYTES) {
                throw new ProblemException(ProblemType.INVALID_ATTRIBUTE_NAME,
                        "attribute names must have 1 to " + MAX_ATTRIBUTE_NAME_BYTES + " bytes");
            }
            if (name.equals(entity.versionAttribute()) || Bookkeeping.isReserved(name)) {
                throw new ProblemException(ProblemType.READ_ONLY_ATTRIBUTE, "attribute '" + name
                        + "' is managed by the API: the version and attributes starting with '"
                        + Bookkeeping.RESERVED_PREFIX + "' are read-only");
            }
            checkNestedNames(e.getValue(), name);
        }
    }

    /**
     * Names inside objects and lists: the reserved prefix is refused at every depth, so that no client value ever
     * looks like the runtime's bookkeeping to a reader of the table or the stream.
     */
    private static void checkNestedNames(JsonNode value, String path) {
        if (value.isObject()) {
            for (Map.Entry<String, JsonNode> e : value.asObject().entrySet()) {
                String where = path + "." + e.getKey();
                if (e.getKey().getBytes(StandardCharsets.UTF_8).length > MAX_ATTRIBUTE_NAME_BYTES) {
                    throw new ProblemException(ProblemType.INVALID_ATTRIBUTE_NAME, "names in '" + path
                            + "' must have at most " + MAX_ATTRIBUTE_NAME_BYTES + " bytes");
                }
                if (Bookkeeping.isReserved(e.getKey())) {
                    throw new ProblemException(ProblemType.READ_ONLY_ATTRIBUTE, "'" + where + "': names starting with '"
                            + Bookkeeping.RESERVED_PREFIX + "' are reserved for the API, at any depth");
                }
                checkNestedNames(e.getValue(), where);
            }
        } else if (value.isArray()) {
            int i = 0;
            for (JsonNode element : value.asArray()) {
                checkNestedNames(element, path + "[" + i++ + "]");
            }
        }
    }

    /**
     * A whole item from a body, with its key attributes: taken from the body where present (and then checked
     * against {@code pathKey} when there is one), else from {@code pathKey}.
     *
     * @param pathKey the key the path names, or null where the item is not addressed by a path
     */
    static Map<String, AttributeValue> item(EntityDefinition entity, Map<String, JsonNode> body,
                                            Map<String, AttributeValue> pathKey) {
        checkWritableNames(entity, body);
        Map<String, AttributeValue> item = new LinkedHashMap<>(ItemJson.toItem(body));
        for (KeyAttribute attribute : ItemKeys.attributes(entity)) {
            JsonNode given = body.get(attribute.name());
            AttributeValue fromPath = pathKey == null ? null : pathKey.get(attribute.name());
            if (given != null) {
                AttributeValue value = ItemKeys.fromJson(entity, attribute, given);
                if (fromPath != null && !ItemKeys.same(attribute, value, fromPath)) {
                    throw new ProblemException(ProblemType.KEY_MISMATCH,
                            "the body's '" + attribute.name() + "' differs from the path");
                }
                item.put(attribute.name(), fromPath != null ? fromPath : value);
            } else if (fromPath != null) {
                item.put(attribute.name(), fromPath);
            }
        }
        checkSize(item);
        return item;
    }

    /** Refuses items DynamoDB would refuse for their size. */
    static void checkSize(Map<String, AttributeValue> item) {
        long size = ItemSize.of(item);
        if (size > ItemSize.MAX_ITEM_BYTES) {
            throw new ProblemException(ProblemType.ITEM_TOO_LARGE, "the item would take about " + size
                    + " bytes; DynamoDB stores at most " + ItemSize.MAX_ITEM_BYTES);
        }
    }

    /** Increment deltas: a non-empty object of non-key, writable attributes to JSON numbers. */
    static Map<String, String> deltas(EntityDefinition entity, Map<String, JsonNode> body) {
        if (body.isEmpty()) {
            throw new ProblemException(ProblemType.INVALID_DELTA, "needs at least one attribute to add to");
        }
        checkWritableNames(entity, body);
        Map<String, String> deltas = new LinkedHashMap<>();
        body.forEach((name, value) -> {
            if (ItemKeys.isKey(entity, name)) {
                throw new ProblemException(ProblemType.INVALID_DELTA, "key attribute '" + name
                        + "' cannot be incremented");
            }
            if (entity.uniqueAttributes().contains(name)) {
                throw new ProblemException(ProblemType.INVALID_DELTA, "unique attribute '" + name
                        + "' cannot be incremented; replace or merge it");
            }
            if (!value.isNumber()) {
                throw new ProblemException(ProblemType.INVALID_DELTA, "the delta of '" + name
                        + "' must be a JSON number");
            }
            deltas.put(name, value.asNumber());
        });
        return deltas;
    }
}
