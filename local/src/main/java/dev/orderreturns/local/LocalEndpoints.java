package dev.orderreturns.local;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The endpoints that exist only in the local stack, under {@code /_local/} (DESIGN.md section 5):
 * registered by exact path, reached without authorization, and answered with the
 * {@link LocalEndpoint} conventions (400 and 405 from its exceptions, 500 for anything else).
 */
final class LocalEndpoints {
    private final Map<String, LocalEndpoint> byPath = new ConcurrentHashMap<>();

    /** {@code /_local} itself or anything under it: never routed to a function. */
    static boolean isLocalPath(String rawPath) {
        return rawPath.equals(LocalHttpApi.LOCAL_PREFIX) || rawPath.startsWith(LocalHttpApi.LOCAL_PREFIX + "/");
    }

    /** Replaces an earlier registration of the same path. */
    void register(String path, LocalEndpoint endpoint) {
        if (!path.startsWith(LocalHttpApi.LOCAL_PREFIX + "/")) {
            throw new IllegalArgumentException("local endpoints live under " + LocalHttpApi.LOCAL_PREFIX + "/, not "
                    + path);
        }
        byPath.put(path, endpoint);
    }

    Map<String, LocalEndpoint> all() {
        return Map.copyOf(byPath);
    }

    /** Answers a request for a {@code /_local} path whose body has been read. */
    void answer(HttpExchange exchange, String rawPath, byte[] body) throws IOException {
        LocalEndpoint endpoint = byPath.get(rawPath);
        if (endpoint == null) {
            HttpExchanges.sendMessage(exchange, 404, "Not Found");
            return;
        }
        Map<String, List<String>> headers = new LinkedHashMap<>();
        exchange.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), List.copyOf(v)));
        LocalEndpoint.Request request = new LocalEndpoint.Request(exchange.getRequestMethod(), rawPath,
                exchange.getRequestURI().getRawQuery(), headers, body);
        LocalEndpoint.Response response;
        try {
            response = endpoint.handle(request);
        } catch (LocalEndpoint.BadRequestException e) {
            response = LocalEndpoint.Response.message(400, e.getMessage());
        } catch (LocalEndpoint.MethodNotAllowedException e) {
            exchange.getResponseHeaders().set("allow", e.allowed());
            response = LocalEndpoint.Response.message(405, "Method Not Allowed");
        } catch (Exception e) {
            System.err.println("local endpoint " + rawPath + " failed:");
            e.printStackTrace();
            response = LocalEndpoint.Response.message(500, "Internal Server Error");
        }
        response.headers().forEach((k, v) -> exchange.getResponseHeaders().set(k, v));
        HttpExchanges.send(exchange, response.status(), response.body());
    }
}
