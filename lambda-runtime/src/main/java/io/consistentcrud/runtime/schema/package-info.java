/**
 * Item schemas in the runtime: an entity's JSON Schema, compiled once, checked against every whole item the store
 * is asked to write (create, replace, the item a merge patch makes) and against increments; its violations.
 */
package io.consistentcrud.runtime.schema;
