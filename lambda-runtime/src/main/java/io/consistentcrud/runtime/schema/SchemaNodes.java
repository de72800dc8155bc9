package io.consistentcrud.runtime.schema;

import dev.harrel.jsonschema.JsonNode;
import dev.harrel.jsonschema.JsonNodeFactory;
import dev.harrel.jsonschema.SimpleType;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The validator's view of the two kinds of JSON the runtime holds: the SDK's JSON tree (the schema, as the entities
 * document carries it) and DynamoDB values (the items). Adapting them directly spares the runtime a JSON library of
 * the validator's choosing and a conversion of every item.
 */
final class SchemaNodes implements JsonNodeFactory {

    static JsonNode schema(software.amazon.awssdk.protocols.jsoncore.JsonNode node) {
        return new Sdk(node, "");
    }

    static JsonNode item(Map<String, AttributeValue> item) {
        return new Item(AttributeValue.fromM(item), "");
    }

    @Override
    public JsonNode wrap(Object node) {
        if (node instanceof JsonNode n) {
            return n;
        }
        if (node instanceof software.amazon.awssdk.protocols.jsoncore.JsonNode n) {
            return new Sdk(n, "");
        }
        if (node instanceof AttributeValue v) {
            return new Item(v, "");
        }
        throw new IllegalArgumentException("not a JSON node: " + (node == null ? null : node.getClass()));
    }

    @Override
    public JsonNode create(String json) {
        return new Sdk(software.amazon.awssdk.protocols.jsoncore.JsonNode.parser().parse(json), "");
    }

    /** The JSON pointer (RFC 6901) of a member of the value at {@code pointer}. */
    static String child(String pointer, String name) {
        return pointer + "/" + name.replace("~", "~0").replace("/", "~1");
    }

    private static SimpleType numberType(BigDecimal n) {
        return n.signum() == 0 || n.stripTrailingZeros().scale() <= 0 ? SimpleType.INTEGER : SimpleType.NUMBER;
    }

    /** A node of the SDK's JSON tree. */
    private record Sdk(software.amazon.awssdk.protocols.jsoncore.JsonNode node, String pointer) implements JsonNode {
        @Override
        public String getJsonPointer() {
            return pointer;
        }

        @Override
        public SimpleType getNodeType() {
            if (node.isNull()) {
                return SimpleType.NULL;
            }
            if (node.isBoolean()) {
                return SimpleType.BOOLEAN;
            }
            if (node.isString()) {
                return SimpleType.STRING;
            }
            if (node.isNumber()) {
                return numberType(asNumber());
            }
            return node.isArray() ? SimpleType.ARRAY : SimpleType.OBJECT;
        }

        @Override
        public boolean asBoolean() {
            return node.asBoolean();
        }

        @Override
        public String asString() {
            return node.asString();
        }

        @Override
        public BigInteger asInteger() {
            return asNumber().toBigInteger();
        }

        @Override
        public BigDecimal asNumber() {
            return new BigDecimal(node.asNumber());
        }

        @Override
        public List<JsonNode> asArray() {
            List<JsonNode> out = new ArrayList<>();
            List<software.amazon.awssdk.protocols.jsoncore.JsonNode> elements = node.asArray();
            for (int i = 0; i < elements.size(); i++) {
                out.add(new Sdk(elements.get(i), pointer + "/" + i));
            }
            return out;
        }

        @Override
        public Map<String, JsonNode> asObject() {
            Map<String, JsonNode> out = new LinkedHashMap<>();
            node.asObject().forEach((k, v) -> out.put(k, new Sdk(v, child(pointer, k))));
            return out;
        }
    }

    /** A DynamoDB value; sets read as arrays, binary as its base64 text. */
    private record Item(AttributeValue value, String pointer) implements JsonNode {
        @Override
        public String getJsonPointer() {
            return pointer;
        }

        @Override
        public SimpleType getNodeType() {
            return switch (value.type()) {
                case NUL -> SimpleType.NULL;
                case BOOL -> SimpleType.BOOLEAN;
                case S, B -> SimpleType.STRING;
                case N -> numberType(asNumber());
                case M -> SimpleType.OBJECT;
                default -> SimpleType.ARRAY;
            };
        }

        @Override
        public boolean asBoolean() {
            return value.bool();
        }

        @Override
        public String asString() {
            return value.s() != null ? value.s() : java.util.Base64.getEncoder().encodeToString(value.b().asByteArray());
        }

        @Override
        public BigInteger asInteger() {
            return asNumber().toBigInteger();
        }

        @Override
        public BigDecimal asNumber() {
            return new BigDecimal(value.n());
        }

        @Override
        public List<JsonNode> asArray() {
            List<AttributeValue> elements = switch (value.type()) {
                case L -> value.l();
                case SS -> value.ss().stream().map(AttributeValue::fromS).toList();
                case NS -> value.ns().stream().map(AttributeValue::fromN).toList();
                case BS -> value.bs().stream().map(AttributeValue::fromB).toList();
                default -> List.of();
            };
            List<JsonNode> out = new ArrayList<>();
            for (int i = 0; i < elements.size(); i++) {
                out.add(new Item(elements.get(i), pointer + "/" + i));
            }
            return out;
        }

        @Override
        public Map<String, JsonNode> asObject() {
            Map<String, JsonNode> out = new LinkedHashMap<>();
            value.m().forEach((k, v) -> out.put(k, new Item(v, child(pointer, k))));
            return out;
        }
    }
}
