package io.consistentcrud.runtime.client;

import io.consistentcrud.runtime.config.RuntimeConfiguration;
import io.consistentcrud.runtime.internal.AttemptCountingInterceptor;
import java.net.URI;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.retries.api.RetryStrategy;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClientBuilder;

/**
 * Builds the {@link DynamoDbClient} the runtime uses inside Lambda: the HTTP client we ship, the attempt timeout,
 * call timeout and attempt count of the checked timeout budget (G7), the retry strategy of
 * {@link #retryStrategy(RuntimeConfiguration)}, and the interceptor that counts SDK retries.
 */
public final class DynamoDbClientFactory {
    private DynamoDbClientFactory() {
    }

    /**
     * A client configured from the runtime configuration; region and credentials come from the default chains.
     *
     * @param config the runtime configuration: timeouts, attempts and endpoint
     * @return a new client; the caller closes it
     */
    public static DynamoDbClient create(RuntimeConfiguration config) {
        return builder(config).build();
    }

    /**
     * The configured builder, for callers that must set region or credentials themselves (local mode, tests).
     *
     * @param config the runtime configuration: timeouts, attempts and endpoint
     * @return a builder with the configuration applied and region and credentials not set
     */
    public static DynamoDbClientBuilder builder(RuntimeConfiguration config) {
        return builder(config, retryStrategy(config));
    }

    /**
     * The SDK's standard retry strategy (exponential backoff with jitter: 100 ms base, 1 s for throttling, 20 s at
     * most) with the configured number of attempts, and without its retry token bucket.
     *
     * <p>The bucket (500 tokens per client, 5 per retry, given back when the retried call succeeds) is there to
     * stop a client from multiplying its load on a failing service. In Lambda a client serves one request at a
     * time: a burst of about 50 calls that lose every answer empties it, and until successes have slowly refilled
     * it no lost answer of that warm container is retried at all. The runtime's own limits take its place: a few
     * attempts per call, and the store's re-sends of safe requests, which pause up to 1 s between sends and stop
     * at the invocation's deadline ({@code docs/runtime.md}).
     *
     * @param config the runtime configuration, whose {@code maxAttempts} it uses
     * @return the retry strategy
     */
    public static RetryStrategy retryStrategy(RuntimeConfiguration config) {
        return AwsRetryStrategy.standardRetryStrategy().toBuilder()
                .maxAttempts(config.maxAttempts())
                .circuitBreakerEnabled(false)
                .build();
    }

    /**
     * The configured builder with another retry strategy, for measurements that compare strategies.
     *
     * @param config the runtime configuration: timeouts and endpoint
     * @param retryStrategy the strategy used instead of {@link #retryStrategy(RuntimeConfiguration)}
     * @return a builder with the configuration applied and region and credentials not set
     */
    public static DynamoDbClientBuilder builder(RuntimeConfiguration config, RetryStrategy retryStrategy) {
        DynamoDbClientBuilder builder = DynamoDbClient.builder()
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .overrideConfiguration(ClientOverrideConfiguration.builder()
                        .apiCallAttemptTimeout(config.attemptTimeout())
                        .apiCallTimeout(config.callTimeout())
                        .retryStrategy(retryStrategy)
                        .addExecutionInterceptor(new AttemptCountingInterceptor())
                        .build());
        if (config.dynamoDbEndpoint() != null) {
            builder.endpointOverride(URI.create(config.dynamoDbEndpoint()));
        }
        return builder;
    }
}
