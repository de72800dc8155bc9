package io.consistentcrud.measure;

import java.lang.management.ManagementFactory;
import java.net.URI;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClientBuilder;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * One fresh JVM: builds a DynamoDB client with the named HTTP client, does one conditional put and one consistent
 * get, and prints the milliseconds since the JVM started. Launched repeatedly by {@link HttpClientChoice}.
 */
public final class ColdCall {
    private ColdCall() {
    }

    public static void main(String[] args) {
        DynamoDbClientBuilder builder = DynamoDbClient.builder().endpointOverride(URI.create(args[1]))
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")));
        if (args[0].equals("apache-client")) {
            builder.httpClientBuilder(ApacheHttpClient.builder());
        } else {
            builder.httpClientBuilder(UrlConnectionHttpClient.builder());
        }
        try (DynamoDbClient client = builder.build()) {
            String id = "cold-" + System.nanoTime();
            client.putItem(b -> b.tableName("http-client-choice")
                    .item(Map.of("id", AttributeValue.fromS(id)))
                    .conditionExpression("attribute_not_exists(id)"));
            client.getItem(b -> b.tableName("http-client-choice").key(Map.of("id", AttributeValue.fromS(id)))
                    .consistentRead(true));
        }
        long elapsed = System.currentTimeMillis() - ManagementFactory.getRuntimeMXBean().getStartTime();
        System.out.println(elapsed);
    }
}
