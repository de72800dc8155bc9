package io.consistentcrud.cdk.internal;

import io.consistentcrud.contract.GatewayProblem;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import software.amazon.awscdk.services.apigateway.GatewayResponseOptions;
import software.amazon.awscdk.services.apigateway.ResponseType;
import software.amazon.awscdk.services.apigateway.RestApi;

/**
 * The answers API Gateway gives on its own (auth failures, throttling, timeouts), one gateway response per response
 * type API Gateway has, as the RFC 9457 {@code application/problem+json} of {@link GatewayProblem}, like the
 * runtime's, so clients parse one error format.
 */
final class ProblemResponses {
    private ProblemResponses() {
    }

    static void addTo(RestApi api, String allowOrigin) {
        for (GatewayProblem p : GatewayProblem.values()) {
            Map<String, String> headers = new LinkedHashMap<>();
            headers.put("Content-Type", "'" + GatewayProblem.CONTENT_TYPE + "'");
            if (allowOrigin != null) {
                headers.put("Access-Control-Allow-Origin", "'" + allowOrigin + "'");
            }
            api.addGatewayResponse(constructId(p), GatewayResponseOptions.builder()
                    .type(ResponseType.of(p.responseType()))
                    .statusCode(p.status() == 0 ? null : Integer.toString(p.status()))
                    .responseHeaders(headers)
                    .templates(Map.of("application/json", p.template()))
                    .build());
        }
    }

    /** {@code INTEGRATION_TIMEOUT} -> {@code IntegrationTimeout}, {@code DEFAULT_4XX} -> {@code Default4xx}. */
    private static String constructId(GatewayProblem p) {
        StringBuilder id = new StringBuilder();
        for (String word : p.responseType().toLowerCase(Locale.ROOT).split("_")) {
            id.append(Character.toUpperCase(word.charAt(0))).append(word.substring(1));
        }
        return id.toString();
    }

    /**
     * The problems the gateway answers itself, slug to every status it can carry (the fallbacks' included), for the
     * OpenAPI document.
     */
    static Map<String, Set<Integer>> statuses() {
        Map<String, Set<Integer>> statuses = new LinkedHashMap<>();
        for (GatewayProblem p : GatewayProblem.values()) {
            statuses.computeIfAbsent(p.slug(), s -> new TreeSet<>()).addAll(p.statuses());
        }
        return statuses;
    }
}
