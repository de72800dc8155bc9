package io.consistentcrud.cdk;

import io.consistentcrud.cdk.internal.NagSuppressionMetadata;
import io.consistentcrud.contract.RuntimeHandlers;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.lambda.Architecture;
import software.amazon.awscdk.services.lambda.Code;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.lambda.Runtime;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.logs.CfnQueryDefinition;
import software.amazon.awscdk.services.lambda.Tracing;
import software.constructs.Construct;

/**
 * The audit trail of a {@link ConsistentCrudApi}: a function in the runtime jar consumes every entity table's
 * stream through {@link CrudEntity#addStreamConsumer}'s hardened defaults and writes one JSON event per
 * change to its own log group; a saved Logs Insights query answers "history of item X".
 *
 * <p>Created by the API unless {@code auditTrail(false)}.
 */
public class AuditTrail extends Construct {
    /** The handler of the audit consumer in the runtime jar. */
    public static final String HANDLER = RuntimeHandlers.AUDIT;

    private final LogGroup logGroup;
    private final Role role;
    private final Function function;
    private final Map<String, StreamConsumer> consumers = new LinkedHashMap<>();
    private final Map<String, CfnQueryDefinition> itemHistoryQueries = new LinkedHashMap<>();

    AuditTrail(ConsistentCrudApi api, String id, AuditTrailOptions options, String entitiesJson, Code code,
               Runtime runtime, Architecture architecture, RemovalPolicy logRemovalPolicy) {
        super(api, id);
        this.logGroup = LogGroup.Builder.create(this, "Events")
                .retention(options.getRetention())
                .encryptionKey(options.getEncryptionKey())
                .removalPolicy(logRemovalPolicy)
                .build();
        this.role = Role.Builder.create(this, "ConsumerRole")
                .assumedBy(new ServicePrincipal("lambda.amazonaws.com"))
                .description("ConsistentCrudApi audit consumer " + getNode().getPath() + ": its own log group and the streams")
                .build();
        role.addToPrincipalPolicy(PolicyStatement.Builder.create()
                .sid("WriteAuditEvents")
                .actions(List.of("logs:CreateLogStream", "logs:PutLogEvents"))
                .resources(List.of(logGroup.getLogGroupArn()))
                .build());
        Map<String, String> env = new LinkedHashMap<>();
        env.put(RuntimeEnvironment.ENTITIES, entitiesJson);
        env.put(RuntimeEnvironment.AUDIT_INCLUDE_VALUES, Boolean.toString(Boolean.TRUE.equals(options.getIncludeValues())));
        env.put(RuntimeEnvironment.AUDIT_REDACT, String.join(",", options.getRedactedAttributes()));
        this.function = Function.Builder.create(this, "Consumer")
                .runtime(runtime)
                .architecture(architecture)
                .memorySize(512)
                .timeout(software.amazon.awscdk.Duration.seconds(60))
                .code(code)
                .handler(HANDLER)
                .role(role)
                .logGroup(logGroup)
                .environment(env)
                .tracing(Tracing.ACTIVE)
                .description("ConsistentCrudApi audit trail: one JSON event per item change")
                .build();
        for (CrudEntity entity : api.getEntities().values()) {
            consumers.put(entity.getName(), entity.addStreamConsumer(function));
        }
        suppressInapplicableNagFindings();
        for (EntitySpec entity : api.getEntities().values().stream().map(CrudEntity::getSpec).toList()) {
            itemHistoryQueries.put(entity.getName(), CfnQueryDefinition.Builder.create(this,
                            "ItemHistory" + Character.toUpperCase(entity.getName().charAt(0)) + entity.getName().substring(1))
                    .name(api.getServiceName() + "/" + entity.getName() + "-item-history")
                    .logGroupNames(List.of(logGroup.getLogGroupName()))
                    .queryString(itemHistoryQuery(entity))
                    .build());
        }
    }

    private void suppressInapplicableNagFindings() {
        NagSuppressionMetadata.add(role, List.of(new NagSuppressionMetadata.Suppression("AwsSolutions-IAM5",
                "X-Ray's PutTraceSegments/PutTelemetryRecords have no resource-level permissions; the stream reads "
                        + "name each table's stream", List.of("Resource::*"))), true);
        // Serverless-LambdaDLQ: suppressed by addStreamConsumer, as on every stream consumer.
    }

    /**
     * The log group that holds the audit events (JSON lines).
     *
     * @return the log group that holds the audit events (JSON lines)
     */
    public LogGroup getLogGroup() {
        return logGroup;
    }

    /**
     * The consuming function.
     *
     * @return the consuming function
     */
    public Function getFunction() {
        return function;
    }

    /**
     * The consumer's role: its own log group, plus the stream reads the event sources grant.
     *
     * @return the consumer's role
     */
    public Role getRole() {
        return role;
    }

    /**
     * The stream consumer of each entity, by entity name.
     *
     * @return the stream consumer of each entity, by entity name
     */
    public Map<String, StreamConsumer> getConsumers() {
        return Collections.unmodifiableMap(consumers);
    }

    /**
     * {@return the saved Logs Insights query "history of item X" of each entity, by entity name: replace the
     * placeholder key value in its filter and run it}
     */
    public Map<String, CfnQueryDefinition> getItemHistoryQueries() {
        return Collections.unmodifiableMap(itemHistoryQueries);
    }

    /**
     * The query text: every change of one item, oldest first, redeliveries of a stream record counted once
     * ({@code dedup} must follow {@code sort}: only {@code limit} may come after it).
     */
    static String itemHistoryQuery(EntitySpec entity) {
        StringBuilder filter = new StringBuilder("filter entity = \"").append(entity.getName()).append("\" and key.")
                .append(entity.getPartitionKey().getName()).append(" = \"<").append(entity.getPartitionKey().getName())
                .append(">\"");
        if (entity.getSortKey() != null) {
            filter.append(" and key.").append(entity.getSortKey().getName()).append(" = \"<")
                    .append(entity.getSortKey().getName()).append(">\"");
        }
        return "fields @timestamp, type, oldVersion, newVersion, caller, requestToken, changed.0, changed.1, changed.2\n"
                + "| " + filter + "\n"
                + "| sort newVersion asc, @timestamp asc\n"
                + "| dedup sequenceNumber";
    }
}
