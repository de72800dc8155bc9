package io.consistentcrud.cdk;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.apigateway.EndpointType;

/**
 * The checked time budget of one request (guarantee G7), resolved from {@link ConsistentCrudApiProps}.
 *
 * <p>The chain that must hold, from the outside in:
 * <pre>
 * client timeout &gt; integration timeout &gt;= cold-start allowance + Lambda timeout
 *                 Lambda timeout &gt; SDK call timeout &gt;= attempts x attempt timeout + backoff
 * </pre>
 * If the gateway gives up first it answers 504 while the Lambda may still commit; if the Lambda gives up first while
 * the SDK is still retrying, a committed write is reported as a failure. Unset values are derived from the set ones:
 * <ul>
 *   <li>integration timeout: Lambda timeout + cold-start allowance when the Lambda timeout is set, else 29 s;</li>
 *   <li>cold-start allowance: 2 s with SnapStart, 5 s without;</li>
 *   <li>Lambda timeout: integration timeout minus the cold-start allowance, rounded down to whole seconds;</li>
 *   <li>SDK attempts: 3;</li>
 *   <li>SDK attempt timeout: (call timeout - backoff) / attempts when the call timeout is set, else 2 s, shortened
 *       when needed so that the call fits 1 s below the Lambda timeout;</li>
 *   <li>SDK call timeout: attempts x attempt timeout + backoff.</li>
 * </ul>
 * The backoff is the worst case of the SDK's standard retry strategy that the runtime uses: before retry {@code k}
 * it waits at most {@code min(20 s, 1 s x 2^(k-1))} (the throttling base delay, the longest one).
 */
public final class TimeoutBudget {
    /** API Gateway's default maximum integration timeout; the only maximum for EDGE endpoints. */
    public static final long DEFAULT_INTEGRATION_TIMEOUT_QUOTA_MS = 29_000;
    /** API Gateway's minimum integration timeout. */
    public static final long MIN_INTEGRATION_TIMEOUT_MS = 50;
    /** Lambda's maximum function timeout. */
    public static final long MAX_LAMBDA_TIMEOUT_MS = 900_000;
    /** The shortest SDK attempt timeout the construct accepts: below it even a healthy DynamoDB call times out. */
    public static final long MIN_ATTEMPT_TIMEOUT_MS = 100;
    /** The most SDK attempts the construct accepts. */
    public static final int MAX_ATTEMPTS = 10;

    static final long DEFAULT_ATTEMPT_TIMEOUT_MS = 2_000;
    static final int DEFAULT_MAX_ATTEMPTS = 3;
    static final long SNAPSTART_COLD_START_ALLOWANCE_MS = 2_000;
    static final long COLD_START_ALLOWANCE_MS = 5_000;
    private static final long THROTTLED_BASE_DELAY_MS = 1_000;
    private static final long MAX_BACKOFF_MS = 20_000;
    private static final long CALL_HEADROOM_MS = 1_000;

    private final Long clientTimeoutMs;
    private final long integrationTimeoutMs;
    private final long coldStartAllowanceMs;
    private final long lambdaTimeoutMs;
    private final long callTimeoutMs;
    private final long attemptTimeoutMs;
    private final int maxAttempts;
    private final long backoffMs;
    private final List<String> notes;

    private TimeoutBudget(Long clientTimeoutMs, long integrationTimeoutMs, long coldStartAllowanceMs,
                          long lambdaTimeoutMs, long callTimeoutMs, long attemptTimeoutMs, int maxAttempts,
                          long backoffMs, List<String> notes) {
        this.notes = List.copyOf(notes);
        this.clientTimeoutMs = clientTimeoutMs;
        this.integrationTimeoutMs = integrationTimeoutMs;
        this.coldStartAllowanceMs = coldStartAllowanceMs;
        this.lambdaTimeoutMs = lambdaTimeoutMs;
        this.callTimeoutMs = callTimeoutMs;
        this.attemptTimeoutMs = attemptTimeoutMs;
        this.maxAttempts = maxAttempts;
        this.backoffMs = backoffMs;
    }

    /**
     * Derives the unset values of the budget and checks the whole chain.
     *
     * @param constructPath the path named in a violation's message
     * @param props         the construct's props
     * @return the resolved budget; {@link #getNotes()} tells which derived values were lowered to fit
     * @throws ConsistentCrudApiValidationException naming every broken rule at once, each with its numbers and a
     *                                              fix, when the chain is broken
     */
    public static TimeoutBudget resolve(String constructPath, ConsistentCrudApiProps props) {
        List<String> violations = new ArrayList<>();
        List<String> notes = new ArrayList<>();

        int attempts = props.getSdkMaxAttempts() != null ? props.getSdkMaxAttempts() : DEFAULT_MAX_ATTEMPTS;
        // A value that breaks its own rule is not used to check the rules that depend on it: those findings would
        // only repeat it.
        boolean attemptsValid = attempts >= 1 && attempts <= MAX_ATTEMPTS;
        if (!attemptsValid) {
            violations.add("sdkMaxAttempts " + attempts + " is not between 1 and " + MAX_ATTEMPTS);
            attempts = Math.max(1, Math.min(MAX_ATTEMPTS, attempts));
        }
        long backoff = maxBackoffMs(attempts);

        Long allowanceSet = millis(props.getColdStartAllowance());
        long allowance = allowanceSet != null ? allowanceSet
                : Boolean.TRUE.equals(props.getSnapStart()) ? SNAPSTART_COLD_START_ALLOWANCE_MS : COLD_START_ALLOWANCE_MS;

        Long lambdaSet = millis(props.getLambdaTimeout());
        Long integrationSet = millis(props.getIntegrationTimeout());
        long integration;
        String integrationName;
        if (integrationSet != null) {
            integration = integrationSet;
            integrationName = "integration timeout " + format(integration);
        } else if (lambdaSet != null) {
            integration = lambdaSet + allowance;
            integrationName = "integration timeout " + format(integration) + " (Lambda timeout " + format(lambdaSet)
                    + " + " + format(allowance) + " cold-start allowance)";
        } else {
            integration = DEFAULT_INTEGRATION_TIMEOUT_QUOTA_MS;
            integrationName = "integration timeout " + format(integration);
        }
        if (integration < MIN_INTEGRATION_TIMEOUT_MS) {
            violations.add(integrationName + " is below API Gateway's minimum of "
                    + format(MIN_INTEGRATION_TIMEOUT_MS));
        }
        if (integration > DEFAULT_INTEGRATION_TIMEOUT_QUOTA_MS) {
            if (props.getEndpointType() == EndpointType.EDGE) {
                violations.add(integrationName + " is above " + format(DEFAULT_INTEGRATION_TIMEOUT_QUOTA_MS)
                        + ", the most an EDGE endpoint allows; use a REGIONAL or PRIVATE endpoint");
            } else if (!Boolean.TRUE.equals(props.getIntegrationTimeoutQuotaAcknowledged())) {
                violations.add(integrationName + " is above API Gateway's default quota of "
                        + format(DEFAULT_INTEGRATION_TIMEOUT_QUOTA_MS) + "; raise the account's quota first and then "
                        + "set integrationTimeoutQuotaAcknowledged to true");
            }
        }

        long lambda;
        boolean lambdaValid = true;
        if (lambdaSet != null) {
            lambda = lambdaSet;
            if (lambda % 1000 != 0) {
                violations.add("Lambda timeout " + format(lambda) + " is not a whole number of seconds; use "
                        + format(Math.max(1000, lambda / 1000 * 1000)) + " or " + format((lambda / 1000 + 1) * 1000));
            }
            if (lambda < 1000 || lambda > MAX_LAMBDA_TIMEOUT_MS) {
                violations.add("Lambda timeout " + format(lambda) + " is not between 1 s and "
                        + format(MAX_LAMBDA_TIMEOUT_MS));
                lambdaValid = false;
            }
            if (lambda + allowance > integration) {
                violations.add("Lambda timeout " + format(lambda) + " exceeds the integration timeout "
                        + format(integration) + " minus the " + format(allowance) + " cold-start allowance ("
                        + format(integration - allowance) + "); use a Lambda timeout of at most "
                        + format(Math.max(0, (integration - allowance) / 1000 * 1000)) + ", or an integration timeout "
                        + "of at least " + format(lambda + allowance));
            }
        } else {
            lambda = (integration - allowance) / 1000 * 1000;
            if (lambda > MAX_LAMBDA_TIMEOUT_MS) {
                notes.add("the derived Lambda timeout was lowered from " + format(lambda) + " to Lambda's maximum of "
                        + format(MAX_LAMBDA_TIMEOUT_MS) + "; the rest of the " + integrationName + " stays unused");
                lambda = MAX_LAMBDA_TIMEOUT_MS;
            }
            if (lambda < 1000) {
                violations.add(integrationName + " minus the " + format(allowance) + " cold-start allowance leaves "
                        + "less than the 1 s minimum Lambda timeout; use an integration timeout of at least "
                        + format(allowance + 1000));
                lambdaValid = false;
            }
        }

        Long callSet = millis(props.getSdkCallTimeout());
        Long attemptSet = millis(props.getSdkAttemptTimeout());
        long attempt;
        if (attemptSet != null) {
            attempt = attemptSet;
            if (attempt < MIN_ATTEMPT_TIMEOUT_MS) {
                violations.add("SDK attempt timeout " + format(attempt) + " is below the "
                        + format(MIN_ATTEMPT_TIMEOUT_MS) + " minimum");
            }
        } else if (callSet != null) {
            attempt = (callSet - backoff) / attempts;
            if (attemptsValid && attempt < MIN_ATTEMPT_TIMEOUT_MS) {
                long needed = backoff + attempts * MIN_ATTEMPT_TIMEOUT_MS;
                violations.add("SDK call timeout " + format(callSet) + " is too short for " + attempts
                        + " attempts: they need the " + format(backoff) + " worst-case backoff + " + attempts + " x "
                        + format(MIN_ATTEMPT_TIMEOUT_MS) + " minimum attempt timeout = " + format(needed) + "; "
                        + fewerAttempts(callSet, 0, attempts) + "an SDK call timeout of at least " + format(needed));
            }
        } else {
            long fitting = (lambda - CALL_HEADROOM_MS - backoff) / attempts;
            attempt = Math.min(DEFAULT_ATTEMPT_TIMEOUT_MS, fitting);
            if (lambdaValid && attemptsValid && attempt < MIN_ATTEMPT_TIMEOUT_MS) {
                long needed = CALL_HEADROOM_MS + backoff + attempts * MIN_ATTEMPT_TIMEOUT_MS;
                long neededLambda = (needed + 999) / 1000 * 1000;
                violations.add("Lambda timeout " + format(lambda) + " is too short for " + attempts + " SDK attempts: "
                        + "they need " + format(CALL_HEADROOM_MS) + " headroom + the " + format(backoff)
                        + " worst-case backoff + " + attempts + " x " + format(MIN_ATTEMPT_TIMEOUT_MS) + " minimum "
                        + "attempt timeout = " + format(needed) + "; " + fewerAttempts(lambda, CALL_HEADROOM_MS,
                        attempts) + "a Lambda timeout of at least " + format(neededLambda)
                        + (lambdaSet == null ? " (an integration timeout of at least "
                        + format(neededLambda + allowance) + ")" : ""));
            } else if (lambdaValid && attemptsValid && attempt < DEFAULT_ATTEMPT_TIMEOUT_MS) {
                notes.add("the derived SDK attempt timeout was lowered from " + format(DEFAULT_ATTEMPT_TIMEOUT_MS)
                        + " to " + format(attempt) + " so that " + attempts + " attempts and their "
                        + format(backoff) + " worst-case backoff end " + format(CALL_HEADROOM_MS) + " before the "
                        + format(lambda) + " Lambda timeout; set sdkAttemptTimeout, fewer sdkMaxAttempts or a longer "
                        + "Lambda timeout to choose otherwise");
            }
        }
        long needed = attempts * attempt + backoff;
        long call = callSet != null ? callSet : needed;
        if (callSet != null && attemptSet != null && attemptsValid && call < needed) {
            long fitting = (call - backoff) / attempts;
            violations.add("SDK call timeout " + format(call) + " is below " + attempts + " attempts x "
                    + format(attempt) + " attempt timeout + " + format(backoff) + " backoff (" + format(needed)
                    + "); use an SDK call timeout of at least " + format(needed)
                    + (fitting >= MIN_ATTEMPT_TIMEOUT_MS ? ", or an attempt timeout of at most " + format(fitting) : ""));
        }
        // A call timeout derived from values that broke their own rules is no finding of its own.
        boolean callKnown = callSet != null || (attemptsValid && attempt >= MIN_ATTEMPT_TIMEOUT_MS);
        if (lambdaValid && callKnown && call >= lambda) {
            violations.add("SDK call timeout " + format(call) + " is not below the Lambda timeout " + format(lambda)
                    + "; use an SDK call timeout below " + format(lambda) + ", or a Lambda timeout of at least "
                    + format((call / 1000 + 1) * 1000));
        }

        Long client = millis(props.getClientTimeout());
        if (client != null && client <= integration) {
            violations.add("client timeout " + format(client) + " is not above the integration timeout "
                    + format(integration) + "; clients must wait at least " + format(integration + 1000)
                    + ", or the integration timeout must be shorter");
        }
        if (violations.size() == 1) {
            throw new ConsistentCrudApiValidationException(constructPath, violations.get(0));
        } else if (!violations.isEmpty()) {
            StringBuilder detail = new StringBuilder("the timeout budget breaks " + violations.size() + " rules:");
            for (int i = 0; i < violations.size(); i++) {
                detail.append("\n  ").append(i + 1).append(". ").append(violations.get(i));
            }
            detail.append("\n  one combination that keeps every rule: ").append(propose(props, allowance));
            throw new ConsistentCrudApiValidationException(constructPath, detail.toString());
        }
        return new TimeoutBudget(client, integration, allowance, lambda, call, attempt, attempts, backoff, notes);
    }

    /**
     * One set of values that keeps every rule at once, for a message that lists several broken rules (the fix of
     * each rule alone may break another). It keeps what the props set wherever the chain allows and grows the outer
     * timeouts to fit the inner ones; when that would pass the integration timeout's quota it shrinks the SDK's
     * attempt timeout, then its attempts, instead. Every value is given, so that setting them all is enough.
     */
    private static String propose(ConsistentCrudApiProps props, long allowance) {
        int attempts = props.getSdkMaxAttempts() != null
                ? Math.max(1, Math.min(MAX_ATTEMPTS, props.getSdkMaxAttempts())) : DEFAULT_MAX_ATTEMPTS;
        Long attemptSet = millis(props.getSdkAttemptTimeout());
        Long callSet = millis(props.getSdkCallTimeout());
        Long lambdaSet = millis(props.getLambdaTimeout());
        Long integrationSet = millis(props.getIntegrationTimeout());
        Long clientSet = millis(props.getClientTimeout());
        long quota = props.getEndpointType() != EndpointType.EDGE
                && Boolean.TRUE.equals(props.getIntegrationTimeoutQuotaAcknowledged())
                ? MAX_LAMBDA_TIMEOUT_MS + allowance : DEFAULT_INTEGRATION_TIMEOUT_QUOTA_MS;

        // Inside out: the SDK's values as set (raised to their minimum), then what encloses them.
        long backoff = maxBackoffMs(attempts);
        long attempt = Math.max(MIN_ATTEMPT_TIMEOUT_MS, attemptSet != null ? attemptSet
                : callSet != null ? (callSet - backoff) / attempts : DEFAULT_ATTEMPT_TIMEOUT_MS);
        long call = Math.max(callSet != null ? callSet : 0, attempts * attempt + backoff);
        long lambda = Math.max(1000, ceilSeconds(Math.max(lambdaSet != null ? lambdaSet : 0, call + 1)));
        long maxLambda = Math.min(MAX_LAMBDA_TIMEOUT_MS, (quota - allowance) / 1000 * 1000);
        if (lambda > maxLambda) {
            // The gateway cannot wait that long: the SDK's retries shrink to fit, keeping the Lambda's headroom.
            lambda = Math.max(1000, maxLambda);
            long room = lambda - CALL_HEADROOM_MS;
            while (attempts > 1 && maxBackoffMs(attempts) + attempts * MIN_ATTEMPT_TIMEOUT_MS > room) {
                attempts--;
            }
            backoff = maxBackoffMs(attempts);
            attempt = Math.max(MIN_ATTEMPT_TIMEOUT_MS, Math.min(attempt, (room - backoff) / attempts));
            call = attempts * attempt + backoff;
        }
        long integration = Math.max(MIN_INTEGRATION_TIMEOUT_MS, Math.max(lambda + allowance,
                integrationSet != null && integrationSet <= quota ? integrationSet : 0));
        StringBuilder proposal = new StringBuilder()
                .append("sdkMaxAttempts ").append(attempts)
                .append(", sdkAttemptTimeout ").append(format(attempt))
                .append(", sdkCallTimeout ").append(format(call))
                .append(", lambdaTimeout ").append(format(lambda))
                .append(", integrationTimeout ").append(format(integration));
        if (clientSet != null) {
            proposal.append(", clientTimeout ").append(format(Math.max(clientSet, integration + 1000)));
        }
        return proposal.toString();
    }

    private static long ceilSeconds(long millis) {
        return (millis + 999) / 1000 * 1000;
    }

    /**
     * "at most N attempts, or " when fewer attempts would fit {@code available - headroom} with the minimum attempt
     * timeout each, else nothing.
     */
    private static String fewerAttempts(long available, long headroom, int attempts) {
        for (int fewer = attempts - 1; fewer >= 1; fewer--) {
            if (headroom + maxBackoffMs(fewer) + fewer * MIN_ATTEMPT_TIMEOUT_MS <= available) {
                return "use at most " + fewer + (fewer == 1 ? " attempt" : " attempts") + ", or ";
            }
        }
        return "use ";
    }

    /**
     * The longest total backoff of the SDK's standard retry strategy over {@code attempts} attempts:
     * {@code sum over k = 1..attempts-1 of min(20 s, 1 s x 2^(k-1))}.
     *
     * @param attempts the SDK's attempts per call, the first included
     * @return the backoff in milliseconds; 0 for one attempt
     */
    public static long maxBackoffMs(int attempts) {
        long total = 0;
        for (int retry = 1; retry < attempts; retry++) {
            total += Math.min(MAX_BACKOFF_MS, THROTTLED_BASE_DELAY_MS << Math.min(retry - 1, 20));
        }
        return total;
    }

    /**
     * Formats milliseconds as seconds the way violation messages show them: {@code 29 s}, {@code 7.5 s}.
     *
     * @param millis a duration in milliseconds
     * @return the duration in seconds with the unit, without trailing zeros
     */
    public static String format(long millis) {
        return BigDecimal.valueOf(millis, 3).stripTrailingZeros().toPlainString() + " s";
    }

    private static Long millis(Duration d) {
        return d == null ? null : d.toMilliseconds().longValue();
    }

    /**
     * The client timeout the props declared, or null when none was declared.
     *
     * @return the client timeout the props declared, or null when none was declared
     */
    public Duration getClientTimeout() {
        return clientTimeoutMs == null ? null : Duration.millis(clientTimeoutMs);
    }

    /**
     * The shortest client timeout that keeps the chain: the integration timeout plus one second.
     *
     * @return the shortest client timeout that keeps the chain
     */
    public Duration getMinimumClientTimeout() {
        return Duration.millis(integrationTimeoutMs + 1000);
    }

    /**
     * API Gateway's integration timeout.
     *
     * @return API Gateway's integration timeout
     */
    public Duration getIntegrationTimeout() {
        return Duration.millis(integrationTimeoutMs);
    }

    /**
     * The share of the integration timeout a cold start may take before the handler runs.
     *
     * @return the share of the integration timeout a cold start may take before the handler runs
     */
    public Duration getColdStartAllowance() {
        return Duration.millis(coldStartAllowanceMs);
    }

    /**
     * The Lambda function's timeout.
     *
     * @return the Lambda function's timeout
     */
    public Duration getLambdaTimeout() {
        return Duration.millis(lambdaTimeoutMs);
    }

    /**
     * The SDK call timeout: all attempts and their backoff (runtime variable {@code CCA_CALL_TIMEOUT_MS}).
     *
     * @return the SDK call timeout
     */
    public Duration getSdkCallTimeout() {
        return Duration.millis(callTimeoutMs);
    }

    /**
     * The SDK attempt timeout (runtime variable {@code CCA_ATTEMPT_TIMEOUT_MS}).
     *
     * @return the SDK attempt timeout (runtime variable {@code CCA_ATTEMPT_TIMEOUT_MS})
     */
    public Duration getSdkAttemptTimeout() {
        return Duration.millis(attemptTimeoutMs);
    }

    /**
     * SDK attempts per call, the first included (runtime variable {@code CCA_MAX_ATTEMPTS}).
     *
     * @return SDK attempts per call, the first included (runtime variable {@code CCA_MAX_ATTEMPTS})
     */
    public int getSdkMaxAttempts() {
        return maxAttempts;
    }

    /**
     * The worst-case backoff between the SDK's attempts.
     *
     * @return the worst-case backoff between the SDK's attempts
     */
    public Duration getSdkMaxBackoff() {
        return Duration.millis(backoffMs);
    }

    /**
     * {@return derived values that were lowered to fit the chain (e.g. the attempt timeout under a short Lambda
     * timeout); the construct reports each as a warning annotation at synth}
     */
    public List<String> getNotes() {
        return notes;
    }

    /** {@return {@link #getIntegrationTimeout()} in milliseconds} */
    public long integrationTimeoutMillis() {
        return integrationTimeoutMs;
    }

    /** {@return {@link #getLambdaTimeout()} in milliseconds} */
    public long lambdaTimeoutMillis() {
        return lambdaTimeoutMs;
    }

    /** {@return {@link #getSdkCallTimeout()} in milliseconds} */
    public long callTimeoutMillis() {
        return callTimeoutMs;
    }

    /** {@return {@link #getSdkAttemptTimeout()} in milliseconds} */
    public long attemptTimeoutMillis() {
        return attemptTimeoutMs;
    }

    @Override
    public String toString() {
        return (clientTimeoutMs != null ? "client " + format(clientTimeoutMs) + " > " : "")
                + "integration " + format(integrationTimeoutMs) + " >= cold start " + format(coldStartAllowanceMs)
                + " + Lambda " + format(lambdaTimeoutMs) + "; Lambda " + format(lambdaTimeoutMs) + " > SDK call "
                + format(callTimeoutMs) + " >= " + maxAttempts + " x " + format(attemptTimeoutMs) + " + backoff "
                + format(backoffMs);
    }
}
