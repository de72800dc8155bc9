/**
 * The parts {@link io.consistentcrud.cdk.ConsistentCrudApi} is built from: props validation, the tables, the
 * function and its role, the REST API, metrics, alarms, the dashboard and the cdk-nag findings, one class each.
 *
 * <p><b>Not API.</b> These types are public only so the construct's package can use them; they may change or go
 * away in any release without notice. Use {@link io.consistentcrud.cdk.ConsistentCrudApi} and the types of
 * {@code io.consistentcrud.cdk} instead.
 */
package io.consistentcrud.cdk.internal;
