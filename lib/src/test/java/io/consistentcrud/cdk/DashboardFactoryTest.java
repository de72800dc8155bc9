package io.consistentcrud.cdk;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Template;

/** The dashboard shows the alarms' signals with the budget drawn as limits. */
class DashboardFactoryTest {

    @Test
    void theDashboardGraphsApiLambdaTablesAndRuntimeMetrics_withTheBudgetAsLimits() {
        ConsistentCrudApi api = Fixtures.api(b -> { });
        Template t = Template.fromStack(Stack.of(api));
        Map<String, Object> props = Fixtures.properties(t, "AWS::CloudWatch::Dashboard");
        String body = new ObjectMapper().valueToTree(props.get("DashboardBody")).toString();
        assertThat(body).contains("API latency p99 (ms)", "integration timeout", "29000", "Lambda timeout", "27000",
                "ThrottledRequests", "SystemErrors", RuntimeMetrics.CONFLICTS, RuntimeMetrics.REPLAYS,
                RuntimeMetrics.RECOVERED_AMBIGUOUS_WRITES, RuntimeMetrics.SDK_RETRIES,
                RuntimeMetrics.TRANSACTION_CANCELLATIONS, "ConcurrentExecutions", "Alarms");
    }
}
