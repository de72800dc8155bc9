package io.consistentcrud.runtime.http;

import io.consistentcrud.runtime.EntityDefinition;
import io.consistentcrud.runtime.IndexRead;
import io.consistentcrud.runtime.TransactionOperation;
import io.consistentcrud.runtime.WriteContext;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * What a request asks, read completely and checked: its kind, entity, key, preconditions and body, and for a write
 * its {@link Origin} (the Idempotency-Key among it). {@link RequestParser} makes one from a request; nothing about
 * the request is read after that. {@link CommandExecutor} runs it on the store.
 *
 * <p>Keys and items are the parser's mutable maps, handed to the store as they are.
 */
sealed interface Command {

    /** A command that writes: it carries what identifies the request to the store. */
    sealed interface Write extends Command {
        Origin origin();
    }

    /**
     * Who asks, how a repeat of the request is recognised and what its answer should hold: everything of the
     * store's {@link WriteContext} but the clock's time and the deadline, which belong to the execution.
     *
     * @param requestToken   the gateway's request id, or a fresh UUID when it sent none
     * @param idempotencyKey the request's Idempotency-Key, already checked
     * @param fingerprint    the payload fingerprint of method, resource, key path text, body and preconditions;
     *                       the {@code Prefer} header is not part of it, so a repeat may ask for another answer
     * @param caller         the caller identity the store scopes Idempotency-Keys by
     * @param returnPreference the RFC 7240 {@code return} preference: minimal answers are made without a read
     */
    record Origin(String requestToken, Optional<String> idempotencyKey, String fingerprint, String caller,
                  ReturnPreference returnPreference) {
        boolean minimal() {
            return returnPreference == ReturnPreference.MINIMAL;
        }

        WriteContext context(Instant time, Instant deadline) {
            return WriteContext.builder()
                    .requestToken(requestToken)
                    .idempotencyKey(idempotencyKey.orElse(null))
                    .payloadFingerprint(fingerprint)
                    .caller(caller)
                    .time(time)
                    .deadline(deadline)
                    .answerWithItem(!minimal())
                    .build();
        }
    }

    /** {@code GET /E/{key}}: a consistent read of one item. */
    record Get(EntityDefinition entity, Map<String, AttributeValue> key) implements Command {
    }

    /**
     * {@code GET /E/{pk}} of an entity with a sort key: one page of a partition.
     *
     * @param start where the page starts, from the client's cursor; null for the first page
     */
    record Query(EntityDefinition entity, AttributeValue partitionKey, int limit, Map<String, AttributeValue> start)
            implements Command {
    }

    /**
     * {@code GET /E?index=...}: one page of an index query, eventually consistent.
     *
     * @param read      the query as the store takes it, its start from the client's cursor
     * @param queryHash what the cursors of this query are bound to: entity, index, partition, condition and order
     */
    record QueryIndex(EntityDefinition entity, IndexRead read, String queryHash) implements Command {
    }

    /**
     * {@code POST /E}: a new item, its key completed (generated or derived from the Idempotency-Key).
     *
     * @param location the item's path, for {@code Location}
     */
    record Create(EntityDefinition entity, Map<String, AttributeValue> item, String location, Origin origin)
            implements Write {
    }

    /**
     * {@code PUT /E/{key}}: the whole item, at the version of {@code If-Match} or only where none exists
     * ({@code If-None-Match: *}).
     *
     * @param expectedVersion the version of {@code If-Match}; empty for {@code If-None-Match: *}
     * @param location        the item's path, for {@code Location} when it is created
     */
    record Replace(EntityDefinition entity, Map<String, AttributeValue> key, Map<String, AttributeValue> item,
                   OptionalLong expectedVersion, String location, Origin origin) implements Write {
    }

    /** {@code PATCH /E/{key}}: an RFC 7396 merge patch as attribute changes, at the version of {@code If-Match}. */
    record Merge(EntityDefinition entity, Map<String, AttributeValue> key, Map<String, AttributeValue> changes,
                 long expectedVersion, Origin origin) implements Write {
    }

    /** {@code POST /E/{key}/increment}: numbers to add, at the version of {@code If-Match} if one is given. */
    record Increment(EntityDefinition entity, Map<String, AttributeValue> key, Map<String, String> deltas,
                     OptionalLong expectedVersion, Origin origin) implements Write {
    }

    /** {@code DELETE /E/{key}} at the version of {@code If-Match}. */
    record Delete(EntityDefinition entity, Map<String, AttributeValue> key, long expectedVersion, Origin origin)
            implements Write {
    }

    /** {@code POST /transactions}: operations on distinct items, all or nothing. */
    record Transact(List<TransactionOperation> operations, Origin origin) implements Write {
    }
}
