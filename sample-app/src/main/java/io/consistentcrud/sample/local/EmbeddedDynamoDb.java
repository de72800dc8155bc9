package io.consistentcrud.sample.local;

import com.amazonaws.services.dynamodbv2.local.main.ServerRunner;
import com.amazonaws.services.dynamodbv2.local.server.DynamoDBProxyServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;

/**
 * DynamoDB Local in this JVM, in memory, as an HTTP server on a free loopback port: the handler reaches it over HTTP
 * exactly as it reaches DynamoDB in Lambda, so every SDK behaviour (attempt timeouts, retries) is the real one.
 *
 * <p>{@code -sharedDb} makes the data visible to every access key and region, so the AWS CLI with any credentials
 * and {@code --endpoint-url} sees the same tables as the API. {@code -disableTelemetry}: the local mode never
 * reaches the network. DynamoDB Local has no bind-address option: it listens on every interface of the machine.
 */
final class EmbeddedDynamoDb implements AutoCloseable {
    private final DynamoDBProxyServer server;
    private final URI endpoint;

    private EmbeddedDynamoDb(DynamoDBProxyServer server, URI endpoint) {
        this.server = server;
        this.endpoint = endpoint;
    }

    /** Starts the engine; DynamoDB Local cannot bind port 0, so a free port is picked first. */
    static EmbeddedDynamoDb start() {
        int port = freePort();
        try {
            DynamoDBProxyServer server = ServerRunner.createServerFromCommandLineArgs(
                    new String[] {"-inMemory", "-sharedDb", "-disableTelemetry", "-port", Integer.toString(port)});
            server.start();
            return new EmbeddedDynamoDb(server, URI.create("http://127.0.0.1:" + port));
        } catch (Exception e) {
            throw new IllegalStateException("DynamoDB Local did not start on port " + port, e);
        }
    }

    /** A free loopback port. */
    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free loopback port", e);
        }
    }

    URI endpoint() {
        return endpoint;
    }

    @Override
    public void close() {
        try {
            server.stop();
        } catch (Exception e) {
            throw new IllegalStateException("DynamoDB Local did not stop", e);
        }
    }
}
