package io.consistentcrud.sample.local;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Matches request paths against the API's resource templates as API Gateway does: literal path parts win over
 * {@code {param}}, which wins over a greedy {@code {param+}}; a resource without the request's method (nor
 * {@code ANY}) does not serve it.
 */
final class Routes {
    /** A matched route with its decoded path parameters. */
    record Match(ApiTemplate.Route route, Map<String, String> pathParameters) {
    }

    private final List<ApiTemplate.Route> routes;

    Routes(List<ApiTemplate.Route> routes) {
        this.routes = List.copyOf(routes);
    }

    /** The route serving a method on decoded path segments, if any. */
    Optional<Match> match(String method, List<String> segments) {
        Match best = null;
        int[] bestScore = null;
        for (ApiTemplate.Route route : routes) {
            if (!route.httpMethod().equals(method) && !route.httpMethod().equals("ANY")) {
                continue;
            }
            Map<String, String> params = new LinkedHashMap<>();
            int[] score = score(templateSegments(route.resourcePath()), segments, params);
            if (score == null) {
                continue;
            }
            // An exact method beats ANY on the same resource.
            score[score.length - 1] = route.httpMethod().equals(method) ? 1 : 0;
            if (best == null || compare(score, bestScore) > 0) {
                best = new Match(route, params);
                bestScore = score;
            }
        }
        return Optional.ofNullable(best);
    }

    private static List<String> templateSegments(String resourcePath) {
        List<String> out = new ArrayList<>();
        for (String s : resourcePath.split("/")) {
            if (!s.isEmpty()) {
                out.add(s);
            }
        }
        return out;
    }

    /** Per segment 2 for a literal, 1 for a parameter, 0 for greedy; null when the template does not match. */
    private static int[] score(List<String> template, List<String> path, Map<String, String> params) {
        int[] score = new int[Math.max(template.size(), path.size()) + 1];
        for (int i = 0; i < template.size(); i++) {
            String t = template.get(i);
            if (t.startsWith("{") && t.endsWith("+}")) {
                if (i != template.size() - 1 || path.size() <= i) {
                    return null;
                }
                params.put(t.substring(1, t.length() - 2), String.join("/", path.subList(i, path.size())));
                return score;
            }
            if (i >= path.size() || path.get(i).isEmpty()) {
                return null;
            }
            if (t.startsWith("{") && t.endsWith("}")) {
                params.put(t.substring(1, t.length() - 1), path.get(i));
                score[i] = 1;
            } else if (t.equals(path.get(i))) {
                score[i] = 2;
            } else {
                return null;
            }
        }
        return template.size() == path.size() ? score : null;
    }

    private static int compare(int[] a, int[] b) {
        for (int i = 0; i < Math.min(a.length, b.length); i++) {
            if (a[i] != b[i]) {
                return Integer.compare(a[i], b[i]);
            }
        }
        return Integer.compare(a.length, b.length);
    }
}
