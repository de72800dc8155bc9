package com.example.orders;

import software.amazon.awscdk.App;
import software.amazon.awscdk.Environment;
import software.amazon.awscdk.StackProps;

/** The CDK app: one orders service, pinned to the team's account and region. */
public final class OrdersApp {
    /** The stack's name. */
    public static final String STACK_NAME = "OrdersService";
    /** The account and region the service runs in (explicit, as platform pipelines deploy). */
    public static final Environment ENVIRONMENT = Environment.builder()
            .account("123456789012").region("eu-west-1").build();

    private OrdersApp() {
    }

    /**
     * Synthesizes the app.
     *
     * @param args unused
     */
    public static void main(String[] args) {
        App app = new App();
        new OrdersStack(app, STACK_NAME, StackProps.builder().env(ENVIRONMENT).build());
        app.synth();
    }
}
