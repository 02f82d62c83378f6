package dev.orderreturns.local;

import dev.orderreturns.local.SamTemplate.HttpApiEvent;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The HTTP API's routes (from the template's HttpApi events) and API Gateway's choice among them:
 * a route without a greedy variable beats one with; segment by segment, a static segment beats
 * {@code {param}}, which beats {@code {proxy+}} (so the longest matching prefix wins among greedy
 * routes); a route for the request's method beats {@code ANY}; {@code $default} comes last.
 */
public final class HttpRoutes {

    /** One route; {@code authorizer} is null for routes open to anyone. */
    public record Route(String method, String path, String functionId, SamTemplate.JwtAuthorizer authorizer,
                        List<String> segments) {
        public String routeKey() {
            return isDefault() ? "$default" : method + " " + path;
        }

        public boolean isDefault() {
            return "$default".equals(path);
        }

        boolean greedy() {
            return !segments.isEmpty() && isGreedy(segments.getLast());
        }
    }

    /** The chosen route and the decoded values of its path variables. */
    public record Match(Route route, Map<String, String> pathParameters) {}

    private final List<Route> routes;

    public HttpRoutes(List<Route> routes) {
        Map<String, Route> byKey = new HashMap<>();
        for (Route route : routes) {
            Route previous = byKey.put(route.routeKey(), route);
            if (previous != null) {
                // API Gateway refuses the deployment too
                throw new IllegalArgumentException("route " + route.routeKey() + " is declared by both "
                        + previous.functionId() + " and " + route.functionId());
            }
        }
        this.routes = List.copyOf(routes);
    }

    public static HttpRoutes from(SamTemplate template) {
        List<Route> routes = new ArrayList<>();
        for (SamTemplate.Function function : template.functions().values()) {
            for (HttpApiEvent event : function.httpApiEvents()) {
                SamTemplate.JwtAuthorizer authorizer = template.httpApiFor(event).authorizerFor(event).orElse(null);
                routes.add(route(event.method(), event.path(), function.logicalId(), authorizer));
            }
        }
        return new HttpRoutes(routes);
    }

    public static Route route(String method, String path, String functionId, SamTemplate.JwtAuthorizer authorizer) {
        if (!"$default".equals(path) && !path.startsWith("/")) {
            throw new IllegalArgumentException("route path " + path + " of " + functionId + " must start with /");
        }
        List<String> segments = "$default".equals(path) || path.equals("/") ? List.of()
                : Arrays.asList(path.substring(1).split("/", -1));
        for (int i = 0; i < segments.size(); i++) {
            if (isGreedy(segments.get(i)) && i != segments.size() - 1) {
                throw new IllegalArgumentException("route " + path + ": a greedy variable must be the last segment");
            }
        }
        return new Route(method, path, functionId, authorizer, List.copyOf(segments));
    }

    public List<Route> routes() {
        return routes;
    }

    /** The route API Gateway would pick for this request, if any. {@code rawPath} is still percent-encoded. */
    public Optional<Match> match(String method, String rawPath) {
        List<String> request = rawPath.equals("/") || rawPath.isEmpty() ? List.of()
                : Arrays.asList((rawPath.startsWith("/") ? rawPath.substring(1) : rawPath).split("/", -1));
        Match best = null;
        for (Route route : routes) {
            if (!route.method().equals("ANY") && !route.method().equals(method) && !route.isDefault()) continue;
            Map<String, String> params = bind(route, request);
            if (params == null) continue;
            Match candidate = new Match(route, params);
            if (best == null || PRECEDENCE.compare(candidate, best) < 0) best = candidate;
        }
        return Optional.ofNullable(best);
    }

    private static final Comparator<Match> PRECEDENCE = Comparator
            .comparingInt((Match m) -> m.route().isDefault() ? 2 : m.route().greedy() ? 1 : 0)
            .thenComparing((a, b) -> compareSegments(a.route().segments(), b.route().segments()))
            .thenComparingInt(m -> m.route().method().equals("ANY") ? 1 : 0);

    private static int compareSegments(List<String> a, List<String> b) {
        for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
            int c = Integer.compare(rank(a.get(i)), rank(b.get(i)));
            if (c != 0) return c;
        }
        return Integer.compare(b.size(), a.size()); // longer (more specific) first
    }

    private static int rank(String segment) {
        return isGreedy(segment) ? 2 : isVariable(segment) ? 1 : 0;
    }

    private static boolean isVariable(String segment) {
        return segment.length() > 2 && segment.startsWith("{") && segment.endsWith("}");
    }

    private static boolean isGreedy(String segment) {
        return isVariable(segment) && segment.endsWith("+}");
    }

    private static String variableName(String segment) {
        return segment.substring(1, segment.length() - (isGreedy(segment) ? 2 : 1));
    }

    /** Path variables if the route matches the request segments, else null. */
    private static Map<String, String> bind(Route route, List<String> request) {
        if (route.isDefault()) return Map.of();
        List<String> segments = route.segments();
        Map<String, String> params = new LinkedHashMap<>();
        for (int i = 0; i < segments.size(); i++) {
            String segment = segments.get(i);
            if (isGreedy(segment)) {
                if (i >= request.size()) return null;
                String rest = String.join("/", request.subList(i, request.size()));
                if (rest.isEmpty()) return null; // {proxy+} needs at least one character
                params.put(variableName(segment), percentDecode(rest));
                return params;
            }
            if (i >= request.size()) return null;
            String value = request.get(i);
            if (isVariable(segment)) {
                if (value.isEmpty()) return null;
                params.put(variableName(segment), percentDecode(value));
            } else if (!segment.equals(value)) {
                return null;
            }
        }
        return segments.size() == request.size() ? params : null;
    }

    /** Percent-decoding of a path (unlike URLDecoder, '+' stays '+'). */
    static String percentDecode(String s) {
        if (s.indexOf('%') < 0) return s;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int i = 0;
        while (i < s.length()) {
            if (s.charAt(i) == '%' && i + 2 < s.length() && hex(s.charAt(i + 1)) >= 0 && hex(s.charAt(i + 2)) >= 0) {
                out.write(hex(s.charAt(i + 1)) * 16 + hex(s.charAt(i + 2)));
                i += 3;
            } else {
                int j = s.indexOf('%', i + 1);
                if (j < 0) j = s.length();
                out.writeBytes(s.substring(i, j).getBytes(StandardCharsets.UTF_8));
                i = j;
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    private static int hex(char c) {
        return Character.digit(c, 16);
    }
}
