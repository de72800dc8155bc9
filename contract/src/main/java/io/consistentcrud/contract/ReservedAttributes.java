package io.consistentcrud.contract;

/**
 * The bookkeeping attributes the runtime stamps on every item it writes. Clients may not write them, the construct
 * refuses them as key and version attribute names, and stream consumers see them in each image.
 */
public final class ReservedAttributes {
    /** Every bookkeeping attribute starts with this prefix, and every name starting with it is reserved. */
    public static final String PREFIX = "_cca";
    /** Request token of the create; never changes afterwards. */
    public static final String CREATE_TOKEN = "_ccaCreateToken";
    /** Request token of the last write. */
    public static final String TOKEN = "_ccaToken";
    /** Caller identity of the last write. */
    public static final String CALLER = "_ccaCaller";
    /** ISO-8601 instant of the last write. */
    public static final String AT = "_ccaAt";
    /** Marks a tombstone: what a delete leaves under the key. */
    public static final String DELETED = "_ccaDeleted";

    private ReservedAttributes() {
    }
}
