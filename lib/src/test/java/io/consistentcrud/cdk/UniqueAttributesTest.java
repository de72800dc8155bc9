package io.consistentcrud.cdk;

import static io.consistentcrud.cdk.Fixtures.string;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.consistentcrud.contract.EntitiesDocument;
import io.consistentcrud.contract.ProblemTypes;
import io.consistentcrud.contract.UniqueValueSchema;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;
import software.amazon.awscdk.services.lambda.Function;

/**
 * Unique attributes on an entity: the unique-values table (only when an entity declares one) with the production
 * defaults and neither stream nor TTL, exactly the store's guard calls granted on its ARN alone, the variable and the
 * entities document's member, its alarms and dashboard lines, bound functions, the OpenAPI 409, and every bad
 * declaration refused at synth naming the entity, the value and the rule.
 */
class UniqueAttributesTest {
    private static final String USERS_SCHEMA = """
            {"type": "object",
             "properties": {"email": {"type": "string"}, "badge": {"type": "integer"},
                            "tags": {"type": "array", "items": {"type": "string"}}, "nickname": {}}}
            """;

    private static EntitySpec.Builder users() {
        return EntitySpec.builder().name("users").partitionKey(string("userId"));
    }

    private static EntitySpec usersUniqueByEmail() {
        return users().uniqueAttributes(List.of("email")).build();
    }

    private static void refused(EntitySpec entity, String detail) {
        Fixtures.assertRefused(Fixtures.stack(), entity, detail);
    }

    /** Every statement of the stack's policies. */
    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> statements(Template t) {
        List<Map<String, Object>> all = new ArrayList<>();
        for (Object policy : t.findResources("AWS::IAM::Policy").values()) {
            Map<String, Object> doc = (Map<String, Object>) ((Map<String, Object>) ((Map<String, Object>) policy)
                    .get("Properties")).get("PolicyDocument");
            ((List<Object>) doc.get("Statement")).forEach(s -> all.add((Map<String, Object>) s));
        }
        return all;
    }

    private static String uniqueValuesTableId(Template t) {
        List<String> ids = t.findResources("AWS::DynamoDB::GlobalTable").keySet().stream()
                .filter(id -> id.startsWith("ApiUniqueValuesTable")).toList();
        assertThat(ids).hasSize(1);
        return ids.get(0);
    }

    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class OnAnEntityThatDeclaresOne {
        private ConsistentCrudApi api;
        private Template t;

        @BeforeAll
        void synth() {
            api = Fixtures.api(b -> b.entities(List.of(usersUniqueByEmail(), Fixtures.orders())));
            t = Template.fromStack(Stack.of(api));
        }

        @Test
        void theUniqueValuesTable_hasAStringPk_noSortKey_noStream_noTtl_andTheProductionDefaults() {
            t.resourceCountIs("AWS::DynamoDB::GlobalTable", 4);
            String id = uniqueValuesTableId(t);
            t.hasResource("AWS::DynamoDB::GlobalTable", Map.of(
                    "Properties", Map.of(
                            "KeySchema", List.of(Map.of("AttributeName", UniqueValueSchema.PARTITION_KEY,
                                    "KeyType", "HASH")),
                            "AttributeDefinitions", List.of(Map.of("AttributeName", UniqueValueSchema.PARTITION_KEY,
                                    "AttributeType", "S")),
                            "BillingMode", "PAY_PER_REQUEST",
                            "WriteOnDemandThroughputSettings", Map.of("MaxWriteRequestUnits",
                                    EntitySpec.DEFAULT_MAX_REQUEST_UNITS),
                            "SSESpecification", Map.of("SSEEnabled", true, "SSEType", "KMS"),
                            "Replicas", List.of(Match.objectLike(Map.of(
                                    "PointInTimeRecoverySpecification", Map.of("PointInTimeRecoveryEnabled", true),
                                    "DeletionProtectionEnabled", true,
                                    "ReadOnDemandThroughputSettings", Map.of("MaxReadRequestUnits",
                                            EntitySpec.DEFAULT_MAX_REQUEST_UNITS))))),
                    "DeletionPolicy", "Retain",
                    "UpdateReplacePolicy", "Retain"));
            @SuppressWarnings("unchecked")
            Map<String, Object> properties = (Map<String, Object>) t.findResources("AWS::DynamoDB::GlobalTable")
                    .get(id).get("Properties");
            assertThat(properties).doesNotContainKeys("StreamSpecification", "TimeToLiveSpecification");
            assertThat(api.getUniqueValuesTable()).isNotNull();
            assertThat(Stack.of(api).resolve(api.getUniqueValuesTable().getTableName())).isEqualTo(Map.of("Ref", id));
        }

        @Test
        void theFunction_mayPutAndDeleteGuards_onTheUniqueValuesTablesArnOnly() {
            String id = uniqueValuesTableId(t);
            List<Map<String, Object>> onGuards = statements(t).stream()
                    .filter(s -> String.valueOf(s.get("Resource")).contains(id)).toList();
            assertThat(onGuards).containsExactly(Map.of("Sid", "UniqueValueGuards", "Effect", "Allow",
                    "Action", List.of("dynamodb:PutItem", "dynamodb:DeleteItem"),
                    "Resource", Map.of("Fn::GetAtt", List.of(id, "Arn"))));
            assertThat(DynamoDbActions.UNIQUE_VALUES_TABLE)
                    .containsExactly("dynamodb:PutItem", "dynamodb:DeleteItem");
            // The entity's own table still gets no DeleteItem: its delete puts a tombstone.
            assertThat(statements(t).stream().filter(s -> "EntityUsers".equals(s.get("Sid")))
                    .map(s -> s.get("Action"))).containsExactly(DynamoDbActions.ENTITY_TABLE);
        }

        @Test
        void theRuntimeLearnsTheTable_andTheEntitysUniqueAttributes() {
            Map<String, Object> env = Fixtures.envVars(t);
            assertThat(env.get(RuntimeEnvironment.UNIQUE_VALUES_TABLE))
                    .isEqualTo(Map.of("Ref", uniqueValuesTableId(t)));
            String entities = env.get(RuntimeEnvironment.ENTITIES).toString();
            assertThat(entities).contains("\"" + EntitiesDocument.UNIQUE + "\":[\"email\"]");
            // Only the entity that declares them carries the member.
            assertThat(entities.indexOf("\"" + EntitiesDocument.UNIQUE + "\""))
                    .isEqualTo(entities.lastIndexOf("\"" + EntitiesDocument.UNIQUE + "\""));
        }

        @Test
        void theTablesThrottlesAndSystemErrors_haveAlarms_andDashboardLines() {
            String id = uniqueValuesTableId(t);
            t.hasResourceProperties("AWS::CloudWatch::Alarm", Map.of(
                    "Metrics", Match.arrayWith(List.of(Match.objectLike(Map.of("Id", "throttlesUniqueValuesTransactWriteItems",
                            "MetricStat", Match.objectLike(Map.of("Metric", Match.objectLike(Map.of(
                                    "Namespace", "AWS/DynamoDB", "MetricName", "ThrottledRequests",
                                    "Dimensions", Match.arrayWith(List.of(
                                            Map.of("Name", "TableName", "Value", Map.of("Ref", id))))))))))))));
            assertThat(StoreCall.operations(StoreCall.onUniqueValuesTable())).containsExactly("TransactWriteItems");
            assertThat(api.getUniqueValuesTableThrottlesAlarm()).isNotNull();
            assertThat(api.getUniqueValuesTableSystemErrorsAlarm()).isNotNull();
            assertThat(api.getAlarms()).contains(api.getUniqueValuesTableThrottlesAlarm(),
                    api.getUniqueValuesTableSystemErrorsAlarm());
            assertThat(api.metricUniqueValuesTableThrottles()).isNotNull();
            assertThat(api.metricUniqueValuesTableSystemErrors()).isNotNull();
            String dashboard = t.findResources("AWS::CloudWatch::Dashboard").toString();
            assertThat(dashboard).contains("ThrottledRequests UniqueValuesTable")
                    .contains("SystemErrors UniqueValuesTable");
        }

        @Test
        void theOpenApiDocument_answersUniqueValueTaken_withA409_onEveryWrite() throws Exception {
            JsonNode doc = new ObjectMapper().readTree(api.openApiDocument());
            String taken = ProblemTypes.UNIQUE_VALUE_TAKEN.uri();
            assertThat(ProblemTypes.UNIQUE_VALUE_TAKEN.status()).isEqualTo(409);
            assertThat(doc.at("/components/schemas/Problem409/properties/type/enum").toString())
                    .contains("\"" + taken + "\"");
            assertThat(doc.at("/components/responses/Problem409/description").asText()).contains(taken);
            for (String write : List.of("/paths/~1users/post", "/paths/~1users~1{userId}/put",
                    "/paths/~1users~1{userId}/patch", "/paths/~1transactions/post")) {
                assertThat(doc.at(write + "/responses/409/$ref").asText()).as(write)
                        .isEqualTo("#/components/responses/Problem409");
            }
        }
    }

    @Test
    void withoutAnyUniqueAttribute_thereIsNoTable_noVariable_noGrant_andNoAlarm() {
        ConsistentCrudApi api = Fixtures.api(b -> b.entities(List.of(users().build(), Fixtures.orders())));
        Template t = Template.fromStack(Stack.of(api));
        t.resourceCountIs("AWS::DynamoDB::GlobalTable", 3);
        assertThat(t.findResources("AWS::DynamoDB::GlobalTable").keySet())
                .noneMatch(id -> id.startsWith("ApiUniqueValuesTable"));
        assertThat(api.getUniqueValuesTable()).isNull();
        assertThat(Fixtures.envVars(t)).doesNotContainKey(RuntimeEnvironment.UNIQUE_VALUES_TABLE);
        assertThat(Fixtures.envVars(t).get(RuntimeEnvironment.ENTITIES).toString())
                .doesNotContain("\"" + EntitiesDocument.UNIQUE + "\"");
        assertThat(statements(t)).noneMatch(s -> "UniqueValueGuards".equals(s.get("Sid")));
        assertThat(api.getUniqueValuesTableThrottlesAlarm()).isNull();
        assertThat(api.getUniqueValuesTableSystemErrorsAlarm()).isNull();
        assertThat(api.metricUniqueValuesTableThrottles()).isNull();
    }

    @Test
    void aBoundFunction_getsTheTableAndTheGuardGrant_onlyWhenItsEntitiesDeclareUniqueAttributes() {
        Stack stack = Fixtures.stack();
        ConsistentCrudApi api = Fixtures.api(stack, b -> b.entities(List.of(usersUniqueByEmail(), Fixtures.orders())));
        StoreBinding onUsers = api.bindStore(function(stack, "Onboarding"), "users");
        StoreBinding onOrders = api.bindStore(function(stack, "Restock"), "orders");
        Template t = Template.fromStack(stack);
        String id = uniqueValuesTableId(t);

        assertThat(Fixtures.envVarsOf(t, "com.example.Onboarding::handleRequest"))
                .containsEntry(RuntimeEnvironment.UNIQUE_VALUES_TABLE, Map.of("Ref", id));
        assertThat(onUsers.getEnvironment()).containsKey(RuntimeEnvironment.UNIQUE_VALUES_TABLE);
        assertThat(statements(t)).anyMatch(s -> "ConsistentStoreApiUniqueValueGuards".equals(s.get("Sid"))
                && s.get("Resource").equals(Map.of("Fn::GetAtt", List.of(id, "Arn"))));

        assertThat(Fixtures.envVarsOf(t, "com.example.Restock::handleRequest"))
                .doesNotContainKey(RuntimeEnvironment.UNIQUE_VALUES_TABLE);
        assertThat(onOrders.getEnvironment()).doesNotContainKey(RuntimeEnvironment.UNIQUE_VALUES_TABLE);
        // Two guard statements: the API function's and the users-bound function's; none for the orders-bound one.
        assertThat(statements(t).stream().filter(s -> String.valueOf(s.get("Resource")).contains(id))).hasSize(2);
    }

    private static Function function(Stack stack, String name) {
        return Function.Builder.create(stack, name).runtime(ConsistentCrudApi.JAVA_RUNTIME)
                .code(LambdaRuntimeAsset.code()).handler("com.example." + name + "::handleRequest")
                .timeout(Duration.seconds(15)).build();
    }

    @Test
    void onAnExistingTable_theGuardsLiveInTheConstructsOwnTable() {
        ConsistentCrudApi api = Fixtures.api(b -> b.auditTrail(false).entities(List.of(users()
                .existingTable(ExistingTable.named("users-prod")).uniqueAttributes(List.of("email")).build())));
        Template t = Template.fromStack(Stack.of(api));
        t.resourceCountIs("AWS::DynamoDB::GlobalTable", 2);
        assertThat(api.getUniqueValuesTable()).isNotNull();
        assertThat(Fixtures.envVars(t)).containsKey(RuntimeEnvironment.UNIQUE_VALUES_TABLE);
    }

    @Test
    void aSchemaDeclaringTheAttributeAsAStringNumberOrInteger_isAccepted_asIsAnAttributeTheSchemaLeavesOpen() {
        ConsistentCrudApi api = Fixtures.api(b -> b.entities(List.of(users()
                .schema(EntitySchema.fromJson(USERS_SCHEMA))
                .uniqueAttributes(List.of("email", "badge", "handle")).build())));
        assertThat(Fixtures.envVars(Template.fromStack(Stack.of(api))).get(RuntimeEnvironment.ENTITIES).toString())
                .contains("\"unique\":[\"email\",\"badge\",\"handle\"]");
    }

    // ---------------------------------------------------------------- refused at synth

    @Test
    void aKeyAttribute_isRefused_asUniqueAlready() {
        refused(users().uniqueAttributes(List.of("userId")).build(), "uniqueAttributes 'userId' is a key "
                + "attribute of the table, unique already: the key names one item");
        refused(EntitySpec.builder().name("users").partitionKey(string("tenant")).sortKey(string("userId"))
                .uniqueAttributes(List.of("userId")).build(), "uniqueAttributes 'userId' is a key attribute of the "
                + "table, unique already: the key names one item");
    }

    @Test
    void theVersionAttribute_isRefused() {
        refused(users().versionAttribute("rev").uniqueAttributes(List.of("rev")).build(), "uniqueAttributes 'rev' "
                + "is the version attribute: the runtime sets it on every write, and every new item's is 1");
    }

    @Test
    void theTimeToLiveAttribute_isRefused_sinceAnExpiryWouldLeaveItsGuardBehind() {
        refused(users().timeToLiveAttribute("expiresAt").uniqueAttributes(List.of("expiresAt")).build(),
                "uniqueAttributes 'expiresAt' is the timeToLiveAttribute: DynamoDB deletes an expired item without "
                        + "the runtime, which would leave its guard holding the value");
    }

    @Test
    void aReservedName_isRefused() {
        refused(users().uniqueAttributes(List.of("_ccaToken")).build(), "uniqueAttributes '_ccaToken' starts with "
                + "the runtime's reserved prefix '_cca': those attributes are the runtime's bookkeeping, not values "
                + "clients write");
    }

    @Test
    void anEmptyOrNullName_isRefused() {
        refused(users().uniqueAttributes(List.of("")).build(), "uniqueAttributes '' is empty; name the attribute");
        refused(users().uniqueAttributes(java.util.Arrays.asList("email", null)).build(),
                "uniqueAttributes 'null' is empty; name the attribute");
    }

    @Test
    void aNameThatIsNoAttributeName_isRefused() {
        refused(users().uniqueAttributes(List.of("e-mail")).build(), "uniqueAttributes 'e-mail' is not 1-64 "
                + "letters, digits or underscores starting with a letter");
    }

    @Test
    void aNameListedTwice_isRefused() {
        refused(users().uniqueAttributes(List.of("email", "handle", "email")).build(),
                "uniqueAttributes lists 'email' twice");
    }

    @Test
    void moreThanFive_isRefused_namingTheTransactionLimit() {
        refused(users().uniqueAttributes(List.of("a1", "a2", "a3", "a4", "a5", "a6")).build(),
                "uniqueAttributes [a1, a2, a3, a4, a5, a6] declares 6 attributes; at most 5 per entity: each changed "
                        + "unique value adds two items (the old value's guard deleted, the new one's put) to the "
                        + "write's transaction, which must stay far below DynamoDB's 100-item limit");
        assertThat(EntitySpec.MAX_UNIQUE_ATTRIBUTES).isEqualTo(5);
    }

    @Test
    void anAttributeTheSchemaTypesAsNoScalar_orLeavesUntyped_isRefused() {
        refused(users().schema(EntitySchema.fromJson(USERS_SCHEMA)).uniqueAttributes(List.of("tags")).build(),
                "uniqueAttributes 'tags' has the schema type \"array\"; a unique attribute's schema type must be "
                        + "\"string\", \"number\" or \"integer\": a guard's key holds one scalar value");
        refused(users().schema(EntitySchema.fromJson(USERS_SCHEMA)).uniqueAttributes(List.of("nickname")).build(),
                "uniqueAttributes 'nickname' has the schema type none; a unique attribute's schema type must be "
                        + "\"string\", \"number\" or \"integer\": a guard's key holds one scalar value");
    }
}
