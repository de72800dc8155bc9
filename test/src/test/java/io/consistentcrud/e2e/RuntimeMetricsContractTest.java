package io.consistentcrud.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.consistentcrud.runtime.config.RuntimeConfiguration;
import io.consistentcrud.runtime.TransactionResult;
import io.consistentcrud.runtime.observability.EmfMetrics;
import io.consistentcrud.runtime.observability.EmfStoreMetrics;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Contract: the runtime's metric names, namespace and dimensions. Every series of the runtime's namespace that the
 * construct's alarms and dashboard use is one the runtime emits, configured as the construct configures it, and the
 * dashboard shows every metric the runtime emits.
 */
class RuntimeMetricsContractTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final ContractStack contract = ContractStack.get();

    /** A CloudWatch metric series: namespace, name and dimensions. */
    record Series(String namespace, String name, Map<String, String> dimensions) {
    }

    @Test
    void everyRuntimeSeriesTheAlarmsAndTheDashboardUse_isOneTheRuntimeEmits() throws Exception {
        Set<Series> emitted = emittedByTheRuntime();
        Set<Series> alarmed = alarmedByTheConstruct();
        Set<Series> graphed = graphedByTheConstruct();

        assertThat(alarmed).as("control: the construct alarms on runtime metrics").isNotEmpty();
        assertThat(emitted).containsAll(alarmed).containsAll(graphed);
        assertThat(graphed).extracting(Series::name).as("the dashboard shows every metric the runtime emits")
                .containsExactlyInAnyOrderElementsOf(emitted.stream().map(Series::name).distinct().toList());
    }

    /** Every event the store counts, through the runtime's EMF writer configured from the construct's environment. */
    private Set<Series> emittedByTheRuntime() throws Exception {
        RuntimeConfiguration config = RuntimeConfiguration.fromEnvironment(contract.apiEnvironment());
        List<String> lines = new ArrayList<>();
        EmfStoreMetrics metrics = new EmfStoreMetrics(new EmfMetrics(config.metricsNamespace(), config.serviceName(),
                lines::add, Clock.systemUTC()));
        metrics.conflict();
        metrics.replay();
        metrics.recoveredAmbiguousWrite();
        metrics.sdkRetry();
        for (TransactionResult.Reason reason : TransactionResult.Reason.values()) {
            metrics.transactionCancelled(reason);
        }
        Set<Series> series = new LinkedHashSet<>();
        for (String line : lines) {
            JsonNode event = JSON.readTree(line);
            JsonNode directive = event.get("_aws").get("CloudWatchMetrics").get(0);
            for (JsonNode dimensionSet : directive.get("Dimensions")) {
                Map<String, String> dimensions = new LinkedHashMap<>();
                dimensionSet.forEach(d -> dimensions.put(d.asText(), event.get(d.asText()).asText()));
                for (JsonNode metric : directive.get("Metrics")) {
                    series.add(new Series(directive.get("Namespace").asText(), metric.get("Name").asText(),
                            dimensions));
                }
            }
        }
        return series;
    }

    private Set<Series> alarmedByTheConstruct() {
        Set<Series> series = new LinkedHashSet<>();
        contract.template.findResources("AWS::CloudWatch::Alarm").values().forEach(alarm -> {
            JsonNode p = JSON.valueToTree(alarm).get("Properties");
            if (p.has("Namespace") && ContractStack.NAMESPACE.equals(p.get("Namespace").asText())) {
                Map<String, String> dimensions = new LinkedHashMap<>();
                p.get("Dimensions").forEach(d -> dimensions.put(d.get("Name").asText(), d.get("Value").asText()));
                series.add(new Series(ContractStack.NAMESPACE, p.get("MetricName").asText(), dimensions));
            }
        });
        return series;
    }

    /** The dashboard's metric rows {@code [namespace, name, dimension, value, ..., {options}]} of the namespace. */
    private Set<Series> graphedByTheConstruct() throws Exception {
        Set<Series> series = new LinkedHashSet<>();
        for (Object dashboard : contract.template.findResources("AWS::CloudWatch::Dashboard").values()) {
            JsonNode body = JSON.valueToTree(dashboard).get("Properties").get("DashboardBody");
            StringBuilder text = new StringBuilder();
            if (body.isTextual()) {
                text.append(body.asText());
            } else {
                // Fn::Join of text and tokens (the region, resource names); the tokens sit inside JSON strings.
                body.get("Fn::Join").get(1).forEach(part -> text.append(part.isTextual() ? part.asText() : "token"));
            }
            for (JsonNode widget : JSON.readTree(text.toString()).get("widgets")) {
                JsonNode rows = widget.path("properties").path("metrics");
                for (JsonNode row : rows) {
                    if (!ContractStack.NAMESPACE.equals(row.get(0).asText())) {
                        continue;
                    }
                    Map<String, String> dimensions = new LinkedHashMap<>();
                    for (int i = 2; i + 1 < row.size() && row.get(i).isTextual(); i += 2) {
                        dimensions.put(row.get(i).asText(), row.get(i + 1).asText());
                    }
                    series.add(new Series(ContractStack.NAMESPACE, row.get(1).asText(), dimensions));
                }
            }
        }
        return series;
    }
}
