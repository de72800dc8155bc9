package io.consistentcrud.runtime.http;

import io.consistentcrud.contract.ApiRoutes;
import io.consistentcrud.runtime.EntityDefinition;
import java.util.Map;
import java.util.Set;

/**
 * Where a request goes: the kind of resource template and its entity, resolved from the event's {@code resource}.
 *
 * @param kind   the resource kind
 * @param entity the entity, null for {@code /transactions}
 */
record Route(Kind kind, EntityDefinition entity) {
    /** The resource templates the construct creates. */
    enum Kind {
        /** {@code /E} */
        COLLECTION(Set.of("POST")),
        /**
         * {@code GET /E?index=...} of an entity with indexes: on the collection, so that no item key, whatever its
         * text, can ever name it (an item's path always has one more segment)
         */
        INDEX(Set.of("GET")),
        /** {@code /E/{pk}} or {@code /E/{pk}/{sk}} */
        ITEM(Set.of("GET", "PUT", "PATCH", "DELETE")),
        /** {@code /E/{pk}} of an entity with a sort key: one partition */
        PARTITION(Set.of("GET")),
        /** {@code /E/{key}/increment} */
        INCREMENT(Set.of("POST")),
        /** {@code /transactions} */
        TRANSACTIONS(Set.of("POST"));

        private final Set<String> methods;

        Kind(Set<String> methods) {
            this.methods = methods;
        }

        /** The methods served, for the {@code Allow} header of a 405. */
        String allow() {
            return String.join(", ", methods.stream().sorted().toList());
        }

        boolean allows(String method) {
            return methods.contains(method);
        }
    }

    /** The path of the transactions resource. */
    static final String TRANSACTIONS_RESOURCE = "/" + ApiRoutes.TRANSACTIONS;

    /** Resolves a resource template; an unknown one answers 404, a known one with another method 405. */
    static Route resolve(Map<String, EntityDefinition> entities, String resource, String method) {
        Route route = match(entities, resource);
        String m = method == null ? "" : method;
        boolean indexed = route.kind() == Kind.COLLECTION && !route.entity().indexes().isEmpty();
        if (indexed && Kind.INDEX.allows(m)) {
            return new Route(Kind.INDEX, route.entity());
        }
        if (!route.kind().allows(m)) {
            String allow = indexed ? Kind.INDEX.allow() + ", " + route.kind().allow() : route.kind().allow();
            throw new ProblemException(Problem.of(ProblemType.METHOD_NOT_ALLOWED,
                    "this resource serves " + allow), Map.of("Allow", allow));
        }
        return route;
    }

    private static Route match(Map<String, EntityDefinition> entities, String resource) {
        if (TRANSACTIONS_RESOURCE.equals(resource)) {
            return new Route(Kind.TRANSACTIONS, null);
        }
        String[] s = resource == null || !resource.startsWith("/") ? new String[0] : resource.substring(1).split("/", -1);
        EntityDefinition entity = s.length == 0 ? null : entities.get(s[0]);
        if (entity == null) {
            throw new ProblemException(ProblemType.UNKNOWN_RESOURCE, "no entity is served at this path");
        }
        String pk = "{" + entity.partitionKey().name() + "}";
        String sk = entity.sortKey().map(k -> "{" + k.name() + "}").orElse(null);
        if (s.length == 1) {
            return new Route(Kind.COLLECTION, entity);
        }
        if (!s[1].equals(pk)) {
            throw unknown();
        }
        if (sk == null) {
            if (s.length == 2) {
                return new Route(Kind.ITEM, entity);
            }
            if (s.length == 3 && s[2].equals("increment")) {
                return new Route(Kind.INCREMENT, entity);
            }
            throw unknown();
        }
        if (s.length == 2) {
            return new Route(Kind.PARTITION, entity);
        }
        if (!s[2].equals(sk)) {
            throw unknown();
        }
        if (s.length == 3) {
            return new Route(Kind.ITEM, entity);
        }
        if (s.length == 4 && s[3].equals("increment")) {
            return new Route(Kind.INCREMENT, entity);
        }
        throw unknown();
    }

    private static ProblemException unknown() {
        return new ProblemException(ProblemType.UNKNOWN_RESOURCE, "no resource is served at this path");
    }
}
