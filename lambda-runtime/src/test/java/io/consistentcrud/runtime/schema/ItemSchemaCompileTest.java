package io.consistentcrud.runtime.schema;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The compilation of an item schema is deferred: not done by {@code parse}, done once by {@code compile()} or by the
 * first check, and checks answer the same whichever did it, from any number of threads at once.
 */
class ItemSchemaCompileTest {
    private static final String SCHEMA = "{\"type\":\"object\",\"required\":[\"id\",\"name\"],\"properties\":{"
            + "\"id\":{\"type\":\"string\",\"minLength\":1},\"name\":{\"type\":\"string\",\"maxLength\":3}}}";
    private static final Map<String, AttributeValue> VALID = Map.of("id", AttributeValue.fromS("a"),
            "name", AttributeValue.fromS("Ada"), "version", AttributeValue.fromN("1"));
    private static final Map<String, AttributeValue> INVALID = Map.of("id", AttributeValue.fromS(""),
            "name", AttributeValue.fromS("Adaline"));

    @Test
    void parse_doesNotCompile_compileDoesOnce_andChecksAnswerAsWithoutIt() {
        ItemSchema lazy = ItemSchema.parse(SCHEMA);
        assertThat(lazy.isCompiled()).isFalse();
        assertThat(lazy.compile()).isSameAs(lazy);
        assertThat(lazy.isCompiled()).isTrue();
        assertThat(lazy.compile()).isSameAs(lazy);

        ItemSchema onFirstCheck = ItemSchema.parse(SCHEMA);
        assertThat(onFirstCheck.violations(VALID, "version")).isEmpty();
        assertThat(onFirstCheck.isCompiled()).isTrue();

        assertThat(lazy.violations(VALID, "version")).isEmpty();
        assertThat(lazy.violations(INVALID, "version")).hasSize(2)
                .isEqualTo(onFirstCheck.violations(INVALID, "version"));
        assertThat(lazy).isEqualTo(onFirstCheck);
    }

    @Test
    void firstChecksFromManyThreadsAtOnce_allAnswerTheSame() throws Exception {
        ItemSchema schema = ItemSchema.parse(SCHEMA);
        int threads = 8;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<List<SchemaViolation>>> answers = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                boolean valid = i % 2 == 0;
                answers.add(pool.submit(() -> {
                    go.await();
                    return schema.violations(valid ? VALID : INVALID, "version");
                }));
            }
            go.countDown();
            for (int i = 0; i < threads; i++) {
                assertThat(answers.get(i).get()).hasSize(i % 2 == 0 ? 0 : 2);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(schema.isCompiled()).isTrue();
    }
}
