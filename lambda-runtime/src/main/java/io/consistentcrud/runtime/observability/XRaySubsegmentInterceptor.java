package io.consistentcrud.runtime.observability;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;
import software.amazon.awssdk.awscore.AwsResponse;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttribute;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.http.SdkHttpResponse;
import software.amazon.awssdk.protocols.jsoncore.JsonWriter;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactGetItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;

/**
 * Turns each DynamoDB call (all its SDK attempts together) into an X-Ray subsegment named {@code DynamoDB} in the
 * {@code aws} namespace, sent to the X-Ray daemon over UDP in the daemon's documented format: the header line
 * {@code {"format": "json", "version": 1}}, a newline, then the subsegment document.
 *
 * <p>Why not the official X-Ray SDK: it adds about 4 MB to the Lambda jar and brings Apache HTTP client 4, which
 * the jar must not contain (figures in docs/http-api.md). A subsegment is one small JSON document per call.
 *
 * <p>Nothing is sent unless the current trace header (read per call from {@code traceHeader}) is sampled. A send
 * failure never fails the DynamoDB call: tracing is best effort by design of the daemon protocol (UDP).
 */
public final class XRaySubsegmentInterceptor implements ExecutionInterceptor {
    private static final byte[] DAEMON_HEADER = "{\"format\": \"json\", \"version\": 1}\n".getBytes(StandardCharsets.UTF_8);
    private static final ExecutionAttribute<TraceHeader> TRACE = new ExecutionAttribute<>("cca.xray.trace");
    private static final ExecutionAttribute<Instant> START = new ExecutionAttribute<>("cca.xray.start");
    private static final ExecutionAttribute<Integer> ATTEMPTS = new ExecutionAttribute<>("cca.xray.attempts");

    private final Supplier<String> traceHeader;
    private final InetSocketAddress daemon;
    private final Clock clock;

    /**
     * @param traceHeader the current invocation's trace header, or null when there is none
     * @param daemon      the daemon's UDP address, see {@link XRayDaemonAddress}
     * @param clock       the clock of start and end times
     */
    public XRaySubsegmentInterceptor(Supplier<String> traceHeader, InetSocketAddress daemon, Clock clock) {
        this.traceHeader = Objects.requireNonNull(traceHeader, "traceHeader");
        this.daemon = Objects.requireNonNull(daemon, "daemon");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
        Optional<TraceHeader> header = TraceHeader.parse(traceHeader.get());
        if (header.isPresent() && header.get().sampled()) {
            attributes.putAttribute(TRACE, header.get());
            attributes.putAttribute(START, clock.instant());
            attributes.putAttribute(ATTEMPTS, 0);
        }
    }

    @Override
    public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
        Integer attempts = attributes.getAttribute(ATTEMPTS);
        if (attempts != null) {
            attributes.putAttribute(ATTEMPTS, attempts + 1);
        }
    }

    @Override
    public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
        TraceHeader trace = attributes.getAttribute(TRACE);
        if (trace == null) {
            return;
        }
        String requestId = context.response() instanceof AwsResponse aws ? aws.responseMetadata().requestId() : null;
        send(trace, context.request(), attributes, context.httpResponse().statusCode(), requestId, null);
    }

    @Override
    public void onExecutionFailure(Context.FailedExecution context, ExecutionAttributes attributes) {
        TraceHeader trace = attributes.getAttribute(TRACE);
        if (trace == null) {
            return;
        }
        Throwable failure = context.exception();
        Integer status = context.httpResponse().map(SdkHttpResponse::statusCode).orElse(null);
        if (status == null && failure instanceof AwsServiceException service) {
            status = service.statusCode();
        }
        String requestId = failure instanceof AwsServiceException service ? service.requestId() : null;
        send(trace, context.request(), attributes, status, requestId, failure);
    }

    private void send(TraceHeader trace, SdkRequest request, ExecutionAttributes attributes, Integer status,
                      String requestId, Throwable failure) {
        byte[] document = subsegment(trace, request, attributes, status, requestId, failure);
        byte[] datagram = new byte[DAEMON_HEADER.length + document.length];
        System.arraycopy(DAEMON_HEADER, 0, datagram, 0, DAEMON_HEADER.length);
        System.arraycopy(document, 0, datagram, DAEMON_HEADER.length, document.length);
        // A socket per subsegment: nothing stays open between calls, so a SnapStart snapshot holds no socket.
        try (DatagramSocket socket = new DatagramSocket()) {
            socket.send(new DatagramPacket(datagram, datagram.length, daemon));
        } catch (IOException e) {
            // Reported, not thrown: a lost trace must not turn a committed write into an error answer.
            System.err.println("{\"level\":\"WARN\",\"message\":\"X-Ray subsegment not sent\",\"error\":\""
                    + e.getClass().getSimpleName() + "\"}");
        }
    }

    private byte[] subsegment(TraceHeader trace, SdkRequest request, ExecutionAttributes attributes, Integer status,
                              String requestId, Throwable failure) {
        Instant start = attributes.getAttribute(START);
        Instant end = clock.instant();
        int attempts = attributes.getAttribute(ATTEMPTS);
        boolean throttle = status != null && status == 429;
        boolean fault = failure != null && (status == null || status >= 500);
        boolean error = failure != null && !fault;

        JsonWriter w = JsonWriter.create();
        w.writeStartObject();
        w.writeFieldName("name").writeValue("DynamoDB");
        w.writeFieldName("id").writeValue(newId());
        w.writeFieldName("trace_id").writeValue(trace.traceId());
        w.writeFieldName("parent_id").writeValue(trace.parentId());
        w.writeFieldName("type").writeValue("subsegment");
        w.writeFieldName("namespace").writeValue("aws");
        w.writeFieldName("start_time").writeNumber(epochSeconds(start));
        w.writeFieldName("end_time").writeNumber(epochSeconds(end));
        w.writeFieldName("aws").writeStartObject();
        w.writeFieldName("operation").writeValue(attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME));
        Set<String> tables = tableNames(request);
        if (tables.size() == 1) {
            w.writeFieldName("table_name").writeValue(tables.iterator().next());
        } else if (!tables.isEmpty()) {
            w.writeFieldName("table_names").writeStartArray();
            tables.forEach(w::writeValue);
            w.writeEndArray();
        }
        w.writeFieldName("retries").writeValue(Math.max(0, attempts - 1));
        if (requestId != null) {
            w.writeFieldName("request_id").writeValue(requestId);
        }
        w.writeEndObject();
        if (status != null) {
            w.writeFieldName("http").writeStartObject();
            w.writeFieldName("response").writeStartObject();
            w.writeFieldName("status").writeValue(status.intValue());
            w.writeEndObject();
            w.writeEndObject();
        }
        w.writeFieldName("error").writeValue(error);
        w.writeFieldName("fault").writeValue(fault);
        w.writeFieldName("throttle").writeValue(throttle);
        if (failure != null) {
            // The exception's type only: AWS error text stays out of traces as it stays out of answers.
            w.writeFieldName("cause").writeStartObject();
            w.writeFieldName("exceptions").writeStartArray();
            w.writeStartObject();
            w.writeFieldName("id").writeValue(newId());
            w.writeFieldName("type").writeValue(failure.getClass().getSimpleName());
            w.writeFieldName("remote").writeValue(failure instanceof AwsServiceException);
            w.writeEndObject();
            w.writeEndArray();
            w.writeEndObject();
        }
        w.writeEndObject();
        return w.getBytes();
    }

    private static Set<String> tableNames(SdkRequest request) {
        Set<String> names = new TreeSet<>();
        if (request instanceof TransactWriteItemsRequest transact) {
            for (TransactWriteItem item : transact.transactItems()) {
                if (item.put() != null) {
                    names.add(item.put().tableName());
                } else if (item.update() != null) {
                    names.add(item.update().tableName());
                } else if (item.delete() != null) {
                    names.add(item.delete().tableName());
                } else if (item.conditionCheck() != null) {
                    names.add(item.conditionCheck().tableName());
                }
            }
        } else if (request instanceof TransactGetItemsRequest transact) {
            transact.transactItems().forEach(item -> names.add(item.get().tableName()));
        } else if (request instanceof BatchGetItemRequest batch) {
            names.addAll(batch.requestItems().keySet());
        } else if (request instanceof BatchWriteItemRequest batch) {
            names.addAll(batch.requestItems().keySet());
        } else {
            request.getValueForField("TableName", String.class).ifPresent(names::add);
        }
        return names;
    }

    private static String epochSeconds(Instant t) {
        return t.getEpochSecond() + "." + String.format("%06d", t.getNano() / 1000);
    }

    private static String newId() {
        return String.format("%016x", ThreadLocalRandom.current().nextLong());
    }
}
