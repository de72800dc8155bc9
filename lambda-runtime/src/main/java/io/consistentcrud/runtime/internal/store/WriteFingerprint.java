package io.consistentcrud.runtime.internal.store;

import io.consistentcrud.runtime.EntityDefinition;
import io.consistentcrud.runtime.TransactionOperation;
import io.consistentcrud.runtime.WriteContext;
import io.consistentcrud.runtime.internal.Hashing;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Supplier;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The payload fingerprint of a keyed store write whose caller gave none (a function of its own, not the HTTP
 * handler): the operation, the entity, the item's key and every argument that changes what is written, in a
 * canonical text (map members and set elements sorted, each part length-prefixed), so that the same write repeated
 * by a new invocation — its maps built in another order — matches its record, and any other write with the key
 * (another quantity, item, entity or operation) meets the record with another fingerprint: a reuse of the key, which
 * writes nothing (G5).
 */
public final class WriteFingerprint {
    private final StringBuilder text = new StringBuilder("store-write");

    private WriteFingerprint(String operation) {
        part(operation);
    }

    /**
     * {@code ctx} with the fingerprint of the write {@code fingerprint} describes, when it is keyed without one.
     *
     * @param ctx the request's context
     * @param fingerprint describes the write; called only when the fingerprint is needed
     * @return {@code ctx} itself when it has no Idempotency-Key or already a fingerprint, else a copy with the
     *         fingerprint
     */
    public static WriteContext complete(WriteContext ctx, Supplier<WriteFingerprint> fingerprint) {
        if (ctx.idempotencyKey().isEmpty() || ctx.payloadFingerprint() != null) {
            return ctx;
        }
        return ctx.toBuilder().payloadFingerprint(Hashing.sha256Hex(fingerprint.get().text.toString())).build();
    }

    /**
     * A write of one kind on one entity; add its key and arguments.
     *
     * @param operation the write's kind, e.g. {@code replace}
     * @param entity the entity written
     * @return the fingerprint's start
     */
    public static WriteFingerprint of(String operation, EntityDefinition entity) {
        return new WriteFingerprint(operation).part(entity.name());
    }

    /**
     * Every operation of a transaction, in order.
     *
     * @param operations the transaction's operations
     * @return the fingerprint of the whole transaction
     */
    public static WriteFingerprint transaction(List<TransactionOperation> operations) {
        WriteFingerprint all = new WriteFingerprint("transact").part("O" + operations.size());
        for (TransactionOperation op : operations) {
            all.part(op.kind().name()).part(op.entity().name()).item(op.key())
                    .item(op.item() == null ? Map.of() : op.item())
                    .numbers(op.deltas()).numbers(op.bounds()).version(op.expectedVersion());
        }
        return all;
    }

    /**
     * A map of attributes (a key, an item, a patch), its members in name order.
     *
     * @param attributes the attributes
     * @return this fingerprint
     */
    public WriteFingerprint item(Map<String, AttributeValue> attributes) {
        part("M" + attributes.size());
        new TreeMap<>(attributes).forEach((name, value) -> part(name).value(value));
        return this;
    }

    /**
     * Attribute names (what a merge removes), in order.
     *
     * @param names the names
     * @return this fingerprint
     */
    public WriteFingerprint names(Collection<String> names) {
        part("N" + names.size());
        new TreeSet<>(names).forEach(this::part);
        return this;
    }

    /**
     * Deltas or bounds: attribute name to decimal text, in name order.
     *
     * @param numbers attribute name to decimal text
     * @return this fingerprint
     */
    public WriteFingerprint numbers(Map<String, String> numbers) {
        part("D" + numbers.size());
        new TreeMap<>(numbers).forEach((name, number) -> part(name).part(number));
        return this;
    }

    /**
     * The expected version, or none.
     *
     * @param expected the expected version; empty for none
     * @return this fingerprint
     */
    public WriteFingerprint version(OptionalLong expected) {
        return part(expected.isPresent() ? "v" + expected.getAsLong() : "v-");
    }

    private WriteFingerprint value(AttributeValue v) {
        switch (v.type()) {
            case S -> part("S").part(v.s());
            case N -> part("N").part(v.n());
            case B -> part("B").part(bytes(v.b()));
            case BOOL -> part(v.bool() ? "true" : "false");
            case NUL -> part("NULL");
            case SS -> set("SS", v.ss());
            case NS -> set("NS", v.ns());
            case BS -> set("BS", v.bs().stream().map(WriteFingerprint::bytes).toList());
            case L -> {
                part("L" + v.l().size());
                v.l().forEach(this::value);
            }
            case M -> item(v.m());
            default -> throw new IllegalArgumentException("an attribute value of unknown type: " + v);
        }
        return this;
    }

    private void set(String type, List<String> elements) {
        List<String> sorted = new ArrayList<>(new TreeSet<>(elements));
        part(type + sorted.size());
        sorted.forEach(this::part);
    }

    private static String bytes(SdkBytes bytes) {
        return Base64.getEncoder().encodeToString(bytes.asByteArray());
    }

    private WriteFingerprint part(String part) {
        text.append('|').append(part.length()).append(':').append(part);
        return this;
    }
}
