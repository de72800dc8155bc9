package io.consistentcrud.sample.local;

import io.consistentcrud.runtime.config.RuntimeConfiguration;
import io.consistentcrud.sample.SampleApp;
import io.consistentcrud.sample.SampleStack;
import io.consistentcrud.testing.LocalDynamoDb;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.logging.Logger;
import software.amazon.awscdk.App;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.assertions.Template;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The sample API on localhost: the same handler, configured by the same environment the construct sets, behind a
 * local stand-in for API Gateway that enforces the same integration timeout, on DynamoDB Local or any other
 * DynamoDB endpoint.
 *
 * <p>Start-up synthesizes {@link SampleStack} in process (no CDK CLI), reads the template, creates its tables where
 * missing, and serves the API's resources and methods on {@code http://127.0.0.1:<port>}.
 *
 * <pre>{@code
 * try (LocalMode api = LocalMode.start(LocalMode.Options.builder().port(0).build())) {
 *     URI base = api.baseUri();   // POST base.resolve("/users") ...
 * }
 * }</pre>
 *
 * <p>From the command line: {@code java -jar consistentcrud-sample-app-<version>-local.jar --port 8080}; see
 * {@code docs/local-mode.md}.
 */
public final class LocalMode implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(LocalMode.class.getName());
    /** The one dummy credential set of local mode; no AWS account is ever reached. */
    public static final String LOCAL_ACCESS_KEY = "local";
    /** Where the local mode serves the API's OpenAPI document, beside the API's own paths (an entity name has no dot). */
    public static final String OPENAPI_PATH = "/openapi.json";
    /** The caller reported to the function when none is configured. */
    public static final String DEFAULT_CALLER_ARN =
            "arn:aws:iam::" + TemplateValues.LOCAL_ACCOUNT + ":user/local-developer";

    private final LocalDynamoDb embedded;
    private final URI dynamoDbEndpoint;
    private final Map<String, LocalFunction> functions;
    private final LocalGateway gateway;
    private final Map<String, String> environment;

    private LocalMode(LocalDynamoDb embedded, URI dynamoDbEndpoint, Map<String, LocalFunction> functions,
                      LocalGateway gateway, Map<String, String> environment) {
        this.embedded = embedded;
        this.dynamoDbEndpoint = dynamoDbEndpoint;
        this.functions = functions;
        this.gateway = gateway;
        this.environment = Collections.unmodifiableMap(new LinkedHashMap<>(environment));
    }

    /** Starts DynamoDB Local (unless an endpoint is given), the tables, the function and the gateway. */
    public static LocalMode start(Options options) {
        CompletableFuture<LocalDynamoDb> engine = options.dynamoDbEndpoint == null
                ? CompletableFuture.supplyAsync(LocalDynamoDb::sharedServer) : CompletableFuture.completedFuture(null);
        Map<String, LocalFunction> functions = new LinkedHashMap<>();
        try {
            // Synthesis and the engine's start are the two slow steps; they overlap.
            Synthesized synthesized = synthesize();
            ApiTemplate api = ApiTemplate.parse(synthesized.template(), SampleApp.STACK_NAME);
            LocalDynamoDb embedded = engine.get();
            URI endpoint = embedded != null ? embedded.endpoint() : options.dynamoDbEndpoint;
            try (DynamoDbClient client = client(endpoint)) {
                List<String> created = new TableProvisioner(client).provision(api.tables());
                LOG.info(() -> "tables created on " + endpoint + ": " + created);
            }
            Map<String, String> firstEnvironment = null;
            for (ApiTemplate.FunctionSpec spec : api.functions().values()) {
                Map<String, String> env = environment(spec, endpoint, options.environmentOverrides);
                functions.put(spec.logicalId(), new LocalFunction(spec, env, options.coldStartMs));
                if (firstEnvironment == null) {
                    firstEnvironment = env;
                }
            }
            LocalGateway gateway = new LocalGateway(api, functions, options.integrationTimeoutMs, options.callerArn,
                    options.port, RequestValidators.of(synthesized.template()), synthesized.openApiDocument());
            gateway.start();
            return new LocalMode(embedded, endpoint, functions, gateway, firstEnvironment);
        } catch (IOException e) {
            abandon(engine, functions);
            throw new UncheckedIOException("the local gateway cannot listen on 127.0.0.1:" + options.port, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            abandon(engine, functions);
            throw new IllegalStateException("interrupted while starting", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("DynamoDB Local did not start", e.getCause());
        } catch (RuntimeException e) {
            abandon(engine, functions);
            throw e;
        }
    }

    /** Releases what a failed start had started, including an engine that is still starting. */
    private static void abandon(CompletableFuture<LocalDynamoDb> engine, Map<String, LocalFunction> functions) {
        functions.values().forEach(LocalFunction::close);
        engine.thenAccept(e -> {
            if (e != null) {
                e.close();
            }
        });
    }

    /** The sample stack's template and its API's OpenAPI document. */
    private record Synthesized(Map<String, Object> template, String openApiDocument) {
    }

    private static Synthesized synthesize() {
        App app = new App();
        SampleStack stack = new SampleStack(app, SampleApp.STACK_NAME, StackProps.builder().build());
        return new Synthesized(Template.fromStack(stack).toJSON(), stack.getApi().openApiDocument());
    }

    /** The function's environment as Lambda would set it, pointed at the local endpoint. */
    private static Map<String, String> environment(ApiTemplate.FunctionSpec spec, URI endpoint,
                                                   Map<String, String> overrides) {
        Map<String, String> env = new LinkedHashMap<>(spec.environment());
        // What the Lambda service itself sets; credentials are the local dummy ones.
        env.put("AWS_REGION", TemplateValues.LOCAL_REGION);
        env.put("AWS_DEFAULT_REGION", TemplateValues.LOCAL_REGION);
        env.put("AWS_ACCESS_KEY_ID", LOCAL_ACCESS_KEY);
        env.put("AWS_SECRET_ACCESS_KEY", LOCAL_ACCESS_KEY);
        env.put("AWS_LAMBDA_FUNCTION_NAME", spec.functionName());
        env.put("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", Integer.toString(spec.memoryMb()));
        env.put("AWS_LAMBDA_FUNCTION_VERSION", "$LATEST");
        // No X-Ray daemon runs locally: a missing trace context is expected, not an error.
        env.put("AWS_XRAY_CONTEXT_MISSING", "IGNORE_ERROR");
        env.put(RuntimeConfiguration.ENV_DYNAMODB_ENDPOINT, endpoint.toString());
        env.putAll(overrides);
        return env;
    }

    private static DynamoDbClient client(URI endpoint) {
        return DynamoDbClient.builder()
                .endpointOverride(endpoint)
                .region(Region.of(TemplateValues.LOCAL_REGION))
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(LOCAL_ACCESS_KEY, LOCAL_ACCESS_KEY)))
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .build();
    }

    /** The API's base URL, {@code http://127.0.0.1:<port>}. */
    public URI baseUri() {
        return gateway.baseUri();
    }

    /** The API's stage: every path is served bare and under this prefix ({@code /prod/users}), as on API Gateway. */
    public String stageName() {
        return gateway.stageName();
    }

    /** The DynamoDB endpoint the function uses. */
    public URI dynamoDbEndpoint() {
        return dynamoDbEndpoint;
    }

    /** The environment the API's function runs with: the template's, resolved to local table names. */
    public Map<String, String> environment() {
        return environment;
    }

    /**
     * How many invocations the gateway sent the functions so far, warm or cold: a request the gateway answers itself
     * (a refused body, a path no method serves) leaves it unchanged.
     */
    public int invocations() {
        return functions.values().stream().mapToInt(LocalFunction::invocations).sum();
    }

    /** How many execution environments (cold starts) the functions have had. */
    public int coldStarts() {
        return functions.values().stream().mapToInt(LocalFunction::coldStarts).sum();
    }

    /**
     * Waits until no invocation runs, including those the gateway already answered 504 for.
     *
     * @throws IllegalStateException when invocations still run after {@code timeout}
     */
    public void awaitIdle(java.time.Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (functions.values().stream().anyMatch(f -> f.inFlight() > 0)) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("invocations still running after " + timeout);
            }
            Thread.sleep(20);
        }
    }

    /** Stops the gateway, the functions and the embedded engine (its in-memory data is gone). */
    @Override
    public void close() {
        gateway.close();
        close(embedded, functions);
    }

    private static void close(LocalDynamoDb embedded, Map<String, LocalFunction> functions) {
        functions.values().forEach(LocalFunction::close);
        if (embedded != null) {
            embedded.close();
        }
    }

    /**
     * Runs the local mode until the process is stopped. Standard output carries exactly one line, the base URL, once
     * the API is ready; everything else goes to standard error.
     */
    public static void main(String[] args) throws InterruptedException {
        PrintStream stdout = System.out;
        System.setOut(System.err);
        // One line per log record, before the first logger reads the format.
        System.setProperty("java.util.logging.SimpleFormatter.format", "%1$tFT%1$tT.%1$tLZ %4$s %3$s: %5$s%6$s%n");
        if (java.util.Arrays.asList(args).contains("--help") || java.util.Arrays.asList(args).contains("-h")) {
            System.err.println("ConsistentCrudApi sample, local mode (docs/local-mode.md)");
            System.err.println(Options.USAGE);
            return;
        }
        Options options;
        try {
            options = Options.fromArgs(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.println(Options.USAGE);
            System.exit(2);
            return;
        }
        // The SDK's default chains of the handler read these first: never a real account, never a real region.
        System.setProperty("aws.region", TemplateValues.LOCAL_REGION);
        System.setProperty("aws.accessKeyId", LOCAL_ACCESS_KEY);
        System.setProperty("aws.secretAccessKey", LOCAL_ACCESS_KEY);
        long started = System.nanoTime();
        LocalMode mode;
        try {
            mode = start(options);
        } catch (RuntimeException e) {
            // jsii's node process and DynamoDB Local keep non-daemon threads: exit explicitly.
            LOG.log(java.util.logging.Level.SEVERE, "the local mode did not start", e);
            System.exit(1);
            return;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            mode.close();
            stopped.countDown();
        }, "local-mode-shutdown"));
        LOG.info(() -> "ready in " + (System.nanoTime() - started) / 1_000_000 + " ms; DynamoDB at "
                + mode.dynamoDbEndpoint());
        stdout.println(mode.baseUri());
        stdout.flush();
        stopped.await();
    }

    /** Options of the local mode; every one has a command-line flag. */
    public static final class Options {
        static final String USAGE = "usage: java -jar <local jar> [--port N] [--dynamodb-endpoint URL] "
                + "[--integration-timeout-ms M] [--cold-start-ms M] [--caller-arn ARN] [--env NAME=VALUE]...";

        private final int port;
        private final URI dynamoDbEndpoint;
        private final Integer integrationTimeoutMs;
        private final String callerArn;
        private final Map<String, String> environmentOverrides;
        private final int coldStartMs;

        private Options(Builder b) {
            this.coldStartMs = b.coldStartMs;
            this.port = b.port;
            this.dynamoDbEndpoint = b.dynamoDbEndpoint;
            this.integrationTimeoutMs = b.integrationTimeoutMs;
            this.callerArn = b.callerArn;
            this.environmentOverrides = Collections.unmodifiableMap(new LinkedHashMap<>(b.environmentOverrides));
        }

        /** A builder with every option at its default. */
        public static Builder builder() {
            return new Builder();
        }

        /** Parses the command line; an unknown flag or a bad value throws naming it. */
        public static Options fromArgs(String[] args) {
            Builder b = builder();
            for (int i = 0; i < args.length; i++) {
                String flag = args[i];
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException(flag + " needs a value");
                }
                String value = args[++i];
                switch (flag) {
                    case "--port" -> b.port(parseInt(flag, value, 0, 65_535));
                    case "--dynamodb-endpoint" -> b.dynamoDbEndpoint(parseUri(flag, value));
                    case "--integration-timeout-ms" -> b.integrationTimeoutMs(parseInt(flag, value, 50, 900_000));
                    case "--caller-arn" -> b.callerArn(value);
                    case "--cold-start-ms" -> b.coldStartMs(parseInt(flag, value, 0, 600_000));
                    case "--env" -> {
                        int eq = value.indexOf('=');
                        if (eq <= 0) {
                            throw new IllegalArgumentException("--env takes NAME=VALUE, got '" + value + "'");
                        }
                        b.environment(value.substring(0, eq), value.substring(eq + 1));
                    }
                    default -> throw new IllegalArgumentException("unknown option " + flag);
                }
            }
            return b.build();
        }

        private static int parseInt(String flag, String value, int min, int max) {
            try {
                int n = Integer.parseInt(value);
                if (n < min || n > max) {
                    throw new IllegalArgumentException(flag + " must be between " + min + " and " + max + ", got " + n);
                }
                return n;
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(flag + " must be a number, got '" + value + "'", e);
            }
        }

        private static URI parseUri(String flag, String value) {
            try {
                URI uri = URI.create(value);
                if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())) {
                    throw new IllegalArgumentException(flag + " must be an http(s) URL, got '" + value + "'");
                }
                return uri;
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(flag + " must be an http(s) URL, got '" + value + "'", e);
            }
        }

        /** Builder of {@link Options}. */
        public static final class Builder {
            private int port = 8080;
            private URI dynamoDbEndpoint;
            private Integer integrationTimeoutMs;
            private String callerArn = DEFAULT_CALLER_ARN;
            private final Map<String, String> environmentOverrides = new LinkedHashMap<>();
            private int coldStartMs;

            private Builder() {
            }

            /** The loopback port to serve on; 0 picks a free one. @default 8080 */
            public Builder port(int port) {
                this.port = port;
                return this;
            }

            /** A DynamoDB endpoint to use instead of the embedded DynamoDB Local. @default - embedded, in memory */
            public Builder dynamoDbEndpoint(URI endpoint) {
                this.dynamoDbEndpoint = endpoint;
                return this;
            }

            /** The integration timeout of every method. @default - each method's TimeoutInMillis, else 29000 */
            public Builder integrationTimeoutMs(Integer timeoutMs) {
                this.integrationTimeoutMs = timeoutMs;
                return this;
            }

            /** The caller in {@code requestContext.identity.userArn}. @default {@link #DEFAULT_CALLER_ARN} */
            public Builder callerArn(String callerArn) {
                this.callerArn = Objects.requireNonNull(callerArn, "callerArn");
                return this;
            }

            /**
             * Overrides one variable of the function's environment, e.g. {@code CCA_MAX_ATTEMPTS}.
             * @default - the template's environment, unchanged
             */
            public Builder environment(String name, String value) {
                environmentOverrides.put(Objects.requireNonNull(name), Objects.requireNonNull(value));
                return this;
            }

            /**
             * Extra initialization time of each new execution environment, to replay a Lambda cold start (a Java
             * function without SnapStart takes seconds); it counts against the integration timeout.
             * @default 0
             */
            public Builder coldStartMs(int coldStartMs) {
                this.coldStartMs = coldStartMs;
                return this;
            }

            /** The options as set. */
            public Options build() {
                return new Options(this);
            }
        }
    }
}
