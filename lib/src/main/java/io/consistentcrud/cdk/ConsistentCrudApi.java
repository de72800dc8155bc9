package io.consistentcrud.cdk;

import io.consistentcrud.cdk.internal.ApiAlarms;
import io.consistentcrud.cdk.internal.ApiFrontDoor;
import io.consistentcrud.cdk.internal.ApiMetrics;
import io.consistentcrud.cdk.internal.CrudRestApi;
import io.consistentcrud.cdk.internal.EntityTables;
import io.consistentcrud.cdk.internal.FunctionDeployment;
import io.consistentcrud.cdk.internal.HandlerFunction;
import io.consistentcrud.cdk.internal.NagFindings;
import io.consistentcrud.cdk.internal.OperationsDashboard;
import io.consistentcrud.cdk.internal.ApiDocument;
import io.consistentcrud.cdk.internal.PropsValidator;
import io.consistentcrud.cdk.internal.StoreAccess;
import io.consistentcrud.cdk.internal.UniqueAttributes;
import io.consistentcrud.contract.ApiRoutes;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import software.amazon.awscdk.Annotations;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.apigateway.DomainName;
import software.amazon.awscdk.services.apigateway.IApiKey;
import software.amazon.awscdk.services.apigateway.Method;
import software.amazon.awscdk.services.apigateway.RequestValidator;
import software.amazon.awscdk.services.apigateway.RestApi;
import software.amazon.awscdk.services.apigateway.Stage;
import software.amazon.awscdk.services.apigateway.UsagePlan;
import software.amazon.awscdk.services.cloudwatch.Alarm;
import software.amazon.awscdk.services.cloudwatch.Dashboard;
import software.amazon.awscdk.services.cloudwatch.IMetric;
import software.amazon.awscdk.services.cloudwatch.Metric;
import software.amazon.awscdk.services.codedeploy.LambdaDeploymentGroup;
import software.amazon.awscdk.services.dynamodb.ITableV2;
import software.amazon.awscdk.services.dynamodb.TableV2;
import software.amazon.awscdk.services.iam.Grant;
import software.amazon.awscdk.services.iam.GrantOnPrincipalOptions;
import software.amazon.awscdk.services.iam.IGrantable;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.lambda.Alias;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.lambda.IFunction;
import software.amazon.awscdk.services.lambda.Runtime;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.sns.ITopic;
import software.amazon.awscdk.services.wafv2.CfnWebACLAssociation;
import software.constructs.Construct;

/**
 * An API Gateway REST API in front of a Java Lambda and DynamoDB tables that never loses or duplicates a write:
 * strongly consistent reads, version-conditioned writes, exactly-once writes under SDK and client retries, and a
 * timeout budget checked at synth (guarantees G1-G8, docs/guarantees.md).
 *
 * <p>Hardened by default: IAM authorization, a least-privilege role, tables with streams, PITR, encryption,
 * deletion protection and RETAIN, JSON access logs, X-Ray tracing, stage throttling, problem+json gateway answers,
 * alarms on an encrypted topic and a dashboard. Clean under cdk-nag's AwsSolutions and Serverless packs; the few
 * findings that do not apply are suppressed on the exact resource with the reason.
 *
 * <pre>{@code
 * ConsistentCrudApi api = ConsistentCrudApi.Builder.create(this, "Api")
 *         .entities(List.of(EntitySpec.builder()
 *                 .name("users")
 *                 .partitionKey(Attribute.builder().name("userId").type(AttributeType.STRING).build())
 *                 .build()))
 *         .build();
 * api.grantInvoke(someRole);
 * api.entity("users").grantReadData(reportingJob);
 * }</pre>
 *
 * <p>Resources, per entity {@code E} with partition key {@code pk} (and sort key {@code sk}):
 * {@code POST /E}; {@code GET|PUT|PATCH|DELETE /E/{pk}} and {@code POST /E/{pk}/increment} (with a sort key:
 * {@code GET /E/{pk}} queries the partition and the item resources are {@code /E/{pk}/{sk}}); and
 * {@code POST /transactions}.
 *
 * <p>The construct only orchestrates: its parts are built by the classes of {@code io.consistentcrud.cdk.internal}
 * (not API), and each entity's table, grants, stream consumers, metrics and alarms are reached through its
 * {@link CrudEntity} handle.
 */
public class ConsistentCrudApi extends Construct {
    /** The alias the API invokes: the published version, which is what SnapStart snapshots. */
    public static final String ALIAS_NAME = HandlerFunction.ALIAS_NAME;
    /**
     * The Lambda runtime of the handler and the audit consumer: the newest Java runtime in aws-cdk-lib 2.263; the
     * runtime jar is Java 17 bytecode.
     */
    public static final Runtime JAVA_RUNTIME = HandlerFunction.JAVA_RUNTIME;
    /** The path segment of transactions; no entity may have this name. */
    public static final String TRANSACTIONS_PATH = ApiRoutes.TRANSACTIONS;
    /** Concurrency limit the concurrency alarm assumes when nothing is reserved: the default account quota. */
    public static final int DEFAULT_ACCOUNT_CONCURRENCY = ApiAlarms.DEFAULT_ACCOUNT_CONCURRENCY;
    private final ConsistentCrudApiProps props;
    private final TimeoutBudget timeoutBudget;
    private final String serviceName;
    private final Map<String, CrudEntity> entities = new LinkedHashMap<>();
    private final TableV2 idempotencyTable;
    private final TableV2 uniqueValuesTable;
    private final StoreAccess storeAccess;
    private final HandlerFunction handler;
    private final CrudRestApi api;
    private final ApiMetrics metrics;
    private final ApiAlarms alarms;
    private final Dashboard dashboard;
    private final ApiFrontDoor frontDoor;
    private final AuditTrail auditTrail;
    private final LambdaDeploymentGroup deploymentGroup;
    private final ApiDocument apiDocument;

    /**
     * Creates the API, its function, tables, alarms and dashboard.
     *
     * @param scope the construct's parent, usually the stack
     * @param id the construct's id, unique in {@code scope}; part of resource names and the OpenAPI file's name
     * @param props the API's properties, built with {@link ConsistentCrudApiProps#builder()}
     * @throws ConsistentCrudApiValidationException when a property breaks a rule or the timeout budget
     */
    public ConsistentCrudApi(Construct scope, String id, ConsistentCrudApiProps props) {
        super(scope, id);
        this.props = props;
        PropsValidator validator = new PropsValidator(this, props);
        validator.validate();
        ApiFrontDoor.validate(props.getCustomDomain(), props.getUsagePlans(), validator::invalid);
        this.timeoutBudget = TimeoutBudget.resolve(getNode().getPath(), props);
        if (!timeoutBudget.getNotes().isEmpty()) {
            // A warning, not an error: the chain holds, but a value the user did not set is not what they may expect.
            Annotations.of(this).addWarningV2("@consistentcrud/cdk:timeoutBudgetLowered",
                    "timeout budget: " + String.join("; ", timeoutBudget.getNotes()));
        }
        this.serviceName = props.getServiceName() != null ? props.getServiceName()
                : getNode().getPath().replace('/', '-');

        Map<String, EntitySpec> specs = new LinkedHashMap<>();
        Map<String, ITableV2> tables = new LinkedHashMap<>();
        for (EntitySpec entity : props.getEntities()) {
            specs.put(entity.getName(), entity);
            tables.put(entity.getName(), EntityTables.create(this, entity, props.getRemovalPolicy()));
        }
        this.idempotencyTable = EntityTables.createIdempotencyTable(this, props.getRemovalPolicy());
        this.uniqueValuesTable = UniqueAttributes.declaredByAny(specs.values())
                ? EntityTables.createUniqueValuesTable(this, props.getRemovalPolicy()) : null;
        this.storeAccess = new StoreAccess(specs, tables, idempotencyTable, uniqueValuesTable, timeoutBudget,
                props.getIdempotencyWindow(), props.getMetricsNamespace(), serviceName, validator::invalid);
        this.handler = new HandlerFunction(this, props, timeoutBudget, storeAccess);
        this.api = new CrudRestApi(this, props, timeoutBudget, storeAccess.all(), handler.getAlias());
        this.apiDocument = new ApiDocument(this, serviceName, storeAccess.all(), validator::invalid);
        this.frontDoor = ApiFrontDoor.create(this, api.getRestApi(), props.getCustomDomain(), props.getUsagePlans());
        this.metrics = new ApiMetrics(api.getRestApi(), handler.getFunction(), idempotencyTable, uniqueValuesTable,
                props.getAlarmThresholds().getPeriod(), props.getMetricsNamespace(), serviceName);
        this.alarms = new ApiAlarms(this, props, timeoutBudget, metrics, storeAccess.all(), tables);
        this.deploymentGroup = props.getGradualDeployment().isGradual()
                ? FunctionDeployment.create(this, handler.getAlias(), props.getGradualDeployment().getConfig(),
                alarms.enabled() ? List.of(alarms.get("Api5xxAlarm"), alarms.get("FunctionErrorsAlarm"),
                        alarms.get("VersionLatencyAlarm")) : List.of())
                : null;
        specs.forEach((name, spec) -> entities.put(name,
                new CrudEntity(this, spec, tables.get(name), metrics, alarms)));
        this.auditTrail = Boolean.TRUE.equals(props.getAuditTrail())
                ? new AuditTrail(this, "AuditTrail", props.getAuditTrailOptions(),
                storeAccess.environment(storeAccess.all()).get(RuntimeEnvironment.ENTITIES),
                LambdaRuntimeAsset.code(), JAVA_RUNTIME, props.getArchitecture(), props.getRemovalPolicy())
                : null;
        this.dashboard = Boolean.TRUE.equals(props.getDashboardEnabled())
                ? OperationsDashboard.create(this, props.getDashboardName(), timeoutBudget, api.getRestApi(), metrics,
                entities.values().stream().flatMap(c -> Stream.concat(
                        Stream.of(c.metricThrottles()),
                        c.getSpec().getIndexes().stream().map(i -> c.metricIndexThrottles(i.getName())))).toList(),
                entities.values().stream().map(CrudEntity::metricSystemErrors).toList(), alarms::all)
                : null;
        NagFindings.suppressOnApi(props, handler.getRole(), handler.getFunction(), api.getRestApi(),
                api.getMethods());
    }

    // ---------------------------------------------------------------- the OpenAPI document

    /**
     * {@return the API's OpenAPI 3.0 document (JSON): every route, the key path parameters, each entity's schema for
     * requests and answers, the headers and every problem type with its status} Generated from the same sources as the
     * gateway's models and the runtime's checks; also written to the cloud assembly ({@code cdk.out}) beside the
     * template as {@link #openApiDocumentFileName()}.
     */
    public String openApiDocument() {
        return apiDocument.text();
    }

    /**
     * {@return the name of the OpenAPI document's file in the cloud assembly: the construct path, {@code /} as {@code
     * -}}
     */
    public String openApiDocumentFileName() {
        return apiDocument.fileName();
    }

    // ---------------------------------------------------------------- entities and grants

    /**
     * The handle of one entity: its table, grants, stream consumers, metrics and alarms.
     *
     * @param entityName the entity's name, as in {@link EntitySpec#getName()}
     * @return the entity's handle
     * @throws IllegalArgumentException naming the declared entities when there is no such entity
     */
    public CrudEntity entity(String entityName) {
        CrudEntity entity = entities.get(entityName);
        if (entity == null) {
            throw new IllegalArgumentException("no entity named '" + entityName + "'; entities are "
                    + entities.keySet());
        }
        return entity;
    }

    /**
     * Every entity's handle by entity name, in declaration order.
     *
     * @return every entity's handle by entity name, in declaration order
     */
    public Map<String, CrudEntity> getEntities() {
        return Collections.unmodifiableMap(entities);
    }

    /**
     * Grants {@code execute-api:Invoke} on every method of the stage (for IAM authorization).
     *
     * @param grantee the principal to grant, e.g. a function's role
     * @return the grant
     */
    public Grant grantInvoke(IGrantable grantee) {
        return Grant.addToPrincipal(GrantOnPrincipalOptions.builder()
                .grantee(grantee)
                .actions(List.of("execute-api:Invoke"))
                .resourceArns(List.of(api.getRestApi().arnForExecuteApi("*", "/*", props.getStageName())))
                .build());
    }

    /**
     * Lets one of your own functions use the runtime's {@code ConsistentStore} on some of this API's entities, with
     * the same guarantees as the API: grants exactly the calls the store makes ({@link StoreCall}) on those tables,
     * their keys and the idempotency table (no Scan, no BatchWriteItem); for a function of this app
     * ({@code Function}) also sets the runtime's environment (the entities' tables, the SDK timeouts and attempts of
     * this API's budget, the idempotency table and window, the metrics namespace and service) and checks the
     * function's timeout against the budget. In the handler: {@code BoundStore.fromEnvironment()} (runtime package
     * {@code io.consistentcrud.runtime.config}).
     *
     * <p>An imported function ({@code Function.fromFunctionAttributes}) gets the grants only, and only when it was
     * imported with its role: CDK can neither set its environment nor read its timeout, which belong to whatever
     * defines it. Set {@link StoreBinding#getEnvironment()} and a timeout of at least
     * {@link StoreBinding#getMinimumFunctionTimeout()} there; synth warns on this API to say so.
     *
     * @param function    the function; a function of the app must have a timeout above this API's SDK call timeout
     * @param entityNames the entities it may read and write; at least one
     * @return what was bound, and the environment the function needs
     * @throws ConsistentCrudApiValidationException when an entity is unknown, the function is already bound, its
     *                                              timeout would cut a store call short, or it is imported without
     *                                              its role
     */
    public StoreBinding bindStore(IFunction function, List<String> entityNames) {
        Map<String, String> environment = storeAccess.bind(function, entityNames,
                "ConsistentStore" + getNode().getId().replaceAll("[^A-Za-z0-9]", ""));
        boolean environmentSet = function instanceof Function;
        long minimumTimeoutMs = storeAccess.minimumFunctionTimeoutMillis();
        if (!environmentSet) {
            Annotations.of(this).addWarningV2("@consistentcrud/cdk:bindStoreImportedFunction",
                    "bindStore(" + function.getNode().getPath() + "): an imported function's environment and timeout "
                            + "are not CDK's to set or read; set the environment StoreBinding.getEnvironment() returns "
                            + "and a timeout of at least " + TimeoutBudget.format(minimumTimeoutMs)
                            + " where the function is defined");
        }
        return new StoreBinding(environment, environmentSet, Duration.millis(minimumTimeoutMs));
    }

    /**
     * {@link #bindStore(IFunction, List)} for the named entities.
     *
     * @param function    the function
     * @param entityNames the entities it may read and write; at least one
     * @return what was bound, and the environment the function needs
     */
    public StoreBinding bindStore(IFunction function, String... entityNames) {
        return bindStore(function, List.of(entityNames));
    }

    // ---------------------------------------------------------------- metrics

    /**
     * 5XX answers as a percentage of requests.
     *
     * @return 5XX answers as a percentage of requests
     */
    public IMetric metricApi5xxRate() {
        return metrics.api5xxRate();
    }

    /**
     * The API's p99 latency (ms).
     *
     * @return the API's p99 latency (ms)
     */
    public Metric metricApiLatency() {
        return metrics.apiLatency();
    }

    /**
     * The API's p99 integration latency (ms).
     *
     * @return the API's p99 integration latency (ms)
     */
    public Metric metricApiIntegrationLatency() {
        return metrics.apiIntegrationLatency();
    }

    /**
     * The function's errors (sum).
     *
     * @return the function's errors (sum)
     */
    public Metric metricFunctionErrors() {
        return metrics.functionErrors();
    }

    /**
     * The function's throttles (sum).
     *
     * @return the function's throttles (sum)
     */
    public Metric metricFunctionThrottles() {
        return metrics.functionThrottles();
    }

    /**
     * The function's p99 duration (ms).
     *
     * @return the function's p99 duration (ms)
     */
    public Metric metricFunctionDuration() {
        return metrics.functionDuration();
    }

    /**
     * The function's concurrent executions (maximum).
     *
     * @return the function's concurrent executions (maximum)
     */
    public Metric metricFunctionConcurrentExecutions() {
        return metrics.functionConcurrentExecutions();
    }

    /**
     * Throttled requests of the idempotency table over the operations the runtime calls on it.
     *
     * @return throttled requests of the idempotency table over the operations the runtime calls on it
     */
    public IMetric metricIdempotencyTableThrottles() {
        return metrics.idempotencyTableThrottles();
    }

    /**
     * DynamoDB system errors of the idempotency table over the operations the runtime calls on it.
     *
     * @return dynamoDB system errors of the idempotency table over the operations the runtime calls on it
     */
    public IMetric metricIdempotencyTableSystemErrors() {
        return metrics.idempotencyTableSystemErrors();
    }

    /**
     * Throttled requests of the unique-values table over the operations the runtime calls on it; a throttled guard
     * throttles the write of its item.
     *
     * @return throttled requests of the unique-values table, or null when no entity declares unique attributes
     */
    public IMetric metricUniqueValuesTableThrottles() {
        return metrics.hasUniqueValuesTable() ? metrics.uniqueValuesTableThrottles() : null;
    }

    /**
     * DynamoDB system errors of the unique-values table over the operations the runtime calls on it.
     *
     * @return system errors of the unique-values table, or null when no entity declares unique attributes
     */
    public IMetric metricUniqueValuesTableSystemErrors() {
        return metrics.hasUniqueValuesTable() ? metrics.uniqueValuesTableSystemErrors() : null;
    }

    /**
     * The runtime's {@value RuntimeMetrics#CONFLICTS} (sum): writes refused for a stale version.
     *
     * @return the runtime's {@value RuntimeMetrics#CONFLICTS} (sum)
     */
    public Metric metricConflicts() {
        return runtimeMetric(RuntimeMetrics.CONFLICTS);
    }

    /**
     * The runtime's {@value RuntimeMetrics#REPLAYS} (sum).
     *
     * @return the runtime's {@value RuntimeMetrics#REPLAYS} (sum)
     */
    public Metric metricReplays() {
        return runtimeMetric(RuntimeMetrics.REPLAYS);
    }

    /**
     * The runtime's {@value RuntimeMetrics#RECOVERED_AMBIGUOUS_WRITES} (sum).
     *
     * @return the runtime's {@value RuntimeMetrics#RECOVERED_AMBIGUOUS_WRITES} (sum)
     */
    public Metric metricRecoveredAmbiguousWrites() {
        return runtimeMetric(RuntimeMetrics.RECOVERED_AMBIGUOUS_WRITES);
    }

    /**
     * The runtime's {@value RuntimeMetrics#SDK_RETRIES} (sum).
     *
     * @return the runtime's {@value RuntimeMetrics#SDK_RETRIES} (sum)
     */
    public Metric metricSdkRetries() {
        return runtimeMetric(RuntimeMetrics.SDK_RETRIES);
    }

    /**
     * The runtime's {@value RuntimeMetrics#TRANSACTION_CANCELLATIONS} (sum, all reasons).
     *
     * @return the runtime's {@value RuntimeMetrics#TRANSACTION_CANCELLATIONS} (sum, all reasons)
     */
    public Metric metricTransactionCancellations() {
        return runtimeMetric(RuntimeMetrics.TRANSACTION_CANCELLATIONS);
    }

    /**
     * Any metric the runtime emits, by name, in its namespace with this API's {@code Service} dimension (sum).
     *
     * @param metricName the metric's name, e.g. {@value RuntimeMetrics#CONFLICTS}
     * @return the metric (sum over the alarms' period)
     */
    public Metric runtimeMetric(String metricName) {
        return metrics.runtime(metricName);
    }

    // ---------------------------------------------------------------- getters

    /**
     * The REST API.
     *
     * @return the REST API
     */
    public RestApi getRestApi() {
        return api.getRestApi();
    }

    /**
     * The deployment stage.
     *
     * @return the deployment stage
     */
    public Stage getStage() {
        return api.getRestApi().getDeploymentStage();
    }

    /**
     * The stage's URL.
     *
     * @return the stage's URL
     */
    public String getUrl() {
        return api.getRestApi().getUrl();
    }

    /**
     * The request validator, or null when request validation is off.
     *
     * @return the request validator, or null when request validation is off
     */
    public RequestValidator getRequestValidator() {
        return api.getRequestValidator();
    }

    /**
     * The API's methods.
     *
     * @return the API's methods
     */
    public List<Method> getMethods() {
        return api.getMethods();
    }

    // ---- custom domain and usage plans (issue 22)

    /**
     * The custom domain.
     *
     * @return the domain, or null without {@link ConsistentCrudApiProps#getCustomDomain()}
     */
    public DomainName getDomainName() {
        return frontDoor.getDomainName();
    }

    /**
     * The usage plans.
     *
     * @return the plans of {@link ConsistentCrudApiProps#getUsagePlans()}, by name
     */
    public Map<String, UsagePlan> getUsagePlans() {
        return frontDoor.getUsagePlans();
    }

    /**
     * The API keys the usage plans created.
     *
     * @return the keys, by name
     */
    public Map<String, IApiKey> getApiKeys() {
        return frontDoor.getApiKeys();
    }

    /**
     * The web ACL association, or null without {@link ConsistentCrudApiProps#getWebAclArn()}.
     *
     * @return the web ACL association, or null without {@link ConsistentCrudApiProps#getWebAclArn()}
     */
    public CfnWebACLAssociation getWebAclAssociation() {
        return api.getWebAclAssociation();
    }

    /**
     * The access log group of the stage.
     *
     * @return the access log group of the stage
     */
    public LogGroup getAccessLogGroup() {
        return api.getAccessLogGroup();
    }

    /**
     * The Lambda function.
     *
     * @return the Lambda function
     */
    public Function getFunction() {
        return handler.getFunction();
    }

    /**
     * The alias the API integrates with: the current published version (SnapStart snapshots it).
     *
     * @return the alias the API integrates with
     */
    public Alias getAlias() {
        return handler.getAlias();
    }

    /**
     * The function's execution role.
     *
     * @return the function's execution role
     */
    public Role getRole() {
        return handler.getRole();
    }

    /**
     * The function's log group.
     *
     * @return the function's log group
     */
    public LogGroup getFunctionLogGroup() {
        return handler.getLogGroup();
    }

    /**
     * The resolved timeout budget.
     *
     * @return the resolved timeout budget
     */
    public TimeoutBudget getTimeoutBudget() {
        return timeoutBudget;
    }

    /**
     * The value of the runtime metrics' {@code Service} dimension.
     *
     * @return the value of the runtime metrics' {@code Service} dimension
     */
    public String getServiceName() {
        return serviceName;
    }

    /**
     * The table of Idempotency-Key records.
     *
     * @return the table of Idempotency-Key records
     */
    public TableV2 getIdempotencyTable() {
        return idempotencyTable;
    }

    /**
     * The table of unique-value guards: one item per value of each unique attribute that a live item holds, written
     * by the runtime in the same transaction as that item (docs/construct.md, "Unique attributes"). Created only when
     * an entity declares {@link EntitySpec#getUniqueAttributes() unique attributes}.
     *
     * @return the table of unique-value guards, or null when no entity declares unique attributes
     */
    public TableV2 getUniqueValuesTable() {
        return uniqueValuesTable;
    }

    /**
     * Every alarm, stream consumers' included (also those added later); empty when alarms are off.
     *
     * @return every alarm, stream consumers' included (also those added later)
     */
    public List<Alarm> getAlarms() {
        return alarms.all();
    }

    /**
     * The topic the alarms notify, or null when alarms are off.
     *
     * @return the topic the alarms notify, or null when alarms are off
     */
    public ITopic getAlarmTopic() {
        return alarms.getTopic();
    }

    /**
     * The audit trail (stream consumer, audit log group, saved queries), or null when {@code auditTrail(false)}.
     *
     * @return the audit trail (stream consumer, audit log group, saved queries), or null when {@code auditTrail(false)}
     */
    public AuditTrail getAuditTrail() {
        return auditTrail;
    }

    /**
     * {@return the CodeDeploy deployment group that shifts traffic to a new version of the function, or null with
     * {@link GradualDeployment#allAtOnce()}}
     */
    public LambdaDeploymentGroup getDeploymentGroup() {
        return deploymentGroup;
    }

    /**
     * The dashboard, or null when {@code dashboardEnabled(false)}.
     *
     * @return the dashboard, or null when {@code dashboardEnabled(false)}
     */
    public Dashboard getDashboard() {
        return dashboard;
    }

    // ---------------------------------------------------------------- alarms (IllegalStateException when off)

    /**
     * The alarm on the API's 5XX rate.
     *
     * @return the alarm on the API's 5XX rate
     */
    public Alarm getApi5xxAlarm() {
        return alarms.get("Api5xxAlarm");
    }

    /**
     * The alarm on the API's p99 latency against the integration timeout.
     *
     * @return the alarm on the API's p99 latency against the integration timeout
     */
    public Alarm getApiLatencyAlarm() {
        return alarms.get("ApiLatencyAlarm");
    }

    /**
     * The alarm on the API's p99 integration latency against the Lambda timeout.
     *
     * @return the alarm on the API's p99 integration latency against the Lambda timeout
     */
    public Alarm getApiIntegrationLatencyAlarm() {
        return alarms.get("ApiIntegrationLatencyAlarm");
    }

    /**
     * {@return the alarm on the current version's p99 duration against the integration timeout (one-minute periods)}
     */
    public Alarm getVersionLatencyAlarm() {
        return alarms.get("VersionLatencyAlarm");
    }

    /**
     * The alarm on the function's errors.
     *
     * @return the alarm on the function's errors
     */
    public Alarm getFunctionErrorsAlarm() {
        return alarms.get("FunctionErrorsAlarm");
    }

    /**
     * The alarm on the function's throttles.
     *
     * @return the alarm on the function's throttles
     */
    public Alarm getFunctionThrottlesAlarm() {
        return alarms.get("FunctionThrottlesAlarm");
    }

    /**
     * The alarm on the function's p99 duration against its timeout.
     *
     * @return the alarm on the function's p99 duration against its timeout
     */
    public Alarm getFunctionDurationAlarm() {
        return alarms.get("FunctionDurationAlarm");
    }

    /**
     * The alarm on the function's concurrency near its limit.
     *
     * @return the alarm on the function's concurrency near its limit
     */
    public Alarm getFunctionConcurrencyAlarm() {
        return alarms.get("FunctionConcurrencyAlarm");
    }

    /**
     * The alarm on the idempotency table's throttled requests.
     *
     * @return the alarm on the idempotency table's throttled requests
     */
    public Alarm getIdempotencyTableThrottlesAlarm() {
        return alarms.get("IdempotencyTableThrottlesAlarm");
    }

    /**
     * The alarm on the idempotency table's system errors.
     *
     * @return the alarm on the idempotency table's system errors
     */
    public Alarm getIdempotencyTableSystemErrorsAlarm() {
        return alarms.get("IdempotencyTableSystemErrorsAlarm");
    }

    /**
     * The alarm on the unique-values table's throttled requests.
     *
     * @return the alarm, or null when no entity declares unique attributes
     * @throws IllegalStateException when alarms are off
     */
    public Alarm getUniqueValuesTableThrottlesAlarm() {
        return alarms.get("UniqueValuesTableThrottlesAlarm");
    }

    /**
     * The alarm on the unique-values table's system errors.
     *
     * @return the alarm, or null when no entity declares unique attributes
     * @throws IllegalStateException when alarms are off
     */
    public Alarm getUniqueValuesTableSystemErrorsAlarm() {
        return alarms.get("UniqueValuesTableSystemErrorsAlarm");
    }

    /**
     * The alarm on the runtime's recovered ambiguous writes.
     *
     * @return the alarm on the runtime's recovered ambiguous writes
     */
    public Alarm getRecoveredAmbiguousWritesAlarm() {
        return alarms.get("RecoveredAmbiguousWritesAlarm");
    }

    /**
     * The alarm on the runtime's conflicts.
     *
     * @return the alarm on the runtime's conflicts
     */
    public Alarm getConflictsAlarm() {
        return alarms.get("ConflictsAlarm");
    }

    /**
     * The alarm on the runtime's replays.
     *
     * @return the alarm on the runtime's replays
     */
    public Alarm getReplaysAlarm() {
        return alarms.get("ReplaysAlarm");
    }

    /** Fluent builder, in the style of the CDK's own constructs; its setters are those of the props' builder. */
    public static final class Builder extends ConsistentCrudApiPropsBuilderBase<Builder> {
        private final Construct scope;
        private final String id;

        private Builder(Construct scope, String id) {
            this.scope = scope;
            this.id = id;
        }

        /**
         * @param scope the parent construct
         * @param id    the construct id
         * @return a new builder
         */
        public static Builder create(Construct scope, String id) {
            return new Builder(scope, id);
        }

        /**
         * The construct.
         *
         * @return the construct
         */
        public ConsistentCrudApi build() {
            return new ConsistentCrudApi(scope, id, props());
        }
    }
}
