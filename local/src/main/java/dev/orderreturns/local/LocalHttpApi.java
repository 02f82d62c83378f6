package dev.orderreturns.local;

import com.fasterxml.jackson.jr.ob.JSON;
import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The HTTP API on 127.0.0.1, behaving like API Gateway HTTP API in front of the template's
 * functions: route selection, the JWT authorizer, payload format 2.0 events and responses, and
 * API Gateway's own answers (401, 404, 413, 500/502). Paths under {@code /_local/} go to
 * {@link LocalEndpoint}s instead, without authorization. The operator's page ({@code web/}) is
 * served ahead of the routes: see {@link #serveWeb}.
 */
public final class LocalHttpApi implements AutoCloseable {
    /** API Gateway's payload limit. */
    public static final int MAX_BODY_BYTES = 10 * 1024 * 1024;
    /** Beyond this, an oversized body is not read to the end: the connection is closed instead. */
    private static final long MAX_DRAIN_BYTES = 64L * 1024 * 1024;
    public static final String LOCAL_PREFIX = "/_local";
    private static final int THREADS = 16;
    private static final DateTimeFormatter REQUEST_TIME =
            DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ENGLISH).withZone(ZoneOffset.UTC);
    private static final SecureRandom RANDOM = new SecureRandom();
    /** API Gateway writes {@code "scopes": null}; jackson-jr drops null values unless told not to. */
    private static final JSON EVENT_JSON = JSON.std.with(JSON.Feature.WRITE_NULL_PROPERTIES);

    /** What requests are routed to; set once the functions are loaded. */
    private record Backend(HttpRoutes routes, LocalFunctions functions, LocalAuthorizer authorizer) {}

    private final HttpServer server;
    private final ExecutorService executor;
    private final Map<String, LocalEndpoint> endpoints = new ConcurrentHashMap<>();
    private volatile Backend backend;
    private volatile boolean ready;
    private volatile boolean accessLog = true;
    private volatile boolean closed;
    /** The directory served at {@code /} (real path), or null when no web page is served. */
    private volatile Path web;

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
        if (!path.startsWith(LOCAL_PREFIX + "/")) {
            throw new IllegalArgumentException("local endpoints live under " + LOCAL_PREFIX + "/, not " + path);
        }
        endpoints.put(path, endpoint);
    }

    public Map<String, LocalEndpoint> endpoints() {
        return Map.copyOf(endpoints);
    }

    /** Starts routing API requests to the functions. */
    public void serve(HttpRoutes routes, LocalFunctions functions, LocalAuthorizer authorizer) {
        this.backend = new Backend(routes, functions, authorizer);
    }

    /** Flips {@code /_local/health} to 200 (or back to 503). */
    public void ready(boolean ready) {
        this.ready = ready;
    }

    public boolean isReady() {
        return ready && backend != null;
    }

    /**
     * Serves the files under {@code dir} (by default the repository's {@code web/}) for GET and HEAD,
     * ahead of the routes (the template's {@code ANY /{proxy+}} would take them otherwise): a path
     * naming a file there gets the file, and {@code /} gets {@code index.html} when the client
     * accepts {@code text/html} (a browser). Everything else is routed as before, so API clients
     * still get the API's answers, {@code /} included. Null or a missing directory turns it off.
     */
    public void serveWeb(Path dir) {
        try {
            this.web = dir != null && Files.isDirectory(dir) ? dir.toRealPath() : null;
        } catch (IOException e) {
            this.web = null;
        }
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
        String requestId = requestId();
        try (exchange) {
            exchange.getResponseHeaders().set("apigw-requestid", requestId);
            String rawPath = exchange.getRequestURI().getRawPath();
            if (rawPath.equals(LOCAL_PREFIX) || rawPath.startsWith(LOCAL_PREFIX + "/")) {
                local(exchange, rawPath);
            } else if (!webFile(exchange, rawPath)) {
                api(exchange, rawPath, requestId);
            }
        } catch (IOException e) {
            // the client went away: nothing to answer
        } catch (RuntimeException | Error e) {
            System.err.println("local HTTP API: unexpected error on " + exchange.getRequestMethod() + " "
                    + exchange.getRequestURI());
            e.printStackTrace();
            try {
                sendMessage(exchange, 500, "Internal Server Error");
            } catch (IOException | RuntimeException ignored) {
                // the response may already be under way
            }
        }
    }

    private void local(HttpExchange exchange, String rawPath) throws IOException {
        byte[] body;
        try {
            body = readBody(exchange);
        } catch (BodyTooLargeException e) {
            sendMessage(exchange, 413, "Request Entity Too Large");
            return;
        }
        LocalEndpoint endpoint = endpoints.get(rawPath);
        if (endpoint == null) {
            sendMessage(exchange, 404, "Not Found");
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
        send(exchange, response.status(), response.body());
    }

    private void api(HttpExchange exchange, String rawPath, String requestId) throws IOException {
        long started = System.nanoTime();
        String method = exchange.getRequestMethod();
        Backend backend = this.backend;
        if (!ready || backend == null) {
            sendMessage(exchange, 503, "Service Unavailable");
            return;
        }
        byte[] body;
        try {
            body = readBody(exchange);
        } catch (BodyTooLargeException e) {
            sendMessage(exchange, 413, "Request Entity Too Large");
            log(exchange, 413, "payload over 10 MB", started);
            return;
        }
        HttpRoutes.Match match = backend.routes().match(method, rawPath).orElse(null);
        if (match == null) {
            sendMessage(exchange, 404, "Not Found");
            log(exchange, 404, "no route", started);
            return;
        }
        HttpRoutes.Route route = match.route();
        Map<String, String> claims = null;
        if (route.authorizer() != null) {
            String header = exchange.getRequestHeaders().getFirst(identityHeader(route.authorizer()));
            try {
                claims = backend.authorizer().verify(header);
            } catch (LocalAuthorizer.UnauthorizedException e) {
                exchange.getResponseHeaders().set("www-authenticate", "Bearer");
                sendMessage(exchange, 401, "Unauthorized");
                log(exchange, 401, e.getMessage(), started);
                return;
            }
        }
        byte[] event = EVENT_JSON.asBytes(event(exchange, match, claims, body, requestId));
        byte[] output;
        try {
            output = backend.functions().invoke(route.functionId(), event);
        } catch (LocalFunctions.FunctionUnavailableException e) {
            // Lambda rejected the invocation: API Gateway answers 500
            sendMessage(exchange, 500, "Internal Server Error");
            log(exchange, 500, e.getMessage(), started);
            return;
        } catch (LocalFunctions.FunctionException e) {
            // the function failed: API Gateway answers 502 and the stack trace goes to the logs
            System.err.println(route.functionId() + " failed on " + method + " " + rawPath + ":");
            (e.getCause() != null ? e.getCause() : e).printStackTrace();
            sendMessage(exchange, 502, "Internal Server Error");
            log(exchange, 502, route.functionId() + " threw " + (e.getCause() != null ? e.getCause() : e), started);
            return;
        }
        int status = writeFunctionResponse(exchange, route.functionId(), output);
        log(exchange, status, route.functionId(), started);
    }

    // --- the web page -------------------------------------------------------------------------------

    private static final Map<String, String> CONTENT_TYPES = Map.ofEntries(
            Map.entry("html", "text/html; charset=utf-8"),
            Map.entry("js", "text/javascript; charset=utf-8"),
            Map.entry("mjs", "text/javascript; charset=utf-8"),
            Map.entry("css", "text/css; charset=utf-8"),
            Map.entry("json", "application/json"),
            Map.entry("map", "application/json"),
            Map.entry("txt", "text/plain; charset=utf-8"),
            Map.entry("svg", "image/svg+xml"),
            Map.entry("png", "image/png"),
            Map.entry("ico", "image/x-icon"),
            Map.entry("webmanifest", "application/manifest+json"),
            Map.entry("woff2", "font/woff2"));

    /**
     * Answers a GET or HEAD for {@code /} or a file under the web directory; false (nothing sent)
     * when the request is not one, so it is routed as an API request.
     */
    private boolean webFile(HttpExchange exchange, String rawPath) throws IOException {
        Path root = this.web;
        String method = exchange.getRequestMethod();
        if (root == null || !(method.equals("GET") || method.equals("HEAD"))) return false;
        if (rawPath.equals("/") && !acceptsHtml(exchange.getRequestHeaders())) return false;
        Path file = webPath(root, rawPath);
        if (file == null) return false;
        long started = System.nanoTime();
        byte[] body;
        try {
            body = Files.readAllBytes(file);
        } catch (IOException e) {
            return false; // gone or unreadable since the check: route as any other path
        }
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        String extension = dot < 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
        Headers headers = exchange.getResponseHeaders();
        headers.set("content-type", CONTENT_TYPES.getOrDefault(extension, "application/octet-stream"));
        headers.set("cache-control", "no-store");
        headers.set("x-content-type-options", "nosniff");
        if (exchange.getRequestMethod().equals("HEAD")) {
            headers.set("content-length", String.valueOf(body.length));
        }
        send(exchange, 200, body);
        log(exchange, 200, "web/" + root.relativize(file), started);
        return true;
    }

    private static boolean acceptsHtml(Headers headers) {
        List<String> accept = headers.get("Accept");
        return accept != null && accept.stream().anyMatch(v -> v.toLowerCase(Locale.ROOT).contains("text/html"));
    }

    /**
     * The regular file a request path names under {@code root} ({@code /} is {@code index.html}),
     * or null. Refuses anything that could leave the directory: {@code .}/{@code ..} or empty
     * segments, hidden names, backslashes, NULs, encoded slashes, and symbolic links pointing out.
     */
    static Path webPath(Path root, String rawPath) {
        String relative = rawPath.equals("/") ? "index.html" : rawPath.substring(1);
        if (relative.isEmpty()) return null;
        StringBuilder decoded = new StringBuilder();
        for (String segment : relative.split("/", -1)) {
            String name;
            try {
                // a path segment: '+' is a plus, not a space
                name = URLDecoder.decode(segment.replace("+", "%2B"), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                return null;
            }
            if (name.isEmpty() || name.startsWith(".") || name.indexOf('/') >= 0 || name.indexOf('\\') >= 0
                    || name.indexOf('\0') >= 0 || name.indexOf(':') >= 0) {
                return null;
            }
            if (!decoded.isEmpty()) decoded.append('/');
            decoded.append(name);
        }
        try {
            Path file = root.resolve(decoded.toString()).normalize();
            if (!file.startsWith(root) || !Files.isRegularFile(file)) return null;
            Path real = file.toRealPath();
            return real.startsWith(root) ? real : null;
        } catch (IOException | RuntimeException e) {
            return null; // InvalidPathException and the like: not a file we serve
        }
    }

    /** {@code $request.header.Authorization} → {@code Authorization}. */
    private static String identityHeader(SamTemplate.JwtAuthorizer authorizer) {
        String source = authorizer.identitySource();
        String prefix = "$request.header.";
        return source != null && source.startsWith(prefix) ? source.substring(prefix.length()) : "Authorization";
    }

    /** The payload format 2.0 event, field by field as API Gateway builds it. */
    private Map<String, Object> event(HttpExchange exchange, HttpRoutes.Match match, Map<String, String> claims,
                                      byte[] body, String requestId) {
        String rawPath = exchange.getRequestURI().getRawPath();
        String rawQuery = exchange.getRequestURI().getRawQuery();
        Instant now = Instant.now();

        Map<String, String> headers = new LinkedHashMap<>();
        List<String> cookies = new ArrayList<>();
        Headers requestHeaders = exchange.getRequestHeaders();
        requestHeaders.forEach((name, values) -> {
            String key = name.toLowerCase(Locale.ROOT);
            if (key.equals("cookie")) {
                // 2.0 moves cookies out of the headers into their own array
                for (String value : values) {
                    for (String cookie : value.split(";")) {
                        if (!cookie.isBlank()) cookies.add(cookie.strip());
                    }
                }
            } else {
                headers.merge(key, String.join(",", values), (a, b) -> a + "," + b);
            }
        });
        String sourceIp = exchange.getRemoteAddress().getAddress().getHostAddress();
        headers.putIfAbsent("x-forwarded-for", sourceIp);
        headers.putIfAbsent("x-forwarded-port", String.valueOf(port()));
        headers.putIfAbsent("x-forwarded-proto", "http");
        headers.putIfAbsent("x-amzn-trace-id", "Root=1-" + Long.toHexString(now.getEpochSecond()) + "-"
                + HexFormat.of().formatHex(randomBytes(12)));
        String host = headers.getOrDefault("host", "127.0.0.1");
        String domainName = host.replaceFirst(":\\d+$", "");
        String domainPrefix = domainName.matches("[0-9.]+|\\[.*]") || !domainName.contains(".")
                ? domainName : domainName.substring(0, domainName.indexOf('.'));

        Map<String, Object> event = new LinkedHashMap<>();
        event.put("version", "2.0");
        event.put("routeKey", match.route().routeKey());
        event.put("rawPath", rawPath);
        event.put("rawQueryString", rawQuery == null ? "" : rawQuery);
        if (!cookies.isEmpty()) event.put("cookies", cookies);
        event.put("headers", headers);
        Map<String, String> query = queryParameters(rawQuery);
        if (!query.isEmpty()) event.put("queryStringParameters", query);

        Map<String, Object> requestContext = new LinkedHashMap<>();
        requestContext.put("accountId", LocalResources.ACCOUNT_ID);
        requestContext.put("apiId", LocalResources.API_ID);
        if (claims != null) {
            Map<String, Object> jwt = new LinkedHashMap<>();
            jwt.put("claims", claims);
            jwt.put("scopes", null);
            requestContext.put("authorizer", Map.of("jwt", jwt));
        }
        requestContext.put("domainName", domainName);
        requestContext.put("domainPrefix", domainPrefix);
        Map<String, Object> http = new LinkedHashMap<>();
        http.put("method", exchange.getRequestMethod());
        http.put("path", rawPath);
        http.put("protocol", exchange.getProtocol());
        http.put("sourceIp", sourceIp);
        http.put("userAgent", headers.getOrDefault("user-agent", ""));
        requestContext.put("http", http);
        requestContext.put("requestId", requestId);
        requestContext.put("routeKey", match.route().routeKey());
        requestContext.put("stage", "$default");
        requestContext.put("time", REQUEST_TIME.format(now));
        requestContext.put("timeEpoch", now.toEpochMilli());
        event.put("requestContext", requestContext);

        if (!match.pathParameters().isEmpty()) event.put("pathParameters", match.pathParameters());
        boolean base64 = false;
        if (body.length > 0) {
            if (isText(headers.get("content-type"))) {
                event.put("body", new String(body, StandardCharsets.UTF_8));
            } else {
                event.put("body", Base64.getEncoder().encodeToString(body));
                base64 = true;
            }
        }
        event.put("isBase64Encoded", base64);
        return event;
    }

    /** Text and JSON bodies reach the function as strings; anything else (or no content type) as base64. */
    static boolean isText(String contentType) {
        if (contentType == null) return false;
        String type = contentType.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
        return type.startsWith("text/") || type.equals("application/json") || type.endsWith("+json");
    }

    /** Decoded query parameters; a repeated name gets its values comma-joined, as API Gateway does. */
    static Map<String, String> queryParameters(String rawQuery) {
        Map<String, String> out = new LinkedHashMap<>();
        if (rawQuery == null || rawQuery.isEmpty()) return out;
        for (String pair : rawQuery.split("&")) {
            if (pair.isEmpty()) continue;
            int eq = pair.indexOf('=');
            String name = decodeQuery(eq < 0 ? pair : pair.substring(0, eq));
            String value = eq < 0 ? "" : decodeQuery(pair.substring(eq + 1));
            out.merge(name, value, (a, b) -> a + "," + b);
        }
        return out;
    }

    private static String decodeQuery(String s) {
        try {
            return URLDecoder.decode(s, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return s; // malformed escapes pass through as sent
        }
    }

    /**
     * Writes a 2.0 response: {statusCode, headers, multiValueHeaders, cookies, body, isBase64Encoded}.
     * Output without a statusCode is, as API Gateway infers, a 200 JSON body.
     */
    private int writeFunctionResponse(HttpExchange exchange, String functionId, byte[] output) throws IOException {
        Object parsed;
        try {
            parsed = output.length == 0 ? null : JSON.std.anyFrom(output);
        } catch (IOException e) {
            parsed = null;
        }
        if (output.length == 0 || (parsed == null && !new String(output, StandardCharsets.UTF_8).strip().equals("null"))) {
            System.err.println(functionId + " returned no valid JSON; API Gateway answers 502");
            sendMessage(exchange, 502, "Internal Server Error");
            return 502;
        }
        if (!(parsed instanceof Map<?, ?> response) || !response.containsKey("statusCode")) {
            exchange.getResponseHeaders().set("content-type", "application/json");
            send(exchange, 200, output);
            return 200;
        }
        int status = statusCode(response.get("statusCode"));
        if (status < 100 || status > 599) {
            System.err.println(functionId + " returned statusCode " + response.get("statusCode")
                    + "; API Gateway answers 502");
            sendMessage(exchange, 502, "Internal Server Error");
            return 502;
        }
        Headers out = exchange.getResponseHeaders();
        if (response.get("headers") instanceof Map<?, ?> headers) {
            headers.forEach((k, v) -> {
                if (v != null && !isHopByHop(String.valueOf(k))) out.set(String.valueOf(k), String.valueOf(v));
            });
        }
        if (response.get("multiValueHeaders") instanceof Map<?, ?> multi) {
            multi.forEach((k, v) -> {
                if (v instanceof List<?> values && !isHopByHop(String.valueOf(k))) {
                    for (Object value : values) out.add(String.valueOf(k), String.valueOf(value));
                }
            });
        }
        if (response.get("cookies") instanceof List<?> cookies) {
            for (Object cookie : cookies) out.add("set-cookie", String.valueOf(cookie));
        }
        byte[] body = new byte[0];
        if (response.get("body") instanceof String text) {
            body = Boolean.TRUE.equals(response.get("isBase64Encoded"))
                    ? Base64.getMimeDecoder().decode(text) : text.getBytes(StandardCharsets.UTF_8);
        } else if (response.get("body") != null) {
            body = String.valueOf(response.get("body")).getBytes(StandardCharsets.UTF_8);
        }
        send(exchange, status, body);
        return status;
    }

    private static int statusCode(Object value) {
        if (value instanceof Number n) return n.intValue();
        try {
            return Integer.parseInt(String.valueOf(value).strip());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static boolean isHopByHop(String header) {
        String h = header.toLowerCase(Locale.ROOT);
        return h.equals("content-length") || h.equals("transfer-encoding") || h.equals("connection");
    }

    private static final class BodyTooLargeException extends Exception {
        BodyTooLargeException() {
            super(null, null, false, false);
        }
    }

    /** Reads the body up to 10 MB; a larger one is drained (so the client can read our 413) and refused. */
    private static byte[] readBody(HttpExchange exchange) throws IOException, BodyTooLargeException {
        InputStream in = exchange.getRequestBody();
        String declared = exchange.getRequestHeaders().getFirst("Content-Length");
        long length = -1;
        if (declared != null) {
            try {
                length = Long.parseLong(declared.strip());
            } catch (NumberFormatException ignored) {
                // HttpServer rejects malformed lengths itself; treat as unknown
            }
        }
        if (length > MAX_BODY_BYTES) {
            drain(in);
            throw new BodyTooLargeException();
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(length > 0 ? (int) length : 256);
        byte[] buffer = new byte[64 * 1024];
        for (int n; (n = in.read(buffer)) > 0; ) {
            if (out.size() + n > MAX_BODY_BYTES) {
                drain(in);
                throw new BodyTooLargeException();
            }
            out.write(buffer, 0, n);
        }
        return out.toByteArray();
    }

    private static void drain(InputStream in) throws IOException {
        byte[] buffer = new byte[64 * 1024];
        long total = 0;
        for (int n; total < MAX_DRAIN_BYTES && (n = in.read(buffer)) > 0; ) total += n;
    }

    private static void sendMessage(HttpExchange exchange, int status, String message) throws IOException {
        exchange.getResponseHeaders().set("content-type", "application/json");
        send(exchange, status, JSON.std.asBytes(Map.of("message", message)));
    }

    private static void send(HttpExchange exchange, int status, byte[] body) throws IOException {
        boolean noBody = body.length == 0 || status == 204 || status == 304 || status < 200
                || exchange.getRequestMethod().equals("HEAD");
        exchange.sendResponseHeaders(status, noBody ? -1 : body.length);
        if (!noBody) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    private void log(HttpExchange exchange, int status, String detail, long startedNanos) {
        if (!accessLog) return;
        // Query parameter names only: a value could be a token or an e-mail a client put there.
        String query = exchange.getRequestURI().getRawQuery();
        String names = query == null ? "" : "?" + String.join("&", queryParameters(query).keySet());
        System.out.printf("%s %s%s -> %d (%s, %d ms)%n", exchange.getRequestMethod(),
                exchange.getRequestURI().getRawPath(), names, status, detail,
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startedNanos));
    }

    /** API Gateway's request ids look like {@code UqKxLgBvIAMESmQ=}. */
    private static String requestId() {
        return Base64.getEncoder().encodeToString(randomBytes(11));
    }

    private static byte[] randomBytes(int n) {
        byte[] bytes = new byte[n];
        RANDOM.nextBytes(bytes);
        return bytes;
    }
}
