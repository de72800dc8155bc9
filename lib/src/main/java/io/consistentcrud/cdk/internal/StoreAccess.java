package io.consistentcrud.cdk.internal;

import io.consistentcrud.cdk.ConsistentCrudApiValidationException;
import io.consistentcrud.cdk.DynamoDbActions;
import io.consistentcrud.cdk.EntitySpec;
import io.consistentcrud.cdk.RuntimeEnvironment;
import io.consistentcrud.cdk.StoreCall;
import io.consistentcrud.cdk.TimeoutBudget;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.dynamodb.ITableV2;
import software.amazon.awscdk.services.dynamodb.TableV2;
import software.amazon.awscdk.services.iam.IGrantable;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.lambda.IFunction;

/**
 * What a function needs to run the runtime's store over some entities: its environment (tables, the SDK timeouts
 * and attempts of the budget, the idempotency table and window, the metrics namespace and service) and exactly the
 * calls the store makes ({@link StoreCall}) on those tables, their keys and the idempotency table; when one of the
 * entities declares unique attributes, also the unique-values table's name and the store's calls on it. The API's
 * own function gets it for every entity; {@code bindStore} gives it to other functions.
 */
public final class StoreAccess {
    /** Lambda's timeout for a function that sets none. */
    static final long DEFAULT_LAMBDA_TIMEOUT_MS = 3_000;

    private final Map<String, EntitySpec> entities;
    private final Map<String, ITableV2> tables;
    private final TableV2 idempotencyTable;
    private final TableV2 uniqueValuesTable;
    private final TimeoutBudget budget;
    private final Duration idempotencyWindow;
    private final String metricsNamespace;
    private final String serviceName;
    private final Function<String, ConsistentCrudApiValidationException> invalid;
    private final Set<String> boundFunctions = new HashSet<>();

    /**
     * @param entities          the API's entities by name, in declaration order
     * @param tables            their tables by entity name
     * @param idempotencyTable  the table of Idempotency-Key records
     * @param uniqueValuesTable the table of unique-value guards; null when no entity declares unique attributes
     * @param budget            the API's timeout budget
     * @param idempotencyWindow how long a key replays its first outcome
     * @param metricsNamespace  the runtime metrics' namespace
     * @param serviceName       the runtime metrics' Service dimension
     * @param invalid           makes the validation error of the API for a detail
     */
    public StoreAccess(Map<String, EntitySpec> entities, Map<String, ITableV2> tables, TableV2 idempotencyTable,
                       TableV2 uniqueValuesTable, TimeoutBudget budget, Duration idempotencyWindow, String metricsNamespace, String serviceName,
                       Function<String, ConsistentCrudApiValidationException> invalid) {
        this.entities = entities;
        this.tables = tables;
        this.idempotencyTable = idempotencyTable;
        this.uniqueValuesTable = uniqueValuesTable;
        this.budget = budget;
        this.idempotencyWindow = idempotencyWindow;
        this.metricsNamespace = metricsNamespace;
        this.serviceName = serviceName;
        this.invalid = invalid;
    }

    /**
     * Grants a principal exactly the store's calls ({@link StoreCall}) on the entities' tables (and their keys),
     * on the idempotency table, and on the unique-values table when one of the entities declares unique attributes.
     *
     * @param grantee the principal, e.g. the handler's role
     * @param served the entities whose tables it may call
     * @param sidPrefix the prefix of the statements' ids, unique per principal
     */
    public void addStatements(IGrantable grantee, List<EntitySpec> served, String sidPrefix) {
        for (EntitySpec e : served) {
            ITableV2 t = tables.get(e.getName());
            grantee.getGrantPrincipal().addToPrincipalPolicy(PolicyStatement.Builder.create()
                    .sid(sidPrefix + "Entity" + EntityTables.idPart(e.getName()))
                    .actions(StoreCall.actions(StoreCall.onEntityTable(e.getSortKey() != null)))
                    .resources(List.of(t.getTableArn()))
                    .build());
            if (!e.getIndexes().isEmpty()) {
                grantee.getGrantPrincipal().addToPrincipalPolicy(PolicyStatement.Builder.create()
                        .sid(sidPrefix + "EntityIndexes" + EntityTables.idPart(e.getName()))
                        .actions(StoreCall.actions(StoreCall.onIndexes()))
                        .resources(EntityIndexes.arns(t, e))
                        .build());
            }
            if (t.getEncryptionKey() != null) {
                grantee.getGrantPrincipal().addToPrincipalPolicy(PolicyStatement.Builder.create()
                        .sid(sidPrefix + "EntityKey" + EntityTables.idPart(e.getName()))
                        .actions(DynamoDbActions.TABLE_KEY)
                        .resources(List.of(t.getEncryptionKey().getKeyArn()))
                        .build());
            }
        }
        grantee.getGrantPrincipal().addToPrincipalPolicy(PolicyStatement.Builder.create()
                .sid(sidPrefix + "IdempotencyRecords")
                .actions(StoreCall.actions(StoreCall.onIdempotencyTable()))
                .resources(List.of(idempotencyTable.getTableArn()))
                .build());
        if (servesUniqueAttributes(served)) {
            grantee.getGrantPrincipal().addToPrincipalPolicy(PolicyStatement.Builder.create()
                    .sid(sidPrefix + "UniqueValueGuards")
                    .actions(StoreCall.actions(StoreCall.onUniqueValuesTable()))
                    .resources(List.of(uniqueValuesTable.getTableArn()))
                    .build());
        }
    }

    /** Whether a store over these entities writes guards; the table exists whenever one of the API's does. */
    private boolean servesUniqueAttributes(List<EntitySpec> served) {
        return uniqueValuesTable != null && UniqueAttributes.declaredByAny(served);
    }

    /**
     * The runtime's environment for a store over the given entities (table names are tokens until deploy).
     *
     * @param served the entities the store serves
     * @return the variables by name
     */
    public Map<String, String> environment(List<EntitySpec> served) {
        List<String> tableNames = new ArrayList<>();
        List<String> homeRegions = new ArrayList<>();
        served.forEach(e -> {
            tableNames.add(tables.get(e.getName()).getTableName());
            homeRegions.add(EntityTables.homeRegion(tables.get(e.getName()), e));
        });
        Map<String, String> env = new LinkedHashMap<>();
        env.put(RuntimeEnvironment.ENTITIES, RuntimeEnvironment.entitiesJson(served, tableNames, homeRegions));
        env.put(RuntimeEnvironment.ATTEMPT_TIMEOUT_MS, Long.toString(budget.attemptTimeoutMillis()));
        env.put(RuntimeEnvironment.CALL_TIMEOUT_MS, Long.toString(budget.callTimeoutMillis()));
        env.put(RuntimeEnvironment.MAX_ATTEMPTS, Integer.toString(budget.getSdkMaxAttempts()));
        env.put(RuntimeEnvironment.IDEMPOTENCY_TABLE, idempotencyTable.getTableName());
        boolean guarded = servesUniqueAttributes(served);
        if (guarded) {
            env.put(RuntimeEnvironment.UNIQUE_VALUES_TABLE, uniqueValuesTable.getTableName());
        }
        env.put(RuntimeEnvironment.IDEMPOTENCY_WINDOW_SECONDS,
                Long.toString(idempotencyWindow.toSeconds().longValue()));
        env.put(RuntimeEnvironment.METRICS_NAMESPACE, metricsNamespace);
        env.put(RuntimeEnvironment.SERVICE_NAME, serviceName);
        requireEnvironmentSize(env, served.size() + 1 + (guarded ? 1 : 0), served);
        return env;
    }

    /** Lambda refuses a function whose environment (names and values) exceeds 4 KB. */
    static final int LAMBDA_ENVIRONMENT_LIMIT = 4096;
    /** What an unresolved table name can grow to at deploy: DynamoDB's longest table name. */
    private static final int TABLE_NAME_ALLOWANCE = 255;

    /**
     * Item schemas travel in the entities document, so a large one could push the environment past Lambda's limit
     * and fail only at deploy; this fails the synth instead, naming each schema's size.
     */
    private void requireEnvironmentSize(Map<String, String> env, int tableNames, List<EntitySpec> served) {
        long bytes = 0;
        for (Map.Entry<String, String> e : env.entrySet()) {
            bytes += e.getKey().getBytes(java.nio.charset.StandardCharsets.UTF_8).length
                    + e.getValue().getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
        }
        // Each table name (the idempotency and unique-values tables' too) is a token until deploy; count it at its
        // longest.
        bytes += (long) tableNames * TABLE_NAME_ALLOWANCE;
        if (bytes <= LAMBDA_ENVIRONMENT_LIMIT) {
            return;
        }
        List<String> sizes = new ArrayList<>();
        for (EntitySpec e : served) {
            if (e.getSchema() != null) {
                sizes.add(e.getName() + " " + io.consistentcrud.cdk.internal.schema.ItemSchema.of(e, invalid::apply)
                        .environmentSchema().toString().length() + " B");
            }
        }
        throw invalid.apply("the runtime's environment would be about " + bytes + " bytes (table names counted at "
                + TABLE_NAME_ALLOWANCE + " characters), over Lambda's " + LAMBDA_ENVIRONMENT_LIMIT + "-byte limit;"
                + " item schemas travel in it: " + (sizes.isEmpty() ? "none" : String.join(", ", sizes))
                + "; shorten the schemas (their annotations are left out already) or split the entities over APIs");
    }

    /** {@return every entity, in declaration order} */
    public List<EntitySpec> all() {
        return new ArrayList<>(entities.values());
    }

    /**
     * Binds one of the user's functions to a store over the named entities: statements, and for a function of the
     * app its environment and the check that its timeout does not cut a store call short (an imported function's
     * configuration is not CDK's to set or read). See {@code ConsistentCrudApi.bindStore}.
     *
     * @param function the user's function, of the app or imported
     * @param entityNames the entities it may use, by name
     * @param sidPrefix the prefix of the statements' ids, unique per function
     * @return the runtime's environment for the entities; set on the function when it is one of the app's
     */
    public Map<String, String> bind(IFunction function, List<String> entityNames, String sidPrefix) {
        String where = "bindStore(" + function.getNode().getPath() + "): ";
        if (entityNames == null || entityNames.isEmpty()) {
            throw invalid.apply(where + "no entity named; name at least one of " + entities.keySet());
        }
        List<EntitySpec> served = new ArrayList<>();
        for (String name : entityNames) {
            EntitySpec e = entities.get(name);
            if (e == null) {
                throw invalid.apply(where + "entity '" + name + "' is not one of " + entities.keySet());
            }
            if (!served.contains(e)) {
                served.add(e);
            }
        }
        if (!boundFunctions.add(function.getNode().getAddr())) {
            throw invalid.apply(where + "the function is already bound to this API; bind all its entities in one "
                    + "call");
        }
        if (!(function instanceof software.amazon.awscdk.services.lambda.Function own)) {
            if (function.getRole() == null) {
                throw invalid.apply(where + "an imported function without its role cannot be granted the store's "
                        + "calls; import it with its role: Function.fromFunctionAttributes(scope, id, "
                        + "FunctionAttributes.builder().functionArn(arn).role(Role.fromRoleArn(scope, id, roleArn))"
                        + ".build())");
            }
            addStatements(function, served, sidPrefix);
            return environment(served);
        }
        long timeoutMs = own.getTimeout() != null ? own.getTimeout().toMilliseconds().longValue()
                : DEFAULT_LAMBDA_TIMEOUT_MS;
        long callMs = budget.callTimeoutMillis();
        if (timeoutMs <= callMs) {
            throw invalid.apply(where + "function timeout " + TimeoutBudget.format(timeoutMs) + " is not above the "
                    + "store's SDK call timeout " + TimeoutBudget.format(callMs) + " (" + budget.getSdkMaxAttempts()
                    + " attempts x " + TimeoutBudget.format(budget.attemptTimeoutMillis()) + " + "
                    + TimeoutBudget.format(budget.getSdkMaxBackoff().toMilliseconds().longValue())
                    + " backoff): a store call could still be retrying a committed write when Lambda stops the "
                    + "function; give it a timeout of at least " + TimeoutBudget.format(minimumFunctionTimeoutMillis())
                    + ", or lower this API's sdkCallTimeout");
        }
        Map<String, String> env = environment(served);
        env.forEach(own::addEnvironment);
        addStatements(own, served, sidPrefix);
        return env;
    }

    /** {@return the shortest function timeout that outlives a store call: whole seconds above the SDK call timeout} */
    public long minimumFunctionTimeoutMillis() {
        return (budget.callTimeoutMillis() / 1000 + 1) * 1000;
    }
}
