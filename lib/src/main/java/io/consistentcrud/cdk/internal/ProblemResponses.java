package io.consistentcrud.cdk.internal;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.services.apigateway.GatewayResponseOptions;
import software.amazon.awscdk.services.apigateway.ResponseType;
import software.amazon.awscdk.services.apigateway.RestApi;

/**
 * The answers API Gateway gives on its own (auth failures, throttling, timeouts) as RFC 9457
 * {@code application/problem+json}, like the runtime's, so clients parse one error format.
 */
final class ProblemResponses {
    /** The {@code type} URIs' common prefix; stable, part of the HTTP contract. */
    static final String TYPE_PREFIX = "urn:consistentcrud:problem:";
    static final String CONTENT_TYPE = "application/problem+json";
    /**
     * One text serves every request (a gateway response cannot tell whether the request carried a key), so it says
     * both: a keyed write may be repeated safely; a keyless one may not, and must be read back instead.
     */
    static final String GATEWAY_TIMEOUT_DETAIL = "The service did not answer in time. The request may have "
            + "committed. A request with an Idempotency-Key: repeat it with the same key to get its outcome without "
            + "applying it twice. A write without one: read the item to learn whether it was applied, because "
            + "repeating it may apply it again.";
    static final String FAILED_WRITE_DETAIL = " If the request was a write with an Idempotency-Key, repeat it with "
            + "the same key; a write without one may have been applied: read the item before repeating it.";

    private record Problem(ResponseType type, String id, String status, String slug, String title, String detail) {
    }

    private static final List<Problem> PROBLEMS = List.of(
            new Problem(ResponseType.INTEGRATION_TIMEOUT, "IntegrationTimeout", "504", "gateway-timeout",
                    "Gateway timeout", GATEWAY_TIMEOUT_DETAIL),
            new Problem(ResponseType.INTEGRATION_FAILURE, "IntegrationFailure", "502", "bad-gateway",
                    "Bad gateway", "The service failed to answer." + FAILED_WRITE_DETAIL),
            new Problem(ResponseType.THROTTLED, "Throttled", "429", "throttled", "Too many requests",
                    "The API's request rate limit was exceeded; retry later with backoff."),
            new Problem(ResponseType.ACCESS_DENIED, "AccessDenied", "403", "access-denied", "Forbidden",
                    "The caller is not allowed to make this request."),
            new Problem(ResponseType.UNAUTHORIZED, "Unauthorized", "401", "unauthorized", "Unauthorized",
                    "The request carries no valid credentials."),
            new Problem(ResponseType.MISSING_AUTHENTICATION_TOKEN, "MissingAuthenticationToken", "403",
                    "not-found-or-unauthenticated", "Forbidden",
                    "The resource does not exist or the request is not signed."),
            new Problem(ResponseType.BAD_REQUEST_PARAMETERS, "BadRequestParameters", "400", "bad-request",
                    "Bad request", "A required path parameter or header is missing."),
            new Problem(ResponseType.BAD_REQUEST_BODY, "BadRequestBody", "400", SchemaViolationResponse.SLUG,
                    SchemaViolationResponse.TITLE, SchemaViolationResponse.DETAIL),
            new Problem(ResponseType.REQUEST_TOO_LARGE, "RequestTooLarge", "413", "request-too-large",
                    "Request too large", "The request is larger than the API accepts."),
            new Problem(ResponseType.DEFAULT_4_XX, "Default4xx", null, "client-error", "Client error",
                    "The API rejected the request."),
            new Problem(ResponseType.DEFAULT_5_XX, "Default5xx", null, "server-error", "Server error",
                    "The API failed to process the request." + FAILED_WRITE_DETAIL));

    private ProblemResponses() {
    }

    static void addTo(RestApi api, String allowOrigin) {
        for (Problem p : PROBLEMS) {
            Map<String, String> headers = new LinkedHashMap<>();
            headers.put("Content-Type", "'" + CONTENT_TYPE + "'");
            if (allowOrigin != null) {
                headers.put("Access-Control-Allow-Origin", "'" + allowOrigin + "'");
            }
            api.addGatewayResponse(p.id(), GatewayResponseOptions.builder()
                    .type(p.type())
                    .statusCode(p.status())
                    .responseHeaders(headers)
                    .templates(Map.of("application/json", p.type() == ResponseType.BAD_REQUEST_BODY
                            ? SchemaViolationResponse.body(TYPE_PREFIX) : body(p)))
                    .build());
        }
    }

    static String body(Problem p) {
        return "{\"type\":\"" + TYPE_PREFIX + p.slug() + "\",\"title\":\"" + p.title() + "\","
                + (p.status() != null ? "\"status\":" + p.status() + "," : "")
                + "\"detail\":\"" + p.detail() + "\",\"requestId\":\"$context.requestId\"}";
    }

    /** The problems the gateway answers itself with a fixed status, slug to status, for the OpenAPI document. */
    static Map<String, Integer> statuses() {
        Map<String, Integer> statuses = new LinkedHashMap<>();
        PROBLEMS.stream().filter(p -> p.status() != null)
                .forEach(p -> statuses.put(p.slug(), Integer.parseInt(p.status())));
        return statuses;
    }
}
