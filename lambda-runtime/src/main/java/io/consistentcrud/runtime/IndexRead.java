package io.consistentcrud.runtime;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * One page of an index query: the items whose index partition key equals a value, optionally narrowed by a
 * condition on the index's sort key, in sort-key order or reversed.
 *
 * @param index             the index
 * @param partitionKey      the value of the index's partition key
 * @param sortCondition     the condition on the index's sort key, if any
 * @param descending        whether the page runs in reverse sort-key order
 * @param limit             most items DynamoDB reads for the page (1 to 1000); deleted items among them are left
 *                          out, so a page may hold fewer and still have a next one
 * @param exclusiveStartKey the previous page's {@link QueryPage#lastEvaluatedKey()}, or null for the first page
 */
public record IndexRead(IndexDefinition index, AttributeValue partitionKey, Optional<SortCondition> sortCondition,
                        boolean descending, int limit, Map<String, AttributeValue> exclusiveStartKey) {
    public IndexRead {
        Objects.requireNonNull(index, "index");
        Objects.requireNonNull(partitionKey, "partitionKey");
        sortCondition = sortCondition == null ? Optional.empty() : sortCondition;
        if (sortCondition.isPresent() && index.sortKey().isEmpty()) {
            throw new IllegalArgumentException("index " + index.name() + " has no sort key to put a condition on");
        }
        if (limit < 1 || limit > 1000) {
            throw new IllegalArgumentException("limit must be 1 to 1000, got " + limit);
        }
    }

    /**
     * A condition on an index's sort key, as DynamoDB's key conditions have them.
     *
     * @param operator the comparison
     * @param value    the value compared with; the lower bound of {@link Operator#BETWEEN}
     * @param upper    the upper bound of {@link Operator#BETWEEN} (included); null otherwise
     */
    public record SortCondition(Operator operator, AttributeValue value, AttributeValue upper) {
        public SortCondition {
            Objects.requireNonNull(operator, "operator");
            Objects.requireNonNull(value, "value");
            if ((operator == Operator.BETWEEN) != (upper != null)) {
                throw new IllegalArgumentException("an upper bound goes with BETWEEN and only with it");
            }
        }

        /** The comparisons of a key condition. */
        public enum Operator {
            EQ("="), LT("<"), LE("<="), GT(">"), GE(">="), BEGINS_WITH(null), BETWEEN(null);

            private final String symbol;

            Operator(String symbol) {
                this.symbol = symbol;
            }

            /** The comparison's symbol in a key condition expression; null for the function and the range. */
            public String symbol() {
                return symbol;
            }
        }
    }
}
