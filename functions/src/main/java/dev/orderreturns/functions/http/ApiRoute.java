package dev.orderreturns.functions.http;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Every route of the HTTP API (DESIGN.md section 3), as template.yaml declares them. */
public enum ApiRoute {
    PUT_ORDER("PUT", "/orders/{orderId}"),
    POST_INVOICE("POST", "/api/oms/pvt/orders/{orderId}/invoice"),
    POST_RETURN("POST", "/orders/{orderId}/returns"),
    GET_ORDER("GET", "/orders/{orderId}"),
    GET_RETURNS("GET", "/orders/{orderId}/returns"),
    GET_RETURN("GET", "/orders/{orderId}/returns/{returnId}"),
    POST_RETRY("POST", "/orders/{orderId}/returns/{returnId}/retry");

    private final String method;
    private final String path;
    private final String[] segments;

    ApiRoute(String method, String path) {
        this.method = method;
        this.path = path;
        this.segments = path.substring(1).split("/");
    }

    public String method() {
        return method;
    }

    public String path() {
        return path;
    }

    public String routeKey() {
        return method + " " + path;
    }

    /** A route matched to a request, with its path parameters. */
    public record Match(ApiRoute route, Map<String, String> parameters) {
    }

    /** What a request's method and path select: a route, or the methods the path allows (none: no such path). */
    public record Selection(Match match, Set<String> allowedMethods) {
    }

    public static Selection select(String method, String path) {
        Set<String> allowed = new LinkedHashSet<>();
        for (ApiRoute route : values()) {
            Map<String, String> parameters = route.parameters(path);
            if (parameters != null) {
                if (route.method.equals(method)) {
                    return new Selection(new Match(route, parameters), Set.of(route.method));
                }
                allowed.add(route.method);
            }
        }
        return new Selection(null, allowed);
    }

    /** The path parameters when {@code path} fits this route's template, else null. */
    private Map<String, String> parameters(String path) {
        String trimmed = path.startsWith("/") ? path.substring(1) : path;
        if (trimmed.endsWith("/")) {
            trimmed = trimmed.substring(0, trimmed.length() - 1);
        }
        String[] parts = trimmed.split("/", -1);
        if (parts.length != segments.length) {
            return null;
        }
        Map<String, String> parameters = new LinkedHashMap<>();
        for (int i = 0; i < parts.length; i++) {
            String segment = segments[i];
            if (segment.startsWith("{")) {
                if (parts[i].isEmpty()) {
                    return null;
                }
                parameters.put(segment.substring(1, segment.length() - 1), parts[i]);
            } else if (!segment.equals(parts[i])) {
                return null;
            }
        }
        return parameters;
    }

    public static List<String> routeKeys() {
        List<String> keys = new ArrayList<>();
        for (ApiRoute route : values()) {
            keys.add(route.routeKey());
        }
        return keys;
    }
}
