package io.consistentcrud.cdk;

import static io.consistentcrud.cdk.Fixtures.number;
import static io.consistentcrud.cdk.Fixtures.string;
import static org.assertj.core.api.Assertions.assertThat;

import io.consistentcrud.contract.IndexQuery;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;
import software.amazon.awscdk.services.dynamodb.ProjectionType;

/**
 * Indexes on an entity: the GSIs of its TableV2 (the version and the tombstone marker always projected), Query
 * granted on the index ARNs only, a throttle alarm and dashboard line per index, the index route's GET on the
 * collection, the entities document, and every bad declaration refused at synth naming property, value and rule.
 */
class EntityIndexTest {
    private static EntityIndex byCustomer() {
        return EntityIndex.builder().name("byCustomer").partitionKey(string("customerId"))
                .sortKey(string("createdAt")).build();
    }

    private static EntitySpec.Builder orders() {
        return EntitySpec.builder().name("orders").partitionKey(string("orderId"));
    }

    private static void refused(EntitySpec entity, String detail) {
        Fixtures.assertRefused(Fixtures.stack(), entity, detail);
    }

    /** The statement of that Sid in the stack's policies. */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> statement(Template t, String sid) {
        for (Object policy : t.findResources("AWS::IAM::Policy").values()) {
            Map<String, Object> doc = (Map<String, Object>) ((Map<String, Object>) ((Map<String, Object>) policy)
                    .get("Properties")).get("PolicyDocument");
            for (Object statement : (List<Object>) doc.get("Statement")) {
                if (sid.equals(((Map<String, Object>) statement).get("Sid"))) {
                    return (Map<String, Object>) statement;
                }
            }
        }
        throw new AssertionError("no statement " + sid);
    }

    @Test
    void g20_indexes_areCreatedOnTheTable_withTheVersionAndTombstoneMarkerProjected() {
        Template t = Fixtures.template(b -> b.entities(List.of(orders().indexes(List.of(byCustomer(),
                EntityIndex.builder().name("byStatus").partitionKey(string("status"))
                        .projection(ProjectionType.KEYS_ONLY).build(),
                EntityIndex.builder().name("byTotal").partitionKey(string("customerId")).sortKey(number("total"))
                        .projection(ProjectionType.INCLUDE).nonKeyAttributes(List.of("status")).build()))
                .indexRollout(IndexRollout.newTable()).build())));
        t.hasResourceProperties("AWS::DynamoDB::GlobalTable", Map.of(
                "GlobalSecondaryIndexes", List.of(
                        Map.of("IndexName", "byCustomer", "KeySchema", List.of(
                                        Map.of("AttributeName", "customerId", "KeyType", "HASH"),
                                        Map.of("AttributeName", "createdAt", "KeyType", "RANGE")),
                                "Projection", Map.of("ProjectionType", "ALL"),
                                "WriteOnDemandThroughputSettings", Map.of("MaxWriteRequestUnits", 4000)),
                        Match.objectLike(Map.of("IndexName", "byStatus", "Projection", Map.of(
                                "ProjectionType", "INCLUDE", "NonKeyAttributes", List.of("version", "_ccaDeleted")))),
                        Match.objectLike(Map.of("IndexName", "byTotal", "Projection", Map.of(
                                "ProjectionType", "INCLUDE",
                                "NonKeyAttributes", List.of("status", "version", "_ccaDeleted"))))),
                "AttributeDefinitions", Match.arrayWith(List.of(
                        Map.of("AttributeName", "total", "AttributeType", "N"))),
                // The cost guard covers index reads too (a global table sets read maxima per replica).
                "Replicas", List.of(Match.objectLike(Map.of("GlobalSecondaryIndexes", Match.arrayWith(List.of(
                        Map.of("IndexName", "byCustomer", "ReadOnDemandThroughputSettings",
                                Map.of("MaxReadRequestUnits", 4000)))))))));
    }

    @Test
    void g20_theFunction_mayQueryTheIndexArnsOnly_andEachIndexHasAThrottleAlarm() {
        ConsistentCrudApi api = Fixtures.api(b -> b.entities(List.of(orders().indexes(List.of(byCustomer()))
                .build())));
        Template t = Template.fromStack(Stack.of(api));
        Map<String, Object> indexes = statement(t, "EntityIndexesOrders");
        assertThat(indexes.get("Action")).isEqualTo("dynamodb:Query");
        assertThat(indexes.get("Resource").toString()).contains("/index/byCustomer");
        // The table's own statement still has no Query: the entity has no sort key.
        assertThat(statement(t, "EntityOrders").get("Action")).isEqualTo(StoreCall.actions(StoreCall.onEntityTable(false)));
        assertThat(StoreCall.actions(StoreCall.onEntityTable(false))).doesNotContain("dynamodb:Query");
        t.hasResourceProperties("AWS::CloudWatch::Alarm", Map.of(
                "Metrics", Match.arrayWith(List.of(Match.objectLike(Map.of("MetricStat", Match.objectLike(Map.of(
                        "Metric", Match.objectLike(Map.of("MetricName", "ReadThrottleEvents",
                                "Dimensions", Match.arrayWith(List.of(Map.of("Name", "GlobalSecondaryIndexName",
                                        "Value", "byCustomer")))))))))))));
        assertThat(api.entity("orders").getIndexThrottlesAlarm("byCustomer")).isNotNull();
        assertThat(api.getNode().tryFindChild("Dashboard")).isNotNull();
        assertThat(t.toJSON().toString()).contains("ThrottleEvents TableOrders/byCustomer");
    }

    @Test
    void g20_theCollectionServesTheIndexRoute_andTheRuntimeLearnsTheIndexes() {
        Template t = Fixtures.template(b -> b.entities(List.of(orders().indexes(List.of(byCustomer())).build())));
        t.hasResourceProperties("AWS::ApiGateway::Method", Map.of("HttpMethod", "GET", "RequestParameters",
                Map.of("method.request.querystring." + IndexQuery.INDEX, true,
                        "method.request.querystring." + IndexQuery.PARTITION, true,
                        "method.request.querystring." + IndexQuery.CURSOR, false)));
        assertThat(Fixtures.envVars(t).get(RuntimeEnvironment.ENTITIES).toString()).contains(
                "\"indexes\":[{\"name\":\"byCustomer\",\"pk\":{\"name\":\"customerId\",\"type\":\"S\"},"
                        + "\"sk\":{\"name\":\"createdAt\",\"type\":\"S\"}}]");
    }

    @Test
    void g20_anExistingTablesIndexes_areDeclaredNotCreated_andGrantedByArn() {
        Stack stack = Fixtures.stackIn("eu-west-1");
        Fixtures.api(stack, b -> b.auditTrail(false).entities(List.of(orders().existingTable(ExistingTable.named("orders-prod"))
                .indexes(List.of(byCustomer(), EntityIndex.builder().name("byStatus")
                        .partitionKey(string("status")).build())).build())));
        Template t = Template.fromStack(stack);
        t.resourceCountIs("AWS::DynamoDB::GlobalTable", 1);
        String resources = statement(t, "EntityIndexesOrders").get("Resource").toString();
        assertThat(resources).contains(":table/orders-prod/index/byCustomer", ":table/orders-prod/index/byStatus");
    }

    @Test
    void g20_badIndexDeclarations_areRefusedNamingPropertyValueAndRule() {
        refused(orders().indexes(List.of(EntityIndex.builder().name("byCustomer")
                        .partitionKey(software.amazon.awscdk.services.dynamodb.Attribute.builder().name("customerId")
                                .type(software.amazon.awscdk.services.dynamodb.AttributeType.BINARY).build())
                        .build())).build(),
                "index 'byCustomer': partitionKey 'customerId' has type BINARY; keys are STRING or NUMBER, since "
                        + "they travel in the URL path");
        refused(orders().indexes(List.of(byCustomer(), byCustomer())).indexRollout(IndexRollout.newTable()).build(),
                "index 'byCustomer': the name is declared twice; index names must be unique in an entity");
        List<EntityIndex> many = new ArrayList<>();
        for (int i = 0; i < 21; i++) {
            many.add(EntityIndex.builder().name("index" + i).partitionKey(string("a" + i)).build());
        }
        refused(orders().indexes(many).indexRollout(IndexRollout.newTable()).build(), "indexes declares 21 indexes; "
                + "DynamoDB allows at most 20 global secondary indexes per table");
        refused(orders().indexes(List.of(EntityIndex.builder().name("byCustomer").partitionKey(string("customerId"))
                        .projection(ProjectionType.INCLUDE).nonKeyAttributes(List.of("orderId")).build())).build(),
                "index 'byCustomer': nonKeyAttributes lists 'orderId', a key attribute; keys are always projected "
                        + "and DynamoDB refuses them in the list");
        refused(orders().indexes(List.of(EntityIndex.builder().name("byCca").partitionKey(string("_ccaToken"))
                        .build())).build(),
                "index 'byCca': partitionKey '_ccaToken' is not 1-64 letters, digits or underscores starting with "
                        + "a letter");
        refused(orders().indexes(List.of(EntityIndex.builder().name("byVersion").partitionKey(string("status"))
                        .sortKey(number("version")).build())).build(),
                "index 'byVersion': sortKey 'version' is the version attribute, which every write changes; an "
                        + "index key must be an attribute clients write");
        refused(orders().indexes(List.of(EntityIndex.builder().name("byOrder").partitionKey(number("orderId"))
                        .build())).build(),
                "index 'byOrder': partitionKey 'orderId' has type NUMBER but is STRING in another key; one "
                        + "attribute has one type in every key of the table");
        refused(orders().indexes(List.of(EntityIndex.builder().name("x").partitionKey(string("a")).build())).build(),
                "index name 'x' is not 3-64 letters, digits, dots, dashes or underscores starting with a letter");
    }

    @Test
    void g20_moreThanOneIndexChange_inOneDeployment_isRefused() {
        EntityIndex byStatus = EntityIndex.builder().name("byStatus").partitionKey(string("status")).build();
        refused(orders().indexes(List.of(byCustomer(), byStatus)).build(), "indexes declares 2 indexes "
                + "[byCustomer, byStatus] without indexRollout; CloudFormation creates or drops one index of a table "
                + "per deployment: set IndexRollout.newTable() if the table is created in this deployment, or "
                + "IndexRollout.deployed(<the indexes it has>) (docs/construct.md, \"Rolling out indexes\")");
        refused(orders().indexes(List.of(byCustomer(), byStatus)).indexRollout(IndexRollout.deployed(List.of()))
                .build(), "indexRollout IndexRollout.deployed([]) and indexes [byCustomer, byStatus] change 2 indexes "
                + "in one deployment [create byCustomer, create byStatus]; CloudFormation creates or drops one index "
                + "of a table per deployment: deploy one change, then the next (docs/construct.md, \"Rolling out "
                + "indexes\")");
        // One at a time is fine: the second index on a table deployed with the first.
        Fixtures.template(b -> b.entities(List.of(orders().indexes(List.of(byCustomer(), byStatus))
                .indexRollout(IndexRollout.deployed(List.of("byCustomer"))).build())));
        // A single index needs no rollout: one change is always one change.
        Fixtures.template(b -> b.entities(List.of(orders().indexes(List.of(byCustomer())).build())));
    }
}
