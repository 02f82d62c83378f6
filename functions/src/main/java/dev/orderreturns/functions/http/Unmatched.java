package dev.orderreturns.functions.http;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The API's catch-all ({@code ANY /{proxy+}}): API Gateway sends here whatever no route took, and
 * this answers a problem+json 405 (with {@code allow}) when the path is a route's under another
 * method, else 404. The only place that matches paths against route templates.
 */
public final class Unmatched {

    public static final String ROUTE_KEY = "ANY /{proxy+}";

    private final List<String> routeKeys;

    /** @param routeKeys every route key of the API but the catch-all */
    public Unmatched(List<String> routeKeys) {
        this.routeKeys = List.copyOf(routeKeys);
    }

    public APIGatewayV2HTTPResponse answer(String method, String path) {
        Set<String> allowed = new LinkedHashSet<>();
        for (String key : routeKeys) {
            int space = key.indexOf(' ');
            if (fits(key.substring(space + 1), path)) {
                allowed.add(key.substring(0, space));
            }
        }
        if (!allowed.isEmpty() && !allowed.contains(method)) {
            return ApiResponse.problem(405, "method-not-allowed", "Method not allowed",
                    method + " is not allowed on " + path, List.of(), Map.of("allow", String.join(", ", allowed)));
        }
        return ApiResponse.problem(404, "no-such-route", "Not found", "there is no route " + method + " " + path,
                List.of(), Map.of());
    }

    /** True when the path has the template's segments, each variable non-empty. */
    static boolean fits(String template, String path) {
        String[] want = template.substring(1).split("/", -1);
        String trimmed = path.startsWith("/") ? path.substring(1) : path;
        if (trimmed.endsWith("/")) {
            trimmed = trimmed.substring(0, trimmed.length() - 1);
        }
        String[] got = trimmed.split("/", -1);
        if (want.length != got.length) {
            return false;
        }
        for (int i = 0; i < want.length; i++) {
            boolean variable = want[i].startsWith("{");
            if (variable ? got[i].isEmpty() : !want[i].equals(got[i])) {
                return false;
            }
        }
        return true;
    }
}
