/**
 * Not API: the machinery behind {@link io.consistentcrud.runtime.ConsistentStore}, which may change in any release.
 *
 * <p>One builder per write kind ({@link io.consistentcrud.runtime.internal.store.CreateWrite},
 * {@link io.consistentcrud.runtime.internal.store.ReplaceWrite},
 * {@link io.consistentcrud.runtime.internal.store.IncrementWrite},
 * {@link io.consistentcrud.runtime.internal.store.DeleteWrite},
 * {@link io.consistentcrud.runtime.internal.store.CheckWrite}) makes both the single request and the transaction
 * item; {@link io.consistentcrud.runtime.internal.store.TransactionalExecutor} runs transactional writes with their
 * {@code ClientRequestToken}; {@link io.consistentcrud.runtime.internal.store.IdempotencyRecords} persists the
 * Idempotency-Key records apart from the write flow; {@link io.consistentcrud.runtime.internal.store.Tombstones}
 * is the delete protocol; {@link io.consistentcrud.runtime.internal.store.DynamoDbCalls} sends every request,
 * capped by the deadline and re-sent while that is safe. The mechanisms are documented in
 * {@code docs/exactly-once.md}.
 */
package io.consistentcrud.runtime.internal.store;
