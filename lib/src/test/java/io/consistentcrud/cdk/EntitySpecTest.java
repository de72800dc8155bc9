package io.consistentcrud.cdk;

import static io.consistentcrud.cdk.Fixtures.number;
import static io.consistentcrud.cdk.Fixtures.string;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;
import software.amazon.awscdk.services.dynamodb.BillingMode;
import software.amazon.awscdk.services.kms.Key;

/** Each entity property's effect on its table, the function's role and the runtime's entity description. */
class EntitySpecTest {

    private static Template synth(EntitySpec entity) {
        return Fixtures.template(b -> b.entities(List.of(entity)));
    }

    private static EntitySpec.Builder counters() {
        return EntitySpec.builder().name("counters").partitionKey(string("counterId"));
    }

    @Test
    void builderDefaults_versionAttributeConsistentReadPitrDeletionProtectionOnDemand() {
        EntitySpec e = counters().build();
        assertThat(e.getVersionAttribute()).isEqualTo("version");
        assertThat(e.getConsistentRead()).isTrue();
        assertThat(e.getPointInTimeRecovery()).isTrue();
        assertThat(e.getDeletionProtection()).isTrue();
        assertThat(e.getBillingMode()).isEqualTo(BillingMode.PAY_PER_REQUEST);
        assertThat(e.getSortKey()).isNull();
        assertThat(e.getTimeToLiveAttribute()).isNull();
        assertThat(e.getRemovalPolicy()).isNull();
        assertThat(e).isEqualTo(counters().versionAttribute("v").build()).hasToString("EntitySpec[counters]");
    }

    @Test
    void numericKeys_reachTheTableAndTheRuntime() {
        Template t = synth(EntitySpec.builder().name("ledger").partitionKey(number("account")).sortKey(number("seq"))
                .build());
        t.hasResourceProperties("AWS::DynamoDB::GlobalTable", Map.of(
                "KeySchema", List.of(Map.of("AttributeName", "account", "KeyType", "HASH"),
                        Map.of("AttributeName", "seq", "KeyType", "RANGE")),
                "AttributeDefinitions", List.of(Map.of("AttributeName", "account", "AttributeType", "N"),
                        Map.of("AttributeName", "seq", "AttributeType", "N"))));
        assertThat(Fixtures.envVars(t).get(RuntimeEnvironment.ENTITIES).toString())
                .contains("\"pk\":{\"name\":\"account\",\"type\":\"N\"}", "\"sk\":{\"name\":\"seq\",\"type\":\"N\"}");
    }

    @Test
    void versionAttributeTtlAndEventualReads_reachTheRuntime_andTtlTheTable() {
        Template t = synth(counters().versionAttribute("rev").timeToLiveAttribute("expiresOn").consistentRead(false)
                .build());
        t.hasResourceProperties("AWS::DynamoDB::GlobalTable", Map.of("TimeToLiveSpecification",
                Map.of("AttributeName", "expiresOn", "Enabled", true)));
        assertThat(Fixtures.envVars(t).get(RuntimeEnvironment.ENTITIES).toString())
                .contains("\"version\":\"rev\"", "\"consistentRead\":false", "\"ttl\":\"expiresOn\"");
    }

    @Test
    void provisionedBilling_withCapacities() {
        synth(counters().billingMode(BillingMode.PROVISIONED).readCapacity(10).writeCapacity(20).build())
                .hasResourceProperties("AWS::DynamoDB::GlobalTable", Map.of(
                        "KeySchema", List.of(Map.of("AttributeName", "counterId", "KeyType", "HASH")),
                        "BillingMode", "PROVISIONED",
                        "WriteProvisionedThroughputSettings", Map.of("WriteCapacityAutoScalingSettings",
                                Match.objectLike(Map.of("MinCapacity", 20, "MaxCapacity", 20))),
                        "Replicas", List.of(Match.objectLike(Map.of("ReadProvisionedThroughputSettings",
                                Map.of("ReadCapacityUnits", 10))))));
    }

    @Test
    void customerManagedKey_encryptsTheTable_andTheRoleGetsExactlyTheKeyActionsOnThatKey() {
        Stack stack = Fixtures.stackIn("eu-west-1");
        Key key = Key.Builder.create(stack, "TableKey").enableKeyRotation(true).build();
        Fixtures.api(stack, b -> b.entities(List.of(counters().encryptionKey(key).build())));
        Template t = Template.fromStack(stack);
        String keyId = stack.resolve(((software.amazon.awscdk.CfnResource) key.getNode().getDefaultChild())
                .getLogicalId()).toString();
        t.hasResourceProperties("AWS::DynamoDB::GlobalTable", Map.of("KeySchema", List.of(Map.of(
                        "AttributeName", "counterId", "KeyType", "HASH")),
                "SSESpecification", Map.of("SSEEnabled", true, "SSEType", "KMS"),
                "Replicas", List.of(Match.objectLike(Map.of("SSESpecification", Map.of(
                        "KMSMasterKeyId", Map.of("Fn::GetAtt", List.of(keyId, "Arn"))))))));
        t.hasResourceProperties("AWS::IAM::Policy", Map.of("PolicyDocument", Map.of("Statement", Match.arrayWith(
                List.of(Map.of("Sid", "EntityKeyCounters", "Effect", "Allow", "Action", DynamoDbActions.TABLE_KEY,
                        "Resource", Map.of("Fn::GetAtt", List.of(keyId, "Arn"))))))));
    }

    @Test
    void customerManagedKey_inARegionAgnosticStack_isRefused() {
        Stack stack = Fixtures.stack();
        Key key = Key.Builder.create(stack, "TableKey").enableKeyRotation(true).build();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Fixtures.api(stack,
                        b -> b.entities(List.of(counters().encryptionKey(key).build()))))
                .hasMessage(Fixtures.PATH + ": entity 'counters': encryption CUSTOMER_MANAGED needs a stack with an "
                        + "explicit Region (env.region): a TableV2 names the key of each Region it has a replica in");
    }

    @Test
    void pitrAndDeletionProtection_canBeTurnedOff() {
        synth(counters().pointInTimeRecovery(false).deletionProtection(false).build())
                .hasResourceProperties("AWS::DynamoDB::GlobalTable", Map.of(
                        "KeySchema", List.of(Map.of("AttributeName", "counterId", "KeyType", "HASH")),
                        "Replicas", List.of(Match.objectLike(Map.of(
                                "PointInTimeRecoverySpecification", Map.of("PointInTimeRecoveryEnabled", false),
                                "DeletionProtectionEnabled", false)))));
    }

    @Test
    void anEntitysRemovalPolicy_winsOverTheConstructs_forItsTableOnly() {
        Template t = Fixtures.template(b -> b.entities(List.of(counters().removalPolicy(RemovalPolicy.DESTROY).build(),
                Fixtures.users())));
        t.hasResource("AWS::DynamoDB::GlobalTable", Map.of("Properties", Match.objectLike(Map.of("KeySchema",
                List.of(Map.of("AttributeName", "counterId", "KeyType", "HASH")))), "DeletionPolicy", "Delete"));
        t.hasResource("AWS::DynamoDB::GlobalTable", Map.of("Properties", Match.objectLike(Map.of("KeySchema",
                List.of(Map.of("AttributeName", "userId", "KeyType", "HASH")))), "DeletionPolicy", "Retain"));
    }

    @Test
    void dashedNames_becomePascalCaseConstructIds() {
        ConsistentCrudApi api = Fixtures.api(b -> b.entities(List.of(EntitySpec.builder().name("order-lines")
                .partitionKey(string("orderId")).build())));
        assertThat(api.entity("order-lines").getTable().getNode().getId()).isEqualTo("TableOrderLines");
    }
}
