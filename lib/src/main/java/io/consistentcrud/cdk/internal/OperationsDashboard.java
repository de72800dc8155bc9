package io.consistentcrud.cdk.internal;

import io.consistentcrud.cdk.RuntimeMetrics;
import io.consistentcrud.cdk.TimeoutBudget;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import software.amazon.awscdk.Aspects;
import software.amazon.awscdk.IAspect;
import software.amazon.awscdk.services.apigateway.RestApi;
import software.amazon.awscdk.services.cloudwatch.Alarm;
import software.amazon.awscdk.services.cloudwatch.AlarmStatusWidget;
import software.amazon.awscdk.services.cloudwatch.Dashboard;
import software.amazon.awscdk.services.cloudwatch.GraphWidget;
import software.amazon.awscdk.services.cloudwatch.HorizontalAnnotation;
import software.amazon.awscdk.services.cloudwatch.IAlarm;
import software.amazon.awscdk.services.cloudwatch.IMetric;
import software.amazon.awscdk.services.cloudwatch.IWidget;
import software.amazon.awscdk.services.cloudwatch.TextWidget;
import software.constructs.Construct;
import software.constructs.IConstruct;

/**
 * The dashboard of a ConsistentCrudApi: the same signals as its alarms, with the timeout budget drawn as limits on
 * the latency graphs, so a reader sees how close requests come to a 504, and the state of every alarm.
 *
 * <p>The alarm row is added at synth, not at construction: a stream consumer added after the construct (by the
 * user, or by the audit trail) brings alarms of its own, and they belong on the dashboard too.
 */
public final class OperationsDashboard {
    private static final int WIDTH = 8;
    private static final int HEIGHT = 6;

    private OperationsDashboard() {
    }

    /**
     * Creates {@code Dashboard} in the scope.
     *
     * @param scope          the API construct
     * @param dashboardName  the name, or null for a generated one
     * @param budget         the resolved timeout budget, drawn as limits
     * @param restApi        the REST API, for its request count
     * @param metrics        the API's metrics
     * @param throttles      the entity tables' throttled requests, in declaration order; the idempotency and
     *                       unique-values tables' are added here
     * @param systemErrors   the entity tables' system errors, in declaration order; likewise
     * @param alarms         every alarm of the API at synth time
     * @return the dashboard
     */
    public static Dashboard create(Construct scope, String dashboardName, TimeoutBudget budget, RestApi restApi,
                                   ApiMetrics metrics, List<IMetric> throttles, List<IMetric> systemErrors,
                                   Supplier<List<Alarm>> alarms) {
        Dashboard d = Dashboard.Builder.create(scope, "Dashboard")
                .dashboardName(dashboardName)
                .build();
        d.addWidgets(TextWidget.Builder.create()
                .markdown("# " + scope.getNode().getPath() + "\nTimeout budget: " + budget)
                .width(24).height(2).build());
        d.addWidgets(
                graph("Requests and 5XX rate", List.of(restApi.metricCount()), List.of(metrics.api5xxRate()),
                        List.of()),
                graph("API latency p99 (ms)", List.of(metrics.apiLatency(), metrics.apiIntegrationLatency()),
                        List.of(), List.of(
                                limit("integration timeout", budget.getIntegrationTimeout().toMilliseconds()),
                                limit("Lambda timeout", budget.getLambdaTimeout().toMilliseconds()))),
                graph("Function errors and throttles", List.of(metrics.functionErrors(),
                        metrics.functionThrottles()), List.of(), List.of()));
        d.addWidgets(
                graph("Function duration p99 (ms)", List.of(metrics.functionDuration()), List.of(),
                        List.of(limit("Lambda timeout", budget.getLambdaTimeout().toMilliseconds()))),
                graph("Function concurrency", List.of(metrics.functionConcurrentExecutions()), List.of(), List.of()),
                graph("Runtime: conflicts, replays, recovered writes",
                        List.of(metrics.runtime(RuntimeMetrics.CONFLICTS),
                                metrics.runtime(RuntimeMetrics.REPLAYS),
                                metrics.runtime(RuntimeMetrics.RECOVERED_AMBIGUOUS_WRITES)),
                        List.of(), List.of()));
        List<IMetric> allThrottles = new ArrayList<>(throttles);
        allThrottles.add(metrics.idempotencyTableThrottles());
        List<IMetric> allSystemErrors = new ArrayList<>(systemErrors);
        allSystemErrors.add(metrics.idempotencyTableSystemErrors());
        if (metrics.hasUniqueValuesTable()) {
            allThrottles.add(metrics.uniqueValuesTableThrottles());
            allSystemErrors.add(metrics.uniqueValuesTableSystemErrors());
        }
        d.addWidgets(
                graph("DynamoDB throttled requests", allThrottles, List.of(), List.of()),
                graph("DynamoDB system errors", allSystemErrors, List.of(), List.of()),
                graph("Runtime: SDK retries, cancelled transactions",
                        List.of(metrics.runtime(RuntimeMetrics.SDK_RETRIES),
                                metrics.runtime(RuntimeMetrics.TRANSACTION_CANCELLATIONS)),
                        List.of(), List.of()));
        Aspects.of(d).add(new AlarmRow(d, alarms));
        return d;
    }

    /**
     * Adds the alarm status row once, when synthesis visits the dashboard: by then every stream consumer the app
     * adds exists. Aspects run before the dashboard body is rendered.
     */
    public static final class AlarmRow implements IAspect {
        private final Dashboard dashboard;
        private final Supplier<List<Alarm>> alarms;
        private boolean added;

        AlarmRow(Dashboard dashboard, Supplier<List<Alarm>> alarms) {
            this.dashboard = dashboard;
            this.alarms = alarms;
        }

        @Override
        public void visit(IConstruct node) {
            List<Alarm> all = alarms.get();
            if (added || all.isEmpty()) {
                return;
            }
            added = true;
            dashboard.addWidgets(AlarmStatusWidget.Builder.create()
                    .title("Alarms")
                    .alarms(new ArrayList<IAlarm>(all))
                    .width(24)
                    .build());
        }
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
