package io.consistentcrud.bench;

import io.consistentcrud.bench.Subject.Outcome;
import io.consistentcrud.bench.Subject.Req;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Section 3: p50/p99 latency and single-thread throughput per operation, as ratios against the naive peer
 * measured in the same run, after warm-up. Contenders take turns in rounds, so that drift of the machine (JIT, GC,
 * the engine's growing tables) falls on all of them alike.
 */
final class Latency {
    static final List<String> OPERATIONS = List.of("create", "get", "replace", "merge", "increment", "delete",
            "transaction (2 items)");
    /** What ours with {@code Prefer: return=minimal} is measured on: the writes whose answer needed a read. */
    static final List<String> MINIMAL_OPERATIONS = List.of("merge", "increment", "delete");
    private static final int POOL = 64;
    private static final int ROUNDS = 5;

    private final String mode;
    private final int warmup;
    private final int measured;
    /** operation -> contender label -> samples. */
    final Map<String, Map<String, Samples>> samples = new LinkedHashMap<>();

    Latency(String mode, int warmup, int measured) {
        this.mode = mode;
        this.warmup = warmup;
        this.measured = measured;
    }

    /** Per contender: a pool of items and the versions it last wrote. */
    private static final class State {
        final String[] ids = new String[POOL];
        final long[] versions = new long[POOL];
        int next;

        int pick() {
            next = (next + 1) % POOL;
            return next;
        }
    }

    void run(List<Contender> contenders) {
        Map<String, State> states = new LinkedHashMap<>();
        for (Contender c : contenders) {
            State st = new State();
            for (int i = 0; i < POOL; i++) {
                st.ids[i] = mode + "-" + UUID.randomUUID();
                st.versions[i] = c.subject().create(st.ids[i], "n", c.request()).version();
            }
            states.put(c.label(), st);
        }
        for (String op : OPERATIONS) {
            List<Contender> measuredHere = contenders.stream().filter(c -> measures(c, op)).toList();
            for (Contender c : measuredHere) {
                runOp(c, states.get(c.label()), op, warmup, null);
            }
            for (int round = 0; round < ROUNDS; round++) {
                for (Contender c : measuredHere) {
                    Samples s = samples.computeIfAbsent(op, k -> new LinkedHashMap<>())
                            .computeIfAbsent(c.label(), k -> new Samples());
                    runOp(c, states.get(c.label()), op, measured / ROUNDS, s);
                }
            }
        }
    }

    private static boolean measures(Contender c, String op) {
        return !c.label().endsWith(RoundTrips.MINIMAL) || MINIMAL_OPERATIONS.contains(op);
    }

    private static void runOp(Contender c, State st, String op, int iterations, Samples into) {
        Subject s = c.subject();
        for (int n = 0; n < iterations; n++) {
            int i = st.pick();
            String id = st.ids[i];
            Req req = c.request();
            long start;
            long end;
            Outcome o = null;
            switch (op) {
                case "create" -> {
                    String fresh = "c-" + UUID.randomUUID();
                    start = System.nanoTime();
                    o = s.create(fresh, "n", req);
                    end = System.nanoTime();
                }
                case "get" -> {
                    start = System.nanoTime();
                    s.get(id);
                    end = System.nanoTime();
                }
                case "replace" -> {
                    start = System.nanoTime();
                    o = s.replace(id, "r" + n, n, st.versions[i], req);
                    end = System.nanoTime();
                    st.versions[i] = o.version();
                }
                case "merge" -> {
                    start = System.nanoTime();
                    o = s.merge(id, "m" + n, st.versions[i], req);
                    end = System.nanoTime();
                    st.versions[i] = o.version();
                }
                case "increment" -> {
                    start = System.nanoTime();
                    o = s.increment(id, 1, req);
                    end = System.nanoTime();
                    // Version 0: not known (return=minimal without If-Match); one writer, so it is one more.
                    st.versions[i] = o.version() > 0 ? o.version() : st.versions[i] + 1;
                }
                case "delete" -> {
                    String doomed = "d-" + UUID.randomUUID();
                    long v = s.create(doomed, "n", c.request()).version();
                    start = System.nanoTime();
                    o = s.delete(doomed, v, req);
                    end = System.nanoTime();
                }
                case "transaction (2 items)" -> {
                    int j = (i + 1) % POOL;
                    start = System.nanoTime();
                    o = s.transact2(id, st.versions[i], st.ids[j], st.versions[j], req);
                    end = System.nanoTime();
                    st.versions[i]++;
                    st.versions[j]++;
                }
                default -> throw new IllegalArgumentException(op);
            }
            if (o != null && !o.succeeded()) {
                throw new IllegalStateException(c.label() + " " + op + " answered " + o + " in a single-writer run");
            }
            if (into != null) {
                into.add(end - start);
            }
        }
    }

    /** p50 of {@code label} over p50 of the naive peer, for one operation. */
    double p50Ratio(String op, String label, String naive) {
        return samples.get(op).get(label).percentile(50) / samples.get(op).get(naive).percentile(50);
    }

    void report(Report report, List<Contender> contenders, String title) {
        report.heading(title);
        Contender naive = contenders.get(0);
        report.paragraph("Single thread, " + warmup + " warm-up and " + measured + " measured calls per operation "
                + "and contender, in " + ROUNDS + " alternating rounds. Absolute figures for the naive peer; the "
                + "others as ratios to it (p50 ×, p99 ×, throughput ×; lower latency and higher throughput are "
                + "better). Throughput = calls per second of one thread doing only this operation."
                + (contenders.stream().anyMatch(c -> c.label().endsWith(RoundTrips.MINIMAL))
                ? " Columns ending in `" + RoundTrips.MINIMAL + "` are ours as the handler runs a request with "
                + "`Prefer: return=minimal`, measured on " + String.join(", ", MINIMAL_OPERATIONS)
                + " (the writes whose answer needs a read without it)." : ""));
        List<String> headers = new ArrayList<>(List.of("operation", naive.label() + " p50 / p99 ms, ops/s"));
        contenders.stream().skip(1).forEach(c -> headers.add(c.label()));
        List<List<String>> rows = new ArrayList<>();
        for (String op : OPERATIONS) {
            Samples base = samples.get(op).get(naive.label());
            List<String> row = new ArrayList<>();
            row.add(op);
            row.add(Report.ms(base.percentile(50)) + " / " + Report.ms(base.percentile(99)) + ", "
                    + Report.num(base.throughput()));
            for (Contender c : contenders.subList(1, contenders.size())) {
                Samples s = samples.get(op).get(c.label());
                if (s == null) {
                    row.add("—");
                    continue;
                }
                row.add(Report.ratio(s.percentile(50) / base.percentile(50)) + " / "
                        + Report.ratio(s.percentile(99) / base.percentile(99)) + " / "
                        + Report.ratio(s.throughput() / base.throughput()));
            }
            rows.add(row);
        }
        report.table(headers, rows);
    }
}
