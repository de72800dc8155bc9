package io.consistentcrud.cdk.internal;

import io.consistentcrud.cdk.EntitySpec;
import io.consistentcrud.cdk.internal.schema.ItemSchema;
import java.util.Map;
import software.amazon.awscdk.services.apigateway.CfnModel;
import software.amazon.awscdk.services.apigateway.IModel;
import software.amazon.awscdk.services.apigateway.Model;
import software.amazon.awscdk.services.apigateway.RestApi;
import software.constructs.Construct;

/**
 * An entity's API Gateway request model, rendered from its item schema ({@link ItemSchema#gatewayModel()}): the
 * draft-4 keywords API Gateway enforces, so the stage's request validator refuses a bad whole-item body before the
 * function runs. A {@link CfnModel}, because CDK's {@code JsonSchema} type is a fixed struct and the rendering is
 * already JSON.
 */
final class GatewayModels {
    static final String CONTENT_TYPE = "application/json";

    private GatewayModels() {
    }

    /** The entity's model, or null when it declares no schema. */
    static IModel of(Construct scope, RestApi api, EntitySpec entity) {
        if (entity.getSchema() == null) {
            return null;
        }
        ItemSchema schema = ItemSchema.of(entity, IllegalArgumentException::new);
        Map<String, Object> json = ItemSchema.asMap(schema.gatewayModel());
        String id = "Model" + EntityTables.idPart(entity.getName());
        CfnModel model = CfnModel.Builder.create(scope, id)
                .restApiId(api.getRestApiId())
                .contentType(CONTENT_TYPE)
                .description("The whole-item body of " + entity.getName() + " (the draft-4 part of its schema)")
                .schema(json)
                .build();
        return Model.fromModelName(scope, id + "Ref", model.getRef());
    }
}
