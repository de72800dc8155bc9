package io.consistentcrud.runtime.http;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Estimates an item's size the way DynamoDB counts it against its 400 KB limit: attribute names plus values
 * (strings and binaries by their bytes, numbers by significant digits, containers with their per-element
 * overhead). Errs upward, so an item it accepts is one DynamoDB accepts.
 */
final class ItemSize {
    /** DynamoDB's item size limit: 400 KB. */
    static final int MAX_ITEM_BYTES = 400 * 1024;

    private ItemSize() {
    }

    /** The estimated stored size of the item, in bytes. */
    static long of(Map<String, AttributeValue> item) {
        long total = 0;
        for (Map.Entry<String, AttributeValue> e : item.entrySet()) {
            total += utf8(e.getKey()) + of(e.getValue());
        }
        return total;
    }

    private static long of(AttributeValue value) {
        return switch (value.type()) {
            case S -> utf8(value.s());
            case N -> number(value.n());
            case B -> value.b().asByteArray().length;
            case BOOL, NUL -> 1;
            case SS -> value.ss().stream().mapToLong(ItemSize::utf8).sum();
            case NS -> value.ns().stream().mapToLong(ItemSize::number).sum();
            case BS -> value.bs().stream().mapToLong(b -> b.asByteArray().length).sum();
            case L -> list(value.l());
            case M -> 3 + value.m().size() + of(value.m());
            default -> throw new IllegalArgumentException("unsupported attribute type " + value.type());
        };
    }

    private static long list(List<AttributeValue> values) {
        long total = 3 + values.size();
        for (AttributeValue v : values) {
            total += of(v);
        }
        return total;
    }

    private static long number(String text) {
        // One byte per two significant digits plus one; 21 bytes at most.
        long digits = text.chars().filter(Character::isDigit).count();
        return Math.min(21, (digits + 1) / 2 + 1);
    }

    private static long utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }
}
