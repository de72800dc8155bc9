package io.consistentcrud.bench;

import io.consistentcrud.contract.RuntimeVariables;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Section 5: the cold path. Each run starts a fresh JVM ({@link ColdLaunch}) and measures, from the process start to
 * the line that says a create and a consistent read were answered, over HTTP to DynamoDB Local; plus classes
 * loaded ({@code -Xlog:class+load}) and jar sizes.
 */
final class ColdPath {
    static final String LAMBDA_FLAGS = "-XX:+TieredCompilation -XX:TieredStopAtLevel=1";
    /** Ours on the same jar, its entity declaring an item schema (section 8's). */
    static final String WITH_SCHEMA = "ours-schema";

    private final BenchMain.Options options;
    private final URI endpoint;
    private final int runs;
    /** subject -> flags -> times in ms, one per round (index i of every subject is the same round). */
    private final Map<String, Map<String, List<Double>>> times = new LinkedHashMap<>();
    /** subject -> flags -> process CPU ms (all threads) at the answers, one per round. */
    private final Map<String, Map<String, List<Double>>> cpu = new LinkedHashMap<>();
    private final Map<String, Long> classes = new LinkedHashMap<>();
    private final Map<String, Long> sizes = new LinkedHashMap<>();
    private final Map<String, String> classpaths = new LinkedHashMap<>();
    private final Map<String, Map<String, Integer>> classNames = new LinkedHashMap<>();
    /** 5b: restored subject -> its class path and launcher argument. */
    private final Map<String, String[]> restored = new LinkedHashMap<>();
    /** 5b: restored subject -> flags -> ms from the restore mark to the answers. */
    private final Map<String, Map<String, List<Double>>> restoredTimes = new LinkedHashMap<>();
    /** 5b: restored subject -> classes loaded after the restore mark (JVM defaults). */
    private final Map<String, List<Long>> restoredClasses = new LinkedHashMap<>();

    /** One launch's figures: ms from process start and from the restore mark to the answers, classes after it. */
    private record Launch(double fromStart, double fromRestore, long classesAfterRestore, double cpuMillis) {
    }

    ColdPath(BenchMain.Options options, URI endpoint) {
        this.options = options;
        this.endpoint = endpoint;
        // 15 rounds: with 7, the same jar's ratio moved by up to 0.1 between runs on 2 cores (2026-12-06).
        this.runs = options.quick ? 2 : 15;
    }

    private static List<Path> jars(String classpath) {
        return Arrays.stream(classpath.split(File.pathSeparator)).filter(s -> !s.isBlank()).map(Path::of).toList();
    }

    void run() throws IOException, InterruptedException {
        if (options.floorCp == null || options.oursJar == null || options.peerCp == null
                || options.peerDefaultCp == null || options.launcherCp == null) {
            throw new IllegalArgumentException("the cold path needs --floor-cp, --ours-jar, --peer-cp, "
                    + "--peer-default-cp and --launcher-cp (scripts/bench.sh sets them)");
        }
        Path dir = Path.of("test/target/bench");
        Path floor = JarPacker.pack(jars(options.floorCp), dir.resolve("floor.jar"));
        Path peer = JarPacker.pack(jars(options.peerCp), dir.resolve("peer.jar"));
        Path peerDefault = JarPacker.pack(jars(options.peerDefaultCp), dir.resolve("peer-default.jar"));
        Path ours = Path.of(options.oursJar);
        sizes.put("floor", Files.size(floor));
        sizes.put("ours", Files.size(ours));
        sizes.put(WITH_SCHEMA, Files.size(ours));
        sizes.put("peer", Files.size(peer));
        sizes.put("peer-default", Files.size(peerDefault));
        classpaths.put("floor", options.launcherCp + File.pathSeparator + floor);
        classpaths.put("ours", options.launcherCp + File.pathSeparator + ours);
        classpaths.put(WITH_SCHEMA, options.launcherCp + File.pathSeparator + ours);
        classpaths.put("peer", options.launcherCp + File.pathSeparator + peer);
        for (String subject : classpaths.keySet()) {
            once(subject, "", false);
            classes.put(subject, countClasses(subject, dir));
        }
        for (int r = 0; r < runs; r++) {
            for (String flags : List.of("", LAMBDA_FLAGS)) {
                for (String subject : rotated(List.copyOf(classpaths.keySet()), r)) {
                    Launch l = launch(subject, classpaths.get(subject), subject, flags, false);
                    times.computeIfAbsent(subject, k -> new LinkedHashMap<>())
                            .computeIfAbsent(flags, k -> new ArrayList<>()).add(l.fromStart());
                    cpu.computeIfAbsent(subject, k -> new LinkedHashMap<>())
                            .computeIfAbsent(flags, k -> new ArrayList<>()).add(l.cpuMillis());
                }
            }
        }
        restored.put("floor", new String[] {classpaths.get("floor"), "floor-restored"});
        if (options.oursBeforeJar != null) {
            restored.put("ours-before", new String[] {options.launcherCp + File.pathSeparator + options.oursBeforeJar,
                    "ours-restored"});
        }
        restored.put("ours", new String[] {classpaths.get("ours"), "ours-restored"});
        // The same restored run with the entity's item schema (section 8's): what priming leaves to the first create.
        restored.put(WITH_SCHEMA, new String[] {classpaths.get(WITH_SCHEMA), "ours-restored"});
        for (int r = 0; r < runs; r++) {
            for (String flags : List.of("", LAMBDA_FLAGS)) {
                for (var e : rotated(List.copyOf(restored.entrySet()), r)) {
                    Launch l = launch(e.getKey(), e.getValue()[0], e.getValue()[1], flags, false);
                    restoredTimes.computeIfAbsent(e.getKey(), k -> new LinkedHashMap<>())
                            .computeIfAbsent(flags, k -> new ArrayList<>()).add(l.fromRestore());
                    if (flags.isEmpty()) {
                        restoredClasses.computeIfAbsent(e.getKey(), k -> new ArrayList<>())
                                .add(l.classesAfterRestore());
                    }
                }
            }
        }
    }

    private long countClasses(String subject, Path dir) throws IOException, InterruptedException {
        Path log = dir.resolve("classes-" + subject + ".log");
        Files.deleteIfExists(log);
        once(subject, "-Xlog:class+load:file=" + log.toAbsolutePath(), true);
        // Hidden classes (lambdas, lambda forms) carry run-specific addresses: count them by their stable name.
        Map<String, Integer> names = new LinkedHashMap<>();
        long total = 0;
        try (var lines = Files.lines(log)) {
            for (String l : (Iterable<String>) lines.filter(x -> x.contains(" source:"))::iterator) {
                String head = l.substring(0, l.indexOf(" source:"));
                String name = head.substring(head.lastIndexOf(' ') + 1)
                        .replaceAll("\\$\\$Lambda\\$\\d+", "\\$\\$Lambda").replaceAll("/0x[0-9a-f]+", "");
                names.merge(name, 1, Integer::sum);
                total++;
            }
        }
        classNames.put(subject, names);
        return total;
    }

    /** Starts one JVM and answers the milliseconds from start to its "answered" line. */
    private double once(String subject, String flags, boolean logging) throws IOException, InterruptedException {
        return launch(subject, classpaths.get(subject), subject, flags, logging).fromStart();
    }

    private Launch launch(String subject, String classpath, String argument, String flags, boolean logging)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        if (!flags.isBlank()) {
            command.addAll(Arrays.asList(flags.split(" ")));
        }
        if (logging) {
            command.add("-D" + ColdLaunch.NO_CPU_PROPERTY + "=true");
        }
        command.add("-cp");
        command.add(classpath);
        command.add(ColdLaunch.class.getName());
        command.add(argument);
        command.add(endpoint.toString());
        ProcessBuilder pb = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT);
        Map<String, String> env = pb.environment();
        env.put("AWS_REGION", "us-east-1");
        env.put("AWS_ACCESS_KEY_ID", "local");
        env.put("AWS_SECRET_ACCESS_KEY", "local");
        env.remove("AWS_PROFILE");
        env.remove("JAVA_TOOL_OPTIONS");
        env.put(RuntimeVariables.ENTITIES, "[{\"name\":\"items\",\"table\":\"" + BenchTables.OURS + "\",\"pk\":{\"name\":\"id\","
                + "\"type\":\"S\"},\"version\":\"version\",\"consistentRead\":true"
                + (subject.equals(WITH_SCHEMA) ? ",\"schema\":" + SchemaCost.SCHEMA : "") + "}]");
        env.put(RuntimeVariables.ATTEMPT_TIMEOUT_MS, "2000");
        env.put(RuntimeVariables.CALL_TIMEOUT_MS, "10000");
        env.put(RuntimeVariables.MAX_ATTEMPTS, "3");
        env.put(RuntimeVariables.IDEMPOTENCY_TABLE, BenchTables.OURS_IDEMPOTENCY);
        env.put(RuntimeVariables.SERVICE_NAME, "bench");
        env.put(RuntimeVariables.DYNAMODB_ENDPOINT, endpoint.toString());
        // As Lambda says which init is under way: a fresh JVM is an on-demand init, a restored one was a SnapStart init.
        env.put("AWS_LAMBDA_INITIALIZATION_TYPE", argument.endsWith("-restored") ? "snap-start" : "on-demand");
        long start = System.nanoTime();
        Process p = pb.start();
        double millis = -1;
        double restoredAt = -1;
        long classesAfterRestore = -1;
        double cpuMillis = -1;
        StringBuilder output = new StringBuilder();
        try (BufferedReader out = new BufferedReader(
                new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = out.readLine(); line != null; line = out.readLine()) {
                if (line.equals(ColdLaunch.ANSWERED) && millis < 0) {
                    millis = (System.nanoTime() - start) / 1e6;
                } else if (line.equals(ColdLaunch.RESTORED) && restoredAt < 0) {
                    restoredAt = (System.nanoTime() - start) / 1e6;
                } else if (line.startsWith(ColdLaunch.CPU_NANOS)) {
                    cpuMillis = Long.parseLong(line.substring(ColdLaunch.CPU_NANOS.length())) / 1e6;
                } else if (line.startsWith(ColdLaunch.CLASSES_AFTER_RESTORE)) {
                    classesAfterRestore = Long.parseLong(line.substring(ColdLaunch.CLASSES_AFTER_RESTORE.length()));
                } else {
                    output.append(line).append('\n');
                }
            }
        }
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException(subject + " did not exit");
        }
        if (millis < 0 || p.exitValue() != 0) {
            throw new IllegalStateException(subject + " (" + flags + ") did not answer; exit " + p.exitValue()
                    + (logging ? "" : "; output: " + output));
        }
        return new Launch(millis, restoredAt < 0 ? -1 : millis - restoredAt, classesAfterRestore, cpuMillis);
    }

    /** The subjects in round {@code round}'s order: each takes each place in turn, so none always runs first. */
    static <T> List<T> rotated(List<T> subjects, int round) {
        List<T> order = new ArrayList<>(subjects);
        java.util.Collections.rotate(order, -(round % Math.max(1, order.size())));
        return order;
    }

    /**
     * The median of the per-round ratios {@code subject / base}: each round runs every subject back to back, so a
     * machine that slows down or speeds up between rounds moves both sides of a round's ratio alike.
     */
    static double pairedRatio(List<Double> subject, List<Double> base) {
        List<Double> ratios = new ArrayList<>();
        for (int i = 0; i < Math.min(subject.size(), base.size()); i++) {
            ratios.add(subject.get(i) / base.get(i));
        }
        return median(ratios);
    }

    static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    void report(Report report, List<String> targets) {
        report.heading("5. Cold path: fresh JVM to first answers, classes, jar size");
        report.paragraph("Each run is a new JVM (" + System.getProperty("java.runtime.version") + ") on one jar, over "
                + "HTTP to DynamoDB Local: the time from process start to the moment a create and a strongly "
                + "consistent read have both answered (median of " + runs + " rounds; each round runs every subject "
                + "once, in an order rotated from round to round, and a ratio is the median of the rounds' "
                + "ratios, so that a machine slowing down between rounds moves both sides alike). CPU: the process's CPU time at the answers, every thread (JIT "
                + "compilers, GC) included, read after the answer with the Lambda flags; on Lambda, where a function "
                + "below 1,769 MB has less than one vCPU, init time follows CPU time more than it does here on 2 "
                + "cores. Floor: a "
                + "plain `DynamoDbClient` (URLConnection client) doing one conditional `PutItem` and one consistent "
                + "`GetItem`. Ours: the runtime's Lambda entry (`LambdaEntry`, environment as the construct sets it) "
                + "on two REST proxy events, `PUT If-None-Match: *` then `GET`. Peer: a handler on (b) + (c): create "
                + "with an Idempotency-Key (INPROGRESS put, Enhanced conditional put, COMPLETED update), then a "
                + "consistent Enhanced get. Lambda flags: `" + LAMBDA_FLAGS + "`. Classes: `-Xlog:class+load` lines "
                + "of one run with JVM defaults (JDK classes included). Floor and peer jars are packed from their "
                + "dependencies with the runtime's shade filters, so sizes compare like for like.");
        List<List<String>> rows = new ArrayList<>();
        Map<String, String> names = Map.of("floor", "raw-SDK floor", "ours", "ours (LambdaEntry)",
                "peer", "peer handler (b) + (c)¹", WITH_SCHEMA, "ours with a schema (section 8)");
        for (String subject : classpaths.keySet()) {
            double d = median(times.get(subject).get(""));
            double l = median(times.get(subject).get(LAMBDA_FLAGS));
            double c = median(cpu.get(subject).get(LAMBDA_FLAGS));
            rows.add(List.of(names.get(subject), Report.num(d) + " (" + Report.ratio(ratio(times, subject, "")) + ")",
                    Report.num(l) + " (" + Report.ratio(ratio(times, subject, LAMBDA_FLAGS)) + ")",
                    Report.num(c) + " (" + Report.ratio(ratio(cpu, subject, LAMBDA_FLAGS)) + ")",
                    Long.toString(classes.get(subject)), sizeCell(subject)));
        }
        rows.add(List.of("peer with default dependencies (size only)", "-", "-", "-", "-",
                sizeCell("peer-default")));
        report.table(List.of("subject", "ms, JVM defaults (× floor)", "ms, Lambda flags (× floor)",
                "CPU ms, Lambda flags (× floor)", "classes loaded", "jar KB (× floor)"), rows);
        // Ratios to the floor as the table gives them (paired by round); the ratio to the peer likewise.
        double oursToFloorD = ratio(times, "ours", "");
        double oursToFloorL = ratio(times, "ours", LAMBDA_FLAGS);
        double oursToPeerD = pairedRatio(times.get("ours").get(""), times.get("peer").get(""));
        double oursToPeerL = pairedRatio(times.get("ours").get(LAMBDA_FLAGS), times.get("peer").get(LAMBDA_FLAGS));
        boolean timeMet = oursToFloorD <= 1.10 && oursToFloorL <= 1.10 && oursToPeerD < 1 && oursToPeerL < 1;
        targets.add(Targets.line(timeMet, "cold path at most 1.10× the raw-SDK floor and below the (b) + (c) peer",
                String.format(java.util.Locale.ROOT, "defaults %s of the floor, %s of the peer; Lambda flags %s of the "
                                + "floor, %s of the peer; classes %d vs floor %d, peer %d",
                        Report.ratio(oursToFloorD), Report.ratio(oursToPeerD), Report.ratio(oursToFloorL),
                        Report.ratio(oursToPeerL), classes.get("ours"), classes.get("floor"), classes.get("peer"))
                        + (timeMet ? "" : ". The time over the floor goes to loading and initialising what the "
                        + "floor does not have: " + extraClasses("ours", "floor"))));
        report.paragraph("Classes ours loads beyond the floor, by package: " + extraClasses("ours", "floor")
                + ". The peer beyond the floor: " + extraClasses("peer", "floor") + ".");
        double schemaToFloorD = ratio(times, WITH_SCHEMA, "");
        double schemaToFloorL = ratio(times, WITH_SCHEMA, LAMBDA_FLAGS);
        targets.add(Targets.line(schemaToFloorD <= 1.10 && schemaToFloorL <= 1.10,
                "cold path with an item schema at most 1.10× the raw-SDK floor",
                "defaults " + Report.ratio(schemaToFloorD) + ", Lambda flags " + Report.ratio(schemaToFloorL)
                        + " (CPU " + Report.ratio(ratio(cpu, WITH_SCHEMA, LAMBDA_FLAGS)) + "); "
                        + Report.ratio(pairedRatio(times.get(WITH_SCHEMA).get(""), times.get("ours").get("")))
                        + " of ours without schema; classes beyond ours: " + extraClasses(WITH_SCHEMA, "ours")));
        reportRestored(report, targets);
        double jarRatio = (double) sizes.get("ours") / sizes.get("floor");
        targets.add(Targets.line(jarRatio <= 1.10, "jar at most 1.10× the floor's dependencies",
                "ours " + kb(sizes.get("ours")) + " KB = " + Report.ratio(jarRatio) + " of the floor's "
                        + kb(sizes.get("floor")) + " KB (dynamodb + url-connection-client); the peer with default "
                        + "dependencies is " + kb(sizes.get("peer-default")) + " KB"));
    }

    /** A subject's figure over the floor's, paired by round. */
    private static double ratio(Map<String, Map<String, List<Double>>> figures, String subject, String flags) {
        return pairedRatio(figures.get(subject).get(flags), figures.get("floor").get(flags));
    }

    private void reportRestored(Report report, List<String> targets) {
        report.heading("5b. After a SnapStart restore: from the restore to the first answers");
        report.paragraph("Each run is a new JVM doing what SnapStart does, without the snapshot itself (no CRaC JVM "
                + "here): init, then the CRaC resource the handler registered, `beforeCheckpoint` (priming) and "
                + "`afterRestore` (reached by reflection: CRaC's global context refuses calls outside a real "
                + "checkpoint), then a mark where a restore would resume; the figure is the time from that mark to the moment a create and a consistent read have answered (median of "
                + runs + " rounds, ratios paired by round as in section 5), and the classes loaded after the mark (JVM defaults, median), which a restored "
                + "snapshot would still have to load. Floor: `SdkWarmUp.warmUp(DynamoDbClient.class)` before the "
                + "mark, then the raw `PutItem` + `GetItem`. Ours: `LambdaEntry` with `SnapStartHook`"
                + (restored.containsKey("ours-before") ? "; ours before: the runtime jar of the previous priming "
                + "(a real consistent `GetItem` per entity on a reserved key, over disconnecting connections)" : "")
                + "; ours with a schema: the same, its entity declaring section 8's schema, so that the create is "
                + "checked.");
        Map<String, String> names = Map.of("floor", "raw-SDK floor, SdkWarmUp", "ours-before",
                "ours before (GetItem priming)", "ours", "ours (SdkWarmUp + in-memory request path)",
                WITH_SCHEMA, "ours with a schema (section 8's)");
        double floorL = median(restoredTimes.get("floor").get(LAMBDA_FLAGS));
        List<List<String>> rows = new ArrayList<>();
        for (String subject : restored.keySet()) {
            double d = median(restoredTimes.get(subject).get(""));
            double l = median(restoredTimes.get(subject).get(LAMBDA_FLAGS));
            long c = Math.round(median(restoredClasses.get(subject).stream().map(Long::doubleValue).toList()));
            rows.add(List.of(names.get(subject),
                    Report.num(d) + " (" + Report.ratio(ratio(restoredTimes, subject, "")) + ")",
                    Report.num(l) + " (" + Report.ratio(ratio(restoredTimes, subject, LAMBDA_FLAGS)) + ")",
                    Long.toString(c)));
        }
        report.table(List.of("subject", "ms after restore, JVM defaults (× floor)",
                "ms after restore, Lambda flags (× floor)", "classes loaded after restore"), rows);
        double oursL = median(restoredTimes.get("ours").get(LAMBDA_FLAGS));
        double oursToFloorL = ratio(restoredTimes, "ours", LAMBDA_FLAGS);
        targets.add(Targets.line(oursToFloorL <= 1.05, "after a SnapStart restore, at most 1.05× the raw-SDK "
                + "floor with Lambda flags", "ours " + Report.num(oursL) + " ms = " + Report.ratio(oursToFloorL)
                + " of the floor's " + Report.num(floorL) + " ms (medians; the ratio is the median of the rounds')"));
    }

    /** The classes {@code subject} loads and {@code base} does not, counted by package (the largest first). */
    String extraClasses(String subject, String base) {
        Map<String, Integer> byPackage = new LinkedHashMap<>();
        for (Map.Entry<String, Integer> e : classNames.get(subject).entrySet()) {
            int extra = e.getValue() - classNames.get(base).getOrDefault(e.getKey(), 0);
            if (extra > 0) {
                String name = e.getKey();
                String pkg = name.contains(".") ? name.substring(0, name.lastIndexOf('.')) : "(default)";
                String[] parts = pkg.split("\\.");
                String key = String.join(".", Arrays.copyOfRange(parts, 0, Math.min(parts.length, 5)));
                byPackage.merge(key, extra, Integer::sum);
            }
        }
        return byPackage.entrySet().stream().sorted((a, b) -> b.getValue() - a.getValue()).limit(8)
                .map(e -> "`" + e.getKey() + "` " + e.getValue()).collect(java.util.stream.Collectors.joining(", "));
    }

    private String sizeCell(String subject) {
        return kb(sizes.get(subject)) + " (" + Report.ratio((double) sizes.get(subject) / sizes.get("floor")) + ")";
    }

    private static String kb(long bytes) {
        return Long.toString(Math.round(bytes / 1024.0));
    }
}
