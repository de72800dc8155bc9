package io.consistentcrud.testing;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * The Lambda {@link Context} of one invocation outside Lambda: a fresh request id, the time left until a deadline,
 * the function's name, version, ARN and memory, and a logger that writes to standard error (where Lambda's logger
 * writes to the function's log). Lambda's identity and client context are absent, as for an API Gateway invocation.
 *
 * <p>The one such context of the build: your tests, the sample app's local mode, the benchmarks and the runtime's
 * tests use it: {@code InvocationContext.builder().remaining(Duration.ofSeconds(10)).build()}.
 */
public final class InvocationContext implements Context {
    private final String requestId;
    private final String functionName;
    private final String functionVersion;
    private final String invokedFunctionArn;
    private final int memoryLimitMb;
    private final Instant deadline;
    private final Clock clock;

    private InvocationContext(Builder b) {
        this.requestId = b.requestId != null ? b.requestId : UUID.randomUUID().toString();
        this.functionName = Objects.requireNonNull(b.functionName, "functionName");
        this.functionVersion = Objects.requireNonNull(b.functionVersion, "functionVersion");
        this.invokedFunctionArn = b.invokedFunctionArn != null ? b.invokedFunctionArn
                : "arn:aws:lambda:us-east-1:000000000000:function:" + functionName;
        this.memoryLimitMb = b.memoryLimitMb;
        this.clock = Objects.requireNonNull(b.clock, "clock");
        this.deadline = Objects.requireNonNull(b.deadline, "deadline (or remaining)");
    }

    /**
     * A builder; the deadline ({@link Builder#deadline} or {@link Builder#remaining}) is required.
     *
     * @return a builder
     */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public String getAwsRequestId() {
        return requestId;
    }

    @Override
    public String getLogGroupName() {
        return "/aws/lambda/" + functionName;
    }

    @Override
    public String getLogStreamName() {
        return "local";
    }

    @Override
    public String getFunctionName() {
        return functionName;
    }

    @Override
    public String getFunctionVersion() {
        return functionVersion;
    }

    @Override
    public String getInvokedFunctionArn() {
        return invokedFunctionArn;
    }

    @Override
    public CognitoIdentity getIdentity() {
        return null;
    }

    @Override
    public ClientContext getClientContext() {
        return null;
    }

    /**
     * The time left until the deadline, never negative; it shrinks as the invocation runs, as in Lambda.
     *
     * @return the time left until the deadline, never negative
     */
    @Override
    public int getRemainingTimeInMillis() {
        return (int) Math.max(0, Math.min(Integer.MAX_VALUE, deadline.toEpochMilli() - clock.millis()));
    }

    @Override
    public int getMemoryLimitInMB() {
        return memoryLimitMb;
    }

    @Override
    public LambdaLogger getLogger() {
        return StderrLogger.INSTANCE;
    }

    /** Lambda's logger writes to the function's log; outside Lambda that is standard error. */
    private enum StderrLogger implements LambdaLogger {
        INSTANCE;

        @Override
        public void log(String message) {
            System.err.print(message);
        }

        @Override
        public void log(byte[] message) {
            System.err.print(new String(message, StandardCharsets.UTF_8));
        }
    }

    /** Builder of {@link InvocationContext}. */
    public static final class Builder {
        private String requestId;
        private String functionName = "local";
        private String functionVersion = "$LATEST";
        private String invokedFunctionArn;
        private int memoryLimitMb = 512;
        private Instant deadline;
        private Clock clock = Clock.systemUTC();

        private Builder() {
        }

        /**
         * Sets the invocation's request id; default - a random UUID.
         *
         * @param requestId the invocation's request id; default - a random UUID
         * @return this builder
         */
        public Builder requestId(String requestId) {
            this.requestId = requestId;
            return this;
        }

        /**
         * Sets the function's name; default "local".
         *
         * @param functionName the function's name; default "local"
         * @return this builder
         */
        public Builder functionName(String functionName) {
            this.functionName = functionName;
            return this;
        }

        /**
         * Sets the function's version; default "$LATEST".
         *
         * @param functionVersion the function's version; default "$LATEST"
         * @return this builder
         */
        public Builder functionVersion(String functionVersion) {
            this.functionVersion = functionVersion;
            return this;
        }

        /**
         * Sets the ARN invoked; default - the function's name in us-east-1, account 0.
         *
         * @param invokedFunctionArn the ARN invoked; default - the function's name in us-east-1, account 0
         * @return this builder
         */
        public Builder invokedFunctionArn(String invokedFunctionArn) {
            this.invokedFunctionArn = invokedFunctionArn;
            return this;
        }

        /**
         * Sets the function's memory, MB; default 512.
         *
         * @param memoryLimitMb the function's memory, MB; default 512
         * @return this builder
         */
        public Builder memoryLimitMb(int memoryLimitMb) {
            this.memoryLimitMb = memoryLimitMb;
            return this;
        }

        /**
         * Sets when the invocation times out.
         *
         * @param deadline when the invocation times out
         * @return this builder
         */
        public Builder deadline(Instant deadline) {
            this.deadline = deadline;
            return this;
        }

        /**
         * Sets the time left from now (by the clock) until the invocation times out.
         *
         * @param remaining the time left from now (by the clock) until the invocation times out
         * @return this builder
         */
        public Builder remaining(Duration remaining) {
            this.deadline = Instant.ofEpochMilli(clock.millis()).plus(remaining);
            return this;
        }

        /**
         * Sets the clock the remaining time is measured by; default the system clock.
         *
         * @param clock the clock the remaining time is measured by; default the system clock
         * @return this builder
         */
        public Builder clock(Clock clock) {
            this.clock = clock;
            return this;
        }

        /**
         * Builds the context.
         *
         * @return builds the context
         */
        public InvocationContext build() {
            return new InvocationContext(this);
        }
    }
}
