package io.consistentcrud.runtime.observability;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Objects;
import java.util.function.Consumer;
import software.amazon.awssdk.protocols.jsoncore.JsonWriter;

/**
 * Writes the one structured JSON line per request. It carries what an operator needs to find a request and see
 * how it ended, and by construction nothing else: no item contents, no header values (Authorization and
 * Idempotency-Key included), no caller identity.
 */
public final class RequestLog {
    private final Consumer<String> out;
    private final Clock clock;

    /**
     * @param out   where the lines go; in Lambda, standard output
     * @param clock the clock of the line's timestamp
     */
    public RequestLog(Consumer<String> out, Clock clock) {
        this.out = Objects.requireNonNull(out, "out");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Writes the line of one finished request.
     *
     * @param entry what the line reports about the request
     */
    public void write(Entry entry) {
        JsonWriter w = JsonWriter.create();
        w.writeStartObject();
        w.writeFieldName("timestamp").writeValue(clock.instant().toString());
        w.writeFieldName("level").writeValue("INFO");
        w.writeFieldName("message").writeValue("request");
        field(w, "requestId", entry.requestId());
        field(w, "method", entry.method());
        field(w, "resource", entry.resource());
        field(w, "entity", entry.entity());
        w.writeFieldName("status").writeValue(entry.status());
        field(w, "outcome", entry.outcome());
        w.writeFieldName("latencyMs").writeValue(entry.latencyMs());
        w.writeEndObject();
        out.accept(new String(w.getBytes(), StandardCharsets.UTF_8));
    }

    private static void field(JsonWriter w, String name, String value) {
        w.writeFieldName(name);
        if (value == null) {
            w.writeNull();
        } else {
            w.writeValue(value);
        }
    }

    /**
     * One request as logged.
     *
     * @param requestId the gateway's request id
     * @param method    the HTTP method
     * @param resource  the resource template (never the path with its key values)
     * @param entity    the entity, or null when the request named none that is served
     * @param status    the answered status
     * @param outcome   how it ended: a success word such as {@code created}, or the problem type
     * @param latencyMs the handler's time for the request
     */
    public record Entry(String requestId, String method, String resource, String entity, int status, String outcome,
                        long latencyMs) {
    }
}
