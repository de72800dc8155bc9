package io.consistentcrud.cdk.internal;

import io.consistentcrud.cdk.ConsistentCrudApiProps;
import io.consistentcrud.cdk.ConsistentCrudApiValidationException;
import io.consistentcrud.cdk.EntityIndex;
import io.consistentcrud.cdk.EntitySpec;
import io.consistentcrud.cdk.IndexRollout;
import io.consistentcrud.cdk.Replication;
import io.consistentcrud.cdk.TimeoutBudget;
import io.consistentcrud.contract.ApiRoutes;
import java.util.ArrayList;
import java.util.HashMap;
import io.consistentcrud.cdk.internal.schema.ItemSchema;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import software.amazon.awscdk.Annotations;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.Token;
import software.amazon.awscdk.services.apigateway.AuthorizationType;
import software.amazon.awscdk.services.apigateway.EndpointType;
import software.amazon.awscdk.services.dynamodb.Attribute;
import software.amazon.awscdk.services.dynamodb.AttributeType;
import software.amazon.awscdk.services.dynamodb.BillingMode;
import software.amazon.awscdk.services.dynamodb.ProjectionType;
import software.amazon.awscdk.services.dynamodb.TableEncryption;
import software.amazon.awscdk.services.dynamodb.WarmThroughput;
import software.constructs.Construct;

/**
 * The checks of a ConsistentCrudApi's props, run in its constructor before anything is created: each
 * failure names the construct path, the property, the value and the rule it breaks.
 */
public final class PropsValidator {
    private static final Pattern ENTITY_NAME = Pattern.compile("[a-z][a-z0-9-]{0,62}");
    private static final Pattern INDEX_NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_.-]{2,63}");
    private static final int MAX_PROJECTED_NON_KEY = 100;
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

    /** DynamoDB's most items in one TransactWriteItems call. */
    private static final int DYNAMODB_TRANSACTION_ITEMS = 100;
    /** The schema types whose values a guard's key can hold: one scalar each. */
    private static final Set<String> UNIQUE_SCHEMA_TYPES = Set.of("string", "number", "integer");

    private static final Pattern REGION = Pattern.compile("[a-z]{2}(-[a-z]+)+-\\d+");
    /** The DynamoDB limitation that rules MRSC out, as the refusal states it. */
    static final String MRSC_TRANSACTIONS_LIMITATION = "the DynamoDB Developer Guide (global tables, multi-Region "
            + "strong consistency) lists transactions, TransactWriteItems and TransactGetItems, as not supported on "
            + "MRSC global tables";

    /** DynamoDB's minimum warm throughput of a table, in read and write units per second. */
    static final long MIN_WARM_READ_UNITS = 12_000;
    static final long MIN_WARM_WRITE_UNITS = 4_000;

    private final Construct scope;
    private final ConsistentCrudApiProps props;

    /**
     * @param scope the construct whose path errors name and on which warnings appear
     * @param props its props
     */
    public PropsValidator(Construct scope, ConsistentCrudApiProps props) {
        this.scope = scope;
        this.props = props;
    }

    /** Checks the props; warns (on the construct) about choices that are legal but risky. */
    public void validate() {
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
            Annotations.of(scope).addWarningV2("@consistentcrud/cdk:authorizationNone", "authorization is NONE: "
                    + "anyone who can reach the API can read and write every entity, and writes record no caller");
        }
    }

    private void validateEntity(EntitySpec e) {
        String name = e.getName();
        if (name == null || !ENTITY_NAME.matcher(name).matches()) {
            throw invalid("entity name '" + name + "' is not 1-63 lower-case letters, digits or dashes starting "
                    + "with a letter");
        }
        if (ApiRoutes.TRANSACTIONS.equals(name)) {
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
        boolean customerKey = e.getEncryption() == TableEncryption.CUSTOMER_MANAGED || e.getEncryptionKey() != null;
        if (customerKey && e.getExistingTable() == null && Token.isUnresolved(Stack.of(scope).getRegion())) {
            throw invalid(where + "encryption CUSTOMER_MANAGED needs a stack with an explicit Region (env.region): "
                    + "a TableV2 names the key of each Region it has a replica in");
        }
        validateIndexes(where, e, keyNames);
        if (e.getExistingTable() != null) {
            ExistingTables.validate(scope, where, e, Boolean.TRUE.equals(props.getAuditTrail()), this::invalid);
        } else {
            validateTableSettings(where, e, provisioned);
            validateReplication(where, e);
        }
        ItemSchema schema = validateSchema(e);
        // Allowed on an existing table too: the guards live in the construct's own table, not in the user's.
        validateUniqueAttributes(where, e, keyNames, schema);
    }

    /**
     * Unique attributes the runtime can guard: attributes clients write, each once, few enough to keep the write's
     * transaction small, and of a scalar type when the schema declares them.
     */
    private void validateUniqueAttributes(String where, EntitySpec e, Set<String> keyNames, ItemSchema schema) {
        List<String> unique = UniqueAttributes.of(e);
        if (unique.size() > EntitySpec.MAX_UNIQUE_ATTRIBUTES) {
            throw invalid(where + "uniqueAttributes " + unique + " declares " + unique.size() + " attributes; at "
                    + "most " + EntitySpec.MAX_UNIQUE_ATTRIBUTES + " per entity: each changed unique value adds two "
                    + "items (the old value's guard deleted, the new one's put) to the write's transaction, which "
                    + "must stay far below DynamoDB's " + DYNAMODB_TRANSACTION_ITEMS + "-item limit");
        }
        Set<String> seen = new HashSet<>();
        for (String name : unique) {
            if (name == null || name.isEmpty()) {
                throw invalid(where + "uniqueAttributes '" + name + "' is empty; name the attribute");
            }
            if (name.startsWith(RESERVED_PREFIX)) {
                throw invalid(where + "uniqueAttributes '" + name + "' starts with the runtime's reserved prefix '"
                        + RESERVED_PREFIX + "': those attributes are the runtime's bookkeeping, not values clients "
                        + "write");
            }
            validateAttributeName(where, "uniqueAttributes", name);
            if (keyNames.contains(name)) {
                throw invalid(where + "uniqueAttributes '" + name + "' is a key attribute of the table, unique "
                        + "already: the key names one item");
            }
            if (name.equals(e.getVersionAttribute())) {
                throw invalid(where + "uniqueAttributes '" + name + "' is the version attribute: the runtime sets it on "
                        + "every write, and every new item's is 1");
            }
            if (name.equals(e.getTimeToLiveAttribute())) {
                throw invalid(where + "uniqueAttributes '" + name + "' is the timeToLiveAttribute: DynamoDB deletes "
                        + "an expired item without the runtime, which would leave its guard holding the value");
            }
            if (!seen.add(name)) {
                throw invalid(where + "uniqueAttributes lists '" + name + "' twice");
            }
            if (schema != null) {
                schema.declaredProperty(name).ifPresent(declared -> {
                    JsonNode type = declared.get("type");
                    if (type == null || !type.isTextual() || !UNIQUE_SCHEMA_TYPES.contains(type.asText())) {
                        throw invalid(where + "uniqueAttributes '" + name + "' has the schema type "
                                + (type == null ? "none" : type.toString()) + "; a unique attribute's schema type "
                                + "must be \"string\", \"number\" or \"integer\": a guard's key holds one scalar "
                                + "value");
                    }
                });
            }
        }
    }

    /**
     * Replicas only in a mode the guarantees hold in: read replicas with one writing Region (the stack's), and no
     * multi-Region strong consistency while most writes are transactions.
     */
    private void validateReplication(String where, EntitySpec e) {
        Replication r = e.getReplication();
        if (r == null || r.getMode() == Replication.Mode.SINGLE_REGION) {
            return;
        }
        if (r.getMode() == Replication.Mode.MULTI_REGION_STRONG) {
            throw invalid(where + "replication " + r + " (multi-Region strong consistency) is refused: the "
                    + "runtime's replace, delete, increment, POST /transactions and every write with an "
                    + "Idempotency-Key are TransactWriteItems calls (the version check and the record commit "
                    + "together), and "
                    + MRSC_TRANSACTIONS_LIMITATION + "; use Replication.readReplicas(...) with one writing Region");
        }
        String home = Stack.of(scope).getRegion();
        if (Token.isUnresolved(home)) {
            throw invalid(where + "replication " + r + " needs a stack with an explicit Region (env.region): the "
                    + "stack's Region is the home Region, the only one that writes");
        }
        if (r.getReplicaRegions().isEmpty()) {
            throw invalid(where + "replication READ_REPLICAS names no Region; name at least one, or use "
                    + "Replication.singleRegion()");
        }
        Set<String> seen = new HashSet<>();
        for (String region : r.getReplicaRegions()) {
            if (region == null || !REGION.matcher(region).matches()) {
                throw invalid(where + "replication Region '" + region + "' is not a Region name such as eu-west-1");
            }
            if (region.equals(home)) {
                throw invalid(where + "replication Region '" + region + "' is the stack's (home) Region; replicas "
                        + "are in the other Regions");
            }
            if (!seen.add(region)) {
                throw invalid(where + "replication Region '" + region + "' is named twice");
            }
        }
    }

    /** The TableV2 settings: cost guards, warm throughput, resource policy, recovery period. */
    private void validateTableSettings(String where, EntitySpec e, boolean provisioned) {
        for (var guard : new Object[][] {{"maxReadRequestUnits", e.getMaxReadRequestUnits()},
                {"maxWriteRequestUnits", e.getMaxWriteRequestUnits()}}) {
            Number value = (Number) guard[1];
            if (value == null) {
                continue;
            }
            if (provisioned) {
                throw invalid(where + guard[0] + " " + value + " is set but billingMode is PROVISIONED; an on-demand "
                        + "maximum needs PAY_PER_REQUEST (provisioned capacity is its own maximum)");
            }
            if (!isWhole(value) || (value.longValue() < 1 && value.longValue() != -1)) {
                throw invalid(where + guard[0] + " " + value + " is not a whole number of at least 1 request unit "
                        + "per second (or -1 for no maximum)");
            }
        }
        WarmThroughput warm = e.getWarmThroughput();
        if (warm != null) {
            checkWarm(where, "warmThroughput.readUnitsPerSecond", warm.getReadUnitsPerSecond(),
                    MIN_WARM_READ_UNITS, e.getMaxReadRequestUnits(), provisioned);
            checkWarm(where, "warmThroughput.writeUnitsPerSecond", warm.getWriteUnitsPerSecond(),
                    MIN_WARM_WRITE_UNITS, e.getMaxWriteRequestUnits(), provisioned);
        }
        if (e.getResourcePolicy() != null && !Boolean.TRUE.equals(e.getAllowAnyPrincipalInResourcePolicy())) {
            String star = ResourcePolicies.anyPrincipalStatement(scope, e.getResourcePolicy());
            if (star != null) {
                throw invalid(where + "resourcePolicy statement " + star + " has the principal '*'; a table policy "
                        + "names the accounts or roles it trusts (set allowAnyPrincipalInResourcePolicy(true) when "
                        + "its conditions narrow '*' on purpose)");
            }
        }
        Number days = e.getPointInTimeRecoveryPeriodDays();
        if (days != null) {
            if (Boolean.FALSE.equals(e.getPointInTimeRecovery())) {
                throw invalid(where + "pointInTimeRecoveryPeriodDays " + days + " is set but pointInTimeRecovery "
                        + "is false; a recovery period needs point-in-time recovery on");
            }
            if (!isWhole(days) || days.longValue() < 1 || days.longValue() > 35) {
                throw invalid(where + "pointInTimeRecoveryPeriodDays " + days + " is not a whole number of days "
                        + "from 1 to 35 (DynamoDB's range)");
            }
        }
    }

    private void checkWarm(String where, String property, Number value, long minimum, Number declaredMax,
                           boolean provisioned) {
        if (value == null) {
            return;
        }
        if (!isWhole(value) || value.longValue() < minimum) {
            throw invalid(where + property + " " + value + " is not a whole number of at least " + minimum
                    + " (DynamoDB's minimum warm throughput of a table)");
        }
        Number max = provisioned ? null : EntityTables.maxRequestUnits(declaredMax);
        if (max != null && value.longValue() > max.longValue()) {
            throw invalid(where + property + " " + value + " is above the on-demand maximum " + max
                    + " (" + property.replace("warmThroughput.", "").replace("UnitsPerSecond", "")
                    + " guard): the guard would throttle before the table used it; raise the maximum or lower it");
        }
    }

    private static boolean isWhole(Number n) {
        return n.doubleValue() == Math.rint(n.doubleValue()) && !Double.isInfinite(n.doubleValue());
    }

    /**
     * The entity's indexes: names, typed keys that are neither the version nor reserved, one type per attribute
     * name across the table's and the indexes' keys, projections that list no key, DynamoDB's quotas, and at most
     * one index created or dropped per deployment (IndexRollout).
     */
    private void validateIndexes(String where, EntitySpec e, Set<String> tableKeys) {
        List<EntityIndex> indexes = e.getIndexes() == null ? List.of() : e.getIndexes();
        if (indexes.size() > EntityIndex.MAX_PER_TABLE) {
            throw invalid(where + "indexes declares " + indexes.size() + " indexes; DynamoDB allows at most "
                    + EntityIndex.MAX_PER_TABLE + " global secondary indexes per table");
        }
        Map<String, AttributeType> keyTypes = new HashMap<>();
        keyTypes.put(e.getPartitionKey().getName(), e.getPartitionKey().getType());
        if (e.getSortKey() != null) {
            keyTypes.put(e.getSortKey().getName(), e.getSortKey().getType());
        }
        Set<String> names = new HashSet<>();
        Set<String> idParts = new HashSet<>();
        int projectedNonKey = 0;
        for (EntityIndex index : indexes) {
            String name = index.getName();
            if (name == null || !INDEX_NAME.matcher(name).matches()) {
                throw invalid(where + "index name '" + name + "' is not 3-64 letters, digits, dots, dashes or "
                        + "underscores starting with a letter");
            }
            String at = where + "index '" + name + "': ";
            if (!names.add(name)) {
                throw invalid(at + "the name is declared twice; index names must be unique in an entity");
            }
            if (!idParts.add(EntityIndexes.idPart(e.getName(), name))) {
                throw invalid(at + "the name differs from another index's only by dots, dashes or underscores; "
                        + "their alarms would have one id");
            }
            if (index.getPartitionKey() == null) {
                throw invalid(at + "partitionKey is required");
            }
            List<Attribute> keys = index.getSortKey() == null ? List.of(index.getPartitionKey())
                    : List.of(index.getPartitionKey(), index.getSortKey());
            Set<String> indexKeys = new HashSet<>();
            for (Attribute key : keys) {
                String property = key == index.getPartitionKey() ? "partitionKey" : "sortKey";
                validateKey(at, property, key);
                if (key.getName().equals(e.getVersionAttribute())) {
                    throw invalid(at + property + " '" + key.getName() + "' is the version attribute, which "
                            + "every write changes; an index key must be an attribute clients write");
                }
                AttributeType known = keyTypes.putIfAbsent(key.getName(), key.getType());
                if (known != null && known != key.getType()) {
                    throw invalid(at + property + " '" + key.getName() + "' has type " + key.getType() + " but is "
                            + known + " in another key; one attribute has one type in every key of the table");
                }
                if (!indexKeys.add(key.getName())) {
                    throw invalid(at + "sortKey '" + key.getName() + "' has the partition key's name");
                }
            }
            List<String> listed = index.getNonKeyAttributes();
            ProjectionType projection = index.getProjection() == null ? ProjectionType.ALL : index.getProjection();
            if (projection != ProjectionType.INCLUDE && !listed.isEmpty()) {
                throw invalid(at + "nonKeyAttributes " + listed + " are set but projection is " + projection
                        + "; listed attributes need INCLUDE");
            }
            if (projection == ProjectionType.INCLUDE && listed.isEmpty()) {
                throw invalid(at + "projection INCLUDE lists no nonKeyAttributes; list them, or use KEYS_ONLY");
            }
            Set<String> seen = new HashSet<>();
            for (String attribute : listed) {
                validateAttributeName(at, "nonKeyAttributes", attribute);
                if (tableKeys.contains(attribute) || indexKeys.contains(attribute)) {
                    throw invalid(at + "nonKeyAttributes lists '" + attribute + "', a key attribute; keys are "
                            + "always projected and DynamoDB refuses them in the list");
                }
                if (attribute.equals(e.getVersionAttribute())) {
                    throw invalid(at + "nonKeyAttributes lists '" + attribute + "', the version attribute, which "
                            + "every index holds already");
                }
                if (!seen.add(attribute)) {
                    throw invalid(at + "nonKeyAttributes lists '" + attribute + "' twice");
                }
            }
            if (projection != ProjectionType.ALL) {
                projectedNonKey += listed.size() + EntityIndexes.alwaysProjected(e).size();
            }
        }
        if (projectedNonKey > MAX_PROJECTED_NON_KEY) {
            throw invalid(where + "indexes project " + projectedNonKey + " non-key attributes in all (the version "
                    + "and the tombstone marker count in each KEYS_ONLY or INCLUDE index); DynamoDB allows "
                    + MAX_PROJECTED_NON_KEY + " per table");
        }
        validateIndexRollout(where, e, names);
    }

    /** At most one index created or dropped per deployment of a table the construct creates. */
    private void validateIndexRollout(String where, EntitySpec e, Set<String> declared) {
        IndexRollout rollout = e.getIndexRollout();
        if (e.getExistingTable() != null) {
            if (rollout != null) {
                throw invalid(where + "indexRollout " + rollout + " is set with existingTable; the construct "
                        + "creates no index on a table it does not own");
            }
            return;
        }
        if (rollout == null) {
            if (declared.size() > 1) {
                throw invalid(where + "indexes declares " + declared.size() + " indexes " + declared + " without "
                        + "indexRollout; CloudFormation creates or drops one index of a table per deployment: set "
                        + "IndexRollout.newTable() if the table is created in this deployment, or "
                        + "IndexRollout.deployed(<the indexes it has>) (docs/construct.md, \"Rolling out indexes\")");
            }
            return;
        }
        if (rollout.isNewTable()) {
            return;
        }
        Set<String> deployed = new HashSet<>(rollout.getDeployedIndexes());
        if (deployed.size() != rollout.getDeployedIndexes().size()) {
            throw invalid(where + "indexRollout " + rollout + " names an index twice");
        }
        List<String> changes = new ArrayList<>();
        declared.stream().filter(n -> !deployed.contains(n)).sorted().forEach(n -> changes.add("create " + n));
        deployed.stream().filter(n -> !declared.contains(n)).sorted().forEach(n -> changes.add("drop " + n));
        if (changes.size() > 1) {
            throw invalid(where + "indexRollout " + rollout + " and indexes " + declared + " change " + changes.size()
                    + " indexes in one deployment " + changes + "; CloudFormation creates or drops one index of a "
                    + "table per deployment: deploy one change, then the next (docs/construct.md, "
                    + "\"Rolling out indexes\")");
        }
    }

    /**
     * The item schema parses and every rule holds; a warning lists the keywords only the runtime enforces (API
     * Gateway's models ignore them), so nobody believes the gateway refuses what it lets through.
     */
    private ItemSchema validateSchema(EntitySpec e) {
        if (e.getSchema() == null) {
            return null;
        }
        ItemSchema schema = ItemSchema.of(e, this::invalid);
        if (!schema.runtimeOnlyKeywords().isEmpty()) {
            Annotations.of(scope).addWarningV2("@consistentcrud/cdk:schemaRuntimeOnly:" + e.getName(),
                    "entity '" + e.getName() + "': schema keywords enforced in the runtime only (API Gateway's "
                            + "draft-4 models ignore them): " + String.join(", ", schema.runtimeOnlyKeywords()));
        }
        return schema;
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

    /**
     * A validation error on this construct's path.
     *
     * @param detail what is wrong and how to fix it
     * @return the exception, for the caller to throw
     */
    public ConsistentCrudApiValidationException invalid(String detail) {
        return new ConsistentCrudApiValidationException(scope.getNode().getPath(), detail);
    }
}
