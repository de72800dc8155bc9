package io.consistentcrud.cdk.internal;

import io.consistentcrud.cdk.EntitySpec;
import java.util.Collection;
import java.util.List;

/**
 * Which entities declare unique attributes: the unique-values table, its grants, its variable and its alarms exist
 * only when one of the entities a function serves does.
 */
public final class UniqueAttributes {
    private UniqueAttributes() {
    }

    /**
     * An entity's unique attributes; an {@link EntitySpec} of the user's own may answer null.
     *
     * @param e the entity
     * @return its unique attributes, empty when it declares none
     */
    public static List<String> of(EntitySpec e) {
        List<String> declared = e.getUniqueAttributes();
        return declared == null ? List.of() : declared;
    }

    /**
     * Whether any of the entities declares a unique attribute.
     *
     * @param entities the entities
     * @return true when at least one of them declares a unique attribute
     */
    public static boolean declaredByAny(Collection<EntitySpec> entities) {
        return entities.stream().anyMatch(e -> !of(e).isEmpty());
    }
}
