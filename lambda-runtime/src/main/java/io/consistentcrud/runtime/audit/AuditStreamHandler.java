package io.consistentcrud.runtime.audit;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import io.consistentcrud.runtime.EntityDefinition;
import io.consistentcrud.runtime.config.RuntimeConfiguration;
import io.consistentcrud.runtime.internal.ItemJson;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;
import software.amazon.awssdk.protocols.jsoncore.JsonWriter;

/**
 * The audit trail's stream consumer: each DynamoDB stream record of the API's tables becomes exactly one JSON
 * line in this function's log group, queryable with CloudWatch Logs Insights.
 *
 * <p>Unreadable records are reported as batch item failures (the event source mapping must enable
 * {@code ReportBatchItemFailures}); the other records of the batch are still processed, so one bad record never
 * blocks or drops the rest. Redelivered records carry the same {@code sequenceNumber}: queries deduplicate on it.
 *
 * <p>Handler string: {@code io.consistentcrud.runtime.audit.AuditStreamHandler::handleRequest}.
 */
public final class AuditStreamHandler implements RequestStreamHandler {
    private final StreamRecordParser parser;
    private final PrintStream out;

    /** Called by the Lambda runtime; the only place that reads the environment. */
    public AuditStreamHandler() {
        this(RuntimeConfiguration.entitiesFromJson(requiredEnv(RuntimeConfiguration.ENV_ENTITIES)),
                optionsFrom(System.getenv()), System.out);
    }

    /**
     * A consumer for the given entities writing its events to {@code out}.
     *
     * @param entities the entities whose tables' streams the consumer reads
     * @param options whether events carry values, and which attributes are masked
     * @param out where each event is written, one JSON line per event (standard output in Lambda)
     */
    public AuditStreamHandler(List<EntityDefinition> entities, AuditOptions options, PrintStream out) {
        Map<String, EntityDefinition> byTable = new LinkedHashMap<>();
        entities.forEach(e -> byTable.put(e.tableName(), e));
        this.parser = new StreamRecordParser(byTable, Objects.requireNonNull(options, "options"));
        this.out = Objects.requireNonNull(out, "out");
    }

    /**
     * Reads the audit options from an environment map.
     *
     * @param env the environment, e.g. {@link System#getenv()}
     * @return the options; values left out and nothing redacted when the variables are not set
     */
    public static AuditOptions optionsFrom(Map<String, String> env) {
        boolean include = Boolean.parseBoolean(env.getOrDefault(AuditOptions.ENV_INCLUDE_VALUES, "false"));
        String redact = env.getOrDefault(AuditOptions.ENV_REDACT, "");
        Set<String> redacted = Arrays.stream(redact.split(","))
                .map(String::trim).filter(s -> !s.isEmpty()).collect(Collectors.toSet());
        return new AuditOptions(include, redacted);
    }

    private static String requiredEnv(String name) {
        String value = System.getenv(name);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("environment variable " + name + " is not set; the construct sets it");
        }
        return value;
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        output.write(handle(JsonNode.parser().parse(input)));
    }

    /**
     * Handles one stream batch and answers the partial batch response document.
     *
     * @param batch the DynamoDB stream event, with its {@code Records} array
     * @return the partial batch response ({@code batchItemFailures}) as UTF-8 JSON, naming the records that failed
     * @throws MalformedStreamRecordException when the event has no {@code Records} array
     */
    public byte[] handle(JsonNode batch) {
        List<String> failed = new ArrayList<>();
        JsonNode records = batch.isObject() ? batch.asObject().get("Records") : null;
        if (records == null || !records.isArray()) {
            throw new MalformedStreamRecordException("the event has no Records array");
        }
        for (JsonNode record : records.asArray()) {
            try {
                Optional<AuditEvent> event = parser.parse(record);
                event.ifPresent(e -> out.println(toJsonLine(e)));
            } catch (MalformedStreamRecordException | IllegalArgumentException | UnsupportedOperationException e) {
                failed.add(sequenceNumberOf(record));
                System.err.println("{\"level\":\"ERROR\",\"message\":\"unreadable stream record\",\"reason\":"
                        + quote(e.getMessage()) + ",\"sequenceNumber\":" + quote(sequenceNumberOf(record)) + "}");
            }
        }
        JsonWriter w = JsonWriter.create();
        w.writeStartObject();
        w.writeFieldName("batchItemFailures").writeStartArray();
        for (String sequence : failed) {
            w.writeStartObject().writeFieldName("itemIdentifier").writeValue(sequence).writeEndObject();
        }
        w.writeEndArray().writeEndObject();
        return w.getBytes();
    }

    /** The record's sequence number, or "" (which makes Lambda retry the whole batch) when it has none. */
    private static String sequenceNumberOf(JsonNode record) {
        return record.field("dynamodb").flatMap(d -> d.field("SequenceNumber"))
                .filter(JsonNode::isString).map(JsonNode::asString).orElse("");
    }

    private static String quote(String text) {
        JsonWriter w = JsonWriter.create();
        w.writeValue(text == null ? "" : text);
        return new String(w.getBytes(), StandardCharsets.UTF_8);
    }

    /** One audit event as a single JSON line. */
    static String toJsonLine(AuditEvent e) {
        JsonWriter w = JsonWriter.create();
        w.writeStartObject();
        w.writeFieldName("audit").writeValue("consistentcrud/v1");
        w.writeFieldName("entity").writeValue(e.entity());
        w.writeFieldName("key");
        ItemJson.writeItem(w, e.key());
        w.writeFieldName("type").writeValue(e.type().name());
        w.writeFieldName("oldVersion").writeValue(e.oldVersion());
        w.writeFieldName("newVersion").writeValue(e.newVersion());
        writeNullable(w, "requestToken", e.requestToken());
        writeNullable(w, "caller", e.caller());
        writeNullable(w, "time", e.time());
        w.writeFieldName("changed").writeStartArray();
        e.changedAttributes().forEach(w::writeValue);
        w.writeEndArray();
        if (!e.values().isEmpty()) {
            w.writeFieldName("values");
            ItemJson.writeItem(w, e.values());
        }
        w.writeFieldName("sequenceNumber").writeValue(e.sequenceNumber());
        w.writeEndObject();
        return new String(w.getBytes(), StandardCharsets.UTF_8);
    }

    private static void writeNullable(JsonWriter w, String name, String value) {
        w.writeFieldName(name);
        if (value == null) {
            w.writeNull();
        } else {
            w.writeValue(value);
        }
    }
}
