package io.consistentcrud.runtime.http;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;

/**
 * The parts of an API Gateway REST proxy event the handler uses. Header names are lower-cased.
 *
 * @param method         the HTTP method
 * @param resource       the resource template, e.g. {@code /users/{userId}}
 * @param pathParameters the decoded path parameters
 * @param headers        headers by lower-cased name
 * @param body           the raw body, or null
 * @param requestId      the gateway's request id
 */
public record ProxyRequest(String method, String resource, Map<String, String> pathParameters,
                           Map<String, String> headers, byte[] body, String requestId) {

    public ProxyRequest {
        pathParameters = pathParameters == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(pathParameters));
        Map<String, String> lower = new LinkedHashMap<>();
        if (headers != null) {
            headers.forEach((k, v) -> lower.put(k.toLowerCase(Locale.ROOT), v));
        }
        headers = Collections.unmodifiableMap(lower);
    }

    /** A header's value by case-insensitive name. */
    public Optional<String> header(String name) {
        return Optional.ofNullable(headers.get(name.toLowerCase(Locale.ROOT)));
    }

    /** Parses a REST proxy event document. */
    public static ProxyRequest fromEvent(JsonNode event) {
        Map<String, JsonNode> o = event.asObject();
        String body = text(o.get("body"));
        boolean base64 = o.containsKey("isBase64Encoded") && o.get("isBase64Encoded").isBoolean()
                && o.get("isBase64Encoded").asBoolean();
        byte[] bytes = body == null ? null
                : base64 ? Base64.getDecoder().decode(body) : body.getBytes(StandardCharsets.UTF_8);
        String requestId = null;
        JsonNode context = o.get("requestContext");
        if (context != null && context.isObject()) {
            requestId = text(context.asObject().get("requestId"));
        }
        return new ProxyRequest(text(o.get("httpMethod")), text(o.get("resource")),
                stringMap(o.get("pathParameters")), stringMap(o.get("headers")), bytes, requestId);
    }

    private static String text(JsonNode node) {
        return node == null || node.isNull() ? null : node.asString();
    }

    private static Map<String, String> stringMap(JsonNode node) {
        Map<String, String> map = new LinkedHashMap<>();
        if (node != null && node.isObject()) {
            node.asObject().forEach((k, v) -> {
                if (v.isString()) {
                    map.put(k, v.asString());
                }
            });
        }
        return map;
    }
}
