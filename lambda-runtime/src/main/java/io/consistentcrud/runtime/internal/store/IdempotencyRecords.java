package io.consistentcrud.runtime.internal.store;

import io.consistentcrud.contract.IdempotencyRecordSchema;
import io.consistentcrud.runtime.WriteContext;
import io.consistentcrud.runtime.internal.Expression;
import io.consistentcrud.runtime.internal.Hashing;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The persistence of Idempotency-Key records (G5), apart from the writes they record: the key's record, its put
 * (added to the write's own transaction by {@link TransactionalExecutor}), its read, and whether a record answers a
 * request as a replay or refuses it as a reuse of the key. The record's attributes are listed in
 * {@code docs/exactly-once.md}.
 */
public final class IdempotencyRecords {
    static final String FINGERPRINT = "fingerprint";

    private final DynamoDbCalls calls;

    /**
     * The records of the Idempotency-Key table the store is configured with.
     *
     * @param calls the calls the records are read and written with
     */
    public IdempotencyRecords(DynamoDbCalls calls) {
        this.calls = calls;
    }

    /**
     * The record of the context's Idempotency-Key. Keys are scoped by caller and by API (G5): one record per caller
     * and key across every entity, route and transaction of the API, so two callers never share an outcome, while
     * one caller's key reused on another entity or route meets its record and another fingerprint (422).
     */
    static String recordKey(WriteContext ctx) {
        return Hashing.idempotencyRecordKey(ctx.caller(), ctx.idempotencyKey().orElseThrow());
    }

    /** The payload's fingerprint, scoped by the caller like the record that holds it. */
    private static String scopedFingerprint(WriteContext ctx) {
        return Hashing.sha256Hex("fingerprint", ctx.caller(), ctx.payloadFingerprint());
    }

    /**
     * The put of the context's record: allowed when no record exists or the existing one has expired (TTL deletes
     * lazily, so an expired record may still be there; it must neither be replayed nor block the key).
     */
    ConditionalPut put(WriteContext ctx, RecordedOutcome outcome) {
        String table = requireTable();
        Map<String, AttributeValue> record = new LinkedHashMap<>(outcome.attributes());
        record.put(IdempotencyRecordSchema.PARTITION_KEY, AttributeValue.fromS(recordKey(ctx)));
        record.put(FINGERPRINT, AttributeValue.fromS(scopedFingerprint(ctx)));
        record.put(IdempotencyRecordSchema.EXPIRES_AT,
                Tombstones.number(ctx.time().plus(calls.options().idempotencyWindow()).getEpochSecond()));
        Stamp.onto(record, ctx);
        Expression x = new Expression();
        String condition = "attribute_not_exists(" + x.name(IdempotencyRecordSchema.PARTITION_KEY) + ") OR "
                + x.name(IdempotencyRecordSchema.EXPIRES_AT) + " <= " + x.value(Tombstones.number(now()));
        return new ConditionalPut(table, record, condition, x);
    }

    /** The context's live record: present and not expired (expiry checked here, as TTL deletion lags). */
    Optional<Map<String, AttributeValue>> read(WriteContext ctx) {
        return calls.getItem(requireTable(), Map.of(IdempotencyRecordSchema.PARTITION_KEY, AttributeValue.fromS(recordKey(ctx))),
                        true, ctx.deadline())
                .filter(r -> r.containsKey(IdempotencyRecordSchema.EXPIRES_AT)
                        && Long.parseLong(r.get(IdempotencyRecordSchema.EXPIRES_AT).n()) > now());
    }

    /** What a record answers the context's request: its outcome for the same payload, else a reuse of the key. */
    Outcome replayOrReused(Map<String, AttributeValue> record, WriteContext ctx) {
        AttributeValue fingerprint = record.get(FINGERPRINT);
        if (fingerprint == null || !fingerprint.s().equals(scopedFingerprint(ctx))) {
            return new Outcome.KeyReused();
        }
        calls.metrics().replay();
        return new Outcome.Replay(RecordedOutcome.from(record));
    }

    /**
     * The answer of the context's record before anything is read or written, if the key has a live record.
     *
     * @param ctx the request's context, with its Idempotency-Key and fingerprint
     * @return {@code Replay} of the recorded outcome, or {@code KeyReused} when the record is of another payload;
     *         empty when the key has no live record
     */
    public Optional<Outcome> answerBeforeWrite(WriteContext ctx) {
        requireTable();
        return read(ctx).map(record -> replayOrReused(record, ctx));
    }

    private long now() {
        return calls.clock().instant().getEpochSecond();
    }

    private String requireTable() {
        return calls.options().idempotencyTable().orElseThrow(() -> new IllegalStateException(
                "a write with an Idempotency-Key needs StoreOptions.idempotencyTable (CCA_IDEMPOTENCY_TABLE)"));
    }
}
