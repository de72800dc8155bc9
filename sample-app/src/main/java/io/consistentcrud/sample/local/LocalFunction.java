package io.consistentcrud.sample.local;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import io.consistentcrud.testing.InvocationContext;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One Lambda function of the template, run in this JVM as Lambda runs it: each concurrent invocation gets its own
 * execution environment (a handler instance built from the function's environment), environments are reused when
 * idle, and a new one is a cold start that counts against the caller's time, as in Lambda.
 *
 * <p>The handler named in the template must implement {@link RequestStreamHandler} and have a public constructor
 * taking the environment as a {@code Map<String, String>}: the local mode never touches this JVM's own environment.
 */
final class LocalFunction implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(LocalFunction.class.getName());

    /** Why an invocation failed; the gateway maps each to the status API Gateway would answer. */
    enum Failure { ERROR, TIMEOUT }

    /** The outcome of an invocation: the handler's output, or a failure. */
    record Outcome(byte[] output, Failure failure, String detail) {
        static Outcome of(byte[] output) {
            return new Outcome(output, null, null);
        }

        static Outcome failed(Failure failure, String detail) {
            return new Outcome(null, failure, detail);
        }
    }

    private final ApiTemplate.FunctionSpec spec;
    private final Map<String, String> environment;
    private final Constructor<? extends RequestStreamHandler> constructor;
    private final ConcurrentLinkedDeque<RequestStreamHandler> idle = new ConcurrentLinkedDeque<>();
    private final ExecutorService invocations;
    private final ScheduledExecutorService timers;
    private final AtomicInteger coldStarts = new AtomicInteger();
    private final AtomicInteger invocationCount = new AtomicInteger();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final int coldStartMs;

    /**
     * @param coldStartMs extra time each new execution environment takes to initialize, on top of the handler's own
     *                    construction: Lambda's JVM start and class loading, which a warm local JVM does not pay
     */
    LocalFunction(ApiTemplate.FunctionSpec spec, Map<String, String> environment, int coldStartMs) {
        this.spec = Objects.requireNonNull(spec);
        this.coldStartMs = coldStartMs;
        this.environment = Collections.unmodifiableMap(new LinkedHashMap<>(environment));
        this.constructor = handlerConstructor(spec.handler());
        AtomicInteger threads = new AtomicInteger();
        this.invocations = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, spec.functionName() + "-invocation-" + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        this.timers = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, spec.functionName() + "-timeout");
            t.setDaemon(true);
            return t;
        });
    }

    @SuppressWarnings("unchecked")
    private static Constructor<? extends RequestStreamHandler> handlerConstructor(String handler) {
        String className = handler.contains("::") ? handler.substring(0, handler.indexOf("::")) : handler;
        try {
            Class<?> type = Class.forName(className);
            if (!RequestStreamHandler.class.isAssignableFrom(type)) {
                throw new IllegalStateException("handler " + className + " does not implement RequestStreamHandler");
            }
            return (Constructor<? extends RequestStreamHandler>) type.getConstructor(Map.class);
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("handler class " + className + " of the template is not on the class path", e);
        } catch (NoSuchMethodException e) {
            throw new IllegalStateException("handler class " + className + " has no public constructor taking the "
                    + "environment as a Map<String, String>; the local mode needs one", e);
        }
    }

    /**
     * Invokes the function with an event. The answer completes with the handler's output, with
     * {@link Failure#ERROR} when the handler throws, or with {@link Failure#TIMEOUT} at the function timeout; in the
     * last case the handler is not stopped (a JVM cannot stop it safely) and its environment is discarded.
     */
    CompletableFuture<Outcome> invoke(byte[] event) {
        CompletableFuture<Outcome> answer = new CompletableFuture<>();
        invocationCount.incrementAndGet();
        inFlight.incrementAndGet();
        invocations.execute(() -> {
            try {
                run(event, answer);
            } finally {
                inFlight.decrementAndGet();
            }
        });
        return answer;
    }

    private void run(byte[] event, CompletableFuture<Outcome> answer) {
        RequestStreamHandler handler;
        try {
            handler = idle.pollFirst();
            if (handler == null) {
                coldStarts.incrementAndGet();
                handler = constructor.newInstance(environment);
                // Init time counts against the gateway's timeout, not against the function's (as in Lambda).
                Thread.sleep(coldStartMs);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            answer.complete(Outcome.failed(Failure.ERROR, "init interrupted"));
            return;
        } catch (InvocationTargetException e) {
            LOG.log(Level.SEVERE, spec.functionName() + ": init failed", e.getCause());
            answer.complete(Outcome.failed(Failure.ERROR, "init failed: " + e.getCause()));
            return;
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.log(Level.SEVERE, spec.functionName() + ": init failed", e);
            answer.complete(Outcome.failed(Failure.ERROR, "init failed: " + e));
            return;
        }
        long deadline = System.currentTimeMillis() + spec.timeoutSeconds() * 1000L;
        var timeout = timers.schedule(() -> answer.complete(Outcome.failed(Failure.TIMEOUT,
                "Task timed out after " + spec.timeoutSeconds() + " seconds")), spec.timeoutSeconds(), TimeUnit.SECONDS);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            handler.handleRequest(new ByteArrayInputStream(event), out, InvocationContext.builder()
                    .functionName(spec.functionName())
                    .invokedFunctionArn("arn:aws:lambda:" + TemplateValues.LOCAL_REGION + ":"
                            + TemplateValues.LOCAL_ACCOUNT + ":function:" + spec.functionName())
                    .memoryLimitMb(spec.memoryMb())
                    .deadline(Instant.ofEpochMilli(deadline)).build());
            timeout.cancel(false);
            if (answer.complete(Outcome.of(out.toByteArray()))) {
                idle.offerFirst(handler);
            }
        } catch (Exception | Error e) {
            timeout.cancel(false);
            LOG.log(Level.SEVERE, spec.functionName() + ": invocation failed", e);
            answer.complete(Outcome.failed(Failure.ERROR, e.getClass().getName()));
        }
    }

    /** Invocations still running, including those the gateway already answered 504 for. */
    int inFlight() {
        return inFlight.get();
    }

    /** How many invocations the function was sent so far, cold or warm, whatever their outcome. */
    int invocations() {
        return invocationCount.get();
    }

    /** How many execution environments were created so far. */
    int coldStarts() {
        return coldStarts.get();
    }

    ApiTemplate.FunctionSpec spec() {
        return spec;
    }

    @Override
    public void close() {
        invocations.shutdownNow();
        timers.shutdownNow();
    }
}
