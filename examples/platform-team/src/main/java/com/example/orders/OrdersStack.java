package com.example.orders;

import io.consistentcrud.cdk.ApiAuthorization;
import io.consistentcrud.cdk.ConsistentCrudApi;
import io.consistentcrud.cdk.EntitySchema;
import io.consistentcrud.cdk.CustomDomainOptions;
import io.consistentcrud.cdk.EntitySpec;
import io.consistentcrud.cdk.ExistingTable;
import io.consistentcrud.cdk.Replication;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.certificatemanager.Certificate;
import software.amazon.awscdk.services.cognito.IUserPool;
import software.amazon.awscdk.services.cognito.UserPool;
import software.amazon.awscdk.services.dynamodb.Attribute;
import software.amazon.awscdk.services.dynamodb.AttributeType;
import software.amazon.awscdk.services.ec2.IVpc;
import software.amazon.awscdk.services.ec2.SecurityGroup;
import software.amazon.awscdk.services.ec2.SubnetSelection;
import software.amazon.awscdk.services.ec2.Vpc;
import software.amazon.awscdk.services.ec2.VpcAttributes;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.lambda.Code;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.lambda.Tracing;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.amazon.awscdk.services.route53.HostedZone;
import software.amazon.awscdk.services.route53.HostedZoneAttributes;
import software.amazon.awscdk.services.sns.ITopic;
import software.amazon.awscdk.services.sns.Topic;
import software.constructs.Construct;

/**
 * The orders service: an API over customers' orders (partition + sort key), products (with a read replica in a
 * second Region) and the platform's own customer table (brought, not created), in the platform's shared
 * VPC, behind the company's Cognito user pool, alarming to the platform's topic; plus the team's own restock function
 * on the same tables through the runtime's store.
 */
public class OrdersStack extends Stack {
    /** The handler of the team's own function. */
    public static final String RESTOCK_HANDLER = "com.example.orders.restock.RestockHandler::handleRequest";
    /** Where the products table has its read replica. */
    public static final String PRODUCTS_REPLICA_REGION = "eu-central-1";
    /** The platform's customer table, which this stack does not own. */
    public static final String CUSTOMERS_TABLE = "platform-customers";
    /** Its stream (NEW_AND_OLD_IMAGES), which the audit trail reads. */
    public static final String CUSTOMERS_STREAM_ARN =
            "arn:aws:dynamodb:eu-west-1:123456789012:table/platform-customers/stream/2026-01-01T00:00:00.000";

    private final ConsistentCrudApi api;
    private final Function restock;

    /**
     * @param scope the app
     * @param id    the stack's id
     * @param props the stack's props (an explicit environment)
     */
    public OrdersStack(Construct scope, String id, StackProps props) {
        super(scope, id, props);

        // Shared platform resources are imported, not created: the VPC, the user pool and the alarm topic.
        IVpc vpc = Vpc.fromVpcAttributes(this, "SharedVpc", VpcAttributes.builder()
                .vpcId("vpc-0a1b2c3d4e5f60718")
                .availabilityZones(List.of("eu-west-1a", "eu-west-1b"))
                .privateSubnetIds(List.of("subnet-0a1b2c3d4e5f60718", "subnet-08f7e6d5c4b3a2910"))
                .build());
        IUserPool users = UserPool.fromUserPoolArn(this, "CompanyUsers",
                "arn:aws:cognito-idp:eu-west-1:123456789012:userpool/eu-west-1_Example1");
        ITopic alarms = Topic.fromTopicArn(this, "PlatformAlarms",
                "arn:aws:sns:eu-west-1:123456789012:platform-alarms");
        SecurityGroup serviceGroup = SecurityGroup.Builder.create(this, "ServiceGroup")
                .vpc(vpc)
                .description("Orders service functions: outbound HTTPS to DynamoDB only through the VPC endpoint")
                .build();

        this.api = ConsistentCrudApi.Builder.create(this, "Orders")
                .entities(List.of(
                        EntitySpec.builder().name("orders")
                                .partitionKey(key("customerId")).sortKey(key("orderId"))
                                .schema(EntitySchema.fromFile(Path.of("schemas/orders.json"))).build(),
                        // Read replicas for failover: only this Region (the stack's) writes products.
                        EntitySpec.builder().name("products").partitionKey(key("productId"))
                                .schema(EntitySchema.fromFile(Path.of("schemas/products.json")))
                                .replication(Replication.readReplicas(PRODUCTS_REPLICA_REGION)).build(),
                        // The platform's customer table, created and owned elsewhere: the API only uses it, and
                        // its schema is what this API lets clients write there.
                        EntitySpec.builder().name("customers").partitionKey(key("customerId"))
                                .existingTable(ExistingTable.named(CUSTOMERS_TABLE)
                                        .withStreamArn(CUSTOMERS_STREAM_ARN))
                                .schema(EntitySchema.fromFile(Path.of("schemas/customers.json"))).build()))
                .authorization(ApiAuthorization.cognito(List.of(users)))
                .vpc(vpc)
                .vpcSubnets(SubnetSelection.builder().subnets(vpc.getPrivateSubnets()).build())
                .securityGroups(List.of(serviceGroup))
                .environment(Map.of("TEAM", "orders"))
                .alarmTopic(alarms)
                .webAclArn("arn:aws:wafv2:eu-west-1:123456789012:regional/webacl/platform/a1b2c3d4")
                // The platform's domain and zone, imported by attributes (synth needs no AWS access): the API is
                // served at https://api.example.com/orders/..., with TLS 1.2 minimum, and its alias records.
                .customDomain(CustomDomainOptions.builder()
                        .domainName("api.example.com")
                        .certificate(Certificate.fromCertificateArn(this, "PlatformCertificate",
                                "arn:aws:acm:eu-west-1:123456789012:certificate/0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b"))
                        .basePath("orders")
                        .hostedZone(HostedZone.fromHostedZoneAttributes(this, "PlatformZone",
                                HostedZoneAttributes.builder().hostedZoneId("Z0123456789ABCDEFGHIJ")
                                        .zoneName("example.com").build()))
                        .build())
                .build();

        this.restock = restockFunction(vpc, serviceGroup);
        api.bindStore(restock, "products");
    }

    /** The team's own function, with an explicit role and log group like the construct's. */
    private Function restockFunction(IVpc vpc, SecurityGroup serviceGroup) {
        LogGroup logs = LogGroup.Builder.create(this, "RestockLogs").retention(RetentionDays.ONE_YEAR).build();
        Role role = Role.Builder.create(this, "RestockRole")
                .assumedBy(new ServicePrincipal("lambda.amazonaws.com"))
                .build();
        role.addToPrincipalPolicy(PolicyStatement.Builder.create()
                .actions(List.of("logs:CreateLogStream", "logs:PutLogEvents"))
                .resources(List.of(logs.getLogGroupArn()))
                .build());
        role.addToPrincipalPolicy(PolicyStatement.Builder.create()
                .actions(List.of("ec2:CreateNetworkInterface", "ec2:DescribeNetworkInterfaces",
                        "ec2:DescribeSubnets", "ec2:DeleteNetworkInterface", "ec2:AssignPrivateIpAddresses",
                        "ec2:UnassignPrivateIpAddresses"))
                .resources(List.of("*"))
                .build());
        return Function.Builder.create(this, "Restock")
                .runtime(ConsistentCrudApi.JAVA_RUNTIME)
                .code(Code.fromAsset("target/lambda-asset"))
                .handler(RESTOCK_HANDLER)
                .memorySize(1024)
                // Above the API's SDK call timeout (bindStore checks it).
                .timeout(Duration.seconds(15))
                .role(role)
                .logGroup(logs)
                .tracing(Tracing.ACTIVE)
                .vpc(vpc)
                .vpcSubnets(SubnetSelection.builder().subnets(vpc.getPrivateSubnets()).build())
                .securityGroups(List.of(serviceGroup))
                .build();
    }

    private static Attribute key(String name) {
        return Attribute.builder().name(name).type(AttributeType.STRING).build();
    }

    /** The orders API. */
    public ConsistentCrudApi getApi() {
        return api;
    }

    /** The team's restock function, bound to the products table. */
    public Function getRestock() {
        return restock;
    }
}
