package io.consistentcrud.e2e.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The lost update (two writers read one score and both write it back plus one), replayed over HTTP: concurrent
 * read-modify-write loops with {@code If-Match} never lose an update (G2, docs/guarantees.md). Each writer reads the
 * score, adds one and PATCHes it back with the ETag it read; a 412 makes it re-read.
 */
class LostUpdateOverHttpTest {
    @RegisterExtension
    static final LocalApi local = LocalApi.sampleApp();

    private static final int WRITERS = 8;
    private static final int INCREMENTS_PER_WRITER = 15;

    @Test
    void g2_concurrentPatchWithIfMatch_neverLosesAnUpdate_andEvery412CarriesTheCurrentVersion() throws Exception {
        HttpApi.Answer created = local.api().put("/users/hot-user", "{\"userId\":\"hot-user\",\"score\":0}",
                Map.of("If-None-Match", "*"));
        assertThat(created.status()).as("%s", created).isEqualTo(201);

        ExecutorService pool = Executors.newFixedThreadPool(WRITERS);
        List<Future<int[]>> results = new ArrayList<>();
        for (int w = 0; w < WRITERS; w++) {
            results.add(pool.submit((Callable<int[]>) () -> {
                int acknowledged = 0;
                int conflicts = 0;
                while (acknowledged < INCREMENTS_PER_WRITER) {
                    HttpApi.Answer read = local.api().get("/users/hot-user");
                    assertThat(read.status()).isEqualTo(200);
                    long score = read.number("score");
                    String etag = read.header("ETag").orElseThrow();
                    HttpApi.Answer patched = local.api().patch("/users/hot-user", "{\"score\":" + (score + 1) + "}",
                            Map.of("If-Match", etag));
                    if (patched.status() == 200) {
                        acknowledged++;
                    } else {
                        assertThat(patched.status()).as("%s", patched).isEqualTo(412);
                        assertThat(patched.contentType()).startsWith("application/problem+json");
                        assertThat(patched.header("ETag")).as("412 names the current version").isPresent()
                                .get().isNotEqualTo(etag);
                        conflicts++;
                    }
                }
                return new int[] {acknowledged, conflicts};
            }));
        }
        int acknowledged = 0;
        int conflicts = 0;
        for (Future<int[]> f : results) {
            int[] r = f.get();
            acknowledged += r[0];
            conflicts += r[1];
        }
        pool.shutdown();

        HttpApi.Answer finalState = local.api().get("/users/hot-user");
        assertThat(finalState.number("score")).as("every acknowledged PATCH is in the final state")
                .isEqualTo(acknowledged);
        assertThat(finalState.header("ETag")).contains("\"" + (acknowledged + 1) + "\"");
        assertThat(conflicts).as("control: the writers really raced (some PATCHes met a newer version)")
                .isPositive();
    }
}
