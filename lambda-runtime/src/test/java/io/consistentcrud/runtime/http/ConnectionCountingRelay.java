package io.consistentcrud.runtime.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A loopback TCP relay in front of DynamoDB Local that counts the client connections it accepted and those the
 * client has not closed yet, so a test can see whether a client left a connection open.
 */
final class ConnectionCountingRelay implements AutoCloseable {
    private final ServerSocket server;
    private final InetSocketAddress target;
    private final AtomicInteger accepted = new AtomicInteger();
    private final AtomicInteger open = new AtomicInteger();
    private final Thread acceptor;

    ConnectionCountingRelay(URI target) throws IOException {
        this.target = new InetSocketAddress(target.getHost(), target.getPort());
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        this.acceptor = new Thread(this::acceptLoop, "relay-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getLocalPort());
    }

    int accepted() {
        return accepted.get();
    }

    int open() {
        return open.get();
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                Socket upstream = new Socket(target.getAddress(), target.getPort());
                accepted.incrementAndGet();
                open.incrementAndGet();
                pump(upstream, client, false);
                pump(client, upstream, true);
            } catch (IOException e) {
                if (!server.isClosed()) {
                    throw new IllegalStateException("relay accept failed", e);
                }
            }
        }
    }

    private void pump(Socket from, Socket to, boolean fromClient) {
        Thread t = new Thread(() -> {
            byte[] buffer = new byte[8192];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                int n;
                while ((n = in.read(buffer)) >= 0) {
                    out.write(buffer, 0, n);
                    out.flush();
                }
            } catch (IOException closed) {
                // One side went away; the other side is closed below.
            } finally {
                if (fromClient) {
                    open.decrementAndGet();
                }
                close(from);
                close(to);
            }
        }, "relay-pump");
        t.setDaemon(true);
        t.start();
    }

    private static void close(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // Already closed by the other pump.
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
