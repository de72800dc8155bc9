package io.consistentcrud.runtime.internal;

import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;
import software.amazon.awssdk.protocols.jsoncore.JsonWriter;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Converts between JSON documents and DynamoDB items.
 *
 * <p>Uses the SDK's own JSON core (already in the Lambda jar) rather than a second JSON library: numbers keep
 * their exact text, which is what DynamoDB's {@code N} type carries.
 */
public final class ItemJson {
    private ItemJson() {
    }

    /**
     * Converts a JSON object to a DynamoDB item, preserving number text exactly.
     *
     * @param object the JSON object's members
     * @return the item, members in the object's order
     */
    public static Map<String, AttributeValue> toItem(Map<String, JsonNode> object) {
        Map<String, AttributeValue> item = new LinkedHashMap<>();
        object.forEach((name, value) -> item.put(name, toAttributeValue(value)));
        return item;
    }

    /**
     * Converts one JSON value to an attribute value.
     *
     * @param node the JSON value
     * @return the attribute value: {@code NULL}, {@code BOOL}, {@code N} with the number's text, {@code S}, {@code L}
     *         or {@code M}
     */
    public static AttributeValue toAttributeValue(JsonNode node) {
        if (node.isNull()) {
            return AttributeValue.fromNul(true);
        } else if (node.isBoolean()) {
            return AttributeValue.fromBool(node.asBoolean());
        } else if (node.isNumber()) {
            return AttributeValue.fromN(node.asNumber());
        } else if (node.isString()) {
            return AttributeValue.fromS(node.asString());
        } else if (node.isArray()) {
            List<AttributeValue> list = new ArrayList<>();
            node.asArray().forEach(element -> list.add(toAttributeValue(element)));
            return AttributeValue.fromL(list);
        } else if (node.isObject()) {
            return AttributeValue.fromM(toItem(node.asObject()));
        }
        throw new IllegalArgumentException("unsupported JSON value");
    }

    /**
     * Writes an item as a JSON object, attributes in name order so answers are stable.
     *
     * @param writer the writer the object is written to
     * @param item the item
     */
    public static void writeItem(JsonWriter writer, Map<String, AttributeValue> item) {
        writer.writeStartObject();
        for (Map.Entry<String, AttributeValue> e : new TreeMap<>(item).entrySet()) {
            writer.writeFieldName(e.getKey());
            writeValue(writer, e.getValue());
        }
        writer.writeEndObject();
    }

    /**
     * Writes one attribute value as JSON: sets become arrays, binary becomes base64 text.
     *
     * @param writer the writer the value is written to
     * @param value the attribute value
     * @throws IllegalArgumentException for an attribute type without a JSON form
     */
    public static void writeValue(JsonWriter writer, AttributeValue value) {
        switch (value.type()) {
            case S -> writer.writeValue(value.s());
            case N -> writer.writeNumber(value.n());
            case BOOL -> writer.writeValue(value.bool());
            case NUL -> writer.writeNull();
            case B -> writer.writeValue(base64(value.b()));
            case SS -> {
                writer.writeStartArray();
                value.ss().forEach(writer::writeValue);
                writer.writeEndArray();
            }
            case NS -> {
                writer.writeStartArray();
                value.ns().forEach(writer::writeNumber);
                writer.writeEndArray();
            }
            case BS -> {
                writer.writeStartArray();
                value.bs().forEach(b -> writer.writeValue(base64(b)));
                writer.writeEndArray();
            }
            case L -> {
                writer.writeStartArray();
                value.l().forEach(v -> writeValue(writer, v));
                writer.writeEndArray();
            }
            case M -> writeItem(writer, value.m());
            default -> throw new IllegalArgumentException("unsupported attribute type " + value.type());
        }
    }

    private static String base64(SdkBytes bytes) {
        return Base64.getEncoder().encodeToString(bytes.asByteArray());
    }
}
