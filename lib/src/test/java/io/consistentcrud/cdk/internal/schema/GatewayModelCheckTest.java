package io.consistentcrud.cdk.internal.schema;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

/**
 * The draft-4 check of a rendered API Gateway model: a model API Gateway would refuse at deploy fails synth instead,
 * as the construct's own bug. Schemas cannot reach it through the renderer (EntitySchemaTest shows the renderings
 * pass), so it is fed models directly.
 */
class GatewayModelCheckTest {
    private static ObjectNode json(String text) throws Exception {
        return (ObjectNode) ItemSchema.JSON.readTree(text);
    }

    @Test
    void aModelThatIsNotDraft4IsAnIllegalStateNamingTheEntityAndThePointer() throws Exception {
        ObjectNode booleanSubschema = json("{\"type\": \"object\", \"properties\": {\"x\": false}}");
        assertThatThrownBy(() -> ItemSchema.checkDraft4("users", booleanSubschema))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("entity 'users': the API Gateway model rendered from the schema is not valid "
                        + "JSON Schema draft 4 at '/properties/x': Value is [boolean] but should be [object]");
        ObjectNode emptyRequired = json("{\"type\": \"object\", \"required\": []}");
        assertThatThrownBy(() -> ItemSchema.checkDraft4("orders", emptyRequired))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("entity 'orders'").hasMessageContaining("at '/required': Array has less than 1");
        ObjectNode numericExclusive = json("{\"type\": \"number\", \"minimum\": 0, \"exclusiveMinimum\": 0}");
        assertThatThrownBy(() -> ItemSchema.checkDraft4("orders", numericExclusive))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("at '/exclusiveMinimum'");
    }

    @Test
    void aDraft4ModelPasses() throws Exception {
        assertThatCode(() -> ItemSchema.checkDraft4("users", json("{\"type\": \"object\", \"additionalProperties\": "
                + "false, \"properties\": {\"x\": {\"not\": {}}, \"y\": {}}, \"required\": [\"y\"]}")))
                .doesNotThrowAnyException();
    }
}
