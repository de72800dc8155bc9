package io.consistentcrud.cdk;

import java.util.Objects;
import software.amazon.awscdk.services.dynamodb.ITableV2;
import software.amazon.awscdk.services.kms.IKey;

/**
 * A table the entity uses instead of one the construct creates: the platform's own table, by name or as an
 * {@link ITableV2}. The entity still declares the key schema ({@link EntitySpec#getPartitionKey()}, and
 * {@link EntitySpec#getSortKey()}); the construct grants the store's calls on the table ({@link StoreCall}) and
 * nothing else, and manages none of its settings.
 *
 * <p>What the construct checks at synth: for a {@code TableV2} of the same app, that its key schema is the one the
 * entity declares and, with the audit trail, that it streams NEW_AND_OLD_IMAGES; for any table, that no setting
 * of a created table (billing, guards, PITR, encryption, replication, removal policy...) is set beside it. What it
 * cannot check (docs/construct.md, "Bring your own table"): the key schema and stream of a table known only by name,
 * and whether its items carry the version attribute the entity declares.
 *
 * <pre>{@code
 * ExistingTable.named("orders-prod").withStreamArn(ordersStreamArn)
 * ExistingTable.of(platformStack.getOrdersTable())
 * }</pre>
 */
public final class ExistingTable {
    private final String tableName;
    private final ITableV2 table;
    private final String streamArn;
    private final IKey encryptionKey;
    private final String homeRegion;

    private ExistingTable(String tableName, ITableV2 table, String streamArn, IKey encryptionKey, String homeRegion) {
        this.tableName = tableName;
        this.table = table;
        this.streamArn = streamArn;
        this.encryptionKey = encryptionKey;
        this.homeRegion = homeRegion;
    }

    /**
     * A table of the stack's account and Region, by name.
     *
     * @param tableName the table's name
     * @return the table, without stream, key or home Region until given with the {@code with} methods
     */
    public static ExistingTable named(String tableName) {
        return new ExistingTable(Objects.requireNonNull(tableName, "tableName"), null, null, null, null);
    }

    /**
     * A table as a construct: one of this app, or one imported with {@code TableV2.fromTableAttributes}.
     *
     * @param table the table; its stream, key and Region are taken from it
     * @return the table
     */
    public static ExistingTable of(ITableV2 table) {
        return new ExistingTable(null, Objects.requireNonNull(table, "table"), null, null, null);
    }

    /**
     * The table's stream (NEW_AND_OLD_IMAGES), for the audit trail and stream consumers of a table known by name.
     *
     * @param arn the stream's ARN
     * @return a copy with the stream
     */
    public ExistingTable withStreamArn(String arn) {
        return new ExistingTable(tableName, table, arn, encryptionKey, homeRegion);
    }

    /**
     * The table's customer-managed key, of a table known by name; the store is granted exactly the key actions.
     *
     * @param key the table's key
     * @return a copy with the key
     */
    public ExistingTable withEncryptionKey(IKey key) {
        return new ExistingTable(tableName, table, streamArn, key, homeRegion);
    }

    /**
     * The Region that writes the table, when it is a replica of a global table homed elsewhere: the runtime then
     * refuses the entity's writes and strongly consistent reads outside that Region (421), as with
     * {@link Replication#readReplicas(java.util.List)}.
     *
     * @param region the Region that writes the table, e.g. {@code us-east-1}
     * @return a copy with the home Region
     */
    public ExistingTable withHomeRegion(String region) {
        return new ExistingTable(tableName, table, streamArn, encryptionKey, region);
    }

    /** {@return the table's name, when it is known by name; null for {@link #of(ITableV2)}} */
    public String getTableName() {
        return tableName;
    }

    /** {@return the table, when given as a construct; null for {@link #named(String)}} */
    public ITableV2 getTable() {
        return table;
    }

    /** {@return the stream ARN given with {@link #withStreamArn(String)}, or null} */
    public String getStreamArn() {
        return streamArn;
    }

    /** {@return the key given with {@link #withEncryptionKey(IKey)}, or null} */
    public IKey getEncryptionKey() {
        return encryptionKey;
    }

    /** {@return the home Region given with {@link #withHomeRegion(String)}, or null} */
    public String getHomeRegion() {
        return homeRegion;
    }
}
