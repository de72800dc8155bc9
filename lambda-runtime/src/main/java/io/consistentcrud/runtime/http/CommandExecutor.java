package io.consistentcrud.runtime.http;

import io.consistentcrud.runtime.ConsistentStore;
import io.consistentcrud.runtime.EntityDefinition;
import io.consistentcrud.runtime.VersionedItem;
import io.consistentcrud.runtime.WriteContext;
import io.consistentcrud.runtime.WriteResult;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Runs a {@link Command} on the store and answers its outcome through {@link OutcomeMapping}. It reads nothing of
 * the request: the command holds all of it. The store's failures (deadline, DynamoDB errors) propagate to the
 * handler, which answers them through {@link FailureMapping}.
 */
final class CommandExecutor {
    private final ConsistentStore store;
    private final Clock clock;

    CommandExecutor(ConsistentStore store, Clock clock) {
        this.store = Objects.requireNonNull(store, "store");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** @param deadline no DynamoDB call may run past this instant */
    Answer execute(Command command, Instant deadline) {
        Answer answer = answer(command, deadline);
        return command instanceof Command.Write w && w.origin().minimal() ? OutcomeMapping.minimal(answer) : answer;
    }

    private Answer answer(Command command, Instant deadline) {
        if (command instanceof Command.Get get) {
            return OutcomeMapping.read(get.entity(), store.get(get.entity(), get.key(), deadline));
        }
        if (command instanceof Command.Query query) {
            return OutcomeMapping.page(query.entity(), store.query(query.entity(), query.partitionKey(),
                    query.limit(), query.start(), deadline));
        }
        if (command instanceof Command.QueryIndex query) {
            return OutcomeMapping.indexPage(query, store.queryIndex(query.entity(), query.read(), deadline));
        }
        if (command instanceof Command.Transact transact) {
            return OutcomeMapping.transaction(store.transact(transact.operations(), context(transact, deadline)),
                    transact.operations());
        }
        return write((Command.Write) command, deadline);
    }

    private Answer write(Command.Write command, Instant deadline) {
        WriteContext ctx = context(command, deadline);
        if (command instanceof Command.Create c) {
            Map<String, AttributeValue> key = ItemKeys.of(c.entity(), c.item());
            return OutcomeMapping.write(c.entity(), store.create(c.entity(), c.item(), ctx), c.location(), true,
                    "created", reader(c, c.entity(), key, deadline));
        }
        if (command instanceof Command.Replace c) {
            WriteResult result = c.expectedVersion().isEmpty()
                    ? store.create(c.entity(), c.item(), ctx)
                    : store.replace(c.entity(), c.item(), c.expectedVersion().getAsLong(), ctx);
            return OutcomeMapping.write(c.entity(), result, c.location(), false, "replaced",
                    reader(c, c.entity(), c.key(), deadline));
        }
        if (command instanceof Command.Merge c) {
            // The store applies the patch to the consistent read whose version it checks (G1/G2), not to a read here.
            WriteResult result = store.mergePatch(c.entity(), c.key(), c.changes(), c.expectedVersion(), ctx);
            return OutcomeMapping.write(c.entity(), result, null, false, "merged",
                    reader(c, c.entity(), c.key(), deadline));
        }
        if (command instanceof Command.Increment c) {
            WriteResult result = store.increment(c.entity(), c.key(), c.deltas(), c.expectedVersion(), ctx);
            return OutcomeMapping.write(c.entity(), result, null, false, "incremented",
                    reader(c, c.entity(), c.key(), deadline));
        }
        if (command instanceof Command.Delete c) {
            WriteResult result = store.delete(c.entity(), c.key(), c.expectedVersion(), ctx);
            return OutcomeMapping.write(c.entity(), result, null, false, "deleted", Optional::empty);
        }
        throw new IllegalStateException("unexecuted command " + command.getClass().getSimpleName());
    }

    private WriteContext context(Command.Write command, Instant deadline) {
        return command.origin().context(clock.instant(), deadline);
    }

    /** Reads the item for the body of a replayed answer (G5); a minimal answer has no body, so nothing is read. */
    private Supplier<Optional<VersionedItem>> reader(Command.Write command, EntityDefinition entity,
                                                     Map<String, AttributeValue> key, Instant deadline) {
        return command.origin().minimal() ? Optional::empty : () -> store.get(entity, key, deadline);
    }
}
