package io.consistentcrud.testing;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A loopback HTTP/1.1 proxy between the SDK and DynamoDB Local that injects the faults of production's worst case:
 * a write that reached DynamoDB and committed, whose answer never arrives.
 *
 * <p>For a configurable fraction of write requests ({@code X-Amz-Target} PutItem, UpdateItem, DeleteItem,
 * TransactWriteItems) the proxy forwards the request, waits for DynamoDB's complete response (so the write is
 * applied), and then either holds the response past the client's attempt timeout or resets the connection without
 * answering. Which requests fail and how is drawn from a seeded random sequence. Reads pass unless a read fault
 * rate is set ({@link #readFaultRate(double)}): a faulted read's connection is reset after DynamoDB answered.
 * {@link #delayNextWrites(int, Duration)} makes the next writes' answers arrive late instead of never, as a slow
 * network does to a client that is still waiting (or to one that gave up, like a gateway's integration timeout).
 *
 * <p>The one fault proxy of the build: your "lost answer" tests (in front of {@link LocalStore#endpoint()}), the
 * runtime's suites, the end-to-end suites of the {@code test} module and the benchmarks use it.
 *
 * <p>No fault sequence is capped: any number of faults may follow each other, as in production. The counts
 * ({@link #faultsInjected()}, {@link #writesSeen()}) let a test's control show that faults happened.
 */
public final class FaultProxy implements AutoCloseable {
    /** How a faulted write's answer is lost. */
    public enum Fault {
        /** The response is withheld past the attempt timeout, then the connection is closed. */
        HOLD,
        /** The connection is reset (TCP RST) without a response. */
        RESET,
        /** The response is delivered, but only after the delay of {@link #delayNextWrites(int, Duration)}. */
        DELAY
    }

    private static final Set<String> WRITE_TARGETS = Set.of("PutItem", "UpdateItem", "DeleteItem", "TransactWriteItems",
            "BatchWriteItem");
    private static final Set<String> READ_TARGETS = Set.of("GetItem", "Query");

    private final InetSocketAddress target;
    private final ServerSocket server;
    private final Duration hold;
    private final Random random;
    private final ExecutorService connections = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "fault-proxy");
        t.setDaemon(true);
        return t;
    });
    private final double holdShare;
    private volatile double writeFaultRate;
    private volatile double readFaultRate;
    private final AtomicInteger writesSeen = new AtomicInteger();
    private final AtomicInteger holds = new AtomicInteger();
    private final AtomicInteger resets = new AtomicInteger();
    private final AtomicInteger readFaults = new AtomicInteger();
    private final AtomicInteger delays = new AtomicInteger();
    private final AtomicInteger nextDelays = new AtomicInteger();
    private volatile Duration delay = Duration.ZERO;

    private FaultProxy(URI target, double writeFaultRate, double holdShare, long seed, Duration hold)
            throws IOException {
        this.holdShare = holdShare;
        this.target = new InetSocketAddress(target.getHost(), target.getPort());
        this.writeFaultRate = writeFaultRate;
        this.random = new Random(seed);
        this.hold = hold;
        this.server = new ServerSocket(0, 64, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::acceptLoop, "fault-proxy-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /**
     * Starts a proxy to {@code target}.
     *
     * @param target         DynamoDB Local's HTTP endpoint
     * @param writeFaultRate fraction of write requests that lose their answer, 0 to 1
     * @param holdShare      fraction of the faults that hold the response (the rest reset the connection)
     * @param seed           seed of the fault sequence
     * @param hold           how long a held response is withheld; longer than the client's attempt timeout
     * @return the started proxy; close it after the test
     */
    public static FaultProxy start(URI target, double writeFaultRate, double holdShare, long seed, Duration hold) {
        try {
            return new FaultProxy(target, writeFaultRate, holdShare, seed, hold);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The proxy's endpoint, for the SDK's endpoint override.
     *
     * @return the proxy's endpoint, for the SDK's endpoint override
     */
    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getLocalPort());
    }

    /**
     * Changes the fraction of faulted writes from now on (0 turns faults off, e.g. while seeding data).
     *
     * @param rate fraction of write requests that lose their answer, 0 to 1
     */
    public void writeFaultRate(double rate) {
        this.writeFaultRate = rate;
    }

    /**
     * Changes the fraction of reads ({@code GetItem}, {@code Query}) whose answer is lost by a reset; default 0.
     *
     * @param rate fraction of reads that lose their answer, 0 to 1
     */
    public void readFaultRate(double rate) {
        this.readFaultRate = rate;
    }

    /**
     * Delivers the answers of the next {@code count} writes {@code delay} late, after DynamoDB applied them; these
     * writes are not drawn for other faults.
     *
     * @param count how many of the next writes are delayed
     * @param delay how late their answers arrive
     */
    public void delayNextWrites(int count, Duration delay) {
        this.delay = delay;
        nextDelays.set(count);
    }

    /**
     * Writes whose answer was delivered late so far.
     *
     * @return writes whose answer was delivered late so far
     */
    public int delays() {
        return delays.get();
    }

    /**
     * Reads whose answer was lost so far.
     *
     * @return reads whose answer was lost so far
     */
    public int readFaults() {
        return readFaults.get();
    }

    /**
     * Faults of writes injected so far: held plus reset.
     *
     * @return faults of writes injected so far
     */
    public int faultsInjected() {
        return holds.get() + resets.get();
    }

    /**
     * Faults that held a write's answer past the attempt timeout.
     *
     * @return held answers so far
     */
    public int holds() {
        return holds.get();
    }

    /**
     * Faults that reset a write's connection without an answer.
     *
     * @return reset connections so far
     */
    public int resets() {
        return resets.get();
    }

    /**
     * Write requests forwarded so far, faulted or not.
     *
     * @return write requests forwarded so far, faulted or not
     */
    public int writesSeen() {
        return writesSeen.get();
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                connections.execute(() -> serve(client));
            } catch (IOException e) {
                if (!server.isClosed()) {
                    throw new UncheckedIOException("fault proxy stopped accepting", e);
                }
            }
        }
    }

    /** Relays the requests of one client connection over one upstream connection, one exchange at a time. */
    private void serve(Socket client) {
        try (client; Socket upstream = new Socket()) {
            upstream.connect(target);
            InputStream fromClient = client.getInputStream();
            OutputStream toClient = client.getOutputStream();
            InputStream fromUpstream = upstream.getInputStream();
            OutputStream toUpstream = upstream.getOutputStream();
            while (true) {
                Message request = Message.read(fromClient, true);
                if (request == null) {
                    return;
                }
                Fault fault = decide(request);
                toUpstream.write(request.bytes());
                toUpstream.flush();
                Message response = Message.read(fromUpstream, false);
                if (response == null) {
                    return;
                }
                // DynamoDB has answered, so the write is applied; only its answer is lost now.
                if (fault == Fault.RESET) {
                    client.setSoLinger(true, 0);
                    return;
                } else if (fault == Fault.HOLD) {
                    Thread.sleep(hold.toMillis());
                    return;
                } else if (fault == Fault.DELAY) {
                    Thread.sleep(delay.toMillis());
                }
                toClient.write(response.bytes());
                toClient.flush();
                if (response.closeAfter()) {
                    return;
                }
            }
        } catch (SocketException | EOFException clientWentAway) {
            // The client timed out or closed its connection: normal under fault injection.
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private Fault decide(Message request) {
        String targetHeader = request.header("x-amz-target");
        String operation = targetHeader == null ? "" : targetHeader.substring(targetHeader.indexOf('.') + 1);
        if (!WRITE_TARGETS.contains(operation)) {
            if (readFaultRate <= 0 || !READ_TARGETS.contains(operation)) {
                return null;
            }
            synchronized (random) {
                if (random.nextDouble() >= readFaultRate) {
                    return null;
                }
            }
            readFaults.incrementAndGet();
            return Fault.RESET;
        }
        writesSeen.incrementAndGet();
        if (nextDelays.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            delays.incrementAndGet();
            return Fault.DELAY;
        }
        synchronized (random) {
            if (random.nextDouble() >= writeFaultRate) {
                return null;
            }
            if (random.nextDouble() < holdShare) {
                holds.incrementAndGet();
                return Fault.HOLD;
            }
            resets.incrementAndGet();
            return Fault.RESET;
        }
    }

    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            connections.shutdownNow();
        }
    }

    /** One HTTP/1.1 message as raw bytes, with its head parsed enough to find its end. */
    private record Message(byte[] bytes, String head, boolean closeAfter) {
        String header(String name) {
            for (String line : head.split("\r\n")) {
                int colon = line.indexOf(':');
                if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase(name)) {
                    return line.substring(colon + 1).trim();
                }
            }
            return null;
        }

        /** Reads a message; null on a clean end of stream before it starts. */
        static Message read(InputStream in, boolean isRequest) throws IOException {
            ByteArrayOutputStream raw = new ByteArrayOutputStream();
            int matched = 0;
            while (matched < 4) {
                int b = in.read();
                if (b < 0) {
                    if (raw.size() == 0) {
                        return null;
                    }
                    throw new EOFException("connection closed inside a message head");
                }
                raw.write(b);
                matched = (b == '\r' && (matched == 0 || matched == 2)) || (b == '\n' && (matched == 1 || matched == 3))
                        ? matched + 1 : (b == '\r' ? 1 : 0);
            }
            String head = raw.toString(StandardCharsets.ISO_8859_1);
            Message headOnly = new Message(null, head, false);
            String length = headOnly.header("content-length");
            String encoding = headOnly.header("transfer-encoding");
            String connection = headOnly.header("connection");
            boolean close = connection != null && connection.toLowerCase(Locale.ROOT).contains("close");
            if (encoding != null && encoding.toLowerCase(Locale.ROOT).contains("chunked")) {
                copyChunked(in, raw);
            } else if (length != null) {
                copy(in, raw, Long.parseLong(length));
            } else if (!isRequest) {
                in.transferTo(raw);
                close = true;
            }
            return new Message(raw.toByteArray(), head, close);
        }

        private static void copy(InputStream in, ByteArrayOutputStream out, long n) throws IOException {
            byte[] buffer = new byte[8192];
            long left = n;
            while (left > 0) {
                int read = in.read(buffer, 0, (int) Math.min(buffer.length, left));
                if (read < 0) {
                    throw new EOFException("connection closed inside a message body");
                }
                out.write(buffer, 0, read);
                left -= read;
            }
        }

        private static void copyChunked(InputStream in, ByteArrayOutputStream out) throws IOException {
            while (true) {
                String sizeLine = line(in, out);
                int semicolon = sizeLine.indexOf(';');
                long size = Long.parseLong((semicolon < 0 ? sizeLine : sizeLine.substring(0, semicolon)).trim(), 16);
                if (size == 0) {
                    // Trailers, then the empty line.
                    while (!line(in, out).isEmpty()) {
                        continue;
                    }
                    return;
                }
                copy(in, out, size);
                line(in, out);
            }
        }

        private static String line(InputStream in, ByteArrayOutputStream out) throws IOException {
            StringBuilder text = new StringBuilder();
            int previous = -1;
            while (true) {
                int b = in.read();
                if (b < 0) {
                    throw new EOFException("connection closed inside a chunked body");
                }
                out.write(b);
                if (previous == '\r' && b == '\n') {
                    return text.substring(0, text.length() - 1);
                }
                text.append((char) b);
                previous = b;
            }
        }
    }
}
