package io.consistentcrud.runtime.http;

import io.consistentcrud.runtime.EntityDefinition;
import io.consistentcrud.runtime.KeyAttribute;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Objects;
import org.crac.Context;
import org.crac.Resource;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;
import software.amazon.awssdk.protocols.jsoncore.JsonWriter;

/**
 * The CRaC resource that makes a SnapStart snapshot both warm and safe.
 *
 * <p>{@link #beforeCheckpoint} runs the request path once per entity with a GET of a key that cannot exist
 * (a consistent GetItem: nothing is written to any table), parsing a sample event and serialising the answer, so
 * that the classes, the JSON code and the SDK's marshallers are loaded and initialised in the snapshot. Priming runs
 * on its own client whose connections are disconnected afterwards ({@link PrimingConnections}); then no DynamoDB
 * client exists: no open connection and no resolved credentials are captured. {@link #afterRestore}
 * builds a fresh client, which resolves credentials anew in the restored environment.
 */
final class SnapStartHook implements Resource {
    /** The key used for priming reads; no client can create it: it is refused as the key of a new item (400). */
    static final String PRIMING_KEY = "_ccaSnapStartPriming";
    private static final String PRIMING_NUMBER_KEY = "-1.23456789E-129";
    /** The priming number key as a value: any spelling of it is refused as a key of a new item. */
    static final BigDecimal PRIMING_NUMBER = new BigDecimal(PRIMING_NUMBER_KEY);

    private final LambdaEntry entry;

    SnapStartHook(LambdaEntry entry) {
        this.entry = Objects.requireNonNull(entry, "entry");
    }

    @Override
    public void beforeCheckpoint(Context<? extends Resource> context) {
        entry.close();
        try (PrimingConnections connections = new PrimingConnections(entry.configuration().attemptTimeout())) {
            entry.openWith(connections.client());
            try {
                prime();
            } finally {
                entry.close();
            }
        } catch (RuntimeException e) {
            // No snapshot will be taken: leave the function able to serve, then report why.
            entry.open();
            throw e;
        }
    }

    @Override
    public void afterRestore(Context<? extends Resource> context) {
        entry.open();
    }

    /** Runs one priming read per entity through the whole request path. */
    void prime() {
        for (EntityDefinition entity : entry.configuration().entities().values()) {
            ProxyRequest request = ProxyRequest.fromEvent(JsonNode.parser().parse(sampleEvent(entity)));
            ProxyResponse response = entry.handle(request,
                    Instant.now().plus(entry.configuration().callTimeout()));
            response.toEventJson();
            if (response.statusCode() != 404) {
                // A priming read that does not find "nothing" means the table or the client is not what the
                // configuration says; the snapshot must not be taken like that.
                throw new IllegalStateException("SnapStart priming read of entity '" + entity.name()
                        + "' answered " + response.statusCode() + " instead of 404");
            }
        }
    }

    /** A proxy event as the gateway sends it: a GET of the entity's item resource for a key no one can create. */
    private static byte[] sampleEvent(EntityDefinition entity) {
        StringBuilder resource = new StringBuilder("/").append(entity.name());
        JsonWriter w = JsonWriter.create();
        w.writeStartObject();
        w.writeFieldName("httpMethod").writeValue("GET");
        w.writeFieldName("pathParameters").writeStartObject();
        for (KeyAttribute k : ItemKeys.attributes(entity)) {
            w.writeFieldName(k.name()).writeValue(k.type() == KeyAttribute.Type.N ? PRIMING_NUMBER_KEY : PRIMING_KEY);
            resource.append("/{").append(k.name()).append('}');
        }
        w.writeEndObject();
        w.writeFieldName("resource").writeValue(resource.toString());
        w.writeFieldName("headers").writeStartObject();
        w.writeFieldName("Accept").writeValue("application/json");
        w.writeEndObject();
        w.writeFieldName("requestContext").writeStartObject();
        w.writeFieldName("requestId").writeValue("snapstart-priming");
        w.writeEndObject();
        w.writeEndObject();
        return w.getBytes();
    }
}
