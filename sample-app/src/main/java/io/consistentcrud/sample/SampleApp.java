package io.consistentcrud.sample;

import software.amazon.awscdk.App;
import software.amazon.awscdk.StackProps;

/**
 * The CDK app that {@code cdk.json} runs. Environment-agnostic: synth needs no AWS account or credentials.
 */
public final class SampleApp {
    /** The sample stack's name, also its template's file name under {@code cdk.out/}. */
    public static final String STACK_NAME = "ConsistentCrudSample";

    private SampleApp() {
    }

    public static void main(String[] args) {
        App app = new App();
        new SampleStack(app, STACK_NAME, StackProps.builder()
                .description("ConsistentCrudApi sample: users, products, orders and counters")
                .build());
        app.synth();
    }
}
