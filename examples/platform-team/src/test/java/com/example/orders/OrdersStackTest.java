package com.example.orders;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.consistentcrud.cdk.RuntimeEnvironment;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.App;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

/** The orders service as the team wants it: checked with aws-cdk-lib's assertions. */
class OrdersStackTest {
    private static OrdersStack stack;
    private static Template template;

    @BeforeAll
    static void synth() {
        stack = new OrdersStack(new App(), OrdersApp.STACK_NAME,
                StackProps.builder().env(OrdersApp.ENVIRONMENT).build());
        template = Template.fromStack(stack);
    }

    @Test
    void everyMethodIsAuthorizedByTheCompanyUserPool() {
        template.hasResourceProperties("AWS::ApiGateway::Authorizer", Map.of("Type", "COGNITO_USER_POOLS",
                "ProviderARNs", List.of("arn:aws:cognito-idp:eu-west-1:123456789012:userpool/eu-west-1_Example1")));
        template.allResourcesProperties("AWS::ApiGateway::Method", Map.of("AuthorizationType", "COGNITO_USER_POOLS"));
    }

    @Test
    void ordersArePartitionedByCustomer_andSortedByOrderId() {
        template.hasResourceProperties("AWS::DynamoDB::GlobalTable", Map.of("KeySchema", List.of(
                Map.of("AttributeName", "customerId", "KeyType", "HASH"),
                Map.of("AttributeName", "orderId", "KeyType", "RANGE"))));
    }

    @Test
    void productsHaveAReadReplica_writtenOnlyInTheStacksRegion() {
        template.hasResourceProperties("AWS::DynamoDB::GlobalTable", Map.of(
                "KeySchema", List.of(Map.of("AttributeName", "productId", "KeyType", "HASH")),
                "Replicas", Match.arrayWith(List.of(Match.objectLike(Map.of("Region",
                        OrdersStack.PRODUCTS_REPLICA_REGION))))));
        String entities = template.findResources("AWS::Lambda::Function", Map.of("Properties", Match.objectLike(
                Map.of("Handler", RuntimeEnvironment.DEFAULT_HANDLER)))).toString();
        assertTrue(entities.contains("homeRegion") && entities.contains("eu-west-1"), entities);
    }

    @Test
    void customersUseThePlatformsTable_createNone_andGetOnlyTheStoresCallsOnIt() {
        template.resourceCountIs("AWS::DynamoDB::GlobalTable", 3); // orders, products, idempotency
        template.hasResourceProperties("AWS::Lambda::EventSourceMapping", Map.of(
                "EventSourceArn", OrdersStack.CUSTOMERS_STREAM_ARN));
        String policies = template.findResources("AWS::IAM::Policy").toString();
        assertTrue(policies.contains("table/" + OrdersStack.CUSTOMERS_TABLE) && !policies.contains("Scan"), policies);
    }

    @Test
    void everyEntityDeclaresASchema_checkedByAGatewayModel_andPublishedInTheOpenApiDocument() {
        template.resourceCountIs("AWS::ApiGateway::Model", 3); // orders, products, customers
        String document = stack.getApi().openApiDocument();
        for (String entity : List.of("orders", "products", "customers")) {
            assertTrue(document.contains("\"/" + entity + "\""), entity);
        }
        assertTrue(document.contains("\"tier\""), "the customers' schema is in the document");
    }

    @Test
    void bothFunctionsRunInTheSharedVpcsPrivateSubnets() {
        Map<String, Object> vpcConfig = Map.of("SubnetIds",
                List.of("subnet-0a1b2c3d4e5f60718", "subnet-08f7e6d5c4b3a2910"),
                "SecurityGroupIds", List.of(Map.of("Fn::GetAtt", List.of(
                        Match.stringLikeRegexp("ServiceGroup.*"), "GroupId"))));
        template.hasResourceProperties("AWS::Lambda::Function", Map.of("Handler", RuntimeEnvironment.DEFAULT_HANDLER,
                "VpcConfig", vpcConfig));
        template.hasResourceProperties("AWS::Lambda::Function", Map.of("Handler", OrdersStack.RESTOCK_HANDLER,
                "VpcConfig", vpcConfig));
    }

    @Test
    void theApiIsServedOnThePlatformsDomain_underOrders_withTls12_andAnAliasRecord() {
        template.hasResourceProperties("AWS::ApiGateway::DomainName", Map.of("DomainName", "api.example.com",
                "SecurityPolicy", "TLS_1_2"));
        template.hasResourceProperties("AWS::ApiGateway::BasePathMapping", Map.of("BasePath", "orders"));
        template.hasResourceProperties("AWS::Route53::RecordSet", Map.of("Name", "api.example.com.", "Type", "A",
                "HostedZoneId", "Z0123456789ABCDEFGHIJ"));
    }

    @Test
    void alarmsNotifyThePlatformsTopic() {
        String topic = "arn:aws:sns:eu-west-1:123456789012:platform-alarms";
        template.allResourcesProperties("AWS::CloudWatch::Alarm", Map.of("AlarmActions", List.of(topic)));
        template.resourceCountIs("AWS::SNS::Topic", 0);
    }

    @Test
    void theRestockFunctionIsBound_toProductsOnly_withTheStoresCallsAndNoScan() {
        @SuppressWarnings("unchecked")
        Map<String, Object> variables = (Map<String, Object>) ((Map<String, Object>) ((Map<String, Object>)
                template.findResources("AWS::Lambda::Function", Map.of("Properties", Map.of("Handler",
                        OrdersStack.RESTOCK_HANDLER))).values().iterator().next().get("Properties"))
                .get("Environment")).get("Variables");
        assertTrue(variables.containsKey(RuntimeEnvironment.ENTITIES));
        assertEquals("9000", variables.get(RuntimeEnvironment.CALL_TIMEOUT_MS));
        String entities = variables.get(RuntimeEnvironment.ENTITIES).toString();
        assertTrue(entities.contains("products") && !entities.contains("orders"), entities);
        template.hasResourceProperties("AWS::IAM::Policy", Map.of("PolicyDocument", Map.of("Statement",
                Match.arrayWith(List.of(Match.objectLike(Map.of("Sid", "ConsistentStoreOrdersEntityProducts",
                        "Action", List.of("dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:UpdateItem",
                                "dynamodb:ConditionCheckItem")))))),
                "Roles", List.of(Map.of("Ref", Match.stringLikeRegexp("RestockRole.*")))));
        assertTrue(!template.toJSON().toString().contains("dynamodb:Scan"));
    }
}
