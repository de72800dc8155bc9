package io.consistentcrud.contract;

/**
 * The names of the home-Region rule: an entity whose table has replicas in other Regions is written (and read
 * strongly) only in its home Region. The construct puts the home Region in the entity's object of the entities
 * document; the runtime compares it with the Region Lambda runs it in.
 */
public final class HomeRegion {
    /** The field of an entity's object in the entities document that names its home Region, when it has replicas. */
    public static final String ENTITY_FIELD = "homeRegion";
    /** The variable Lambda sets to the Region the function runs in (the construct cannot set it; Lambda does). */
    public static final String OWN_REGION_VARIABLE = "AWS_REGION";

    private HomeRegion() {
    }
}
