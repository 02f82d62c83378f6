package dev.orderreturns.local;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.util.Map;

/**
 * What API Gateway does between an API request and a function: picks the route, applies the
 * route's throttling, checks its JWT authorizer, and invokes the function through the Lambda proxy
 * integration (payload 2.0 in {@link PayloadV2Event}, out through {@link PayloadV2Response}), with
 * API Gateway's own answers when one of these steps refuses (404, 429, 401, 500, 502).
 */
final class FunctionRouter {

    /** The status sent, and a few words for the access log. */
    record Outcome(int status, String detail) {}

    private final HttpRoutes routes;
    private final LocalFunctions functions;
    private final LocalAuthorizer authorizer;
    private final RouteThrottling throttling;

    FunctionRouter(HttpRoutes routes, LocalFunctions functions, LocalAuthorizer authorizer,
                   RouteThrottling throttling) {
        this.routes = routes;
        this.functions = functions;
        this.authorizer = authorizer;
        this.throttling = throttling;
    }

    /** Answers a request whose body has been read. */
    Outcome answer(HttpExchange exchange, String rawPath, byte[] body, String requestId) throws IOException {
        String method = exchange.getRequestMethod();
        HttpRoutes.Match match = routes.match(method, rawPath).orElse(null);
        if (match == null) {
            HttpExchanges.sendMessage(exchange, 404, "Not Found");
            return new Outcome(404, "no route");
        }
        HttpRoutes.Route route = match.route();
        // Ahead of the authorizer: a flood of bad tokens is throttled like any other.
        if (!throttling.admit(route.routeKey())) {
            HttpExchanges.sendMessage(exchange, 429, "Too Many Requests");
            return new Outcome(429, "throttled: " + route.routeKey());
        }
        Map<String, String> claims = null;
        if (route.authorizer() != null) {
            String header = exchange.getRequestHeaders().getFirst(identityHeader(route.authorizer()));
            try {
                claims = authorizer.verify(header);
            } catch (LocalAuthorizer.UnauthorizedException e) {
                exchange.getResponseHeaders().set("www-authenticate", "Bearer");
                HttpExchanges.sendMessage(exchange, 401, "Unauthorized");
                return new Outcome(401, e.getMessage());
            }
        }
        byte[] event = PayloadV2Event.json(exchange, match, claims, body, requestId);
        byte[] output;
        try {
            output = functions.invoke(route.functionId(), event);
        } catch (LocalFunctions.FunctionUnavailableException e) {
            // Lambda rejected the invocation: API Gateway answers 500
            HttpExchanges.sendMessage(exchange, 500, "Internal Server Error");
            return new Outcome(500, e.getMessage());
        } catch (LocalFunctions.FunctionException e) {
            // the function failed: API Gateway answers 502 and the stack trace goes to the logs
            Throwable failure = e.getCause() != null ? e.getCause() : e;
            System.err.println(route.functionId() + " failed on " + method + " " + rawPath + ":");
            failure.printStackTrace();
            HttpExchanges.sendMessage(exchange, 502, "Internal Server Error");
            return new Outcome(502, route.functionId() + " threw " + failure);
        }
        return new Outcome(PayloadV2Response.write(exchange, route.functionId(), output), route.functionId());
    }

    /** {@code $request.header.Authorization} → {@code Authorization}. */
    private static String identityHeader(SamTemplate.JwtAuthorizer authorizer) {
        String source = authorizer.identitySource();
        String prefix = "$request.header.";
        return source != null && source.startsWith(prefix) ? source.substring(prefix.length()) : "Authorization";
    }
}
