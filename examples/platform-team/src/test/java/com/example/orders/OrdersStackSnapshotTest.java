package com.example.orders;

import io.consistentcrud.cdk.testing.TemplateSnapshot;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.App;
import software.amazon.awscdk.StackProps;

/** The whole template against its reviewed snapshot (refresh with -Dsnapshot.update=true and review the diff). */
class OrdersStackSnapshotTest {
    @Test
    void templateMatchesTheReviewedSnapshot() {
        OrdersStack stack = new OrdersStack(new App(), OrdersApp.STACK_NAME,
                StackProps.builder().env(OrdersApp.ENVIRONMENT).build());
        TemplateSnapshot.of(stack).assertMatches(Path.of("src/test/resources/snapshots/OrdersService.template.json"));
    }
}
