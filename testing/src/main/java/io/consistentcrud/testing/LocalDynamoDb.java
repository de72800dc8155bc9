package io.consistentcrud.testing;

import com.amazonaws.services.dynamodbv2.local.embedded.DynamoDBEmbedded;
import com.amazonaws.services.dynamodbv2.local.server.LocalDynamoDBRequestHandler;
import com.amazonaws.services.dynamodbv2.local.server.LocalDynamoDBServerHandler;
import com.amazonaws.services.dynamodbv2.local.shared.access.AmazonDynamoDBLocal;
import io.consistentcrud.contract.IdempotencyRecordSchema;
import io.consistentcrud.contract.UniqueValueSchema;
import io.consistentcrud.runtime.EntityDefinition;
import io.consistentcrud.runtime.IndexDefinition;
import io.consistentcrud.runtime.KeyAttribute;
import io.consistentcrud.runtime.client.DynamoDbClientFactory;
import io.consistentcrud.runtime.config.RuntimeConfiguration;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.ContextHandler;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.Projection;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.StreamSpecification;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;

/**
 * DynamoDB Local in this JVM, for tests: either embedded (no HTTP, fastest) or as an HTTP server on a free port of
 * 127.0.0.1 only (so that the runtime's own HTTP client, or a {@link FaultProxy}, sits between the store and the
 * engine). Its tables are made as the construct makes them ({@link #createTables}); the data lives in memory and
 * goes with {@link #close()}.
 *
 * <p>The one such engine of the build: the runtime's suites, the end-to-end suites, the benchmarks and
 * {@link LocalStore} use it.
 */
public final class LocalDynamoDb implements AutoCloseable {
    /** The one dummy credential set: DynamoDB Local partitions data by access key and region. */
    public static final StaticCredentialsProvider CREDENTIALS =
            StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local"));
    /** The region every client of the engine names (DynamoDB Local keeps one data set per region). */
    public static final Region REGION = Region.US_EAST_1;

    private final DynamoDbClient client;
    private final Server server;
    private final URI endpoint;
    /** Stops the engine itself (its in-memory database and threads), after the client and the server. */
    private final Runnable engineShutdown;

    private LocalDynamoDb(DynamoDbClient client, Server server, URI endpoint, Runnable engineShutdown) {
        this.client = client;
        this.server = server;
        this.endpoint = endpoint;
        this.engineShutdown = engineShutdown;
    }

    /**
     * The engine in process, reached without HTTP.
     *
     * @return the engine in process, reached without HTTP
     */
    public static LocalDynamoDb embedded() {
        AmazonDynamoDBLocal engine = DynamoDBEmbedded.create();
        return new LocalDynamoDb(engine.dynamoDbClient(), null, null, engine::shutdown);
    }

    /**
     * The engine as an HTTP server in memory, on a free port of 127.0.0.1 (never another interface: DynamoDB Local's
     * own server binds all of them, so the kit mounts the engine's handler on a loopback connector itself). As
     * DynamoDB Local does by default, each access key and Region has its own tables.
     *
     * @return the started engine; close it after the test
     */
    public static LocalDynamoDb server() {
        return server(false);
    }

    /**
     * As {@link #server()}, with one set of tables for every access key and Region (DynamoDB Local's
     * {@code -sharedDb}): what a local API needs when other tools, such as the AWS CLI with its own credentials and
     * {@code --endpoint-url}, must see the API's tables.
     *
     * @return the started engine; close it when done
     */
    public static LocalDynamoDb sharedServer() {
        return server(true);
    }

    private static LocalDynamoDb server(boolean sharedDb) {
        Server server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        LocalDynamoDBRequestHandler engine = null;
        try {
            // (port, unused by the handler; inMemory; dbPath; sharedDb; delayTransientStatuses)
            engine = new LocalDynamoDBRequestHandler(0, true, null, sharedDb, false);
            // No CORS allow-list: no browser page may call the engine.
            LocalDynamoDBServerHandler handler = new LocalDynamoDBServerHandler(engine, null);
            ContextHandler root = new ContextHandler("/");
            root.setHandler(handler);
            server.setHandler(root);
            server.start();
        } catch (Exception e) {
            try {
                server.stop();
            } catch (Exception stop) {
                e.addSuppressed(stop);
            }
            if (engine != null) {
                engine.shutdown();
            }
            throw new IllegalStateException("DynamoDB Local did not start on 127.0.0.1", e);
        }
        URI endpoint = URI.create("http://127.0.0.1:" + connector.getLocalPort());
        return new LocalDynamoDb(clientFor(endpoint), server, endpoint, engine::shutdown);
    }

    /**
     * A plain client for an HTTP endpoint, with the shared dummy credentials.
     *
     * @param endpoint the engine's (or a proxy's) HTTP endpoint
     * @return the client
     */
    public static DynamoDbClient clientFor(URI endpoint) {
        return DynamoDbClient.builder()
                .endpointOverride(endpoint)
                .region(REGION)
                .credentialsProvider(CREDENTIALS)
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .build();
    }

    /**
     * A client built exactly as the runtime builds it ({@link DynamoDbClientFactory}: attempt timeout, call timeout,
     * attempts, the production retry strategy, the retry-counting interceptor) for an HTTP endpoint such as a
     * {@link FaultProxy}. Only the budget's values are the test's: they are the runtime's configuration knobs.
     *
     * @param endpoint       the engine's (or a proxy's) HTTP endpoint
     * @param attemptTimeout the SDK attempt timeout
     * @param callTimeout    the SDK call timeout
     * @param maxAttempts    the SDK attempts per call
     * @return the client
     */
    public static DynamoDbClient runtimeClientFor(URI endpoint, Duration attemptTimeout, Duration callTimeout,
                                                  int maxAttempts) {
        RuntimeConfiguration config = RuntimeConfiguration.of(List.of(), attemptTimeout, callTimeout, maxAttempts)
                .withDynamoDbEndpoint(endpoint.toString());
        return DynamoDbClientFactory.builder(config)
                .region(REGION)
                .credentialsProvider(CREDENTIALS)
                .build();
    }

    /**
     * A free loopback port, for servers that cannot bind port 0 themselves.
     *
     * @return a free loopback port, for servers that cannot bind port 0 themselves
     */
    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A client of the engine: in process for {@link #embedded()}, over HTTP for {@link #server()}.
     *
     * @return a client of the engine
     */
    public DynamoDbClient client() {
        return client;
    }

    /**
     * The HTTP endpoint, for {@link #server()} only.
     *
     * @return the HTTP endpoint, for {@link #server()} only
     */
    public URI endpoint() {
        if (endpoint == null) {
            throw new IllegalStateException("the embedded engine has no HTTP endpoint");
        }
        return endpoint;
    }

    /**
     * Creates the tables of these entities, as {@link #createTable(EntityDefinition)} does.
     *
     * @param entities the entities
     */
    public void createTables(Collection<EntityDefinition> entities) {
        entities.forEach(this::createTable);
    }

    /**
     * Creates the entity's table, on demand, with a NEW_AND_OLD_IMAGES stream, as the construct does; and, when
     * the entity declares unique attributes, its unique-values table ({@link #createUniqueValuesTable}).
     *
     * @param entity the entity
     */
    public void createTable(EntityDefinition entity) {
        if (!entity.uniqueAttributes().isEmpty()) {
            entity.uniqueValuesTable().ifPresent(this::createUniqueValuesTable);
        }
        List<KeySchemaElement> keys = new ArrayList<>();
        List<AttributeDefinition> attributes = new ArrayList<>();
        keys.add(KeySchemaElement.builder().attributeName(entity.partitionKey().name()).keyType(KeyType.HASH).build());
        attributes.add(definition(entity.partitionKey()));
        entity.sortKey().ifPresent(sk -> {
            keys.add(KeySchemaElement.builder().attributeName(sk.name()).keyType(KeyType.RANGE).build());
            attributes.add(definition(sk));
        });
        // Each index projects ALL here: the runtime reads whatever an index holds, and the construct always projects
        // the version and the tombstone marker, which ALL includes.
        List<GlobalSecondaryIndex> indexes = new ArrayList<>();
        for (IndexDefinition index : entity.indexes()) {
            List<KeySchemaElement> indexKeys = new ArrayList<>();
            indexKeys.add(KeySchemaElement.builder().attributeName(index.partitionKey().name())
                    .keyType(KeyType.HASH).build());
            addDefinition(attributes, index.partitionKey());
            index.sortKey().ifPresent(sk -> {
                indexKeys.add(KeySchemaElement.builder().attributeName(sk.name()).keyType(KeyType.RANGE).build());
                addDefinition(attributes, sk);
            });
            indexes.add(GlobalSecondaryIndex.builder().indexName(index.name()).keySchema(indexKeys)
                    .projection(Projection.builder().projectionType(ProjectionType.ALL).build()).build());
        }
        try {
            client.createTable(b -> b.tableName(entity.tableName())
                    .keySchema(keys)
                    .attributeDefinitions(attributes)
                    .globalSecondaryIndexes(indexes.isEmpty() ? null : indexes)
                    .billingMode(BillingMode.PAY_PER_REQUEST)
                    .streamSpecification(StreamSpecification.builder()
                            .streamEnabled(true).streamViewType(StreamViewType.NEW_AND_OLD_IMAGES).build()));
        } catch (ResourceInUseException alreadyThere) {
            // Tables are shared by the tests of one engine; the first creator wins.
        }
    }

    /**
     * Creates an Idempotency-Key table as the construct does: the contract's partition key (S).
     *
     * @param tableName the table's name
     */
    public void createIdempotencyTable(String tableName) {
        createStringKeyedTable(tableName, IdempotencyRecordSchema.PARTITION_KEY);
    }

    /**
     * Creates a unique-values table as the construct does: the contract's partition key (S), no stream.
     *
     * @param tableName the table's name
     */
    public void createUniqueValuesTable(String tableName) {
        createStringKeyedTable(tableName, UniqueValueSchema.PARTITION_KEY);
    }

    private void createStringKeyedTable(String tableName, String partitionKey) {
        try {
            client.createTable(b -> b.tableName(tableName)
                    .keySchema(KeySchemaElement.builder().attributeName(partitionKey).keyType(KeyType.HASH).build())
                    .attributeDefinitions(AttributeDefinition.builder()
                            .attributeName(partitionKey)
                            .attributeType(ScalarAttributeType.S).build())
                    .billingMode(BillingMode.PAY_PER_REQUEST));
        } catch (ResourceInUseException alreadyThere) {
            // Shared by the tests of one engine; the first creator wins.
        }
    }

    private static void addDefinition(List<AttributeDefinition> attributes, KeyAttribute key) {
        if (attributes.stream().noneMatch(a -> a.attributeName().equals(key.name()))) {
            attributes.add(definition(key));
        }
    }

    private static AttributeDefinition definition(KeyAttribute key) {
        return AttributeDefinition.builder()
                .attributeName(key.name())
                .attributeType(key.type() == KeyAttribute.Type.N ? ScalarAttributeType.N : ScalarAttributeType.S)
                .build();
    }

    @Override
    public void close() {
        try {
            client.close();
            if (server != null) {
                server.stop();
            }
        } catch (Exception e) {
            throw new IllegalStateException("DynamoDB Local did not stop", e);
        } finally {
            engineShutdown.run();
        }
    }
}
