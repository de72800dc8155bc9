package io.consistentcrud.e2e.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.consistentcrud.contract.GatewayProblem;
import io.consistentcrud.contract.IndexQuery;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;

/**
 * The sample's orders by customer (index {@code byCustomer}: customer, creation time) over HTTP through the local
 * gateway: newest first across pages, the eventual-consistency header, deleted orders gone, a bad cursor refused.
 */
class OrdersByCustomerOverHttpTest {
    @RegisterExtension
    static final LocalApi local = LocalApi.sampleApp();

    private static HttpApi.Answer byCustomer(String customer, String more) {
        return local.api().get("/orders?" + IndexQuery.INDEX + "=byCustomer&" + IndexQuery.PARTITION + "=" + customer
                + more);
    }

    @Test
    void g20_ordersOfACustomer_newestFirst_acrossPages_withoutDeletedOnes() {
        String customer = "c-" + UUID.randomUUID();
        List<String> etags = new ArrayList<>();
        for (int i = 1; i <= 5; i++) {
            HttpApi.Answer created = local.api().post("/orders", "{\"orderId\":\"o" + i + "-" + customer
                    + "\",\"customerId\":\"" + customer + "\",\"createdAt\":\"2026-12-0" + i + "T10:00:00Z\"}", Map.of());
            assertThat(created.status()).as(created.toString()).isEqualTo(201);
            etags.add(created.header("ETag").orElseThrow());
        }
        HttpApi.Answer deleted = local.api().send("DELETE", "/orders/o3-" + customer, Map.of("If-Match", etags.get(2)),
                null);
        assertThat(deleted.status()).as(deleted.toString()).isEqualTo(204);

        List<String> seen = new ArrayList<>();
        String cursor = null;
        do {
            HttpApi.Answer page = byCustomer(customer, "&" + IndexQuery.ORDER + "=desc&" + IndexQuery.LIMIT + "=2"
                    + (cursor == null ? "" : "&" + IndexQuery.CURSOR + "=" + cursor));
            assertThat(page.status()).as(page.toString()).isEqualTo(200);
            assertThat(page.header(IndexQuery.CONSISTENCY_HEADER)).contains(IndexQuery.CONSISTENCY_EVENTUAL);
            Map<String, JsonNode> body = page.json();
            body.get("items").asArray().forEach(i -> seen.add(i.asObject().get("orderId").asString()));
            cursor = body.containsKey("nextCursor") ? body.get("nextCursor").asString() : null;
        } while (cursor != null);
        assertThat(seen).containsExactly("o5-" + customer, "o4-" + customer, "o2-" + customer, "o1-" + customer);

        HttpApi.Answer bad = byCustomer(customer, "&" + IndexQuery.CURSOR + "=bm90LWEtY3Vyc29y");
        assertThat(bad.status()).as(bad.toString()).isEqualTo(400);
        assertThat(bad.contentType()).startsWith("application/problem+json");
    }

    @Test
    void aMissingRequiredQueryParameter_isRefusedByTheGatewaysValidator_beforeTheFunctionRuns() {
        local.api().get("/orders/warm-up");
        int invocations = local.mode().invocations();

        HttpApi.Answer refused = local.api().get("/orders?" + IndexQuery.PARTITION + "=c-1");

        assertThat(refused.status()).as(refused.toString()).isEqualTo(400);
        assertThat(refused.contentType()).startsWith("application/problem+json");
        assertThat(refused.text("type")).endsWith(GatewayProblem.BAD_REQUEST_PARAMETERS.slug());
        assertThat(refused.text("message")).isEqualTo("Missing required request parameters: [" + IndexQuery.INDEX
                + "]");
        assertThat(local.mode().invocations()).as("the function never ran").isEqualTo(invocations);
        HttpApi.Answer empty = local.api().get("/orders?" + IndexQuery.INDEX + "=byCustomer&" + IndexQuery.PARTITION
                + "=");
        assertThat(empty.status()).as("control: an empty value is present, the function refuses it itself")
                .isEqualTo(400);
        assertThat(empty.text("type")).endsWith("invalid-query");
        assertThat(local.mode().invocations()).isEqualTo(invocations + 1);
    }
}
