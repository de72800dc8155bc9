package io.consistentcrud.cdk;

import java.util.List;
import java.util.Objects;

/**
 * Where an entity's table lives, named on the entity so that replicas are only ever added in a mode the guarantees
 * hold in (docs/guarantees.md, "Regions").
 *
 * <ul>
 *   <li>{@link #singleRegion()}, the default: one table in the stack's Region.</li>
 *   <li>{@link #readReplicas(List)}: replicas in other Regions for reads and failover, one writing Region (the home
 *       Region, the stack's). A runtime in any other Region refuses writes and strongly consistent reads of the
 *       entity with a 421 problem naming the home Region: two Regions never both win a version-checked write.</li>
 *   <li>{@link #multiRegionStrong(List, String)}: DynamoDB's multi-Region strong consistency. Refused at synth while
 *       most of the runtime's writes are transactions, which MRSC tables do not support.</li>
 * </ul>
 */
public final class Replication {
    /** The modes of {@link Replication}. */
    public enum Mode {
        /** One table, in the stack's Region. */
        SINGLE_REGION,
        /** Replicas for reads and failover; writes only in the home Region. */
        READ_REPLICAS,
        /** Multi-Region strong consistency: refused at synth (see {@link Replication}). */
        MULTI_REGION_STRONG
    }

    private final Mode mode;
    private final List<String> replicaRegions;
    private final String witnessRegion;

    private Replication(Mode mode, List<String> replicaRegions, String witnessRegion) {
        this.mode = mode;
        this.replicaRegions = List.copyOf(replicaRegions);
        this.witnessRegion = witnessRegion;
    }

    /** {@return one table in the stack's Region (the default)} */
    public static Replication singleRegion() {
        return new Replication(Mode.SINGLE_REGION, List.of(), null);
    }

    /**
     * Replicas in the given Regions for reads and failover; the stack's Region is the home Region, the only one
     * whose runtime writes. Needs a stack with an explicit Region.
     *
     * @param replicaRegions the replicas' Regions, without the stack's; at least one
     * @return the replication
     */
    public static Replication readReplicas(List<String> replicaRegions) {
        return new Replication(Mode.READ_REPLICAS, Objects.requireNonNull(replicaRegions, "replicaRegions"), null);
    }

    /**
     * {@link #readReplicas(List)} for the named Regions.
     *
     * @param replicaRegions the replicas' Regions, without the stack's; at least one
     * @return the replication
     */
    public static Replication readReplicas(String... replicaRegions) {
        return readReplicas(List.of(replicaRegions));
    }

    /**
     * Multi-Region strong consistency with the given replicas and witness. Declarable so that the refusal can say
     * why; the construct refuses it at synth.
     *
     * @param replicaRegions the replicas' Regions, without the stack's
     * @param witnessRegion the witness Region
     * @return the replication, which the construct refuses at synth
     */
    public static Replication multiRegionStrong(List<String> replicaRegions, String witnessRegion) {
        return new Replication(Mode.MULTI_REGION_STRONG, replicaRegions, witnessRegion);
    }

    /** {@return the mode} */
    public Mode getMode() {
        return mode;
    }

    /** {@return the Regions of the replicas besides the stack's; empty in a single Region} */
    public List<String> getReplicaRegions() {
        return replicaRegions;
    }

    /** {@return the witness Region of {@link Mode#MULTI_REGION_STRONG}, or null} */
    public String getWitnessRegion() {
        return witnessRegion;
    }

    @Override
    public String toString() {
        return mode + (replicaRegions.isEmpty() ? "" : replicaRegions.toString());
    }
}
