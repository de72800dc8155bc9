package io.consistentcrud.runtime.http;

import io.consistentcrud.runtime.EntityDefinition;
import io.consistentcrud.runtime.KeyAttribute;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * An entity's key as requests carry it: as text in path parameters, as typed values in JSON bodies, and back as
 * text for paths and answers. Every value read is checked for what both DynamoDB and a URL path can hold; a value
 * that fails throws a {@link ProblemException} ({@code invalid-key} or {@code invalid-encoding}).
 */
final class ItemKeys {
    /** An encoded slash, as API Gateway leaves it in a path parameter. */
    private static final Pattern ENCODED_SLASH = Pattern.compile("%2[Ff]");
    /** DynamoDB's limits on key values: 2048 bytes for a partition key, 1024 for a sort key. */
    private static final int MAX_PARTITION_KEY_BYTES = 2048;
    private static final int MAX_SORT_KEY_BYTES = 1024;

    private ItemKeys() {
    }

    /** The entity's key attributes, partition key first. */
    static List<KeyAttribute> attributes(EntityDefinition entity) {
        return entity.sortKey().isPresent()
                ? List.of(entity.partitionKey(), entity.sortKey().get())
                : List.of(entity.partitionKey());
    }

    /** Whether the attribute is one of the entity's key attributes. */
    static boolean isKey(EntityDefinition entity, String name) {
        return attributes(entity).stream().anyMatch(k -> k.name().equals(name));
    }

    /**
     * The key from the path parameters.
     *
     * @param withSortKey false for a partition query, whose path names the partition key only
     */
    static Map<String, AttributeValue> fromPath(EntityDefinition entity, ProxyRequest request, boolean withSortKey) {
        Map<String, AttributeValue> key = new LinkedHashMap<>();
        key.put(entity.partitionKey().name(), pathValue(entity.partitionKey(), request, MAX_PARTITION_KEY_BYTES));
        if (withSortKey && entity.sortKey().isPresent()) {
            key.put(entity.sortKey().get().name(), pathValue(entity.sortKey().get(), request, MAX_SORT_KEY_BYTES));
        }
        return key;
    }

    /**
     * The key's path parameters as the request gave them, joined by {@code /}: the key part of the payload
     * fingerprint that recognises a repeated request.
     */
    static String pathText(EntityDefinition entity, ProxyRequest request) {
        StringBuilder sb = new StringBuilder();
        for (KeyAttribute k : attributes(entity)) {
            String v = request.pathParameters().get(k.name());
            if (v != null) {
                sb.append(sb.length() == 0 ? "" : "/").append(v);
            }
        }
        return sb.toString();
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
        return checked(attribute, text, maxBytes, "the path's '" + attribute.name() + "'");
    }

    /** A key attribute's value taken from a JSON body; type and length are checked. */
    static AttributeValue fromJson(EntityDefinition entity, KeyAttribute attribute, JsonNode node) {
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
        return checked(attribute, node.asString(), maxBytes, where);
    }

    /**
     * A key attribute's value given as text (a query parameter); type and length are checked as a path's.
     *
     * @param partitionKey whether the attribute is a partition key (of the table or of an index), which may be
     *                     longer than a sort key
     */
    static AttributeValue fromText(KeyAttribute attribute, boolean partitionKey, String text, String where) {
        if (text.isEmpty()) {
            throw new ProblemException(ProblemType.INVALID_KEY, where + " is empty");
        }
        return checked(attribute, text, partitionKey ? MAX_PARTITION_KEY_BYTES : MAX_SORT_KEY_BYTES, where);
    }

    private static AttributeValue checked(KeyAttribute attribute, String text, int maxBytes, String where) {
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

    /** Whether two values of a key attribute name the same item: number keys compare by value, not spelling. */
    static boolean same(KeyAttribute attribute, AttributeValue a, AttributeValue b) {
        if (attribute.type() == KeyAttribute.Type.N) {
            return new BigDecimal(a.n()).compareTo(new BigDecimal(b.n())) == 0;
        }
        return a.s().equals(b.s());
    }

    /** The key attributes of an item, in key order. */
    static Map<String, AttributeValue> of(EntityDefinition entity, Map<String, AttributeValue> item) {
        Map<String, AttributeValue> key = new LinkedHashMap<>();
        attributes(entity).forEach(k -> key.put(k.name(), item.get(k.name())));
        return key;
    }

    /** The key attributes' values as text, in key order (partition key first), number keys as their text. */
    static List<String> values(EntityDefinition entity, Map<String, AttributeValue> item) {
        List<String> values = new ArrayList<>();
        for (KeyAttribute attribute : attributes(entity)) {
            AttributeValue v = item.get(attribute.name());
            values.add(attribute.type() == KeyAttribute.Type.N ? v.n() : v.s());
        }
        return values;
    }

    /** The key as it appears in a path: {@code pk} or {@code pk/sk}, number keys as their text. */
    static String text(EntityDefinition entity, Map<String, AttributeValue> item) {
        return String.join("/", values(entity, item));
    }
}
