package io.consistentcrud.cdk;

import static io.consistentcrud.cdk.Fixtures.string;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;
import software.amazon.awscdk.services.dynamodb.BillingMode;
import software.amazon.awscdk.services.dynamodb.WarmThroughput;
import software.amazon.awscdk.services.iam.AccountPrincipal;
import software.amazon.awscdk.services.iam.AnyPrincipal;
import software.amazon.awscdk.services.iam.IPrincipal;
import software.amazon.awscdk.services.iam.PolicyDocument;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.StarPrincipal;

/**
 * The TableV2 settings of an entity: the on-demand maximum throughput guard (the library's default and the entity's
 * own), warm throughput, resource policy, contributor insights and PITR recovery period, each reaching the
 * {@code AWS::DynamoDB::GlobalTable} and each refused at synth when it breaks its rule.
 */
class TableV2SettingsTest {

    private static EntitySpec.Builder counters() {
        return EntitySpec.builder().name("counters").partitionKey(string("counterId"));
    }

    private static Template synth(EntitySpec entity) {
        return Fixtures.template(b -> b.entities(List.of(entity)));
    }

    private static void hasCountersTable(Template t, Map<String, Object> properties) {
        Map<String, Object> all = new java.util.LinkedHashMap<>(properties);
        all.put("KeySchema", List.of(Map.of("AttributeName", "counterId", "KeyType", "HASH")));
        t.hasResourceProperties("AWS::DynamoDB::GlobalTable", all);
    }

    private static void refused(EntitySpec entity, String detail) {
        Fixtures.assertRefused(Fixtures.stack(), entity, detail);
    }

    private static PolicyDocument policy(IPrincipal principal) {
        return PolicyDocument.Builder.create().statements(List.of(PolicyStatement.Builder.create()
                .sid("Reporting")
                .principals(List.of(principal))
                .actions(List.of("dynamodb:GetItem"))
                .resources(List.of("*"))
                .build())).build();
    }

    @Test
    void everyTableGetsTheLibrarysOnDemandMaximum_unlessTheEntitySetsItsOwn_orMinusOneForNone() {
        hasCountersTable(synth(counters().build()), Map.of(
                "WriteOnDemandThroughputSettings", Map.of("MaxWriteRequestUnits", 4000),
                "Replicas", List.of(Match.objectLike(Map.of("ReadOnDemandThroughputSettings",
                        Map.of("MaxReadRequestUnits", 4000))))));
        hasCountersTable(synth(counters().maxReadRequestUnits(900).maxWriteRequestUnits(300).build()), Map.of(
                "WriteOnDemandThroughputSettings", Map.of("MaxWriteRequestUnits", 300),
                "Replicas", List.of(Match.objectLike(Map.of("ReadOnDemandThroughputSettings",
                        Map.of("MaxReadRequestUnits", 900))))));
        hasCountersTable(synth(counters().maxReadRequestUnits(-1).maxWriteRequestUnits(-1).build()), Map.of(
                "WriteOnDemandThroughputSettings", Match.absent(),
                "Replicas", List.of(Match.objectLike(Map.of("ReadOnDemandThroughputSettings", Match.absent())))));
    }

    @Test
    void onDemandMaximum_isRefused_whenProvisioned_notWhole_orBelowOne() {
        refused(counters().billingMode(BillingMode.PROVISIONED).maxWriteRequestUnits(100).build(),
                "maxWriteRequestUnits 100 is set but billingMode is PROVISIONED; an on-demand maximum needs "
                        + "PAY_PER_REQUEST (provisioned capacity is its own maximum)");
        refused(counters().maxReadRequestUnits(0).build(), "maxReadRequestUnits 0 is not a whole number of at least "
                + "1 request unit per second (or -1 for no maximum)");
        refused(counters().maxWriteRequestUnits(2.5).build(), "maxWriteRequestUnits 2.5 is not a whole number of at "
                + "least 1 request unit per second (or -1 for no maximum)");
    }

    @Test
    void warmThroughput_reachesTheTable_andIsRefusedBelowDynamoDbsMinimum_orAboveTheGuard() {
        hasCountersTable(synth(counters().maxReadRequestUnits(20_000).maxWriteRequestUnits(5_000)
                .warmThroughput(WarmThroughput.builder().readUnitsPerSecond(15_000).writeUnitsPerSecond(5_000).build())
                .build()), Map.of("WarmThroughput", Map.of("ReadUnitsPerSecond", 15_000, "WriteUnitsPerSecond", 5_000)));
        refused(counters().maxReadRequestUnits(-1)
                        .warmThroughput(WarmThroughput.builder().readUnitsPerSecond(100).build()).build(),
                "warmThroughput.readUnitsPerSecond 100 is not a whole number of at least 12000 (DynamoDB's minimum "
                        + "warm throughput of a table)");
        refused(counters().warmThroughput(WarmThroughput.builder().writeUnitsPerSecond(6_000).build()).build(),
                "warmThroughput.writeUnitsPerSecond 6000 is above the on-demand maximum 4000 (write guard): the "
                        + "guard would throttle before the table used it; raise the maximum or lower it");
    }

    @Test
    void resourcePolicy_reachesTheTable_butAStarPrincipalIsRefused_unlessExplicitlyAllowed() {
        hasCountersTable(synth(counters().resourcePolicy(policy(new AccountPrincipal("111122223333"))).build()),
                Map.of("Replicas", List.of(Match.objectLike(Map.of("ResourcePolicy", Map.of("PolicyDocument",
                        Match.objectLike(Map.of("Statement", List.of(Match.objectLike(Map.of(
                                "Sid", "Reporting")))))))))));
        for (IPrincipal star : List.<IPrincipal>of(new AnyPrincipal(), new StarPrincipal())) {
            refused(counters().resourcePolicy(policy(star)).build(), "resourcePolicy statement 'Reporting' has the "
                    + "principal '*'; a table policy names the accounts or roles it trusts (set "
                    + "allowAnyPrincipalInResourcePolicy(true) when its conditions narrow '*' on purpose)");
        }
        hasCountersTable(synth(counters().resourcePolicy(policy(new AnyPrincipal()))
                .allowAnyPrincipalInResourcePolicy(true).build()),
                Map.of("Replicas", List.of(Match.objectLike(Map.of("ResourcePolicy", Match.anyValue())))));
    }

    @Test
    void contributorInsights_andThePitrRecoveryPeriod_reachTheTable() {
        hasCountersTable(synth(counters().contributorInsights(true).pointInTimeRecoveryPeriodDays(7).build()),
                Map.of("Replicas", List.of(Match.objectLike(Map.of(
                        "ContributorInsightsSpecification", Map.of("Enabled", true),
                        "PointInTimeRecoverySpecification", Map.of("PointInTimeRecoveryEnabled", true,
                                "RecoveryPeriodInDays", 7))))));
    }

    @Test
    void pitrRecoveryPeriod_isRefusedOutside1To35Days_orWithoutPitr() {
        for (Number days : List.<Number>of(0, 36, 1.5)) {
            refused(counters().pointInTimeRecoveryPeriodDays(days).build(), "pointInTimeRecoveryPeriodDays " + days
                    + " is not a whole number of days from 1 to 35 (DynamoDB's range)");
        }
        refused(counters().pointInTimeRecovery(false).pointInTimeRecoveryPeriodDays(7).build(),
                "pointInTimeRecoveryPeriodDays 7 is set but pointInTimeRecovery is false; a recovery period needs "
                        + "point-in-time recovery on");
    }
}
