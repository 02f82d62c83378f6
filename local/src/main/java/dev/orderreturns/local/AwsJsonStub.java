package dev.orderreturns.local;

import com.fasterxml.jackson.jr.ob.JSON;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A stand-in for two AWS operations of the JSON 1.1 protocol (a POST whose {@code X-Amz-Target}
 * header names the operation), for a function run outside the local stack: Parameter Store's
 * {@code GetParametersByPath}, which the stack does not run, and EventBridge's {@code PutEvents},
 * answered without routing anything anywhere. It answers as the service does on success, refuses
 * unsigned requests as AWS would, and records every call, so a test can assert what reached it.
 * Parameter pages hold at most {@link #PAGE_SIZE} parameters, so callers must follow
 * {@code NextToken}.
 */
public final class AwsJsonStub implements AutoCloseable {

    public static final int PAGE_SIZE = 2;

    /** One request: its {@code X-Amz-Target}, JSON body and the {@code Authorization} header. */
    public record Call(String target, Map<String, Object> body, String authorization) {}

    private final HttpServer server;
    private final ExecutorService executor;
    private final List<Call> calls = new CopyOnWriteArrayList<>();
    private final Map<String, String> parameters = new TreeMap<>();

    private AwsJsonStub(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
    }

    /** Listens on a free port of 127.0.0.1. */
    public static AwsJsonStub start() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
            AwsJsonStub stub = new AwsJsonStub(server, executor);
            server.setExecutor(executor);
            server.createContext("/", stub::handle);
            server.start();
            return stub;
        } catch (IOException e) {
            throw new IllegalStateException("cannot start the AWS stub: " + e.getMessage(), e);
        }
    }

    /** The endpoint to give an SDK client or setting, e.g. {@code EVENTBRIDGE_ENDPOINT}. */
    public String endpoint() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Parameter Store's content from now on: full name to value (every type answered as SecureString). */
    public synchronized void parameters(Map<String, String> byName) {
        parameters.clear();
        parameters.putAll(byName);
    }

    public List<Call> calls() {
        return List.copyOf(calls);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] in = exchange.getRequestBody().readAllBytes();
            String target = exchange.getRequestHeaders().getFirst("x-amz-target");
            String authorization = exchange.getRequestHeaders().getFirst("authorization");
            Map<String, Object> body;
            try {
                body = in.length == 0 ? Map.of() : JSON.std.mapFrom(new String(in, StandardCharsets.UTF_8));
            } catch (IOException e) {
                send(exchange, 400, error("SerializationException", "the body is not JSON"));
                return;
            }
            calls.add(new Call(target, body, authorization));
            if (authorization == null || !authorization.startsWith("AWS4-HMAC-SHA256 Credential=")) {
                send(exchange, 400, error("MissingAuthenticationTokenException", "Missing Authentication Token"));
                return;
            }
            switch (String.valueOf(target)) {
                case "AWSEvents.PutEvents" -> send(exchange, 200, putEvents(body));
                case "AmazonSSM.GetParametersByPath" -> send(exchange, 200, parametersByPath(body));
                default -> send(exchange, 400, error("UnknownOperationException", "not stubbed: " + target));
            }
        }
    }

    private static Map<String, Object> putEvents(Map<String, Object> body) {
        List<Object> entries = new ArrayList<>();
        if (body.get("Entries") instanceof List<?> sent) {
            for (int i = 0; i < sent.size(); i++) entries.add(Map.of("EventId", UUID.randomUUID().toString()));
        }
        return Map.of("FailedEntryCount", 0, "Entries", entries);
    }

    private synchronized Map<String, Object> parametersByPath(Map<String, Object> body) {
        String path = String.valueOf(body.get("Path"));
        String prefix = path.endsWith("/") ? path : path + "/";
        boolean recursive = Boolean.TRUE.equals(body.get("Recursive"));
        List<String> names = parameters.keySet().stream().filter(n -> n.startsWith(prefix))
                .filter(n -> recursive || n.indexOf('/', prefix.length()) < 0).toList();
        int from = body.get("NextToken") instanceof String token ? Integer.parseInt(token) : 0;
        List<Object> page = new ArrayList<>();
        for (String name : names.subList(from, Math.min(names.size(), from + PAGE_SIZE))) {
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("Name", name);
            p.put("Type", "SecureString");
            p.put("Value", parameters.get(name));
            p.put("Version", 1);
            page.add(p);
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("Parameters", page);
        if (from + PAGE_SIZE < names.size()) answer.put("NextToken", Integer.toString(from + PAGE_SIZE));
        return answer;
    }

    private static Map<String, Object> error(String type, String message) {
        return Map.of("__type", type, "message", message);
    }

    private static void send(HttpExchange exchange, int status, Map<String, Object> json) throws IOException {
        byte[] out = JSON.std.asBytes(json);
        exchange.getResponseHeaders().set("content-type", "application/x-amz-json-1.1");
        exchange.getResponseHeaders().set("x-amzn-requestid", UUID.randomUUID().toString());
        exchange.sendResponseHeaders(status, out.length);
        exchange.getResponseBody().write(out);
    }

    @Override
    public void close() {
        server.stop(0);
        executor.close();
    }
}
