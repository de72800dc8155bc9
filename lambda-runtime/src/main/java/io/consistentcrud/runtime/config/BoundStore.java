package io.consistentcrud.runtime.config;

import io.consistentcrud.runtime.ConsistentStore;
import io.consistentcrud.runtime.EntityDefinition;
import io.consistentcrud.runtime.client.DynamoDbClientFactory;
import io.consistentcrud.runtime.observability.EmfMetrics;
import io.consistentcrud.runtime.observability.EmfStoreMetrics;
import java.time.Clock;
import java.util.Map;
import java.util.Objects;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * A {@link ConsistentStore} configured from the environment that the construct's {@code bindStore(function,
 * "products", ...)} gives your own function: the entities' tables, the SDK timeouts and attempts of the API's
 * checked budget, the idempotency table and window, and the metrics namespace and service. One line in a handler:
 *
 * <pre>{@code
 * public RestockHandler() { this(BoundStore.fromEnvironment()); }   // the constructor Lambda calls
 * public RestockHandler(BoundStore store) { this.store = store; }    // tests: the test kit's LocalStore
 * ...
 * Optional<VersionedItem> product = store.store().get(store.entity("products"), key);
 * }</pre>
 *
 * <p>Build it once per execution environment: Lambda builds the handler once and reuses it, so a field of the handler
 * (or a static field) keeps the client and its connection pool for every invocation. The store's counters are
 * written as CloudWatch embedded metrics on standard output, under the
 * API's namespace and service, so the API's alarms see them.
 */
public final class BoundStore {
    private final RuntimeConfiguration configuration;
    private final DynamoDbClient client;
    private final ConsistentStore store;

    private BoundStore(RuntimeConfiguration configuration, DynamoDbClient client, ConsistentStore store) {
        this.configuration = configuration;
        this.client = client;
        this.store = store;
    }

    /**
     * The store the Lambda's own environment describes ({@link System#getenv()}).
     *
     * @return the store the Lambda's own environment describes ({@link System#getenv()})
     */
    public static BoundStore fromEnvironment() {
        return fromEnvironment(System.getenv());
    }

    /**
     * The store an environment map describes; region and credentials come from the SDK's default chains.
     *
     * @param environment the function's environment, e.g. {@link System#getenv()}
     * @return the bound entities and a store on a new client
     * @throws IllegalArgumentException naming the variable when the environment is not a bound function's
     */
    public static BoundStore fromEnvironment(Map<String, String> environment) {
        RuntimeConfiguration config = RuntimeConfiguration.fromEnvironment(environment);
        return with(config, DynamoDbClientFactory.create(config));
    }

    /**
     * A store on the given client (e.g. one built with {@link DynamoDbClientFactory#builder} and a region).
     *
     * @param configuration the bound entities and the store's settings
     * @param client the client the store calls DynamoDB with
     * @return the bound entities and a store on {@code client}
     */
    public static BoundStore with(RuntimeConfiguration configuration, DynamoDbClient client) {
        Objects.requireNonNull(configuration, "configuration");
        Objects.requireNonNull(client, "client");
        Clock clock = Clock.systemUTC();
        EmfMetrics emf = new EmfMetrics(configuration.metricsNamespace(), configuration.serviceName(),
                System.out::println, clock);
        ConsistentStore store = new ConsistentStore(client, configuration.storeOptions()
                .clock(clock).metrics(new EmfStoreMetrics(emf)).build());
        return new BoundStore(configuration, client, store);
    }

    /**
     * The store.
     *
     * @return the store
     */
    public ConsistentStore store() {
        return store;
    }

    /**
     * A bound entity, by name.
     *
     * @param name the entity's name, as declared in the construct
     * @return the entity's definition
     * @throws IllegalArgumentException naming the bound entities when the function is not bound to this one
     */
    public EntityDefinition entity(String name) {
        EntityDefinition entity = configuration.entities().get(name);
        if (entity == null) {
            throw new IllegalArgumentException("entity '" + name + "' is not bound to this function; bound: "
                    + configuration.entities().keySet() + " (see bindStore in the construct)");
        }
        return entity;
    }

    /**
     * The configuration read from the environment.
     *
     * @return the configuration read from the environment
     */
    public RuntimeConfiguration configuration() {
        return configuration;
    }

    /**
     * The DynamoDB client the store uses.
     *
     * @return the DynamoDB client the store uses
     */
    public DynamoDbClient client() {
        return client;
    }
}
