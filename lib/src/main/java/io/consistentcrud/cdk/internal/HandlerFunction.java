package io.consistentcrud.cdk.internal;

import io.consistentcrud.cdk.ConsistentCrudApiProps;
import io.consistentcrud.cdk.LambdaRuntimeAsset;
import io.consistentcrud.cdk.RuntimeEnvironment;
import io.consistentcrud.cdk.TimeoutBudget;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Annotations;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.lambda.Alias;
import software.amazon.awscdk.services.lambda.Code;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.lambda.Runtime;
import software.amazon.awscdk.services.lambda.SnapStartConf;
import software.amazon.awscdk.services.lambda.Tracing;
import software.amazon.awscdk.services.logs.LogGroup;
import software.constructs.Construct;

/**
 * The API's handler: its log group, a least-privilege role (its own log group, exactly the store's calls, and in a
 * VPC only the network-interface actions), the function with the budget's timeout, and the alias the API invokes.
 */
public final class HandlerFunction {
    /** The alias the API invokes: the published version, which is what SnapStart snapshots. */
    public static final String ALIAS_NAME = "live";
    /**
     * The Lambda runtime of the handler and the audit consumer: the newest Java runtime in aws-cdk-lib 2.263; the
     * runtime jar is Java 17 bytecode.
     */
    public static final Runtime JAVA_RUNTIME = Runtime.JAVA_25;
    /** What Lambda does with the function's role to place it in a VPC; EC2 allows no narrower resource here. */
    public static final List<String> VPC_NETWORK_INTERFACE_ACTIONS = List.of("ec2:CreateNetworkInterface",
            "ec2:DescribeNetworkInterfaces", "ec2:DescribeSubnets", "ec2:DeleteNetworkInterface",
            "ec2:AssignPrivateIpAddresses", "ec2:UnassignPrivateIpAddresses");

    private final LogGroup logGroup;
    private final Role role;
    private final Function function;
    private final Alias alias;

    /**
     * Creates {@code FunctionLogs}, {@code FunctionRole}, {@code Function} and {@code Alias} in the scope.
     *
     * @param scope  the API construct
     * @param props  the API's props
     * @param budget the resolved timeout budget
     * @param store  the store's environment and statements, for every entity
     */
    public HandlerFunction(Construct scope, ConsistentCrudApiProps props, TimeoutBudget budget, StoreAccess store) {
        this.logGroup = LogGroup.Builder.create(scope, "FunctionLogs")
                .retention(props.getLogRetention())
                .removalPolicy(props.getRemovalPolicy())
                .build();
        this.role = Role.Builder.create(scope, "FunctionRole")
                .assumedBy(new ServicePrincipal("lambda.amazonaws.com"))
                .description("ConsistentCrudApi " + scope.getNode().getPath() + ": only the actions the runtime uses")
                .build();
        role.addToPrincipalPolicy(PolicyStatement.Builder.create()
                .sid("WriteOwnLogs")
                .actions(List.of("logs:CreateLogStream", "logs:PutLogEvents"))
                .resources(List.of(logGroup.getLogGroupArn()))
                .build());
        store.addStatements(role, store.all(), "");
        if (props.getVpc() != null) {
            // The function's own role (not CDK's) gets only the network-interface actions Lambda needs in a VPC,
            // instead of the managed AWSLambdaVPCAccessExecutionRole policy.
            role.addToPrincipalPolicy(PolicyStatement.Builder.create()
                    .sid("VpcNetworkInterfaces")
                    .actions(VPC_NETWORK_INTERFACE_ACTIONS)
                    .resources(List.of("*"))
                    .build());
        }
        Code code = props.getCode() != null ? props.getCode() : LambdaRuntimeAsset.code();
        String handler = props.getHandler() != null ? props.getHandler() : RuntimeEnvironment.DEFAULT_HANDLER;
        Map<String, String> env = new LinkedHashMap<>(props.getEnvironment());
        env.putAll(store.environment(store.all()));
        this.function = Function.Builder.create(scope, "Function")
                .runtime(JAVA_RUNTIME)
                .architecture(props.getArchitecture())
                .memorySize(props.getMemorySize())
                .timeout(budget.getLambdaTimeout())
                .code(code)
                .handler(handler)
                .role(role)
                .logGroup(logGroup)
                .tracing(Tracing.ACTIVE)
                .snapStart(Boolean.TRUE.equals(props.getSnapStart()) ? SnapStartConf.ON_PUBLISHED_VERSIONS : null)
                .reservedConcurrentExecutions(props.getReservedConcurrentExecutions())
                .vpc(props.getVpc())
                .vpcSubnets(props.getVpcSubnets())
                .securityGroups(props.getSecurityGroups())
                .environment(env)
                .description("ConsistentCrudApi handler; timeout budget: " + budget)
                .build();
        this.alias = Alias.Builder.create(scope, "Alias")
                .aliasName(ALIAS_NAME)
                .version(function.getCurrentVersion())
                .build();
        if (Boolean.TRUE.equals(props.getSnapStart())) {
            Annotations.of(function).acknowledgeWarning("@aws-cdk/aws-lambda:snapStartRequirePublish",
                    "the alias publishes the current version, and the API invokes only the alias");
        }
    }

    /** {@return the function's log group} */
    public LogGroup getLogGroup() {
        return logGroup;
    }

    /** {@return the function's execution role} */
    public Role getRole() {
        return role;
    }

    /** {@return the function} */
    public Function getFunction() {
        return function;
    }

    /** {@return the alias of the current published version} */
    public Alias getAlias() {
        return alias;
    }
}
