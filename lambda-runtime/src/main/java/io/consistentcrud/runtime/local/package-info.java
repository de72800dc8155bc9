/**
 * Running the runtime's handlers outside Lambda: the local mode, the benchmarks and the tests invoke them with an
 * {@link io.consistentcrud.runtime.local.InvocationContext}. Nothing here is loaded inside Lambda.
 */
package io.consistentcrud.runtime.local;
