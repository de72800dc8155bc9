package io.consistentcrud.runtime;

import io.consistentcrud.runtime.internal.Hashing;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Who writes, when, under which request token, and until when the call may take (G4, G5, G7, G8).
 * Immutable; build with {@link #builder()}.
 *
 * <p>A write is the same as an earlier one only when its caller says so, with an {@link #idempotencyKey()}: the key's
 * record then answers every repeat for the key's window (24 h by default), from any invocation. Without a key each
 * call of the store is a write of its own, also when it is given a context an earlier call was given: the SDK's
 * retries and the store's re-sends of one call apply it once (G4), and nothing else is taken for them.
 */
public final class WriteContext {
    /** The caller identity of a request whose gateway named no caller (no authorizer). */
    public static final String ANONYMOUS = "anonymous";
    /** Longest Idempotency-Key accepted. */
    public static final int MAX_IDEMPOTENCY_KEY_LENGTH = 255;

    private final String requestToken;
    private final String idempotencyKey;
    private final String payloadFingerprint;
    private final String caller;
    private final Instant time;
    private final Instant deadline;
    private final boolean answerWithItem;

    private WriteContext(Builder b) {
        this.idempotencyKey = b.idempotencyKey;
        // The key, when present, is the request token: a client retry then derives the same ClientRequestTokens.
        this.requestToken = b.idempotencyKey != null ? b.idempotencyKey : b.requestToken;
        if (requestToken == null || requestToken.isEmpty()) {
            throw new IllegalArgumentException("requestToken must not be empty");
        }
        if (idempotencyKey != null) {
            if (idempotencyKey.isEmpty() || idempotencyKey.length() > MAX_IDEMPOTENCY_KEY_LENGTH) {
                throw new IllegalArgumentException("idempotencyKey must have 1 to " + MAX_IDEMPOTENCY_KEY_LENGTH
                        + " characters, got " + idempotencyKey.length());
            }
            if (b.payloadFingerprint != null && b.payloadFingerprint.isEmpty()) {
                throw new IllegalArgumentException("payloadFingerprint must not be empty");
            }
        }
        this.payloadFingerprint = b.payloadFingerprint;
        this.caller = b.caller == null ? ANONYMOUS : b.caller;
        this.time = Objects.requireNonNull(b.time, "time");
        this.deadline = Objects.requireNonNull(b.deadline, "deadline");
        this.answerWithItem = b.answerWithItem;
    }

    /**
     * A builder with the documented defaults.
     *
     * @return a builder with the documented defaults
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * A builder holding this instance's values.
     *
     * @return a builder holding this instance's values
     */
    public Builder toBuilder() {
        return new Builder().requestToken(requestToken).idempotencyKey(idempotencyKey)
                .payloadFingerprint(payloadFingerprint).caller(caller).time(time).deadline(deadline)
                .answerWithItem(answerWithItem);
    }

    /**
     * The fingerprint of a request's payload: hex SHA-256 over method, resource, key and body, each length-prefixed
     * so that no two different requests share a fingerprint by concatenation.
     *
     * @param method the HTTP method, e.g. {@code PUT}
     * @param resource the API Gateway resource the request addresses, e.g. {@code /orders/{id}}
     * @param key the item's key as in its path ({@code pk} or {@code pk/sk}); empty when the request names none
     * @param body the request body's bytes; empty or null for none
     * @return the fingerprint, 64 lowercase hex digits
     */
    public static String fingerprint(String method, String resource, String key, byte[] body) {
        return Hashing.fingerprint(method, resource, key, body);
    }

    /**
     * As {@link #fingerprint(String, String, String, byte[])}, with the request's preconditions (over HTTP
     * {@code If-Match} and {@code If-None-Match}): a repeat with other preconditions is another request, which its
     * key refuses ({@code IdempotencyKeyReused}) rather than answering the first request's outcome. Without
     * preconditions (empty) it equals the four-part fingerprint.
     *
     * @param method the HTTP method, e.g. {@code PUT}
     * @param resource the API Gateway resource the request addresses, e.g. {@code /orders/{id}}
     * @param key the item's key as in its path ({@code pk} or {@code pk/sk}); empty when the request names none
     * @param preconditions the request's preconditions in a canonical text form; empty for none
     * @param body the request body's bytes; empty or null for none
     * @return the fingerprint, 64 lowercase hex digits
     */
    public static String fingerprint(String method, String resource, String key, String preconditions, byte[] body) {
        return Hashing.fingerprint(method, resource, key, preconditions, body);
    }

    /**
     * The Idempotency-Key when present, otherwise the request token given (over HTTP the gateway's request id);
     * stamped into every item written. It names the request in the item; it makes no two writes one (the key does).
     *
     * @return the Idempotency-Key when present, otherwise the request token given
     */
    public String requestToken() {
        return requestToken;
    }

    /**
     * The key that makes this write the same as every earlier write of the {@link #caller()} with this key, if the
     * request carried one (G5): over HTTP the client's {@code Idempotency-Key}; in a function of one's own an id of
     * what is being done (a delivery, a message), which a retried invocation gives again.
     *
     * @return the key, if the write carries one
     */
    public Optional<String> idempotencyKey() {
        return Optional.ofNullable(idempotencyKey);
    }

    /**
     * See {@link #fingerprint}; null when the store fingerprints the write itself (with an Idempotency-Key and no
     * fingerprint given: the operation, entity, key and arguments of the write).
     *
     * @return the payload fingerprint, or null when the store makes it
     */
    public String payloadFingerprint() {
        return payloadFingerprint;
    }

    /**
     * The caller identity recorded in {@link Bookkeeping#CALLER}.
     *
     * @return the caller identity recorded in {@link Bookkeeping#CALLER}
     */
    public String caller() {
        return caller;
    }

    /**
     * The request's time, recorded in {@link Bookkeeping#AT}; the Idempotency-Key window starts here.
     *
     * @return the request's time, recorded in {@link Bookkeeping#AT}
     */
    public Instant time() {
        return time;
    }

    /**
     * No DynamoDB call of this write may run past this instant (the invocation's remaining time, G7).
     *
     * @return no DynamoDB call of this write may run past this instant (the invocation's remaining time, G7)
     */
    public Instant deadline() {
        return deadline;
    }

    /**
     * Whether the write's answer must hold the item as written (the default). False (over HTTP:
     * {@code Prefer: return=minimal}) lets the store skip the reads it makes only for the answer, one round trip
     * each: an increment without an expected version then answers its key and version 0 ("not known"), a
     * transaction's {@code INCREMENT} without an expected version the version 0, and a merge patch without nested
     * objects is written without reading the item first and answers its key and new version. Conditions and
     * guarantees are the same either way.
     *
     * @return true (the default) when the answer must hold the item; false for a minimal answer
     */
    public boolean answerWithItem() {
        return answerWithItem;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof WriteContext other && requestToken.equals(other.requestToken)
                && Objects.equals(idempotencyKey, other.idempotencyKey)
                && Objects.equals(payloadFingerprint, other.payloadFingerprint) && caller.equals(other.caller)
                && time.equals(other.time) && deadline.equals(other.deadline)
                && answerWithItem == other.answerWithItem;
    }

    @Override
    public int hashCode() {
        return Objects.hash(requestToken, idempotencyKey, payloadFingerprint, caller, time, deadline,
                answerWithItem);
    }

    @Override
    public String toString() {
        // The key and fingerprint are client secrets of a sort: never printed.
        return "WriteContext[requestToken=" + requestToken + ", caller=" + caller + ", time=" + time
                + ", deadline=" + deadline + ", idempotent=" + (idempotencyKey != null) + "]";
    }

    /** Builder of {@link WriteContext}. */
    public static final class Builder {
        private String requestToken;
        private String idempotencyKey;
        private String payloadFingerprint;
        private String caller;
        private Instant time;
        private Instant deadline;
        private boolean answerWithItem = true;

        private Builder() {
        }

        /**
         * Sets the request token.
         *
         * @param requestToken the gateway's request id, or an id of the invocation; stamped into the items written.
         *                     Ignored when an Idempotency-Key is given, which is then the token. Two calls with one
         *                     token are two writes: to make a retry the same write, give it an idempotency key
         * @return this builder
         */
        public Builder requestToken(String requestToken) {
            this.requestToken = requestToken;
            return this;
        }

        /**
         * Sets the idempotency key.
         *
         * @param idempotencyKey 1 to {@value WriteContext#MAX_IDEMPOTENCY_KEY_LENGTH} characters: every write of the
         *                       caller with this key, within the window, is this one write; scoped by the caller,
         *                       and refused on a write with another payload ({@code IdempotencyKeyReused}), so use
         *                       one key per logical write. Default none
         * @return this builder
         */
        public Builder idempotencyKey(String idempotencyKey) {
            this.idempotencyKey = idempotencyKey;
            return this;
        }

        /**
         * Sets the payload fingerprint.
         *
         * @param payloadFingerprint see {@link WriteContext#fingerprint}; what tells a repeat of the keyed request from
         *                           a reuse of its key. Default: the store fingerprints the write itself (operation,
         *                           entity, key and arguments); the HTTP handler gives the request's
         * @return this builder
         */
        public Builder payloadFingerprint(String payloadFingerprint) {
            this.payloadFingerprint = payloadFingerprint;
            return this;
        }

        /**
         * Sets caller identity; default {@value WriteContext#ANONYMOUS}.
         *
         * @param caller caller identity; default {@value WriteContext#ANONYMOUS}
         * @return this builder
         */
        public Builder caller(String caller) {
            this.caller = caller;
            return this;
        }

        /**
         * Sets the request's time.
         *
         * @param time the request's time
         * @return this builder
         */
        public Builder time(Instant time) {
            this.time = time;
            return this;
        }

        /**
         * Sets no DynamoDB call may run past it.
         *
         * @param deadline no DynamoDB call may run past it
         * @return this builder
         */
        public Builder deadline(Instant deadline) {
            this.deadline = deadline;
            return this;
        }

        /**
         * Sets see {@link WriteContext#answerWithItem()}; default true.
         *
         * @param answerWithItem see {@link WriteContext#answerWithItem()}; default true
         * @return this builder
         */
        public Builder answerWithItem(boolean answerWithItem) {
            this.answerWithItem = answerWithItem;
            return this;
        }

        /**
         * Builds the immutable instance, validating every value.
         *
         * @return builds the immutable instance, validating every value
         */
        public WriteContext build() {
            return new WriteContext(this);
        }
    }
}
