package io.consistentcrud.runtime.http;

import io.consistentcrud.runtime.EntityDefinition;
import io.consistentcrud.runtime.KeyAttribute;
import java.time.Instant;
import java.util.Objects;
import org.crac.Context;
import org.crac.Resource;
import software.amazon.awssdk.core.warmup.SdkWarmUp;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;
import software.amazon.awssdk.protocols.jsoncore.JsonWriter;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The CRaC resource that makes a SnapStart snapshot both warm and safe.
 *
 * <p>{@link #beforeCheckpoint} first runs the SDK's own warm-up ({@link SdkWarmUp#warmUp(Class[])} for
 * {@link DynamoDbClient}: the client's builder, endpoint rules, signer, retry and JSON protocol, on a canned answer
 * and anonymous credentials), then the project's request path once per entity: a GET proxy event parsed, routed,
 * sent through the store on a client whose HTTP layer answers in memory ({@link PrimingHttpClient}), and its 404
 * serialised. Nothing leaves the process: no table is read, no IAM permission is used, no key is reserved. Then no
 * DynamoDB client exists: no connection and no resolved credentials are captured. {@link #afterRestore} builds a
 * fresh client, which resolves credentials anew in the restored environment.
 */
final class SnapStartHook implements Resource {
    private final LambdaEntry entry;

    SnapStartHook(LambdaEntry entry) {
        this.entry = Objects.requireNonNull(entry, "entry");
    }

    @Override
    public void beforeCheckpoint(Context<? extends Resource> context) {
        entry.close();
        try {
            SdkWarmUp.warmUp(DynamoDbClient.class);
            SchemaPriming.prime(entry.configuration().entities().values());
            entry.openWith(new PrimingHttpClient());
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

    /** Runs one priming read per entity through the whole request path, on the current (priming) client. */
    void prime() {
        for (EntityDefinition entity : entry.configuration().entities().values()) {
            ProxyRequest request = ProxyRequest.fromEvent(JsonNode.parser().parse(sampleEvent(entity)));
            ProxyResponse response = entry.handle(request,
                    Instant.now().plus(entry.configuration().callTimeout()));
            response.toEventJson();
            if (response.statusCode() != 404) {
                // The priming client answers "no item" to every read: anything else is a fault of the request
                // path itself, and the snapshot must not be taken like that.
                throw new IllegalStateException("SnapStart priming read of entity '" + entity.name()
                        + "' answered " + response.statusCode() + " instead of 404");
            }
        }
    }

    /** A proxy event as the gateway sends it: a GET of the entity's item resource. */
    private static byte[] sampleEvent(EntityDefinition entity) {
        StringBuilder resource = new StringBuilder("/").append(entity.name());
        JsonWriter w = JsonWriter.create();
        w.writeStartObject();
        w.writeFieldName("httpMethod").writeValue("GET");
        w.writeFieldName("pathParameters").writeStartObject();
        for (KeyAttribute k : ItemKeys.attributes(entity)) {
            w.writeFieldName(k.name()).writeValue(SchemaPriming.primingKey(k));
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
