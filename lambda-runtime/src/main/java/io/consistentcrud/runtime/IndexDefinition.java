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
    public IndexDefinition {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("index name must not be blank");
        }
        Objects.requireNonNull(partitionKey, "partitionKey");
        sortKey = sortKey == null ? Optional.empty() : sortKey;
    }
}
