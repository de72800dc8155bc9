package io.consistentcrud.sample.local;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The answers the gateway gives itself (the Lambda never saw the request, or its answer is lost), rendered from the
 * template's {@code AWS::ApiGateway::GatewayResponse} resources as API Gateway renders them: the specific response
 * type, else {@code DEFAULT_4XX} / {@code DEFAULT_5XX}, else a built-in problem+json with the status API Gateway
 * uses for that type.
 */
final class GatewayResponses {
    /** A gateway answer ready to send. */
    record Rendered(int status, Map<String, String> headers, String body) {
    }

    /** The response types the local gateway produces, with API Gateway's default status and message. */
    enum Type {
        INTEGRATION_TIMEOUT(504, "Endpoint request timed out",
                "The request may have committed. With an Idempotency-Key it is safe to repeat with the same key; "
                        + "a write without one may have been applied: read the item before repeating it."),
        INTEGRATION_FAILURE(502, "Internal server error", "The function failed. With an Idempotency-Key it is safe "
                + "to repeat with the same key; a write without one may have been applied: read the item first."),
        MISSING_AUTHENTICATION_TOKEN(403, "Missing Authentication Token", "No method is served at this path."),
        REQUEST_TOO_LARGE(413, "Request Too Long", "The request body is over the 10 MB limit of API Gateway."),
        /** The body does not match the method's request model (the draft-4 part of the entity's schema). */
        BAD_REQUEST_BODY(400, "Invalid request body", "The body does not match the entity's schema."),
        // The rest are no response type of API Gateway's own: they are answered through DEFAULT_4XX / DEFAULT_5XX,
        // with the status HTTP gives them.
        /** A request line, header line or percent-encoding that does not parse, or a path that is not UTF-8. */
        MALFORMED_REQUEST(400, "Bad Request", "The request is not well-formed HTTP, or its path is not "
                + "percent-encoded UTF-8."),
        /** A request target that is not a path, e.g. {@code *}. */
        TARGET_NOT_A_PATH(400, "Bad Request", "The request target must be a path."),
        /** Content-Length with Transfer-Encoding, differing lengths, or a coding other than chunked. */
        AMBIGUOUS_BODY_LENGTH(400, "Bad Request", "The body's length is ambiguous: send either one Content-Length "
                + "or Transfer-Encoding: chunked."),
        /** A request stalled before it was complete (e.g. a Content-Length longer than the body). */
        REQUEST_TIMEOUT(408, "Request Timeout", "The request did not arrive completely in time."),
        /** The request line and headers are over API Gateway's quota. */
        REQUEST_HEADERS_TOO_LARGE(431, "Request Header Fields Too Large", "The request line and headers are over "
                + "the 10240-byte limit of API Gateway."),
        /** The local gateway itself failed (a bug): logged, and answered as a server error. */
        GATEWAY_FAILURE(500, "Internal server error", "The gateway failed. With an Idempotency-Key it is safe to "
                + "repeat with the same key; a write without one may have been applied: read the item first.");

        final int status;
        final String message;
        final String detail;

        Type(int status, String message, String detail) {
            this.status = status;
            this.message = message;
            this.detail = detail;
        }

        /** The response type as API Gateway names it: its own, or the default type the local gateway's fall to. */
        String responseType() {
            return switch (this) {
                case INTEGRATION_TIMEOUT, INTEGRATION_FAILURE, MISSING_AUTHENTICATION_TOKEN, REQUEST_TOO_LARGE,
                     BAD_REQUEST_BODY -> name();
                default -> status >= 500 ? "DEFAULT_5XX" : "DEFAULT_4XX";
            };
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
        variables.put("error.messageString", "\"" + type.message + "\"");
        variables.put("error.responseType", type.responseType());
        Optional<ApiTemplate.GatewayResponseSpec> spec = Optional.ofNullable(specs.get(type.responseType()))
                .or(() -> Optional.ofNullable(specs.get(type.status >= 500 ? "DEFAULT_5XX" : "DEFAULT_4XX")));
        if (spec.isPresent() && !spec.get().templates().isEmpty()) {
            ApiTemplate.GatewayResponseSpec s = spec.get();
            String template = s.templates().getOrDefault("application/json", s.templates().values().iterator().next());
            Map<String, String> headers = new LinkedHashMap<>();
            headers.put("Content-Type", "application/json");
            headers.putAll(s.headers());
            return new Rendered(s.statusCode().orElse(type.status), headers, substitute(template, variables));
        }
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "application/problem+json");
        spec.ifPresent(s -> headers.putAll(s.headers()));
        String body = "{\"type\":\"urn:consistentcrud:problem:" + type.name().toLowerCase().replace('_', '-')
                + "\",\"title\":\"" + type.message + "\",\"status\":" + type.status
                + ",\"detail\":\"" + type.detail + "\",\"requestId\":\"" + variables.getOrDefault("requestId", "")
                + "\"}";
        return new Rendered(spec.flatMap(ApiTemplate.GatewayResponseSpec::statusCode).orElse(type.status), headers, body);
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
