package io.consistentcrud.cdk;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;
import software.amazon.awscdk.services.dynamodb.Attribute;
import software.amazon.awscdk.services.dynamodb.AttributeType;
import software.amazon.awscdk.services.kms.Key;
import software.amazon.awscdk.services.logs.RetentionDays;

class AuditTrailTest {

    private static ConsistentCrudApi.Builder api(Stack stack) {
        return ConsistentCrudApi.Builder.create(stack, "Api").entities(List.of(
                EntitySpec.builder().name("users")
                        .partitionKey(Attribute.builder().name("userId").type(AttributeType.STRING).build()).build(),
                EntitySpec.builder().name("orders")
                        .partitionKey(Attribute.builder().name("customerId").type(AttributeType.STRING).build())
                        .sortKey(Attribute.builder().name("orderId").type(AttributeType.STRING).build()).build()));
    }

    @Test
    void byDefault_everyTableStreamFeedsTheAuditConsumerWithHardenedEventSourceSettings() {
        Stack stack = new Stack(new App(), "S");
        ConsistentCrudApi built = api(stack).build();
        Template t = Template.fromStack(stack);

        assertThat(built.getAuditTrail()).isNotNull();
        t.hasResourceProperties("AWS::Lambda::Function", Map.of(
                "Handler", "io.consistentcrud.runtime.audit.AuditStreamHandler::handleRequest",
                "TracingConfig", Map.of("Mode", "Active"),
                "Environment", Map.of("Variables", Match.objectLike(Map.of(
                        "CCA_AUDIT_INCLUDE_VALUES", "false", "CCA_AUDIT_REDACT", "")))));
        t.resourcePropertiesCountIs("AWS::Lambda::EventSourceMapping", Map.of(
                "BisectBatchOnFunctionError", true,
                "FunctionResponseTypes", List.of("ReportBatchItemFailures"),
                "MaximumRetryAttempts", 3,
                "MaximumRecordAgeInSeconds", 3600,
                "DestinationConfig", Map.of("OnFailure", Map.of("Destination", Match.anyValue()))), 2);
        assertThat(built.getAuditTrail().getConsumers()).containsOnlyKeys("users", "orders");
    }

    @Test
    void deadLetterQueuesAreEncryptedSslOnlyAndAlarmOnTheFirstRecord() {
        Stack stack = new Stack(new App(), "S");
        ConsistentCrudApi built = api(stack).build();
        Template t = Template.fromStack(stack);

        t.resourcePropertiesCountIs("AWS::SQS::Queue", Map.of("KmsMasterKeyId", "alias/aws/sqs"), 2);
        t.hasResourceProperties("AWS::SQS::QueuePolicy", Map.of("PolicyDocument", Map.of("Statement",
                Match.arrayWith(List.of(Match.objectLike(Map.of(
                        "Effect", "Deny",
                        "Condition", Map.of("Bool", Map.of("aws:SecureTransport", "false")))))))));
        StreamConsumer users = built.getAuditTrail().getConsumers().get("users");
        t.hasResourceProperties("AWS::CloudWatch::Alarm", Map.of(
                "MetricName", "ApproximateNumberOfMessagesVisible",
                "Threshold", 1,
                "ComparisonOperator", "GreaterThanOrEqualToThreshold"));
        t.hasResourceProperties("AWS::CloudWatch::Alarm", Map.of("MetricName", "IteratorAge"));
        assertThat(built.getAlarms()).contains(users.getDeadLetterQueueAlarm(), users.getIteratorAgeAlarm());
    }

    @Test
    void auditEventsGoToTheirOwnLogGroupWithFiniteRetentionAndOptionalKey() {
        Stack stack = new Stack(new App(), "S");
        Key key = Key.Builder.create(stack, "AuditKey").enableKeyRotation(true).build();
        api(stack).auditTrailOptions(AuditTrailOptions.builder()
                .retention(RetentionDays.THREE_MONTHS).encryptionKey(key)
                .includeValues(true).redactedAttributes(List.of("ssn", "email")).build()).build();
        Template t = Template.fromStack(stack);

        t.hasResourceProperties("AWS::Logs::LogGroup", Map.of(
                "RetentionInDays", 90,
                "KmsKeyId", Map.of("Fn::GetAtt", List.of(stack.getLogicalId(
                        (software.amazon.awscdk.CfnElement) key.getNode().getDefaultChild()), "Arn"))));
        t.hasResourceProperties("AWS::Lambda::Function", Map.of(
                "Handler", AuditTrail.HANDLER,
                "Environment", Map.of("Variables", Match.objectLike(Map.of(
                        "CCA_AUDIT_INCLUDE_VALUES", "true", "CCA_AUDIT_REDACT", "ssn,email")))));
    }

    @Test
    void aSavedQueryPerEntityAnswersTheHistoryOfOneItem() {
        Stack stack = new Stack(new App(), "S");
        api(stack).serviceName("shop").build();
        Template t = Template.fromStack(stack);

        t.hasResourceProperties("AWS::Logs::QueryDefinition", Map.of(
                "Name", "shop/users-item-history",
                "QueryString", "fields @timestamp, type, oldVersion, newVersion, caller, requestToken, changed.0, "
                        + "changed.1, changed.2\n| filter entity = \"users\" and key.userId = \"<userId>\"\n"
                        + "| sort newVersion asc, @timestamp asc\n| dedup sequenceNumber"));
        t.hasResourceProperties("AWS::Logs::QueryDefinition", Map.of(
                "Name", "shop/orders-item-history",
                "QueryString", Match.stringLikeRegexp(
                        ".*key\\.customerId = \"<customerId>\" and key\\.orderId = \"<orderId>\".*")));
    }

    @Test
    void theConsumerMayOnlyWriteItsOwnLogGroup_andNeverTouchesTheTablesItems() {
        Stack stack = new Stack(new App(), "S");
        ConsistentCrudApi built = api(stack).build();
        String policy = Template.fromStack(stack).toJSON().get("Resources").toString();

        assertThat(built.getAuditTrail().getRole()).isNotNull();
        Template.fromStack(stack).hasResourceProperties("AWS::IAM::Policy", Map.of(
                "Roles", List.of(Map.of("Ref", stack.getLogicalId(
                        (software.amazon.awscdk.CfnElement) built.getAuditTrail().getRole().getNode().getDefaultChild()))),
                "PolicyDocument", Map.of("Statement", Match.arrayWith(List.of(Match.objectLike(Map.of(
                        "Sid", "WriteAuditEvents",
                        "Action", List.of("logs:CreateLogStream", "logs:PutLogEvents"))))))));
        assertThat(policy).doesNotContain("dynamodb:Scan");
    }

    @Test
    void switchedOff_noConsumerNoLogGroupNoQuery() {
        Stack stack = new Stack(new App(), "S");
        ConsistentCrudApi built = api(stack).auditTrail(false).build();
        Template t = Template.fromStack(stack);

        assertThat(built.getAuditTrail()).isNull();
        t.resourceCountIs("AWS::Lambda::EventSourceMapping", 0);
        t.resourceCountIs("AWS::Logs::QueryDefinition", 0);
    }
}
