/**
 * The contract between the CDK construct ({@code consistentcrud-cdk}) and the Lambda runtime
 * ({@code consistentcrud-lambda-runtime}): every name one side writes and the other reads, written once; and the
 * problems API Gateway answers with ({@code GatewayProblem}), which the construct writes into the template and the
 * sample app's local gateway renders from it.
 *
 * <p>Both modules take their constants from here; the construct's {@code RuntimeEnvironment} and
 * {@code RuntimeMetrics} and the runtime's {@code RuntimeConfiguration}, {@code Bookkeeping} and {@code EmfMetrics}
 * re-export them under the names their users know. The {@code test} module has one test per contract that fails
 * when either side stops honouring it (see {@code docs/architecture.md}). The constants are compile-time constants,
 * so they are inlined where used: change one only together with both sides.
 */
package io.consistentcrud.contract;
