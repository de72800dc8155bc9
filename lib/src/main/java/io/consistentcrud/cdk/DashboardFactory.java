package io.consistentcrud.cdk;

import java.util.ArrayList;
import java.util.List;
import software.amazon.awscdk.services.cloudwatch.AlarmStatusWidget;
import software.amazon.awscdk.services.cloudwatch.Dashboard;
import software.amazon.awscdk.services.cloudwatch.GraphWidget;
import software.amazon.awscdk.services.cloudwatch.HorizontalAnnotation;
import software.amazon.awscdk.services.cloudwatch.IAlarm;
import software.amazon.awscdk.services.cloudwatch.IMetric;
import software.amazon.awscdk.services.cloudwatch.IWidget;
import software.amazon.awscdk.services.cloudwatch.TextWidget;

/**
 * The dashboard of a {@link ConsistentCrudApi}: the same signals as its alarms, with the timeout budget drawn as
 * limits on the latency graphs, so a reader sees how close requests come to a 504.
 */
final class DashboardFactory {
    private static final int WIDTH = 8;
    private static final int HEIGHT = 6;

    private DashboardFactory() {
    }

    static Dashboard create(ConsistentCrudApi api, String dashboardName) {
        TimeoutBudget budget = api.getTimeoutBudget();
        Dashboard d = Dashboard.Builder.create(api, "Dashboard")
                .dashboardName(dashboardName)
                .build();
        d.addWidgets(TextWidget.Builder.create()
                .markdown("# " + api.getNode().getPath() + "\nTimeout budget: " + budget)
                .width(24).height(2).build());
        d.addWidgets(
                graph("Requests and 5XX rate", List.of(api.getRestApi().metricCount()), List.of(api.metricApi5xxRate()),
                        List.of()),
                graph("API latency p99 (ms)", List.of(api.metricApiLatency(), api.metricApiIntegrationLatency()),
                        List.of(), List.of(limit("integration timeout", budget.getIntegrationTimeout().toMilliseconds()),
                                limit("Lambda timeout", budget.getLambdaTimeout().toMilliseconds()))),
                graph("Function errors and throttles", List.of(api.metricFunctionErrors(),
                        api.metricFunctionThrottles()), List.of(), List.of()));
        d.addWidgets(
                graph("Function duration p99 (ms)", List.of(api.metricFunctionDuration()), List.of(),
                        List.of(limit("Lambda timeout", budget.getLambdaTimeout().toMilliseconds()))),
                graph("Function concurrency", List.of(api.metricFunctionConcurrentExecutions()), List.of(), List.of()),
                graph("Runtime: conflicts, replays, recovered writes",
                        List.of(api.metricConflicts(), api.metricReplays(), api.metricRecoveredAmbiguousWrites()),
                        List.of(), List.of()));
        List<IMetric> throttles = new ArrayList<>();
        List<IMetric> systemErrors = new ArrayList<>();
        for (String entity : api.getTables().keySet()) {
            throttles.add(api.metricTableThrottles(entity));
            systemErrors.add(api.metricTableSystemErrors(entity));
        }
        throttles.add(api.metricIdempotencyTableThrottles());
        systemErrors.add(api.metricIdempotencyTableSystemErrors());
        d.addWidgets(
                graph("DynamoDB throttled requests", throttles, List.of(), List.of()),
                graph("DynamoDB system errors", systemErrors, List.of(), List.of()),
                graph("Runtime: SDK retries, cancelled transactions",
                        List.of(api.metricSdkRetries(), api.metricTransactionCancellations()), List.of(), List.of()));
        if (!api.getAlarms().isEmpty()) {
            d.addWidgets(AlarmStatusWidget.Builder.create()
                    .title("Alarms")
                    .alarms(new ArrayList<IAlarm>(api.getAlarms()))
                    .width(24)
                    .build());
        }
        return d;
    }

    private static IWidget graph(String title, List<IMetric> left, List<IMetric> right,
                                 List<HorizontalAnnotation> annotations) {
        GraphWidget.Builder b = GraphWidget.Builder.create().title(title).left(left).width(WIDTH).height(HEIGHT);
        if (!right.isEmpty()) {
            b.right(right);
        }
        if (!annotations.isEmpty()) {
            b.leftAnnotations(annotations);
        }
        return b.build();
    }

    private static HorizontalAnnotation limit(String label, Number value) {
        return HorizontalAnnotation.builder().label(label).value(value).build();
    }
}
