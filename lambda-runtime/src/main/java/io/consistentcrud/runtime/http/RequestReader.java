package io.consistentcrud.runtime.http;

import io.consistentcrud.runtime.Bookkeeping;
import io.consistentcrud.runtime.EntityDefinition;
import io.consistentcrud.runtime.KeyAttribute;
import io.consistentcrud.runtime.internal.ItemJson;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.regex.Pattern;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Reads and checks the parts of a request: preconditions, Idempotency-Key, body, keys and attribute names. Every
 * check that fails throws a {@link ProblemException} before the store is called, so bad input writes nothing.
 */
final class RequestReader {
    private static final Pattern STRONG_TAG = Pattern.compile("\"([1-9][0-9]{0,17})\"");
    /** An encoded slash, as API Gateway leaves it in a path parameter. */
    private static final Pattern ENCODED_SLASH = Pattern.compile("%2[Ff]");
    private static final Pattern IDEMPOTENCY_KEY = Pattern.compile("[A-Za-z0-9._:-]{1,128}");
    /** DynamoDB's limits on key values: 2048 bytes for a partition key, 1024 for a sort key. */
    private static final int MAX_PARTITION_KEY_BYTES = 2048;
    private static final int MAX_SORT_KEY_BYTES = 1024;
    /** Longest attribute name, in UTF-8 bytes; the JSON parser sets no shorter limit of its own ({@link StrictJson}). */
    private static final int MAX_ATTRIBUTE_NAME_BYTES = 65_535;

    private RequestReader() {
    }

    /** The version of {@code If-Match}: exactly one strong tag {@code "N"}; empty when the header is absent. */
    static OptionalLong ifMatch(ProxyRequest request) {
        Optional<String> header = request.header("If-Match");
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

    /** Refuses {@code If-None-Match} where it has no meaning: a write it would silently not restrict. */
    static void refuseIfNoneMatch(ProxyRequest request, String what) {
        if (request.header("If-None-Match").isPresent()) {
            throw new ProblemException(ProblemType.INVALID_IF_NONE_MATCH, what + " does not take If-None-Match; "
                    + "only PUT does (If-None-Match: * creates)");
        }
    }

    /** Whether {@code If-None-Match: *} is present; any other value is refused. */
    static boolean ifNoneMatchAny(ProxyRequest request) {
        Optional<String> header = request.header("If-None-Match");
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
    static Optional<String> idempotencyKey(ProxyRequest request) {
        Optional<String> key = request.header("Idempotency-Key");
        if (key.isPresent() && !IDEMPOTENCY_KEY.matcher(key.get()).matches()) {
            throw new ProblemException(ProblemType.INVALID_IDEMPOTENCY_KEY,
                    "Idempotency-Key must be 1 to 128 characters of A-Z a-z 0-9 . _ : -");
        }
        return key;
    }

    /**
     * The body as a JSON object, after the size and content-type checks.
     *
     * @param mergePatch whether {@code application/merge-patch+json} is accepted besides {@code application/json}
     */
    static Map<String, JsonNode> jsonObject(ProxyRequest request, int maxBodyBytes, boolean mergePatch) {
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

    /** The item's key from the path parameters. */
    static Map<String, AttributeValue> pathKey(EntityDefinition entity, ProxyRequest request, boolean withSortKey) {
        Map<String, AttributeValue> key = new LinkedHashMap<>();
        key.put(entity.partitionKey().name(), pathValue(entity.partitionKey(), request, MAX_PARTITION_KEY_BYTES));
        if (withSortKey && entity.sortKey().isPresent()) {
            key.put(entity.sortKey().get().name(), pathValue(entity.sortKey().get(), request, MAX_SORT_KEY_BYTES));
        }
        return key;
    }

    private static AttributeValue pathValue(KeyAttribute attribute, ProxyRequest request, int maxBytes) {
        String text = request.pathParameters().get(attribute.name());
        if (text != null) {
            // API Gateway decodes every percent-escape of a path parameter but an encoded slash, which it passes on
            // as %2F: a key with a '/' is addressed as %2F (the Location of its create says so).
            text = ENCODED_SLASH.matcher(text).replaceAll("/");
        }
        if (text == null || text.isEmpty()) {
            throw new ProblemException(ProblemType.INVALID_KEY, "the path has no value for '" + attribute.name() + "'");
        }
        return keyValue(attribute, text, maxBytes, "the path's '" + attribute.name() + "'");
    }

    private static AttributeValue keyValue(KeyAttribute attribute, String text, int maxBytes, String where) {
        TextEncoding.requireValidKeyText(text, where);
        if (attribute.type() == KeyAttribute.Type.N) {
            try {
                StrictJson.checkNumber(text, attribute.name());
            } catch (ProblemException e) {
                throw new ProblemException(ProblemType.INVALID_KEY, where + " must be a number");
            }
            return AttributeValue.fromN(text);
        }
        if (text.getBytes(StandardCharsets.UTF_8).length > maxBytes) {
            throw new ProblemException(ProblemType.INVALID_KEY, where + " is longer than " + maxBytes + " bytes");
        }
        if (text.equals(".") || text.equals("..")) {
            // A URL path cannot carry them: clients and proxies resolve "." and ".." segments away (RFC 3986).
            throw new ProblemException(ProblemType.INVALID_KEY, where + " cannot be \".\" or \"..\": a URL path "
                    + "cannot name such an item");
        }
        if (ENCODED_SLASH.matcher(text).find()) {
            // Its URL would name the key with '/' instead (see pathValue): such a key could never be read back.
            throw new ProblemException(ProblemType.INVALID_KEY, where + " contains '%2F', which a URL path "
                    + "cannot carry: API Gateway passes an encoded slash on as '%2F', and it means '/'");
        }
        return AttributeValue.fromS(text);
    }

    /** A key attribute's value taken from a JSON body; type and length are checked. */
    static AttributeValue bodyKeyValue(EntityDefinition entity, KeyAttribute attribute, JsonNode node) {
        int maxBytes = attribute.equals(entity.partitionKey()) ? MAX_PARTITION_KEY_BYTES : MAX_SORT_KEY_BYTES;
        String where = "'" + attribute.name() + "'";
        if (attribute.type() == KeyAttribute.Type.N) {
            if (!node.isNumber()) {
                throw new ProblemException(ProblemType.INVALID_KEY, where + " must be a JSON number");
            }
            return AttributeValue.fromN(node.asNumber());
        }
        if (!node.isString() || node.asString().isEmpty()) {
            throw new ProblemException(ProblemType.INVALID_KEY, where + " must be a non-empty JSON string");
        }
        return keyValue(attribute, node.asString(), maxBytes, where);
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
     */
    static Map<String, AttributeValue> item(EntityDefinition entity, Map<String, JsonNode> body,
                                            Map<String, AttributeValue> pathKey) {
        checkWritableNames(entity, body);
        Map<String, AttributeValue> item = new LinkedHashMap<>(ItemJson.toItem(body));
        for (KeyAttribute attribute : keyAttributes(entity)) {
            JsonNode given = body.get(attribute.name());
            AttributeValue fromPath = pathKey == null ? null : pathKey.get(attribute.name());
            if (given != null) {
                AttributeValue value = bodyKeyValue(entity, attribute, given);
                if (fromPath != null && !sameKeyValue(attribute, value, fromPath)) {
                    throw new ProblemException(ProblemType.KEY_MISMATCH,
                            "the body's '" + attribute.name() + "' differs from the path");
                }
                item.put(attribute.name(), fromPath != null ? fromPath : value);
            } else if (fromPath != null) {
                item.put(attribute.name(), fromPath);
            }
        }
        refusePrimingKey(entity, item);
        checkSize(item);
        return item;
    }

    /**
     * Refuses to create the key SnapStart priming reads ({@link SnapStartHook}): if it existed, priming would find it
     * and refuse to take the snapshot.
     */
    private static void refusePrimingKey(EntityDefinition entity, Map<String, AttributeValue> item) {
        for (KeyAttribute attribute : keyAttributes(entity)) {
            AttributeValue value = item.get(attribute.name());
            boolean priming = value != null && (attribute.type() == KeyAttribute.Type.N
                    ? value.n() != null && new BigDecimal(value.n()).compareTo(SnapStartHook.PRIMING_NUMBER) == 0
                    : SnapStartHook.PRIMING_KEY.equals(value.s()));
            if (priming) {
                throw new ProblemException(ProblemType.INVALID_KEY, "'" + attribute.name()
                        + "' names the key the API reserves for its warm-up reads");
            }
        }
    }

    /** Refuses items DynamoDB would refuse for their size. */
    static void checkSize(Map<String, AttributeValue> item) {
        long size = ItemSize.of(item);
        if (size > ItemSize.MAX_ITEM_BYTES) {
            throw new ProblemException(ProblemType.ITEM_TOO_LARGE, "the item would take about " + size
                    + " bytes; DynamoDB stores at most " + ItemSize.MAX_ITEM_BYTES);
        }
    }

    static boolean sameKeyValue(KeyAttribute attribute, AttributeValue a, AttributeValue b) {
        if (attribute.type() == KeyAttribute.Type.N) {
            return new BigDecimal(a.n()).compareTo(new BigDecimal(b.n())) == 0;
        }
        return a.s().equals(b.s());
    }

    static List<KeyAttribute> keyAttributes(EntityDefinition entity) {
        return entity.sortKey().isPresent()
                ? List.of(entity.partitionKey(), entity.sortKey().get())
                : List.of(entity.partitionKey());
    }

    /** Whether the attribute is one of the entity's key attributes. */
    static boolean isKey(EntityDefinition entity, String name) {
        return keyAttributes(entity).stream().anyMatch(k -> k.name().equals(name));
    }

    /** The key attributes' values as text, in key order (partition key first), number keys as their text. */
    static List<String> keyValues(EntityDefinition entity, Map<String, AttributeValue> item) {
        List<String> values = new ArrayList<>();
        for (KeyAttribute attribute : keyAttributes(entity)) {
            AttributeValue v = item.get(attribute.name());
            values.add(attribute.type() == KeyAttribute.Type.N ? v.n() : v.s());
        }
        return values;
    }

    /** The key as it appears in a path: {@code pk} or {@code pk/sk}, number keys as their text. */
    static String keyText(EntityDefinition entity, Map<String, AttributeValue> item) {
        return String.join("/", keyValues(entity, item));
    }

    /** Increment deltas: a non-empty object of non-key, writable attributes to JSON numbers. */
    static Map<String, String> deltas(EntityDefinition entity, Map<String, JsonNode> body, String where) {
        if (body.isEmpty()) {
            throw new ProblemException(ProblemType.INVALID_DELTA, where + "needs at least one attribute to add to");
        }
        checkWritableNames(entity, body);
        Map<String, String> deltas = new LinkedHashMap<>();
        body.forEach((name, value) -> {
            if (isKey(entity, name)) {
                throw new ProblemException(ProblemType.INVALID_DELTA, where + "key attribute '" + name
                        + "' cannot be incremented");
            }
            if (!value.isNumber()) {
                throw new ProblemException(ProblemType.INVALID_DELTA, where + "the delta of '" + name
                        + "' must be a JSON number");
            }
            deltas.put(name, value.asNumber());
        });
        return deltas;
    }
}
