package io.consistentcrud.e2e.local;

import io.consistentcrud.testing.FaultProxy;
import io.consistentcrud.testing.LocalDynamoDb;
import io.consistentcrud.sample.local.LocalMode;
import java.time.Duration;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The sample app's API in local mode for one test class, as a JUnit 5 extension: the local gateway and functions
 * on a free loopback port, a client of it, and direct reads of its tables. Optionally DynamoDB Local runs as an HTTP
 * server behind the {@link FaultProxy}, with faults off until a test turns them on.
 *
 * <pre>{@code
 * @RegisterExtension
 * static final LocalApi local = LocalApi.sampleApp();
 * }</pre>
 *
 * <p>Started before the class's own {@code @BeforeAll} methods (which may seed data through it), closed after its
 * {@code @AfterAll} methods.
 */
final class LocalApi implements BeforeAllCallback, AfterAllCallback {
    private final UnaryOperator<LocalMode.Options.Builder> options;
    private final Long faultSeed;

    private LocalDynamoDb dynamoDb;
    private FaultProxy proxy;
    private LocalMode mode;
    private HttpApi api;
    private LocalTables tables;

    private LocalApi(UnaryOperator<LocalMode.Options.Builder> options, Long faultSeed) {
        this.options = options;
        this.faultSeed = faultSeed;
    }

    /** The sample app with its own settings, on its embedded DynamoDB Local. */
    static LocalApi sampleApp() {
        return sampleApp(UnaryOperator.identity());
    }

    /** The sample app with some local-mode options changed (the port is always a free one). */
    static LocalApi sampleApp(UnaryOperator<LocalMode.Options.Builder> options) {
        return new LocalApi(options, null);
    }

    /**
     * The sample app whose functions reach DynamoDB Local through the fault proxy; the proxy's faults are drawn from
     * {@code seed} and are off until a test turns them on.
     */
    static LocalApi behindFaultProxy(long seed, UnaryOperator<LocalMode.Options.Builder> options) {
        return new LocalApi(options, seed);
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        LocalMode.Options.Builder builder = LocalMode.Options.builder().port(0);
        if (faultSeed != null) {
            dynamoDb = LocalDynamoDb.server();
            // Faults off at start; only resets when a test sets a write fault rate, so the hold is never used.
            proxy = FaultProxy.start(dynamoDb.endpoint(), 0, 0, faultSeed, Duration.ofSeconds(1));
            builder.dynamoDbEndpoint(proxy.endpoint());
        }
        mode = LocalMode.start(options.apply(builder).build());
        api = new HttpApi(mode.baseUri(), mode.stageName());
    }

    @Override
    @SuppressWarnings("try") // the resources are only closed: tables' client, local mode, proxy, engine, in turn
    public void afterAll(ExtensionContext context) {
        try (LocalDynamoDb engine = dynamoDb; FaultProxy faults = proxy; LocalMode local = mode;
             LocalTables direct = tables) {
            // Nothing to do but close; null resources (not started, never opened) are skipped.
        }
    }

    /** The running local mode. */
    LocalMode mode() {
        return mode;
    }

    /** A client of the local API. */
    HttpApi api() {
        return api;
    }

    /** Direct, consistent reads of the local mode's tables; opened on first use. */
    synchronized LocalTables tables() {
        if (tables == null) {
            tables = new LocalTables(mode);
        }
        return tables;
    }

    /** The fault proxy in front of DynamoDB Local; only with {@link #behindFaultProxy}. */
    FaultProxy proxy() {
        if (proxy == null) {
            throw new IllegalStateException("this local API runs without a fault proxy; use behindFaultProxy");
        }
        return proxy;
    }
}
