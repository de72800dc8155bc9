package io.consistentcrud.cdk.internal;

import java.util.ArrayList;
import java.util.List;
import software.amazon.awscdk.services.cloudwatch.Alarm;
import software.amazon.awscdk.services.cloudwatch.ComparisonOperator;
import software.amazon.awscdk.services.cloudwatch.IMetric;
import software.amazon.awscdk.services.cloudwatch.TreatMissingData;
import software.amazon.awscdk.services.cloudwatch.actions.SnsAction;
import software.amazon.awscdk.services.sns.ITopic;
import software.constructs.Construct;

/**
 * Creates the construct's alarms one way: at or above the threshold, missing data is not breaching (a quiet API is
 * a healthy one), and every alarm notifies the topic when it fires and when it recovers.
 */
final class AlarmFactory {
    private final Construct scope;
    private final ITopic topic;
    private final int evaluationPeriods;
    private final List<Alarm> created = new ArrayList<>();

    AlarmFactory(Construct scope, ITopic topic, int evaluationPeriods) {
        this.scope = scope;
        this.topic = topic;
        this.evaluationPeriods = evaluationPeriods;
    }

    Alarm create(String id, IMetric metric, double threshold, String description) {
        Alarm alarm = Alarm.Builder.create(scope, id)
                .metric(metric)
                .threshold(threshold)
                .evaluationPeriods(evaluationPeriods)
                .comparisonOperator(ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD)
                .treatMissingData(TreatMissingData.NOT_BREACHING)
                .alarmDescription(description)
                .build();
        SnsAction action = new SnsAction(topic);
        alarm.addAlarmAction(action);
        alarm.addOkAction(action);
        created.add(alarm);
        return alarm;
    }

    List<Alarm> created() {
        return List.copyOf(created);
    }
}
