package io.consistentcrud.cdk;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.apigateway.LambdaIntegration;
import software.amazon.awscdk.services.apigateway.Resource;
import software.amazon.awscdk.services.apigateway.RestApi;
import software.amazon.awscdk.services.dynamodb.Attribute;
import software.amazon.awscdk.services.dynamodb.AttributeType;
import software.amazon.awscdk.services.dynamodb.BillingMode;
import software.amazon.awscdk.services.dynamodb.StreamViewType;
import software.amazon.awscdk.services.dynamodb.Table;
import software.amazon.awscdk.services.lambda.Alias;
import software.amazon.awscdk.services.lambda.Architecture;
import software.amazon.awscdk.services.lambda.Code;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.lambda.Runtime;
import software.amazon.awscdk.services.lambda.Tracing;
import software.constructs.Construct;

/**
 * An API Gateway REST API in front of a Java Lambda and DynamoDB tables that never loses or duplicates a write.
 *
 * <pre>{@code
 * ConsistentCrudApi api = ConsistentCrudApi.Builder.create(this, "Api")
 *         .entities(List.of(EntitySpec.builder()
 *                 .name("users")
 *                 .partitionKey(Attribute.builder().name("userId").type(AttributeType.STRING).build())
 *                 .build()))
 *         .build();
 * }</pre>
 */
public class ConsistentCrudApi extends Construct {
    private final RestApi restApi;
    private final Function function;
    private final Alias alias;
    private final Map<String, Table> tables = new LinkedHashMap<>();

    public ConsistentCrudApi(Construct scope, String id, ConsistentCrudApiProps props) {
        super(scope, id);
        if (props.getEntities() == null || props.getEntities().isEmpty()) {
            throw new IllegalArgumentException(getNode().getPath() + ": entities must declare at least one entity");
        }
        for (EntitySpec entity : props.getEntities()) {
            Table table = Table.Builder.create(this, "Table" + capitalize(entity.getName()))
                    .partitionKey(entity.getPartitionKey())
                    .sortKey(entity.getSortKey())
                    .billingMode(BillingMode.PAY_PER_REQUEST)
                    .stream(StreamViewType.NEW_AND_OLD_IMAGES)
                    .removalPolicy(props.getRemovalPolicy())
                    .build();
            tables.put(entity.getName(), table);
        }

        Code code = props.getCode() != null ? props.getCode() : LambdaRuntimeAsset.code();
        String handler = props.getHandler() != null ? props.getHandler() : RuntimeEnvironment.DEFAULT_HANDLER;
        this.function = Function.Builder.create(this, "Function")
                .runtime(Runtime.JAVA_21)
                .architecture(Architecture.ARM_64)
                .memorySize(1024)
                .timeout(Duration.seconds(20))
                .code(code)
                .handler(handler)
                .tracing(Tracing.ACTIVE)
                .environment(Map.of(
                        RuntimeEnvironment.ENTITIES, entitiesJson(props.getEntities()),
                        RuntimeEnvironment.ATTEMPT_TIMEOUT_MS, "2000",
                        RuntimeEnvironment.CALL_TIMEOUT_MS, "9000",
                        RuntimeEnvironment.MAX_ATTEMPTS, "3"))
                .build();
        tables.values().forEach(t -> t.grantReadWriteData(function));
        this.alias = Alias.Builder.create(this, "Alias")
                .aliasName("live")
                .version(function.getCurrentVersion())
                .build();

        this.restApi = RestApi.Builder.create(this, "RestApi")
                .restApiName(getNode().getPath().replace('/', '-'))
                .build();
        LambdaIntegration integration = LambdaIntegration.Builder.create(alias)
                .timeout(Duration.seconds(29))
                .build();
        for (EntitySpec entity : props.getEntities()) {
            Resource collection = restApi.getRoot().addResource(entity.getName());
            collection.addMethod("POST", integration);
            Resource item = collection.addResource("{" + entity.getPartitionKey().getName() + "}");
            for (String method : List.of("GET", "PUT", "PATCH", "DELETE")) {
                item.addMethod(method, integration);
            }
        }
    }

    private String entitiesJson(List<EntitySpec> entities) {
        StringJoiner array = new StringJoiner(",", "[", "]");
        for (EntitySpec e : entities) {
            StringBuilder o = new StringBuilder("{\"name\":\"").append(e.getName())
                    .append("\",\"table\":\"").append(tables.get(e.getName()).getTableName())
                    .append("\",\"pk\":").append(keyJson(e.getPartitionKey()));
            if (e.getSortKey() != null) {
                o.append(",\"sk\":").append(keyJson(e.getSortKey()));
            }
            o.append(",\"version\":\"").append(e.getVersionAttribute()).append("\"}");
            array.add(o);
        }
        return array.toString();
    }

    private static String keyJson(Attribute a) {
        return "{\"name\":\"" + a.getName() + "\",\"type\":\"" + (a.getType() == AttributeType.NUMBER ? "N" : "S") + "\"}";
    }

    private static String capitalize(String s) {
        return Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    /** The REST API. */
    public RestApi getRestApi() {
        return restApi;
    }

    /** The Lambda function. */
    public Function getFunction() {
        return function;
    }

    /** The alias the API integrates with. */
    public Alias getAlias() {
        return alias;
    }

    /** The table of an entity, by entity name. */
    public Table getTable(String entityName) {
        Table table = tables.get(entityName);
        if (table == null) {
            throw new IllegalArgumentException("no entity named '" + entityName + "'; entities are " + tables.keySet());
        }
        return table;
    }

    /** All tables by entity name. */
    public Map<String, Table> getTables() {
        return Collections.unmodifiableMap(tables);
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

        public static Builder create(Construct scope, String id) {
            return new Builder(scope, id);
        }

        /** @see ConsistentCrudApiProps#getEntities() */
        public Builder entities(List<? extends EntitySpec> entities) {
            props.entities(entities);
            return this;
        }

        /** @see ConsistentCrudApiProps#getRemovalPolicy() */
        public Builder removalPolicy(software.amazon.awscdk.RemovalPolicy removalPolicy) {
            props.removalPolicy(removalPolicy);
            return this;
        }

        /** @see ConsistentCrudApiProps#getCode() */
        public Builder code(Code code) {
            props.code(code);
            return this;
        }

        /** @see ConsistentCrudApiProps#getHandler() */
        public Builder handler(String handler) {
            props.handler(handler);
            return this;
        }

        public ConsistentCrudApi build() {
            return new ConsistentCrudApi(scope, id, props.build());
        }
    }
}
