package io.consistentcrud.cdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.cloudwatch.MathExpression;
import software.amazon.awscdk.services.lambda.Code;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.lambda.Runtime;

/** One handle per entity: its table, stream consumers, metrics and alarms, and nothing of another entity. */
class CrudEntityTest {

    private static Function consumer(Stack stack) {
        return Function.Builder.create(stack, "Consumer").runtime(Runtime.NODEJS_22_X).handler("index.handler")
                .code(Code.fromInline("exports.handler=async()=>({batchItemFailures:[]})")).build();
    }

    @Test
    void theHandleCarriesItsTableConsumersMetricsAndAlarms_andNoOtherEntitys() {
        Stack stack = Fixtures.stack();
        ConsistentCrudApi api = Fixtures.api(stack, b -> b.entities(List.of(Fixtures.users(), Fixtures.orders()))
                .auditTrail(false));
        CrudEntity orders = api.entity("orders");
        assertThat(api.getEntities()).containsOnlyKeys("users", "orders");
        assertThat(api.getEntities().get("orders")).isSameAs(orders);
        assertThat(orders.getName()).isEqualTo("orders");
        assertThat(orders.getTable().getNode().getId()).isEqualTo("TableOrders");

        StreamConsumer sc = orders.addStreamConsumer(consumer(stack));

        assertThat(orders.getStreamConsumers()).containsExactly(sc);
        assertThat(orders.getAlarms()).containsExactly(orders.getThrottlesAlarm(), orders.getSystemErrorsAlarm(),
                sc.getIteratorAgeAlarm(), sc.getDeadLetterQueueAlarm());
        assertThat(api.entity("users").getAlarms()).hasSize(2).doesNotContainAnyElementsOf(orders.getAlarms());
        assertThat(api.getAlarms()).containsAll(orders.getAlarms());
        assertThat(((MathExpression) orders.metricThrottles()).getLabel()).isEqualTo("ThrottledRequests TableOrders");
        assertThat(((MathExpression) orders.metricSystemErrors()).getLabel()).isEqualTo("SystemErrors TableOrders");
    }

    @Test
    void withAlarmsOff_theHandleHasNoAlarms_andItsAlarmGettersSaySo() {
        ConsistentCrudApi api = Fixtures.api(b -> b.alarmsEnabled(false));
        CrudEntity users = api.entity("users");
        assertThat(users.getAlarms()).isEmpty();
        assertThatThrownBy(users::getThrottlesAlarm).isInstanceOf(IllegalStateException.class)
                .hasMessage("Stack/Api: alarms are off (alarmsEnabled false)");
    }
}
