package io.consistentcrud.runtime.internal.store;

import io.consistentcrud.runtime.WriteResult;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The outcome an Idempotency-Key record holds, replayed to a repeat of the request (G5).
 *
 * @param kind       what the first request did
 * @param version    the item's version after it (for a delete: the deleted version; 0 for a transaction)
 * @param resourceId the item's key as in a path ({@code pk} or {@code pk/sk}); empty for a transaction
 * @param versions   for a transaction: each operation's version after it; empty otherwise
 */
public record RecordedOutcome(Kind kind, long version, String resourceId, List<Long> versions) {
    /** What a recorded request did; stored by name. */
    public enum Kind {
        /** A create. */ CREATED,
        /** A replace, merge or increment. */ UPDATED,
        /** A delete. */ DELETED,
        /** A transaction. */ COMMITTED
    }

    static final String OUTCOME = "outcome";
    static final String VERSION = "version";
    static final String VERSIONS = "versions";
    static final String RESOURCE = "resourceId";
    /**
     * The outcome as records written before the outcome kind was stored hold it: the HTTP status the first request
     * answered (201, 200 or 204). Read, so that keys recorded by an earlier runtime keep replaying; and still written
     * beside {@link #OUTCOME}, so that a deployment rolled back to that runtime replays the keys this one recorded
     * (it needs the attribute). The store chooses no status with it: the value follows from the kind alone. Stop
     * writing it once no runtime that needs it can run within an idempotency window of a deployment.
     */
    static final String LEGACY_STATUS = "status";

    /**
     * Copies the versions, so the outcome cannot change after it was made.
     *
     * @param kind what the first request did
     * @param version the item's version after it (for a delete: the deleted version; 0 for a transaction)
     * @param resourceId the item's key as in a path ({@code pk} or {@code pk/sk}); empty for a transaction
     * @param versions for a transaction: each operation's version after it; empty otherwise
     */
    public RecordedOutcome {
        versions = List.copyOf(versions);
    }

    /**
     * The outcome of a single-item write.
     *
     * @param kind what the write did
     * @param version the item's version after it (for a delete: the deleted version)
     * @param resourceId the item's key as in a path
     * @return the outcome
     */
    public static RecordedOutcome of(Kind kind, long version, String resourceId) {
        return new RecordedOutcome(kind, version, resourceId, List.of());
    }

    /**
     * The outcome of a transaction.
     *
     * @param versions each operation's version after the transaction, in order
     * @return the outcome
     */
    public static RecordedOutcome committed(List<Long> versions) {
        return new RecordedOutcome(Kind.COMMITTED, 0, "", versions);
    }

    /**
     * The single-item write's answer to a repeat.
     *
     * @return the replayed answer: the kind, version and resource id the first request answered
     */
    public WriteResult.Replayed replayed() {
        WriteResult.ReplayedOutcome outcome = switch (kind) {
            case CREATED -> WriteResult.ReplayedOutcome.CREATED;
            case DELETED -> WriteResult.ReplayedOutcome.DELETED;
            // A transaction's record answers a single write only when their fingerprints match, which they never do.
            case UPDATED, COMMITTED -> WriteResult.ReplayedOutcome.UPDATED;
        };
        return new WriteResult.Replayed(outcome, version, resourceId);
    }

    Map<String, AttributeValue> attributes() {
        Map<String, AttributeValue> record = new LinkedHashMap<>();
        record.put(OUTCOME, AttributeValue.fromS(kind.name()));
        record.put(LEGACY_STATUS, AttributeValue.fromN(switch (kind) {
            case CREATED -> "201";
            case DELETED -> "204";
            case UPDATED, COMMITTED -> "200";
        }));
        record.put(VERSION, Tombstones.number(version));
        record.put(RESOURCE, AttributeValue.fromS(resourceId));
        if (kind == Kind.COMMITTED) {
            List<AttributeValue> recorded = new ArrayList<>();
            versions.forEach(v -> recorded.add(Tombstones.number(v)));
            record.put(VERSIONS, AttributeValue.fromL(recorded));
        }
        return record;
    }

    /** The outcome a stored record holds, in the current form or the legacy one ({@link #LEGACY_STATUS}). */
    static RecordedOutcome from(Map<String, AttributeValue> record) {
        List<Long> versions = new ArrayList<>();
        AttributeValue list = record.get(VERSIONS);
        if (list != null && list.hasL()) {
            list.l().forEach(v -> versions.add(Long.parseLong(v.n())));
        }
        AttributeValue outcome = record.get(OUTCOME);
        Kind kind = outcome != null ? Kind.valueOf(outcome.s()) : legacyKind(record, list != null);
        return new RecordedOutcome(kind, Long.parseLong(record.get(VERSION).n()), record.get(RESOURCE).s(), versions);
    }

    private static Kind legacyKind(Map<String, AttributeValue> record, boolean transaction) {
        if (transaction) {
            return Kind.COMMITTED;
        }
        return switch (record.get(LEGACY_STATUS).n()) {
            case "201" -> Kind.CREATED;
            case "204" -> Kind.DELETED;
            default -> Kind.UPDATED;
        };
    }
}
