package io.consistentcrud.runtime.http;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import io.consistentcrud.runtime.ConsistentStore;
import io.consistentcrud.runtime.RuntimeConfiguration;
import io.consistentcrud.runtime.StoreOptions;
import io.consistentcrud.runtime.client.DynamoDbClientFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;

/**
 * The Lambda entry point for API Gateway REST proxy events. The only class that reads the environment.
 *
 * <p>Handler string: {@code io.consistentcrud.runtime.http.LambdaEntry::handleRequest}.
 */
public final class LambdaEntry implements RequestStreamHandler {
    private final CrudHandler handler;

    /** Called by the Lambda runtime once per execution environment. */
    public LambdaEntry() {
        RuntimeConfiguration config = RuntimeConfiguration.fromEnvironment(System.getenv());
        this.handler = new CrudHandler(config, new ConsistentStore(DynamoDbClientFactory.create(config),
                StoreOptions.from(config).build()));
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        ProxyRequest request = ProxyRequest.fromEvent(JsonNode.parser().parse(input));
        output.write(handler.handle(request).toEventJson());
    }
}
