package io.consistentcrud.sample;

import io.consistentcrud.cdk.ConsistentCrudApi;
import io.consistentcrud.cdk.EntitySpec;
import java.util.List;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.dynamodb.Attribute;
import software.amazon.awscdk.services.dynamodb.AttributeType;
import software.constructs.Construct;

/**
 * The sample service: users, products with stock, orders placed by transaction, and counters.
 */
public class SampleStack extends Stack {
    /** The entities of the sample API, shared by the stack and the local mode. */
    public static final List<EntitySpec> ENTITIES = List.of(
            entity("users", "userId"),
            entity("products", "productId"),
            entity("orders", "orderId"),
            entity("counters", "counterId"));

    private final ConsistentCrudApi api;

    public SampleStack(Construct scope, String id, StackProps props) {
        super(scope, id, props);
        this.api = ConsistentCrudApi.Builder.create(this, "Api")
                .entities(ENTITIES)
                .build();
    }

    private static EntitySpec entity(String name, String key) {
        return EntitySpec.builder()
                .name(name)
                .partitionKey(Attribute.builder().name(key).type(AttributeType.STRING).build())
                .build();
    }

    public ConsistentCrudApi getApi() {
        return api;
    }
}
