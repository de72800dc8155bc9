package io.consistentcrud.runtime.http;

import io.consistentcrud.runtime.EntityDefinition;
import io.consistentcrud.runtime.KeyAttribute;
import io.consistentcrud.runtime.schema.ItemSchema;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Compiles the entities' item schemas and runs each once on its error path, so that the first request that checks
 * an item finds the validator ready.
 *
 * <p>Two callers: the SnapStart hook before the snapshot, and {@link LambdaEntry}'s constructor, which starts it on a
 * background thread so that the validator's class loading and compilation (about 60 ms of CPU for the first schema
 * on a cold JVM, most of it the validator library setting up every dialect it ships) overlap with the DynamoDB
 * client's construction instead of adding to the first write. Lambda runs a function's init with burst CPU, so the
 * overlap holds there too, not only on a machine with spare cores. A check that comes while the thread still
 * compiles waits for that compilation ({@link ItemSchema#compile()}), so there is never a second one.
 */
final class SchemaPriming {
    /** The key of the priming checks and reads: any key works, since nothing is written or found. */
    static final String PRIMING_KEY = "snapstart-priming";
    static final String PRIMING_NUMBER_KEY = "0";
    /** Name of the background thread, as a thread dump shows it. */
    static final String THREAD_NAME = "consistentcrud-schema-priming";

    private SchemaPriming() {
    }

    /**
     * Compiles each schema and checks two items against it, an empty one and one holding only the key; the outcome
     * of the checks does not matter.
     *
     * @param entities the entities, those without a schema skipped
     */
    static void prime(Collection<EntityDefinition> entities) {
        for (EntityDefinition entity : entities) {
            entity.schema().ifPresent(schema -> prime(entity, schema));
        }
    }

    private static void prime(EntityDefinition entity, ItemSchema schema) {
        schema.compile();
        schema.violations(Map.of(), entity.versionAttribute());
        Map<String, AttributeValue> key = new LinkedHashMap<>();
        for (KeyAttribute k : ItemKeys.attributes(entity)) {
            key.put(k.name(), k.type() == KeyAttribute.Type.N ? AttributeValue.fromN(PRIMING_NUMBER_KEY)
                    : AttributeValue.fromS(PRIMING_KEY));
        }
        schema.violations(key, entity.versionAttribute());
    }

    /**
     * Starts {@link #prime} on a daemon thread, when at least one entity declares a schema. The validator library
     * throws for no schema the construct accepts (it reports what it cannot resolve as violations); should it ever
     * throw here, the thread ends with the JVM's uncaught-exception report on standard error (the priming items hold
     * only a made-up key), and the request that first checks that entity's items compiles the schema again and
     * answers the failure itself.
     *
     * @param entities the entities
     * @return the started thread, or empty when no entity declares a schema
     */
    static Optional<Thread> startInBackground(Collection<EntityDefinition> entities) {
        // A loop, not a stream: an entry without schemas should not load java.util.stream on its cold path.
        List<EntityDefinition> withSchema = new ArrayList<>();
        for (EntityDefinition entity : entities) {
            if (entity.schema().isPresent()) {
                withSchema.add(entity);
            }
        }
        if (withSchema.isEmpty()) {
            return Optional.empty();
        }
        Thread thread = new Thread(() -> prime(withSchema), THREAD_NAME);
        thread.setDaemon(true);
        thread.start();
        return Optional.of(thread);
    }
}
