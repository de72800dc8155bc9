/**
 * Not API: helpers of the runtime (expressions from placeholders, hashing, JSON and items, merge patches, the
 * counting of SDK attempts) that may change in any release. The store's own machinery is in
 * {@link io.consistentcrud.runtime.internal.store}.
 */
package io.consistentcrud.runtime.internal;
