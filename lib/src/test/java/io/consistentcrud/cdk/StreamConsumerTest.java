package io.consistentcrud.cdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.CfnElement;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;
import software.amazon.awscdk.services.cloudwatch.Alarm;
import software.amazon.awscdk.services.lambda.Code;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.lambda.Runtime;
import software.amazon.awscdk.services.lambda.StartingPosition;

/** addStreamConsumer's hardened event source, dead-letter queue and iterator-age alarm. */
class StreamConsumerTest {

    private static Function consumer(Stack stack) {
        return Function.Builder.create(stack, "Audit").runtime(Runtime.NODEJS_22_X).handler("index.handler")
                .code(Code.fromInline("exports.handler=async()=>({batchItemFailures:[]})")).build();
    }

    @Test
    void defaults_bisectPartialBatchBoundedRetriesAndAge_encryptedSslOnlyDlq_iteratorAgeAlarm() {
        Stack stack = Fixtures.stack();
        ConsistentCrudApi api = Fixtures.api(stack, b -> { });
        StreamConsumer sc = api.entity("users").addStreamConsumer(consumer(stack));
        Template t = Template.fromStack(stack);
        t.hasResourceProperties("AWS::Lambda::EventSourceMapping", Map.of(
                "EventSourceArn", Map.of("Fn::GetAtt", List.of(Match.stringLikeRegexp("ApiTableUsers.*"),
                        "StreamArn")),
                "BisectBatchOnFunctionError", true,
                "FunctionResponseTypes", List.of("ReportBatchItemFailures"),
                "MaximumRetryAttempts", 3,
                "MaximumRecordAgeInSeconds", 3600,
                "BatchSize", 100,
                "ParallelizationFactor", 1,
                "StartingPosition", "TRIM_HORIZON",
                "DestinationConfig", Map.of("OnFailure", Map.of("Destination", Map.of("Fn::GetAtt",
                        List.of(Match.stringLikeRegexp("ApiStreamConsumerUsers.*DeadLetterQueue.*"), "Arn"))))));
        t.hasResourceProperties("AWS::SQS::Queue", Map.of("KmsMasterKeyId", "alias/aws/sqs",
                "MessageRetentionPeriod", 1_209_600));
        Object sslOnly = Match.objectLike(Map.of("Effect", "Deny",
                "Condition", Map.of("Bool", Map.of("aws:SecureTransport", "false"))));
        t.hasResourceProperties("AWS::SQS::QueuePolicy", Map.of("PolicyDocument", Match.objectLike(Map.of(
                "Statement", List.of(sslOnly)))));
        String topic = t.findResources("AWS::SNS::Topic").keySet().iterator().next();
        t.hasResourceProperties("AWS::CloudWatch::Alarm", Map.of("MetricName", "IteratorAge",
                "Statistic", "Maximum", "Threshold", 300_000, "AlarmActions", List.of(Map.of("Ref", topic))));
        assertThat(api.getAlarms()).contains(sc.getIteratorAgeAlarm());
        assertThat(sc.getDeadLetterQueue()).isNotNull();
        assertThat(sc.getEventSource()).isNotNull();
        assertThat(sc.getFunction().getNode().getId()).isEqualTo("Audit");
    }

    @Test
    void options_overrideTheBounds() {
        Stack stack = Fixtures.stack();
        ConsistentCrudApi api = Fixtures.api(stack, b -> { });
        api.entity("users").addStreamConsumer(consumer(stack), StreamConsumerOptions.builder().batchSize(10)
                .maxBatchingWindow(Duration.seconds(5)).retryAttempts(1).maxRecordAge(Duration.minutes(10))
                .parallelizationFactor(2).startingPosition(StartingPosition.LATEST)
                .iteratorAgeThreshold(Duration.seconds(30)).build());
        Template t = Template.fromStack(stack);
        t.hasResourceProperties("AWS::Lambda::EventSourceMapping", Map.of("BatchSize", 10,
                "MaximumBatchingWindowInSeconds", 5, "MaximumRetryAttempts", 1, "MaximumRecordAgeInSeconds", 600,
                "ParallelizationFactor", 2, "StartingPosition", "LATEST", "BisectBatchOnFunctionError", true));
        t.hasResourceProperties("AWS::CloudWatch::Alarm", Map.of("MetricName", "IteratorAge", "Threshold", 30_000));
    }

    @Test
    void withAlarmsOff_theConsumerHasNoAlarms() {
        Stack stack = Fixtures.stack();
        ConsistentCrudApi api = Fixtures.api(stack, b -> b.alarmsEnabled(false));
        StreamConsumer sc = api.entity("users").addStreamConsumer(consumer(stack));
        Template.fromStack(stack).resourceCountIs("AWS::CloudWatch::Alarm", 0);
        assertThat(sc.getIteratorAgeAlarm()).isNull();
        assertThat(sc.getDeadLetterQueueAlarm()).isNull();
    }

    @Test
    void aConsumerAddedAfterConstruction_hasItsAlarmsOnTheDashboard() {
        Stack stack = Fixtures.stack();
        ConsistentCrudApi api = Fixtures.api(stack, b -> b.auditTrail(false));
        StreamConsumer sc = api.entity("users").addStreamConsumer(consumer(stack));
        Template t = Template.fromStack(stack);
        String body = new ObjectMapper().valueToTree(Fixtures.properties(t, "AWS::CloudWatch::Dashboard")
                .get("DashboardBody")).toString();
        for (Alarm alarm : List.of(sc.getIteratorAgeAlarm(), sc.getDeadLetterQueueAlarm())) {
            assertThat(body).contains(stack.getLogicalId((CfnElement) alarm.getNode().getDefaultChild()));
        }
    }

    @Test
    void anUndeclaredEntity_isRefused() {
        Stack stack = Fixtures.stack();
        ConsistentCrudApi api = Fixtures.api(stack, b -> { });
        assertThatThrownBy(() -> api.entity("nope").addStreamConsumer(consumer(stack)))
                .hasMessage("no entity named 'nope'; entities are [users]");
    }
}
