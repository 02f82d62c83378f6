package dev.orderreturns.local;

import com.fasterxml.jackson.jr.ob.JSON;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/** A small HTTP/1.1 client for the tests. */
final class TestHttp {
    private static final HttpClient CLIENT = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    private TestHttp() {}

    static HttpResponse<byte[]> send(HttpRequest.Builder request) {
        try {
            return CLIENT.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new IllegalStateException("request failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static HttpRequest.Builder request(String url) {
        return HttpRequest.newBuilder(URI.create(url));
    }

    static HttpResponse<byte[]> get(String url, String... headers) {
        HttpRequest.Builder b = request(url).GET();
        if (headers.length > 0) b.headers(headers);
        return send(b);
    }

    static HttpResponse<byte[]> postJson(String url, String json) {
        return send(request(url).header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    static String text(HttpResponse<byte[]> response) {
        return new String(response.body(), StandardCharsets.UTF_8);
    }

    static Map<String, Object> json(HttpResponse<byte[]> response) {
        return json(response.body());
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> json(byte[] bytes) {
        try {
            return (Map<String, Object>) JSON.std.anyFrom(bytes);
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + new String(bytes, StandardCharsets.UTF_8), e);
        }
    }

    static Path repoRoot() {
        String root = System.getProperty(RepoPaths.ROOT_PROPERTY);
        if (root == null) throw new IllegalStateException("surefire should pass -D" + RepoPaths.ROOT_PROPERTY);
        return Path.of(root);
    }

    static Path realTemplate() {
        return repoRoot().resolve("template.yaml");
    }

    static Path echoTemplate() {
        try {
            return Path.of(TestHttp.class.getResource("/echo-template.yaml").toURI());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
