package io.consistentcrud.cdk.internal;

import io.consistentcrud.cdk.ConsistentCrudApi;
import io.consistentcrud.cdk.ConsistentCrudApiProps;
import io.consistentcrud.cdk.ConsistentCrudApiValidationException;
import io.consistentcrud.cdk.EntitySpec;
import io.consistentcrud.cdk.TimeoutBudget;
import io.consistentcrud.cdk.internal.schema.ItemSchema;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import software.amazon.awscdk.Annotations;
import software.amazon.awscdk.services.apigateway.AuthorizationType;
import software.amazon.awscdk.services.apigateway.EndpointType;
import software.amazon.awscdk.services.dynamodb.Attribute;
import software.amazon.awscdk.services.dynamodb.AttributeType;
import software.amazon.awscdk.services.dynamodb.BillingMode;
import software.amazon.awscdk.services.dynamodb.TableEncryption;
import software.constructs.Construct;

/**
 * The checks of a {@link ConsistentCrudApi}'s props, run in its constructor before anything is created: each
 * failure names the construct path, the property, the value and the rule it breaks.
 */
public final class PropsValidator {
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
        if (ConsistentCrudApi.TRANSACTIONS_PATH.equals(name)) {
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
        validateSchema(e);
    }

    /**
     * The item schema parses and every rule holds; a warning lists the keywords only the runtime enforces (API
     * Gateway's models ignore them), so nobody believes the gateway refuses what it lets through.
     */
    private void validateSchema(EntitySpec e) {
        if (e.getSchema() == null) {
            return;
        }
        ItemSchema schema = ItemSchema.of(e, this::invalid);
        if (!schema.runtimeOnlyKeywords().isEmpty()) {
            Annotations.of(scope).addWarningV2("@consistentcrud/cdk:schemaRuntimeOnly:" + e.getName(),
                    "entity '" + e.getName() + "': schema keywords enforced in the runtime only (API Gateway's "
                            + "draft-4 models ignore them): " + String.join(", ", schema.runtimeOnlyKeywords()));
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

    /** A validation error on this construct's path. */
    public ConsistentCrudApiValidationException invalid(String detail) {
        return new ConsistentCrudApiValidationException(scope.getNode().getPath(), detail);
    }
}
