package dev.orderreturns.local;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The HTTP API on 127.0.0.1, behaving like API Gateway HTTP API in front of the template's
 * functions. This class is the server: it binds, runs the threads, reads bodies up to API Gateway's
 * limit (413 beyond), writes the access log and sends each request to one of three parts: paths
 * under {@code /_local/} to the {@link LocalEndpoints} (no authorization), files of the operator's
 * page to {@link WebPageFiles} (ahead of the routes, which would take them otherwise), everything
 * else through the {@link FunctionRouter} to a function (503 until the functions are loaded; 429
 * past a route's throttling limits).
 */
public final class LocalHttpApi implements AutoCloseable {
    /** API Gateway's payload limit. */
    public static final int MAX_BODY_BYTES = 10 * 1024 * 1024;
    /**
     * API Gateway's HTTP API quotas: "Total combined size of request line and header values:
     * 10240 bytes" (not adjustable). A longer request line (method, URI with query, protocol) is
     * answered 414 here; the docs do not say which status API Gateway sends, nor how it counts
     * the headers, so only the request line is checked. Without this, a query parameter name over
     * 50,000 characters made the event unreadable by the Lambda runtime's serializer (a 502).
     */
    public static final int MAX_REQUEST_LINE_BYTES = 10240;
    /** An access-log line is cut to this many characters: a path or query may be anything. */
    public static final int MAX_LOG_LINE = 300;
    public static final String LOCAL_PREFIX = "/_local";
    private static final int THREADS = 16;

    private final HttpServer server;
    private final ExecutorService executor;
    private final LocalEndpoints endpoints = new LocalEndpoints();
    /** Where API requests go; set once the functions are loaded. */
    private volatile FunctionRouter router;
    private volatile RouteThrottling throttling = RouteThrottling.none();
    private volatile boolean ready;
    private volatile boolean accessLog = true;
    private volatile boolean closed;
    /** The operator's page served at {@code /}, or null when none is served. */
    private volatile WebPageFiles web;

    private LocalHttpApi(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
        register(LOCAL_PREFIX + "/health", request -> {
            request.requireMethod("GET");
            return ready ? LocalEndpoint.Response.json(200, Map.of("status", "ok"))
                    : LocalEndpoint.Response.json(503, Map.of("status", "starting"));
        });
    }

    /**
     * Binds 127.0.0.1:{@code port} (0 = a free port) and starts answering: {@code /_local/health}
     * says 503 and API routes 503 until {@link #serve} and {@link #ready} are called.
     *
     * @throws IllegalStateException with a one-line reason when the port is taken
     */
    public static LocalHttpApi start(int port) {
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
        } catch (BindException e) {
            throw new IllegalStateException("port " + port + " on 127.0.0.1 is already in use (choose another with"
                    + " --port N)", e);
        } catch (IOException e) {
            throw new IllegalStateException("cannot listen on 127.0.0.1:" + port + ": " + e.getMessage(), e);
        }
        AtomicInteger counter = new AtomicInteger();
        ExecutorService executor = Executors.newFixedThreadPool(THREADS, r -> {
            Thread t = new Thread(r, "local-http-" + counter.incrementAndGet());
            t.setDaemon(true); // the stack's lifetime is governed by close() and the shutdown hook
            return t;
        });
        server.setExecutor(executor);
        LocalHttpApi api = new LocalHttpApi(server, executor);
        api.serveWeb(RepoPaths.web());
        server.createContext("/", api::handle);
        server.start();
        return api;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + port();
    }

    /**
     * Registers a local endpoint at an exact path (e.g. {@code /_local/ledger}); the extension
     * point for local tools. Replaces an earlier registration of the same path.
     */
    public void register(String path, LocalEndpoint endpoint) {
        endpoints.register(path, endpoint);
    }

    public Map<String, LocalEndpoint> endpoints() {
        return endpoints.all();
    }

    /** Starts routing API requests to the functions, throttled per route as {@code throttling} says. */
    public void serve(HttpRoutes routes, LocalFunctions functions, LocalAuthorizer authorizer,
                      RouteThrottling throttling) {
        this.throttling = throttling;
        this.router = new FunctionRouter(routes, functions, authorizer, throttling);
    }

    /** The routes' throttling, once {@link #serve} was called (none before). */
    public RouteThrottling throttling() {
        return throttling;
    }

    /** Flips {@code /_local/health} to 200 (or back to 503). */
    public void ready(boolean ready) {
        this.ready = ready;
    }

    public boolean isReady() {
        return ready && router != null;
    }

    /**
     * Serves the files under {@code dir} (by default the repository's {@code web/}) for GET and HEAD,
     * ahead of the routes (the template's {@code ANY /{proxy+}} would take them otherwise): a path
     * naming a file there gets the file, and {@code /} gets {@code index.html} when the client
     * accepts {@code text/html} (a browser). Everything else is routed as before, so API clients
     * still get the API's answers, {@code /} included. Null or a missing directory turns it off.
     */
    public void serveWeb(Path dir) {
        this.web = WebPageFiles.at(dir);
    }

    /** One stdout line per API request (on by default). */
    public void accessLog(boolean on) {
        this.accessLog = on;
    }

    @Override
    public void close() {
        if (closed) return;
        closed = true;
        ready = false;
        server.stop(0);
        executor.shutdownNow();
        try {
            executor.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // ---------------------------------------------------------------------------------------------

    private void handle(HttpExchange exchange) {
        String requestId = PayloadV2Event.newRequestId();
        try (exchange) {
            exchange.getResponseHeaders().set("apigw-requestid", requestId);
            String rawPath = exchange.getRequestURI().getRawPath();
            if (requestLineBytes(exchange) > MAX_REQUEST_LINE_BYTES) {
                long started = System.nanoTime();
                HttpExchanges.discardBody(exchange);
                HttpExchanges.sendMessage(exchange, 414, "URI Too Long");
                log(exchange, 414, "request line over " + MAX_REQUEST_LINE_BYTES + " bytes", started);
            } else if (LocalEndpoints.isLocalPath(rawPath)) {
                local(exchange, rawPath);
            } else if (!webFile(exchange, rawPath)) {
                api(exchange, rawPath, requestId);
            }
        } catch (IOException e) {
            // the client went away: nothing to answer
        } catch (RuntimeException | Error e) {
            System.err.println(HttpExchanges.loggable("local HTTP API: unexpected error on "
                    + exchange.getRequestMethod() + " " + exchange.getRequestURI(), MAX_LOG_LINE));
            e.printStackTrace();
            try {
                HttpExchanges.sendMessage(exchange, 500, "Internal Server Error");
            } catch (IOException | RuntimeException ignored) {
                // the response may already be under way
            }
        }
    }

    private void local(HttpExchange exchange, String rawPath) throws IOException {
        byte[] body;
        try {
            body = HttpExchanges.readBody(exchange, MAX_BODY_BYTES);
        } catch (HttpExchanges.BodyTooLargeException e) {
            HttpExchanges.sendMessage(exchange, 413, "Request Entity Too Large");
            return;
        }
        endpoints.answer(exchange, rawPath, body);
    }

    private boolean webFile(HttpExchange exchange, String rawPath) throws IOException {
        WebPageFiles web = this.web;
        if (web == null) return false;
        long started = System.nanoTime();
        String served = web.answer(exchange, rawPath);
        if (served == null) return false;
        log(exchange, 200, served, started);
        return true;
    }

    private void api(HttpExchange exchange, String rawPath, String requestId) throws IOException {
        long started = System.nanoTime();
        FunctionRouter router = this.router;
        if (!ready || router == null) {
            HttpExchanges.sendMessage(exchange, 503, "Service Unavailable");
            return;
        }
        byte[] body;
        try {
            body = HttpExchanges.readBody(exchange, MAX_BODY_BYTES);
        } catch (HttpExchanges.BodyTooLargeException e) {
            HttpExchanges.sendMessage(exchange, 413, "Request Entity Too Large");
            log(exchange, 413, "payload over 10 MB", started);
            return;
        }
        FunctionRouter.Outcome outcome = router.answer(exchange, rawPath, body, requestId);
        log(exchange, outcome.status(), outcome.detail(), started);
    }

    private void log(HttpExchange exchange, int status, String detail, long startedNanos) {
        if (!accessLog) return;
        // Query parameter names only: a value could be a token or an e-mail a client put there.
        String query = exchange.getRequestURI().getRawQuery();
        String names = query == null ? "" : "?" + String.join("&", PayloadV2Event.queryParameters(query).keySet());
        // Each caller-given part is cut on its own, so the status and time always show.
        String line = HttpExchanges.loggable(exchange.getRequestMethod(), 16) + " "
                + HttpExchanges.loggable(exchange.getRequestURI().getRawPath() + names, 160) + " -> " + status
                + " (" + HttpExchanges.loggable(String.valueOf(detail), 80) + ", "
                + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startedNanos) + " ms)";
        System.out.println(HttpExchanges.loggable(line, MAX_LOG_LINE));
    }

    /** The request line as sent: method, request target (path and query) and protocol, in bytes. */
    private static long requestLineBytes(HttpExchange exchange) {
        // The JDK server keeps the request target as the client sent it (percent-encoded ASCII).
        String target = exchange.getRequestURI().toString();
        return (long) exchange.getRequestMethod().length() + 1 + target.getBytes(StandardCharsets.UTF_8).length + 1
                + exchange.getProtocol().length();
    }
}
