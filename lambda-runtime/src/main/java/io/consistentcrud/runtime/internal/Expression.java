package io.consistentcrud.runtime.internal;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Placeholders for one DynamoDB request: every attribute name becomes {@code #aN} and every value {@code :vN},
 * so no client text is ever spliced into an expression.
 */
public final class Expression {
    private final Map<String, String> placeholderByName = new HashMap<>();
    private final Map<String, String> names = new LinkedHashMap<>();
    private final Map<String, AttributeValue> values = new LinkedHashMap<>();

    /**
     * The placeholder of an attribute name; the same name always gets the same placeholder.
     *
     * @param attributeName the attribute's name as stored
     * @return the placeholder ({@code #a0}, {@code #a1}, ...) to use in the expression text
     */
    public String name(String attributeName) {
        String placeholder = placeholderByName.get(attributeName);
        if (placeholder == null) {
            placeholder = "#a" + names.size();
            placeholderByName.put(attributeName, placeholder);
            names.put(placeholder, attributeName);
        }
        return placeholder;
    }

    /**
     * A fresh placeholder for a value.
     *
     * @param value the value the expression uses
     * @return the new placeholder ({@code :v0}, {@code :v1}, ...) to use in the expression text
     */
    public String value(AttributeValue value) {
        String placeholder = ":v" + values.size();
        values.put(placeholder, value);
        return placeholder;
    }

    /**
     * Expression attribute names, or null when none (DynamoDB rejects an empty map).
     *
     * @return placeholder to attribute name, or null
     */
    public Map<String, String> names() {
        return names.isEmpty() ? null : names;
    }

    /**
     * Expression attribute values, or null when none (DynamoDB rejects an empty map).
     *
     * @return placeholder to value, or null
     */
    public Map<String, AttributeValue> values() {
        return values.isEmpty() ? null : values;
    }
}
