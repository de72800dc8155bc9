package io.consistentcrud.bench;

import io.consistentcrud.bench.Subject.Kind;
import io.consistentcrud.bench.Subject.Outcome;
import io.consistentcrud.testing.FaultProxy;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Section 4: N writers on one item, through the fault proxy at a low fault rate (hot items under SDK retries are
 * where token-in-item schemes break). Each writer adds 1 per logical write for a fixed time; at the end the item's
 * count must equal the writes that answered success — plus at most those that failed ambiguously.
 */
final class Contention {
    static final int[] WRITERS = {1, 4, 16};
    static final double FAULT_RATE = 0.05;

    /** How a contender adds 1. */
    enum Pattern {
        /** The contender's increment mechanism. */
        INCREMENT,
        /** Read, then replace at the version read; retry on 412 (the lost-update case, G2). */
        READ_MODIFY_WRITE
    }

    record Row(String label, Pattern pattern, int writers, long successes, long failures, long conflicts,
               long calls, long retries, long finalCount, double seconds) {
        long lost() {
            return Math.max(0, successes - finalCount);
        }

        long duplicated() {
            return Math.max(0, finalCount - successes - failures);
        }
    }

    final List<Row> rows = new ArrayList<>();
    private final long millisPerRun;
    private int faults;

    Contention(long millisPerRun) {
        this.millisPerRun = millisPerRun;
    }

    void run(URI engine) {
        try (FaultProxy proxy = FaultProxy.start(engine, FAULT_RATE, Guarantees.HOLD_SHARE, 20261128L,
                Clients.ATTEMPT_TIMEOUT.plusMillis(300))) {
            List<Contender> direct = Contender.all(counter -> Clients.http(engine, counter, 3));
            List<Contender> faulty = Contender.all(counter -> Clients.http(proxy.endpoint(), counter, 10));
            record Case(int index, Pattern pattern) {
            }
            List<Case> cases = List.of(new Case(0, Pattern.INCREMENT), new Case(0, Pattern.READ_MODIFY_WRITE),
                    new Case(1, Pattern.INCREMENT), new Case(2, Pattern.INCREMENT),
                    new Case(3, Pattern.INCREMENT), new Case(3, Pattern.READ_MODIFY_WRITE));
            for (Case k : cases) {
                for (int n : WRITERS) {
                    proxy.writeFaultRate(0);
                    rows.add(once(faulty.get(k.index()), direct.get(k.index()).subject(), k.pattern(), n, proxy));
                }
            }
            faults = proxy.faultsInjected();
        }
    }

    private Row once(Contender c, Subject reader, Pattern pattern, int writers, FaultProxy proxy) {
        Subject s = c.subject();
        String id = "hot-" + UUID.randomUUID();
        s.create(id, "n", c.request());
        EnhancedSubject.RMW_CONFLICTS.set(0);
        c.counter().reset();
        proxy.writeFaultRate(FAULT_RATE);
        AtomicLong successes = new AtomicLong();
        AtomicLong failures = new AtomicLong();
        AtomicLong conflicts = new AtomicLong();
        long deadline = System.nanoTime() + millisPerRun * 1_000_000;
        long start = System.nanoTime();
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        List<Future<?>> futures = new ArrayList<>();
        for (int w = 0; w < writers; w++) {
            futures.add(pool.submit(() -> {
                while (System.nanoTime() < deadline) {
                    try {
                        if (pattern == Pattern.INCREMENT) {
                            Outcome o = s.increment(id, 1, c.request());
                            (o.succeeded() ? successes : failures).incrementAndGet();
                        } else {
                            while (true) {
                                Subject.Snapshot cur = s.get(id);
                                Outcome o = s.replace(id, "n", cur.count() + 1, cur.version(), c.request());
                                if (o.succeeded()) {
                                    successes.incrementAndGet();
                                    break;
                                } else if (o.kind() == Kind.CONFLICT) {
                                    conflicts.incrementAndGet();
                                } else {
                                    failures.incrementAndGet();
                                    break;
                                }
                            }
                        }
                    } catch (RuntimeException e) {
                        // Attempts exhausted or in progress: the write may or may not have been applied.
                        failures.incrementAndGet();
                    }
                }
            }));
        }
        Guarantees.await(futures);
        double seconds = (System.nanoTime() - start) / 1e9;
        pool.shutdown();
        proxy.writeFaultRate(0);
        CallCounter.Tally t = c.counter().tally();
        Subject.Snapshot end = reader instanceof NaiveSubject naive ? naive.consistentGet(id) : reader.get(id);
        return new Row(c.label(), pattern, writers, successes.get(), failures.get(),
                conflicts.get() + EnhancedSubject.RMW_CONFLICTS.getAndSet(0), t.calls(), t.retries(),
                end.count(), seconds);
    }

    void report(Report report) {
        report.heading("4. Hot-key contention");
        report.paragraph("N writers on ONE item for " + millisPerRun + " ms each, over HTTP through the fault proxy "
                + "losing " + Report.pct(FAULT_RATE) + " of the write answers after commit (10 SDK attempts). "
                + "Goodput = logical writes answered success per second. Conflict rate = 412s met per success "
                + "(read-modify-write loops retry them). SDK retry rate = retried attempts per DynamoDB call. Lost = "
                + "successes − final count; duplicated = final count − successes − failed writes (a failed write may "
                + "have been applied, so it is never counted as a duplicate). Faults injected: " + faults + ".");
        List<List<String>> out = new ArrayList<>();
        for (Row r : rows) {
            out.add(List.of(r.label(), r.pattern() == Pattern.INCREMENT ? "increment" : "read + replace",
                    Integer.toString(r.writers()), Report.num(r.successes() / r.seconds()),
                    r.successes() == 0 ? "-" : Report.num((double) r.conflicts() / r.successes()),
                    r.calls() == 0 ? "-" : Report.pct((double) r.retries() / r.calls()),
                    Long.toString(r.failures()), bold(r.lost()), bold(r.duplicated())));
        }
        report.table(List.of("contender", "pattern", "N", "goodput/s", "conflicts per success", "SDK retry rate",
                "failed", "lost", "duplicated"), out);
    }

    private static String bold(long n) {
        return n == 0 ? "0" : "**" + n + "**";
    }

    /** Whether our rows have 0 lost and 0 duplicated at every N. */
    boolean oursExact() {
        return rows.stream().filter(r -> r.label().startsWith("ours"))
                .allMatch(r -> r.lost() == 0 && r.duplicated() == 0);
    }
}
