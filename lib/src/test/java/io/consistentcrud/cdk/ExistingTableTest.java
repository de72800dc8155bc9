package io.consistentcrud.cdk;

import static io.consistentcrud.cdk.Fixtures.string;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;
import software.amazon.awscdk.services.dynamodb.BillingMode;
import software.amazon.awscdk.services.dynamodb.StreamViewType;
import software.amazon.awscdk.services.dynamodb.TablePropsV2;
import software.amazon.awscdk.services.dynamodb.TableV2;

/**
 * Bring your own table: an entity on a table of the user's, by name or as a TableV2, with the key schema declared on
 * the entity; the construct creates no table for it, grants only the store's calls on it, checks what it can see at
 * synth and refuses settings it would not apply.
 */
class ExistingTableTest {
    private static final String STREAM = "arn:aws:dynamodb:eu-west-1:111122223333:table/orders-prod/stream/2026-01-01T00:00:00.000";

    private static EntitySpec.Builder orders() {
        return EntitySpec.builder().name("orders").partitionKey(string("orderId"));
    }

    private static void refused(Stack stack, EntitySpec entity, String detail) {
        Fixtures.assertRefused(stack, entity, detail);
    }

    @Test
    void aTableByName_isNotCreated_theStoreGetsOnlyItsCallsOnIt_andTheAuditTrailReadsTheGivenStream() {
        Stack stack = Fixtures.stackIn("eu-west-1");
        ConsistentCrudApi api = Fixtures.api(stack, b -> b.entities(List.of(orders()
                .existingTable(ExistingTable.named("orders-prod").withStreamArn(STREAM)).build())));
        Template t = Template.fromStack(stack);

        t.resourceCountIs("AWS::DynamoDB::GlobalTable", 1); // the idempotency table only
        assertThat(api.entity("orders").getTable().getTableName()).isEqualTo("orders-prod");
        t.hasResourceProperties("AWS::IAM::Policy", Map.of("PolicyDocument", Map.of("Statement", Match.arrayWith(
                List.of(Map.of("Sid", "EntityOrders", "Effect", "Allow",
                        "Action", StoreCall.actions(StoreCall.onEntityTable(false)),
                        "Resource", Map.of("Fn::Join", List.of("", Match.arrayWith(List.of(
                                Match.stringLikeRegexp(".*:table/orders-prod")))))))))));
        t.hasResourceProperties("AWS::Lambda::EventSourceMapping", Map.of("EventSourceArn", STREAM));
        assertThat(Fixtures.envVars(t).get(RuntimeEnvironment.ENTITIES).toString())
                .contains("\"table\":\"orders-prod\"").doesNotContain("homeRegion");
    }

    @Test
    void aReplicaHomedElsewhere_tellsTheRuntimeItsHomeRegion() {
        Template t = Template.fromStack(Stack.of(Fixtures.api(Fixtures.stackIn("us-east-1"), b -> b.auditTrail(false)
                .entities(List.of(orders().existingTable(ExistingTable.named("orders-prod")
                        .withHomeRegion("eu-west-1")).build())))));
        assertThat(Fixtures.envVars(t).get(RuntimeEnvironment.ENTITIES).toString())
                .contains("\"homeRegion\":\"eu-west-1\"");
    }

    @Test
    void aTableV2OfTheApp_isUsedWhenItsKeySchemaAndStreamAreTheEntitys_andRefusedOtherwise() {
        Stack stack = Fixtures.stackIn("eu-west-1");
        TableV2 good = new TableV2(stack, "Orders", TablePropsV2.builder().partitionKey(string("orderId"))
                .dynamoStream(StreamViewType.NEW_AND_OLD_IMAGES).build());
        ConsistentCrudApi api = Fixtures.api(stack, b -> b.entities(List.of(orders()
                .existingTable(ExistingTable.of(good)).build())));
        assertThat(api.entity("orders").getTable()).isSameAs(good);
        Template.fromStack(stack).resourceCountIs("AWS::DynamoDB::GlobalTable", 2);

        Stack other = Fixtures.stackIn("eu-west-1");
        TableV2 wrongKey = new TableV2(other, "Orders", TablePropsV2.builder().partitionKey(string("id"))
                .dynamoStream(StreamViewType.NEW_AND_OLD_IMAGES).build());
        refused(other, orders().existingTable(ExistingTable.of(wrongKey)).build(), "existingTable has the key "
                + "schema {HASH=id S} but the entity declares {HASH=orderId S}; declare the table's own keys");

        Stack third = Fixtures.stackIn("eu-west-1");
        TableV2 keysOnly = new TableV2(third, "Orders", TablePropsV2.builder().partitionKey(string("orderId"))
                .dynamoStream(StreamViewType.KEYS_ONLY).build());
        refused(third, orders().existingTable(ExistingTable.of(keysOnly)).build(),
                "existingTable streams KEYS_ONLY, and the audit trail needs NEW_AND_OLD_IMAGES");
    }

    @Test
    void aTableWithoutStream_isRefusedWithTheAuditTrail_andAcceptedWithout_butTakesNoStreamConsumer() {
        refused(Fixtures.stackIn("eu-west-1"), orders().existingTable(ExistingTable.named("orders-prod")).build(),
                "existingTable has no stream declared, and the audit trail reads every entity's stream; give it "
                        + "withStreamArn(...) (a NEW_AND_OLD_IMAGES stream), or auditTrail(false)");
        Stack stack = Fixtures.stackIn("eu-west-1");
        ConsistentCrudApi api = Fixtures.api(stack, b -> b.auditTrail(false).entities(List.of(orders()
                .existingTable(ExistingTable.named("orders-prod")).build())));
        var fn = software.amazon.awscdk.services.lambda.Function.Builder.create(stack, "Consumer")
                .runtime(software.amazon.awscdk.services.lambda.Runtime.PYTHON_3_12).handler("index.handler")
                .code(software.amazon.awscdk.services.lambda.Code.fromInline("x")).build();
        assertThatThrownBy(() -> api.entity("orders").addStreamConsumer(fn))
                .hasMessageContaining("addStreamConsumer needs the table's stream");
    }

    @Test
    void settingsOfACreatedTable_areRefusedBesideAnExistingTable() {
        refused(Fixtures.stackIn("eu-west-1"), orders().existingTable(ExistingTable.named("orders-prod")
                        .withStreamArn(STREAM)).billingMode(BillingMode.PROVISIONED).maxWriteRequestUnits(10)
                        .pointInTimeRecovery(false).build(),
                "existingTable is set, and so are [billingMode, pointInTimeRecovery, maxWriteRequestUnits]: the "
                        + "construct does not manage a table it did not create; set those on the table itself");
    }
}
