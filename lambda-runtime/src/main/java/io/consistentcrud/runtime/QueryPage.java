package io.consistentcrud.runtime;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * One page of a partition query (consistent unless the entity opted out) or of an index query (eventually
 * consistent).
 *
 * @param items            the page's items in sort-key order (reversed when asked), bookkeeping included
 * @param lastEvaluatedKey where the next page starts; empty when this is the last page
 */
public record QueryPage(List<VersionedItem> items, Optional<Map<String, AttributeValue>> lastEvaluatedKey) {
    /**
     * Copies both members, so the page cannot change after it was made.
     *
     * @param items the page's items in sort-key order, bookkeeping included
     * @param lastEvaluatedKey where the next page starts; empty when this is the last page
     */
    public QueryPage {
        items = List.copyOf(items);
        lastEvaluatedKey = lastEvaluatedKey.map(k -> Collections.unmodifiableMap(new LinkedHashMap<>(k)));
    }
}
