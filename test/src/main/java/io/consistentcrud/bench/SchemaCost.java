package io.consistentcrud.bench;

import io.consistentcrud.runtime.ConsistentStore;
import io.consistentcrud.runtime.EntityDefinition;
import io.consistentcrud.runtime.StoreOptions;
import io.consistentcrud.runtime.WriteContext;
import io.consistentcrud.runtime.WriteResult;
import io.consistentcrud.runtime.schema.ItemSchema;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Section 8: what item schemas cost. The validator's share of the Lambda jar (the validator library and the
 * runtime's schema package, compressed, against the rest of the jar), and the p50 of a create checked against a
 * schema beside the same create without one, alternating on the same store and table.
 */
final class SchemaCost {
    /** The schema of the bench's items, with the key as the construct adds it. */
    static final String SCHEMA = "{\"type\":\"object\",\"required\":[\"id\",\"name\"],\"properties\":{"
            + "\"id\":{\"type\":\"string\",\"minLength\":1},\"name\":{\"type\":\"string\",\"minLength\":1,"
            + "\"maxLength\":100},\"count\":{\"type\":\"integer\",\"minimum\":0},\"email\":{\"type\":\"string\","
            + "\"format\":\"date-time\"}}}";
    private static final EntityDefinition WITH_SCHEMA = OursSubject.ITEMS.toBuilder()
            .schema(ItemSchema.parse(SCHEMA)).build();

    private final int warmup;
    private final int iterations;
    private final List<Long> plain = new ArrayList<>();
    private final List<Long> checked = new ArrayList<>();
    /** The same create as {@link #plain}, in another place of each iteration: the run's noise floor (A/A). */
    private final List<Long> plainAgain = new ArrayList<>();
    private long validatorBytes;
    private long jarBytes;

    SchemaCost(int warmup, int iterations) {
        this.warmup = warmup;
        this.iterations = iterations;
    }

    /** The validator's compressed bytes in the jar, and the jar's. */
    void measureJar(Path jar) throws IOException {
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            for (ZipEntry e : java.util.Collections.list(zip.entries())) {
                jarBytes += e.getCompressedSize();
                if (e.getName().startsWith("dev/harrel/") || e.getName().startsWith("io/consistentcrud/runtime/schema/")
                        || e.getName().startsWith("draft")) {
                    validatorBytes += e.getCompressedSize();
                }
            }
        }
    }

    void run(DynamoDbClient db) {
        ConsistentStore store = new ConsistentStore(db, StoreOptions.builder().callTimeout(Clients.CALL_TIMEOUT)
                .build());
        // Each iteration runs the three creates in another order, so that no side always holds the same place
        // (first after the previous iteration, or right behind another create on the same connection).
        for (int i = 0; i < warmup + iterations; i++) {
            long a = 0;
            long b = 0;
            long c = 0;
            for (int slot = 0; slot < 3; slot++) {
                switch ((slot + i) % 3) {
                    case 0 -> a = create(store, OursSubject.ITEMS);
                    case 1 -> b = create(store, WITH_SCHEMA);
                    default -> c = create(store, OursSubject.ITEMS);
                }
            }
            if (i >= warmup) {
                plain.add(a);
                checked.add(b);
                plainAgain.add(c);
            }
        }
    }

    private static long create(ConsistentStore store, EntityDefinition entity) {
        String id = UUID.randomUUID().toString();
        Map<String, AttributeValue> item = Map.of("id", AttributeValue.fromS(id), "name", AttributeValue.fromS("n"),
                "count", AttributeValue.fromN("0"), "email", AttributeValue.fromS("2024-01-02T03:04:05Z"));
        Instant now = Instant.now();
        WriteContext ctx = WriteContext.builder().requestToken(id).caller("bench").time(now)
                .deadline(now.plus(Duration.ofSeconds(25))).answerWithItem(false).build();
        long start = System.nanoTime();
        WriteResult r = store.create(entity, item, ctx);
        long took = System.nanoTime() - start;
        if (!(r instanceof WriteResult.Written)) {
            throw new IllegalStateException("bench create failed: " + r);
        }
        return took;
    }

    private static double p50(List<Long> nanos) {
        List<Long> sorted = nanos.stream().sorted().toList();
        return sorted.get(sorted.size() / 2) / 1e6;
    }

    double p50Ratio() {
        return p50(checked) / p50(plain);
    }

    /** The A/A ratio: the same create without a schema against itself, in the other slots of the same iterations. */
    double noiseRatio() {
        return p50(plainAgain) / p50(plain);
    }

    double jarGrowth() {
        return (double) validatorBytes / (jarBytes - validatorBytes);
    }

    void report(Report report, List<String> targets) {
        report.heading("8. Item schemas: jar share and the p50 of a validated create");
        report.paragraph("The validator (`dev.harrel:json-schema` and the runtime's `schema` package, compressed "
                + "bytes in the Lambda jar) against the rest of the jar; and " + iterations + " creates with a schema "
                + "(type, required, minLength/maxLength, minimum, format) interleaved with the same create without "
                + "one and a second create without one (the A/A control: the same request against itself shows the "
                + "run's noise), the three in a rotating order, on one store over HTTP to DynamoDB Local (after "
                + warmup + " of each to warm up), `return=minimal` so the create is one PutItem. The cold path with a "
                + "schema is section 5's `ours with a schema` row.");
        report.table(List.of("measure", "value"), List.of(
                List.of("validator in the jar", Math.round(validatorBytes / 1024.0) + " KB of "
                        + Math.round(jarBytes / 1024.0) + " KB (+" + pct(jarGrowth()) + " over the jar without it)"),
                List.of("create p50 without schema", Report.num(p50(plain)) + " ms"),
                List.of("create p50 with schema", Report.num(p50(checked)) + " ms ("
                        + Report.ratio(p50Ratio()) + ")"),
                List.of("A/A control: create p50 without schema, second copy", Report.num(p50(plainAgain))
                        + " ms (" + Report.ratio(noiseRatio()) + ")")));
        targets.add(Targets.line(jarGrowth() <= 0.10, "item schemas: validator adds at most 10% to the jar",
                "+" + pct(jarGrowth()) + " (" + Math.round(validatorBytes / 1024.0) + " KB)"));
        targets.add(Targets.line(p50Ratio() <= 1.05, "item schemas: validated create p50 at most 1.05× without",
                Report.ratio(p50Ratio()) + " (" + Report.num(p50(checked)) + " vs " + Report.num(p50(plain))
                        + " ms; the A/A control " + Report.ratio(noiseRatio()) + ")"));
    }

    private static String pct(double fraction) {
        return String.format(Locale.ROOT, "%.1f%%", fraction * 100);
    }
}
