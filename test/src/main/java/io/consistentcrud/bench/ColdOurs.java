package io.consistentcrud.bench;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import io.consistentcrud.runtime.http.LambdaEntry;
import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * The cold-path run of our handler, apart from {@link ColdLaunch} so that the floor's JVM, which has no Lambda
 * library on its class path, never has to load or verify the Lambda types.
 */
final class ColdOurs {
    private ColdOurs() {
    }

    static void run(String id) throws Exception {
        run(new LambdaEntry(), id);
    }

    /**
     * As SnapStart runs it: init (the handler's construction), then the CRaC resource it registered,
     * {@code beforeCheckpoint} (priming) and {@code afterRestore}; {@link ColdLaunch#RESTORED} marks the restore, then
     * the two requests. The resource is reached by reflection ({@code LambdaEntry.snapStartHook()}, package-private
     * in every runtime version): CRaC's global context refuses to be called outside a real checkpoint.
     */
    static void runRestored(String id) throws Exception {
        LambdaEntry handler = new LambdaEntry();
        java.lang.reflect.Method hookOf = LambdaEntry.class.getDeclaredMethod("snapStartHook");
        hookOf.setAccessible(true);
        org.crac.Resource hook = (org.crac.Resource) hookOf.invoke(handler);
        hook.beforeCheckpoint(null);
        hook.afterRestore(null);
        ColdLaunch.restored();
        run(handler, id);
    }

    private static void run(RequestStreamHandler handler, String id) throws Exception {
        String put = "{\"httpMethod\":\"PUT\",\"resource\":\"/items/{id}\",\"path\":\"/items/" + id + "\","
                + "\"pathParameters\":{\"id\":\"" + id + "\"},\"headers\":{\"If-None-Match\":\"*\","
                + "\"Content-Type\":\"application/json\"},\"body\":\"{\\\"name\\\":\\\"cold\\\"}\","
                + "\"isBase64Encoded\":false,\"requestContext\":{\"requestId\":\"" + UUID.randomUUID() + "\"}}";
        expect(invoke(handler, put), "\"statusCode\":201");
        String get = "{\"httpMethod\":\"GET\",\"resource\":\"/items/{id}\",\"path\":\"/items/" + id + "\","
                + "\"pathParameters\":{\"id\":\"" + id + "\"},\"headers\":{},\"body\":null,"
                + "\"isBase64Encoded\":false,\"requestContext\":{\"requestId\":\"" + UUID.randomUUID() + "\"}}";
        expect(invoke(handler, get), "\"statusCode\":200");
    }

    private static String invoke(RequestStreamHandler handler, String event) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] bytes = event.getBytes(StandardCharsets.UTF_8);
        handler.handleRequest(new ByteArrayInputStream(bytes), out, benchContext());
        return out.toString(StandardCharsets.UTF_8);
    }

    private static void expect(String response, String fragment) {
        if (!response.replace(" ", "").contains(fragment)) {
            throw new IllegalStateException("unexpected answer " + response);
        }
    }

    /**
     * The Lambda context of a local invocation: 30 s left, a fresh request id. Written here, not taken from the test
     * kit's {@code InvocationContext}: the cold-path JVM holds only the launcher and the runtime jar under test, as
     * Lambda does, and the kit is no part of it.
     */
    static Context benchContext() {
        return new BenchContext(UUID.randomUUID().toString(), System.currentTimeMillis() + 30_000);
    }

    private record BenchContext(String requestId, long deadlineMillis) implements Context {
        @Override
        public String getAwsRequestId() {
            return requestId;
        }

        @Override
        public String getLogGroupName() {
            return "/aws/lambda/bench";
        }

        @Override
        public String getLogStreamName() {
            return "bench";
        }

        @Override
        public String getFunctionName() {
            return "bench";
        }

        @Override
        public String getFunctionVersion() {
            return "$LATEST";
        }

        @Override
        public String getInvokedFunctionArn() {
            return "arn:aws:lambda:us-east-1:000000000000:function:bench";
        }

        @Override
        public CognitoIdentity getIdentity() {
            return null;
        }

        @Override
        public ClientContext getClientContext() {
            return null;
        }

        @Override
        public int getRemainingTimeInMillis() {
            return (int) Math.max(0, deadlineMillis - System.currentTimeMillis());
        }

        @Override
        public int getMemoryLimitInMB() {
            return 1024;
        }

        @Override
        public LambdaLogger getLogger() {
            return new LambdaLogger() {
                @Override
                public void log(String message) {
                    System.err.print(message);
                }

                @Override
                public void log(byte[] message) {
                    System.err.write(message, 0, message.length);
                }
            };
        }
    }
}
