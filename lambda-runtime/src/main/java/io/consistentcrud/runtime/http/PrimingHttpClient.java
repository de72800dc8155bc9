package io.consistentcrud.runtime.http;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.http.AbortableInputStream;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpResponse;

/**
 * The HTTP client of SnapStart priming: it answers every request with {@code 200 {}} and opens no socket. To
 * DynamoDB's JSON protocol {@code {}} is a GetItem that found no item, so a priming GET runs the whole request path,
 * the SDK's marshalling, signing and unmarshalling included, and answers 404, whatever its key: no table is read,
 * no IAM permission is used and no key has to be reserved for priming.
 *
 * <p>The SDK ships such a client for its own {@code SdkWarmUp}, but as a protected API (not for applications); this
 * one is the public {@link SdkHttpClient} interface and a dozen lines.
 */
final class PrimingHttpClient implements SdkHttpClient {
    private static final byte[] EMPTY_OBJECT = "{}".getBytes(StandardCharsets.UTF_8);
    private final AtomicInteger requests = new AtomicInteger();

    @Override
    public ExecutableHttpRequest prepareRequest(HttpExecuteRequest request) {
        return new ExecutableHttpRequest() {
            @Override
            public HttpExecuteResponse call() {
                requests.incrementAndGet();
                return HttpExecuteResponse.builder()
                        .response(SdkHttpResponse.builder().statusCode(200)
                                .putHeader("Content-Type", "application/x-amz-json-1.0")
                                .putHeader("Content-Length", Integer.toString(EMPTY_OBJECT.length))
                                .build())
                        .responseBody(AbortableInputStream.create(new ByteArrayInputStream(EMPTY_OBJECT)))
                        .build();
            }

            @Override
            public void abort() {
                // Nothing in flight: the answer is in memory.
            }
        };
    }

    /** How many requests priming sent (none of them left the process). */
    int requests() {
        return requests.get();
    }

    @Override
    public String clientName() {
        return "SnapStartPriming";
    }

    @Override
    public void close() {
        // No connection, no thread.
    }
}
