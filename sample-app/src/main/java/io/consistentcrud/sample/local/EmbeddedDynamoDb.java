package io.consistentcrud.sample.local;

import com.amazonaws.services.dynamodbv2.local.server.LocalDynamoDBRequestHandler;
import com.amazonaws.services.dynamodbv2.local.server.LocalDynamoDBServerHandler;
import java.net.InetAddress;
import java.net.URI;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.ContextHandler;

/**
 * DynamoDB Local in this JVM, in memory, as an HTTP server on a free port of the loopback interface only: the handler
 * reaches it over HTTP exactly as it reaches DynamoDB in Lambda, so every SDK behaviour (attempt timeouts, retries)
 * is the real one, and nothing beyond this machine can reach it.
 *
 * <p>DynamoDB Local accepts any signature. Its own launcher ({@code ServerRunner}) has no bind-address option and
 * listens on every interface, so anyone who can reach the machine could read and write every table, bookkeeping
 * included. This class therefore builds the engine's request handler itself and serves it from a Jetty connector
 * (Jetty is DynamoDB Local's own server) bound to {@link InetAddress#getLoopbackAddress()}, on a port the kernel
 * picks, so there is no race between choosing a port and binding it.
 *
 * <p>The engine runs as {@code -inMemory -sharedDb}: the data is visible to every access key and region, so the AWS
 * CLI with any credentials and {@code --endpoint-url} sees the same tables as the API. Its telemetry is never
 * configured, so it never reaches the network.
 */
final class EmbeddedDynamoDb implements AutoCloseable {
    private final Server server;
    private final LocalDynamoDBRequestHandler engine;
    private final URI endpoint;

    private EmbeddedDynamoDb(Server server, LocalDynamoDBRequestHandler engine, URI endpoint) {
        this.server = server;
        this.engine = engine;
        this.endpoint = endpoint;
    }

    /** Starts the engine on a free loopback port. */
    static EmbeddedDynamoDb start() {
        LocalDynamoDBRequestHandler engine = null;
        Server server = new Server();
        try {
            // (port ignored by the handler, inMemory, dbPath, sharedDb, delayTransientStatuses)
            engine = new LocalDynamoDBRequestHandler(0, true, null, true, false);
            ServerConnector connector = new ServerConnector(server);
            connector.setHost(InetAddress.getLoopbackAddress().getHostAddress());
            connector.setPort(0);
            server.addConnector(connector);
            ContextHandler context = new ContextHandler();
            // No CORS allow-list: no browser page may call the engine.
            context.setHandler(new LocalDynamoDBServerHandler(engine, null));
            server.setHandler(context);
            server.start();
            URI endpoint = URI.create("http://" + InetAddress.getLoopbackAddress().getHostAddress() + ":"
                    + connector.getLocalPort());
            return new EmbeddedDynamoDb(server, engine, endpoint);
        } catch (Exception e) {
            stopQuietly(server, engine, e);
            throw new IllegalStateException("DynamoDB Local did not start on the loopback interface", e);
        }
    }

    private static void stopQuietly(Server server, LocalDynamoDBRequestHandler engine, Exception cause) {
        try {
            server.stop();
        } catch (Exception e) {
            cause.addSuppressed(e);
        }
        if (engine != null) {
            engine.shutdown();
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
        } finally {
            engine.shutdown();
        }
    }
}
