package io.consistentcrud.bench;

import io.consistentcrud.bench.Subject.Req;
import java.util.List;
import java.util.function.Function;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * A subject as the benchmark drives it: whether its writes carry an Idempotency-Key, and its own client and call
 * counter.
 */
record Contender(String label, Subject subject, boolean keyed, CallCounter counter) {

    /** A new request: with a new Idempotency-Key when keyed. */
    Req request() {
        return keyed ? Req.keyed() : Req.fresh();
    }

    /**
     * The client's retry of {@code first}: the same key when keyed; otherwise a new request (the gateway gives a
     * retry a new request id, so nothing ties it to the first).
     */
    Req retryOf(Req first) {
        return keyed ? Req.withKey(first.idempotencyKey()) : Req.fresh();
    }

    /**
     * Ours as the handler runs a request with {@code Prefer: return=minimal}, under {@code label}, on the same client
     * and counter; empty for a peer, which has no such preference.
     */
    java.util.Optional<Contender> minimal(String label) {
        return subject instanceof OursSubject ours
                ? java.util.Optional.of(new Contender(label, ours.minimal(), keyed, counter))
                : java.util.Optional.empty();
    }

    /** The contenders, followed by ours again as it answers {@code Prefer: return=minimal} (issue 14). */
    static List<Contender> withMinimal(List<Contender> contenders) {
        List<Contender> all = new java.util.ArrayList<>(contenders);
        contenders.forEach(c -> c.minimal(c.label() + RoundTrips.MINIMAL).ifPresent(all::add));
        return List.copyOf(all);
    }

    /** The five contenders of a run, each on its own client made by {@code clients}. */
    static List<Contender> all(Function<CallCounter, DynamoDbClient> clients) {
        CallCounter a = new CallCounter();
        CallCounter b = new CallCounter();
        CallCounter c = new CallCounter();
        CallCounter o = new CallCounter();
        CallCounter k = new CallCounter();
        return List.of(
                new Contender("(a) naive SDK", new NaiveSubject(clients.apply(a), BenchTables.NAIVE), false, a),
                new Contender("(b) Enhanced + versioned",
                        new EnhancedSubject(clients.apply(b), BenchTables.ENHANCED), false, b),
                new Contender("(c) Powertools-style¹ + key", new PowertoolsStyleSubject(clients.apply(c),
                        BenchTables.POWERTOOLS, BenchTables.POWERTOOLS_IDEMPOTENCY), true, c),
                new Contender("ours", new OursSubject(clients.apply(o), "ours"), false, o),
                new Contender("ours + Idempotency-Key", new OursSubject(clients.apply(k), "ours + key"), true, k));
    }
}
