package io.consistentcrud.bench;

import java.util.List;

/** The targets of issue 7, each reported as met or missed with the reason. */
final class Targets {
    private static final String OURS = "ours";
    private static final String OURS_KEY = "ours + Idempotency-Key";
    private static final String NAIVE = "(a) naive SDK";

    private Targets() {
    }

    static String line(boolean met, String target, String why) {
        return (met ? "**met**" : "**missed**") + " — " + target + ": " + why;
    }

    static void roundTrips(RoundTrips rt, List<String> out) {
        StringBuilder missed = new StringBuilder();
        java.util.Set<String> why = new java.util.LinkedHashSet<>();
        boolean replaysMissed = false;
        for (String op : List.of("create", "get", "replace", "merge", "increment", "delete")) {
            for (String who : List.of(OURS, OURS_KEY)) {
                long n = rt.cell(op, who).attempts();
                if (n != 1) {
                    missed.append(op).append(who.equals(OURS_KEY) ? " with a key " : " ").append(n)
                            .append(" round trips; ");
                    why.add(reason(op, who));
                }
            }
        }
        for (String op : List.of("create replay", "replace replay", "merge replay", "increment replay",
                "delete replay", "transaction replay")) {
            long n = rt.cell(op, OURS_KEY).attempts();
            if (n != 1) {
                missed.append(op).append(" (Idempotency-Key) ").append(n).append(" round trips; ");
                why.add(switch (op) {
                    case "merge replay" -> "a repeated keyed merge reads the item, finds the version its first "
                            + "request moved, then reads the key's record (so that the first merge need not read "
                            + "it; with Prefer: return=minimal the repeat is 1)";
                    case "increment replay" -> "a repeated keyed increment without If-Match reads the item before "
                            + "its transaction meets the key's record (with Prefer: return=minimal it is 1)";
                    default -> op + " reads more than the recorded outcome";
                });
                replaysMissed = true;
            }
        }
        out.add(line(missed.length() == 0, "1 round trip per single-item operation and 1 per replay",
                missed.length() == 0 ? "all single-item operations and their Idempotency-Key replays take 1"
                        : missed.toString().replaceAll("; $", ". ")
                        + (replaysMissed ? "" : "Every Idempotency-Key replay takes 1. ") + "Why: "
                        + String.join("; ", why)));
        minimalRoundTrips(rt, out);
        StringBuilder more = new StringBuilder();
        boolean stamped = false;
        for (String op : List.of("create", "replace", "merge", "increment", "delete", "transaction (2 items)")) {
            double ours = rt.cell(op, OURS).wcu();
            double naive = rt.cell(op, NAIVE).wcu();
            if (ours > naive) {
                more.append(op).append(" ").append(Report.num(ours)).append(" vs ").append(Report.num(naive))
                        .append(" WCU; ");
                stamped |= op.equals("delete") && rt.cell(op, OURS).attempts() > 1;
            }
        }
        out.add(line(more.length() == 0, "no more write units than the naive peer where the mechanism allows it",
                more.length() == 0 ? "equal everywhere"
                        : more + "these use TransactWriteItems with a ClientRequestToken (2 WCU per item per KB): "
                        + "the only mechanism exact for any write under SDK retries, hot items included (G4); "
                        + (stamped ? "delete also writes the deleter's stamp first (1 WCU) so that the stream names "
                        + "who deleted (G8); " : "")
                        + "create stays at the naive cost (conditional PutItem + creation token). With an "
                        + "Idempotency-Key every write also puts the key's record in the same transaction"));
    }

    /** Issue 14: with {@code Prefer: return=minimal}, every single-item write and every keyed replay takes 1. */
    private static void minimalRoundTrips(RoundTrips rt, List<String> out) {
        StringBuilder missed = new StringBuilder();
        for (String op : RoundTrips.MINIMAL_OPERATIONS) {
            for (String who : List.of(OURS, OURS_KEY)) {
                boolean keyless = who.equals(OURS);
                if (op.startsWith("transaction") || keyless && op.contains("replay")) {
                    // Transactions are not single-item writes; a keyless replay is a new request (a 412 or 409).
                    continue;
                }
                long n = rt.cell(op, who).attempts();
                if (n != 1) {
                    missed.append(op).append(keyless ? " " : " with a key ").append(n).append(" round trips; ");
                }
            }
        }
        out.add(line(missed.length() == 0, "1 round trip per single-item write with Prefer: return=minimal, with "
                + "and without Idempotency-Key, and per replay", missed.length() == 0
                ? "every write and every Idempotency-Key replay takes 1"
                : missed.toString().replaceAll("; $", "")));
    }

    private static String reason(String op, String who) {
        return switch (op) {
            case "merge" -> "merge answers the merged item, so it reads the item it patches (consistent GetItem) "
                    + "before its conditional write (with Prefer: return=minimal a patch without objects is one "
                    + "update)";
            case "increment" -> "increment answers the item as written, and an ADD inside TransactWriteItems "
                    + "returns no values, so a consistent GetItem follows the write (before it with a key and no "
                    + "If-Match; none with Prefer: return=minimal)";
            case "delete" -> "delete first stamps the deleter into the item (so the stream's REMOVE record names who "
                    + "deleted, G8), then deletes conditioned on that stamp";
            default -> op + " takes more than one call";
        };
    }

    static void latency(Latency latency, List<Contender> contenders, List<String> out) {
        String naive = contenders.get(0).label();
        String enhanced = contenders.get(1).label();
        StringBuilder detail = new StringBuilder();
        boolean met = true;
        for (String op : List.of("get", "create", "replace")) {
            double r = latency.p50Ratio(op, OURS, naive);
            met &= r <= 1.10;
            detail.append(op).append(" ").append(Report.ratio(r)).append(" (peer (b) ")
                    .append(Report.ratio(latency.p50Ratio(op, enhanced, naive))).append("); ");
        }
        out.add(line(met, "p50 in process at most 1.10× the naive peer for get, create and update (replace)",
                detail + (met ? "" : "the naive peer sends the cheapest request the engine serves (eventual read, "
                        + "unconditional put); peer (b), which sends the same kind of safe request as ours for get "
                        + "(consistent read) and create (conditional put), pays a similar premium, so most of the gap "
                        + "is the engine's cost of the safe request itself. Replace is a TransactWriteItems with a "
                        + "ClientRequestToken — the mechanism that makes SDK retries exact (G4) — which the embedded "
                        + "engine serves slower than a PutItem")));
    }
}
