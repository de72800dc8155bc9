package io.consistentcrud.bench;

/**
 * One way of doing the API's operations on one item table: the naive SDK, the Enhanced Client, the
 * Powertools-style layer, or our runtime. Every subject works on items {@code {id, name, count, version}}.
 *
 * <p>Writes take a {@link Req}: the request token and, where the caller retries, the Idempotency-Key. Subjects
 * without an idempotency mechanism ignore it, which is exactly what the guarantee scenarios measure.
 */
public interface Subject {
    /** The label printed in the report. */
    String label();

    /** Creates a new item with count 0; answers its version. */
    Outcome create(String id, String name, Req req);

    /** Reads an item the way this subject reads (eventual for the naive peer); null when absent. */
    Snapshot get(String id);

    /** Replaces the item, conditional on {@code expectedVersion} where the subject checks versions. */
    Outcome replace(String id, String name, long count, long expectedVersion, Req req);

    /** Changes only {@code name}, conditional on {@code expectedVersion} where the subject checks versions. */
    Outcome merge(String id, String name, long expectedVersion, Req req);

    /** Adds {@code delta} to {@code count}, with this subject's increment mechanism. */
    Outcome increment(String id, long delta, Req req);

    /** Deletes the item, conditional on {@code expectedVersion} where the subject checks versions. */
    Outcome delete(String id, long expectedVersion, Req req);

    /** Replaces two items in one transaction, each conditional on its version where the subject checks versions. */
    Outcome transact2(String id1, long version1, String id2, long version2, Req req);

    /** An item as read. */
    record Snapshot(String id, String name, long count, long version) {
    }

    /** A write's outcome. */
    record Outcome(Kind kind, long version) {
        public static Outcome ok(long version) {
            return new Outcome(Kind.OK, version);
        }

        public boolean succeeded() {
            return kind == Kind.OK || kind == Kind.REPLAYED;
        }
    }

    /** What a write's outcome was. */
    enum Kind {
        /** Applied. */
        OK,
        /** Recognised as an earlier request's outcome (G4/G5). */
        REPLAYED,
        /** Another version than the expected one (412). */
        CONFLICT,
        /** A create found the item (409). */
        EXISTS,
        /** No such item. */
        NOT_FOUND,
        /** Powertools-style: the same key is still in progress. */
        IN_PROGRESS
    }

    /**
     * The request a write belongs to.
     *
     * @param token          the request token (gateway request id, or the key when present)
     * @param idempotencyKey the client's Idempotency-Key, or null
     * @param time           when the request arrived
     */
    record Req(String token, String idempotencyKey, java.time.Instant time) {
        /** A new request without Idempotency-Key. */
        public static Req fresh() {
            return new Req(java.util.UUID.randomUUID().toString(), null, java.time.Instant.now());
        }

        /** A new request with a new Idempotency-Key. */
        public static Req keyed() {
            return withKey(java.util.UUID.randomUUID().toString());
        }

        /** A request (possibly a client's retry) with the given Idempotency-Key. */
        public static Req withKey(String key) {
            return new Req(key, key, java.time.Instant.now());
        }
    }
}
