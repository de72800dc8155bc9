package io.consistentcrud.runtime.http;

import java.util.LinkedHashMap;
import java.util.Map;
import software.amazon.awssdk.protocols.jsoncore.JsonWriter;

/**
 * An RFC 9457 problem: a stable {@code type}, a title, the status and a detail that names what was wrong.
 * Details are written for clients: no table names, no stack traces, no AWS error text.
 *
 * @param type   a stable type slug, published as {@code urn:consistentcrud:problem:<type>}
 * @param title  a short, fixed summary of the type
 * @param status the HTTP status
 * @param detail what was wrong with this request
 */
public record Problem(String type, String title, int status, String detail) {
    /** The media type of every error answer. */
    public static final String MEDIA_TYPE = "application/problem+json";

    /** The problem as a proxy response, with extra headers such as {@code ETag}. */
    public ProxyResponse toResponse(Map<String, String> extraHeaders) {
        JsonWriter w = JsonWriter.create();
        w.writeStartObject();
        w.writeFieldName("type").writeValue("urn:consistentcrud:problem:" + type);
        w.writeFieldName("title").writeValue(title);
        w.writeFieldName("status").writeValue(status);
        w.writeFieldName("detail").writeValue(detail);
        w.writeEndObject();
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", MEDIA_TYPE);
        headers.putAll(extraHeaders);
        return new ProxyResponse(status, headers, new String(w.getBytes(), java.nio.charset.StandardCharsets.UTF_8));
    }

    public ProxyResponse toResponse() {
        return toResponse(Map.of());
    }
}
