package io.consistentcrud.testing;

import io.consistentcrud.runtime.EntityDefinition;
import io.consistentcrud.runtime.client.DynamoDbClientFactory;
import io.consistentcrud.runtime.config.BoundStore;
import io.consistentcrud.runtime.config.RuntimeConfiguration;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The store your own function gets from {@code bindStore}, on DynamoDB Local, for its tests: the engine in this JVM
 * on 127.0.0.1, the entities' tables and an Idempotency-Key table made as the construct makes them, and a
 * {@link BoundStore} configured as the bound function's environment configures it (the runtime's own client, its
 * timeouts and attempts). No environment variable, system property, region or credential to set.
 *
 * <pre>{@code
 * try (LocalStore local = LocalStore.of(products)) {
 *     RestockHandler handler = new RestockHandler(local.boundStore());   // your handler, store injected
 *     handler.handleRequest(delivery, InvocationContext.builder().remaining(Duration.ofSeconds(10)).build());
 * }
 * }</pre>
 *
 * <p>Each instance starts its own engine, so tests that use one each never see each other's data. For "lost
 * answer" tests, put a {@link FaultProxy} in front of {@link #endpoint()} and bind a store to it with
 * {@link #boundStore(URI)}.
 */
public final class LocalStore implements AutoCloseable {
    /** The SDK attempt timeout of {@link #of}: the construct's default. */
    public static final Duration DEFAULT_ATTEMPT_TIMEOUT = Duration.ofSeconds(2);
    /** The SDK attempts per call of {@link #of}: the construct's default. */
    public static final int DEFAULT_MAX_ATTEMPTS = 3;
    /** The SDK call timeout of {@link #of}: room for every attempt and the backoff between them. */
    public static final Duration DEFAULT_CALL_TIMEOUT = Duration.ofSeconds(7);
    /** The name of the Idempotency-Key table {@link #of} creates and binds. */
    public static final String IDEMPOTENCY_TABLE = "idempotency";
    /** The name of the unique-values table {@link #ofEntitiesJson} creates and binds when an entity declares one. */
    public static final String UNIQUE_VALUES_TABLE = "unique-values";

    private final LocalDynamoDb engine;
    private final RuntimeConfiguration configuration;
    private final List<BoundStore> bound = new ArrayList<>();

    private LocalStore(LocalDynamoDb engine, RuntimeConfiguration configuration) {
        this.engine = engine;
        this.configuration = configuration;
    }

    /**
     * The store of these entities, with the construct's default budget and an Idempotency-Key table.
     *
     * @param entities the entities whose tables to create
     * @return the started store; close it after the test
     */
    public static LocalStore of(EntityDefinition... entities) {
        return of(List.of(entities));
    }

    /**
     * The store of these entities, with the construct's default budget and an Idempotency-Key table.
     *
     * @param entities the entities whose tables to create
     * @return the started store; close it after the test
     */
    public static LocalStore of(List<EntityDefinition> entities) {
        return start(RuntimeConfiguration.builder()
                .entities(entities)
                .attemptTimeout(DEFAULT_ATTEMPT_TIMEOUT)
                .callTimeout(DEFAULT_CALL_TIMEOUT)
                .maxAttempts(DEFAULT_MAX_ATTEMPTS)
                .idempotencyTable(IDEMPOTENCY_TABLE)
                .build());
    }

    /**
     * The store of the entities document the construct writes into a bound function's environment (the value of
     * {@link RuntimeConfiguration#ENV_ENTITIES}, e.g. read from a synthesized template), with the defaults of
     * {@link #of}.
     *
     * @param entitiesJson the entities document
     * @return the started store; close it after the test
     */
    public static LocalStore ofEntitiesJson(String entitiesJson) {
        return of(RuntimeConfiguration.entitiesFromJson(entitiesJson, UNIQUE_VALUES_TABLE));
    }

    /**
     * The store a bound function's whole environment describes (e.g. the {@code Environment.Variables} of your
     * function in a synthesized template): its entities, budget, Idempotency-Key table and window, metrics names.
     * Only the endpoint is the engine's.
     *
     * @param environment the function's environment variables
     * @return the started store; close it after the test
     * @throws IllegalStateException naming the variable when the environment is not a bound function's
     */
    public static LocalStore fromEnvironment(Map<String, String> environment) {
        return start(RuntimeConfiguration.fromEnvironment(environment));
    }

    private static LocalStore start(RuntimeConfiguration configuration) {
        LocalDynamoDb engine = LocalDynamoDb.server();
        try {
            engine.createTables(configuration.entities().values());
            configuration.idempotencyTable().ifPresent(engine::createIdempotencyTable);
        } catch (RuntimeException e) {
            engine.close();
            throw e;
        }
        return new LocalStore(engine, configuration.withDynamoDbEndpoint(engine.endpoint().toString()));
    }

    /**
     * A store on the engine, built as {@code BoundStore.fromEnvironment()} builds it in Lambda: pass it to your
     * handler's constructor. Each call builds a new one (its own client); {@link #close()} closes them all.
     *
     * @return a store on the engine
     */
    public BoundStore boundStore() {
        return boundStore(engine.endpoint());
    }

    /**
     * A store whose client goes to {@code endpoint} instead, e.g. a {@link FaultProxy} started in front of
     * {@link #endpoint()}, so that DynamoDB's answers can be lost after it committed.
     *
     * @param endpoint where the store's client sends its requests
     * @return a store whose client goes to {@code endpoint}
     */
    public BoundStore boundStore(URI endpoint) {
        Objects.requireNonNull(endpoint, "endpoint");
        RuntimeConfiguration config = configuration.withDynamoDbEndpoint(endpoint.toString());
        DynamoDbClient client = DynamoDbClientFactory.builder(config)
                .region(LocalDynamoDb.REGION)
                .credentialsProvider(LocalDynamoDb.CREDENTIALS)
                .build();
        BoundStore store = BoundStore.with(config, client);
        synchronized (bound) {
            bound.add(store);
        }
        return store;
    }

    /**
     * An entity of the store, by name.
     *
     * @param name the entity's name
     * @return the entity
     * @throws IllegalArgumentException naming the entities when there is no such entity
     */
    public EntityDefinition entity(String name) {
        EntityDefinition entity = configuration.entities().get(name);
        if (entity == null) {
            throw new IllegalArgumentException("no entity '" + name + "'; entities: " + configuration.entities().keySet());
        }
        return entity;
    }

    /**
     * The configuration the bound stores get (its endpoint is the engine's).
     *
     * @return the configuration the bound stores get (its endpoint is the engine's)
     */
    public RuntimeConfiguration configuration() {
        return configuration;
    }

    /**
     * The engine's HTTP endpoint on 127.0.0.1.
     *
     * @return the engine's HTTP endpoint on 127.0.0.1
     */
    public URI endpoint() {
        return engine.endpoint();
    }

    /**
     * A plain client of the engine, to arrange or inspect data beside the store.
     *
     * @return a plain client of the engine, to arrange or inspect data beside the store
     */
    public DynamoDbClient client() {
        return engine.client();
    }

    /** Closes the bound stores' clients, then stops the engine (its data goes with it). */
    @Override
    public void close() {
        synchronized (bound) {
            bound.forEach(store -> store.client().close());
            bound.clear();
        }
        engine.close();
    }
}
