// Helper for FaultSoak (not run by itself): a recording proxy between the functions and the sandbox providers.
package dev.orderreturns.bench;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.orderreturns.local.LocalStack;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Every provider call the functions make, written as one JSON line each: when it arrived, when
 * the provider answered, when the answer went back (or that the caller had hung up), the path, the
 * body's requestId and the answer. A stack extension listed after the sandbox's: it takes the
 * sandbox's base URLs from the configuration and puts its own in their place, so the functions call
 * it and it forwards each call unchanged. For finding out what happened to one requestId; it adds a
 * hop to every call, so it is off unless asked for.
 */
final class ProviderTrace implements LocalStack.Extension {

    private static final String[] FORWARDED = {"Content-Type", "Accept", "X-Provider-Api-AppKey",
            "X-Provider-Api-AppToken"};

    private final Path file;
    private final List<HttpServer> servers = new ArrayList<>();
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final AtomicLong sequence = new AtomicLong();
    private PrintStream out;

    ProviderTrace(Path file) {
        this.file = file;
    }

    Path file() {
        return file;
    }

    @Override
    public void configure(LocalStack stack, Map<String, String> configuration) {
        try {
            Files.createDirectories(file.getParent());
            out = new PrintStream(Files.newOutputStream(file), true, StandardCharsets.UTF_8);
            for (String name : List.of("PAYMENTS_BASE_URL", "GIFT_CARDS_BASE_URL")) {
                String target = configuration.get(name);
                if (target == null) throw new IllegalStateException(name + " is not set: list the trace after the sandbox");
                HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
                server.createContext("/", exchange -> forward(exchange, target));
                server.setExecutor(executor);
                server.start();
                servers.add(server);
                configuration.put(name, "http://127.0.0.1:" + server.getAddress().getPort());
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot start the provider trace: " + e.getMessage(), e);
        }
    }

    private void forward(HttpExchange exchange, String target) {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("n", sequence.incrementAndGet());
        line.put("arrived", Instant.now().toString());
        try (exchange) {
            byte[] body = exchange.getRequestBody().readAllBytes();
            String path = exchange.getRequestURI().getRawPath();
            line.put("path", path);
            String text = new String(body, StandardCharsets.UTF_8);
            try {
                Map<String, Object> json = BenchHttp.json(text);
                line.put("requestId", json.get("requestId"));
                line.put("relationName", json.get("relationName"));
            } catch (RuntimeException notJson) {
                line.put("body", text);
            }
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(target + path))
                    .timeout(Duration.ofSeconds(30))
                    .method(exchange.getRequestMethod(), HttpRequest.BodyPublishers.ofByteArray(body));
            for (String header : FORWARDED) {
                String value = exchange.getRequestHeaders().getFirst(header);
                if (value != null) request.header(header, value);
            }
            HttpResponse<byte[]> response = client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            line.put("answered", Instant.now().toString());
            line.put("status", response.statusCode());
            line.put("answer", new String(response.body(), StandardCharsets.UTF_8));
            // the provider's own headers the refunder reads: Retry-After (429/503) and the body's type
            for (String header : List.of("Content-Type", "Retry-After")) {
                response.headers().firstValue(header).ifPresent(v -> exchange.getResponseHeaders().set(header, v));
            }
            try {
                exchange.sendResponseHeaders(response.statusCode(), response.body().length);
                try (OutputStream o = exchange.getResponseBody()) {
                    o.write(response.body());
                }
                line.put("delivered", Instant.now().toString());
            } catch (IOException callerGone) {
                line.put("delivered", "no: the caller had hung up (" + callerGone.getMessage() + ")");
            }
        } catch (IOException | InterruptedException e) {
            line.put("error", e.toString());
        } finally {
            write(line);
        }
    }

    private void write(Map<String, Object> line) {
        PrintStream o = out;
        if (o != null) o.println(BenchHttp.toJson(line));
    }

    @Override
    public void close() {
        servers.forEach(s -> s.stop(0));
        executor.shutdownNow();
        if (out != null) out.close();
    }
}
