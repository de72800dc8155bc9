package io.consistentcrud.cdk;

import java.util.List;
import software.amazon.awscdk.services.cloudwatch.Alarm;
import software.amazon.awscdk.services.cloudwatch.ComparisonOperator;
import software.amazon.awscdk.services.cloudwatch.MetricOptions;
import software.amazon.awscdk.services.cloudwatch.TreatMissingData;
import software.amazon.awscdk.services.dynamodb.ITable;
import software.amazon.awscdk.services.lambda.IFunction;
import software.amazon.awscdk.services.lambda.eventsources.DynamoEventSource;
import software.amazon.awscdk.services.lambda.eventsources.SqsDlq;
import software.amazon.awscdk.services.sqs.Queue;
import software.amazon.awscdk.services.sqs.QueueEncryption;
import software.constructs.Construct;

/**
 * A function consuming an entity table's stream with hardened event-source settings, made by
 * {@link CrudEntity#addStreamConsumer}: failed batches are bisected, the function can report single failed
 * records, retries and record age are bounded, and records that still fail land in an encrypted, SSL-only SQS
 * dead-letter queue (kept 14 days). Alarms watch the function's iterator age and the dead-letter queue's depth.
 */
public class StreamConsumer extends Construct {
    private final IFunction function;
    private final Queue deadLetterQueue;
    private final DynamoEventSource eventSource;
    private final Alarm iteratorAgeAlarm;
    private final Alarm deadLetterQueueAlarm;

    StreamConsumer(Construct scope, String id, ITable table, IFunction function, StreamConsumerOptions options,
                   boolean createAlarms) {
        super(scope, id);
        this.function = function;
        this.deadLetterQueue = Queue.Builder.create(this, "DeadLetterQueue")
                .encryption(QueueEncryption.KMS_MANAGED)
                .enforceSsl(true)
                .retentionPeriod(software.amazon.awscdk.Duration.days(14))
                .build();
        this.eventSource = DynamoEventSource.Builder.create(table)
                .startingPosition(options.getStartingPosition())
                .batchSize(options.getBatchSize())
                .maxBatchingWindow(options.getMaxBatchingWindow())
                .bisectBatchOnError(true)
                .reportBatchItemFailures(true)
                .retryAttempts(options.getRetryAttempts())
                .maxRecordAge(options.getMaxRecordAge())
                .parallelizationFactor(options.getParallelizationFactor())
                .onFailure(new SqsDlq(deadLetterQueue))
                .build();
        function.addEventSource(eventSource);
        if (!createAlarms) {
            this.iteratorAgeAlarm = null;
            this.deadLetterQueueAlarm = null;
            return;
        }
        this.iteratorAgeAlarm = Alarm.Builder.create(this, "IteratorAgeAlarm")
                .alarmDescription("Stream consumer " + function.getNode().getPath() + " falls behind its stream")
                .metric(function.metric("IteratorAge", MetricOptions.builder().statistic("Maximum").build()))
                .threshold(options.getIteratorAgeThreshold().toMilliseconds())
                .evaluationPeriods(1)
                .comparisonOperator(ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD)
                .treatMissingData(TreatMissingData.NOT_BREACHING)
                .build();
        // Any record in the dead-letter queue is a change the consumer never handled: worth a page, not a trend.
        this.deadLetterQueueAlarm = Alarm.Builder.create(this, "DeadLetterQueueAlarm")
                .alarmDescription("Stream consumer " + function.getNode().getPath() + " gave up on stream records")
                .metric(deadLetterQueue.metricApproximateNumberOfMessagesVisible(
                        MetricOptions.builder().statistic("Maximum").build()))
                .threshold(1)
                .evaluationPeriods(1)
                .comparisonOperator(ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD)
                .treatMissingData(TreatMissingData.NOT_BREACHING)
                .build();
    }

    /**
     * The consuming function.
     *
     * @return the consuming function
     */
    public IFunction getFunction() {
        return function;
    }

    /**
     * Where records go after the bounded retries or once too old.
     *
     * @return where records go after the bounded retries or once too old
     */
    public Queue getDeadLetterQueue() {
        return deadLetterQueue;
    }

    /**
     * The event source added to the function.
     *
     * @return the event source added to the function
     */
    public DynamoEventSource getEventSource() {
        return eventSource;
    }

    /**
     * The alarm on the function's iterator age (milliseconds, maximum); null when the API's alarms are off.
     *
     * @return the alarm on the function's iterator age (milliseconds, maximum)
     */
    public Alarm getIteratorAgeAlarm() {
        return iteratorAgeAlarm;
    }

    /**
     * {@return the alarm on the dead-letter queue's depth, at least one record the consumer gave up on; null when the
     * API's alarms are off}
     */
    public Alarm getDeadLetterQueueAlarm() {
        return deadLetterQueueAlarm;
    }

    List<Alarm> alarms() {
        return iteratorAgeAlarm == null ? List.of() : List.of(iteratorAgeAlarm, deadLetterQueueAlarm);
    }
}
