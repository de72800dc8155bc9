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
    /**
     * Checks the members; a null sort condition is taken as none.
     *
     * @param index             the index; not null
     * @param partitionKey      the value of the index's partition key; not null
     * @param sortCondition     the condition on the index's sort key, if any; null for none
     * @param descending        whether the page runs in reverse sort-key order
     * @param limit             most items DynamoDB reads for the page (1 to 1000)
     * @param exclusiveStartKey the previous page's {@link QueryPage#lastEvaluatedKey()}, or null for the first page
     * @throws IllegalArgumentException when there is a sort condition but the index has no sort key, or the limit
     *                                  is outside 1 to 1000
     * @throws NullPointerException     when the index or the partition key is null
     */
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
        /**
         * Checks the members: an upper bound is required for {@link Operator#BETWEEN} and refused for any other
         * operator.
         *
         * @param operator the comparison; not null
         * @param value    the value compared with; the lower bound of {@link Operator#BETWEEN}; not null
         * @param upper    the upper bound of {@link Operator#BETWEEN} (included); null otherwise
         * @throws IllegalArgumentException when an upper bound is given without {@code BETWEEN}, or missing with it
         * @throws NullPointerException     when the operator or the value is null
         */
        public SortCondition {
            Objects.requireNonNull(operator, "operator");
            Objects.requireNonNull(value, "value");
            if ((operator == Operator.BETWEEN) != (upper != null)) {
                throw new IllegalArgumentException("an upper bound goes with BETWEEN and only with it");
            }
        }

        /** The comparisons of a key condition. */
        public enum Operator {
            /** The sort key equals the value ({@code =}). */ EQ("="),
            /** The sort key is less than the value ({@code <}). */ LT("<"),
            /** The sort key is less than or equal to the value ({@code <=}). */ LE("<="),
            /** The sort key is greater than the value ({@code >}). */ GT(">"),
            /** The sort key is greater than or equal to the value ({@code >=}). */ GE(">="),
            /** The sort key starts with the value ({@code begins_with}; strings and binaries only). */
            BEGINS_WITH(null),
            /** The sort key lies between the value and the upper bound, both included ({@code BETWEEN}). */
            BETWEEN(null);

            private final String symbol;

            Operator(String symbol) {
                this.symbol = symbol;
            }

            /**
             * The comparison's symbol in a key condition expression.
             *
             * @return the symbol, e.g. {@code <=}; null for the function ({@link #BEGINS_WITH}) and the range
             *         ({@link #BETWEEN})
             */
            public String symbol() {
                return symbol;
            }
        }
    }
}
