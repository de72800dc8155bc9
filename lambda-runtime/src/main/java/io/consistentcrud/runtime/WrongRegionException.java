package io.consistentcrud.runtime;

/**
 * A write, or a strongly consistent read, of an entity whose table is replicated, asked of a store that does not run
 * in the entity's home Region. Refused before any call: two Regions must never both accept a version-checked write,
 * and a replica's "strongly consistent" read sees only what has replicated to it so far.
 */
public final class WrongRegionException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    /** @serial the entity's name */
    private final String entity;
    /** @serial the Region that writes the entity */
    private final String homeRegion;
    /** @serial the Region the store runs in */
    private final String ownRegion;

    WrongRegionException(String entity, String homeRegion, String ownRegion, boolean write) {
        super((write ? "writes" : "strongly consistent reads") + " of entity '" + entity + "' are served only in its "
                + "home Region " + homeRegion + "; this store runs in " + ownRegion);
        this.entity = entity;
        this.homeRegion = homeRegion;
        this.ownRegion = ownRegion;
    }

    /**
     * The entity's name.
     *
     * @return the name of the entity whose write or strongly consistent read was refused
     */
    public String entity() {
        return entity;
    }

    /**
     * The Region that writes the entity.
     *
     * @return the entity's home Region, where the request must be sent instead
     */
    public String homeRegion() {
        return homeRegion;
    }

    /**
     * The Region the store runs in.
     *
     * @return the Region of the store that refused the request
     */
    public String ownRegion() {
        return ownRegion;
    }

    /**
     * Refuses the call unless the store runs in the entity's home Region (or either is unknown).
     *
     * @param write true for a write, false for a strongly consistent read
     */
    static void requireHome(EntityDefinition entity, String ownRegion, boolean write) {
        String home = entity.homeRegion().orElse(null);
        if (home != null && ownRegion != null && !home.equals(ownRegion)) {
            throw new WrongRegionException(entity.name(), home, ownRegion, write);
        }
    }
}
