package io.consistentcrud.runtime.http;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import io.consistentcrud.runtime.ConsistentStore;
import io.consistentcrud.runtime.client.DynamoDbClientFactory;
import io.consistentcrud.runtime.config.RuntimeConfiguration;
import io.consistentcrud.runtime.observability.EmfMetrics;
import io.consistentcrud.runtime.observability.EmfStoreMetrics;
import io.consistentcrud.runtime.observability.RequestLog;
import io.consistentcrud.runtime.observability.XRayDaemonAddress;
import io.consistentcrud.runtime.observability.XRaySubsegmentInterceptor;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import org.crac.Core;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClientBuilder;

/**
 * The Lambda entry point for API Gateway REST proxy events. It reads the environment once, in the constructor; the
 * handler and the store below it never do (the other readers are the audit consumer and {@code BoundStore}, each at
 * its own entry).
 *
 * <p>Handler string: {@code io.consistentcrud.runtime.http.LambdaEntry::handleRequest}. It registers a
 * SnapStart hook so that a SnapStart snapshot is taken primed, without connections or credentials, and compiles
 * the entities' item schemas on a background thread while it builds its DynamoDB client ({@link SchemaPriming}).
 */
public final class LambdaEntry implements RequestStreamHandler {
    /** System property the Lambda Java runtime sets to the invocation's X-Ray trace header. */
    public static final String TRACE_HEADER_PROPERTY = "com.amazonaws.xray.traceHeader";
    /** Environment variable of the trace header at initialisation. */
    public static final String TRACE_HEADER_ENV = "_X_AMZN_TRACE_ID";
    /** Environment variable of the X-Ray daemon's address. */
    public static final String XRAY_DAEMON_ENV = "AWS_XRAY_DAEMON_ADDRESS";
    /** Set by Lambda to the kind of init under way: on-demand, provisioned-concurrency or snap-start. */
    static final String INITIALIZATION_TYPE_ENV = "AWS_LAMBDA_INITIALIZATION_TYPE";
    private static final String ON_DEMAND_INIT = "on-demand";
    private static final String PROVISIONED_CONCURRENCY_INIT = "provisioned-concurrency";
    /** Time kept back from the invocation's remaining time, to answer before Lambda stops the function. */
    static final Duration ANSWER_RESERVE = Duration.ofMillis(200);

    private final RuntimeConfiguration config;
    private final Function<SdkHttpClient, DynamoDbClient> clientFactory;
    private final PrintStream out;
    private final Clock clock;
    private final SnapStartHook hook;
    private final boolean hookRegistered;
    private final Optional<Thread> schemaPriming;
    private volatile DynamoDbClient client;
    private volatile CrudHandler handler;

    /** Called by the Lambda runtime once per execution environment. */
    public LambdaEntry() {
        this(System.getenv());
    }

    /**
     * Builds the entry from an environment map, so that a local gateway can run it without touching the process
     * environment.
     *
     * @param environment the function's environment, as {@link System#getenv()} would give it
     */
    public LambdaEntry(Map<String, String> environment) {
        this(RuntimeConfiguration.fromEnvironment(environment), environment, System.out, Clock.systemUTC());
    }

    LambdaEntry(RuntimeConfiguration config, Map<String, String> environment, PrintStream out, Clock clock) {
        this.config = Objects.requireNonNull(config, "config");
        this.out = Objects.requireNonNull(out, "out");
        this.clock = Objects.requireNonNull(clock, "clock");
        // Started first, so that the validator's setup overlaps with the client's construction below.
        this.schemaPriming = SchemaPriming.startInBackground(config.entities().values());
        String initialTraceHeader = environment.get(TRACE_HEADER_ENV);
        XRaySubsegmentInterceptor tracing = new XRaySubsegmentInterceptor(
                () -> {
                    String live = System.getProperty(TRACE_HEADER_PROPERTY);
                    return live != null ? live : initialTraceHeader;
                },
                XRayDaemonAddress.parse(environment.get(XRAY_DAEMON_ENV)), clock);
        String region = environment.get("AWS_REGION");
        this.clientFactory = httpClient -> {
            DynamoDbClientBuilder builder = DynamoDbClientFactory.builder(config);
            if (httpClient != null) {
                builder.httpClientBuilder(null).httpClient(httpClient);
            }
            if (region != null && !region.isBlank()) {
                builder.region(Region.of(region));
            }
            builder.overrideConfiguration(builder.overrideConfiguration().toBuilder()
                    .addExecutionInterceptor(tracing).build());
            return builder.build();
        };
        open();
        this.hook = new SnapStartHook(this);
        this.hookRegistered = takesSnapshot(environment.get(INITIALIZATION_TYPE_ENV));
        if (hookRegistered) {
            Core.getGlobalContext().register(hook);
        }
    }

    /**
     * Whether this environment's init can end in a SnapStart snapshot, so that the CRaC resource must be registered.
     * Lambda names the init type; on-demand and provisioned-concurrency inits are never snapshotted, and registering
     * there only costs the cold path CRaC's class loading and method-handle setup (about 28 classes). An unknown or
     * missing type (outside Lambda, or a type added later) registers, because a missed priming is worse than that
     * cost.
     *
     * @param initializationType the value of {@value #INITIALIZATION_TYPE_ENV}, or null
     */
    static boolean takesSnapshot(String initializationType) {
        return initializationType == null
                || !(ON_DEMAND_INIT.equals(initializationType) || PROVISIONED_CONCURRENCY_INIT.equals(initializationType));
    }

    /** Whether the SnapStart resource was registered with CRaC at construction ({@link #takesSnapshot}). */
    boolean snapStartHookRegistered() {
        return hookRegistered;
    }

    /**
     * The thread compiling the item schemas, started at construction ({@link SchemaPriming}).
     *
     * @return the thread, or empty when no entity declares a schema
     */
    Optional<Thread> schemaPrimingThread() {
        return schemaPriming;
    }

    /** Builds a fresh client, store and handler; the previous client, if any, must be closed already. */
    void open() {
        openWith(null);
    }

    /** As {@link #open()}, on the given HTTP client (SnapStart priming), or on the shipped one when null. */
    void openWith(SdkHttpClient httpClient) {
        DynamoDbClient fresh = clientFactory.apply(httpClient);
        EmfMetrics emf = new EmfMetrics(config.metricsNamespace(), config.serviceName(), out::println, clock);
        ConsistentStore store = new ConsistentStore(fresh, config.storeOptions()
                .clock(clock).metrics(new EmfStoreMetrics(emf)).build());
        this.handler = new CrudHandler(config, store, HandlerOptions.builder()
                .clock(clock).requestLog(new RequestLog(out::println, clock)).build());
        this.client = fresh;
    }

    /** Closes the client: its connection pool and its credentials provider go with it. */
    void close() {
        DynamoDbClient current = client;
        client = null;
        if (current != null) {
            current.close();
        }
    }

    /** The current client; null while closed (between a checkpoint and its restore). */
    DynamoDbClient client() {
        return client;
    }

    /** The configuration read at construction. */
    RuntimeConfiguration configuration() {
        return config;
    }

    /** The current handler; replaced after a SnapStart restore. */
    CrudHandler handler() {
        return handler;
    }

    /** The resource registered with CRaC. */
    SnapStartHook snapStartHook() {
        return hook;
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        ProxyRequest request;
        try {
            request = ProxyRequest.fromEvent(JsonNode.parser().parse(input));
        } catch (UncheckedIOException | IllegalArgumentException | UnsupportedOperationException e) {
            // Not an API Gateway event at all: the gateway never sends one, so this is a wiring mistake.
            output.write(Problem.of(ProblemType.INVALID_BODY, "the event is not an API Gateway proxy event")
                    .toResponse().toEventJson());
            return;
        }
        Instant now = clock.instant();
        Instant deadline = context == null ? now.plus(config.callTimeout())
                : now.plusMillis(context.getRemainingTimeInMillis()).minus(ANSWER_RESERVE);
        output.write(handle(request, deadline).toEventJson());
    }

    /**
     * Handles one parsed request; used by {@link #handleRequest} and by a local gateway.
     *
     * @param request the parsed proxy request
     * @param deadline no DynamoDB call may run past this instant
     * @return the response; never null
     */
    public ProxyResponse handle(ProxyRequest request, Instant deadline) {
        return handler.handle(request, deadline);
    }
}
