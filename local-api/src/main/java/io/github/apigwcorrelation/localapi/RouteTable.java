package io.github.apigwcorrelation.localapi;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Matches a request to a route as API Gateway does: literal segments beat {@code {param}}, which beats
 * a greedy {@code {proxy+}}; a method beats {@code ANY}. All APIs share one port, as with
 * {@code sam local start-api}, so two APIs declaring the same method and path are refused.
 */
final class RouteTable {
    private final List<Route> routes;

    /**
     * A matched route.
     *
     * @param route the route
     * @param pathParameters its path parameters, decoded
     */
    record Match(Route route, Map<String, String> pathParameters) {}

    RouteTable(List<Route> routes) {
        Map<String, Route> seen = new LinkedHashMap<>();
        for (Route route : routes) {
            String key = route.method() + " " + route.path().replaceAll("\\{[^}/]+\\+}", "{+}").replaceAll("\\{[^}/+]+}", "{}");
            Route other = seen.putIfAbsent(key, route);
            if (other != null) {
                throw new TemplateException(route.method() + " " + route.path() + " is declared by both " + other.api()
                        + " and " + route.api() + "; one port cannot serve both");
            }
        }
        this.routes = List.copyOf(routes);
    }

    List<Route> routes() {
        return routes;
    }

    /**
     * Which API an unmatched path belongs to, for the answer's format: the APIs with a route under the path's first
     * segment, else every API; a REST API among them wins (all APIs share one port here, unlike in AWS).
     */
    Route.Kind kindFor(String path) {
        String[] p = segments(path);
        String first = p.length == 0 ? "" : p[0];
        List<Route> candidates = routes.stream().filter(r -> {
            String[] t = segments(r.path());
            return t.length > 0 && (t[0].equals(first) || t[0].startsWith("{"));
        }).toList();
        return (candidates.isEmpty() ? routes : candidates).stream().anyMatch(r -> r.kind() == Route.Kind.REST)
                ? Route.Kind.REST : routes.isEmpty() ? Route.Kind.REST : Route.Kind.HTTP_V2;
    }

    /** The format of an answer given before the path is known. */
    Route.Kind defaultKind() {
        return routes.isEmpty() || routes.stream().anyMatch(r -> r.kind() == Route.Kind.REST) ? Route.Kind.REST : Route.Kind.HTTP_V2;
    }

    /** The best route for this method and path, or null; {@code methodAllowed[0]} tells whether the path exists. */
    Match match(String method, String path, boolean[] pathExists) {
        Match best = null;
        int[] bestScore = null;
        for (Route route : routes) {
            Map<String, String> params = new LinkedHashMap<>();
            int[] score = score(route.path(), path, params);
            if (score == null) {
                continue;
            }
            pathExists[0] = true;
            if (!route.method().equals("ANY") && !route.method().equalsIgnoreCase(method)) {
                continue;
            }
            int[] ranked = append(score, route.method().equals("ANY") ? 0 : 1);
            if (bestScore == null || compare(ranked, bestScore) > 0) {
                best = new Match(route, params);
                bestScore = ranked;
            }
        }
        return best;
    }

    /** Per segment 3 for a literal, 2 for a parameter, 1 for a greedy tail; null if the template does not match. */
    private static int[] score(String template, String path, Map<String, String> params) {
        String[] t = segments(template);
        String[] p = segments(path);
        List<Integer> score = new ArrayList<>();
        for (int i = 0; i < t.length; i++) {
            String seg = t[i];
            if (seg.startsWith("{") && seg.endsWith("+}")) {
                if (i >= p.length) {
                    return null;
                }
                params.put(seg.substring(1, seg.length() - 2), String.join("/", java.util.Arrays.copyOfRange(p, i, p.length)));
                score.add(1);
                return score.stream().mapToInt(Integer::intValue).toArray();
            }
            if (i >= p.length) {
                return null;
            }
            if (seg.startsWith("{") && seg.endsWith("}")) {
                params.put(seg.substring(1, seg.length() - 1), java.net.URLDecoder.decode(p[i].replace("+", "%2B"),
                        java.nio.charset.StandardCharsets.UTF_8));
                score.add(2);
            } else if (seg.equals(p[i])) {
                score.add(3);
            } else {
                return null;
            }
        }
        return t.length == p.length ? score.stream().mapToInt(Integer::intValue).toArray() : null;
    }

    private static String[] segments(String path) {
        String trimmed = path.replaceAll("^/+|/+$", "");
        return trimmed.isEmpty() ? new String[0] : trimmed.split("/");
    }

    private static int[] append(int[] a, int v) {
        int[] r = java.util.Arrays.copyOf(a, a.length + 1);
        r[a.length] = v;
        return r;
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
