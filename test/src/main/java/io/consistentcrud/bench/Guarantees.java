package io.consistentcrud.bench;

import io.consistentcrud.bench.Subject.Kind;
import io.consistentcrud.bench.Subject.Outcome;
import io.consistentcrud.bench.Subject.Req;
import io.consistentcrud.testing.FaultProxy;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Section 2: does each contender keep G2, G4 and G5? Measured, not argued: each scenario counts lost and
 * duplicated writes on DynamoDB Local, G4 and G5 through the store's {@link FaultProxy}, which loses the answer of
 * a share of the writes after DynamoDB applied them.
 */
final class Guarantees {
    static final double FAULT_RATE = 0.3;
    static final double HOLD_SHARE = 1.0 / 3;
    static final int G2_THREADS = 4;
    static final int G2_PER_THREAD = 15;
    static final int G4_INCREMENTS = 30;
    static final int G4_REPLACES = 15;
    static final int G5_INCREMENTS = 25;
    static final int CLIENT_ATTEMPTS = 8;

    /** One contender's measured result for one guarantee. */
    record Result(boolean kept, String detail) {
    }

    final Map<String, Map<String, Result>> results = new LinkedHashMap<>();
    private int faultsInjected;
    private int writesSeen;

    void run(URI engine, List<String> labels) {
        try (FaultProxy sdkRetryProxy = FaultProxy.start(engine, FAULT_RATE, HOLD_SHARE, 20261126L,
                Clients.ATTEMPT_TIMEOUT.plusMillis(300));
             FaultProxy clientRetryProxy = FaultProxy.start(engine, FAULT_RATE, HOLD_SHARE, 20261127L,
                     Clients.ATTEMPT_TIMEOUT.plusMillis(300))) {
            List<Contender> direct = Contender.withMinimal(Contender.all(counter -> Clients.http(engine, counter, 3)));
            List<Contender> sdkRetries = Contender.withMinimal(
                    Contender.all(counter -> Clients.http(sdkRetryProxy.endpoint(), counter, 10)));
            // One attempt per call: the lost answer reaches the client, which retries the request (G5).
            List<Contender> clientRetries = Contender.withMinimal(
                    Contender.all(counter -> Clients.http(clientRetryProxy.endpoint(), counter, 1)));
            for (int i = 0; i < direct.size(); i++) {
                String label = direct.get(i).label();
                if (!labels.contains(label)) {
                    continue;
                }
                Map<String, Result> row = results.computeIfAbsent(label, k -> new LinkedHashMap<>());
                row.put("G2", g2(sdkRetries.get(i), direct.get(i).subject(), sdkRetryProxy));
                row.put("G4", g4(sdkRetries.get(i), direct.get(i).subject(), sdkRetryProxy));
                row.put("G5", g5(clientRetries.get(i), direct.get(i).subject(), clientRetryProxy));
            }
            faultsInjected = sdkRetryProxy.faultsInjected() + clientRetryProxy.faultsInjected();
            writesSeen = sdkRetryProxy.writesSeen() + clientRetryProxy.writesSeen();
        }
    }

    /**
     * G2 under faults: concurrent read-modify-write "+1" by replace at the version read, retried on 412, through the
     * fault proxy; lost = successes - final count (a false 412 after a committed write shows up as a duplicate).
     */
    private static Result g2(Contender c, Subject reader, FaultProxy proxy) {
        Subject s = c.subject();
        String id = "g2-" + UUID.randomUUID();
        proxy.writeFaultRate(0);
        s.create(id, "n", c.request());
        proxy.writeFaultRate(FAULT_RATE);
        AtomicLong failures = new AtomicLong();
        AtomicLong successes = new AtomicLong();
        AtomicLong conflicts = new AtomicLong();
        ExecutorService pool = Executors.newFixedThreadPool(G2_THREADS);
        List<Future<?>> futures = new ArrayList<>();
        for (int t = 0; t < G2_THREADS; t++) {
            futures.add(pool.submit(() -> {
                for (int i = 0; i < G2_PER_THREAD; i++) {
                    while (true) {
                        Subject.Snapshot current = s.get(id);
                        Outcome o;
                        try {
                            o = s.replace(id, "n", current.count() + 1, current.version(), c.request());
                        } catch (RuntimeException e) {
                            failures.incrementAndGet();
                            break;
                        }
                        if (o.succeeded()) {
                            successes.incrementAndGet();
                            break;
                        }
                        conflicts.incrementAndGet();
                    }
                }
            }));
        }
        await(futures);
        pool.shutdown();
        long finalCount = consistentCount(reader, id);
        long lost = Math.max(0, successes.get() - finalCount);
        long duplicated = Math.max(0, finalCount - successes.get() - failures.get());
        return new Result(lost == 0, lost + " lost of " + successes.get() + " (" + conflicts.get() + " 412s"
                + (failures.get() > 0 ? ", " + failures.get() + " failed" : "")
                + (duplicated > 0 ? ", " + duplicated + " applied twice after a false 412" : "") + ")");
    }

    /**
     * G4: writes whose answer is lost after DynamoDB applied them, retried by the SDK (10 attempts): sequential
     * increments (duplicates = final - successes) and sequential replaces at the version just written (a 412 here
     * is false: nobody else writes).
     */
    private static Result g4(Contender c, Subject reader, FaultProxy proxy) {
        Subject s = c.subject();
        String id = "g4-" + UUID.randomUUID();
        proxy.writeFaultRate(0);
        s.create(id, "n", c.request());
        proxy.writeFaultRate(FAULT_RATE);
        int faultsBefore = proxy.faultsInjected();
        long successes = 0;
        long failures = 0;
        for (int i = 0; i < G4_INCREMENTS; i++) {
            try {
                if (s.increment(id, 1, c.request()).succeeded()) {
                    successes++;
                } else {
                    failures++;
                }
            } catch (RuntimeException e) {
                failures++;
            }
        }
        long finalCount = consistentCount(reader, id);
        long duplicates = Math.max(0, finalCount - successes - failures);
        long lost = Math.max(0, successes - finalCount);
        proxy.writeFaultRate(0);
        String rid = "g4r-" + UUID.randomUUID();
        long version = s.create(rid, "n", c.request()).version();
        proxy.writeFaultRate(FAULT_RATE);
        long falseConflicts = 0;
        long replaceErrors = 0;
        for (int i = 0; i < G4_REPLACES; i++) {
            try {
                Outcome o = s.replace(rid, "n" + i, i, version, c.request());
                if (o.kind() == Kind.CONFLICT) {
                    falseConflicts++;
                    version = reader.get(rid).version();
                } else {
                    version = o.version();
                }
            } catch (RuntimeException e) {
                replaceErrors++;
                version = reader.get(rid).version();
            }
        }
        int faults = proxy.faultsInjected() - faultsBefore;
        boolean kept = duplicates == 0 && lost == 0 && falseConflicts == 0;
        return new Result(kept, G4_INCREMENTS + " increments → " + finalCount + " applied (" + duplicates
                + " duplicated, " + lost + " lost, " + failures + " failed); " + falseConflicts + " false 412 of "
                + G4_REPLACES + " replaces" + (replaceErrors > 0 ? " (" + replaceErrors + " errors)" : "")
                + "; " + faults + " answers lost");
    }

    /**
     * G5: one SDK attempt per call, so a lost answer reaches the client, which sends the request again (same
     * Idempotency-Key where the contender has one) until it gets an answer, at most {@value #CLIENT_ATTEMPTS} times.
     */
    private static Result g5(Contender c, Subject reader, FaultProxy proxy) {
        Subject s = c.subject();
        String id = "g5-" + UUID.randomUUID();
        proxy.writeFaultRate(0);
        s.create(id, "n", c.request());
        proxy.writeFaultRate(FAULT_RATE);
        int faultsBefore = proxy.faultsInjected();
        long answered = 0;
        long gaveUp = 0;
        long inProgress = 0;
        long clientRetries = 0;
        for (int i = 0; i < G5_INCREMENTS; i++) {
            Req first = c.request();
            Req req = first;
            boolean done = false;
            for (int attempt = 1; attempt <= CLIENT_ATTEMPTS && !done; attempt++) {
                try {
                    done = s.increment(id, 1, req).succeeded();
                } catch (PowertoolsStyleSubject.AlreadyInProgressException e) {
                    inProgress++;
                } catch (RuntimeException e) {
                    // The answer was lost: the client retries.
                }
                if (!done) {
                    clientRetries++;
                    req = c.retryOf(first);
                }
            }
            if (done) {
                answered++;
            } else {
                gaveUp++;
            }
        }
        long finalCount = consistentCount(reader, id);
        long duplicates = Math.max(0, finalCount - G5_INCREMENTS);
        long lost = Math.max(0, answered - finalCount);
        int faults = proxy.faultsInjected() - faultsBefore;
        boolean kept = duplicates == 0 && lost == 0 && gaveUp == 0;
        return new Result(kept, G5_INCREMENTS + " requests → " + finalCount + " applied (" + duplicates
                + " duplicated, " + lost + " lost); " + clientRetries + " client retries"
                + (inProgress > 0 ? ", " + inProgress + " answered in-progress" : "")
                + (gaveUp > 0 ? ", " + gaveUp + " gave up" : "") + "; " + faults + " answers lost");
    }

    private static long consistentCount(Subject reader, String id) {
        Subject.Snapshot snapshot = reader instanceof NaiveSubject naive ? naive.consistentGet(id) : reader.get(id);
        return snapshot == null ? 0 : snapshot.count();
    }

    static void await(List<Future<?>> futures) {
        for (Future<?> f : futures) {
            try {
                f.get();
            } catch (Exception e) {
                throw new IllegalStateException("a writer failed", e);
            }
        }
    }

    void report(Report report, List<String> labels) {
        report.heading("2. Guarantees kept under faults, measured");
        report.paragraph("All three through the store's fault proxy, which loses the answer of "
                + Report.pct(FAULT_RATE) + " of the writes after DynamoDB applied them (a third held past the "
                + Clients.ATTEMPT_TIMEOUT.toMillis() + " ms attempt timeout, the rest reset). G2: " + G2_THREADS
                + " threads × " + G2_PER_THREAD + " read-modify-write `+1` by replace at the version read, retried on "
                + "412, 10 SDK attempts; lost = successes − final count. G4: 10 SDK attempts, " + G4_INCREMENTS
                + " increments and " + G4_REPLACES + " replaces at the version just written (any 412 is false). G5: "
                + "the same faults with 1 SDK attempt, so the client sees the lost answer and retries the request "
                + "(same Idempotency-Key where the contender has one), up to " + CLIENT_ATTEMPTS + " times. G5 is "
                + "promised for requests that carry an Idempotency-Key: the `ours` row shows what a client retry "
                + "without one does. Faults injected in this section: " + faultsInjected + " of " + writesSeen
                + " writes (the control: without them no write could be lost or duplicated).");
        List<List<String>> rows = new ArrayList<>();
        for (String label : labels) {
            Map<String, Result> r = results.get(label);
            List<String> row = new ArrayList<>();
            row.add(label);
            for (String g : List.of("G2", "G4", "G5")) {
                row.add((r.get(g).kept() ? "**kept**: " : "**broken**: ") + r.get(g).detail());
            }
            rows.add(row);
        }
        report.table(List.of("contender", "G2 no lost update", "G4 exactly once under SDK retries",
                "G5 exactly once under client retries"), rows);
    }
}
