package io.consistentcrud.bench;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import io.consistentcrud.runtime.http.LambdaEntry;
import io.consistentcrud.testing.InvocationContext;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
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

    /** The Lambda context of a local invocation: 30 s left, a fresh request id. */
    static Context benchContext() {
        return InvocationContext.builder().functionName("bench").memoryLimitMb(1024)
                .invokedFunctionArn("arn:aws:lambda:us-east-1:000000000000:function:bench")
                .remaining(Duration.ofSeconds(30)).build();
    }
}
