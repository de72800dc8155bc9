package io.consistentcrud.contract;

import java.util.List;

/**
 * The index route, {@code GET /E?index=<name>&partition=<value>[&sort.<op>=...][&order=desc][&limit=n][&cursor=c]}:
 * its query parameters and the header of its answer. The construct declares the parameters on the collection's
 * {@code GET} method, the runtime parses them, docs/http-api.md describes them.
 *
 * <p>The route lives on the collection resource {@code /E} and is told apart by its query string, so it can never
 * be mistaken for an item: an item's path always has at least one more segment, whatever its key.
 */
public final class IndexQuery {
    /** The index's name; required. */
    public static final String INDEX = "index";
    /** The value of the index's partition key (equality); required. */
    public static final String PARTITION = "partition";
    /** The sort key equals the value. */
    public static final String SORT_EQ = "sort.eq";
    /** The sort key is less than the value. */
    public static final String SORT_LT = "sort.lt";
    /** The sort key is less than or equal to the value. */
    public static final String SORT_LE = "sort.le";
    /** The sort key is greater than the value. */
    public static final String SORT_GT = "sort.gt";
    /** The sort key is greater than or equal to the value. */
    public static final String SORT_GE = "sort.ge";
    /** The sort key (a string) begins with the value. */
    public static final String SORT_BEGINS_WITH = "sort.beginsWith";
    /** With {@link #SORT_TO}: the sort key is between the two values, both included. */
    public static final String SORT_FROM = "sort.from";
    /** With {@link #SORT_FROM}: the upper bound, included. */
    public static final String SORT_TO = "sort.to";
    /** {@value #ORDER_ASCENDING} (the default) or {@value #ORDER_DESCENDING}, by the index's sort key. */
    public static final String ORDER = "order";
    /** Sort-key order, the default. */
    public static final String ORDER_ASCENDING = "asc";
    /** Reverse sort-key order. */
    public static final String ORDER_DESCENDING = "desc";
    /** Most items on the page, as on a partition query. */
    public static final String LIMIT = "limit";
    /** The {@code nextCursor} of the previous page of the same query. */
    public static final String CURSOR = "cursor";

    /**
     * Header of every index answer: an index is a copy DynamoDB updates after the write, so what it answers may be
     * behind the items (read the item by key, strongly consistent, before acting on it).
     */
    public static final String CONSISTENCY_HEADER = HttpHeaders.READ_CONSISTENCY;
    /** The {@link #CONSISTENCY_HEADER} value of an index answer. */
    public static final String CONSISTENCY_EVENTUAL = "eventual";

    /** Every parameter, in the order docs and the gateway list them. */
    public static final List<String> PARAMETERS = List.of(INDEX, PARTITION, SORT_EQ, SORT_LT, SORT_LE, SORT_GT,
            SORT_GE, SORT_BEGINS_WITH, SORT_FROM, SORT_TO, ORDER, LIMIT, CURSOR);

    /** The parameters that state a sort-key condition; at most one condition per query. */
    public static final List<String> SORT_CONDITIONS = List.of(SORT_EQ, SORT_LT, SORT_LE, SORT_GT, SORT_GE,
            SORT_BEGINS_WITH, SORT_FROM);

    private IndexQuery() {
    }
}
