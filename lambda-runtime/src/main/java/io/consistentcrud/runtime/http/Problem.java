package io.consistentcrud.runtime.http;

import java.nio.charset.StandardCharsets;
import java.util.Collections;
import io.consistentcrud.runtime.schema.SchemaViolation;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import software.amazon.awssdk.protocols.jsoncore.JsonWriter;

/**
 * An RFC 9457 problem: a stable {@code type}, its title and status, a {@code detail} naming what was wrong, and
 * extension members such as {@code currentVersion}. Details are written for clients: no table names, no stack
 * traces, no AWS error text.
 *
 * @param type       the kind of problem
 * @param detail     what was wrong with this request
 * @param extensions extension members: strings, numbers (Long/Integer), booleans or a list of schema violations
 */
record Problem(ProblemType type, String detail, Map<String, Object> extensions) {
    /** The media type of every error answer. */
    static final String MEDIA_TYPE = "application/problem+json";

    public Problem {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(detail, "detail");
        extensions = Collections.unmodifiableMap(new LinkedHashMap<>(extensions));
    }

    /** A problem without extension members. */
    static Problem of(ProblemType type, String detail) {
        return new Problem(type, detail, Map.of());
    }

    /** A copy with one more extension member. */
    Problem with(String name, Object value) {
        Map<String, Object> more = new LinkedHashMap<>(extensions);
        more.put(name, value);
        return new Problem(type, detail, more);
    }

    /** A copy whose detail starts with {@code prefix}, e.g. the operation of a transaction it concerns. */
    Problem withDetailPrefix(String prefix) {
        return new Problem(type, prefix + detail, extensions);
    }

    int status() {
        return type.status();
    }

    /** The problem as a proxy response, with extra headers such as {@code ETag} or {@code Allow}. */
    ProxyResponse toResponse(Map<String, String> extraHeaders) {
        JsonWriter w = JsonWriter.create();
        w.writeStartObject();
        w.writeFieldName("type").writeValue(type.uri());
        w.writeFieldName("title").writeValue(type.title());
        w.writeFieldName("status").writeValue(type.status());
        w.writeFieldName("detail").writeValue(detail);
        extensions.forEach((name, value) -> {
            w.writeFieldName(name);
            if (value instanceof Long l) {
                w.writeValue(l.longValue());
            } else if (value instanceof Integer i) {
                w.writeValue(i.intValue());
            } else if (value instanceof Boolean b) {
                w.writeValue(b.booleanValue());
            } else if (value instanceof List<?> list) {
                writeViolations(w, list);
            } else {
                w.writeValue(String.valueOf(value));
            }
        });
        w.writeEndObject();
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", MEDIA_TYPE);
        headers.putAll(extraHeaders);
        return new ProxyResponse(type.status(), headers, new String(w.getBytes(), StandardCharsets.UTF_8));
    }

    /** The {@code violations} member of a schema-violation problem: {@code [{"pointer","keyword","message"}]}. */
    private static void writeViolations(JsonWriter w, List<?> violations) {
        w.writeStartArray();
        for (Object o : violations) {
            SchemaViolation v = (SchemaViolation) o;
            w.writeStartObject();
            w.writeFieldName("pointer").writeValue(v.pointer());
            w.writeFieldName("keyword").writeValue(v.keyword());
            w.writeFieldName("message").writeValue(v.message());
            w.writeEndObject();
        }
        w.writeEndArray();
    }

    ProxyResponse toResponse() {
        return toResponse(Map.of());
    }
}
