package io.consistentcrud.runtime.audit;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * One change of one item, as the audit trail records it: who changed which item, when, through which request.
 *
 * @param entity            the entity's name
 * @param key               the item's key attributes
 * @param type              what happened
 * @param oldVersion        the version before the change; 0 for a create
 * @param newVersion        the version after the change; 0 for a delete
 * @param requestToken      the request token of the write (the Idempotency-Key or the gateway request id)
 * @param caller            the caller's identity as the gateway saw it
 * @param time              when the runtime made the write (ISO-8601)
 * @param changedAttributes names of the client attributes that changed, sorted
 * @param values            the changed attributes' new values when values are included (redacted ones masked), else empty
 * @param sequenceNumber    the stream record's sequence number
 */
public record AuditEvent(String entity, Map<String, AttributeValue> key, Type type, long oldVersion, long newVersion,
                         String requestToken, String caller, String time, List<String> changedAttributes,
                         Map<String, AttributeValue> values, String sequenceNumber) {

    /** What a write did to the item. */
    public enum Type {
        /** The item was created. */ CREATE,
        /** The item was replaced, patched or incremented. */ UPDATE,
        /** The item was deleted. */ DELETE
    }

    /**
     * Copies the key, the changed attributes and the values, so the event cannot change after it was made.
     *
     * @param entity the entity's name
     * @param key the item's key attributes
     * @param type what happened
     * @param oldVersion the version before the change; 0 for a create
     * @param newVersion the version after the change; 0 for a delete
     * @param requestToken the request token of the write (the Idempotency-Key or the gateway request id)
     * @param caller the caller's identity as the gateway saw it
     * @param time when the runtime made the write (ISO-8601)
     * @param changedAttributes names of the client attributes that changed, sorted
     * @param values the changed attributes' new values when values are included (redacted ones masked), else empty
     * @param sequenceNumber the stream record's sequence number
     */
    public AuditEvent {
        key = Collections.unmodifiableMap(new LinkedHashMap<>(key));
        changedAttributes = List.copyOf(changedAttributes);
        values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }
}
