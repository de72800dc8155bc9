package io.consistentcrud.runtime.http;

import io.consistentcrud.runtime.ConsistentStore;
import io.consistentcrud.runtime.DeadlineExceededException;
import io.consistentcrud.runtime.InvalidWriteException;
import io.consistentcrud.runtime.WrongRegionException;
import io.consistentcrud.runtime.SchemaViolationException;
import io.consistentcrud.runtime.config.RuntimeConfiguration;
import io.consistentcrud.runtime.observability.RequestLog;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * The generic CRUD handler: turns REST proxy requests for the configured entities into safe store calls, per the
 * HTTP contract in docs/http-api.md.
 *
 * <p>All dependencies are injected; the Lambda entry class {@link LambdaEntry} reads the environment once and
 * builds this. A request flows in three steps: its route is resolved from the resource template and method, it is
 * read and checked completely into one typed command, and only then is that command run on the store. So a request
 * answered with a 4xx problem has written nothing.
 */
public final class CrudHandler {
    private final RuntimeConfiguration config;
    private final HandlerOptions options;
    private final RequestParser parser;
    private final CommandExecutor executor;

    /**
     * A handler with {@link HandlerOptions#defaults()}.
     *
     * @param config the entities served and the SDK call timeout
     * @param store the store the handler reads and writes through
     */
    public CrudHandler(RuntimeConfiguration config, ConsistentStore store) {
        this(config, store, HandlerOptions.defaults());
    }

    /**
     * A handler with the given options (body size limit, request log, ...).
     *
     * @param config the entities served and the SDK call timeout
     * @param store the store the handler reads and writes through
     * @param options the handler's options
     */
    public CrudHandler(RuntimeConfiguration config, ConsistentStore store, HandlerOptions options) {
        this.config = Objects.requireNonNull(config, "config");
        this.options = Objects.requireNonNull(options, "options");
        this.parser = new RequestParser(config.entities(), config.idempotencyTable().isPresent(),
                options.maxBodyBytes());
        this.executor = new CommandExecutor(Objects.requireNonNull(store, "store"), options.clock());
    }

    /**
     * Handles one request with the configured SDK call timeout as its time budget.
     *
     * @param request the parsed proxy request
     * @return the response; never null, see {@link #handle(ProxyRequest, Instant)}
     */
    public ProxyResponse handle(ProxyRequest request) {
        return handle(request, options.clock().instant().plus(config.callTimeout()));
    }

    /**
     * Handles one request; never throws. Bad input answers a 4xx problem; a store that could not finish before the
     * deadline answers 503 saying whether the request may be repeated ({@code unavailable}, {@code
     * outcome-unconfirmed}, {@code outcome-unknown}); anything unexpected answers 500 without internals.
     *
     * @param request the parsed proxy request
     * @param deadline no DynamoDB call may run past this instant (the invocation's remaining time, G7)
     * @return the response; never null
     */
    public ProxyResponse handle(ProxyRequest request, Instant deadline) {
        long started = System.nanoTime();
        Route route = null;
        Command command = null;
        Answer answer;
        try {
            route = Route.resolve(config.entities(), request.resource(), request.method());
            command = parser.parse(route, request);
            answer = executor.execute(command, deadline);
        } catch (ProblemException e) {
            answer = Answer.of(e);
        } catch (InvalidWriteException e) {
            answer = FailureMapping.invalidWrite(command, e);
        } catch (WrongRegionException e) {
            answer = FailureMapping.wrongRegion(e);
        } catch (SchemaViolationException e) {
            answer = FailureMapping.schemaViolation(e);
        } catch (DeadlineExceededException e) {
            answer = FailureMapping.unfinished(command, e.writeMayHaveApplied());
        } catch (AwsServiceException e) {
            answer = FailureMapping.serviceFailure(command, e);
        } catch (SdkException e) {
            FailureMapping.log(request, e);
            answer = FailureMapping.unfinished(command, true);
        } catch (RuntimeException e) {
            FailureMapping.log(request, e);
            answer = FailureMapping.internalError();
        }
        long latencyMs = (System.nanoTime() - started) / 1_000_000;
        Optional<RequestLog> log = options.requestLog();
        if (log.isPresent()) {
            log.get().write(new RequestLog.Entry(request.requestId(), request.method(), request.resource(),
                    route == null || route.entity() == null ? null : route.entity().name(),
                    answer.response().statusCode(), answer.outcome(), latencyMs));
        }
        return answer.response();
    }
}
