package io.consistentcrud.runtime.internal.store;

import java.util.UUID;

/**
 * The tokens that tell one write's repeats from every other write: a transaction's {@code ClientRequestToken} and a
 * create's creation token. Each is drawn fresh for one request (122 random bits from {@code SecureRandom}, which
 * Lambda keeps unique across execution environments restored from one SnapStart snapshot), so the SDK's retries and
 * the store's re-sends of that request share it and no other write does: not another call with the same
 * {@link io.consistentcrud.runtime.WriteContext}, nor a later invocation. A write repeated by a new call is
 * recognised by its Idempotency-Key's record alone.
 */
final class WriteTokens {
    private WriteTokens() {
    }

    /** A new token of 32 hex characters (DynamoDB accepts ClientRequestTokens of 1 to 36). */
    static String fresh() {
        UUID uuid = UUID.randomUUID();
        return String.format("%016x%016x", uuid.getMostSignificantBits(), uuid.getLeastSignificantBits());
    }
}
