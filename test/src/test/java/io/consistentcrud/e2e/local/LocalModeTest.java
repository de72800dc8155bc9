package io.consistentcrud.e2e.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.consistentcrud.contract.RuntimeVariables;
import io.consistentcrud.contract.UniqueValueSchema;
import io.consistentcrud.runtime.config.RuntimeConfiguration;
import io.consistentcrud.testing.LocalDynamoDb;
import io.consistentcrud.sample.SampleApp;
import io.consistentcrud.sample.SampleStack;
import io.consistentcrud.sample.local.LocalMode;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awscdk.App;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.assertions.Template;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;

/** The local mode is configured by the synthesized template, and behaves as API Gateway at its edges. */
class LocalModeTest {
    @RegisterExtension
    static final LocalApi local = LocalApi.sampleApp();

    private static Map<String, Object> functionEnvironment;

    @BeforeAll
    @SuppressWarnings("unchecked")
    static void start() {
        App app = new App();
        Template template = Template.fromStack(new SampleStack(app, SampleApp.STACK_NAME, StackProps.builder().build()));
        Map<String, Object> function = (Map<String, Object>) template.findResources("AWS::Lambda::Function")
                .values().iterator().next();
        functionEnvironment = (Map<String, Object>) ((Map<String, Object>) ((Map<String, Object>)
                function.get("Properties")).get("Environment")).get("Variables");
    }

    @Test
    void theFunctionRunsWithTheTemplatesEnvironment_withTablesResolvedToLocalNames() {
        functionEnvironment.forEach((name, value) -> {
            if (value instanceof String literal) {
                assertThat(local.mode().environment()).as(name).containsEntry(name, literal);
            } else {
                assertThat(local.mode().environment()).as(name).containsKey(name);
            }
        });
        assertThat(local.mode().environment())
                .containsEntry("CCA_DYNAMODB_ENDPOINT", local.mode().dynamoDbEndpoint().toString());
        RuntimeConfiguration config = RuntimeConfiguration.fromEnvironment(local.mode().environment());
        assertThat(config.entities().keySet()).containsExactlyElementsOf(
                SampleStack.ENTITIES.stream().map(e -> e.getName()).toList());
    }

    @Test
    void everyTableOfTheTemplateExists_withItsKeyAndANewAndOldImagesStream() {
        for (var entity : SampleStack.ENTITIES) {
            TableDescription table = local.tables().client()
                    .describeTable(b -> b.tableName(local.tables().tableOf(entity.getName())))
                    .table();
            assertThat(table.keySchema().get(0).attributeName()).isEqualTo(entity.getPartitionKey().getName());
            assertThat(table.streamSpecification().streamViewType()).isEqualTo(StreamViewType.NEW_AND_OLD_IMAGES);
        }
    }

    @Test
    void aPathNoMethodServes_answers403ProblemJson_asApiGatewayDoes_withoutInvokingTheFunction() {
        int invocations = local.mode().invocations();

        HttpApi.Answer answer = local.api().get("/no/such/resource");

        assertThat(answer.status()).isEqualTo(403);
        assertThat(answer.contentType()).startsWith("application/problem+json");
        assertThat(answer.json()).containsKeys("type", "title", "status", "detail");
        assertThat(local.mode().invocations()).isEqualTo(invocations);
        local.api().get("/users/invoked");
        assertThat(local.mode().invocations()).as("control: a served path invokes the function")
                .isEqualTo(invocations + 1);
    }

    @Test
    void theHandlersAnswerReachesTheClient_withTheGatewayRequestIdHeader() {
        HttpApi.Answer answer = local.api().get("/users/nobody-" + System.nanoTime());

        assertThat(answer.status()).isEqualTo(404);
        assertThat(answer.contentType()).startsWith("application/problem+json");
        assertThat(answer.header("x-amzn-RequestId")).isPresent();
    }

    @Test
    void anExternalDynamoDbEndpoint_getsTheMissingTables_andKeepsItsDataAcrossRestarts() {
        try (LocalDynamoDb external = LocalDynamoDb.server()) {
            String userId;
            try (LocalMode first = LocalMode.start(LocalMode.Options.builder().port(0)
                    .dynamoDbEndpoint(external.endpoint()).build())) {
                assertThat(external.client().listTables().tableNames()).containsAll(
                        RuntimeConfiguration.fromEnvironment(first.environment()).entities().values().stream()
                                .map(e -> e.tableName()).toList());
                HttpApi.Answer created = new HttpApi(first.baseUri()).post("/users", "{\"name\":\"Kept\"}", Map.of());
                assertThat(created.status()).isEqualTo(201);
                userId = created.text("userId");
            }
            try (LocalMode second = LocalMode.start(LocalMode.Options.builder().port(0)
                    .dynamoDbEndpoint(external.endpoint()).build())) {
                HttpApi.Answer read = new HttpApi(second.baseUri()).get("/users/" + userId);
                assertThat(read.status()).isEqualTo(200);
                assertThat(read.text("name")).isEqualTo("Kept");
            }
        }
    }

    @Test
    void g8_aWriteRecordsTheCallerIdentityAndTheGatewayRequestIdOfTheEvent() {
        HttpApi.Answer created = local.api().post("/users", "{\"name\":\"Audited\"}", Map.of());
        assertThat(created.status()).isEqualTo(201);
        String requestId = created.header("x-amzn-RequestId").orElseThrow();

        var item = local.tables().client().getItem(b -> b.tableName(local.tables().tableOf("users"))
                .consistentRead(true)
                .key(Map.of("userId", software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromS(
                        created.text("userId"))))).item();

        assertThat(item.get("_ccaCaller").s()).isEqualTo(LocalMode.DEFAULT_CALLER_ARN);
        assertThat(item.get("_ccaToken").s()).isEqualTo(requestId);
    }

    @Test
    void pathParametersArriveDecoded_soAKeyWithSpacesAndUnicodeRoundTrips() {
        HttpApi.Answer created = local.api().put("/users/J%C3%BCrgen%20K",
                "{\"userId\":\"J\u00fcrgen K\",\"name\":\"J\"}",
                Map.of("If-None-Match", "*"));
        assertThat(created.status()).as("%s", created).isEqualTo(201);

        HttpApi.Answer read = local.api().get("/users/J%C3%BCrgen%20K");

        assertThat(read.status()).isEqualTo(200);
        assertThat(read.text("userId")).isEqualTo("J\u00fcrgen K");
    }

    @Test
    void theUniqueValuesTableExistsAsTheTemplateDeclaresIt_andTheFunctionIsToldItsName() {
        String guards = local.mode().environment().get(RuntimeVariables.UNIQUE_VALUES_TABLE);
        assertThat(guards).as("users are unique by email in the sample").isNotNull();

        TableDescription table = local.tables().client().describeTable(b -> b.tableName(guards)).table();

        assertThat(table.keySchema()).singleElement().satisfies(key -> {
            assertThat(key.attributeName()).isEqualTo(UniqueValueSchema.PARTITION_KEY);
            assertThat(key.keyTypeAsString()).isEqualTo("HASH");
        });
        assertThat(table.streamSpecification()).as("guards have no stream").isNull();
    }
}
