package io.consistentcrud.e2e.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The {@code Location} of a create leads back to the item, for every id the API accepts: the gateway reads paths as
 * API Gateway does (an encoded slash stays in its segment and reaches the function as {@code %2F}), and the runtime
 * encodes each key attribute as one path segment.
 */
class LocationOverHttpTest {
    @RegisterExtension
    static final LocalApi local = LocalApi.sampleApp();

    @ParameterizedTest(name = "POST id \"{0}\"")
    @ValueSource(strings = {"a/b", "/leading", "trailing/", "50%", "100%25", "with space", "a+b", "J\u00fcrgen",
        "\u65e5\u672c/\u8a9e", "semi;colon", "q?uery", "hash#tag", "amp&eq=", "tab\there", "~tilde",
        "mixed/%20 \u00fc+/x"})
    void g1_theLocationOfAPost_readsTheItemBack(String id) {
        String unique = id + "-" + System.nanoTime();
        HttpApi.Answer created = local.api().post("/users", json(unique), Map.of());
        assertThat(created.status()).as("%s", created).isEqualTo(201);
        String location = created.header("Location").orElseThrow();

        HttpApi.Answer read = local.api().get(location);

        assertThat(read.status()).as("GET %s: %s", location, read).isEqualTo(200);
        assertThat(read.text("userId")).isEqualTo(unique);
        assertThat(read.text("name")).isEqualTo("created as " + unique);
    }

    @ParameterizedTest(name = "PUT id \"{0}\"")
    @ValueSource(strings = {"a/b", "50%", "with space", "a+b", "J\u00fcrgen", "\u65e5\u672c/\u8a9e",
        "mixed/%20 \u00fc+/x"})
    void g1_aPutToTheEncodedId_createsThatId_andItsLocationReadsItBack(String id) {
        String unique = id + "-" + System.nanoTime();
        HttpApi.Answer created = local.api().put("/users/" + segment(unique), json(unique),
                Map.of("If-None-Match", "*"));
        assertThat(created.status()).as("%s", created).isEqualTo(201);
        String location = created.header("Location").orElseThrow();

        HttpApi.Answer read = local.api().get(location);
        HttpApi.Answer readUnstaged = local.api().get("/users/" + segment(unique));

        assertThat(read.status()).as("GET %s: %s", location, read).isEqualTo(200);
        assertThat(read.text("userId")).isEqualTo(unique);
        assertThat(readUnstaged.text("userId")).isEqualTo(unique);
    }

    @Test
    void anIdContainingAnEncodedSlash_isRefused_becauseNoUrlCouldReadItBack() {
        Map<String, List<String>> before = local.tables().snapshot();

        HttpApi.Answer refused = local.api().post("/users", json("a%2Fb"), Map.of());

        assertThat(refused.status()).as("%s", refused).isEqualTo(400);
        assertThat(refused.contentType()).startsWith("application/problem+json");
        assertThat(local.tables().snapshot()).isEqualTo(before);
    }

    @Test
    void anEncodedSlash_staysInsideItsSegment_soTheItemIsNotConfusedWithALongerPath() {
        String unique = "x" + System.nanoTime();
        assertThat(local.api().post("/users", json(unique + "/increment"), Map.of()).status()).isEqualTo(201);

        HttpApi.Answer read = local.api().get("/users/" + unique + "%2Fincrement");

        assertThat(read.status()).as("%s", read).isEqualTo(200);
        assertThat(read.text("userId")).isEqualTo(unique + "/increment");
    }

    private static String json(String id) {
        return "{\"userId\":" + quoted(id) + ",\"name\":" + quoted("created as " + id) + "}";
    }

    private static String quoted(String s) {
        StringBuilder sb = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            if (c == '"' || c == '\\') {
                sb.append('\\').append(c);
            } else if (c < 0x20) {
                sb.append(String.format("\\u%04x", (int) c));
            } else {
                sb.append(c);
            }
        }
        return sb.append('"').toString();
    }

    /** One path segment: the id percent-encoded whole, a space as %20. */
    private static String segment(String id) {
        return URLEncoder.encode(id, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
