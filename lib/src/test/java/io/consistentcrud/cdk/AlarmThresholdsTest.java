package io.consistentcrud.cdk;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

/** Default thresholds, budget-derived thresholds, and each override's effect on its alarm. */
class AlarmThresholdsTest {

    private static void hasAlarm(Template t, String metricName, double threshold) {
        t.hasResourceProperties("AWS::CloudWatch::Alarm", Map.of("MetricName", metricName, "Threshold", threshold));
    }

    @Test
    void defaults() {
        AlarmThresholds d = AlarmThresholds.defaults();
        assertThat(d.getPeriod().toSeconds()).isEqualTo(300);
        assertThat(d.getEvaluationPeriods()).isEqualTo(1);
        assertThat(List.of(d.getApi5xxRatePercent(), d.getApiLatencyPercentOfBudget(),
                d.getIntegrationLatencyPercentOfBudget(), d.getFunctionErrors(), d.getFunctionThrottles(),
                d.getFunctionDurationPercentOfTimeout(), d.getFunctionConcurrencyPercentOfLimit(),
                d.getTableThrottles(), d.getTableSystemErrors(), d.getRecoveredAmbiguousWrites(), d.getConflicts(),
                d.getReplays())).containsExactly(1.0, 80.0, 80.0, 1.0, 1.0, 80.0, 80.0, 1.0, 1.0, 1.0, 50.0, 100.0);
    }

    @Test
    void g7_latencyAndDurationAlarmsAreSharesOfTheResolvedBudget() {
        Template t = Fixtures.template(b -> { });
        hasAlarm(t, "Latency", 29_000 * 0.8);
        hasAlarm(t, "IntegrationLatency", 27_000 * 0.8);
        hasAlarm(t, "Duration", 27_000 * 0.8);
        hasAlarm(t, "ConcurrentExecutions", 800);
        t.hasResourceProperties("AWS::CloudWatch::Alarm", Map.of("Threshold", 1,
                "Metrics", Match.arrayWith(List.of(Match.objectLike(Map.of(
                        "Expression", "IF(requests > 0, 100 * errors / requests, 0)"))))));
    }

    @Test
    void everyThresholdCanBeOverridden() {
        // The audit consumer's stream alarms have their own thresholds (StreamConsumerOptions): left out here.
        Template t = Fixtures.template(b -> b.auditTrail(false).alarmThresholds(AlarmThresholds.builder()
                .period(Duration.minutes(1)).evaluationPeriods(3)
                .api5xxRatePercent(5).apiLatencyPercentOfBudget(50).integrationLatencyPercentOfBudget(50)
                .functionErrors(7).functionThrottles(8).functionDurationPercentOfTimeout(50)
                .functionConcurrencyPercentOfLimit(50).tableThrottles(9).tableSystemErrors(11)
                .recoveredAmbiguousWrites(12).conflicts(13).replays(14).build()));
        t.allResourcesProperties("AWS::CloudWatch::Alarm", Map.of("EvaluationPeriods", 3));
        hasAlarm(t, "Latency", 14_500);
        hasAlarm(t, "IntegrationLatency", 13_500);
        hasAlarm(t, "Duration", 13_500);
        hasAlarm(t, "ConcurrentExecutions", 500);
        hasAlarm(t, "Errors", 7);
        hasAlarm(t, "Throttles", 8);
        hasAlarm(t, RuntimeMetrics.RECOVERED_AMBIGUOUS_WRITES, 12);
        hasAlarm(t, RuntimeMetrics.CONFLICTS, 13);
        hasAlarm(t, RuntimeMetrics.REPLAYS, 14);
        t.hasResourceProperties("AWS::CloudWatch::Alarm", Map.of("MetricName", RuntimeMetrics.CONFLICTS,
                "Period", 60));
        t.hasResourceProperties("AWS::CloudWatch::Alarm", Map.of("Threshold", 5,
                "Metrics", Match.arrayWith(List.of(Match.objectLike(Map.of("Id", "expr_1"))))));
        t.hasResourceProperties("AWS::CloudWatch::Alarm", Map.of("Threshold", 9, "AlarmDescription",
                "Requests to the users table were throttled"));
        t.hasResourceProperties("AWS::CloudWatch::Alarm", Map.of("Threshold", 11, "AlarmDescription",
                "DynamoDB system errors on the users table"));
    }

    @Test
    void tableAlarmsSumEveryOperationTheStoreCalls_transactionsIncluded() {
        Template t = Fixtures.template(b -> { });
        Object metric = Match.objectLike(Map.of("MetricName", "ThrottledRequests", "Namespace", "AWS/DynamoDB"));
        List<String> operations = StoreCall.operations(StoreCall.onEntityTable(false));
        assertThat(operations).contains("TransactWriteItems");
        for (String operation : operations) {
            Object throttles = Match.objectLike(Map.of("Id", "throttlesUsers" + operation,
                    "MetricStat", Match.objectLike(Map.of("Metric", metric))));
            t.hasResourceProperties("AWS::CloudWatch::Alarm", Map.of(
                    "AlarmDescription", "Requests to the users table were throttled",
                    "Metrics", Match.arrayWith(List.of(throttles))));
        }
        String expression = String.join(" + ", operations.stream()
                .map(operation -> "FILL(errorsUsers" + operation + ", 0)").toList());
        t.hasResourceProperties("AWS::CloudWatch::Alarm", Map.of(
                "AlarmDescription", "DynamoDB system errors on the users table",
                "Metrics", Match.arrayWith(List.of(Match.objectLike(Map.of("Expression", expression))))));
    }
}
