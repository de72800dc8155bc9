package io.consistentcrud.cdk;

import java.util.List;
import java.util.Objects;

/**
 * What an entity's deployed table already has, for an entity that declares more than one index: CloudFormation
 * creates or deletes at most one global secondary index of a table per deployment (a global table too), and an
 * update that changes more fails and rolls back. The construct cannot see the deployed table, so an entity with
 * several indexes says where it stands, and the construct refuses at synth a change of more than one index.
 *
 * <pre>{@code
 * IndexRollout.newTable()                          // the table is created with all its indexes in this deployment
 * IndexRollout.deployed(List.of("byCustomer"))      // the table exists with these indexes: add (or drop) one more
 * }</pre>
 *
 * docs/construct.md, "Rolling out indexes", walks through adding a second index.
 */
public final class IndexRollout {
    private final boolean newTable;
    private final List<String> deployedIndexes;

    private IndexRollout(boolean newTable, List<String> deployedIndexes) {
        this.newTable = newTable;
        this.deployedIndexes = deployedIndexes;
    }

    /**
     * The entity's table does not exist yet: CloudFormation creates it with every index at once.
     *
     * @return the rollout of a table created in this deployment
     */
    public static IndexRollout newTable() {
        return new IndexRollout(true, List.of());
    }

    /**
     * The entity's table is deployed with exactly these indexes (names); this deployment may add or drop one.
     *
     * @param indexNames the names of the indexes the deployed table has; empty when it has none; a name listed twice
     *                   is refused at synth
     * @return the rollout of a deployed table with these indexes
     * @throws NullPointerException when {@code indexNames} is null
     */
    public static IndexRollout deployed(List<String> indexNames) {
        return new IndexRollout(false, List.copyOf(Objects.requireNonNull(indexNames, "indexNames")));
    }

    /** {@return whether the table is created in this deployment} */
    public boolean isNewTable() {
        return newTable;
    }

    /** {@return the names of the indexes the deployed table has; empty for a new table} */
    public List<String> getDeployedIndexes() {
        return deployedIndexes;
    }

    @Override
    public String toString() {
        return newTable ? "IndexRollout.newTable()" : "IndexRollout.deployed(" + deployedIndexes + ")";
    }
}
