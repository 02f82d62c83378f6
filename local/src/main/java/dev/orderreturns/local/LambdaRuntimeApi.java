package dev.orderreturns.local;

import com.fasterxml.jackson.jr.ob.JSON;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Lambda Runtime API (version 2018-06-01) for one function's execution environment, as Lambda
 * serves it to a custom runtime's {@code bootstrap} or to a runtime interface client at
 * {@code AWS_LAMBDA_RUNTIME_API}: {@code GET /runtime/invocation/next} long-polls for the next event,
 * {@code POST /runtime/invocation/{id}/response} and {@code .../error} answer it, and
 * {@code POST /runtime/init/error} reports a start that failed. Lambda's unkind parts are kept: an
 * answer for an unknown or already-answered request id is refused with 400, a response over 6 MB with
 * 413, and after an init error every waiting and later invocation fails as Lambda's would.
 *
 * <p>It records when the runtime first asked for work (the end of its init), so the cold-start
 * benchmark can split a start into init and first answer without trusting the process's own clock.
 */
public final class LambdaRuntimeApi implements AutoCloseable {

    public static final String PREFIX = "/2018-06-01/runtime";
    /** Lambda's limit on a synchronous response. */
    static final int MAX_RESPONSE_BYTES = 6 * 1024 * 1024;
    private static final Pattern ANSWER = Pattern.compile(
            Pattern.quote(PREFIX) + "/invocation/([^/]+)/(response|error)");

    /** What the runtime answered for one invocation, and when (System.nanoTime) the answer arrived. */
    public record Answer(String requestId, boolean failed, String errorType, byte[] body, long answeredAtNanos) {

        public String bodyText() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    private record Invocation(String requestId, byte[] event, long deadlineEpochMs, CompletableFuture<Answer> answer) {}

    private final HttpServer server;
    private final ExecutorService executor;
    private final String functionArn;
    private final BlockingQueue<Invocation> waiting = new LinkedBlockingQueue<>();
    private final Map<String, Invocation> inFlight = new ConcurrentHashMap<>();
    private final AtomicLong firstPollNanos = new AtomicLong();
    private final AtomicReference<Answer> initError = new AtomicReference<>();
    private volatile boolean closed;

    private LambdaRuntimeApi(HttpServer server, ExecutorService executor, String functionArn) {
        this.server = server;
        this.executor = executor;
        this.functionArn = functionArn;
    }

    /** Starts the API on a free loopback port for the function named in {@code functionArn}. */
    public static LambdaRuntimeApi start(String functionArn) {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
            // a thread per connection: the runtime's /next blocks its thread until an event comes
            ExecutorService executor = Executors.newCachedThreadPool(r -> {
                Thread t = new Thread(r, "lambda-runtime-api");
                t.setDaemon(true);
                return t;
            });
            LambdaRuntimeApi api = new LambdaRuntimeApi(server, executor, functionArn);
            server.createContext(PREFIX, api::handle);
            server.setExecutor(executor);
            server.start();
            return api;
        } catch (IOException e) {
            throw new IllegalStateException("cannot start the local Lambda Runtime API", e);
        }
    }

    /** The value of {@code AWS_LAMBDA_RUNTIME_API}: host and port, no scheme. */
    public String address() {
        return "127.0.0.1:" + server.getAddress().getPort();
    }

    /** Queues one event; the future completes with the runtime's answer, or fails after an init error. */
    public CompletableFuture<Answer> invoke(byte[] event, Duration timeout) {
        Invocation invocation = new Invocation(UUID.randomUUID().toString(), event.clone(),
                System.currentTimeMillis() + timeout.toMillis(), new CompletableFuture<>());
        Answer failedInit = initError.get();
        if (failedInit != null) {
            invocation.answer().complete(failedInit);
        } else {
            waiting.add(invocation);
        }
        return invocation.answer();
    }

    /** System.nanoTime when the runtime first asked for an event, if it has. */
    public OptionalLong firstPollNanos() {
        long at = firstPollNanos.get();
        return at == 0 ? OptionalLong.empty() : OptionalLong.of(at);
    }

    /** The error the runtime reported at {@code /runtime/init/error}, if any. */
    public Optional<Answer> initError() {
        return Optional.ofNullable(initError.get());
    }

    @Override
    public void close() {
        closed = true;
        server.stop(0);
        executor.shutdownNow();
        failAll(new IllegalStateException("the Runtime API was closed before the function answered"));
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            String method = exchange.getRequestMethod();
            if (path.equals(PREFIX + "/invocation/next")) {
                if (!method.equals("GET")) {
                    send(exchange, 405, error("MethodNotAllowed", "use GET"));
                    return;
                }
                next(exchange);
                return;
            }
            if (path.equals(PREFIX + "/init/error")) {
                if (!method.equals("POST")) {
                    send(exchange, 405, error("MethodNotAllowed", "use POST"));
                    return;
                }
                initFailed(exchange);
                return;
            }
            Matcher answer = ANSWER.matcher(path);
            if (answer.matches()) {
                if (!method.equals("POST")) {
                    send(exchange, 405, error("MethodNotAllowed", "use POST"));
                    return;
                }
                answer(exchange, answer.group(1), answer.group(2).equals("error"));
                return;
            }
            send(exchange, 404, error("NotFound", "no such Runtime API path: " + path));
        }
    }

    private void next(HttpExchange exchange) throws IOException {
        firstPollNanos.compareAndSet(0, System.nanoTime());
        Invocation invocation;
        try {
            do {
                invocation = waiting.poll(1, TimeUnit.SECONDS);
                if (closed) {
                    if (invocation != null) waiting.add(invocation);
                    return; // the environment is shutting down: leave the runtime waiting, as Lambda does
                }
            } while (invocation == null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        inFlight.put(invocation.requestId(), invocation);
        var headers = exchange.getResponseHeaders();
        headers.set("Content-Type", "application/json");
        headers.set("Lambda-Runtime-Aws-Request-Id", invocation.requestId());
        headers.set("Lambda-Runtime-Deadline-Ms", Long.toString(invocation.deadlineEpochMs()));
        headers.set("Lambda-Runtime-Invoked-Function-Arn", functionArn);
        headers.set("Lambda-Runtime-Trace-Id", "Root=1-" + Long.toHexString(System.currentTimeMillis() / 1000)
                + "-" + invocation.requestId().replace("-", "").substring(0, 24) + ";Sampled=0");
        exchange.sendResponseHeaders(200, invocation.event().length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(invocation.event());
        }
    }

    private void answer(HttpExchange exchange, String requestId, boolean failed) throws IOException {
        byte[] body = readAtMost(exchange.getRequestBody(), MAX_RESPONSE_BYTES);
        // taken, not looked at: of two answers racing for one request only one finds it
        Invocation invocation = inFlight.remove(requestId);
        if (invocation == null) {
            // unknown, or answered already: Lambda refuses a second answer for the same request
            send(exchange, 400, error("InvalidRequestID", "no invocation " + requestId + " is waiting for an answer"));
            return;
        }
        if (body == null) {
            invocation.answer().complete(new Answer(requestId, true, "Function.ResponseSizeTooLarge",
                    error("Function.ResponseSizeTooLarge", "the response is larger than 6 MB"), System.nanoTime()));
            send(exchange, 413, error("RequestEntityTooLarge", "a response may hold at most 6 MB"));
            return;
        }
        String errorType = failed ? errorType(exchange, body) : null;
        invocation.answer().complete(new Answer(requestId, failed, errorType, body, System.nanoTime()));
        send(exchange, 202, "{\"status\":\"OK\"}".getBytes(StandardCharsets.UTF_8));
    }

    private void initFailed(HttpExchange exchange) throws IOException {
        byte[] body = readAtMost(exchange.getRequestBody(), MAX_RESPONSE_BYTES);
        if (body == null) body = new byte[0];
        Answer failure = new Answer("init", true, errorType(exchange, body), body, System.nanoTime());
        initError.compareAndSet(null, failure);
        Invocation invocation;
        while ((invocation = waiting.poll()) != null) {
            invocation.answer().complete(failure);
        }
        inFlight.values().forEach(i -> i.answer().complete(failure));
        inFlight.clear();
        send(exchange, 202, "{\"status\":\"OK\"}".getBytes(StandardCharsets.UTF_8));
    }

    private void failAll(Exception cause) {
        Invocation invocation;
        while ((invocation = waiting.poll()) != null) {
            invocation.answer().completeExceptionally(cause);
        }
        inFlight.values().forEach(i -> i.answer().completeExceptionally(cause));
        inFlight.clear();
    }

    /** The header the runtime sets, else the errorType of its JSON body, else Lambda's generic name. */
    private static String errorType(HttpExchange exchange, byte[] body) {
        String header = exchange.getRequestHeaders().getFirst("Lambda-Runtime-Function-Error-Type");
        if (header != null && !header.isBlank()) return header;
        try {
            Object type = JSON.std.mapFrom(body).get("errorType");
            if (type instanceof String s && !s.isBlank()) return s;
        } catch (IOException | RuntimeException e) {
            // not JSON: the runtime may send any body with an error
        }
        return "Unhandled";
    }

    /** The body, or null when it is longer than {@code limit} bytes. */
    private static byte[] readAtMost(InputStream in, int limit) throws IOException {
        byte[] body = in.readNBytes(limit + 1);
        return body.length > limit ? null : body;
    }

    private static byte[] error(String type, String message) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("errorMessage", message);
        body.put("errorType", type);
        try {
            return JSON.std.asBytes(body);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void send(HttpExchange exchange, int status, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }
}
