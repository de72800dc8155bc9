package io.consistentcrud.e2e.local;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A loopback HTTP proxy between the SDK and DynamoDB Local that injects faults where they happen in production:
 * after a write has reached DynamoDB and committed, it either holds the response (the next writes, on request) or
 * closes the connection without answering (a share of all writes). Reads and table operations always pass. No
 * run of faults is capped: any number may follow each other, as in production.
 */
final class DynamoDbFaultProxy implements AutoCloseable {
    /** What happens to a faulted write's response. */
    enum Fault { DELAY, DROP }

    private static final Set<String> WRITES = Set.of("PutItem", "UpdateItem", "DeleteItem", "TransactWriteItems",
            "BatchWriteItem");
    private static final Set<String> HOP_BY_HOP = Set.of("host", "content-length", "connection", "expect", "upgrade",
            "transfer-encoding", "keep-alive");

    private final URI upstream;
    private final HttpServer server;
    private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "dynamodb-fault-proxy");
        t.setDaemon(true);
        return t;
    });
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final Random random;
    private final AtomicInteger writes = new AtomicInteger();
    private final AtomicInteger delayed = new AtomicInteger();
    private final AtomicInteger dropped = new AtomicInteger();
    private volatile double rate;
    private volatile Duration delay = Duration.ofSeconds(1);
    private final AtomicInteger nextDelays = new AtomicInteger();

    DynamoDbFaultProxy(URI upstream, long seed) throws IOException {
        this.upstream = upstream;
        this.random = new Random(seed);
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        server.setExecutor(threads);
        server.createContext("/", this::forward);
        server.start();
    }

    URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** Drops the answer of this share of write attempts after DynamoDB applied them (0 turns faults off). */
    DynamoDbFaultProxy loseAnswers(double rate) {
        this.rate = rate;
        return this;
    }

    /** Delays the responses of the next {@code count} write attempts by {@code delay}. */
    DynamoDbFaultProxy delayNextWrites(int count, Duration delay) {
        this.delay = delay;
        nextDelays.set(count);
        return this;
    }

    int writes() {
        return writes.get();
    }

    int delayed() {
        return delayed.get();
    }

    int dropped() {
        return dropped.get();
    }

    private synchronized Fault decide() {
        if (nextDelays.get() > 0) {
            nextDelays.decrementAndGet();
            return Fault.DELAY;
        }
        if (random.nextDouble() < rate) {
            return Fault.DROP;
        }
        return null;
    }

    private void forward(HttpExchange exchange) throws IOException {
        byte[] body = exchange.getRequestBody().readAllBytes();
        String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
        String operation = target == null ? "" : target.substring(target.indexOf('.') + 1);
        boolean write = WRITES.contains(operation);
        Fault fault = null;
        if (write) {
            writes.incrementAndGet();
            fault = decide();
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(upstream.resolve(exchange.getRequestURI()))
                .method(exchange.getRequestMethod(), HttpRequest.BodyPublishers.ofByteArray(body));
        exchange.getRequestHeaders().forEach((name, values) -> {
            if (!HOP_BY_HOP.contains(name.toLowerCase(Locale.ROOT))) {
                values.forEach(v -> request.header(name, v));
            }
        });
        HttpResponse<byte[]> response;
        try {
            // The write reaches DynamoDB and commits before any fault is applied to its response.
            response = client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            exchange.close();
            return;
        }
        if (fault == Fault.DROP) {
            dropped.incrementAndGet();
            exchange.close();
            return;
        }
        if (fault == Fault.DELAY) {
            delayed.incrementAndGet();
            try {
                Thread.sleep(delay.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        response.headers().map().forEach((name, values) -> {
            if (!HOP_BY_HOP.contains(name.toLowerCase(Locale.ROOT)) && !name.startsWith(":")) {
                exchange.getResponseHeaders().put(name, List.copyOf(values));
            }
        });
        try {
            byte[] bytes = response.body();
            exchange.sendResponseHeaders(response.statusCode(), bytes.length == 0 ? -1 : bytes.length);
            if (bytes.length > 0) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(bytes);
                }
            }
        } catch (IOException clientGaveUp) {
            // A delayed response whose attempt already timed out: the SDK closed the connection, as intended.
            if (fault != Fault.DELAY) {
                throw clientGaveUp;
            }
        } finally {
            exchange.close();
        }
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
