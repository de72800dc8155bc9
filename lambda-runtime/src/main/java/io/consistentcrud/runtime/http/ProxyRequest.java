package io.consistentcrud.runtime.http;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;

/**
 * The parts of an API Gateway REST proxy event the handler uses. Header names are lower-cased; a header sent in
 * several lines (or under names differing only in case) holds all its values joined by {@code ", "}, as HTTP
 * combines repeated fields, so that a precondition or key given twice is refused as a list, never "the last wins".
 *
 * @param method          the HTTP method
 * @param resource        the resource template, e.g. {@code /users/{userId}}
 * @param path            the request path as the client sent it, stage included where the gateway has one
 *                        (from {@code requestContext.path}); the base of {@code Location}; may be null
 * @param pathParameters  the decoded path parameters
 * @param queryParameters the decoded query string parameters
 * @param headers         headers by lower-cased name
 * @param body            the raw body, or null
 * @param requestId       the gateway's request id
 * @param caller          the caller identity from the request context, or null for an anonymous caller
 */
public record ProxyRequest(String method, String resource, String path, Map<String, String> pathParameters,
                           Map<String, String> queryParameters, Map<String, String> headers, byte[] body,
                           String requestId, String caller) {

    /**
     * Copies the maps and lower-cases the header names, joining the values of names that differ only in case with a
     * comma.
     *
     * @param method the HTTP method
     * @param resource the resource template, e.g. {@code /users/{userId}}
     * @param path the request path as the client sent it, stage included where the gateway has one (from {@code
     *             requestContext.path}); the base of {@code Location}; may be null
     * @param pathParameters the decoded path parameters
     * @param queryParameters the decoded query string parameters
     * @param headers headers by lower-cased name
     * @param body the raw body, or null
     * @param requestId the gateway's request id
     * @param caller the caller identity from the request context, or null for an anonymous caller
     */
    public ProxyRequest {
        pathParameters = copy(pathParameters);
        queryParameters = copy(queryParameters);
        Map<String, String> lower = new LinkedHashMap<>();
        if (headers != null) {
            headers.forEach((k, v) -> lower.merge(k.toLowerCase(Locale.ROOT), v, (a, b) -> a + ", " + b));
        }
        headers = Collections.unmodifiableMap(lower);
    }

    /**
     * A request without path, query string or caller, as the simplest tests and tools build it.
     *
     * @param method the HTTP method
     * @param resource the API Gateway resource path template, e.g. {@code /orders/{id}}
     * @param pathParameters the path template's values by name; null for none
     * @param headers headers by name, any case; null for none
     * @param body the raw body, or null
     * @param requestId the gateway's request id
     */
    public ProxyRequest(String method, String resource, Map<String, String> pathParameters,
                        Map<String, String> headers, byte[] body, String requestId) {
        this(method, resource, null, pathParameters, Map.of(), headers, body, requestId, null);
    }

    private static Map<String, String> copy(Map<String, String> map) {
        return map == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(map));
    }

    /**
     * A header's value by case-insensitive name.
     *
     * @param name the header's name, any case
     * @return the value; several values of one name joined with {@code ", "}; empty when absent
     */
    public Optional<String> header(String name) {
        return Optional.ofNullable(headers.get(name.toLowerCase(Locale.ROOT)));
    }

    /**
     * Parses a REST proxy event document. The caller identity is, in this order, the IAM caller's
     * {@code identity.userArn}, the Cognito user pool's {@code authorizer.claims.sub}, or a custom authorizer's
     * {@code authorizer.principalId}.
     *
     * @param event the proxy event, as Lambda passes it to the function
     * @return the request, the body base64-decoded when the event says it is encoded
     */
    public static ProxyRequest fromEvent(JsonNode event) {
        Map<String, JsonNode> o = event.asObject();
        String body = text(o.get("body"));
        boolean base64 = o.containsKey("isBase64Encoded") && o.get("isBase64Encoded").isBoolean()
                && o.get("isBase64Encoded").asBoolean();
        byte[] bytes = body == null ? null
                : base64 ? Base64.getDecoder().decode(body) : body.getBytes(StandardCharsets.UTF_8);
        Map<String, JsonNode> context = object(o.get("requestContext"));
        String path = text(context.get("path"));
        return new ProxyRequest(text(o.get("httpMethod")), text(o.get("resource")),
                path != null ? path : text(o.get("path")),
                stringMap(o.get("pathParameters")), stringMap(o.get("queryStringParameters")),
                headers(o), bytes, text(context.get("requestId")), caller(context));
    }

    /**
     * The headers: every line of {@code multiValueHeaders} where the gateway sends it ({@code headers} holds only
     * the last line of each), joined by {@code ", "} per case-insensitive name. A header sent under two spellings
     * ({@code If-Match} and {@code if-match}) may arrive as two keys of either map; all its lines are kept, so that
     * it is refused as a list like two lines of one spelling, never decided by whichever key came last.
     */
    private static Map<String, String> headers(Map<String, JsonNode> event) {
        Map<String, String> headers = stringMap(event.get("headers"));
        JsonNode multi = event.get("multiValueHeaders");
        if (multi != null && multi.isObject()) {
            Map<String, List<String>> lines = new LinkedHashMap<>();
            multi.asObject().forEach((name, values) -> {
                if (values.isArray() && !values.asArray().isEmpty()) {
                    List<String> named = lines.computeIfAbsent(name.toLowerCase(Locale.ROOT), n -> new ArrayList<>());
                    values.asArray().forEach(v -> named.add(v.isString() ? v.asString() : ""));
                }
            });
            headers.keySet().removeIf(name -> lines.containsKey(name.toLowerCase(Locale.ROOT)));
            lines.forEach((name, values) -> headers.put(name, String.join(", ", values)));
        }
        return headers;
    }

    private static String caller(Map<String, JsonNode> context) {
        String userArn = text(object(context.get("identity")).get("userArn"));
        if (userArn != null) {
            return userArn;
        }
        Map<String, JsonNode> authorizer = object(context.get("authorizer"));
        String sub = text(object(authorizer.get("claims")).get("sub"));
        if (sub != null) {
            return sub;
        }
        return text(authorizer.get("principalId"));
    }

    private static Map<String, JsonNode> object(JsonNode node) {
        return node != null && node.isObject() ? node.asObject() : Map.of();
    }

    private static String text(JsonNode node) {
        return node == null || !node.isString() || node.asString().isEmpty() ? null : node.asString();
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
