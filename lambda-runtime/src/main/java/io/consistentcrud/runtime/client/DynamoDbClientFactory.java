package io.consistentcrud.runtime.client;

import io.consistentcrud.runtime.RuntimeConfiguration;
import java.net.URI;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
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
        return builder(config, true);
    }

    /**
     * The configured builder, with the standard retry strategy's circuit breaker (its retry token bucket) on or
     * off. Fault-injection suites turn it off: hundreds of deliberate faults on one client would drain the bucket,
     * and the test would then measure the bucket instead of the write mechanisms.
     */
    public static DynamoDbClientBuilder builder(RuntimeConfiguration config, boolean retryCircuitBreaker) {
        DynamoDbClientBuilder builder = DynamoDbClient.builder()
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .overrideConfiguration(ClientOverrideConfiguration.builder()
                        .apiCallAttemptTimeout(config.attemptTimeout())
                        .apiCallTimeout(config.callTimeout())
                        .retryStrategy(AwsRetryStrategy.standardRetryStrategy().toBuilder()
                                .maxAttempts(config.maxAttempts())
                                .circuitBreakerEnabled(retryCircuitBreaker)
                                .build())
                        .addExecutionInterceptor(new AttemptCountingInterceptor())
                        .build());
        if (config.dynamoDbEndpoint() != null) {
            builder.endpointOverride(URI.create(config.dynamoDbEndpoint()));
        }
        return builder;
    }
}
