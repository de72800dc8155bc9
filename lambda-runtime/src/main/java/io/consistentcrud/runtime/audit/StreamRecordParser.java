package io.consistentcrud.runtime.audit;

import io.consistentcrud.contract.ReservedAttributes;
import io.consistentcrud.runtime.Bookkeeping;
import io.consistentcrud.runtime.EntityDefinition;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Turns one DynamoDB stream record, as Lambda delivers it, into at most one {@link AuditEvent}.
 *
 * <p>The runtime deletes an item by putting its tombstone in its place (G2): a MODIFY to a tombstone is the
 * delete, stamped with the deleter in its new image; a MODIFY from a tombstone is the create of the item after it.
 * Records that are not business changes yield nothing: a MODIFY whose version did not move only re-stamps
 * bookkeeping (the delete prelude of earlier runtime versions), a REMOVE by DynamoDB's TTL process is an expiry,
 * not a caller's delete, and the removal of a tombstone removes no item.
 */
final class StreamRecordParser {
    /** Prefix of the runtime's bookkeeping attributes; never reported as changed client attributes. */
    static final String BOOKKEEPING_PREFIX = ReservedAttributes.PREFIX;
    static final String TOKEN = ReservedAttributes.TOKEN;
    static final String CALLER = ReservedAttributes.CALLER;
    static final String AT = ReservedAttributes.AT;
    static final String REDACTED = "***";

    private final Map<String, EntityDefinition> entitiesByTable;
    private final AuditOptions options;

    StreamRecordParser(Map<String, EntityDefinition> entitiesByTable, AuditOptions options) {
        this.entitiesByTable = Map.copyOf(entitiesByTable);
        this.options = options;
    }

    /**
     * @throws MalformedStreamRecordException when the record lacks what every record of our tables carries
     */
    Optional<AuditEvent> parse(JsonNode record) {
        Map<String, JsonNode> r = object(record, "record");
        String eventName = text(r, "eventName");
        EntityDefinition entity = entityOf(text(r, "eventSourceARN"));
        Map<String, JsonNode> ddb = object(r.get("dynamodb"), "dynamodb");
        String sequence = text(ddb, "SequenceNumber");
        Map<String, AttributeValue> keys = image(ddb.get("Keys"), "Keys");
        Map<String, AttributeValue> newImage = ddb.containsKey("NewImage") ? image(ddb.get("NewImage"), "NewImage") : Map.of();
        Map<String, AttributeValue> oldImage = ddb.containsKey("OldImage") ? image(ddb.get("OldImage"), "OldImage") : Map.of();
        boolean wasTombstone = Bookkeeping.isTombstone(oldImage);
        boolean isTombstone = Bookkeeping.isTombstone(newImage);
        AuditEvent.Type type = switch (eventName) {
            case "INSERT" -> AuditEvent.Type.CREATE;
            case "MODIFY" -> isTombstone ? AuditEvent.Type.DELETE
                    : wasTombstone ? AuditEvent.Type.CREATE : AuditEvent.Type.UPDATE;
            case "REMOVE" -> AuditEvent.Type.DELETE;
            default -> throw new MalformedStreamRecordException("unknown eventName '" + eventName + "'");
        };
        boolean removesNoItem = eventName.equals("REMOVE") && (isTimeToLiveExpiry(r) || wasTombstone);
        if (removesNoItem || eventName.equals("INSERT") && isTombstone || wasTombstone && isTombstone) {
            return Optional.empty();
        }
        long oldVersion = wasTombstone ? 0 : version(entity, oldImage);
        long newVersion = isTombstone ? 0 : version(entity, newImage);
        if (type == AuditEvent.Type.UPDATE && oldVersion == newVersion) {
            return Optional.empty();
        }
        // The writer's stamp is on the new image; a REMOVE (an item deleted by an earlier runtime version, which
        // stamped it just before) carries only the old one.
        Map<String, AttributeValue> stamped = eventName.equals("REMOVE") ? oldImage : newImage;
        List<String> changed = changedAttributes(entity, oldImage, newImage);
        Map<String, AttributeValue> values = new LinkedHashMap<>();
        if (options.includeValues() && type != AuditEvent.Type.DELETE) {
            for (String name : changed) {
                AttributeValue value = newImage.get(name);
                if (value != null) {
                    values.put(name, options.redacted().contains(name) ? AttributeValue.fromS(REDACTED) : value);
                }
            }
        }
        return Optional.of(new AuditEvent(entity.name(), keys, type, oldVersion, newVersion,
                stringOrNull(stamped.get(TOKEN)), stringOrNull(stamped.get(CALLER)), stringOrNull(stamped.get(AT)),
                changed, values, sequence));
    }

    private EntityDefinition entityOf(String eventSourceArn) {
        // arn:aws:dynamodb:region:account:table/NAME/stream/LABEL
        int start = eventSourceArn.indexOf(":table/");
        if (start < 0) {
            throw new MalformedStreamRecordException("eventSourceARN is not a DynamoDB stream ARN");
        }
        String rest = eventSourceArn.substring(start + ":table/".length());
        int end = rest.indexOf('/');
        String table = end < 0 ? rest : rest.substring(0, end);
        EntityDefinition entity = entitiesByTable.get(table);
        if (entity == null) {
            throw new MalformedStreamRecordException("the record's table is not one of the API's entities");
        }
        return entity;
    }

    private static boolean isTimeToLiveExpiry(Map<String, JsonNode> record) {
        JsonNode identity = record.get("userIdentity");
        return identity != null && identity.isObject()
                && identity.field("principalId").filter(JsonNode::isString)
                .map(p -> p.asString().equals("dynamodb.amazonaws.com")).orElse(false);
    }

    private static List<String> changedAttributes(EntityDefinition entity, Map<String, AttributeValue> oldImage,
                                                  Map<String, AttributeValue> newImage) {
        Set<String> names = new TreeSet<>();
        names.addAll(oldImage.keySet());
        names.addAll(newImage.keySet());
        List<String> changed = new ArrayList<>();
        for (String name : names) {
            if (name.startsWith(BOOKKEEPING_PREFIX) || name.equals(entity.versionAttribute()) || isKey(entity, name)) {
                continue;
            }
            AttributeValue before = oldImage.get(name);
            AttributeValue after = newImage.get(name);
            if (before == null ? after != null : !before.equals(after)) {
                changed.add(name);
            }
        }
        return changed;
    }

    private static boolean isKey(EntityDefinition entity, String name) {
        return entity.partitionKey().name().equals(name)
                || entity.sortKey().map(sk -> sk.name().equals(name)).orElse(false);
    }

    private static long version(EntityDefinition entity, Map<String, AttributeValue> image) {
        AttributeValue v = image.get(entity.versionAttribute());
        if (v == null) {
            return 0;
        }
        if (v.n() == null) {
            throw new MalformedStreamRecordException("the version attribute is not a number");
        }
        try {
            return Long.parseLong(v.n());
        } catch (NumberFormatException e) {
            throw new MalformedStreamRecordException("the version attribute is not an integer");
        }
    }

    private static String stringOrNull(AttributeValue value) {
        return value == null ? null : value.s();
    }

    private static Map<String, JsonNode> object(JsonNode node, String what) {
        if (node == null || !node.isObject()) {
            throw new MalformedStreamRecordException(what + " is not an object");
        }
        return node.asObject();
    }

    private static String text(Map<String, JsonNode> object, String field) {
        JsonNode node = object.get(field);
        if (node == null || !node.isString()) {
            throw new MalformedStreamRecordException(field + " is missing");
        }
        return node.asString();
    }

    private static Map<String, AttributeValue> image(JsonNode node, String what) {
        Map<String, AttributeValue> image = new LinkedHashMap<>();
        object(node, what).forEach((name, value) -> image.put(name, attributeValue(value)));
        return image;
    }

    /** Reads one value in DynamoDB's JSON form, e.g. {@code {"S":"x"}} or {@code {"M":{...}}}. */
    static AttributeValue attributeValue(JsonNode node) {
        Map<String, JsonNode> typed = object(node, "attribute value");
        if (typed.size() != 1) {
            throw new MalformedStreamRecordException("an attribute value must have exactly one type");
        }
        Map.Entry<String, JsonNode> e = typed.entrySet().iterator().next();
        JsonNode v = e.getValue();
        return switch (e.getKey()) {
            case "S" -> AttributeValue.fromS(v.asString());
            case "N" -> AttributeValue.fromN(v.asString());
            case "B" -> AttributeValue.fromB(SdkBytes.fromByteArray(Base64.getDecoder().decode(v.asString())));
            case "BOOL" -> AttributeValue.fromBool(v.asBoolean());
            case "NULL" -> AttributeValue.fromNul(true);
            case "SS" -> AttributeValue.fromSs(v.asArray().stream().map(JsonNode::asString).toList());
            case "NS" -> AttributeValue.fromNs(v.asArray().stream().map(JsonNode::asString).toList());
            case "BS" -> AttributeValue.fromBs(v.asArray().stream()
                    .map(b -> SdkBytes.fromByteArray(Base64.getDecoder().decode(b.asString()))).toList());
            case "L" -> AttributeValue.fromL(v.asArray().stream().map(StreamRecordParser::attributeValue).toList());
            case "M" -> {
                Map<String, AttributeValue> m = new LinkedHashMap<>();
                object(v, "map").forEach((k, x) -> m.put(k, attributeValue(x)));
                yield AttributeValue.fromM(m);
            }
            default -> throw new MalformedStreamRecordException("unknown attribute type '" + e.getKey() + "'");
        };
    }
}
