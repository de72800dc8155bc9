/**
 * The test kit: tests for your own functions on the runtime, with no AWS account and nothing to configure.
 * {@link io.consistentcrud.testing.LocalStore} gives a handler the store {@code bindStore} would give it, on
 * {@link io.consistentcrud.testing.LocalDynamoDb} (DynamoDB Local in this JVM, on 127.0.0.1);
 * {@link io.consistentcrud.testing.FaultProxy} loses DynamoDB's answers after it committed;
 * {@link io.consistentcrud.testing.InvocationContext} is the Lambda context to invoke a handler with.
 * Use it at test scope (the local mode of the sample app invokes its functions with the same context).
 */
package io.consistentcrud.testing;
