package io.consistentcrud.runtime;

import java.util.Objects;
import java.util.Optional;

/**
 * A global secondary index of an entity's table: its name and keys. Index reads are never strongly consistent:
 * DynamoDB updates an index after the write that changed the item.
 *
 * @param name         the index's name
 * @param partitionKey the index's partition key
 * @param sortKey      the index's sort key, if it has one
 */
public record IndexDefinition(String name, KeyAttribute partitionKey, Optional<KeyAttribute> sortKey) {
    /**
     * Checks the members; a null sort key is taken as none.
     *
     * @param name         the index's name; not blank
     * @param partitionKey the index's partition key; not null
     * @param sortKey      the index's sort key, if it has one; null for none
     * @throws IllegalArgumentException when the name is null or blank
     * @throws NullPointerException     when the partition key is null
     */
    public IndexDefinition {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("index name must not be blank");
        }
        Objects.requireNonNull(partitionKey, "partitionKey");
        sortKey = sortKey == null ? Optional.empty() : sortKey;
    }
}
