package io.consistentcrud.cdk;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import software.amazon.awscdk.Annotations;
import software.amazon.awscdk.ArnFormat;
import software.amazon.awscdk.ArnComponents;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.Token;
import software.amazon.awscdk.services.apigateway.AccessLogFormat;
import software.amazon.awscdk.services.apigateway.AuthorizationType;
import software.amazon.awscdk.services.apigateway.CfnAccount;
import software.amazon.awscdk.services.apigateway.CognitoUserPoolsAuthorizer;
import software.amazon.awscdk.services.apigateway.CorsOptions;
import software.amazon.awscdk.services.apigateway.EndpointType;
import software.amazon.awscdk.services.apigateway.IAuthorizer;
import software.amazon.awscdk.services.apigateway.Integration;
import software.amazon.awscdk.services.apigateway.IntegrationOptions;
import software.amazon.awscdk.services.apigateway.IntegrationType;
import software.amazon.awscdk.services.apigateway.LogGroupLogDestination;
import software.amazon.awscdk.services.apigateway.Method;
import software.amazon.awscdk.services.apigateway.MethodLoggingLevel;
import software.amazon.awscdk.services.apigateway.MethodOptions;
import software.amazon.awscdk.services.apigateway.RequestValidator;
import software.amazon.awscdk.services.apigateway.RequestValidatorOptions;
import software.amazon.awscdk.services.apigateway.Resource;
import software.amazon.awscdk.services.apigateway.RestApi;
import software.amazon.awscdk.services.apigateway.Stage;
import software.amazon.awscdk.services.apigateway.StageOptions;
import software.amazon.awscdk.services.cloudwatch.Alarm;
import software.amazon.awscdk.services.cloudwatch.Dashboard;
import software.amazon.awscdk.services.cloudwatch.IMetric;
import software.amazon.awscdk.services.cloudwatch.MathExpression;
import software.amazon.awscdk.services.cloudwatch.Metric;
import software.amazon.awscdk.services.cloudwatch.MetricOptions;
import software.amazon.awscdk.services.dynamodb.Attribute;
import software.amazon.awscdk.services.ec2.ISecurityGroup;
import software.amazon.awscdk.services.ec2.IVpc;
import software.amazon.awscdk.services.ec2.SubnetSelection;
import software.amazon.awscdk.services.dynamodb.AttributeType;
import software.amazon.awscdk.services.dynamodb.BillingMode;
import software.amazon.awscdk.services.dynamodb.PointInTimeRecoverySpecification;
import software.amazon.awscdk.services.dynamodb.StreamViewType;
import software.amazon.awscdk.services.dynamodb.Table;
import software.amazon.awscdk.services.dynamodb.TableEncryption;
import software.amazon.awscdk.services.iam.Effect;
import software.amazon.awscdk.services.iam.Grant;
import software.amazon.awscdk.services.iam.GrantOnPrincipalOptions;
import software.amazon.awscdk.services.iam.IGrantable;
import software.amazon.awscdk.services.iam.PolicyDocument;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.kms.Key;
import software.amazon.awscdk.services.lambda.Alias;
import software.amazon.awscdk.services.lambda.Architecture;
import software.amazon.awscdk.services.lambda.Code;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.lambda.IFunction;
import software.amazon.awscdk.services.lambda.Permission;
import software.amazon.awscdk.services.lambda.Runtime;
import software.amazon.awscdk.services.lambda.SnapStartConf;
import software.amazon.awscdk.services.lambda.Tracing;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.amazon.awscdk.services.sns.ITopic;
import software.amazon.awscdk.services.sns.Topic;
import software.amazon.awscdk.services.wafv2.CfnWebACLAssociation;
import software.constructs.Construct;

/**
 * An API Gateway REST API in front of a Java Lambda and DynamoDB tables that never loses or duplicates a write:
 * strongly consistent reads, version-conditioned writes, exactly-once writes under SDK and client retries, and a
 * timeout budget checked at synth (guarantees G1-G8 of the design).
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
 * }</pre>
 *
 * <p>Resources, per entity {@code E} with partition key {@code pk} (and sort key {@code sk}):
 * {@code POST /E}; {@code GET|PUT|PATCH|DELETE /E/{pk}} and {@code POST /E/{pk}/increment} (with a sort key:
 * {@code GET /E/{pk}} queries the partition and the item resources are {@code /E/{pk}/{sk}}); and
 * {@code POST /transactions}.
 */
public class ConsistentCrudApi extends Construct {
    /** The alias the API invokes: the published version, which is what SnapStart snapshots. */
    public static final String ALIAS_NAME = "live";
    /**
     * The Lambda runtime of the handler and the audit consumer: the newest Java runtime in aws-cdk-lib 2.263; the
     * runtime jar is Java 17 bytecode.
     */
    public static final Runtime JAVA_RUNTIME = Runtime.JAVA_25;
    /** The path segment of transactions; no entity may have this name. */
    public static final String TRANSACTIONS_PATH = "transactions";
    /** Concurrency limit the concurrency alarm assumes when nothing is reserved: the default account quota. */
    public static final int DEFAULT_ACCOUNT_CONCURRENCY = 1000;
    /** Lambda's timeout for a function that sets none. */
    static final long DEFAULT_LAMBDA_TIMEOUT_MS = 3_000;

    private static final Pattern ENTITY_NAME = Pattern.compile("[a-z][a-z0-9-]{0,62}");
    private static final Pattern ATTRIBUTE_NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_]{0,63}");
    private static final Pattern STAGE_NAME = Pattern.compile("[A-Za-z0-9_]{1,128}");
    private static final String RESERVED_PREFIX = io.consistentcrud.contract.ReservedAttributes.PREFIX;
    private static final Pattern ENVIRONMENT_NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_]*");
    private static final String RUNTIME_ENVIRONMENT_PREFIX = io.consistentcrud.contract.RuntimeVariables.PREFIX;
    /** The variables Lambda sets itself and refuses in a function's configuration. */
    private static final Set<String> LAMBDA_RESERVED_ENVIRONMENT = Set.of("_HANDLER", "_X_AMZN_TRACE_ID",
            "AWS_DEFAULT_REGION", "AWS_REGION", "AWS_EXECUTION_ENV", "AWS_LAMBDA_FUNCTION_NAME",
            "AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "AWS_LAMBDA_FUNCTION_VERSION", "AWS_LAMBDA_INITIALIZATION_TYPE",
            "AWS_LAMBDA_LOG_GROUP_NAME", "AWS_LAMBDA_LOG_STREAM_NAME", "AWS_ACCESS_KEY", "AWS_ACCESS_KEY_ID",
            "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_LAMBDA_RUNTIME_API", "LAMBDA_TASK_ROOT",
            "LAMBDA_RUNTIME_DIR");

    private final ConsistentCrudApiProps props;
    private final TimeoutBudget timeoutBudget;
    private final String serviceName;
    private final Map<String, EntitySpec> entities = new LinkedHashMap<>();
    private final Map<String, Table> tables = new LinkedHashMap<>();
    private final Table idempotencyTable;
    private final Role role;
    private final LogGroup functionLogGroup;
    private final Function function;
    private final Alias alias;
    private final LogGroup accessLogGroup;
    private final RestApi restApi;
    private final RequestValidator requestValidator;
    private final CfnWebACLAssociation webAclAssociation;
    private final List<Method> methods = new ArrayList<>();
    private final ITopic alarmTopic;
    private final Map<String, Alarm> alarmsById = new LinkedHashMap<>();
    private final List<Alarm> alarms = new ArrayList<>();
    private final Dashboard dashboard;
    private final AuditTrail auditTrail;
    private final Set<String> boundFunctions = new HashSet<>();

    /**
     * Creates the API, its function, tables, alarms and dashboard.
     *
     * @throws ConsistentCrudApiValidationException when a property breaks a rule or the timeout budget
     */
    public ConsistentCrudApi(Construct scope, String id, ConsistentCrudApiProps props) {
        super(scope, id);
        this.props = props;
        validate();
        this.timeoutBudget = TimeoutBudget.resolve(getNode().getPath(), props);
        if (!timeoutBudget.getNotes().isEmpty()) {
            // A warning, not an error: the chain holds, but a value the user did not set is not what they may expect.
            Annotations.of(this).addWarningV2("@consistentcrud/cdk:timeoutBudgetLowered",
                    "timeout budget: " + String.join("; ", timeoutBudget.getNotes()));
        }
        this.serviceName = props.getServiceName() != null ? props.getServiceName()
                : getNode().getPath().replace('/', '-');

        for (EntitySpec entity : props.getEntities()) {
            entities.put(entity.getName(), entity);
            tables.put(entity.getName(), createTable(entity));
        }
        this.idempotencyTable = createIdempotencyTable();
        this.functionLogGroup = LogGroup.Builder.create(this, "FunctionLogs")
                .retention(props.getLogRetention())
                .removalPolicy(props.getRemovalPolicy())
                .build();
        this.role = createRole();
        this.function = createFunction();
        this.alias = Alias.Builder.create(this, "Alias")
                .aliasName(ALIAS_NAME)
                .version(function.getCurrentVersion())
                .build();
        if (Boolean.TRUE.equals(props.getSnapStart())) {
            Annotations.of(function).acknowledgeWarning("@aws-cdk/aws-lambda:snapStartRequirePublish",
                    "the alias publishes the current version, and the API invokes only the alias");
        }

        this.accessLogGroup = LogGroup.Builder.create(this, "AccessLogs")
                .retention(props.getLogRetention())
                .removalPolicy(props.getRemovalPolicy())
                .build();
        this.restApi = createRestApi();
        this.requestValidator = Boolean.TRUE.equals(props.getRequestValidation())
                ? restApi.addRequestValidator("RequestValidator", RequestValidatorOptions.builder()
                .validateRequestParameters(true)
                // No method has a request model, so this checks nothing yet; the runtime validates bodies and
                // answers problem+json. On, so a model added to a method is enforced.
                .validateRequestBody(true)
                .build())
                : null;
        ProblemResponses.addTo(restApi, props.getCors() != null && !props.getCors().getAllowOrigins().isEmpty()
                ? props.getCors().getAllowOrigins().get(0) : null);
        addResources();
        this.webAclAssociation = props.getWebAclArn() == null ? null
                : CfnWebACLAssociation.Builder.create(this, "WebAclAssociation")
                .resourceArn(restApi.getDeploymentStage().getStageArn())
                .webAclArn(props.getWebAclArn())
                .build();

        this.alarmTopic = Boolean.TRUE.equals(props.getAlarmsEnabled())
                ? (props.getAlarmTopic() != null ? props.getAlarmTopic() : createAlarmTopic())
                : null;
        if (alarmTopic != null) {
            createAlarms();
        }
        this.auditTrail = Boolean.TRUE.equals(props.getAuditTrail())
                ? new AuditTrail(this, "AuditTrail", props.getAuditTrailOptions(), entitiesJson(),
                LambdaRuntimeAsset.code(), JAVA_RUNTIME, props.getArchitecture(), props.getRemovalPolicy())
                : null;
        this.dashboard = Boolean.TRUE.equals(props.getDashboardEnabled())
                ? DashboardFactory.create(this, props.getDashboardName())
                : null;
        suppressInapplicableNagFindings();
    }

    // ---------------------------------------------------------------- validation

    private void validate() {
        List<EntitySpec> list = props.getEntities();
        if (list == null || list.isEmpty()) {
            throw invalid("entities is empty; declare at least one entity");
        }
        Set<String> names = new HashSet<>();
        for (EntitySpec e : list) {
            validateEntity(e);
            if (!names.add(e.getName())) {
                throw invalid("entity name '" + e.getName() + "' is declared twice; entity names must be unique");
            }
        }
        if (props.getHandler() != null && props.getCode() == null) {
            throw invalid("handler '" + props.getHandler() + "' is set without code; set code too, or neither");
        }
        if (props.getEndpointType() == EndpointType.PRIVATE && props.getApiPolicy() == null) {
            throw invalid("endpointType PRIVATE needs apiPolicy: a resource policy that allows the VPC endpoints");
        }
        if (!STAGE_NAME.matcher(props.getStageName()).matches()) {
            throw invalid("stageName '" + props.getStageName() + "' is not 1-128 letters, digits or underscores");
        }
        positive("throttlingRateLimit", props.getThrottlingRateLimit());
        positive("throttlingBurstLimit", props.getThrottlingBurstLimit());
        int memory = props.getMemorySize().intValue();
        if (memory < 128 || memory > 10240) {
            throw invalid("memorySize " + memory + " is not between 128 and 10240 MB");
        }
        if (props.getReservedConcurrentExecutions() != null) {
            positive("reservedConcurrentExecutions", props.getReservedConcurrentExecutions());
        }
        long window = props.getIdempotencyWindow().toMilliseconds().longValue();
        if (window < 1000 || window % 1000 != 0) {
            throw invalid("idempotencyWindow " + TimeoutBudget.format(window)
                    + " is not a whole number of seconds of at least 1 s");
        }
        if (props.getServiceName() != null && props.getServiceName().isBlank()) {
            throw invalid("serviceName is blank; omit it to use the construct path");
        }
        if (props.getAlarmTopic() != null && !Boolean.TRUE.equals(props.getAlarmsEnabled())) {
            throw invalid("alarmTopic is set but alarmsEnabled is false; enable the alarms or drop the topic");
        }
        if (props.getVpc() == null && props.getVpcSubnets() != null) {
            throw invalid("vpcSubnets is set without vpc; set the vpc too, or neither");
        }
        if (props.getVpc() == null && props.getSecurityGroups() != null) {
            throw invalid("securityGroups is set without vpc; set the vpc too, or neither");
        }
        for (String name : props.getEnvironment().keySet()) {
            if (!ENVIRONMENT_NAME.matcher(name).matches()) {
                throw invalid("environment variable '" + name + "' is not a letter followed by letters, digits or "
                        + "underscores");
            }
            if (name.startsWith(RUNTIME_ENVIRONMENT_PREFIX)) {
                throw invalid("environment variable '" + name + "' starts with '" + RUNTIME_ENVIRONMENT_PREFIX
                        + "', the runtime's own configuration, which the construct sets from its props");
            }
            if (LAMBDA_RESERVED_ENVIRONMENT.contains(name)) {
                throw invalid("environment variable '" + name + "' is reserved by Lambda");
            }
        }
        if (props.getAuthorization().getType() == AuthorizationType.NONE) {
            Annotations.of(this).addWarningV2("@consistentcrud/cdk:authorizationNone", "authorization is NONE: "
                    + "anyone who can reach the API can read and write every entity, and writes record no caller");
        }
    }

    private void validateEntity(EntitySpec e) {
        String name = e.getName();
        if (name == null || !ENTITY_NAME.matcher(name).matches()) {
            throw invalid("entity name '" + name + "' is not 1-63 lower-case letters, digits or dashes starting "
                    + "with a letter");
        }
        if (TRANSACTIONS_PATH.equals(name)) {
            throw invalid("entity name 'transactions' is reserved for POST /transactions");
        }
        String where = "entity '" + name + "': ";
        if (e.getPartitionKey() == null) {
            throw invalid(where + "partitionKey is required");
        }
        validateKey(where, "partitionKey", e.getPartitionKey());
        if (e.getSortKey() != null) {
            validateKey(where, "sortKey", e.getSortKey());
            if (e.getSortKey().getName().equals(e.getPartitionKey().getName())) {
                throw invalid(where + "sortKey '" + e.getSortKey().getName() + "' has the partition key's name");
            }
        }
        Set<String> keyNames = new HashSet<>();
        keyNames.add(e.getPartitionKey().getName());
        if (e.getSortKey() != null) {
            keyNames.add(e.getSortKey().getName());
        }
        String version = e.getVersionAttribute();
        validateAttributeName(where, "versionAttribute", version);
        if (keyNames.contains(version)) {
            throw invalid(where + "versionAttribute '" + version + "' is also a key attribute; the version must be "
                    + "an attribute of its own");
        }
        String ttl = e.getTimeToLiveAttribute();
        if (ttl != null) {
            validateAttributeName(where, "timeToLiveAttribute", ttl);
            if (keyNames.contains(ttl) || ttl.equals(version)) {
                throw invalid(where + "timeToLiveAttribute '" + ttl + "' is also a key or the version attribute");
            }
        }
        boolean provisioned = e.getBillingMode() == BillingMode.PROVISIONED;
        if (!provisioned && (e.getReadCapacity() != null || e.getWriteCapacity() != null)) {
            throw invalid(where + "readCapacity/writeCapacity " + e.getReadCapacity() + "/" + e.getWriteCapacity()
                    + " are set but billingMode is " + e.getBillingMode() + "; capacities need PROVISIONED");
        }
        if (e.getEncryptionKey() != null && e.getEncryption() != null
                && e.getEncryption() != TableEncryption.CUSTOMER_MANAGED) {
            throw invalid(where + "encryptionKey is set but encryption is " + e.getEncryption()
                    + "; a key needs CUSTOMER_MANAGED");
        }
    }

    private void validateKey(String where, String property, Attribute key) {
        validateAttributeName(where, property, key.getName());
        if (key.getType() != AttributeType.STRING && key.getType() != AttributeType.NUMBER) {
            throw invalid(where + property + " '" + key.getName() + "' has type " + key.getType()
                    + "; keys are STRING or NUMBER, since they travel in the URL path");
        }
    }

    private void validateAttributeName(String where, String property, String value) {
        if (value == null || !ATTRIBUTE_NAME.matcher(value).matches()) {
            throw invalid(where + property + " '" + value + "' is not 1-64 letters, digits or underscores starting "
                    + "with a letter");
        }
        if (value.startsWith(RESERVED_PREFIX)) {
            throw invalid(where + property + " '" + value + "' starts with the runtime's reserved prefix '"
                    + RESERVED_PREFIX + "'");
        }
    }

    private void positive(String property, Number value) {
        if (value.doubleValue() <= 0) {
            throw invalid(property + " " + value + " is not positive");
        }
    }

    private ConsistentCrudApiValidationException invalid(String detail) {
        return new ConsistentCrudApiValidationException(getNode().getPath(), detail);
    }

    // ---------------------------------------------------------------- tables

    private Table createTable(EntitySpec e) {
        boolean provisioned = e.getBillingMode() == BillingMode.PROVISIONED;
        TableEncryption encryption = e.getEncryption() != null ? e.getEncryption()
                : e.getEncryptionKey() != null ? TableEncryption.CUSTOMER_MANAGED : TableEncryption.AWS_MANAGED;
        Table.Builder b = Table.Builder.create(this, "Table" + pascal(e.getName()))
                .partitionKey(e.getPartitionKey())
                .sortKey(e.getSortKey())
                .billingMode(e.getBillingMode())
                .stream(StreamViewType.NEW_AND_OLD_IMAGES)
                .encryption(encryption)
                .encryptionKey(e.getEncryptionKey())
                .pointInTimeRecoverySpecification(PointInTimeRecoverySpecification.builder()
                        .pointInTimeRecoveryEnabled(!Boolean.FALSE.equals(e.getPointInTimeRecovery()))
                        .build())
                .deletionProtection(!Boolean.FALSE.equals(e.getDeletionProtection()))
                .timeToLiveAttribute(e.getTimeToLiveAttribute())
                .removalPolicy(e.getRemovalPolicy() != null ? e.getRemovalPolicy() : props.getRemovalPolicy());
        if (provisioned) {
            b.readCapacity(e.getReadCapacity()).writeCapacity(e.getWriteCapacity());
        }
        return b.build();
    }

    private Table createIdempotencyTable() {
        return Table.Builder.create(this, "IdempotencyTable")
                .partitionKey(Attribute.builder()
                        .name(RuntimeEnvironment.IDEMPOTENCY_PARTITION_KEY).type(AttributeType.STRING).build())
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .timeToLiveAttribute(RuntimeEnvironment.IDEMPOTENCY_TTL_ATTRIBUTE)
                .encryption(TableEncryption.AWS_MANAGED)
                .pointInTimeRecoverySpecification(PointInTimeRecoverySpecification.builder()
                        .pointInTimeRecoveryEnabled(true).build())
                .deletionProtection(true)
                .removalPolicy(props.getRemovalPolicy())
                .build();
    }

    // ---------------------------------------------------------------- function

    private Role createRole() {
        Role r = Role.Builder.create(this, "FunctionRole")
                .assumedBy(new ServicePrincipal("lambda.amazonaws.com"))
                .description("ConsistentCrudApi " + getNode().getPath() + ": only the actions the runtime uses")
                .build();
        r.addToPrincipalPolicy(PolicyStatement.Builder.create()
                .sid("WriteOwnLogs")
                .actions(List.of("logs:CreateLogStream", "logs:PutLogEvents"))
                .resources(List.of(functionLogGroup.getLogGroupArn()))
                .build());
        addStoreStatements(r, new ArrayList<>(entities.values()), "");
        if (props.getVpc() != null) {
            // The function's own role (not CDK's) gets only the network-interface actions Lambda needs in a VPC,
            // instead of the managed AWSLambdaVPCAccessExecutionRole policy.
            r.addToPrincipalPolicy(PolicyStatement.Builder.create()
                    .sid("VpcNetworkInterfaces")
                    .actions(VPC_NETWORK_INTERFACE_ACTIONS)
                    .resources(List.of("*"))
                    .build());
        }
        return r;
    }

    /** What Lambda does with the function's role to place it in a VPC; EC2 allows no narrower resource here. */
    static final List<String> VPC_NETWORK_INTERFACE_ACTIONS = List.of("ec2:CreateNetworkInterface",
            "ec2:DescribeNetworkInterfaces", "ec2:DescribeSubnets", "ec2:DeleteNetworkInterface",
            "ec2:AssignPrivateIpAddresses", "ec2:UnassignPrivateIpAddresses");

    /**
     * Grants a principal exactly the store's calls ({@link StoreCall}) on the entities' tables (and their keys)
     * and on the idempotency table.
     */
    private void addStoreStatements(IGrantable grantee, List<EntitySpec> served, String sidPrefix) {
        for (EntitySpec e : served) {
            Table t = tables.get(e.getName());
            grantee.getGrantPrincipal().addToPrincipalPolicy(PolicyStatement.Builder.create()
                    .sid(sidPrefix + "Entity" + pascal(e.getName()))
                    .actions(StoreCall.actions(StoreCall.onEntityTable(e.getSortKey() != null)))
                    .resources(List.of(t.getTableArn()))
                    .build());
            if (t.getEncryptionKey() != null) {
                grantee.getGrantPrincipal().addToPrincipalPolicy(PolicyStatement.Builder.create()
                        .sid(sidPrefix + "EntityKey" + pascal(e.getName()))
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
    }

    /** The entities as the runtime reads them, table names included (tokens until deploy). */
    private String entitiesJson() {
        return runtimeEnvironment(new ArrayList<>(entities.values())).get(RuntimeEnvironment.ENTITIES);
    }

    /**
     * The runtime's environment for a store over the given entities: what the API's function gets, and what
     * {@link #bindStore} gives other functions.
     */
    private Map<String, String> runtimeEnvironment(List<EntitySpec> served) {
        List<String> tableNames = new ArrayList<>();
        served.forEach(e -> tableNames.add(tables.get(e.getName()).getTableName()));
        Map<String, String> env = new LinkedHashMap<>();
        env.put(RuntimeEnvironment.ENTITIES, RuntimeEnvironment.entitiesJson(served, tableNames));
        env.put(RuntimeEnvironment.ATTEMPT_TIMEOUT_MS, Long.toString(timeoutBudget.attemptTimeoutMillis()));
        env.put(RuntimeEnvironment.CALL_TIMEOUT_MS, Long.toString(timeoutBudget.callTimeoutMillis()));
        env.put(RuntimeEnvironment.MAX_ATTEMPTS, Integer.toString(timeoutBudget.getSdkMaxAttempts()));
        env.put(RuntimeEnvironment.IDEMPOTENCY_TABLE, idempotencyTable.getTableName());
        env.put(RuntimeEnvironment.IDEMPOTENCY_WINDOW_SECONDS,
                Long.toString(props.getIdempotencyWindow().toSeconds().longValue()));
        env.put(RuntimeEnvironment.METRICS_NAMESPACE, props.getMetricsNamespace());
        env.put(RuntimeEnvironment.SERVICE_NAME, serviceName);
        return env;
    }

    private Function createFunction() {
        Code code = props.getCode() != null ? props.getCode() : LambdaRuntimeAsset.code();
        String handler = props.getHandler() != null ? props.getHandler() : RuntimeEnvironment.DEFAULT_HANDLER;
        Map<String, String> env = new LinkedHashMap<>(props.getEnvironment());
        env.putAll(runtimeEnvironment(new ArrayList<>(entities.values())));
        return Function.Builder.create(this, "Function")
                .runtime(JAVA_RUNTIME)
                .architecture(props.getArchitecture())
                .memorySize(props.getMemorySize())
                .timeout(timeoutBudget.getLambdaTimeout())
                .code(code)
                .handler(handler)
                .role(role)
                .logGroup(functionLogGroup)
                .tracing(Tracing.ACTIVE)
                .snapStart(Boolean.TRUE.equals(props.getSnapStart()) ? SnapStartConf.ON_PUBLISHED_VERSIONS : null)
                .reservedConcurrentExecutions(props.getReservedConcurrentExecutions())
                .vpc(props.getVpc())
                .vpcSubnets(props.getVpcSubnets())
                .securityGroups(props.getSecurityGroups())
                .environment(env)
                .description("ConsistentCrudApi handler; timeout budget: " + timeoutBudget)
                .build();
    }

    // ---------------------------------------------------------------- API

    private RestApi createRestApi() {
        CfnAccount account = null;
        if (Boolean.TRUE.equals(props.getApiGatewayCloudWatchRole())) {
            Stack stack = Stack.of(this);
            String executionLogs = stack.formatArn(ArnComponents.builder()
                    .service("logs").resource("log-group").resourceName("API-Gateway-Execution-Logs_*")
                    .arnFormat(ArnFormat.COLON_RESOURCE_NAME).build());
            Role cloudWatchRole = Role.Builder.create(this, "ApiGatewayCloudWatchRole")
                    .assumedBy(new ServicePrincipal("apigateway.amazonaws.com"))
                    .description("API Gateway execution logging for the account; execution log groups only")
                    .inlinePolicies(Map.of("ExecutionLogs", PolicyDocument.Builder.create()
                            .statements(List.of(PolicyStatement.Builder.create()
                                    .effect(Effect.ALLOW)
                                    .actions(List.of("logs:CreateLogGroup", "logs:CreateLogStream",
                                            "logs:DescribeLogGroups", "logs:DescribeLogStreams",
                                            "logs:PutLogEvents", "logs:GetLogEvents", "logs:FilterLogEvents"))
                                    .resources(List.of(executionLogs, executionLogs + ":log-stream:*"))
                                    .build()))
                            .build()))
                    .build();
            // cdk-nag compares appliesTo with the ARN as the template has it: tokens as <AWS::Region> etc., literal
            // values when the stack has an explicit account and region.
            String arnPrefix = "Resource::arn:" + nagArnPart(stack.getPartition(), "AWS::Partition") + ":logs:"
                    + nagArnPart(stack.getRegion(), "AWS::Region") + ":" + nagArnPart(stack.getAccount(),
                    "AWS::AccountId") + ":log-group:API-Gateway-Execution-Logs_*";
            NagSuppressionMetadata.add(cloudWatchRole, List.of(new NagSuppressionMetadata.Suppression(
                    "AwsSolutions-IAM5", "API Gateway creates and names execution log groups itself, one per API "
                    + "and stage (API-Gateway-Execution-Logs_{apiId}/{stage}), for every API of the account; the "
                    + "role is limited to those log groups instead of the managed policy's '*'",
                    List.of(arnPrefix, arnPrefix + ":log-stream:*"))), true);
            account = CfnAccount.Builder.create(this, "ApiGatewayAccount")
                    .cloudWatchRoleArn(cloudWatchRole.getRoleArn())
                    .build();
        }
        RestApi api = RestApi.Builder.create(this, "RestApi")
                .restApiName(getNode().getPath().replace('/', '-'))
                .description("ConsistentCrudApi " + getNode().getPath())
                .endpointTypes(List.of(props.getEndpointType()))
                .policy(props.getApiPolicy())
                .cloudWatchRole(false)
                .defaultCorsPreflightOptions(props.getCors())
                .deployOptions(StageOptions.builder()
                        .stageName(props.getStageName())
                        .accessLogDestination(new LogGroupLogDestination(accessLogGroup))
                        .accessLogFormat(AccessLogFormat.custom(ACCESS_LOG_FORMAT))
                        .loggingLevel(MethodLoggingLevel.ERROR)
                        .dataTraceEnabled(false)
                        .tracingEnabled(true)
                        .throttlingRateLimit(props.getThrottlingRateLimit())
                        .throttlingBurstLimit(props.getThrottlingBurstLimit())
                        .build())
                .build();
        if (account != null) {
            api.getDeploymentStage().getNode().addDependency(account);
        }
        return api;
    }

    /** How cdk-nag writes a part of an ARN in findings: a pseudo parameter as {@code <AWS::Region>}, else as is. */
    private static String nagArnPart(String value, String pseudoParameter) {
        return Token.isUnresolved(value) ? "<" + pseudoParameter + ">" : value;
    }

    /** JSON access log lines: who called what, how it ended and how long the integration took. */
    static final String ACCESS_LOG_FORMAT = "{\"requestId\":\"$context.requestId\","
            + "\"extendedRequestId\":\"$context.extendedRequestId\",\"ip\":\"$context.identity.sourceIp\","
            + "\"caller\":\"$context.identity.caller\",\"user\":\"$context.identity.user\","
            + "\"principalId\":\"$context.authorizer.principalId\",\"requestTime\":\"$context.requestTime\","
            + "\"httpMethod\":\"$context.httpMethod\",\"resourcePath\":\"$context.resourcePath\","
            + "\"path\":\"$context.path\",\"status\":\"$context.status\",\"protocol\":\"$context.protocol\","
            + "\"responseLength\":\"$context.responseLength\",\"responseLatency\":\"$context.responseLatency\","
            + "\"integrationLatency\":\"$context.integration.latency\","
            + "\"integrationStatus\":\"$context.integration.status\","
            + "\"integrationError\":\"$context.integration.error\",\"errorType\":\"$context.error.responseType\","
            + "\"xrayTraceId\":\"$context.xrayTraceId\"}";

    private void addResources() {
        Integration integration = Integration.Builder.create()
                .type(IntegrationType.AWS_PROXY)
                .integrationHttpMethod("POST")
                .uri(Stack.of(this).formatArn(ArnComponents.builder()
                        .service("apigateway").account("lambda")
                        .resource("path/2015-03-31/functions/" + alias.getFunctionArn() + "/invocations")
                        .arnFormat(ArnFormat.NO_RESOURCE_NAME)
                        .build()))
                .options(IntegrationOptions.builder().timeout(timeoutBudget.getIntegrationTimeout()).build())
                .build();
        // One permission for the whole stage, not one per method: the alias's resource policy has a size limit.
        alias.addPermission("ApiInvoke", Permission.builder()
                .principal(new ServicePrincipal("apigateway.amazonaws.com"))
                .sourceArn(restApi.arnForExecuteApi("*", "/*", props.getStageName()))
                .build());

        for (EntitySpec e : entities.values()) {
            String pk = "{" + e.getPartitionKey().getName() + "}";
            Resource collection = restApi.getRoot().addResource(e.getName());
            method(collection, "POST", integration, List.of());
            Resource partition = collection.addResource(pk);
            List<String> pkParams = List.of(e.getPartitionKey().getName());
            Resource item;
            List<String> itemParams;
            if (e.getSortKey() != null) {
                method(partition, "GET", integration, pkParams);
                item = partition.addResource("{" + e.getSortKey().getName() + "}");
                itemParams = List.of(e.getPartitionKey().getName(), e.getSortKey().getName());
            } else {
                item = partition;
                itemParams = pkParams;
            }
            for (String m : List.of("GET", "PUT", "PATCH", "DELETE")) {
                method(item, m, integration, itemParams);
            }
            method(item.addResource("increment"), "POST", integration, itemParams);
        }
        method(restApi.getRoot().addResource(TRANSACTIONS_PATH), "POST", integration, List.of());
    }

    private void method(Resource resource, String httpMethod, Integration integration, List<String> pathParams) {
        ApiAuthorization auth = props.getAuthorization();
        IAuthorizer authorizer = auth.getAuthorizer();
        if (auth.getType() == AuthorizationType.COGNITO) {
            authorizer = cognitoAuthorizer(auth);
        }
        Map<String, Boolean> params = new LinkedHashMap<>();
        pathParams.forEach(p -> params.put("method.request.path." + p, true));
        MethodOptions.Builder options = MethodOptions.builder()
                .authorizationType(authorizer != null && authorizer.getAuthorizationType() != null
                        ? authorizer.getAuthorizationType() : auth.getType())
                .authorizer(authorizer)
                .requestParameters(params.isEmpty() ? null : params)
                .requestValidator(requestValidator);
        if (!auth.getScopes().isEmpty()) {
            options.authorizationScopes(auth.getScopes());
        }
        methods.add(resource.addMethod(httpMethod, integration, options.build()));
    }

    private CognitoUserPoolsAuthorizer cognitoAuthorizer;

    private CognitoUserPoolsAuthorizer cognitoAuthorizer(ApiAuthorization auth) {
        if (cognitoAuthorizer == null) {
            cognitoAuthorizer = CognitoUserPoolsAuthorizer.Builder.create(this, "Authorizer")
                    .cognitoUserPools(auth.getUserPools())
                    .build();
        }
        return cognitoAuthorizer;
    }

    // ---------------------------------------------------------------- alarms

    private ITopic createAlarmTopic() {
        Key key = Key.Builder.create(this, "AlarmTopicKey")
                .description("Encrypts the alarm topic of " + getNode().getPath())
                .enableKeyRotation(true)
                .removalPolicy(props.getRemovalPolicy())
                .build();
        // CloudWatch publishes alarm notifications itself and needs to use the topic's key for that.
        key.addToResourcePolicy(PolicyStatement.Builder.create()
                .sid("CloudWatchAlarmsPublish")
                .principals(List.of(new ServicePrincipal("cloudwatch.amazonaws.com")))
                .actions(List.of("kms:Decrypt", "kms:GenerateDataKey*"))
                .resources(List.of("*"))
                .build());
        return Topic.Builder.create(this, "AlarmTopic")
                .displayName("ConsistentCrudApi alarms " + getNode().getPath())
                .masterKey(key)
                .enforceSsl(true)
                .build();
    }

    private void createAlarms() {
        AlarmThresholds t = props.getAlarmThresholds();
        AlarmFactory f = new AlarmFactory(this, alarmTopic, t.getEvaluationPeriods());
        long integrationMs = timeoutBudget.integrationTimeoutMillis();
        long lambdaMs = timeoutBudget.lambdaTimeoutMillis();
        put("Api5xxAlarm", f.create("Api5xxAlarm", metricApi5xxRate(), t.getApi5xxRatePercent(),
                "5XX answers reached " + t.getApi5xxRatePercent() + "% of requests"));
        put("ApiLatencyAlarm", f.create("ApiLatencyAlarm", metricApiLatency(),
                integrationMs * t.getApiLatencyPercentOfBudget() / 100,
                "API p99 latency reached " + t.getApiLatencyPercentOfBudget() + "% of the "
                        + TimeoutBudget.format(integrationMs) + " integration timeout: 504s are near"));
        put("ApiIntegrationLatencyAlarm", f.create("ApiIntegrationLatencyAlarm", metricApiIntegrationLatency(),
                lambdaMs * t.getIntegrationLatencyPercentOfBudget() / 100,
                "API p99 integration latency reached " + t.getIntegrationLatencyPercentOfBudget() + "% of the "
                        + TimeoutBudget.format(lambdaMs) + " Lambda timeout"));
        put("FunctionErrorsAlarm", f.create("FunctionErrorsAlarm", metricFunctionErrors(), t.getFunctionErrors(),
                "The handler failed (unhandled errors or timeouts)"));
        put("FunctionThrottlesAlarm", f.create("FunctionThrottlesAlarm", metricFunctionThrottles(),
                t.getFunctionThrottles(), "Invocations were throttled"));
        put("FunctionDurationAlarm", f.create("FunctionDurationAlarm", metricFunctionDuration(),
                lambdaMs * t.getFunctionDurationPercentOfTimeout() / 100,
                "p99 duration reached " + t.getFunctionDurationPercentOfTimeout() + "% of the "
                        + TimeoutBudget.format(lambdaMs) + " Lambda timeout"));
        double limit = props.getReservedConcurrentExecutions() != null
                ? props.getReservedConcurrentExecutions().doubleValue() : DEFAULT_ACCOUNT_CONCURRENCY;
        put("FunctionConcurrencyAlarm", f.create("FunctionConcurrencyAlarm", metricFunctionConcurrentExecutions(),
                Math.max(1, Math.floor(limit * t.getFunctionConcurrencyPercentOfLimit() / 100)),
                "Concurrent executions reached " + t.getFunctionConcurrencyPercentOfLimit() + "% of "
                        + (long) limit + (props.getReservedConcurrentExecutions() != null ? " reserved"
                        : " (the default account quota)")));
        for (String name : entities.keySet()) {
            put(tableAlarmId(name, "Throttles"), f.create(tableAlarmId(name, "Throttles"), metricTableThrottles(name),
                    t.getTableThrottles(), "Requests to the " + name + " table were throttled"));
            put(tableAlarmId(name, "SystemErrors"), f.create(tableAlarmId(name, "SystemErrors"),
                    metricTableSystemErrors(name), t.getTableSystemErrors(),
                    "DynamoDB system errors on the " + name + " table"));
        }
        put("IdempotencyTableThrottlesAlarm", f.create("IdempotencyTableThrottlesAlarm",
                metricIdempotencyTableThrottles(), t.getTableThrottles(),
                "Requests to the idempotency table were throttled"));
        put("IdempotencyTableSystemErrorsAlarm", f.create("IdempotencyTableSystemErrorsAlarm",
                metricIdempotencyTableSystemErrors(), t.getTableSystemErrors(),
                "DynamoDB system errors on the idempotency table"));
        put("RecoveredAmbiguousWritesAlarm", f.create("RecoveredAmbiguousWritesAlarm",
                metricRecoveredAmbiguousWrites(), t.getRecoveredAmbiguousWrites(),
                "The SDK retried writes that had already committed; recognised and not applied twice (G4), "
                        + "but the network to DynamoDB is losing responses"));
        put("ConflictsAlarm", f.create("ConflictsAlarm", metricConflicts(), t.getConflicts(),
                "Many writes were refused for stale versions (412): clients contend for the same items"));
        put("ReplaysAlarm", f.create("ReplaysAlarm", metricReplays(), t.getReplays(),
                "Many requests were repeats answered from their first outcome: clients retry a lot"));
        alarms.addAll(f.created());
    }

    private void put(String id, Alarm alarm) {
        alarmsById.put(id, alarm);
    }

    private static String tableAlarmId(String entity, String kind) {
        return "Table" + pascal(entity) + kind + "Alarm";
    }

    // ---------------------------------------------------------------- nag

    private static final String PREFLIGHT = "CORS preflight (OPTIONS) requests carry no credentials by the "
            + "Fetch standard, so the preflight method cannot be authorized; it returns only the CORS headers";

    private void suppressInapplicableNagFindings() {
        NagSuppressionMetadata.add(role, List.of(new NagSuppressionMetadata.Suppression("AwsSolutions-IAM5",
                "X-Ray's PutTraceSegments and PutTelemetryRecords" + (props.getVpc() != null ? ", and the "
                        + "network-interface actions Lambda needs to place the function in a VPC," : "")
                        + " have no resource-level permissions; every other statement names its table, key or log "
                        + "group", List.of("Resource::*"))), true);
        NagSuppressionMetadata.add(function, List.of(new NagSuppressionMetadata.Suppression("Serverless-LambdaDLQ",
                "API Gateway invokes the function synchronously and gets every failure as the answer; a DLQ only "
                        + "applies to asynchronous invocations")), false);
        NagSuppressionMetadata.add(restApi.getLatestDeployment(), List.of(new NagSuppressionMetadata.Suppression(
                "CdkNagValidationFailure", "Serverless-APIGWStructuredLogging fails on a Deployment without "
                + "StageDescription; the access log settings live on the Stage, where the same rule checks them "
                + "(JSON format)", List.of("Serverless-APIGWStructuredLogging"))), false);
        if (props.getCors() != null) {
            for (Method m : restApi.getMethods()) {
                if ("OPTIONS".equals(m.getHttpMethod())) {
                    NagSuppressionMetadata.add(m, List.of(
                            new NagSuppressionMetadata.Suppression("AwsSolutions-APIG4", PREFLIGHT),
                            new NagSuppressionMetadata.Suppression("AwsSolutions-COG4", PREFLIGHT)), false);
                }
            }
        }
        AuthorizationType type = props.getAuthorization().getType();
        if (type == AuthorizationType.IAM || type == AuthorizationType.CUSTOM) {
            String reason = "The method is authorized with " + (type == AuthorizationType.IAM ? "IAM (SigV4)"
                    : "a custom authorizer") + ", chosen in ConsistentCrudApiProps.authorization; a Cognito user "
                    + "pool is one option, not a requirement";
            for (Method m : methods) {
                NagSuppressionMetadata.add(m, List.of(new NagSuppressionMetadata.Suppression("AwsSolutions-COG4",
                        reason)), false);
            }
        }
    }

    // ---------------------------------------------------------------- stream consumers

    /**
     * Lets a function consume an entity table's stream (NEW_AND_OLD_IMAGES; every write carries its request token,
     * caller and time) with hardened defaults: bisect on error, partial batch responses, bounded retries and record
     * age, an encrypted SSL-only dead-letter queue and an iterator-age alarm (on the alarm topic when alarms are on).
     *
     * @param entityName the entity whose table to consume
     * @param consumer   the consuming function; it is granted read access to the stream and send to the DLQ
     * @param options    bounds of the event source; null for the defaults
     * @return the consumer's queue, event source and alarms (none when {@code alarmsEnabled(false)})
     */
    public StreamConsumer addStreamConsumer(String entityName, IFunction consumer, StreamConsumerOptions options) {
        Table table = getTable(entityName);
        String id = "StreamConsumer" + pascal(entityName) + consumer.getNode().getAddr().substring(0, 8);
        StreamConsumer sc = new StreamConsumer(this, id, table, consumer,
                options != null ? options : StreamConsumerOptions.builder().build(),
                Boolean.TRUE.equals(props.getAlarmsEnabled()));
        if (alarmTopic != null) {
            software.amazon.awscdk.services.cloudwatch.actions.SnsAction action =
                    new software.amazon.awscdk.services.cloudwatch.actions.SnsAction(alarmTopic);
            for (software.amazon.awscdk.services.cloudwatch.Alarm alarm : sc.alarms()) {
                alarm.addAlarmAction(action);
                alarm.addOkAction(action);
            }
        }
        alarms.addAll(sc.alarms());
        NagSuppressionMetadata.add(sc.getDeadLetterQueue(), List.of(
                new NagSuppressionMetadata.Suppression("AwsSolutions-SQS3", "This queue is itself the dead-letter "
                        + "queue of the stream consumer's event source"),
                new NagSuppressionMetadata.Suppression("Serverless-SQSRedrivePolicy", "This queue is the terminal "
                        + "dead-letter queue of the stream consumer's event source: nothing consumes it "
                        + "automatically, so a redrive policy would have no receive count to act on; its depth "
                        + "alarm pages on the first record")), false);
        return sc;
    }

    /** {@link #addStreamConsumer(String, IFunction, StreamConsumerOptions)} with the default options. */
    public StreamConsumer addStreamConsumer(String entityName, IFunction consumer) {
        return addStreamConsumer(entityName, consumer, null);
    }

    // ---------------------------------------------------------------- grants

    /** Grants {@code execute-api:Invoke} on every method of the stage (for IAM authorization). */
    public Grant grantInvoke(IGrantable grantee) {
        return Grant.addToPrincipal(GrantOnPrincipalOptions.builder()
                .grantee(grantee)
                .actions(List.of("execute-api:Invoke"))
                .resourceArns(List.of(restApi.arnForExecuteApi("*", "/*", props.getStageName())))
                .build());
    }

    /**
     * Grants consistent reads of one entity's table (GetItem and Query), e.g. to a reporting job. Writes go through
     * the API, which keeps versions and bookkeeping right.
     */
    public Grant grantReadData(String entityName, IGrantable grantee) {
        Table table = getTable(entityName);
        Grant grant = Grant.addToPrincipal(GrantOnPrincipalOptions.builder()
                .grantee(grantee)
                .actions(List.of(DynamoDbActions.GET_ITEM, DynamoDbActions.QUERY))
                .resourceArns(List.of(table.getTableArn()))
                .build());
        if (table.getEncryptionKey() != null) {
            table.getEncryptionKey().grantDecrypt(grantee);
        }
        return grant;
    }

    /**
     * Lets one of your own functions use the runtime's {@code ConsistentStore} on some of this API's entities, with
     * the same guarantees as the API: sets the runtime's environment (the entities' tables, the SDK timeouts and
     * attempts of this API's budget, the idempotency table and window, the metrics namespace and service), grants
     * exactly the calls the store makes ({@link StoreCall}) on those tables, their keys and the idempotency table
     * (no Scan, no BatchWriteItem), and checks the function's timeout against the budget. In the handler:
     * {@code BoundStore store = BoundStore.fromEnvironment();} (runtime package {@code io.consistentcrud.runtime}).
     *
     * @param function    the function; its timeout must be above this API's SDK call timeout
     * @param entityNames the entities it may read and write; at least one
     * @throws ConsistentCrudApiValidationException when an entity is unknown, the function is already bound, or
     *                                              its timeout would cut a store call short
     */
    public void bindStore(Function function, List<String> entityNames) {
        String where = "bindStore(" + function.getNode().getPath() + "): ";
        if (entityNames == null || entityNames.isEmpty()) {
            throw invalid(where + "no entity named; name at least one of " + entities.keySet());
        }
        List<EntitySpec> served = new ArrayList<>();
        for (String name : entityNames) {
            EntitySpec e = entities.get(name);
            if (e == null) {
                throw invalid(where + "entity '" + name + "' is not one of " + entities.keySet());
            }
            if (!served.contains(e)) {
                served.add(e);
            }
        }
        if (!boundFunctions.add(function.getNode().getAddr())) {
            throw invalid(where + "the function is already bound to this API; bind all its entities in one call");
        }
        long timeoutMs = function.getTimeout() != null ? function.getTimeout().toMilliseconds().longValue()
                : DEFAULT_LAMBDA_TIMEOUT_MS;
        long callMs = timeoutBudget.callTimeoutMillis();
        if (timeoutMs <= callMs) {
            throw invalid(where + "function timeout " + TimeoutBudget.format(timeoutMs) + " is not above the "
                    + "store's SDK call timeout " + TimeoutBudget.format(callMs) + " (" + timeoutBudget.getSdkMaxAttempts()
                    + " attempts x " + TimeoutBudget.format(timeoutBudget.attemptTimeoutMillis()) + " + "
                    + TimeoutBudget.format(timeoutBudget.getSdkMaxBackoff().toMilliseconds().longValue())
                    + " backoff): a store call could still be retrying a committed write when Lambda stops the "
                    + "function; give it a timeout of at least " + TimeoutBudget.format((callMs / 1000 + 1) * 1000)
                    + ", or lower this API's sdkCallTimeout");
        }
        runtimeEnvironment(served).forEach(function::addEnvironment);
        addStoreStatements(function, served, "ConsistentStore" + getNode().getId().replaceAll("[^A-Za-z0-9]", ""));
    }

    /** {@link #bindStore(Function, List)} for the named entities. */
    public void bindStore(Function function, String... entityNames) {
        bindStore(function, List.of(entityNames));
    }

    /** Grants reading one entity's stream, for consumers built without {@link #addStreamConsumer}. */
    public Grant grantStreamRead(String entityName, IGrantable grantee) {
        return getTable(entityName).grantStreamRead(grantee);
    }

    // ---------------------------------------------------------------- metrics

    private MetricOptions periodOptions(String statistic) {
        return MetricOptions.builder().period(props.getAlarmThresholds().getPeriod()).statistic(statistic).build();
    }

    /** 5XX answers as a percentage of requests. */
    public IMetric metricApi5xxRate() {
        return MathExpression.Builder.create()
                .expression("IF(requests > 0, 100 * errors / requests, 0)")
                .usingMetrics(ordered("errors", restApi.metricServerError(periodOptions("Sum")),
                        "requests", restApi.metricCount(periodOptions("Sum"))))
                .label("5XX rate (%)")
                .period(props.getAlarmThresholds().getPeriod())
                .build();
    }

    /** The API's p99 latency (ms). */
    public Metric metricApiLatency() {
        return restApi.metricLatency(periodOptions("p99"));
    }

    /** The API's p99 integration latency (ms). */
    public Metric metricApiIntegrationLatency() {
        return restApi.metricIntegrationLatency(periodOptions("p99"));
    }

    /** The function's errors (sum). */
    public Metric metricFunctionErrors() {
        return function.metricErrors(periodOptions("Sum"));
    }

    /** The function's throttles (sum). */
    public Metric metricFunctionThrottles() {
        return function.metricThrottles(periodOptions("Sum"));
    }

    /** The function's p99 duration (ms). */
    public Metric metricFunctionDuration() {
        return function.metricDuration(periodOptions("p99"));
    }

    /** The function's concurrent executions (maximum). */
    public Metric metricFunctionConcurrentExecutions() {
        return function.metric("ConcurrentExecutions", periodOptions("Maximum"));
    }

    /**
     * Throttled requests of an entity's table over every operation the runtime calls on it ({@link StoreCall}),
     * transactions included.
     */
    public IMetric metricTableThrottles(String entityName) {
        return throttles(getTable(entityName), pascal(entityName), entities.get(entityName).getSortKey() != null);
    }

    /** DynamoDB system errors of an entity's table over every operation the runtime calls on it ({@link StoreCall}). */
    public IMetric metricTableSystemErrors(String entityName) {
        return systemErrors(getTable(entityName), pascal(entityName), entities.get(entityName).getSortKey() != null);
    }

    /** Throttled requests of the idempotency table over the operations the runtime calls on it. */
    public IMetric metricIdempotencyTableThrottles() {
        return throttles(idempotencyTable, "Idempotency", false);
    }

    /** DynamoDB system errors of the idempotency table over the operations the runtime calls on it. */
    public IMetric metricIdempotencyTableSystemErrors() {
        return systemErrors(idempotencyTable, "Idempotency", false);
    }

    private IMetric throttles(Table table, String idPart, boolean query) {
        return operationsSum(table, "ThrottledRequests", "throttles" + idPart, query);
    }

    private IMetric systemErrors(Table table, String idPart, boolean query) {
        return operationsSum(table, "SystemErrors", "errors" + idPart, query);
    }

    /**
     * The sum of a per-operation DynamoDB metric over the runtime's operations. Own expression ids (unlike the
     * table's metricXxxForOperations) so several tables' sums can share one graph.
     */
    private IMetric operationsSum(Table table, String metricName, String idPrefix, boolean query) {
        List<String> ops = StoreCall.operations(idempotencyTable == table ? StoreCall.onIdempotencyTable()
                : StoreCall.onEntityTable(query));
        Map<String, IMetric> using = new LinkedHashMap<>();
        for (String op : ops) {
            using.put(idPrefix + op, Metric.Builder.create()
                    .namespace("AWS/DynamoDB")
                    .metricName(metricName)
                    .dimensionsMap(ordered("TableName", table.getTableName(), "Operation", op))
                    .statistic("Sum")
                    .period(props.getAlarmThresholds().getPeriod())
                    .build());
        }
        return MathExpression.Builder.create()
                .expression(String.join(" + ", using.keySet().stream().map(k -> "FILL(" + k + ", 0)").toList()))
                .usingMetrics(using)
                .label(metricName + " " + table.getNode().getId())
                .period(props.getAlarmThresholds().getPeriod())
                .build();
    }

    /** The runtime's {@value RuntimeMetrics#CONFLICTS} (sum): writes refused for a stale version. */
    public Metric metricConflicts() {
        return runtimeMetric(RuntimeMetrics.CONFLICTS);
    }

    /** The runtime's {@value RuntimeMetrics#REPLAYS} (sum). */
    public Metric metricReplays() {
        return runtimeMetric(RuntimeMetrics.REPLAYS);
    }

    /** The runtime's {@value RuntimeMetrics#RECOVERED_AMBIGUOUS_WRITES} (sum). */
    public Metric metricRecoveredAmbiguousWrites() {
        return runtimeMetric(RuntimeMetrics.RECOVERED_AMBIGUOUS_WRITES);
    }

    /** The runtime's {@value RuntimeMetrics#SDK_RETRIES} (sum). */
    public Metric metricSdkRetries() {
        return runtimeMetric(RuntimeMetrics.SDK_RETRIES);
    }

    /** The runtime's {@value RuntimeMetrics#TRANSACTION_CANCELLATIONS} (sum, all reasons). */
    public Metric metricTransactionCancellations() {
        return runtimeMetric(RuntimeMetrics.TRANSACTION_CANCELLATIONS);
    }

    /** Any metric the runtime emits, by name, in its namespace with this API's {@code Service} dimension (sum). */
    public Metric runtimeMetric(String metricName) {
        return Metric.Builder.create()
                .namespace(props.getMetricsNamespace())
                .metricName(metricName)
                .dimensionsMap(Map.of(RuntimeMetrics.SERVICE_DIMENSION, serviceName))
                .statistic("Sum")
                .period(props.getAlarmThresholds().getPeriod())
                .build();
    }

    /** Map.of iterates in a per-JVM random order, which would make templates differ between synths. */
    private static <V> Map<String, V> ordered(String k1, V v1, String k2, V v2) {
        Map<String, V> m = new LinkedHashMap<>();
        m.put(k1, v1);
        m.put(k2, v2);
        return m;
    }

    // ---------------------------------------------------------------- getters

    private static String pascal(String name) {
        StringBuilder sb = new StringBuilder();
        for (String part : name.split("-")) {
            if (!part.isEmpty()) {
                sb.append(Character.toUpperCase(part.charAt(0))).append(part.substring(1));
            }
        }
        return sb.toString();
    }

    /** The REST API. */
    public RestApi getRestApi() {
        return restApi;
    }

    /** The deployment stage. */
    public Stage getStage() {
        return restApi.getDeploymentStage();
    }

    /** The stage's URL. */
    public String getUrl() {
        return restApi.getUrl();
    }

    /** The request validator, or null when request validation is off. */
    public RequestValidator getRequestValidator() {
        return requestValidator;
    }

    /** The API's methods. */
    public List<Method> getMethods() {
        return Collections.unmodifiableList(methods);
    }

    /** The web ACL association, or null without {@link ConsistentCrudApiProps#getWebAclArn()}. */
    public CfnWebACLAssociation getWebAclAssociation() {
        return webAclAssociation;
    }

    /** The access log group of the stage. */
    public LogGroup getAccessLogGroup() {
        return accessLogGroup;
    }

    /** The Lambda function. */
    public Function getFunction() {
        return function;
    }

    /** The alias the API integrates with: the current published version (SnapStart snapshots it). */
    public Alias getAlias() {
        return alias;
    }

    /** The function's execution role. */
    public Role getRole() {
        return role;
    }

    /** The function's log group. */
    public LogGroup getFunctionLogGroup() {
        return functionLogGroup;
    }

    /** The resolved timeout budget. */
    public TimeoutBudget getTimeoutBudget() {
        return timeoutBudget;
    }

    /** The value of the runtime metrics' {@code Service} dimension. */
    public String getServiceName() {
        return serviceName;
    }

    /**
     * The table of an entity, by entity name.
     *
     * @throws IllegalArgumentException naming the declared entities when there is no such entity
     */
    public Table getTable(String entityName) {
        Table table = tables.get(entityName);
        if (table == null) {
            throw new IllegalArgumentException("no entity named '" + entityName + "'; entities are "
                    + tables.keySet());
        }
        return table;
    }

    /** All entity tables by entity name, in declaration order. */
    public Map<String, Table> getTables() {
        return Collections.unmodifiableMap(tables);
    }

    /** The table of Idempotency-Key records. */
    public Table getIdempotencyTable() {
        return idempotencyTable;
    }

    /** The entities, by name. */
    public Map<String, EntitySpec> getEntities() {
        return Collections.unmodifiableMap(entities);
    }

    /** Every alarm, stream consumers' included; empty when alarms are off. */
    public List<Alarm> getAlarms() {
        return Collections.unmodifiableList(alarms);
    }

    /** The topic the alarms notify, or null when alarms are off. */
    public ITopic getAlarmTopic() {
        return alarmTopic;
    }

    /** The audit trail (stream consumer, audit log group, saved queries), or null when {@code auditTrail(false)}. */
    public AuditTrail getAuditTrail() {
        return auditTrail;
    }

    /** The dashboard, or null when {@code dashboardEnabled(false)}. */
    public Dashboard getDashboard() {
        return dashboard;
    }

    private Alarm alarm(String id) {
        if (alarmTopic == null) {
            throw new IllegalStateException(getNode().getPath() + ": alarms are off (alarmsEnabled false)");
        }
        return alarmsById.get(id);
    }

    /** The alarm on the API's 5XX rate. */
    public Alarm getApi5xxAlarm() {
        return alarm("Api5xxAlarm");
    }

    /** The alarm on the API's p99 latency against the integration timeout. */
    public Alarm getApiLatencyAlarm() {
        return alarm("ApiLatencyAlarm");
    }

    /** The alarm on the API's p99 integration latency against the Lambda timeout. */
    public Alarm getApiIntegrationLatencyAlarm() {
        return alarm("ApiIntegrationLatencyAlarm");
    }

    /** The alarm on the function's errors. */
    public Alarm getFunctionErrorsAlarm() {
        return alarm("FunctionErrorsAlarm");
    }

    /** The alarm on the function's throttles. */
    public Alarm getFunctionThrottlesAlarm() {
        return alarm("FunctionThrottlesAlarm");
    }

    /** The alarm on the function's p99 duration against its timeout. */
    public Alarm getFunctionDurationAlarm() {
        return alarm("FunctionDurationAlarm");
    }

    /** The alarm on the function's concurrency near its limit. */
    public Alarm getFunctionConcurrencyAlarm() {
        return alarm("FunctionConcurrencyAlarm");
    }

    /** The alarm on an entity table's throttled requests. */
    public Alarm getTableThrottlesAlarm(String entityName) {
        getTable(entityName);
        return alarm(tableAlarmId(entityName, "Throttles"));
    }

    /** The alarm on an entity table's system errors. */
    public Alarm getTableSystemErrorsAlarm(String entityName) {
        getTable(entityName);
        return alarm(tableAlarmId(entityName, "SystemErrors"));
    }

    /** The alarm on the idempotency table's throttled requests. */
    public Alarm getIdempotencyTableThrottlesAlarm() {
        return alarm("IdempotencyTableThrottlesAlarm");
    }

    /** The alarm on the idempotency table's system errors. */
    public Alarm getIdempotencyTableSystemErrorsAlarm() {
        return alarm("IdempotencyTableSystemErrorsAlarm");
    }

    /** The alarm on the runtime's recovered ambiguous writes. */
    public Alarm getRecoveredAmbiguousWritesAlarm() {
        return alarm("RecoveredAmbiguousWritesAlarm");
    }

    /** The alarm on the runtime's conflicts. */
    public Alarm getConflictsAlarm() {
        return alarm("ConflictsAlarm");
    }

    /** The alarm on the runtime's replays. */
    public Alarm getReplaysAlarm() {
        return alarm("ReplaysAlarm");
    }

    /** Fluent builder, in the style of the CDK's own constructs. */
    public static final class Builder {
        private final Construct scope;
        private final String id;
        private final ConsistentCrudApiProps.Builder props = ConsistentCrudApiProps.builder();

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
         * @param entities see {@link ConsistentCrudApiProps#getEntities()}
         * @return this builder
         */
        public Builder entities(List<? extends EntitySpec> entities) {
            props.entities(entities);
            return this;
        }

        /**
         * @param removalPolicy see {@link ConsistentCrudApiProps#getRemovalPolicy()}
         * @return this builder
         */
        public Builder removalPolicy(RemovalPolicy removalPolicy) {
            props.removalPolicy(removalPolicy);
            return this;
        }

        /**
         * @param endpointType see {@link ConsistentCrudApiProps#getEndpointType()}
         * @return this builder
         */
        public Builder endpointType(EndpointType endpointType) {
            props.endpointType(endpointType);
            return this;
        }

        /**
         * @param apiPolicy see {@link ConsistentCrudApiProps#getApiPolicy()}
         * @return this builder
         */
        public Builder apiPolicy(PolicyDocument apiPolicy) {
            props.apiPolicy(apiPolicy);
            return this;
        }

        /**
         * @param stageName see {@link ConsistentCrudApiProps#getStageName()}
         * @return this builder
         */
        public Builder stageName(String stageName) {
            props.stageName(stageName);
            return this;
        }

        /**
         * @param throttlingRateLimit see {@link ConsistentCrudApiProps#getThrottlingRateLimit()}
         * @return this builder
         */
        public Builder throttlingRateLimit(Number throttlingRateLimit) {
            props.throttlingRateLimit(throttlingRateLimit);
            return this;
        }

        /**
         * @param throttlingBurstLimit see {@link ConsistentCrudApiProps#getThrottlingBurstLimit()}
         * @return this builder
         */
        public Builder throttlingBurstLimit(Number throttlingBurstLimit) {
            props.throttlingBurstLimit(throttlingBurstLimit);
            return this;
        }

        /**
         * @param authorization see {@link ConsistentCrudApiProps#getAuthorization()}
         * @return this builder
         */
        public Builder authorization(ApiAuthorization authorization) {
            props.authorization(authorization);
            return this;
        }

        /**
         * @param cors see {@link ConsistentCrudApiProps#getCors()}
         * @return this builder
         */
        public Builder cors(CorsOptions cors) {
            props.cors(cors);
            return this;
        }

        /**
         * @param requestValidation see {@link ConsistentCrudApiProps#getRequestValidation()}
         * @return this builder
         */
        public Builder requestValidation(Boolean requestValidation) {
            props.requestValidation(requestValidation);
            return this;
        }

        /**
         * @param webAclArn see {@link ConsistentCrudApiProps#getWebAclArn()}
         * @return this builder
         */
        public Builder webAclArn(String webAclArn) {
            props.webAclArn(webAclArn);
            return this;
        }

        /**
         * @param logRetention see {@link ConsistentCrudApiProps#getLogRetention()}
         * @return this builder
         */
        public Builder logRetention(RetentionDays logRetention) {
            props.logRetention(logRetention);
            return this;
        }

        /**
         * @param apiGatewayCloudWatchRole see {@link ConsistentCrudApiProps#getApiGatewayCloudWatchRole()}
         * @return this builder
         */
        public Builder apiGatewayCloudWatchRole(Boolean apiGatewayCloudWatchRole) {
            props.apiGatewayCloudWatchRole(apiGatewayCloudWatchRole);
            return this;
        }

        /**
         * @param clientTimeout see {@link ConsistentCrudApiProps#getClientTimeout()}
         * @return this builder
         */
        public Builder clientTimeout(Duration clientTimeout) {
            props.clientTimeout(clientTimeout);
            return this;
        }

        /**
         * @param integrationTimeout see {@link ConsistentCrudApiProps#getIntegrationTimeout()}
         * @return this builder
         */
        public Builder integrationTimeout(Duration integrationTimeout) {
            props.integrationTimeout(integrationTimeout);
            return this;
        }

        /**
         * @param integrationTimeoutQuotaAcknowledged see {@link ConsistentCrudApiProps#getIntegrationTimeoutQuotaAcknowledged()}
         * @return this builder
         */
        public Builder integrationTimeoutQuotaAcknowledged(Boolean integrationTimeoutQuotaAcknowledged) {
            props.integrationTimeoutQuotaAcknowledged(integrationTimeoutQuotaAcknowledged);
            return this;
        }

        /**
         * @param coldStartAllowance see {@link ConsistentCrudApiProps#getColdStartAllowance()}
         * @return this builder
         */
        public Builder coldStartAllowance(Duration coldStartAllowance) {
            props.coldStartAllowance(coldStartAllowance);
            return this;
        }

        /**
         * @param lambdaTimeout see {@link ConsistentCrudApiProps#getLambdaTimeout()}
         * @return this builder
         */
        public Builder lambdaTimeout(Duration lambdaTimeout) {
            props.lambdaTimeout(lambdaTimeout);
            return this;
        }

        /**
         * @param sdkCallTimeout see {@link ConsistentCrudApiProps#getSdkCallTimeout()}
         * @return this builder
         */
        public Builder sdkCallTimeout(Duration sdkCallTimeout) {
            props.sdkCallTimeout(sdkCallTimeout);
            return this;
        }

        /**
         * @param sdkAttemptTimeout see {@link ConsistentCrudApiProps#getSdkAttemptTimeout()}
         * @return this builder
         */
        public Builder sdkAttemptTimeout(Duration sdkAttemptTimeout) {
            props.sdkAttemptTimeout(sdkAttemptTimeout);
            return this;
        }

        /**
         * @param sdkMaxAttempts see {@link ConsistentCrudApiProps#getSdkMaxAttempts()}
         * @return this builder
         */
        public Builder sdkMaxAttempts(Integer sdkMaxAttempts) {
            props.sdkMaxAttempts(sdkMaxAttempts);
            return this;
        }

        /**
         * @param memorySize see {@link ConsistentCrudApiProps#getMemorySize()}
         * @return this builder
         */
        public Builder memorySize(Number memorySize) {
            props.memorySize(memorySize);
            return this;
        }

        /**
         * @param architecture see {@link ConsistentCrudApiProps#getArchitecture()}
         * @return this builder
         */
        public Builder architecture(Architecture architecture) {
            props.architecture(architecture);
            return this;
        }

        /**
         * @param reservedConcurrentExecutions see {@link ConsistentCrudApiProps#getReservedConcurrentExecutions()}
         * @return this builder
         */
        public Builder reservedConcurrentExecutions(Number reservedConcurrentExecutions) {
            props.reservedConcurrentExecutions(reservedConcurrentExecutions);
            return this;
        }

        /**
         * @param snapStart see {@link ConsistentCrudApiProps#getSnapStart()}
         * @return this builder
         */
        public Builder snapStart(Boolean snapStart) {
            props.snapStart(snapStart);
            return this;
        }

        /**
         * @param vpc see {@link ConsistentCrudApiProps#getVpc()}
         * @return this builder
         */
        public Builder vpc(IVpc vpc) {
            props.vpc(vpc);
            return this;
        }

        /**
         * @param vpcSubnets see {@link ConsistentCrudApiProps#getVpcSubnets()}
         * @return this builder
         */
        public Builder vpcSubnets(SubnetSelection vpcSubnets) {
            props.vpcSubnets(vpcSubnets);
            return this;
        }

        /**
         * @param securityGroups see {@link ConsistentCrudApiProps#getSecurityGroups()}
         * @return this builder
         */
        public Builder securityGroups(List<? extends ISecurityGroup> securityGroups) {
            props.securityGroups(securityGroups);
            return this;
        }

        /**
         * @param environment see {@link ConsistentCrudApiProps#getEnvironment()}
         * @return this builder
         */
        public Builder environment(Map<String, String> environment) {
            props.environment(environment);
            return this;
        }

        /**
         * @param code see {@link ConsistentCrudApiProps#getCode()}
         * @return this builder
         */
        public Builder code(Code code) {
            props.code(code);
            return this;
        }

        /**
         * @param handler see {@link ConsistentCrudApiProps#getHandler()}
         * @return this builder
         */
        public Builder handler(String handler) {
            props.handler(handler);
            return this;
        }

        /**
         * @param idempotencyWindow see {@link ConsistentCrudApiProps#getIdempotencyWindow()}
         * @return this builder
         */
        public Builder idempotencyWindow(Duration idempotencyWindow) {
            props.idempotencyWindow(idempotencyWindow);
            return this;
        }

        /**
         * @param serviceName see {@link ConsistentCrudApiProps#getServiceName()}
         * @return this builder
         */
        public Builder serviceName(String serviceName) {
            props.serviceName(serviceName);
            return this;
        }

        /**
         * @param metricsNamespace see {@link ConsistentCrudApiProps#getMetricsNamespace()}
         * @return this builder
         */
        public Builder metricsNamespace(String metricsNamespace) {
            props.metricsNamespace(metricsNamespace);
            return this;
        }

        /**
         * @param alarmsEnabled see {@link ConsistentCrudApiProps#getAlarmsEnabled()}
         * @return this builder
         */
        public Builder alarmsEnabled(Boolean alarmsEnabled) {
            props.alarmsEnabled(alarmsEnabled);
            return this;
        }

        /**
         * @param alarmTopic see {@link ConsistentCrudApiProps#getAlarmTopic()}
         * @return this builder
         */
        public Builder alarmTopic(ITopic alarmTopic) {
            props.alarmTopic(alarmTopic);
            return this;
        }

        /**
         * @param alarmThresholds see {@link ConsistentCrudApiProps#getAlarmThresholds()}
         * @return this builder
         */
        public Builder alarmThresholds(AlarmThresholds alarmThresholds) {
            props.alarmThresholds(alarmThresholds);
            return this;
        }

        /**
         * @param auditTrail see {@link ConsistentCrudApiProps#getAuditTrail()}
         * @return this builder
         */
        public Builder auditTrail(Boolean auditTrail) {
            props.auditTrail(auditTrail);
            return this;
        }

        /**
         * @param auditTrailOptions see {@link ConsistentCrudApiProps#getAuditTrailOptions()}
         * @return this builder
         */
        public Builder auditTrailOptions(AuditTrailOptions auditTrailOptions) {
            props.auditTrailOptions(auditTrailOptions);
            return this;
        }

        /**
         * @param dashboardEnabled see {@link ConsistentCrudApiProps#getDashboardEnabled()}
         * @return this builder
         */
        public Builder dashboardEnabled(Boolean dashboardEnabled) {
            props.dashboardEnabled(dashboardEnabled);
            return this;
        }

        /**
         * @param dashboardName see {@link ConsistentCrudApiProps#getDashboardName()}
         * @return this builder
         */
        public Builder dashboardName(String dashboardName) {
            props.dashboardName(dashboardName);
            return this;
        }

        /** The construct. */
        public ConsistentCrudApi build() {
            return new ConsistentCrudApi(scope, id, props.build());
        }
    }
}
