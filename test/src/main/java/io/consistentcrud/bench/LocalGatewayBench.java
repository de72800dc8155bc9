package io.consistentcrud.bench;

import io.consistentcrud.runtime.http.LambdaEntry;
import io.consistentcrud.sample.local.LocalMode;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.logging.Level;
import java.util.logging.Logger;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;
import software.amazon.awssdk.protocols.jsoncore.JsonWriter;

/**
 * Section 7: the local gateway's own cost. The same operations (create, get, increment, PATCH with If-Match) go
 * through the local mode's gateway on kept-alive connections, by 1 and 16 concurrent clients, and straight to the
 * handler in process (the same {@code LambdaEntry}, environment and DynamoDB Local endpoint), so that the gateway's
 * overhead is a ratio. The p50 of a GET on a kept-alive connection is set beside a GET on a new connection, in the
 * same run: a kept-alive request must cost what a request costs (no Nagle / delayed-ACK stall).
 *
 * <p>Clients are raw sockets with {@code TCP_NODELAY} (as curl), one connection per client thread; modes take turns
 * in rounds, so drift falls on both alike.
 */
final class LocalGatewayBench {
    static final List<String> OPERATIONS = List.of("create", "get", "increment", "PATCH with If-Match");
    static final List<Integer> CLIENTS = List.of(1, 16);
    private static final String GATEWAY = "gateway, kept-alive";
    private static final String HANDLER = "handler in process";
    private static final int ROUNDS = 3;

    private final int warmup;
    private final int measured;
    /** "op @ clients" -> mode -> samples; and the wall time of all rounds per cell, for throughput. */
    private final Map<String, Map<String, Samples>> samples = new LinkedHashMap<>();
    private final Map<String, Map<String, Double>> throughput = new LinkedHashMap<>();
    private final Samples newConnectionGets = new Samples();
    private final Samples keptAliveGets = new Samples();

    /** @param measured measured calls per client, operation and mode, at 1 client (16 clients: a quarter each) */
    LocalGatewayBench(int warmup, int measured) {
        this.warmup = warmup;
        this.measured = measured;
    }

    void run() throws Exception {
        Logger.getLogger("io.consistentcrud.sample.local").setLevel(Level.WARNING);
        // As the local mode's own main: the handler's default credential chain finds the local dummy set.
        System.setProperty("aws.region", "us-east-1");
        System.setProperty("aws.accessKeyId", LocalMode.LOCAL_ACCESS_KEY);
        System.setProperty("aws.secretAccessKey", LocalMode.LOCAL_ACCESS_KEY);
        PrintStream stdout = System.out;
        // The handler writes its EMF metrics to standard output, in both modes alike: not into the report.
        System.setOut(new PrintStream(OutputStream.nullOutputStream()));
        try (LocalMode mode = LocalMode.start(LocalMode.Options.builder().port(0).build())) {
            LambdaEntry handler = new LambdaEntry(mode.environment());
            URI base = mode.baseUri();
            for (int clients : CLIENTS) {
                int perClient = clients == 1 ? measured : Math.max(20, measured / 4);
                int warm = clients == 1 ? warmup : Math.max(10, warmup / 4);
                for (String op : OPERATIONS) {
                    String cell = op + " @ " + clients;
                    for (String m : List.of(GATEWAY, HANDLER)) {
                        samples.computeIfAbsent(cell, k -> new LinkedHashMap<>()).put(m, new Samples());
                    }
                    for (String m : List.of(GATEWAY, HANDLER)) {
                        drive(m, base, handler, op, clients, warm, null);
                    }
                    Map<String, Long> wall = new LinkedHashMap<>();
                    for (int round = 0; round < ROUNDS; round++) {
                        for (String m : List.of(GATEWAY, HANDLER)) {
                            long nanos = drive(m, base, handler, op, clients, perClient / ROUNDS,
                                    samples.get(cell).get(m));
                            wall.merge(m, nanos, Long::sum);
                        }
                    }
                    Map<String, Double> ops = new LinkedHashMap<>();
                    wall.forEach((m, nanos) -> ops.put(m, samples.get(cell).get(m).count() / (nanos / 1e9)));
                    throughput.put(cell, ops);
                }
            }
            compareConnections(base);
        } finally {
            System.setOut(stdout);
        }
    }

    /** GETs on one kept-alive connection and on a new connection each, alternating, one client. */
    private void compareConnections(URI base) throws IOException {
        String id;
        try (Client client = new Client(base)) {
            id = idOf(client.send("POST", "/counters", "{\"value\":0}", null));
            for (int n = 0; n < warmup; n++) {
                client.send("GET", "/counters/" + id, null, null);
                try (Client fresh = new Client(base)) {
                    fresh.send("GET", "/counters/" + id, null, null);
                }
            }
            for (int n = 0; n < measured; n++) {
                long start = System.nanoTime();
                client.send("GET", "/counters/" + id, null, null);
                keptAliveGets.add(System.nanoTime() - start);
                start = System.nanoTime();
                try (Client fresh = new Client(base)) {
                    fresh.send("GET", "/counters/" + id, null, null);
                }
                newConnectionGets.add(System.nanoTime() - start);
            }
        }
    }

    /** Runs {@code iterations} calls of {@code op} on each of {@code clients} threads; answers the wall time. */
    private long drive(String mode, URI base, LambdaEntry handler, String op, int clients, int iterations,
                       Samples into) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        try {
            CountDownLatch ready = new CountDownLatch(clients);
            CountDownLatch go = new CountDownLatch(1);
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < clients; t++) {
                done.add(pool.submit(() -> {
                    try (Caller caller = mode.equals(GATEWAY) ? new Client(base) : new InProcess(handler)) {
                        Item item = new Item(caller.send("POST", "/counters", "{\"value\":0}", null));
                        ready.countDown();
                        go.await();
                        for (int n = 0; n < iterations; n++) {
                            long start = System.nanoTime();
                            Answer a = call(caller, op, item);
                            long nanos = System.nanoTime() - start;
                            if (a.status >= 300) {
                                throw new IllegalStateException(mode + " " + op + " answered " + a.status + " "
                                        + a.body);
                            }
                            if (into != null) {
                                synchronized (into) {
                                    into.add(nanos);
                                }
                            }
                        }
                    }
                    return null;
                }));
            }
            ready.await();
            long started = System.nanoTime();
            go.countDown();
            for (Future<?> f : done) {
                f.get();
            }
            return System.nanoTime() - started;
        } finally {
            pool.shutdownNow();
        }
    }

    private static Answer call(Caller caller, String op, Item item) throws IOException {
        return switch (op) {
            case "create" -> caller.send("POST", "/counters", "{\"value\":0}", null);
            case "get" -> caller.send("GET", "/counters/" + item.id, null, null);
            case "increment" -> item.update(caller.send("POST", "/counters/" + item.id + "/increment",
                    "{\"value\":1}", null));
            case "PATCH with If-Match" -> item.update(caller.send("PATCH", "/counters/" + item.id,
                    "{\"label\":\"p" + System.nanoTime() + "\"}", item.etag));
            default -> throw new IllegalArgumentException(op);
        };
    }

    /** An item a client works on, with the ETag of its last answer (If-Match takes it verbatim). */
    private static final class Item {
        final String id;
        String etag;

        Item(Answer created) {
            this.id = idOf(created);
            this.etag = created.etag;
        }

        Answer update(Answer a) {
            if (a.etag != null) {
                etag = a.etag;
            }
            return a;
        }
    }

    private static String idOf(Answer created) {
        if (created.status != 201) {
            throw new IllegalStateException("create answered " + created.status + " " + created.body);
        }
        return JsonNode.parser().parse(created.body).asObject().get("counterId").asString();
    }

    private record Answer(int status, String etag, String body) {
    }

    private interface Caller extends AutoCloseable {
        Answer send(String method, String path, String body, String ifMatch) throws IOException;

        @Override
        void close() throws IOException;
    }

    /** One kept-alive HTTP/1.1 connection to the gateway. */
    private static final class Client implements Caller {
        private final Socket socket;
        private final InputStream in;
        private final OutputStream out;

        Client(URI base) throws IOException {
            socket = new Socket(base.getHost(), base.getPort());
            socket.setTcpNoDelay(true);
            in = new java.io.BufferedInputStream(socket.getInputStream());
            out = socket.getOutputStream();
        }

        @Override
        public Answer send(String method, String path, String body, String ifMatch) throws IOException {
            byte[] bytes = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
            StringBuilder head = new StringBuilder(256).append(method).append(' ').append(path)
                    .append(" HTTP/1.1\r\nHost: 127.0.0.1\r\nUser-Agent: bench\r\n");
            if (body != null) {
                head.append("Content-Type: ").append(method.equals("PATCH") ? "application/merge-patch+json"
                        : "application/json").append("\r\nContent-Length: ").append(bytes.length).append("\r\n");
            }
            if (ifMatch != null) {
                head.append("If-Match: ").append(ifMatch).append("\r\n");
            }
            head.append("\r\n");
            ByteArrayOutputStream request = new ByteArrayOutputStream(head.length() + bytes.length);
            request.writeBytes(head.toString().getBytes(StandardCharsets.ISO_8859_1));
            request.writeBytes(bytes);
            out.write(request.toByteArray());
            out.flush();
            return read();
        }

        private Answer read() throws IOException {
            String status = line();
            String etag = null;
            int length = 0;
            for (String h = line(); !h.isEmpty(); h = line()) {
                int colon = h.indexOf(':');
                String name = h.substring(0, colon).trim().toLowerCase(Locale.ROOT);
                String value = h.substring(colon + 1).trim();
                if (name.equals("content-length")) {
                    length = Integer.parseInt(value);
                } else if (name.equals("etag")) {
                    etag = value;
                }
            }
            String body = new String(in.readNBytes(length), StandardCharsets.UTF_8);
            return new Answer(Integer.parseInt(status.substring(9, 12)), etag, body);
        }

        private String line() throws IOException {
            StringBuilder sb = new StringBuilder(64);
            int b;
            while ((b = in.read()) != '\n') {
                if (b < 0) {
                    throw new IOException("the gateway closed the connection");
                }
                if (b != '\r') {
                    sb.append((char) b);
                }
            }
            return sb.toString();
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    /** The handler called in process with the REST proxy event the gateway would build. */
    private static final class InProcess implements Caller {
        private final LambdaEntry handler;

        InProcess(LambdaEntry handler) {
            this.handler = handler;
        }

        @Override
        public Answer send(String method, String path, String body, String ifMatch) throws IOException {
            String[] parts = path.substring(1).split("/");
            String resource = parts.length == 1 ? "/counters"
                    : parts.length == 2 ? "/counters/{counterId}" : "/counters/{counterId}/increment";
            JsonWriter w = JsonWriter.create();
            w.writeStartObject();
            w.writeFieldName("resource").writeValue(resource);
            w.writeFieldName("path").writeValue(path);
            w.writeFieldName("httpMethod").writeValue(method);
            w.writeFieldName("headers").writeStartObject();
            if (body != null) {
                w.writeFieldName("Content-Type").writeValue(method.equals("PATCH") ? "application/merge-patch+json"
                        : "application/json");
            }
            if (ifMatch != null) {
                w.writeFieldName("If-Match").writeValue(ifMatch);
            }
            w.writeEndObject();
            w.writeFieldName("pathParameters");
            if (parts.length > 1) {
                w.writeStartObject();
                w.writeFieldName("counterId").writeValue(parts[1]);
                w.writeEndObject();
            } else {
                w.writeNull();
            }
            w.writeFieldName("requestContext").writeStartObject();
            w.writeFieldName("requestId").writeValue(UUID.randomUUID().toString());
            w.writeFieldName("path").writeValue("/prod" + path);
            w.writeFieldName("identity").writeStartObject();
            w.writeFieldName("userArn").writeValue(LocalMode.DEFAULT_CALLER_ARN);
            w.writeEndObject();
            w.writeEndObject();
            w.writeFieldName("body");
            if (body == null) {
                w.writeNull();
            } else {
                w.writeValue(body);
            }
            w.writeFieldName("isBase64Encoded").writeValue(false);
            w.writeEndObject();
            ByteArrayOutputStream out = new ByteArrayOutputStream(1024);
            handler.handleRequest(new ByteArrayInputStream(w.getBytes()), out, ColdOurs.benchContext());
            Map<String, JsonNode> response = JsonNode.parser().parse(out.toByteArray()).asObject();
            JsonNode headers = response.get("headers");
            JsonNode etag = headers == null || !headers.isObject() ? null : headers.asObject().get("ETag");
            JsonNode responseBody = response.get("body");
            return new Answer(Integer.parseInt(response.get("statusCode").asNumber()),
                    etag == null ? null : etag.asString(),
                    responseBody == null || responseBody.isNull() ? "" : responseBody.asString());
        }

        @Override
        public void close() {
            // The handler is shared; nothing to release.
        }
    }

    /** Whether the kept-alive GET's p50 is within 1.1× of the new connection's. */
    boolean keptAliveWithinTarget() {
        return keptAliveGets.percentile(50) <= 1.1 * newConnectionGets.percentile(50);
    }

    /** The gateway's kept-alive throughput at 16 clients for an operation, in calls per second. */
    double gatewayRate(String operation) {
        return throughput.get(operation + " @ 16").get(GATEWAY);
    }

    String keptAliveVersusNewConnection() {
        return String.format(Locale.ROOT, "GET p50 %s ms kept-alive vs %s ms on a new connection (%s)",
                Report.ms(keptAliveGets.percentile(50)), Report.ms(newConnectionGets.percentile(50)),
                Report.ratio(keptAliveGets.percentile(50) / newConnectionGets.percentile(50)));
    }

    void report(Report report) {
        report.heading("7. The local gateway's own cost, on kept-alive connections");
        report.paragraph("The sample's local mode (`LocalMode`, in this JVM, its embedded DynamoDB Local over "
                + "loopback HTTP) driven by raw HTTP/1.1 clients with TCP_NODELAY, one kept-alive connection each, "
                + "beside the same operations on the same `LambdaEntry`, environment and DynamoDB endpoint called in "
                + "process with the event the gateway would build. " + warmup + " warm-up and " + measured
                + " measured calls per operation and mode at 1 client (a quarter of that per client at 16), in "
                + ROUNDS + " alternating rounds; the gateway's access log is off. Throughput = all clients' calls "
                + "over the wall time. Overhead = gateway over handler (p50 ×, p99 ×; throughput ×).");
        List<List<String>> rows = new ArrayList<>();
        for (var e : samples.entrySet()) {
            Samples g = e.getValue().get(GATEWAY);
            Samples h = e.getValue().get(HANDLER);
            double gOps = throughput.get(e.getKey()).get(GATEWAY);
            double hOps = throughput.get(e.getKey()).get(HANDLER);
            String[] cell = e.getKey().split(" @ ");
            rows.add(List.of(cell[0], cell[1],
                    Report.ms(g.percentile(50)) + " / " + Report.ms(g.percentile(99)) + ", " + Report.num(gOps),
                    Report.ms(h.percentile(50)) + " / " + Report.ms(h.percentile(99)) + ", " + Report.num(hOps),
                    Report.ratio(g.percentile(50) / h.percentile(50)) + " / "
                            + Report.ratio(g.percentile(99) / h.percentile(99)) + "; "
                            + Report.ratio(gOps / hOps)));
        }
        report.table(List.of("operation", "clients", GATEWAY + ": p50 / p99 ms, ops/s",
                HANDLER + ": p50 / p99 ms, ops/s", "overhead"), rows);
        report.paragraph("Kept-alive against new connections, one client, alternating, " + measured + " each: "
                + keptAliveVersusNewConnection() + "; p99 " + Report.ms(keptAliveGets.percentile(99)) + " vs "
                + Report.ms(newConnectionGets.percentile(99)) + " ms.");
    }
}
