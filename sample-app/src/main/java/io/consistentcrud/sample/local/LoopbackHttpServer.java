package io.consistentcrud.sample.local;

import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.jetty.http.BadMessageException;
import org.eclipse.jetty.http.HttpCompliance;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpParser;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.http.HttpVersion;
import org.eclipse.jetty.http.UriCompliance;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.server.internal.HttpConnection;
import org.eclipse.jetty.util.BufferUtil;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.NanoTime;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * The local gateway's HTTP/1.1 server: Jetty 12 (DynamoDB Local's own server, so no new library) on the loopback
 * interface, configured so that the gateway answers every request itself. Jetty frames and parses requests strictly
 * (RFC 7230 compliance: a bare CR, a malformed chunk size, a missing or repeated {@code Host}, conflicting body
 * lengths, folded headers are refused; {@code Transfer-Encoding} on HTTP/1.0 is refused here); every refusal,
 * whether Jetty's or the server's own, is rendered by the {@link Handler}'s {@link Handler#reject}, never as Jetty's
 * error page. No server thread waits for a function: the handler's answer is a future, written by the thread that
 * completes it.
 *
 * <p>Limits: the head ({@link Limits#maxHeadBytes()}, 431), the body (413, judged on {@code Content-Length} before
 * any byte is read and again on every chunk as it streams; the body buffer grows with what arrived, never with what
 * was declared), and a whole-request deadline ({@link Limits#requestTimeout()}, from the request's first byte to
 * its last: a head or body trickled slowly is answered 408 when its next byte comes after the deadline, one that
 * stops arriving when it has been silent that long). Connections are served by a selector without a thread each;
 * requests are framed on a fixed pool of {@link Limits#threads()} threads whose queue is bounded, so a flood waits or
 * is refused by closing the connection, never by losing the acceptor.
 */
final class LoopbackHttpServer implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(LoopbackHttpServer.class.getName());
    /** Tasks waiting for a thread beyond which a new one is refused (its connection closed). */
    private static final int MAX_QUEUED_TASKS = 4_096;

    /**
     * What the server accepts, how long it waits, and with how many threads.
     *
     * @param maxHeadBytes   the request line and header lines together, in bytes; more answers 431
     * @param maxBodyBytes   the body; more answers 413
     * @param requestTimeout the whole-request deadline: from a request's first byte to its last; later answers 408
     * @param idleTimeout    how long a kept-alive connection may wait for its next request before it is closed
     * @param threads        the pool that runs handlers (and Jetty's acceptor and selector)
     */
    record Limits(int maxHeadBytes, int maxBodyBytes, Duration requestTimeout, Duration idleTimeout, int threads) {
    }

    /** A well-formed request. Header names are as the client sent them, in its order. */
    record Request(String method, String rawPath, String rawQuery, String protocol,
                   List<Map.Entry<String, String>> headers, byte[] body, InetSocketAddress remote) {
        /** The last value of a header by case-insensitive name, or null. */
        String header(String name) {
            String value = null;
            for (Map.Entry<String, String> h : headers) {
                if (h.getKey().equalsIgnoreCase(name)) {
                    value = h.getValue();
                }
            }
            return value;
        }
    }

    /** An answer; {@code Content-Length}, {@code Date} and {@code Connection} are added by the server. */
    record Response(int status, Map<String, List<String>> headers, byte[] body) {
    }

    /** Requests the server answers itself, before a handler sees them; each is answered and the connection closed. */
    enum Rejection {
        /** Not HTTP/1.1 as RFC 9112 has it: request line, header lines, framing, Host, version. */
        MALFORMED(400),
        /** The request target is not a path ({@code *}). */
        TARGET_NOT_A_PATH(400),
        /** Both {@code Content-Length} and {@code Transfer-Encoding}, differing lengths, or an unknown coding. */
        AMBIGUOUS_BODY_LENGTH(400),
        /** The request line and headers exceed {@link Limits#maxHeadBytes()}. */
        HEAD_TOO_LARGE(431),
        /** The body exceeds {@link Limits#maxBodyBytes()}. */
        BODY_TOO_LARGE(413),
        /** The request did not arrive completely within {@link Limits#requestTimeout()}. */
        REQUEST_TIMEOUT(408),
        /** The handler or the server failed; the server still answers. */
        HANDLER_FAILED(500);

        final int status;

        Rejection(int status) {
            this.status = status;
        }
    }

    /** What the server calls. */
    interface Handler {
        /**
         * The answer to a well-formed request, completed when it is ready; called on a server thread, so it returns
         * at once (it must not wait for a function).
         */
        CompletableFuture<Response> serve(Request request);

        /** The answer to a request the server rejects itself. */
        Response reject(Rejection rejection, InetSocketAddress remote);
    }

    private final Server server;
    private final ServerConnector connector;

    /**
     * Binds to the loopback interface.
     *
     * @param port    the port, 0 for a free one
     * @param backlog connections the kernel queues before the acceptor takes them
     */
    LoopbackHttpServer(int port, int backlog, Limits limits, Handler handler) {
        Objects.requireNonNull(handler);
        Objects.requireNonNull(limits);
        QueuedThreadPool threads = new QueuedThreadPool(limits.threads(), Math.min(4, limits.threads()), 60_000,
                new org.eclipse.jetty.util.BlockingArrayQueue<>(64, 64, MAX_QUEUED_TASKS));
        threads.setName("local-gateway");
        threads.setDaemon(true);
        this.server = new Server(threads);
        HttpConfiguration config = new HttpConfiguration();
        config.setRequestHeaderSize(limits.maxHeadBytes());
        config.setHttpCompliance(HttpCompliance.RFC7230);
        // The gateway decodes paths itself, as API Gateway does (a %2F stays in its segment); Jetty must not refuse
        // or normalize what API Gateway would pass on.
        config.setUriCompliance(UriCompliance.UNSAFE);
        config.setSendServerVersion(false);
        config.setSendXPoweredBy(false);
        config.setSendDateHeader(true);
        this.connector = new ServerConnector(server, 1, 1,
                new DeadlineConnectionFactory(config, limits.requestTimeout().toMillis()));
        connector.setHost(InetAddress.getLoopbackAddress().getHostAddress());
        connector.setPort(port);
        connector.setAcceptQueueSize(backlog);
        // Without it, a kept-alive client waits out a delayed ACK on every answer.
        connector.setAcceptedTcpNoDelay(true);
        connector.setIdleTimeout(limits.idleTimeout().toMillis());
        server.addConnector(connector);
        server.setHandler(new GatewayHandler(handler, limits));
        server.setErrorHandler(new RejectionRenderer(handler));
    }

    /** The bound port (after {@link #start()}). */
    int port() {
        return connector.getLocalPort();
    }

    /** Binds and starts accepting connections. */
    void start() throws java.io.IOException {
        try {
            server.start();
        } catch (java.io.IOException e) {
            stopAfterFailedStart(e);
            throw e;
        } catch (Exception e) {
            stopAfterFailedStart(e);
            throw new IllegalStateException("the local gateway did not start", e);
        }
    }

    private void stopAfterFailedStart(Exception cause) {
        try {
            server.stop();
        } catch (Exception e) {
            cause.addSuppressed(e);
        }
    }

    /** Stops accepting, and closes every open connection. */
    @Override
    public void close() {
        try {
            server.stop();
        } catch (Exception e) {
            throw new IllegalStateException("the local gateway did not stop", e);
        }
    }

    private static InetSocketAddress remote(org.eclipse.jetty.server.Request request) {
        SocketAddress a = request.getConnectionMetaData().getRemoteSocketAddress();
        return a instanceof InetSocketAddress inet ? inet
                : new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
    }

    private static void send(org.eclipse.jetty.server.Response response, Response answer, boolean close,
                             Callback callback) {
        response.setStatus(answer.status());
        answer.headers().forEach((name, values) -> {
            if (!name.equalsIgnoreCase("Content-Length") && !name.equalsIgnoreCase("Connection")
                    && !name.equalsIgnoreCase("Transfer-Encoding") && !name.equalsIgnoreCase("Date")) {
                for (String v : values) {
                    // Header values are ISO-8859-1 on the wire; a line break would split the header.
                    response.getHeaders().add(name, v.replace('\r', ' ').replace('\n', ' '));
                }
            }
        });
        if (close) {
            response.getHeaders().put(HttpHeader.CONNECTION, "close");
        }
        int status = answer.status();
        boolean noBody = status == 204 || status == 304 || status < 200;
        if (!noBody) {
            response.getHeaders().put(HttpHeader.CONTENT_LENGTH, answer.body().length);
        }
        response.write(true, noBody ? BufferUtil.EMPTY_BUFFER : ByteBuffer.wrap(answer.body()), callback);
    }

    /** Reads each request's body as it arrives (no thread waits on a slow client), then runs the handler. */
    private static final class GatewayHandler extends org.eclipse.jetty.server.Handler.Abstract {
        private final Handler handler;
        private final Limits limits;

        GatewayHandler(Handler handler, Limits limits) {
            // Non-blocking: handle() only frames the request and hands it to the function's executor, so Jetty may
            // run it on the selecting thread instead of handing each request to another thread (bench section 7).
            super(InvocationType.NON_BLOCKING);
            this.handler = handler;
            this.limits = limits;
        }

        @Override
        public boolean handle(org.eclipse.jetty.server.Request request, org.eclipse.jetty.server.Response response,
                              Callback callback) {
            // Idle timeouts while the function runs mean nothing; those while the body arrives are read as failures.
            request.addIdleTimeoutListener(timeout -> false);
            new Exchange(request, response, callback).read();
            return true;
        }

        /** One request: its body, read chunk by chunk under the limits, then the handler's answer. */
        private final class Exchange implements Runnable {
            private final org.eclipse.jetty.server.Request request;
            private final org.eclipse.jetty.server.Response response;
            private final Callback callback;
            private final AtomicBoolean answered = new AtomicBoolean();
            private final long deadline;
            private ByteArrayOutputStream body;

            Exchange(org.eclipse.jetty.server.Request request, org.eclipse.jetty.server.Response response,
                     Callback callback) {
                this.request = request;
                this.response = response;
                this.callback = callback;
                this.deadline = request.getBeginNanoTime() + limits.requestTimeout().toNanos();
            }

            @Override
            public void run() {
                read();
            }

            void read() {
                if (body == null && HttpVersion.HTTP_1_0.is(request.getConnectionMetaData().getProtocol())
                        && request.getHeaders().contains(HttpHeader.TRANSFER_ENCODING)) {
                    // RFC 9112 6.1: HTTP/1.0 has no transfer codings; such framing is faulty (Jetty would read it).
                    reject(Rejection.AMBIGUOUS_BODY_LENGTH);
                    return;
                }
                long declared = request.getLength();
                if (declared > limits.maxBodyBytes()) {
                    // Judged before a byte is read: with Expect: 100-continue, the client never sends it.
                    reject(Rejection.BODY_TOO_LARGE);
                    return;
                }
                if (body == null) {
                    // Grows with what arrives: a declared length is a claim, not an allocation.
                    body = new ByteArrayOutputStream((int) Math.min(Math.max(declared, 0), 16 * 1024));
                }
                while (true) {
                    Content.Chunk chunk = request.read();
                    if (chunk == null) {
                        if (NanoTime.since(deadline) > 0) {
                            reject(Rejection.REQUEST_TIMEOUT);
                            return;
                        }
                        request.demand(this);
                        return;
                    }
                    if (Content.Chunk.isFailure(chunk)) {
                        Throwable failure = chunk.getFailure();
                        reject(failure instanceof TimeoutException ? Rejection.REQUEST_TIMEOUT
                                : rejectionOf(failure));
                        return;
                    }
                    int size = chunk.remaining();
                    if (body.size() + (long) size > limits.maxBodyBytes()) {
                        chunk.release();
                        reject(Rejection.BODY_TOO_LARGE);
                        return;
                    }
                    if (size > 0) {
                        ByteBuffer bytes = chunk.getByteBuffer();
                        byte[] copy = new byte[size];
                        bytes.get(copy);
                        body.write(copy, 0, size);
                    }
                    boolean last = chunk.isLast();
                    chunk.release();
                    if (last) {
                        break;
                    }
                    if (NanoTime.since(deadline) > 0) {
                        reject(Rejection.REQUEST_TIMEOUT);
                        return;
                    }
                }
                // The request is complete: from here the connection waits as a kept-alive one would.
                request.getConnectionMetaData().getConnection().getEndPoint()
                        .setIdleTimeout(limits.idleTimeout().toMillis());
                serve();
            }

            private void serve() {
                if (!answered.compareAndSet(false, true)) {
                    return;
                }
                String path = request.getHttpURI().getPath();
                if (path == null || !path.startsWith("/")) {
                    send(response, handler.reject(Rejection.TARGET_NOT_A_PATH, remote(request)), true, callback);
                    return;
                }
                CompletableFuture<Response> answer;
                try {
                    answer = handler.serve(new Request(request.getMethod(), path, request.getHttpURI().getQuery(),
                            request.getConnectionMetaData().getProtocol(), headers(request), body.toByteArray(),
                            remote(request)));
                } catch (RuntimeException e) {
                    answer = CompletableFuture.failedFuture(e);
                }
                // Written by the thread that completes the answer (the function's): no server thread waits for it.
                answer.whenComplete((served, failure) -> {
                    if (failure == null) {
                        send(response, served, false, callback);
                    } else {
                        LOG.log(Level.SEVERE, "the local gateway failed on " + request.getMethod() + " " + path,
                                failure);
                        send(response, handler.reject(Rejection.HANDLER_FAILED, remote(request)), true, callback);
                    }
                });
            }

            private void reject(Rejection rejection) {
                if (!answered.compareAndSet(false, true)) {
                    return;
                }
                Response answer = handler.reject(rejection, remote(request));
                if (rejection == Rejection.BODY_TOO_LARGE && !awaitsContinue()) {
                    // A lingering close (RFC 9112 9.6): the answer goes out at once, then the rest of the body is
                    // read and dropped (never kept) until its end or the request's deadline, and only then does the
                    // connection close. Closing with unread bytes would make the kernel reset the connection, and a
                    // reset can destroy the 413 before a client still sending its body has read it.
                    send(response, answer, true, Callback.from(this::discardRest, callback::failed));
                } else {
                    // Nothing (more) to read, or nothing the client will send: the connection closes now.
                    send(response, answer, true, callback);
                }
            }

            /** Whether the client waits for 100 Continue before sending its body, which it will now never get. */
            private boolean awaitsContinue() {
                return body == null && request.getHeaders().contains(HttpHeader.EXPECT, "100-continue");
            }

            /** Reads and drops what is left of a refused body, then ends the exchange (and closes the connection). */
            private void discardRest() {
                while (true) {
                    Content.Chunk chunk = request.read();
                    if (chunk == null) {
                        if (NanoTime.since(deadline) > 0) {
                            callback.succeeded();
                        } else {
                            request.demand(this::discardRest);
                        }
                        return;
                    }
                    boolean end = chunk.isLast() || Content.Chunk.isFailure(chunk);
                    chunk.release();
                    if (end || NanoTime.since(deadline) > 0) {
                        callback.succeeded();
                        return;
                    }
                }
            }
        }

        private static List<Map.Entry<String, String>> headers(org.eclipse.jetty.server.Request request) {
            List<Map.Entry<String, String>> out = new ArrayList<>();
            for (HttpField f : request.getHeaders()) {
                out.add(Map.entry(f.getName(), f.getValue() == null ? "" : f.getValue()));
            }
            return Collections.unmodifiableList(out);
        }
    }

    /** What a refusal of the HTTP layer (its status, or the failure's) means to the gateway. */
    static Rejection rejectionOf(int status) {
        return switch (status) {
            case HttpStatus.REQUEST_HEADER_FIELDS_TOO_LARGE_431, HttpStatus.URI_TOO_LONG_414 ->
                    Rejection.HEAD_TOO_LARGE;
            case HttpStatus.PAYLOAD_TOO_LARGE_413 -> Rejection.BODY_TOO_LARGE;
            case HttpStatus.REQUEST_TIMEOUT_408 -> Rejection.REQUEST_TIMEOUT;
            default -> status >= 500 ? Rejection.HANDLER_FAILED : Rejection.MALFORMED;
        };
    }

    private static Rejection rejectionOf(Throwable failure) {
        if (failure instanceof org.eclipse.jetty.http.HttpException http) {
            return rejectionOf(http.getCode());
        }
        // The client went away or the stream broke mid-body: nobody reads the answer; 400 if anyone does.
        return Rejection.MALFORMED;
    }

    /**
     * Jetty's error handler, replaced: what Jetty refuses itself (a head it cannot parse, a head over the limit, an
     * ambiguous body length) is answered by the gateway's rendering of the matching {@link Rejection}, never by an
     * HTML page naming Jetty or an exception.
     */
    private static final class RejectionRenderer extends ErrorHandler {
        private final Handler handler;

        RejectionRenderer(Handler handler) {
            this.handler = handler;
        }

        @Override
        public boolean handle(org.eclipse.jetty.server.Request request, org.eclipse.jetty.server.Response response,
                              Callback callback) {
            Object status = request.getAttribute(ERROR_STATUS);
            Object cause = request.getAttribute(ERROR_EXCEPTION);
            int code = status instanceof Integer i ? i : response.getStatus();
            Rejection rejection = rejectionOf(code);
            if (rejection == Rejection.HANDLER_FAILED && cause instanceof Throwable t
                    && !(t instanceof org.eclipse.jetty.io.EofException)) {
                LOG.log(Level.SEVERE, "the local gateway failed", t);
            } else {
                // A refusal of the HTTP layer, or a client that closed its connection (nobody reads this answer).
                LOG.fine(() -> "refused by the HTTP layer: " + code + " " + request.getAttribute(ERROR_MESSAGE));
            }
            response.getHeaders().clear();
            send(response, handler.reject(rejection, remote(request)), true, callback);
            return true;
        }
    }

    /** Jetty's HTTP/1.1 connections, with the whole-request deadline on the head (see {@link DeadlineConnection}). */
    private static final class DeadlineConnectionFactory extends HttpConnectionFactory {
        private final long requestTimeoutMs;

        DeadlineConnectionFactory(HttpConfiguration config, long requestTimeoutMs) {
            super(config);
            this.requestTimeoutMs = requestTimeoutMs;
        }

        @Override
        public Connection newConnection(Connector connector, EndPoint endPoint) {
            DeadlineConnection connection = new DeadlineConnection(getHttpConfiguration(), connector, endPoint,
                    isRecordHttpComplianceViolations(), requestTimeoutMs);
            connection.setUseInputDirectByteBuffers(isUseInputDirectByteBuffers());
            connection.setUseOutputDirectByteBuffers(isUseOutputDirectByteBuffers());
            return configure(connection, connector, endPoint);
        }
    }

    /**
     * Jetty's per-read idle timeout lets a head trickled one byte at a time live for ever. Here the head has a
     * deadline counted from its first byte: when it starts, the connection's idle timeout drops to the request
     * timeout, and a byte that arrives after the deadline, or that idle timeout, fails the head with 408, which
     * Jetty answers through the error handler like any refused head.
     */
    private static final class DeadlineConnection extends HttpConnection {
        private final long requestTimeoutMs;
        /** The connection's own request handler, which the parser must report to (set while super() runs). */
        private RequestHandler requestHandler;

        DeadlineConnection(HttpConfiguration config, Connector connector, EndPoint endPoint, boolean record,
                           long requestTimeoutMs) {
            super(config, connector, endPoint, record);
            this.requestTimeoutMs = requestTimeoutMs;
        }

        /**
         * A head that stops arriving: the idle timeout, which the head's start set to the request timeout, fails it
         * with 408 as a late byte would (Jetty would close the connection without an answer, having no request).
         */
        @Override
        public boolean onIdleExpired(TimeoutException timeout) {
            if (getHttpChannel().getRequest() == null && getParser() instanceof DeadlineParser parser
                    && parser.inHead()) {
                parser.expire();
                return false;
            }
            return super.onIdleExpired(timeout);
        }

        @Override
        protected RequestHandler newRequestHandler() {
            requestHandler = super.newRequestHandler();
            return requestHandler;
        }

        @Override
        protected HttpParser newHttpParser(HttpCompliance compliance) {
            HttpParser parser = new DeadlineParser(requestHandler, getHttpConfiguration().getRequestHeaderSize(),
                    compliance);
            parser.setHeaderCacheSize(getHttpConfiguration().getHeaderCacheSize());
            parser.setHeaderCacheCaseSensitive(getHttpConfiguration().isHeaderCacheCaseSensitive());
            return parser;
        }

        private final class DeadlineParser extends HttpParser {
            DeadlineParser(HttpParser.RequestHandler handler, int maxHeaderBytes, HttpCompliance compliance) {
                super(handler, maxHeaderBytes, compliance);
            }

            /** Whether a head has started and is not complete. */
            boolean inHead() {
                return !isStart() && inHeaderState();
            }

            /** Fails the head with 408; Jetty answers it through the error handler. */
            void expire() {
                badMessage(new BadMessageException(HttpStatus.REQUEST_TIMEOUT_408,
                        "the request did not arrive in time"));
            }

            @Override
            public boolean parseNext(ByteBuffer buffer) {
                boolean wasStart = isStart();
                if (inHead() && NanoTime.millisSince(getBeginNanoTime()) > requestTimeoutMs) {
                    BufferUtil.clear(buffer);
                    expire();
                    return false;
                }
                boolean handle = super.parseNext(buffer);
                if (wasStart && !isStart()) {
                    getEndPoint().setIdleTimeout(requestTimeoutMs);
                }
                return handle;
            }
        }
    }
}
