package io.consistentcrud.e2e.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * G2 at the edge a multi-team production walks, over HTTP through the local gateway: a version seen on a deleted item
 * never matches the item created after it under the same key; and a precondition sent in two header lines is refused,
 * never "the last one wins".
 */
class DeleteAndRecreateOverHttpTest {
    @RegisterExtension
    static final LocalApi local = LocalApi.sampleApp();

    @Test
    void g2_aStaleETagOfADeletedItemNeverOverwritesTheItemCreatedAfterIt() {
        HttpApi.Answer first = local.api().post("/users", "{\"userId\":\"reborn\",\"owner\":\"old team\"}", Map.of());
        assertThat(first.status()).as("%s", first).isEqualTo(201);
        String stale = first.header("ETag").orElseThrow();
        assertThat(local.api().send("DELETE", "/users/reborn", Map.of("If-Match", stale), null).status())
                .isEqualTo(204);
        HttpApi.Answer second = local.api().post("/users", "{\"userId\":\"reborn\",\"owner\":\"new team\"}", Map.of());
        assertThat(second.status()).as("%s", second).isEqualTo(201);

        HttpApi.Answer overwrite = local.api().put("/users/reborn", "{\"userId\":\"reborn\",\"owner\":\"old team\"}",
                Map.of("If-Match", stale));

        assertThat(second.header("ETag")).get().isNotEqualTo(stale);
        assertThat(overwrite.status()).as("%s", overwrite).isEqualTo(412);
        assertThat(overwrite.header("ETag")).isEqualTo(second.header("ETag"));
        assertThat(local.api().get("/users/reborn").text("owner")).isEqualTo("new team");
    }

    @Test
    void twoIfMatchLinesAnswer400_andChangeNothing() {
        HttpApi.Answer created = local.api().post("/users", "{\"userId\":\"twice\",\"name\":\"A\"}", Map.of());
        assertThat(created.status()).isEqualTo(201);
        Map<String, List<String>> before = local.tables().snapshot();

        // Two If-Match lines, through the checked client: the 400 must be one the document lists for PATCH.
        HttpApi.Answer response = local.api().sendLines("PATCH", "/users/twice", Map.of(
                "Content-Type", List.of("application/merge-patch+json"),
                "If-Match", List.of("\"7\"", created.header("ETag").orElseThrow())), "{\"name\":\"B\"}");

        assertThat(response.status()).as("%s", response).isEqualTo(400);
        assertThat(response.body()).contains("urn:consistentcrud:problem:invalid-if-match");
        assertThat(local.tables().snapshot()).isEqualTo(before);
    }
}
