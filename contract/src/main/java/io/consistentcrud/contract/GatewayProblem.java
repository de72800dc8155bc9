package io.consistentcrud.contract;

import java.util.Set;

/**
 * The answers API Gateway gives itself, one per gateway response type it has, as RFC 9457 problems: the construct
 * renders each into the template's {@code AWS::ApiGateway::GatewayResponse} ({@link #template()}), and the local
 * gateway renders its own answers from those template resources (or from {@link #template()} for a template without
 * them), so the two never disagree.
 *
 * <p>A gateway response template is simple variable substitution ({@code $context.*}), not VTL: the body cannot
 * branch. So the two fallbacks {@link #DEFAULT_4XX} and {@link #DEFAULT_5XX}, which answer whatever response type
 * has no response of its own (every type API Gateway has today has one), carry no {@code status} — API Gateway keeps
 * the status of the type that fell back, which the template cannot know — and name that type instead
 * ({@code responseType}, from {@code $context.error.responseType}) with API Gateway's message ({@code message}).
 */
public enum GatewayProblem {
    /** An authorizer (Cognito or custom) or IAM denied the caller. */
    ACCESS_DENIED(403, "access-denied", "Forbidden", "The caller is authenticated but not allowed to call this "
            + "method. With IAM: grant it execute-api:Invoke on the method; with an authorizer: check the policy or "
            + "the claims it requires."),
    /** The API's own configuration is broken; not the client's fault. */
    API_CONFIGURATION_ERROR(500, "api-configuration-error", "API configuration error", "API Gateway could not "
            + "process the request because the API is misconfigured; the request did not reach the service. Tell "
            + "the API's owner, with the requestId."),
    /** The authorizer could not be reached or answered something unusable. */
    AUTHORIZER_CONFIGURATION_ERROR(500, "authorizer-configuration-error", "Authorizer configuration error",
            "The API's authorizer could not be called or answered malformed; the request did not reach the "
                    + "service. Tell the API's owner, with the requestId."),
    /** The authorizer failed while authenticating the caller. */
    AUTHORIZER_FAILURE(500, "authorizer-failure", "Authorizer failure", "The API's authorizer failed while "
            + "authenticating the caller; the request did not reach the service. Retry later; if it persists, tell "
            + "the API's owner, with the requestId."),
    /** A request validator refused a parameter; {@code message} names the missing ones. */
    BAD_REQUEST_PARAMETERS(400, "bad-request-parameters", "Bad request parameters", "A parameter the method "
            + "requires (path, query string or header) is missing or invalid: send it as the API documents it."),
    /** A request validator refused the body against the method's model. */
    /**
     * A body the method's request model (the draft-4 part of the entity's schema) refuses: the runtime's
     * {@code schema-violation} problem, with the one violation API Gateway reports ({@code violations[0].message},
     * its validation message; the gateway gives no pointer or keyword apart), so clients read both answers alike.
     */
    BAD_REQUEST_BODY(ProblemTypes.SCHEMA_VIOLATION.status(), ProblemTypes.SCHEMA_VIOLATION.slug(),
            ProblemTypes.SCHEMA_VIOLATION.title(), "The body does not match the entity's schema: correct the members "
            + "the violations name and send it again."),
    /** The fallback of every 4xx response type without a response of its own. */
    DEFAULT_4XX(0, "client-error", "Client error", "API Gateway refused the request before it reached the "
            + "service, so nothing was applied; responseType and message say why. Correct the request before "
            + "repeating it."),
    /** The fallback of every 5xx response type without a response of its own. */
    DEFAULT_5XX(0, "server-error", "Server error", "API Gateway failed to process the request; responseType and "
            + "message say where." + Details.MAY_HAVE_APPLIED),
    /** The caller's credentials or token expired. */
    EXPIRED_TOKEN(403, "expired-token", "Expired token", "The request's credentials or token expired: sign the "
            + "request again with fresh credentials, or get a new token."),
    /** The function failed or answered something that is not a proxy response. */
    INTEGRATION_FAILURE(502, "bad-gateway", "Bad gateway", "The service failed to answer." + Details.MAY_HAVE_APPLIED),
    /** The function did not answer within the integration timeout; it may still commit. */
    INTEGRATION_TIMEOUT(504, "gateway-timeout", "Gateway timeout", "The service did not answer in time. The "
            + "request may have committed. A request with an Idempotency-Key: repeat it with the same key to get its "
            + "outcome without applying it twice. A write without one: read the item to learn whether it was "
            + "applied, because repeating it may apply it again."),
    /** A method that requires an API key got none, or an unknown one. */
    INVALID_API_KEY(403, "invalid-api-key", "Invalid API key", "The method requires an API key: send a valid one "
            + "in the x-api-key header."),
    /** The SigV4 signature does not match the request. */
    INVALID_SIGNATURE(403, "invalid-signature", "Invalid signature", "The request's SigV4 signature does not match: "
            + "sign exactly the request you send (method, path, query, headers, body) with the caller's current "
            + "credentials and clock."),
    /** No method serves the path, or an IAM-authorized method got an unsigned request. */
    MISSING_AUTHENTICATION_TOKEN(403, "not-found-or-unauthenticated", "Forbidden", "No method serves this path, "
            + "or the request is not signed: check the method and path against the API, and sign the request "
            + "(SigV4) when the API uses IAM."),
    /** The API key's usage plan quota is used up. */
    QUOTA_EXCEEDED(429, "quota-exceeded", "Quota exceeded", "The usage plan's request quota for this API key is "
            + "used up: wait until the quota period renews, or ask the API's owner for a larger quota."),
    /** The request is over API Gateway's payload limit. */
    REQUEST_TOO_LARGE(413, "request-too-large", "Request too large", "The request is over API Gateway's 10 MB "
            + "payload limit: send a smaller body."),
    /** No resource matches after authorization passed. */
    RESOURCE_NOT_FOUND(404, "resource-not-found", "Resource not found", "No resource of the API serves this path: "
            + "check the path against the API."),
    /** The stage's or usage plan's rate limit was exceeded. */
    THROTTLED(429, "throttled", "Too many requests", "The API's request rate limit was exceeded; nothing was "
            + "applied. Retry later with exponential backoff and jitter."),
    /** An authorizer found no valid credentials on the request. */
    UNAUTHORIZED(401, "unauthorized", "Unauthorized", "The request carries no valid credentials for the API's "
            + "authorizer: send the token it expects (e.g. an Authorization header with a current token)."),
    /** The payload's media type is not one the method accepts. */
    UNSUPPORTED_MEDIA_TYPE(415, "unsupported-media-type", "Unsupported media type", "The request's "
            + "Content-Type is not one the method accepts: send application/json (application/merge-patch+json for "
            + "PATCH)."),
    /** The API's web ACL (AWS WAF) blocked the request. */
    WAF_FILTERED(403, "waf-filtered", "Forbidden by the web ACL", "The API's web ACL (AWS WAF) blocked the request "
            + "because it matched a blocking rule; nothing was applied. Tell the API's owner, with the requestId, "
            + "if it should pass.");

    /** The {@code type} URIs' common prefix; stable, part of the HTTP contract. */
    public static final String TYPE_PREFIX = ProblemTypes.URN_PREFIX;
    /** The media type of every problem. */
    public static final String CONTENT_TYPE = "application/problem+json";

    private final int status;
    private final String slug;
    private final String title;
    private final String detail;

    GatewayProblem(int status, String slug, String title, String detail) {
        this.status = status;
        this.slug = slug;
        this.title = title;
        this.detail = detail;
    }

    /** {@return the gateway response type, as API Gateway names it ({@code DEFAULT_4XX}, {@code THROTTLED}, ...)} */
    public String responseType() {
        return name();
    }

    /** {@return the status the response sets, or 0 for the fallbacks, which keep API Gateway's status} */
    public int status() {
        return status;
    }

    /**
     * Every status this answer can carry, for the OpenAPI document, which lists each status an operation can answer
     * (no {@code default}, so an undocumented status fails the contract check). A fixed status is the one; the
     * fallbacks carry the status of the fault they answer: {@link #DEFAULT_4XX} those of HTTP itself a gateway
     * answers before any method runs (400 a request that is not well-formed HTTP/1.1, 408 one that did not arrive
     * in time, 431 a request line and headers over API Gateway's 10240-byte quota), {@link #DEFAULT_5XX} the
     * gateway's own failure (500). The local gateway answers only these statuses through the fallbacks, and checks
     * so when it loads; API Gateway documents no such list, so a deployed API could answer another status of the
     * class through a fallback.
     *
     * @return the statuses, never empty
     */
    public Set<Integer> statuses() {
        return switch (this) {
            case DEFAULT_4XX -> Set.of(400, 408, 431);
            case DEFAULT_5XX -> Set.of(500);
            default -> Set.of(status);
        };
    }

    /** {@return the problem's stable short name, e.g. {@code throttled}, as the runtime's problem types have one} */
    public String slug() {
        return slug;
    }

    /** {@return the problem's {@code type} URI: {@link #TYPE_PREFIX} followed by the slug} */
    public String type() {
        return TYPE_PREFIX + slug;
    }

    /** {@return the problem's {@code title}} */
    public String title() {
        return title;
    }

    /** {@return the problem's {@code detail}: what happened and what to do} */
    public String detail() {
        return detail;
    }

    /**
     * The fallback for a status class.
     *
     * @param status an HTTP status API Gateway answers with
     * @return {@link #DEFAULT_5XX} for a 5xx status, else {@link #DEFAULT_4XX}
     */
    public static GatewayProblem fallbackFor(int status) {
        return status >= 500 ? DEFAULT_5XX : DEFAULT_4XX;
    }

    /**
     * The gateway response's {@code application/json} template: the problem with {@code $context} variables API
     * Gateway substitutes ({@code requestId}; for the fallbacks the response type and API Gateway's message).
     *
     * @return the JSON template, as the {@code ResponseTemplates} value of the gateway response
     */
    public String template() {
        StringBuilder sb = new StringBuilder(256).append("{\"type\":\"").append(type()).append("\",\"title\":\"")
                .append(title).append('"');
        if (status != 0) {
            sb.append(",\"status\":").append(status);
        }
        sb.append(",\"detail\":\"").append(detail).append('"');
        if (this == BAD_REQUEST_PARAMETERS) {
            // API Gateway's own text names the parameters: "Missing required request parameters: [index]".
            sb.append(",\"message\":\"$context.error.validationErrorString\"");
        }
        if (this == BAD_REQUEST_BODY) {
            sb.append(",\"violations\":[{\"pointer\":\"\",\"keyword\":\"gateway\","
                    + "\"message\":\"$context.error.validationErrorString\"}]");
        }
        if (status == 0) {
            sb.append(",\"responseType\":\"$context.error.responseType\",\"message\":$context.error.messageString");
        }
        return sb.append(",\"requestId\":\"$context.requestId\"}").toString();
    }

    /** Texts several problems share. */
    private static final class Details {
        /**
         * One text serves every request (a gateway response cannot tell whether the request carried a key), so it
         * says both: a keyed write may be repeated safely; a keyless one may not, and must be read back instead.
         */
        static final String MAY_HAVE_APPLIED = " If the request was a write with an Idempotency-Key, repeat it with "
                + "the same key; a write without one may have been applied: read the item before repeating it.";
    }
}
