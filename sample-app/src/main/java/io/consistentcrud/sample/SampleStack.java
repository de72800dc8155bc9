package io.consistentcrud.sample;

import io.consistentcrud.cdk.ConsistentCrudApi;
import io.consistentcrud.cdk.EntityIndex;
import io.consistentcrud.cdk.EntitySchema;
import io.consistentcrud.cdk.EntitySpec;
import io.consistentcrud.cdk.GradualDeployment;
import java.util.List;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.dynamodb.Attribute;
import software.amazon.awscdk.services.dynamodb.AttributeType;
import software.amazon.awscdk.services.wafv2.CfnWebACL;
import software.constructs.Construct;

/**
 * The sample service: users (no two with the same email), products with a numeric stock, orders placed by transaction (an order and the stock
 * decrement commit together, stock never below 0) and listed by customer through an index, reviews of a product
 * (a partition and sort key), and counters incremented exactly once.
 *
 * <p>Everything the construct does not default is shown here: a WAF web ACL in front of the API. The rest is the
 * construct's hardened defaults, which is the point.
 */
public class SampleStack extends Stack {
    /** The entities of the sample API, shared by the stack and the local mode. */
    public static final List<EntitySpec> ENTITIES = List.of(
            // No two users share an email: a guard item per address, written in the same transaction as the user.
            entity("users", "userId", """
                    {"type": "object",
                     "properties": {"name": {"type": "string", "minLength": 1},
                                    "email": {"type": "string", "maxLength": 254},
                                    "score": {"type": "number"}}}
                    """).uniqueAttributes(List.of("email")).build(),
            entity("products", "productId", """
                    {"type": "object",
                     "properties": {"name": {"type": "string", "minLength": 1},
                                    "stock": {"type": "integer", "minimum": 0},
                                    "price": {"type": "number", "exclusiveMinimum": 0}}}
                    """).build(),
            // Orders of a customer, newest first with order=desc: an index on the customer and the creation time
            // the client gives (eventually consistent; read an order by key before acting on it).
            entity("orders", "orderId", """
                    {"type": "object",
                     "properties": {"productId": {"type": "string", "minLength": 1},
                                    "quantity": {"type": "integer", "minimum": 1},
                                    "items": {"type": "integer", "minimum": 0},
                                    "customerId": {"type": "string", "minLength": 1},
                                    "createdAt": {"type": "string", "minLength": 1}}}
                    """).indexes(List.of(EntityIndex.builder()
                            .name("byCustomer")
                            .partitionKey(Attribute.builder().name("customerId").type(AttributeType.STRING).build())
                            .sortKey(Attribute.builder().name("createdAt").type(AttributeType.STRING).build())
                            .build())).build(),
            // A partition and sort key: a product's reviews, read one by one or a product's page of them.
            entity("reviews", "productId", """
                    {"type": "object",
                     "properties": {"stars": {"type": "integer", "minimum": 1, "maximum": 5},
                                    "text": {"type": "string", "maxLength": 2000}}}
                    """).sortKey(Attribute.builder().name("reviewId").type(AttributeType.STRING).build()).build(),
            // Every table has the library's on-demand maximum; a hot counter gets a tighter write guard of its own.
            entity("counters", "counterId", """
                    {"type": "object", "properties": {"value": {"type": "number"}}}
                    """).maxWriteRequestUnits(1_000).build());

    private final ConsistentCrudApi api;
    private final CfnWebACL webAcl;

    /**
     * @param scope the app
     * @param id    the stack id
     * @param props stack properties
     */
    public SampleStack(Construct scope, String id, StackProps props) {
        super(scope, id, props);
        this.webAcl = webAcl();
        this.api = ConsistentCrudApi.Builder.create(this, "Api")
                .entities(ENTITIES)
                .webAclArn(webAcl.getAttrArn())
                // The default, shown: a new version gets 10% of the traffic for 5 minutes, rolled back on alarms.
                .gradualDeployment(GradualDeployment.canaryDefault())
                .build();
        CfnOutput.Builder.create(this, "ApiUrl").value(api.getUrl()).build();
        CfnOutput.Builder.create(this, "AlarmTopicArn").value(api.getAlarmTopic().getTopicArn()).build();
    }

    /** An entity with a string key and its item schema: checked at the gateway and in the runtime, in the OpenAPI. */
    private static EntitySpec.Builder entity(String name, String key, String schema) {
        return EntitySpec.builder()
                .name(name)
                .partitionKey(Attribute.builder().name(key).type(AttributeType.STRING).build())
                .schema(EntitySchema.fromJson(schema));
    }

    /** AWS's common rule set plus a per-IP rate limit: the usual first line in front of a public API. */
    private CfnWebACL webAcl() {
        return CfnWebACL.Builder.create(this, "WebAcl")
                .scope("REGIONAL")
                .defaultAction(CfnWebACL.DefaultActionProperty.builder()
                        .allow(CfnWebACL.AllowActionProperty.builder().build()).build())
                .visibilityConfig(visibility("ConsistentCrudSampleWebAcl"))
                .rules(List.of(
                        CfnWebACL.RuleProperty.builder()
                                .name("AWSManagedRulesCommonRuleSet")
                                .priority(0)
                                .overrideAction(CfnWebACL.OverrideActionProperty.builder()
                                        .none(java.util.Map.of()).build())
                                .statement(CfnWebACL.StatementProperty.builder()
                                        .managedRuleGroupStatement(CfnWebACL.ManagedRuleGroupStatementProperty.builder()
                                                .vendorName("AWS").name("AWSManagedRulesCommonRuleSet").build())
                                        .build())
                                .visibilityConfig(visibility("CommonRuleSet"))
                                .build(),
                        CfnWebACL.RuleProperty.builder()
                                .name("RatePerIp")
                                .priority(1)
                                .action(CfnWebACL.RuleActionProperty.builder()
                                        .block(CfnWebACL.BlockActionProperty.builder().build()).build())
                                .statement(CfnWebACL.StatementProperty.builder()
                                        .rateBasedStatement(CfnWebACL.RateBasedStatementProperty.builder()
                                                .limit(2000).aggregateKeyType("IP").build())
                                        .build())
                                .visibilityConfig(visibility("RatePerIp"))
                                .build()))
                .build();
    }

    private static CfnWebACL.VisibilityConfigProperty visibility(String metricName) {
        return CfnWebACL.VisibilityConfigProperty.builder()
                .cloudWatchMetricsEnabled(true).sampledRequestsEnabled(true).metricName(metricName).build();
    }

    /** The API construct. */
    public ConsistentCrudApi getApi() {
        return api;
    }

    /** The web ACL in front of the API. */
    public CfnWebACL getWebAcl() {
        return webAcl;
    }
}
