package io.consistentcrud.runtime;

import io.consistentcrud.runtime.internal.Hashing;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Who writes, when, under which request token, and until when the call may take (G4, G5, G7, G8).
 * Immutable; build with {@link #builder()}.
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
            if (b.payloadFingerprint == null || b.payloadFingerprint.isEmpty()) {
                throw new IllegalArgumentException("an idempotencyKey needs a payloadFingerprint");
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
     */
    public static String fingerprint(String method, String resource, String key, byte[] body) {
        return Hashing.fingerprint(method, resource, key, body);
    }

    /**
     * The Idempotency-Key when present, otherwise the gateway's request id; stamped into every item written.
     *
     * @return the Idempotency-Key when present, otherwise the gateway's request id
     */
    public String requestToken() {
        return requestToken;
    }

    /**
     * The client's Idempotency-Key, if the request carried one (G5).
     *
     * @return the client's Idempotency-Key, if the request carried one (G5)
     */
    public Optional<String> idempotencyKey() {
        return Optional.ofNullable(idempotencyKey);
    }

    /**
     * See {@link #fingerprint}; required with an Idempotency-Key.
     *
     * @return see {@link #fingerprint}
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
         * Sets the gateway's request id; ignored when an Idempotency-Key is given, which is then the token.
         *
         * @param requestToken the gateway's request id; ignored when an Idempotency-Key is given, which is then the
         *     token
         * @return this builder
         */
        public Builder requestToken(String requestToken) {
            this.requestToken = requestToken;
            return this;
        }

        /**
         * Sets the client's Idempotency-Key; default none.
         *
         * @param idempotencyKey the client's Idempotency-Key; default none
         * @return this builder
         */
        public Builder idempotencyKey(String idempotencyKey) {
            this.idempotencyKey = idempotencyKey;
            return this;
        }

        /**
         * Sets see {@link WriteContext#fingerprint}; required with an Idempotency-Key.
         *
         * @param payloadFingerprint see {@link WriteContext#fingerprint}; required with an Idempotency-Key
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
