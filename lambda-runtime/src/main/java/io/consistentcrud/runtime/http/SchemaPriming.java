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
 * Gets the entities' item schemas ready before the first request that checks an item.
 *
 * <p>Two callers. The SnapStart hook, before the snapshot, compiles each schema and runs it on its error path
 * ({@link #prime}): that CPU is spent once, at deploy time. {@link LambdaEntry}'s constructor starts
 * {@link #startInBackground}, which only compiles, on a daemon thread, so that the validator's class loading and
 * compilation (about 45 ms of CPU for the first schema on a cold JVM with Lambda's flags, half of it the validator
 * library's dialect setup) overlap with the DynamoDB client's construction instead of adding to the first write;
 * Lambda runs the init phase with burst CPU, which is where the thread works. It leaves the checks' own first run to
 * the first request, which on a valid item never takes the error path (over 25 paired cold starts against a lazy
 * compilation: 1–3% more CPU compiling only, 2–4% running the checks too; docs/benchmarks.md has the figures). A
 * check that comes while the thread still compiles waits for that compilation ({@link ItemSchema#compile()}), so
 * there is never a second one.
 */
final class SchemaPriming {
    /** The key of the priming checks and reads: any key works, since nothing is written or found. */
    private static final String PRIMING_KEY = "snapstart-priming";
    private static final String PRIMING_NUMBER_KEY = "0";
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
            key.put(k.name(), k.type() == KeyAttribute.Type.N ? AttributeValue.fromN(primingKey(k))
                    : AttributeValue.fromS(primingKey(k)));
        }
        schema.violations(key, entity.versionAttribute());
    }

    /**
     * The text of a key attribute in the priming checks and reads.
     *
     * @param attribute the key attribute
     * @return a number for a number key, else a string no client would pick by chance
     */
    static String primingKey(KeyAttribute attribute) {
        return attribute.type() == KeyAttribute.Type.N ? PRIMING_NUMBER_KEY : PRIMING_KEY;
    }

    /**
     * Compiles every schema on a daemon thread, when at least one entity declares a schema. The validator library
     * throws for no schema the construct accepts (it reports what it cannot resolve as violations); should it ever
     * throw here, the thread ends with the JVM's uncaught-exception report on standard error (it names a schema
     * failure, never an item), and the request that first checks that entity's items compiles the schema again and
     * answers the failure itself.
     *
     * @param entities the entities
     * @return the started thread, or empty when no entity declares a schema
     */
    static Optional<Thread> startInBackground(Collection<EntityDefinition> entities) {
        // A loop, not a stream or a method reference: an entry without schemas should not load java.util.stream
        // or link a lambda on its cold path.
        List<ItemSchema> schemas = new ArrayList<>();
        for (EntityDefinition entity : entities) {
            Optional<ItemSchema> schema = entity.schema();
            if (schema.isPresent()) {
                schemas.add(schema.get());
            }
        }
        if (schemas.isEmpty()) {
            return Optional.empty();
        }
        Thread thread = new Thread(() -> {
            for (ItemSchema schema : schemas) {
                schema.compile();
            }
        }, THREAD_NAME);
        thread.setDaemon(true);
        thread.start();
        return Optional.of(thread);
    }
}
