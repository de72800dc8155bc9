package io.consistentcrud.runtime.client;

import io.consistentcrud.runtime.RuntimeConfiguration;
import java.net.URI;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.retries.api.RetryStrategy;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClientBuilder;

/**
 * Builds the {@link DynamoDbClient} the runtime uses inside Lambda: the HTTP client we ship, the attempt timeout,
 * call timeout and attempt count of the checked timeout budget (G7), and the interceptor that counts SDK retries.
 */
public final class DynamoDbClientFactory {
    private DynamoDbClientFactory() {
    }

    /** A client configured from the runtime configuration; region and credentials come from the default chains. */
    public static DynamoDbClient create(RuntimeConfiguration config) {
        return builder(config).build();
    }

    /** The configured builder, for callers that must set region or credentials themselves (local mode, tests). */
    public static DynamoDbClientBuilder builder(RuntimeConfiguration config) {
        return builder(config, retryStrategy(config));
    }

    /**
     * The SDK's standard retry strategy (exponential backoff with jitter, retry token bucket) with the configured
     * number of attempts.
     */
    public static RetryStrategy retryStrategy(RuntimeConfiguration config) {
        return AwsRetryStrategy.standardRetryStrategy().toBuilder().maxAttempts(config.maxAttempts()).build();
    }

    /**
     * The configured builder with another retry strategy: fault-injection suites use one without the retry token
     * bucket (hundreds of deliberate faults would drain it, and the test would measure the bucket) and with short
     * backoff (to keep hundreds of faults cheap).
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
