package io.consistentcrud.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import org.junit.jupiter.api.Test;

/**
 * The two HTTP engines of the kit: {@link LocalDynamoDb#server()} keeps DynamoDB Local's tables per access key and
 * Region, {@link LocalDynamoDb#sharedServer()} has one set for every client (what the sample's local mode serves the
 * AWS CLI from); both stop for good on close.
 */
class LocalDynamoDbTest {

    private static DynamoDbClient otherCaller(URI endpoint) {
        return DynamoDbClient.builder().endpointOverride(endpoint).region(Region.EU_WEST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("other", "other")))
                .httpClientBuilder(UrlConnectionHttpClient.builder()).build();
    }

    private static void createTable(DynamoDbClient client) {
        client.createTable(b -> b.tableName("seen").billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(d -> d.attributeName("id").attributeType(ScalarAttributeType.S))
                .keySchema(k -> k.attributeName("id").keyType(KeyType.HASH)));
    }

    @Test
    void sharedServer_oneSetOfTablesForEveryAccessKeyAndRegion_server_oneSetPerCaller() {
        try (LocalDynamoDb shared = LocalDynamoDb.sharedServer(); DynamoDbClient other = otherCaller(shared.endpoint())) {
            createTable(shared.client());
            assertThat(other.listTables().tableNames()).containsExactly("seen");
        }
        try (LocalDynamoDb separate = LocalDynamoDb.server(); DynamoDbClient other = otherCaller(separate.endpoint())) {
            createTable(separate.client());
            assertThat(other.listTables().tableNames())
                    .as("the control: without -sharedDb another access key sees its own, empty, database")
                    .isEmpty();
        }
    }

    @Test
    void close_stopsTheServer_nothingAnswersOnItsPortAfterwards() {
        LocalDynamoDb engine = LocalDynamoDb.sharedServer();
        URI endpoint = engine.endpoint();
        createTable(engine.client());
        engine.close();
        try (DynamoDbClient late = LocalDynamoDb.clientFor(endpoint)) {
            assertThatThrownBy(late::listTables).hasMessageContaining("Unable to execute HTTP request");
        }
    }
}
