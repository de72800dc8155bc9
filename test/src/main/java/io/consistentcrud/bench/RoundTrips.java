package io.consistentcrud.bench;

import io.consistentcrud.bench.Subject.Kind;
import io.consistentcrud.bench.Subject.Outcome;
import io.consistentcrud.bench.Subject.Req;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * Section 1: DynamoDB round trips and consumed capacity per API operation and per replay, counted by the
 * {@link CallCounter} interceptor over HTTP (the embedded engine has no SDK pipeline to intercept).
 */
final class RoundTrips {
    static final List<String> OPERATIONS = List.of("create", "create replay", "get", "replace", "replace replay",
            "merge", "merge replay", "increment", "increment replay", "delete", "delete replay",
            "transaction (2 items)", "transaction replay");
    /** The rows of ours with {@code Prefer: return=minimal}: every write and its replay. */
    static final String MINIMAL = ", return=minimal";
    static final List<String> MINIMAL_OPERATIONS = OPERATIONS.stream().filter(op -> !op.equals("get"))
            .map(op -> op + MINIMAL).toList();

    /** Measured cells: operation -> contender label -> tally. */
    final Map<String, Map<String, CallCounter.Tally>> tallies = new LinkedHashMap<>();
    private final Map<String, Map<String, Kind>> outcomes = new LinkedHashMap<>();
    private boolean failedUnits;
    private boolean cancelled;
    private boolean localDiffers;

    void run(List<Contender> contenders) {
        for (Contender c : contenders) {
            sequence(c, "");
        }
        for (Contender c : contenders) {
            c.minimal(c.label()).ifPresent(minimal -> sequence(minimal, MINIMAL));
        }
    }

    /** Every operation once and its replay, each row named {@code operation + suffix}; {@code get} only without one. */
    private void sequence(Contender c, String suffix) {
        Subject s = c.subject();
        String id = "rt-" + UUID.randomUUID();
        Req r = c.request();
        Outcome o = measure(c, "create" + suffix, () -> s.create(id, "first", r));
        measure(c, "create replay" + suffix, () -> s.create(id, "first", c.retryOf(r)));
        if (suffix.isEmpty()) {
            measure(c, "get", () -> {
                s.get(id);
                return Outcome.ok(0);
            });
        }
        long v = o.version();
        Req r2 = c.request();
        Outcome replaced = measure(c, "replace" + suffix, () -> s.replace(id, "second", 0, v, r2));
        measure(c, "replace replay" + suffix, () -> s.replace(id, "second", 0, v, c.retryOf(r2)));
        long v2 = replaced.version();
        Req r3 = c.request();
        measure(c, "merge" + suffix, () -> s.merge(id, "third", v2, r3));
        measure(c, "merge replay" + suffix, () -> s.merge(id, "third", v2, c.retryOf(r3)));
        Req r4 = c.request();
        measure(c, "increment" + suffix, () -> s.increment(id, 1, r4));
        measure(c, "increment replay" + suffix, () -> s.increment(id, 1, c.retryOf(r4)));
        long v4 = c.subject().get(id).version();
        Req r5 = c.request();
        measure(c, "delete" + suffix, () -> s.delete(id, v4, r5));
        measure(c, "delete replay" + suffix, () -> s.delete(id, v4, c.retryOf(r5)));
        String t1 = "rt-" + UUID.randomUUID();
        String t2 = "rt-" + UUID.randomUUID();
        long w1 = s.create(t1, "t", c.request()).version();
        long w2 = s.create(t2, "t", c.request()).version();
        Req r6 = c.request();
        measure(c, "transaction (2 items)" + suffix, () -> s.transact2(t1, w1, t2, w2, r6));
        measure(c, "transaction replay" + suffix, () -> s.transact2(t1, w1, t2, w2, c.retryOf(r6)));
    }

    private Outcome measure(Contender c, String operation, Supplier<Outcome> call) {
        c.counter().reset();
        Outcome outcome;
        try {
            outcome = call.get();
        } catch (PowertoolsStyleSubject.AlreadyInProgressException e) {
            outcome = new Outcome(Kind.IN_PROGRESS, 0);
        }
        CallCounter.Tally t = c.counter().tally();
        failedUnits |= t.failedWcu() > 0;
        cancelled |= t.cancelledTransactions() > 0;
        localDiffers |= t.localWcu() != t.wcu() || t.localRcu() != t.rcu();
        tallies.computeIfAbsent(operation, k -> new LinkedHashMap<>()).put(c.label(), t);
        outcomes.computeIfAbsent(operation, k -> new LinkedHashMap<>()).put(c.label(), outcome.kind());
        return outcome;
    }

    void report(Report report, List<Contender> contenders) {
        report.heading("1. DynamoDB round trips and capacity units per operation");
        report.paragraph("Each cell: round trips (HTTP attempts) · write units · read units, counted by an SDK "
                + "`ExecutionInterceptor` that sets `ReturnConsumedCapacity=TOTAL` on every call. Units are DynamoDB's "
                + "documented rules applied to what was sent and read (all items here are below 1 KB: a write 1 WCU, "
                + "a transactional write 2 WCU per item, a strong read 1 RCU, an eventual read 0.5, a repeated "
                + "`TransactWriteItems` with the same client token the read units DynamoDB reports for it)."
                + (localDiffers ? " DynamoDB Local 2.6.1 reports capacity for successful calls, transactions "
                + "included, but its figures differ from the rules where shown in brackets [Local: W · R] — it "
                + "reports 4 WCU for a transactional put over an existing small item." : "")
                + " A replay row sends the same request again after it committed, as a client does that never got "
                + "the answer: with the same Idempotency-Key where the contender uses one, otherwise as a new request "
                + "(a new gateway request id). The replay's outcome follows the arrow."
                + (failedUnits ? " * includes a failed conditional write, which DynamoDB does not report but bills "
                + "(computed by the rule from the larger of the sent and the stored item)." : "")
                + (cancelled ? " ‡ includes a cancelled transaction (the key's record already there): DynamoDB "
                + "reports no units for it and none are counted." : "")
                + " Rows ending in `" + MINIMAL + "` are ours as the handler runs a request with `Prefer: "
                + "return=minimal` (RFC 7240): no read for an answer without a body; the peers have no such "
                + "preference (—), their rows above already answer without a read.");
        List<String> headers = new ArrayList<>();
        headers.add("operation");
        contenders.forEach(c -> headers.add(c.label()));
        List<List<String>> rows = new ArrayList<>();
        List<String> operations = new ArrayList<>(OPERATIONS);
        operations.addAll(MINIMAL_OPERATIONS);
        for (String op : operations) {
            List<String> row = new ArrayList<>();
            row.add(op);
            for (Contender c : contenders) {
                CallCounter.Tally t = tallies.get(op).get(c.label());
                if (t == null) {
                    row.add("—");
                    continue;
                }
                Kind kind = outcomes.get(op).get(c.label());
                String cell = t.attempts() + " · " + Report.num(t.wcu()) + (t.failedWcu() > 0 ? "*" : "")
                        + (t.cancelledTransactions() > 0 ? "‡" : "") + " · " + Report.num(t.rcu());
                if (t.localWcu() != t.wcu() || t.localRcu() != t.rcu()) {
                    cell += " [Local: " + Report.num(t.localWcu()) + " · " + Report.num(t.localRcu()) + "]";
                }
                if (op.contains("replay")) {
                    cell += " → " + describe(kind);
                }
                row.add(cell);
            }
            rows.add(row);
        }
        report.table(headers, rows);
    }

    static String describe(Kind kind) {
        return switch (kind) {
            case OK -> "applied again";
            case REPLAYED -> "replayed";
            case CONFLICT -> "412";
            case EXISTS -> "409";
            case NOT_FOUND -> "404";
            case IN_PROGRESS -> "in progress";
        };
    }

    CallCounter.Tally cell(String operation, String label) {
        return tallies.get(operation).get(label);
    }
}
