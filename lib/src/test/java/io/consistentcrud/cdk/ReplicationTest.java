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

/**
 * Regions told apart at synth: one Region by default, read replicas with the stack's Region as the only writing one
 * (which the runtime learns from the entities document), and multi-Region strong consistency refused with the reason.
 */
class ReplicationTest {

    private static EntitySpec.Builder accounts() {
        return EntitySpec.builder().name("accounts").partitionKey(string("accountId"));
    }

    private static Template synthIn(Stack stack, EntitySpec entity) {
        Fixtures.api(stack, b -> b.entities(List.of(entity)));
        return Template.fromStack(stack);
    }

    private static void refused(Stack stack, EntitySpec entity, String detail) {
        Fixtures.assertRefused(stack, entity, detail);
    }

    @Test
    void byDefault_oneRegion_noReplica_andNoHomeRegionForTheRuntime() {
        Template t = synthIn(Fixtures.stack(), accounts().build());
        t.hasResourceProperties("AWS::DynamoDB::GlobalTable", Map.of(
                "KeySchema", List.of(Map.of("AttributeName", "accountId", "KeyType", "HASH")),
                "Replicas", List.of(Match.objectLike(Map.of("Region", Map.of("Ref", "AWS::Region"))))));
        assertThat(Fixtures.envVars(t).get(RuntimeEnvironment.ENTITIES).toString()).doesNotContain("homeRegion");
    }

    @Test
    void g2_readReplicas_addAReplicaPerRegion_withTheReadGuard_andTellTheRuntimeTheHomeRegion() {
        Template t = synthIn(Fixtures.stackIn("eu-west-1"), accounts()
                .replication(Replication.readReplicas("eu-central-1", "us-east-1")).build());
        t.hasResourceProperties("AWS::DynamoDB::GlobalTable", Map.of(
                "KeySchema", List.of(Map.of("AttributeName", "accountId", "KeyType", "HASH")),
                "StreamSpecification", Map.of("StreamViewType", "NEW_AND_OLD_IMAGES"),
                "Replicas", Match.arrayWith(List.of(
                        Match.objectLike(Map.of("Region", "eu-central-1", "ReadOnDemandThroughputSettings",
                                Map.of("MaxReadRequestUnits", EntitySpec.DEFAULT_MAX_REQUEST_UNITS))),
                        Match.objectLike(Map.of("Region", "us-east-1")),
                        Match.objectLike(Map.of("Region", "eu-west-1", "PointInTimeRecoverySpecification",
                                Map.of("PointInTimeRecoveryEnabled", true)))))));
        assertThat(Fixtures.envVars(t).get(RuntimeEnvironment.ENTITIES).toString())
                .contains("\"homeRegion\":\"eu-west-1\"");
    }

    @Test
    void readReplicas_areRefused_withoutAStackRegion_withoutRegions_withTheHomeRegion_twice_orMisspelt() {
        refused(Fixtures.stack(), accounts().replication(Replication.readReplicas("us-east-1")).build(),
                "replication READ_REPLICAS[us-east-1] needs a stack with an explicit Region (env.region): the "
                        + "stack's Region is the home Region, the only one that writes");
        refused(Fixtures.stackIn("eu-west-1"), accounts().replication(Replication.readReplicas(List.of())).build(),
                "replication READ_REPLICAS names no Region; name at least one, or use Replication.singleRegion()");
        refused(Fixtures.stackIn("eu-west-1"), accounts().replication(Replication.readReplicas("eu-west-1")).build(),
                "replication Region 'eu-west-1' is the stack's (home) Region; replicas are in the other Regions");
        refused(Fixtures.stackIn("eu-west-1"), accounts()
                        .replication(Replication.readReplicas("us-east-1", "us-east-1")).build(),
                "replication Region 'us-east-1' is named twice");
        refused(Fixtures.stackIn("eu-west-1"), accounts().replication(Replication.readReplicas("Frankfurt")).build(),
                "replication Region 'Frankfurt' is not a Region name such as eu-west-1");
    }

    @Test
    void g2_multiRegionStrongConsistency_isRefused_namingTheTransactionsItNeeds_andTheLimitation() {
        assertThatThrownBy(() -> Fixtures.api(Fixtures.stackIn("us-east-1"), b -> b.entities(List.of(accounts()
                .replication(Replication.multiRegionStrong(List.of("us-east-2"), "us-west-2")).build()))))
                .isInstanceOf(ConsistentCrudApiValidationException.class)
                .hasMessageContaining("entity 'accounts': replication MULTI_REGION_STRONG[us-east-2] (multi-Region "
                        + "strong consistency) is refused")
                .hasMessageContaining("every write with an Idempotency-Key are TransactWriteItems calls")
                .hasMessageContaining("lists transactions, TransactWriteItems and TransactGetItems, as not "
                        + "supported on MRSC global tables");
    }
}
