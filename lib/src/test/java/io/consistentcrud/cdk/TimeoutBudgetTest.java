package io.consistentcrud.cdk;

import static io.consistentcrud.cdk.Fixtures.users;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.apigateway.EndpointType;

/** G7: the budget's derivations and every rule of the chain, each against its exact message. */
class TimeoutBudgetTest {

    private static TimeoutBudget resolve(Consumer<ConsistentCrudApiProps.Builder> customizer) {
        ConsistentCrudApiProps.Builder b = ConsistentCrudApiProps.builder().entities(List.of(users()));
        customizer.accept(b);
        return TimeoutBudget.resolve(Fixtures.PATH, b.build());
    }

    private static void assertViolation(Consumer<ConsistentCrudApiProps.Builder> customizer, String detail) {
        assertThatThrownBy(() -> resolve(customizer))
                .isInstanceOf(ConsistentCrudApiValidationException.class)
                .hasMessage(Fixtures.PATH + ": " + detail)
                .satisfies(e -> assertThat(((ConsistentCrudApiValidationException) e).getConstructPath())
                        .isEqualTo(Fixtures.PATH));
    }

    private static long ms(Duration d) {
        return d.toMilliseconds().longValue();
    }

    @Test
    void g7_defaults_integration29_coldStart2_lambda27_call9_attempt2_attempts3() {
        TimeoutBudget b = resolve(p -> { });
        assertThat(ms(b.getIntegrationTimeout())).isEqualTo(29_000);
        assertThat(ms(b.getColdStartAllowance())).isEqualTo(2_000);
        assertThat(ms(b.getLambdaTimeout())).isEqualTo(27_000);
        assertThat(ms(b.getSdkAttemptTimeout())).isEqualTo(2_000);
        assertThat(b.getSdkMaxAttempts()).isEqualTo(3);
        assertThat(ms(b.getSdkMaxBackoff())).isEqualTo(3_000);
        assertThat(ms(b.getSdkCallTimeout())).isEqualTo(9_000);
        assertThat(ms(b.getMinimumClientTimeout())).isEqualTo(30_000);
        assertThat(b.getClientTimeout()).isNull();
    }

    @Test
    void g7_withoutSnapStart_theColdStartAllowanceIs5s_andTheLambdaTimeout24s() {
        TimeoutBudget b = resolve(p -> p.snapStart(false));
        assertThat(ms(b.getColdStartAllowance())).isEqualTo(5_000);
        assertThat(ms(b.getLambdaTimeout())).isEqualTo(24_000);
    }

    @Test
    void g7_aLambdaTimeoutAlone_derivesTheIntegrationTimeoutAsLambdaPlusAllowance() {
        TimeoutBudget b = resolve(p -> p.lambdaTimeout(Duration.seconds(10)));
        assertThat(ms(b.getIntegrationTimeout())).isEqualTo(12_000);
        assertThat(ms(b.getLambdaTimeout())).isEqualTo(10_000);
    }

    @Test
    void g7_anIntegrationTimeoutAlone_derivesTheLambdaTimeoutRoundedDownToWholeSeconds() {
        TimeoutBudget b = resolve(p -> p.integrationTimeout(Duration.millis(10_500)));
        assertThat(ms(b.getLambdaTimeout())).isEqualTo(8_000);
    }

    @Test
    void g7_aShortLambdaTimeout_shortensTheDerivedAttemptTimeout_soTheCallFitsBelowIt() {
        TimeoutBudget b = resolve(p -> p.lambdaTimeout(Duration.seconds(6)));
        // (6 s - 1 s headroom - 3 s backoff) / 3 attempts
        assertThat(ms(b.getSdkAttemptTimeout())).isEqualTo(666);
        assertThat(ms(b.getSdkCallTimeout())).isEqualTo(4_998);
    }

    @Test
    void g7_aCallTimeoutAlone_derivesTheAttemptTimeoutFromIt() {
        TimeoutBudget b = resolve(p -> p.sdkCallTimeout(Duration.seconds(12)));
        assertThat(ms(b.getSdkAttemptTimeout())).isEqualTo(3_000);
        assertThat(ms(b.getSdkCallTimeout())).isEqualTo(12_000);
    }

    @Test
    void g7_anAttemptTimeoutAndAttempts_deriveTheCallTimeoutWithTheirBackoff() {
        TimeoutBudget b = resolve(p -> p.sdkAttemptTimeout(Duration.seconds(1)).sdkMaxAttempts(5));
        assertThat(ms(b.getSdkMaxBackoff())).isEqualTo(1_000 + 2_000 + 4_000 + 8_000);
        assertThat(ms(b.getSdkCallTimeout())).isEqualTo(5 * 1_000 + 15_000);
    }

    @Test
    void g7_backoffPerRetryIsCappedAt20s() {
        assertThat(TimeoutBudget.maxBackoffMs(1)).isZero();
        assertThat(TimeoutBudget.maxBackoffMs(7)).isEqualTo(1_000 + 2_000 + 4_000 + 8_000 + 16_000 + 20_000);
    }

    @Test
    void g7_lambdaTimeoutAboveIntegrationMinusAllowance_failsNamingTheNumbers() {
        assertViolation(p -> p.integrationTimeout(Duration.seconds(29)).lambdaTimeout(Duration.seconds(30)),
                "Lambda timeout 30 s exceeds the integration timeout 29 s minus the 2 s cold-start allowance (27 s); "
                        + "use a Lambda timeout of at most 27 s, or an integration timeout of at least 32 s");
    }

    @Test
    void g7_lambdaTimeoutEatingTheColdStartAllowance_fails() {
        assertViolation(p -> p.integrationTimeout(Duration.seconds(29)).lambdaTimeout(Duration.seconds(28)),
                "Lambda timeout 28 s exceeds the integration timeout 29 s minus the 2 s cold-start allowance (27 s); "
                        + "use a Lambda timeout of at most 27 s, or an integration timeout of at least 30 s");
    }

    @Test
    void g7_callTimeoutNotBelowTheLambdaTimeout_fails() {
        assertViolation(p -> p.lambdaTimeout(Duration.seconds(10)).sdkCallTimeout(Duration.seconds(10)),
                "SDK call timeout 10 s is not below the Lambda timeout 10 s; use an SDK call timeout below 10 s, or "
                        + "a Lambda timeout of at least 11 s");
    }

    @Test
    void g7_callTimeoutShorterThanAttemptsTimesAttemptTimeoutPlusBackoff_fails() {
        assertViolation(p -> p.sdkCallTimeout(Duration.seconds(5)).sdkAttemptTimeout(Duration.seconds(2)),
                "SDK call timeout 5 s is below 3 attempts x 2 s attempt timeout + 3 s backoff (9 s); use an SDK call "
                        + "timeout of at least 9 s, or an attempt timeout of at most 0.666 s");
    }

    @Test
    void g7_clientTimeoutNotAboveTheIntegrationTimeout_fails() {
        assertViolation(p -> p.clientTimeout(Duration.seconds(29)),
                "client timeout 29 s is not above the integration timeout 29 s; clients must wait at least 30 s, or "
                        + "the integration timeout must be shorter");
        assertThat(ms(resolve(p -> p.clientTimeout(Duration.seconds(31))).getClientTimeout())).isEqualTo(31_000);
    }

    @Test
    void g7_integrationTimeoutAbove29s_onEdge_failsEvenWhenAcknowledged() {
        assertViolation(p -> p.endpointType(EndpointType.EDGE).integrationTimeout(Duration.seconds(35))
                        .integrationTimeoutQuotaAcknowledged(true),
                "integration timeout 35 s is above 29 s, the most an EDGE endpoint allows; use a REGIONAL or "
                        + "PRIVATE endpoint");
    }

    @Test
    void g7_integrationTimeoutAbove29s_onRegionalWithoutAcknowledgement_fails() {
        assertViolation(p -> p.integrationTimeout(Duration.seconds(35)),
                "integration timeout 35 s is above API Gateway's default quota of 29 s; raise the account's quota "
                        + "first and then set integrationTimeoutQuotaAcknowledged to true");
    }

    @Test
    void g7_aLambdaTimeoutThatDerivesAnIntegrationTimeoutAbove29s_namesTheDerivation() {
        assertViolation(p -> p.lambdaTimeout(Duration.seconds(30)),
                "integration timeout 32 s (Lambda timeout 30 s + 2 s cold-start allowance) is above API Gateway's "
                        + "default quota of 29 s; raise the account's quota first and then set "
                        + "integrationTimeoutQuotaAcknowledged to true");
    }

    @Test
    void g7_integrationTimeoutAbove29s_onRegionalOrPrivateWithAcknowledgement_isAccepted() {
        TimeoutBudget b = resolve(p -> p.integrationTimeout(Duration.seconds(60))
                .integrationTimeoutQuotaAcknowledged(true));
        assertThat(ms(b.getLambdaTimeout())).isEqualTo(58_000);
        TimeoutBudget priv = resolve(p -> p.endpointType(EndpointType.PRIVATE).integrationTimeout(Duration.seconds(60))
                .integrationTimeoutQuotaAcknowledged(true));
        assertThat(ms(priv.getIntegrationTimeout())).isEqualTo(60_000);
    }

    @Test
    void g7_integrationTimeoutBelowApiGatewaysMinimum_fails() {
        assertViolation(p -> p.integrationTimeout(Duration.millis(40)),
                "the timeout budget breaks 2 rules:"
                        + "\n  1. integration timeout 0.04 s is below API Gateway's minimum of 0.05 s"
                        + "\n  2. integration timeout 0.04 s minus the 2 s cold-start allowance leaves less than the 1 s "
                        + "minimum Lambda timeout; use an integration timeout of at least 3 s"
                        + "\n  one combination that keeps every rule: sdkMaxAttempts 3, sdkAttemptTimeout 2 s, "
                        + "sdkCallTimeout 9 s, lambdaTimeout 10 s, integrationTimeout 12 s");
    }

    @Test
    void g7_integrationTimeoutThatLeavesNoLambdaTime_fails() {
        assertViolation(p -> p.integrationTimeout(Duration.millis(2_500)),
                "integration timeout 2.5 s minus the 2 s cold-start allowance leaves less than the 1 s minimum "
                        + "Lambda timeout; use an integration timeout of at least 3 s");
    }

    @Test
    void g7_lambdaTimeoutOfFractionalSeconds_fails() {
        assertViolation(p -> p.integrationTimeout(Duration.seconds(29)).lambdaTimeout(Duration.millis(1_500)),
                "the timeout budget breaks 2 rules:"
                        + "\n  1. Lambda timeout 1.5 s is not a whole number of seconds; use 1 s or 2 s"
                        + "\n  2. Lambda timeout 1.5 s is too short for 3 SDK attempts: they need 1 s headroom + the 3 s "
                        + "worst-case backoff + 3 x 0.1 s minimum attempt timeout = 4.3 s; use at most 1 attempt, or a "
                        + "Lambda timeout of at least 5 s"
                        + "\n  one combination that keeps every rule: sdkMaxAttempts 3, sdkAttemptTimeout 2 s, "
                        + "sdkCallTimeout 9 s, lambdaTimeout 10 s, integrationTimeout 29 s");
    }

    @Test
    void g7_lambdaTimeoutAbove900s_fails() {
        assertViolation(p -> p.integrationTimeout(Duration.seconds(1000)).integrationTimeoutQuotaAcknowledged(true)
                        .lambdaTimeout(Duration.seconds(901)),
                "Lambda timeout 901 s is not between 1 s and 900 s");
    }

    @Test
    void g7_attemptsOutside1To10_fail() {
        assertViolation(p -> p.sdkMaxAttempts(0), "sdkMaxAttempts 0 is not between 1 and 10");
        assertViolation(p -> p.sdkMaxAttempts(11), "sdkMaxAttempts 11 is not between 1 and 10");
    }

    @Test
    void g7_attemptTimeoutBelow100ms_fails() {
        assertViolation(p -> p.sdkAttemptTimeout(Duration.millis(50)),
                "SDK attempt timeout 0.05 s is below the 0.1 s minimum");
    }

    @Test
    void g7_aCallTimeoutTooShortForItsBackoff_failsNamingTheDerivation() {
        assertViolation(p -> p.sdkCallTimeout(Duration.seconds(3)),
                "SDK call timeout 3 s is too short for 3 attempts: they need the 3 s worst-case backoff + 3 x 0.1 s "
                        + "minimum attempt timeout = 3.3 s; use at most 2 attempts, or an SDK call timeout of at least "
                        + "3.3 s");
    }

    @Test
    void g7_aLambdaTimeoutTooShortForTheDefaultRetries_failsNamingTheDerivation() {
        assertViolation(p -> p.lambdaTimeout(Duration.seconds(4)),
                "Lambda timeout 4 s is too short for 3 SDK attempts: they need 1 s headroom + the 3 s worst-case "
                        + "backoff + 3 x 0.1 s minimum attempt timeout = 4.3 s; use at most 2 attempts, or a Lambda "
                        + "timeout of at least 5 s");
    }

    @Test
    void g7_moreAttemptsThanTheLambdaTimeoutHolds_failWithTheTrueNeed_andBothFixes() {
        assertViolation(p -> p.lambdaTimeout(Duration.seconds(10)).sdkMaxAttempts(5),
                "Lambda timeout 10 s is too short for 5 SDK attempts: they need 1 s headroom + the 15 s worst-case "
                        + "backoff + 5 x 0.1 s minimum attempt timeout = 16.5 s; use at most 4 attempts, or a Lambda "
                        + "timeout of at least 17 s");
        assertViolation(p -> p.integrationTimeout(Duration.seconds(12)).sdkMaxAttempts(5),
                "Lambda timeout 10 s is too short for 5 SDK attempts: they need 1 s headroom + the 15 s worst-case "
                        + "backoff + 5 x 0.1 s minimum attempt timeout = 16.5 s; use at most 4 attempts, or a Lambda "
                        + "timeout of at least 17 s (an integration timeout of at least 19 s)");
    }

    @Test
    void g7_everyBrokenRuleIsReportedAtOnce() {
        assertViolation(p -> p.integrationTimeout(Duration.seconds(35)).clientTimeout(Duration.seconds(20))
                        .sdkAttemptTimeout(Duration.millis(50)).sdkMaxAttempts(11),
                "the timeout budget breaks 4 rules:"
                        + "\n  1. sdkMaxAttempts 11 is not between 1 and 10"
                        + "\n  2. integration timeout 35 s is above API Gateway's default quota of 29 s; raise the "
                        + "account's quota first and then set integrationTimeoutQuotaAcknowledged to true"
                        + "\n  3. SDK attempt timeout 0.05 s is below the 0.1 s minimum"
                        + "\n  4. client timeout 20 s is not above the integration timeout 35 s; clients must wait at "
                        + "least 36 s, or the integration timeout must be shorter"
                        + "\n  one combination that keeps every rule: sdkMaxAttempts 5, sdkAttemptTimeout 0.1 s, "
                        + "sdkCallTimeout 15.5 s, lambdaTimeout 27 s, integrationTimeout 29 s, clientTimeout 30 s");
    }

    @Test
    void g7_aDerivedAttemptTimeoutLoweredToFit_isANote_theDefaultsHaveNone() {
        TimeoutBudget b = resolve(p -> p.lambdaTimeout(Duration.seconds(10)).sdkMaxAttempts(4));
        assertThat(ms(b.getSdkAttemptTimeout())).isEqualTo(500);
        assertThat(b.getNotes()).containsExactly("the derived SDK attempt timeout was lowered from 2 s to 0.5 s so "
                + "that 4 attempts and their 7 s worst-case backoff end 1 s before the 10 s Lambda timeout; set "
                + "sdkAttemptTimeout, fewer sdkMaxAttempts or a longer Lambda timeout to choose otherwise");
        assertThat(resolve(p -> { }).getNotes()).isEmpty();
    }

    @Test
    void format_showsSecondsWithoutTrailingZeros() {
        assertThat(TimeoutBudget.format(29_000)).isEqualTo("29 s");
        assertThat(TimeoutBudget.format(7_500)).isEqualTo("7.5 s");
        assertThat(TimeoutBudget.format(40)).isEqualTo("0.04 s");
    }

    @Test
    void toString_showsTheWholeChain() {
        assertThat(resolve(p -> { }).toString()).isEqualTo("integration 29 s >= cold start 2 s + Lambda 27 s; "
                + "Lambda 27 s > SDK call 9 s >= 3 x 2 s + backoff 3 s");
    }

    private static final java.util.regex.Pattern PROPOSAL = java.util.regex.Pattern.compile(
            "\n  one combination that keeps every rule: sdkMaxAttempts (\\d+), sdkAttemptTimeout ([\\d.]+) s, "
                    + "sdkCallTimeout ([\\d.]+) s, lambdaTimeout ([\\d.]+) s, integrationTimeout ([\\d.]+) s"
                    + "(?:, clientTimeout ([\\d.]+) s)?$");

    private static Duration seconds(String text) {
        return Duration.millis(new java.math.BigDecimal(text).movePointRight(3).longValueExact());
    }

    /** Resolves the broken props, reads the proposal from the message, applies it on top, and resolves again. */
    private static TimeoutBudget proposalApplied(Consumer<ConsistentCrudApiProps.Builder> broken) {
        String message = org.junit.jupiter.api.Assertions.assertThrows(ConsistentCrudApiValidationException.class,
                () -> resolve(broken)).getMessage();
        java.util.regex.Matcher m = PROPOSAL.matcher(message);
        assertThat(m.find()).as("a proposal in: %s", message).isTrue();
        return resolve(p -> {
            broken.accept(p);
            p.sdkMaxAttempts(Integer.parseInt(m.group(1))).sdkAttemptTimeout(seconds(m.group(2)))
                    .sdkCallTimeout(seconds(m.group(3))).lambdaTimeout(seconds(m.group(4)))
                    .integrationTimeout(seconds(m.group(5)));
            if (m.group(6) != null) {
                p.clientTimeout(seconds(m.group(6)));
            }
        });
    }

    @Test
    void g7_severalBrokenRules_proposeOneCombination_thatTheValidatorAccepts() {
        // Lambda above the integration timeout and a client that gives up first: the two fixes must compose.
        TimeoutBudget composed = proposalApplied(p -> p.integrationTimeout(Duration.seconds(12))
                .lambdaTimeout(Duration.seconds(17)).clientTimeout(Duration.seconds(10)));
        assertThat(ms(composed.getLambdaTimeout())).as("the Lambda timeout set is kept").isEqualTo(17_000);
        assertThat(ms(composed.getIntegrationTimeout())).isEqualTo(19_000);
        assertThat(ms(composed.getClientTimeout())).isEqualTo(20_000);

        // Four rules, among them a quota: the proposal fits 29 s by fewer attempts, not by a bigger gateway.
        TimeoutBudget fitted = proposalApplied(p -> p.integrationTimeout(Duration.seconds(35))
                .clientTimeout(Duration.seconds(20)).sdkAttemptTimeout(Duration.millis(50)).sdkMaxAttempts(11));
        assertThat(ms(fitted.getIntegrationTimeout())).isEqualTo(29_000);

        proposalApplied(p -> p.integrationTimeout(Duration.millis(40)));
        proposalApplied(p -> p.integrationTimeout(Duration.seconds(29)).lambdaTimeout(Duration.millis(1_500)));
        proposalApplied(p -> p.lambdaTimeout(Duration.seconds(10)).sdkMaxAttempts(5)
                .clientTimeout(Duration.seconds(5)));
        proposalApplied(p -> p.endpointType(EndpointType.EDGE).integrationTimeout(Duration.seconds(40))
                .lambdaTimeout(Duration.seconds(38)).sdkCallTimeout(Duration.seconds(3)));
        proposalApplied(p -> p.snapStart(false).sdkCallTimeout(Duration.seconds(40)).lambdaTimeout(Duration.seconds(20))
                .clientTimeout(Duration.seconds(1)));
    }
}
