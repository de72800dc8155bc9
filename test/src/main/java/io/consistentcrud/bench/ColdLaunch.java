package io.consistentcrud.bench;

import java.net.URI;
import java.util.Map;
import java.util.UUID;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The programs the cold-path section starts in fresh JVMs. Each does one create and one strongly consistent read,
 * prints {@value #ANSWERED} when both answered, and exits. Only classes of the measured jar (and these few) load.
 *
 * <p>{@code floor ENDPOINT}: the raw-SDK floor, a plain {@link DynamoDbClient} with the runtime's HTTP client doing
 * one conditional put and one consistent get. {@code ours}: the runtime's Lambda entry on two REST proxy events
 * (PUT If-None-Match:* then GET), configured by environment as the construct configures it. {@code peer
 * ENDPOINT}: a handler on peer (b) + (c): create with an Idempotency-Key, then get.
 */
public final class ColdLaunch {
    static final String ANSWERED = "ANSWERED";
    /** Printed where a SnapStart restore would resume: after priming, before the first request. */
    static final String RESTORED = "RESTORED";
    /** Printed last by the restored subjects: the classes loaded between {@link #RESTORED} and the answers. */
    static final String CLASSES_AFTER_RESTORE = "CLASSES_AFTER_RESTORE ";
    /** Printed after {@link #ANSWERED}: the process's CPU time in nanoseconds, all threads. */
    static final String CPU_NANOS = "CPU_NANOS ";
    /** Set to true to leave out {@link #CPU_NANOS}. */
    static final String NO_CPU_PROPERTY = "bench.noCpu";
    private static long loadedAtRestore = -1;

    private ColdLaunch() {
    }

    public static void main(String[] args) throws Exception {
        String id = "cold-" + UUID.randomUUID();
        switch (args[0]) {
            case "floor" -> floor(URI.create(args[1]), id);
            // The same entry; ours-schema differs only in its environment (an item schema).
            case "ours", "ours-schema" -> ColdOurs.run(id);
            case "peer" -> peer(URI.create(args[1]), id);
            case "floor-restored" -> {
                // The floor's best SnapStart priming: the SDK's own warm-up, no call.
                software.amazon.awssdk.core.warmup.SdkWarmUp.warmUp(DynamoDbClient.class);
                restored();
                floor(URI.create(args[1]), id);
            }
            case "ours-restored" -> ColdOurs.runRestored(id);
            default -> throw new IllegalArgumentException(args[0]);
        }
        System.out.println(ANSWERED);
        System.out.flush();
        long loaded = java.lang.management.ManagementFactory.getClassLoadingMXBean().getTotalLoadedClassCount();
        // CPU of every thread (JIT compilers and GC included) up to here: read after the answer, so that reading it
        // costs no subject wall time; the management classes it loads add the same few milliseconds to every subject.
        // Not in the run that logs class loading: the classes counted are those of the cold path alone.
        if (!Boolean.getBoolean(NO_CPU_PROPERTY)) {
            var os = (com.sun.management.OperatingSystemMXBean)
                    java.lang.management.ManagementFactory.getOperatingSystemMXBean();
            System.out.println(CPU_NANOS + os.getProcessCpuTime());
        }
        if (loadedAtRestore >= 0) {
            System.out.println(CLASSES_AFTER_RESTORE + (loaded - loadedAtRestore));
        }
        System.out.flush();
        System.exit(0);
    }

    /** Marks the restore: from here on the run pays what a restored SnapStart snapshot pays. */
    static void restored() {
        loadedAtRestore = java.lang.management.ManagementFactory.getClassLoadingMXBean().getTotalLoadedClassCount();
        System.out.println(RESTORED);
        System.out.flush();
    }

    private static void floor(URI endpoint, String id) {
        DynamoDbClient db = DynamoDbClient.builder()
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .endpointOverride(endpoint)
                .build();
        db.putItem(b -> b.tableName(BenchTables.NAIVE)
                .item(Map.of("id", AttributeValue.fromS(id), "name", AttributeValue.fromS("cold"),
                        "version", AttributeValue.fromN("1")))
                .conditionExpression("attribute_not_exists(id)"));
        Map<String, AttributeValue> item = db.getItem(b -> b.tableName(BenchTables.NAIVE)
                .key(Map.of("id", AttributeValue.fromS(id))).consistentRead(true)).item();
        if (!item.containsKey("name")) {
            throw new IllegalStateException("floor: item not read back");
        }
    }

    private static void peer(URI endpoint, String id) {
        DynamoDbClient db = DynamoDbClient.builder()
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .endpointOverride(endpoint)
                .build();
        Subject peer = new PowertoolsStyleSubject(db, BenchTables.POWERTOOLS, BenchTables.POWERTOOLS_IDEMPOTENCY);
        if (!peer.create(id, "cold", Subject.Req.keyed()).succeeded() || peer.get(id) == null) {
            throw new IllegalStateException("peer: create or get failed");
        }
    }

}
