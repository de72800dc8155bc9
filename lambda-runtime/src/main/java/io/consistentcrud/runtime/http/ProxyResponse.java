package io.consistentcrud.runtime.http;

import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import software.amazon.awssdk.protocols.jsoncore.JsonWriter;

/**
 * A REST proxy integration response.
 *
 * @param statusCode the HTTP status
 * @param headers    response headers
 * @param body       the body text, or null for none
 */
public record ProxyResponse(int statusCode, Map<String, String> headers, String body) {
    /**
     * Copies the headers, so the response cannot change after it was made.
     *
     * @param statusCode the HTTP status
     * @param headers response headers
     * @param body the body text, or null for none
     */
    public ProxyResponse {
        headers = Collections.unmodifiableMap(new LinkedHashMap<>(headers));
    }

    /**
     * The response as the proxy integration's JSON document.
     *
     * @return the response as the proxy integration's JSON document
     */
    public byte[] toEventJson() {
        JsonWriter w = JsonWriter.create();
        w.writeStartObject();
        w.writeFieldName("statusCode").writeValue(statusCode);
        w.writeFieldName("headers").writeStartObject();
        headers.forEach((k, v) -> w.writeFieldName(k).writeValue(v));
        w.writeEndObject();
        w.writeFieldName("isBase64Encoded").writeValue(false);
        w.writeFieldName("body");
        if (body == null) {
            w.writeNull();
        } else {
            w.writeValue(body);
        }
        w.writeEndObject();
        return w.getBytes();
    }

    /**
     * The body as UTF-8 bytes, empty when there is none.
     *
     * @return the body as UTF-8 bytes, empty when there is none
     */
    public byte[] bodyBytes() {
        return body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
    }
}
