package io.consistentcrud.sample.local;

import io.consistentcrud.contract.GatewayProblem;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The answers the gateway gives itself (the Lambda never saw the request, or its answer is lost), rendered from the
 * template's {@code AWS::ApiGateway::GatewayResponse} resources as API Gateway renders them: the specific response
 * type, else {@code DEFAULT_4XX} / {@code DEFAULT_5XX}, else (a template without gateway responses) the
 * construct's own problem for that type, {@link GatewayProblem}, so every answer is problem+json from one source.
 */
final class GatewayResponses {
    /** A gateway answer ready to send. */
    record Rendered(int status, Map<String, String> headers, String body) {
    }

    /**
     * The answers the local gateway gives itself: the gateway response type API Gateway would use (or the fallback
     * for the faults of HTTP only this gateway sees), the status HTTP gives the fault, and the message API Gateway
     * substitutes for {@code $context.error.message} (for the local-only faults: what was wrong).
     */
    enum Type {
        INTEGRATION_TIMEOUT(GatewayProblem.INTEGRATION_TIMEOUT, "Endpoint request timed out"),
        INTEGRATION_FAILURE(GatewayProblem.INTEGRATION_FAILURE, "Internal server error"),
        MISSING_AUTHENTICATION_TOKEN(GatewayProblem.MISSING_AUTHENTICATION_TOKEN, "Missing Authentication Token"),
        REQUEST_TOO_LARGE(GatewayProblem.REQUEST_TOO_LARGE, "Request Too Long"),
        /** A query string parameter or header the method declares required is missing. */
        BAD_REQUEST_PARAMETERS(GatewayProblem.BAD_REQUEST_PARAMETERS, RequestValidators.MISSING_PARAMETERS),
        /** The body does not match the method's request model (the draft-4 part of the entity's schema). */
        BAD_REQUEST_BODY(GatewayProblem.BAD_REQUEST_BODY, "Invalid request body"),
        /** A request line, header line, framing or percent-encoding that does not parse, or a path not UTF-8. */
        MALFORMED_REQUEST(GatewayProblem.DEFAULT_4XX, 400, "Bad Request: the request is not well-formed HTTP/1.1, "
                + "or its path or query is not percent-encoded UTF-8"),
        /** A request target that is not a path, e.g. {@code *}. */
        TARGET_NOT_A_PATH(GatewayProblem.DEFAULT_4XX, 400, "Bad Request: the request target must be a path"),
        /** Content-Length with Transfer-Encoding, differing lengths, or a coding other than chunked. */
        AMBIGUOUS_BODY_LENGTH(GatewayProblem.DEFAULT_4XX, 400, "Bad Request: the body's length is ambiguous; send "
                + "either one Content-Length or Transfer-Encoding: chunked (HTTP/1.1 only)"),
        /** A request that did not arrive completely within the whole-request deadline. */
        REQUEST_TIMEOUT(GatewayProblem.DEFAULT_4XX, 408, "Request Timeout: the request did not arrive completely "
                + "in time"),
        /** The request line and headers are over API Gateway's quota. */
        REQUEST_HEADERS_TOO_LARGE(GatewayProblem.DEFAULT_4XX, 431, "Request Header Fields Too Large: the request "
                + "line and headers are over the 10240-byte limit of API Gateway"),
        /** The local gateway itself failed (a bug): logged, and answered as a server error. */
        GATEWAY_FAILURE(GatewayProblem.DEFAULT_5XX, 500, "Internal server error");

        final GatewayProblem problem;
        final int status;
        final String message;

        /** A response type of API Gateway's own: the status is its problem's. */
        Type(GatewayProblem problem, String message) {
            this(problem, problem.status(), message);
        }

        /** A fault answered through a fallback ({@code DEFAULT_4XX}/{@code 5XX}), which has no status of its own. */
        Type(GatewayProblem problem, int status, String message) {
            // The OpenAPI document lists the statuses the contract declares for each gateway answer: one answered
            // with any other would be undocumented, so it fails here, when the gateway loads, not in a client.
            if (!problem.statuses().contains(status)) {
                throw new IllegalStateException(name() + " answers " + status + ", which " + problem.responseType()
                        + " does not declare (GatewayProblem.statuses)");
            }
            this.problem = problem;
            this.status = status;
            this.message = message;
        }
    }

    private static final Pattern VARIABLE = Pattern.compile(
            "\\$(?:\\{context\\.([A-Za-z0-9_.]+)}|context\\.([A-Za-z0-9_]+(?:\\.[A-Za-z0-9_]+)*))");

    private final Map<String, ApiTemplate.GatewayResponseSpec> specs;

    GatewayResponses(Map<String, ApiTemplate.GatewayResponseSpec> specs) {
        this.specs = Map.copyOf(specs);
    }

    /** Renders a response type with the request's context variables (e.g. {@code requestId}). */
    Rendered render(Type type, Map<String, String> context) {
        Map<String, String> variables = new LinkedHashMap<>(context);
        variables.put("error.message", type.message);
        variables.put("error.messageString", jsonString(type.message));
        variables.put("error.responseType", type.problem.responseType());
        Optional<ApiTemplate.GatewayResponseSpec> spec = Optional.ofNullable(specs.get(type.problem.responseType()))
                .or(() -> Optional.ofNullable(specs.get(GatewayProblem.fallbackFor(type.status).responseType())))
                .filter(s -> !s.templates().isEmpty());
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", GatewayProblem.CONTENT_TYPE);
        String template;
        if (spec.isPresent()) {
            headers.putAll(spec.get().headers());
            template = spec.get().templates().getOrDefault("application/json",
                    spec.get().templates().values().iterator().next());
        } else {
            template = type.problem.template();
        }
        // Without a status of its own, a response keeps the fault's (API Gateway: a fallback keeps the type's).
        int status = spec.flatMap(ApiTemplate.GatewayResponseSpec::statusCode)
                .orElse(spec.isEmpty() && type.problem.status() != 0 ? type.problem.status() : type.status);
        return new Rendered(status, headers, substitute(template, variables));
    }

    private static String jsonString(String text) {
        return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    private static String substitute(String template, Map<String, String> variables) {
        Matcher m = VARIABLE.matcher(template);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String name = m.group(1) != null ? m.group(1) : m.group(2);
            // API Gateway renders an unknown variable as nothing.
            m.appendReplacement(out, Matcher.quoteReplacement(variables.getOrDefault(name, "")));
        }
        m.appendTail(out);
        return out.toString();
    }
}
