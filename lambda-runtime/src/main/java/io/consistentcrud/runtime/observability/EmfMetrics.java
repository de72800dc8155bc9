package io.consistentcrud.runtime.observability;

import io.consistentcrud.contract.RuntimeMetricNames;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Objects;
import java.util.function.Consumer;
import software.amazon.awssdk.protocols.jsoncore.JsonWriter;

/**
 * Writes CloudWatch metrics in the embedded metric format (EMF): one JSON line per event on the log stream, which
 * CloudWatch turns into a metric without any API call from the function.
 *
 * <p>Every metric has the dimension {@code Service}; {@link #TRANSACTION_CANCELLATIONS} is also published per
 * {@code Reason}. The names are the contract's ({@link RuntimeMetricNames}), which the construct alarms on.
 */
public final class EmfMetrics {
    /** Writes that found another version than the caller expected (answered 412/409). */
    public static final String CONFLICTS = RuntimeMetricNames.CONFLICTS;
    /** Requests answered from an earlier outcome: Idempotency-Key replays and SDK retries of committed writes. */
    public static final String REPLAYS = RuntimeMetricNames.REPLAYS;
    /** Writes whose first attempt's answer was lost but which were recognised as the caller's own success. */
    public static final String RECOVERED_AMBIGUOUS_WRITES = RuntimeMetricNames.RECOVERED_AMBIGUOUS_WRITES;
    /** SDK attempts after the first. */
    public static final String SDK_RETRIES = RuntimeMetricNames.SDK_RETRIES;
    /** Transactions cancelled by a condition, also by {@code Reason}. */
    public static final String TRANSACTION_CANCELLATIONS = RuntimeMetricNames.TRANSACTION_CANCELLATIONS;

    private static final String SERVICE = RuntimeMetricNames.SERVICE_DIMENSION;
    private static final String REASON = RuntimeMetricNames.REASON_DIMENSION;

    private final String namespace;
    private final String service;
    private final Consumer<String> out;
    private final Clock clock;

    /**
     * @param namespace the CloudWatch namespace ({@code CCA_METRICS_NAMESPACE})
     * @param service   the value of the {@code Service} dimension ({@code CCA_SERVICE_NAME})
     * @param out       where the lines go; in Lambda, standard output
     * @param clock     the clock of the metric timestamps
     */
    public EmfMetrics(String namespace, String service, Consumer<String> out, Clock clock) {
        this.namespace = Objects.requireNonNull(namespace, "namespace");
        this.service = Objects.requireNonNull(service, "service");
        this.out = Objects.requireNonNull(out, "out");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Counts one event of {@code metric}, published with the dimension {@code Service}.
     *
     * @param metric the metric's name, e.g. {@link #CONFLICTS}
     */
    public void count(String metric) {
        out.accept(line(metric, null));
    }

    /**
     * Counts one event of {@code metric}, published per {@code Service} and per {@code Service, Reason}.
     *
     * @param metric the metric's name, e.g. {@link #TRANSACTION_CANCELLATIONS}
     * @param reason the value of the {@code Reason} dimension; not null
     */
    public void count(String metric, String reason) {
        out.accept(line(metric, Objects.requireNonNull(reason, "reason")));
    }

    private String line(String metric, String reason) {
        JsonWriter w = JsonWriter.create();
        w.writeStartObject();
        w.writeFieldName("_aws").writeStartObject();
        w.writeFieldName("Timestamp").writeValue(clock.millis());
        w.writeFieldName("CloudWatchMetrics").writeStartArray();
        w.writeStartObject();
        w.writeFieldName("Namespace").writeValue(namespace);
        w.writeFieldName("Dimensions").writeStartArray();
        w.writeStartArray().writeValue(SERVICE).writeEndArray();
        if (reason != null) {
            w.writeStartArray().writeValue(SERVICE).writeValue(REASON).writeEndArray();
        }
        w.writeEndArray();
        w.writeFieldName("Metrics").writeStartArray();
        w.writeStartObject();
        w.writeFieldName("Name").writeValue(metric);
        w.writeFieldName("Unit").writeValue("Count");
        w.writeEndObject();
        w.writeEndArray();
        w.writeEndObject();
        w.writeEndArray();
        w.writeEndObject();
        w.writeFieldName(SERVICE).writeValue(service);
        if (reason != null) {
            w.writeFieldName(REASON).writeValue(reason);
        }
        w.writeFieldName(metric).writeValue(1);
        w.writeEndObject();
        return new String(w.getBytes(), StandardCharsets.UTF_8);
    }
}
