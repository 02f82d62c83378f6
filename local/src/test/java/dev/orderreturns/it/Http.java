package dev.orderreturns.it;

import com.fasterxml.jackson.jr.ob.JSON;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** A small HTTP client for driving the local stack as a user would, over the wire. */
final class Http {

    record Response(int status, Map<String, List<String>> headers, String body) {

        Map<String, Object> json() {
            try {
                return JSON.std.mapFrom(body);
            } catch (IOException e) {
                throw new AssertionError("not a JSON object (" + status + "): " + body, e);
            }
        }

        String header(String name) {
            List<String> values = headers.get(name.toLowerCase());
            return values == null || values.isEmpty() ? null : values.getFirst();
        }

        @SuppressWarnings("unchecked")
        List<Map<String, Object>> errors() {
            return (List<Map<String, Object>>) json().get("errors");
        }

        List<String> errorFields() {
            return errors().stream().map(e -> (String) e.get("field")).toList();
        }
    }

    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final String baseUrl;
    private final boolean localEndpoints;

    Http(String baseUrl) {
        this(baseUrl, true);
    }

    /** With {@code localEndpoints} false, any use of {@code /_local} fails: a deployed API has none. */
    Http(String baseUrl, boolean localEndpoints) {
        this.baseUrl = baseUrl;
        this.localEndpoints = localEndpoints;
    }

    Response send(String method, String path, String token, byte[] body, String... headers) {
        if (!localEndpoints && path.startsWith("/_local")) {
            throw new AssertionError(method + " " + path + ": a deployed API has no /_local endpoints");
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path))
                .timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(body));
        if (token != null) {
            request.header("authorization", "Bearer " + token);
        }
        boolean typed = false;
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
            typed |= headers[i].equalsIgnoreCase("content-type");
        }
        if (body != null && !typed) {
            request.header("content-type", "application/json");
        }
        try {
            HttpResponse<String> response = CLIENT.send(request.build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            return new Response(response.statusCode(), response.headers().map(), response.body());
        } catch (IOException e) {
            throw new AssertionError(method + " " + path + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    Response send(String method, String path, String token, String body, String... headers) {
        return send(method, path, token, body == null ? null : body.getBytes(StandardCharsets.UTF_8), headers);
    }

    Response get(String path, String token) {
        return send("GET", path, token, (byte[]) null);
    }

    static String json(Object value) {
        try {
            return JSON.std.asString(value);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
