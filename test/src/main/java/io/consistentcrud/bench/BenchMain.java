package io.consistentcrud.bench;

import com.amazonaws.services.dynamodbv2.local.embedded.DynamoDBEmbedded;
import io.consistentcrud.testing.LocalDynamoDb;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The benchmark: one program, one run, one markdown report on standard output (and in {@code --out FILE}).
 *
 * <p>Options: {@code --out FILE}, {@code --quick} (fewer iterations, for trying the program), {@code --only
 * 1,2,...} (sections; 7 is the local gateway's own cost, 8 what item schemas cost, 9 what an index page costs, 10 what a unique attribute costs a write), and for the cold path {@code --floor-cp}, {@code --ours-jar} (and optionally {@code --ours-before-jar}, an earlier runtime jar for section 5b), {@code --peer-cp},
 * {@code --peer-default-cp} (set by {@code scripts/bench.sh}).
 */
public final class BenchMain {
    private BenchMain() {
    }

    public static void main(String[] args) {
        try {
            run(args);
        } catch (Exception | Error e) {
            // Sections leave non-daemon threads (jsii's, DynamoDB Local's): a failed run must still end.
            e.printStackTrace();
            System.exit(1);
        }
    }

    private static void run(String[] args) throws Exception {
        Options options = Options.parse(args);
        long started = System.nanoTime();
        Report report = new Report();
        List<String> targets = new ArrayList<>();
        report.line("# ConsistentCrudApi benchmark report");
        report.line("");
        report.line("Run " + Instant.now() + " on " + Machine.describe() + ". All figures come from this one run; "
                + "peers are measured side by side with ours on the same engine. ¹ (c) is a faithful "
                + "RE-IMPLEMENTATION of the documented algorithm of Powertools for AWS Lambda (Java) idempotency "
                + "(INPROGRESS record, write, COMPLETED record), not Powertools itself: 1.x needs AspectJ weaving and "
                + "2.x is not in the registry here.");

        try (LocalDynamoDb server = LocalDynamoDb.server()) {
            BenchTables.createAll(server.client());
            if (options.section(1)) {
                List<Contender> contenders = Contender.all(counter -> Clients.http(server.endpoint(), counter, 3));
                RoundTrips rt = new RoundTrips();
                rt.run(contenders);
                rt.report(report, contenders);
                Targets.roundTrips(rt, targets);
                progress("section 1 done", started);
            }
            if (options.section(2)) {
                Guarantees g = new Guarantees();
                List<String> labels = Contender.withMinimal(
                        Contender.all(counter -> Clients.http(server.endpoint(), counter, 3))).stream()
                        .map(Contender::label).toList();
                g.run(server.endpoint(), labels);
                g.report(report, labels);
                progress("section 2 done", started);
            }
            if (options.section(3)) {
                DynamoDbClient embedded = DynamoDBEmbedded.create().dynamoDbClient();
                BenchTables.createAll(embedded);
                List<Contender> inProcess = Contender.all(counter -> embedded);
                Latency local = new Latency("embedded", options.quick ? 50 : 300, options.quick ? 100 : 800);
                local.run(inProcess);
                local.report(report, inProcess, "3a. Latency and throughput, in process (DynamoDB Local embedded)");
                Targets.latency(local, inProcess, targets);
                progress("section 3a done", started);
                // Ours with Prefer: return=minimal beside the same peers, on the same clients (issue 14).
                List<Contender> overHttp = Contender.withMinimal(
                        Contender.all(counter -> Clients.http(server.endpoint(), counter, 3)));
                Latency http = new Latency("http", options.quick ? 50 : 150, options.quick ? 100 : 400);
                http.run(overHttp);
                http.report(report, overHttp, "3b. Latency and throughput over HTTP (DynamoDB Local server)");
                Path chart = Path.of("test/target/bench/latency.png");
                Chart.write(chart, inProcess, List.of(local, http), List.of("in process (DynamoDB Local embedded)",
                        "over HTTP (DynamoDB Local server)"));
                report.paragraph("Chart of the p50 ratios: `" + chart + "`.");
                progress("section 3b done", started);
            }
            if (options.section(4)) {
                Contention contention = new Contention(options.quick ? 500 : 2500);
                contention.run(server.endpoint());
                contention.report(report);
                targets.add(Targets.line(contention.oursExact(), "Contention: 0 lost or duplicated writes at every N",
                        contention.oursExact()
                                ? "ours: 0 lost, 0 duplicated at N = 1, 4, 16, increment and read + replace"
                                : "ours lost or duplicated writes: see section 4"));
                progress("section 4 done", started);
            }
            if (options.section(8)) {
                SchemaCost schemas = new SchemaCost(options.quick ? 100 : 300, options.quick ? 300 : 1500);
                if (options.oursJar != null) {
                    schemas.measureJar(Path.of(options.oursJar));
                }
                schemas.run(Clients.http(server.endpoint(), new CallCounter(), 3));
                schemas.report(report, targets);
                progress("section 8 done", started);
            }
            if (options.section(9)) {
                IndexQueryCost indexes = new IndexQueryCost(options.quick ? 50 : 200, options.quick ? 100 : 800);
                indexes.run(server);
                indexes.report(report);
                progress("section 9 done", started);
            }
            if (options.section(10)) {
                UniqueWriteCost unique = new UniqueWriteCost(options.quick ? 50 : 300);
                unique.run(server);
                unique.report(report);
                progress("section 10 done", started);
            }
            if (options.section(5)) {
                ColdPath cold = new ColdPath(options, server.endpoint());
                cold.run();
                cold.report(report, targets);
                progress("section 5 done", started);
            }
        }
        if (options.section(6)) {
            SynthTime synth = new SynthTime(options.quick ? 1 : 3);
            synth.run();
            synth.report(report);
            progress("section 6 done", started);
        }
        if (options.section(7)) {
            LocalGatewayBench gateway = new LocalGatewayBench(options.quick ? 50 : 200, options.quick ? 150 : 600);
            gateway.run();
            gateway.report(report);
            targets.add(Targets.line(gateway.keptAliveWithinTarget(),
                    "Local gateway: kept-alive GET p50 within 1.1× of a GET on a new connection (issues 12, 18)",
                    gateway.keptAliveVersusNewConnection()));
            targets.add(Targets.line(gateway.gatewayRate("get") >= 1_730
                            && gateway.gatewayRate("PATCH with If-Match") >= 754,
                    "Local gateway on Jetty: 16 kept-alive clients no slower than the hand-written server's GET "
                            + "1,730/s and PATCH 754/s (issue 18)",
                    String.format(Locale.ROOT, "GET %.0f/s, PATCH with If-Match %.0f/s", gateway.gatewayRate("get"),
                            gateway.gatewayRate("PATCH with If-Match"))));
            progress("section 7 done", started);
        }
        report.heading("Targets (issue 7)");
        targets.forEach(t -> report.line("- " + t));
        report.line("");
        report.line(String.format(Locale.ROOT, "Whole run: %.0f s.", (System.nanoTime() - started) / 1e9));
        String text = report.toString();
        System.out.println(text);
        if (options.out != null) {
            Files.createDirectories(options.out.toAbsolutePath().getParent());
            Files.writeString(options.out, text, StandardCharsets.UTF_8);
        }
        // DynamoDB Local's embedded engine keeps non-daemon threads.
        System.exit(0);
    }

    private static void progress(String what, long started) {
        System.err.printf(Locale.ROOT, "[bench] %s after %.0f s%n", what, (System.nanoTime() - started) / 1e9);
    }

    /** Command-line options. */
    static final class Options {
        Path out;
        boolean quick;
        String only;
        String floorCp;
        String oursJar;
        /** Optional: the runtime jar of an earlier version, for the "before" row of section 5b. */
        String oursBeforeJar;
        String peerCp;
        String peerDefaultCp;
        String launcherCp;
        Path repoRoot = Path.of(".");

        static Options parse(String[] args) {
            Options o = new Options();
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--out" -> o.out = Path.of(args[++i]);
                    case "--quick" -> o.quick = true;
                    case "--only" -> o.only = args[++i];
                    case "--floor-cp" -> o.floorCp = args[++i];
                    case "--ours-jar" -> o.oursJar = args[++i];
                    case "--ours-before-jar" -> o.oursBeforeJar = args[++i];
                    case "--peer-cp" -> o.peerCp = args[++i];
                    case "--peer-default-cp" -> o.peerDefaultCp = args[++i];
                    case "--launcher-cp" -> o.launcherCp = args[++i];
                    case "--repo" -> o.repoRoot = Path.of(args[++i]);
                    default -> throw new IllegalArgumentException("unknown option " + args[i]);
                }
            }
            return o;
        }

        boolean section(int n) {
            return only == null || List.of(only.split(",")).contains(Integer.toString(n));
        }
    }

    /** The machine the figures come from. */
    static final class Machine {
        static String describe() {
            String cpu = "unknown CPU";
            long memKb = 0;
            try {
                for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                    if (line.startsWith("model name")) {
                        cpu = line.substring(line.indexOf(':') + 1).trim();
                        break;
                    }
                }
                for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
                    if (line.startsWith("MemTotal")) {
                        memKb = Long.parseLong(line.replaceAll("[^0-9]", ""));
                    }
                }
            } catch (IOException e) {
                cpu = "unknown CPU (" + e.getMessage() + ")";
            }
            return String.format(Locale.ROOT, "%d cores (%s), %.1f GB memory, %s %s, JVM flags %s",
                    Runtime.getRuntime().availableProcessors(), cpu, memKb / 1024.0 / 1024.0,
                    System.getProperty("java.vm.name"), System.getProperty("java.runtime.version"),
                    ManagementFactory.getRuntimeMXBean().getInputArguments());
        }
    }
}
