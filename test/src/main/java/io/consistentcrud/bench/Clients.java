package io.consistentcrud.bench;

import io.consistentcrud.testing.LocalDynamoDb;
import java.net.URI;
import java.time.Duration;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.retries.api.RetryStrategy;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;


/**
 * SDK clients for the subjects. Every subject, ours included, gets the same client, configured as the runtime's
 * {@code DynamoDbClientFactory} configures its own (the URLConnection HTTP client, attempt timeout, call timeout,
 * attempts) plus the {@link CallCounter}; the subjects therefore differ only in what they send, never in how.
 */
final class Clients {
    static final Duration ATTEMPT_TIMEOUT = Duration.ofMillis(400);
    static final Duration CALL_TIMEOUT = Duration.ofSeconds(20);

    private Clients() {
    }

    /**
     * A client for an HTTP endpoint (DynamoDB Local's server or a fault proxy in front of it).
     *
     * @param maxAttempts SDK attempts per call, the first included
     */
    static DynamoDbClient http(URI endpoint, CallCounter counter, int maxAttempts) {
        // Without the retry token bucket: fault runs inject hundreds of faults on purpose, and the bucket would
        // turn them into failures that measure the bucket, not the mechanism. Short backoff keeps faults cheap.
        RetryStrategy retries = AwsRetryStrategy.standardRetryStrategy().toBuilder()
                .maxAttempts(maxAttempts)
                .circuitBreakerEnabled(false)
                .backoffStrategy(BackoffStrategy.exponentialDelay(Duration.ofMillis(10), Duration.ofMillis(200)))
                .build();
        return DynamoDbClient.builder()
                .endpointOverride(endpoint)
                .region(LocalDynamoDb.REGION)
                .credentialsProvider(LocalDynamoDb.CREDENTIALS)
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .overrideConfiguration(ClientOverrideConfiguration.builder()
                        .apiCallAttemptTimeout(ATTEMPT_TIMEOUT)
                        .apiCallTimeout(CALL_TIMEOUT)
                        .retryStrategy(retries)
                        .addExecutionInterceptor(counter)
                        .build())
                .build();
    }
}
