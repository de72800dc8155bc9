package io.consistentcrud.cdk;

import static io.consistentcrud.cdk.Fixtures.number;
import static io.consistentcrud.cdk.Fixtures.string;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.consistentcrud.contract.HttpHeaders;
import io.consistentcrud.contract.IndexQuery;
import io.consistentcrud.contract.ProblemTypes;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.dynamodb.ProjectionType;

/**
 * The index route in the OpenAPI document: {@code GET /E} with exactly the contract's parameters ({@link IndexQuery}),
 * the index names, the Read-Consistency header, the page schema and the 400 of a refused cursor; still valid OpenAPI.
 */
class OpenApiIndexQueryTest {
    static ConsistentCrudApi api;
    static JsonNode doc;

    @BeforeAll
    static void synth() throws Exception {
        api = ConsistentCrudApi.Builder.create(new Stack(new App(), "Stack"), "Api")
                .entities(List.of(
                        EntitySpec.builder().name("orders").partitionKey(string("orderId"))
                                .indexes(List.of(EntityIndex.builder().name("byCustomer")
                                        .partitionKey(string("customerId")).sortKey(string("createdAt")).build()))
                                .build(),
                        EntitySpec.builder().name("tickets").partitionKey(string("ticketId"))
                                .indexes(List.of(EntityIndex.builder().name("byRank").partitionKey(string("queue"))
                                        .sortKey(number("rank")).projection(ProjectionType.KEYS_ONLY).build()))
                                .build(),
                        EntitySpec.builder().name("plain").partitionKey(string("plainId")).build()))
                .build();
        doc = new ObjectMapper().readTree(api.openApiDocument());
    }

    @Test
    void g20_openApi_stillParsesWithoutAnyErrorOrWarning() {
        ParseOptions options = new ParseOptions();
        options.setResolve(true);
        SwaggerParseResult result = new OpenAPIV3Parser().readContents(api.openApiDocument(), null, options);
        assertThat(result.getMessages()).as("parser messages").isEmpty();
    }

    @Test
    void g20_openApi_describesTheIndexRoute_withTheContractsParametersHeaderAndProblems() {
        JsonNode get = doc.at("/paths/~1orders/get");
        List<String> names = new ArrayList<>();
        get.get("parameters").forEach(p -> {
            assertThat(p.get("in").asText()).isEqualTo("query");
            names.add(p.get("name").asText());
        });
        assertThat(names).containsExactlyElementsOf(IndexQuery.PARAMETERS);
        assertThat(get.at("/parameters/0/schema/enum").toString()).isEqualTo("[\"byCustomer\"]");
        assertThat(get.at("/parameters/0/required").asBoolean()).isTrue();
        assertThat(get.at("/parameters/1/required").asBoolean()).isTrue();
        assertThat(get.at("/responses/200/headers/" + HttpHeaders.READ_CONSISTENCY + "/$ref").asText())
                .isEqualTo("#/components/headers/" + HttpHeaders.READ_CONSISTENCY);
        assertThat(doc.at("/components/headers/" + HttpHeaders.READ_CONSISTENCY + "/description").asText())
                .startsWith(IndexQuery.CONSISTENCY_EVENTUAL);
        assertThat(get.at("/responses/200/content/application~1json/schema/$ref").asText())
                .isEqualTo("#/components/schemas/OrdersPage");
        int invalidQuery = ProblemTypes.ALL.stream().filter(t -> t.slug().equals("invalid-query")).findFirst()
                .orElseThrow().status();
        assertThat(get.at("/responses/" + invalidQuery + "/$ref").asText())
                .isEqualTo("#/components/responses/Problem" + invalidQuery);
        assertThat(doc.at("/components/schemas/Problem" + invalidQuery + "/properties/type/enum").toString())
                .contains("invalid-query");
        // An index that projects less answers partial items: a page of open objects, each with its version.
        assertThat(doc.at("/paths/~1tickets/get/responses/200/content/application~1json/schema/$ref").asText())
                .isEqualTo("#/components/schemas/TicketsIndexPage");
        assertThat(doc.at("/components/schemas/TicketsIndexPage/properties/items/items/required").toString())
                .isEqualTo("[\"version\"]");
        assertThat(doc.at("/paths/~1plain/get").isMissingNode()).as("no index, no GET").isTrue();
    }
}
