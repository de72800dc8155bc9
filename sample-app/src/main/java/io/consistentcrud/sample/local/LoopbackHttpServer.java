package io.consistentcrud.sample.local;

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
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A small HTTP/1.1 server on the loopback interface, written for the local gateway so that it controls every answer
 * at the protocol's edges: a malformed request, a request target that is not a path, conflicting body lengths, a
 * head over API Gateway's size quota, a body that never arrives — each gets an answer the gateway renders (its
 * problem+json gateway responses), never a server's own HTML page or a silent reset. The JDK's {@code HttpServer}
 * answers those itself, and without {@code TCP_NODELAY} it stalls every request on a kept-alive connection for the
 * ~40 ms of a delayed ACK.
 *
 * <p>One thread per connection; requests on a connection are served in order (pipelining works). Only
 * {@code chunked} is understood as a transfer coding, as HTTP/1.1 requires of every server.
 */
final class LoopbackHttpServer implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(LoopbackHttpServer.class.getName());
    private static final DateTimeFormatter HTTP_DATE = DateTimeFormatter.RFC_1123_DATE_TIME;
    private static final String TOKEN_CHARS = "!#$%&'*+-.^_`|~";

    /**
     * What the server accepts and how long it waits.
     *
     * @param maxHeadBytes the request line and header lines together, in bytes; more answers 431
     * @param maxBodyBytes the body; more answers 413
     * @param requestTimeout how long a started request may stay silent (head or body) before it is answered 408
     * @param idleTimeout    how long a kept-alive connection may wait for its next request before it is closed
     */
    record Limits(int maxHeadBytes, int maxBodyBytes, Duration requestTimeout, Duration idleTimeout) {
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
        /** The request line or a header line does not parse, or the version is not HTTP/1.0 or HTTP/1.1. */
        MALFORMED(400),
        /** The request target is not a path ({@code *}, an absolute URI). */
        TARGET_NOT_A_PATH(400),
        /** Both {@code Content-Length} and {@code Transfer-Encoding}, differing lengths, or an unknown coding. */
        AMBIGUOUS_BODY_LENGTH(400),
        /** The request line and headers exceed {@link Limits#maxHeadBytes()}. */
        HEAD_TOO_LARGE(431),
        /** The body exceeds {@link Limits#maxBodyBytes()}. */
        BODY_TOO_LARGE(413),
        /** The request stalled for {@link Limits#requestTimeout()} before it was complete. */
        REQUEST_TIMEOUT(408),
        /** The handler failed; the server still answers. */
        HANDLER_FAILED(500);

        final int status;

        Rejection(int status) {
            this.status = status;
        }
    }

    /** What the server calls. */
    interface Handler {
        /** The answer to a well-formed request. */
        Response serve(Request request);

        /** The answer to a request the server rejects itself. */
        Response reject(Rejection rejection, InetSocketAddress remote);
    }

    private final ServerSocket socket;
    private final Handler handler;
    private final Limits limits;
    private final ExecutorService connections;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    /**
     * Binds to the loopback interface.
     *
     * @param port the port, 0 for a free one
     */
    LoopbackHttpServer(int port, int backlog, Limits limits, Handler handler) throws IOException {
        this.handler = Objects.requireNonNull(handler);
        this.limits = Objects.requireNonNull(limits);
        this.socket = new ServerSocket(port, backlog, InetAddress.getLoopbackAddress());
        AtomicInteger threads = new AtomicInteger();
        this.connections = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "local-gateway-" + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /** The bound port. */
    int port() {
        return socket.getLocalPort();
    }

    /** Starts accepting connections. */
    void start() {
        Thread acceptor = new Thread(this::accept, "local-gateway-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    private void accept() {
        while (!closed) {
            Socket connection;
            try {
                connection = socket.accept();
            } catch (IOException e) {
                if (!closed) {
                    LOG.log(Level.SEVERE, "the local gateway stopped accepting connections", e);
                }
                return;
            }
            open.add(connection);
            connections.execute(() -> {
                try (connection) {
                    serve(connection);
                } catch (IOException e) {
                    // The client went away mid-answer: there is no one left to tell.
                    LOG.fine(() -> "connection ended: " + e);
                } finally {
                    open.remove(connection);
                }
            });
        }
    }

    private void serve(Socket connection) throws IOException {
        // Every answer is written with one flush; without this, a kept-alive client waits out a delayed ACK.
        connection.setTcpNoDelay(true);
        InetSocketAddress remote = (InetSocketAddress) connection.getRemoteSocketAddress();
        Input in = new Input(connection, limits);
        OutputStream out = new java.io.BufferedOutputStream(connection.getOutputStream(), 16 * 1024);
        while (!closed) {
            Request request;
            boolean keepAlive;
            try {
                Head head = readHead(in);
                if (head == null) {
                    return;
                }
                keepAlive = head.keepAlive();
                byte[] body = readBody(in, head, out);
                request = new Request(head.method, head.rawPath, head.rawQuery, head.protocol, head.headers, body,
                        remote);
            } catch (Rejected r) {
                // After a request the server could not frame, the connection's next bytes mean nothing: close it.
                write(out, handler.reject(r.rejection, remote), false, false);
                lingeringClose(connection);
                return;
            }
            Response response;
            try {
                response = handler.serve(request);
            } catch (RuntimeException e) {
                LOG.log(Level.SEVERE, "the local gateway failed on " + request.method + " " + request.rawPath, e);
                response = handler.reject(Rejection.HANDLER_FAILED, remote);
                keepAlive = false;
            }
            write(out, response, keepAlive, request.method.equals("HEAD"));
            if (!keepAlive) {
                return;
            }
        }
    }

    /**
     * Ends a connection whose client may still be sending (a head over the limit, a body not read): closing a socket
     * with unread input makes the kernel send a reset, which can destroy the answer before the client reads it. So
     * the output is shut first, and the input read off until the client closes, or for a bounded time and amount.
     */
    private void lingeringClose(Socket connection) {
        try {
            connection.shutdownOutput();
            connection.setSoTimeout((int) limits.requestTimeout().toMillis());
            InputStream in = connection.getInputStream();
            byte[] drain = new byte[16 * 1024];
            long left = 2L * limits.maxBodyBytes();
            int n;
            while (left > 0 && (n = in.read(drain)) >= 0) {
                left -= n;
            }
        } catch (IOException e) {
            // Timed out or reset while draining: the answer was written; nothing more to do.
            LOG.fine(() -> "lingering close ended: " + e);
        }
    }

    private record Head(String method, String rawPath, String rawQuery, String protocol,
                        List<Map.Entry<String, String>> headers) {
        boolean keepAlive() {
            String connection = values("Connection").toLowerCase(Locale.ROOT);
            boolean close = List.of(connection.split("\\s*,\\s*")).contains("close");
            boolean keep = List.of(connection.split("\\s*,\\s*")).contains("keep-alive");
            return protocol.equals("HTTP/1.1") ? !close : keep && !close;
        }

        /** All values of a header, comma-joined. */
        String values(String name) {
            StringBuilder sb = new StringBuilder();
            for (Map.Entry<String, String> h : headers) {
                if (h.getKey().equalsIgnoreCase(name)) {
                    sb.append(sb.length() == 0 ? "" : ",").append(h.getValue());
                }
            }
            return sb.toString();
        }

        boolean has(String name) {
            return headers.stream().anyMatch(h -> h.getKey().equalsIgnoreCase(name));
        }
    }

    private static final class Rejected extends Exception {
        final Rejection rejection;

        Rejected(Rejection rejection) {
            super(rejection.name(), null, false, false);
            this.rejection = rejection;
        }
    }

    /** The next request's head, or null when the client closed (or stayed idle) between requests. */
    private Head readHead(Input in) throws IOException, Rejected {
        String requestLine;
        do {
            // RFC 9112 2.2: empty lines before a request line are ignored.
            requestLine = in.line(true);
            if (requestLine == null) {
                return null;
            }
        } while (requestLine.isEmpty());
        String[] parts = requestLine.split(" ", -1);
        if (parts.length != 3 || parts[0].isEmpty() || !isToken(parts[0]) || parts[1].isEmpty()) {
            throw new Rejected(Rejection.MALFORMED);
        }
        String protocol = parts[2];
        if (!protocol.equals("HTTP/1.1") && !protocol.equals("HTTP/1.0")) {
            throw new Rejected(Rejection.MALFORMED);
        }
        String target = parts[1];
        if (!target.startsWith("/")) {
            throw new Rejected(Rejection.TARGET_NOT_A_PATH);
        }
        for (int i = 0; i < target.length(); i++) {
            char c = target.charAt(i);
            if (c <= 0x20 || c >= 0x7f) {
                throw new Rejected(Rejection.MALFORMED);
            }
        }
        int question = target.indexOf('?');
        String rawPath = question < 0 ? target : target.substring(0, question);
        String rawQuery = question < 0 ? null : target.substring(question + 1);
        int fragment = rawQuery == null ? -1 : rawQuery.indexOf('#');
        if (fragment >= 0 || rawPath.indexOf('#') >= 0) {
            throw new Rejected(Rejection.MALFORMED);
        }
        List<Map.Entry<String, String>> headers = new ArrayList<>();
        while (true) {
            String line = in.line(false);
            if (line == null) {
                throw new Rejected(Rejection.MALFORMED);
            }
            if (line.isEmpty()) {
                break;
            }
            int colon = line.indexOf(':');
            // A leading space or tab is an obsolete line folding, which RFC 9112 lets a server reject.
            if (colon <= 0 || !isToken(line.substring(0, colon))) {
                throw new Rejected(Rejection.MALFORMED);
            }
            headers.add(Map.entry(line.substring(0, colon), line.substring(colon + 1).strip()));
        }
        return new Head(parts[0], rawPath, rawQuery, protocol, Collections.unmodifiableList(headers));
    }

    private static boolean isToken(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!(Character.isLetterOrDigit(c) && c < 0x80) && TOKEN_CHARS.indexOf(c) < 0) {
                return false;
            }
        }
        return !s.isEmpty();
    }

    private byte[] readBody(Input in, Head head, OutputStream out) throws IOException, Rejected {
        boolean chunked = head.has("Transfer-Encoding");
        if (chunked && head.has("Content-Length")) {
            // RFC 9112 6.1: a request with both is a smuggling attempt or a broken client; either way, refuse it.
            throw new Rejected(Rejection.AMBIGUOUS_BODY_LENGTH);
        }
        long length = 0;
        if (chunked) {
            if (!head.values("Transfer-Encoding").strip().equalsIgnoreCase("chunked")) {
                throw new Rejected(Rejection.AMBIGUOUS_BODY_LENGTH);
            }
        } else if (head.has("Content-Length")) {
            length = contentLength(head.values("Content-Length"));
        }
        boolean expectsContinue = head.values("Expect").equalsIgnoreCase("100-continue")
                && head.protocol.equals("HTTP/1.1");
        if (length > limits.maxBodyBytes()) {
            if (!expectsContinue && length <= 2L * limits.maxBodyBytes()) {
                // The client is sending it anyway: read it off, so that it can read the answer. (Anything larger is
                // answered at once; the lingering close drains what it can.)
                in.skip(length);
            }
            throw new Rejected(Rejection.BODY_TOO_LARGE);
        }
        if (expectsContinue && (chunked || length > 0)) {
            out.write("HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
        }
        return chunked ? in.chunked(limits.maxBodyBytes()) : in.bytes((int) length);
    }

    private static long contentLength(String values) throws Rejected {
        long length = -1;
        for (String v : values.split(",")) {
            String s = v.strip();
            if (s.isEmpty() || s.length() > 18 || !s.chars().allMatch(c -> c >= '0' && c <= '9')) {
                throw new Rejected(Rejection.AMBIGUOUS_BODY_LENGTH);
            }
            long n = Long.parseLong(s);
            if (length >= 0 && n != length) {
                throw new Rejected(Rejection.AMBIGUOUS_BODY_LENGTH);
            }
            length = n;
        }
        return length;
    }

    private static void write(OutputStream out, Response response, boolean keepAlive, boolean head)
            throws IOException {
        int status = response.status();
        boolean noBody = status == 204 || status == 304 || (status >= 100 && status < 200);
        StringBuilder sb = new StringBuilder(256);
        sb.append("HTTP/1.1 ").append(status).append(' ').append(reason(status)).append("\r\n");
        response.headers().forEach((name, values) -> {
            if (!name.equalsIgnoreCase("Content-Length") && !name.equalsIgnoreCase("Connection")
                    && !name.equalsIgnoreCase("Transfer-Encoding")) {
                for (String v : values) {
                    sb.append(name).append(": ").append(v.replace('\r', ' ').replace('\n', ' ')).append("\r\n");
                }
            }
        });
        sb.append("Date: ").append(HTTP_DATE.format(ZonedDateTime.now(ZoneOffset.UTC))).append("\r\n");
        if (!noBody) {
            sb.append("Content-Length: ").append(response.body().length).append("\r\n");
        }
        if (!keepAlive) {
            sb.append("Connection: close\r\n");
        }
        sb.append("\r\n");
        // Header values are ISO-8859-1 on the wire; a handler's non-Latin-1 character becomes '?'.
        out.write(sb.toString().getBytes(StandardCharsets.ISO_8859_1));
        if (!noBody && !head) {
            out.write(response.body());
        }
        out.flush();
    }

    private static String reason(int status) {
        return switch (status) {
            case 200 -> "OK";
            case 201 -> "Created";
            case 204 -> "No Content";
            case 304 -> "Not Modified";
            case 400 -> "Bad Request";
            case 403 -> "Forbidden";
            case 404 -> "Not Found";
            case 408 -> "Request Timeout";
            case 409 -> "Conflict";
            case 412 -> "Precondition Failed";
            case 413 -> "Content Too Large";
            case 415 -> "Unsupported Media Type";
            case 422 -> "Unprocessable Content";
            case 428 -> "Precondition Required";
            case 429 -> "Too Many Requests";
            case 431 -> "Request Header Fields Too Large";
            case 500 -> "Internal Server Error";
            case 502 -> "Bad Gateway";
            case 503 -> "Service Unavailable";
            case 504 -> "Gateway Timeout";
            case 505 -> "HTTP Version Not Supported";
            default -> "Status " + status;
        };
    }

    /** Stops accepting, and closes every open connection. */
    @Override
    public void close() {
        closed = true;
        try {
            socket.close();
        } catch (IOException e) {
            throw new UncheckedIOException("the local gateway's socket did not close", e);
        } finally {
            for (Socket s : open) {
                try {
                    s.close();
                } catch (IOException e) {
                    LOG.fine(() -> "closing a connection: " + e);
                }
            }
            connections.shutdownNow();
        }
    }

    /**
     * A connection's input with the server's limits: the head's size, and the time a started request may stay
     * silent. Between requests the connection waits {@link Limits#idleTimeout()}; within one,
     * {@link Limits#requestTimeout()}.
     */
    private static final class Input {
        private final Socket socket;
        private final InputStream in;
        private final Limits limits;
        private final byte[] buffer = new byte[16 * 1024];
        private int position;
        private int limit;
        private int headBytes;

        Input(Socket socket, Limits limits) throws IOException {
            this.socket = socket;
            this.in = socket.getInputStream();
            this.limits = limits;
        }

        /** Fills the buffer; false at the end of the stream. */
        private boolean fill(boolean betweenRequests) throws IOException, Rejected {
            socket.setSoTimeout((int) (betweenRequests ? limits.idleTimeout() : limits.requestTimeout()).toMillis());
            try {
                int n = in.read(buffer, 0, buffer.length);
                if (n < 0) {
                    return false;
                }
                position = 0;
                limit = n;
                return true;
            } catch (SocketTimeoutException e) {
                if (betweenRequests) {
                    return false;
                }
                throw new Rejected(Rejection.REQUEST_TIMEOUT);
            } catch (SocketException e) {
                if (betweenRequests) {
                    return false;
                }
                throw e;
            }
        }

        /**
         * A line of the head without its CRLF (a bare LF is accepted), or null at the end of the stream.
         *
         * @param first the first line of a request: waiting for it is waiting between requests
         */
        String line(boolean first) throws IOException, Rejected {
            if (first) {
                headBytes = 0;
            }
            ByteArrayOutputStream line = new ByteArrayOutputStream(128);
            boolean started = false;
            while (true) {
                if (position == limit && !fill(first && !started)) {
                    if (first && !started) {
                        return null;
                    }
                    throw new Rejected(Rejection.MALFORMED);
                }
                started = true;
                byte b = buffer[position++];
                if (++headBytes > limits.maxHeadBytes()) {
                    throw new Rejected(Rejection.HEAD_TOO_LARGE);
                }
                if (b == '\n') {
                    byte[] bytes = line.toByteArray();
                    int end = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
                    return new String(bytes, 0, end, StandardCharsets.ISO_8859_1);
                }
                if (b == 0 || (b == '\r' && position < limit && buffer[position] != '\n')) {
                    throw new Rejected(Rejection.MALFORMED);
                }
                line.write(b);
            }
        }

        /** Exactly {@code n} bytes of body. */
        byte[] bytes(int n) throws IOException, Rejected {
            byte[] out = new byte[n];
            int read = 0;
            while (read < n) {
                if (position == limit && !fill(false)) {
                    throw new Rejected(Rejection.MALFORMED);
                }
                int take = Math.min(n - read, limit - position);
                System.arraycopy(buffer, position, out, read, take);
                position += take;
                read += take;
            }
            return out;
        }

        /** Reads and drops {@code n} bytes. */
        void skip(long n) throws IOException, Rejected {
            long left = n;
            while (left > 0) {
                if (position == limit && !fill(false)) {
                    throw new EOFException("the client closed mid-body");
                }
                int take = (int) Math.min(left, limit - position);
                position += take;
                left -= take;
            }
        }

        /** A chunked body (RFC 9112 7.1), its trailers dropped. */
        byte[] chunked(int maxBytes) throws IOException, Rejected {
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            boolean tooLarge = false;
            while (true) {
                String sizeLine = bodyLine();
                int semicolon = sizeLine.indexOf(';');
                String hex = (semicolon < 0 ? sizeLine : sizeLine.substring(0, semicolon)).strip();
                if (hex.isEmpty() || hex.length() > 8 || !hex.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
                    throw new Rejected(Rejection.MALFORMED);
                }
                long size = Long.parseLong(hex, 16);
                if (size == 0) {
                    while (!bodyLine().isEmpty()) {
                        // trailer fields: not passed on, as API Gateway passes none
                    }
                    if (tooLarge) {
                        throw new Rejected(Rejection.BODY_TOO_LARGE);
                    }
                    return body.toByteArray();
                }
                if (tooLarge || body.size() + size > maxBytes) {
                    tooLarge = true;
                    skip(size);
                } else {
                    body.write(bytes((int) size));
                }
                if (!bodyLine().isEmpty()) {
                    throw new Rejected(Rejection.MALFORMED);
                }
            }
        }

        private String bodyLine() throws IOException, Rejected {
            ByteArrayOutputStream line = new ByteArrayOutputStream(16);
            while (true) {
                if (position == limit && !fill(false)) {
                    throw new Rejected(Rejection.MALFORMED);
                }
                byte b = buffer[position++];
                if (b == '\n') {
                    byte[] bytes = line.toByteArray();
                    int end = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
                    return new String(bytes, 0, end, StandardCharsets.ISO_8859_1);
                }
                if (line.size() > 4096) {
                    throw new Rejected(Rejection.MALFORMED);
                }
                line.write(b);
            }
        }
    }
}
