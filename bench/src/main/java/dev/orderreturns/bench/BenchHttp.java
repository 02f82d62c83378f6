// Helper for ColdStart and RefundThroughput (not run by itself): HTTP calls to the local stack, JSON, sample events, percentiles.
package dev.orderreturns.bench;

import com.fasterxml.jackson.jr.ob.JSON;

import java.util.ArrayList;
import java.util.function.IntConsumer;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** What the benchmarks share: a small HTTP client for the local stack's API and the sample events. */
final class BenchHttp {

    /** Money in the ledger is decimal: read it exactly. */
    static final JSON JSON_EXACT = JSON.std.with(JSON.Feature.USE_BIG_DECIMAL_FOR_FLOATS);

    record Answer(int status, String body) {
        Map<String, Object> json() {
            return BenchHttp.json(body);
        }
    }

    private final HttpClient client;
    private final String baseUrl;

    BenchHttp(String baseUrl) {
        this.baseUrl = baseUrl;
        this.client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .build();
    }

    String baseUrl() {
        return baseUrl;
    }

    /** {@code POST /_local/token}: a JWT for {@code account} with every scope the API knows. */
    String token(String account) {
        Answer a = send("POST", "/_local/token", null, toJson(Map.of("account", account,
                "scopes", List.of("orders:write", "returns:write", "returns:read"))), Map.of());
        require(a, 200, "POST /_local/token");
        return (String) a.json().get("token");
    }

    Answer send(String method, String path, String token, String body, Map<String, String> headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(Duration.ofSeconds(30));
        if (token != null) b.header("authorization", "Bearer " + token);
        if (body != null) b.header("content-type", "application/json");
        headers.forEach(b::header);
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        try {
            HttpResponse<String> r = client.send(b.build(), HttpResponse.BodyHandlers.ofString());
            return new Answer(r.statusCode(), r.body());
        } catch (IOException e) {
            throw new UncheckedIOException(method + " " + path + " failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted during " + method + " " + path, e);
        }
    }

    static void require(Answer a, int status, String what) {
        if (a.status() != status) {
            throw new IllegalStateException(what + " answered " + a.status() + " (expected " + status + "): " + a.body());
        }
    }

    static Map<String, Object> json(String text) {
        try {
            return JSON_EXACT.mapFrom(text);
        } catch (IOException e) {
            throw new UncheckedIOException("not a JSON object: " + text, e);
        }
    }

    static String toJson(Object value) {
        try {
            return JSON.std.asString(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A sample event from {@code events/}, as a map. */
    static Map<String, Object> event(Path root, String file) {
        try {
            return json(Files.readString(root.resolve("events").resolve(file)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read events/" + file, e);
        }
    }

    /** The sample order import body with {@code orderId} set to the given id. */
    static String orderBody(Path root, String orderId) {
        Map<String, Object> body = json((String) event(root, "put-order.json").get("body"));
        body.put("orderId", orderId);
        return toJson(body);
    }

    /** Nearest-rank percentile of sorted values. */
    static double percentile(double[] sorted, double p) {
        if (sorted.length == 0) return Double.NaN;
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1];
    }

    /**
     * Sends what the in-process functions log (one JSON line each, on {@code System.out}) to a file,
     * so the figures stay readable; the logging still costs what it costs. Returns the real stdout.
     */
    static java.io.PrintStream redirectStackLogs(String name) {
        java.io.PrintStream console = System.out;
        try {
            Path dir = Path.of(System.getProperty("java.io.tmpdir"), "order-returns-bench");
            Files.createDirectories(dir);
            Path file = dir.resolve(name + "-stack.log");
            System.setOut(new java.io.PrintStream(Files.newOutputStream(file), true, java.nio.charset.StandardCharsets.UTF_8));
            console.println("(the local stack's function logs go to " + file + ")");
        } catch (IOException e) {
            console.println("(cannot redirect the function logs: " + e.getMessage() + ")");
        }
        return console;
    }

    /**
     * The machine's load (Linux {@code /proc/loadavg}: 1, 5, 15-minute averages, runnable/threads)
     * and what else is using the CPUs: figures taken on a busy machine say so.
     */
    static String machineLoad() {
        try {
            String load = Files.readString(Path.of("/proc/loadavg")).trim();
            return "load average " + load + " on " + Runtime.getRuntime().availableProcessors() + " CPUs";
        } catch (IOException | RuntimeException e) {
            return "load average unknown";
        }
    }

    static String ms(double millis) {
        return String.format(Locale.ROOT, "%.1f", millis);
    }

    /** Runs {@code task(0..n-1)} on {@code threads} virtual threads, each taking the next index. */
    static void inParallel(int n, int threads, IntConsumer task) throws InterruptedException {
        AtomicInteger next = new AtomicInteger();
        ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < Math.min(threads, Math.max(n, 1)); t++) {
            workers.add(Thread.ofVirtual().name("bench-client-" + t).start(() -> {
                for (int i; (i = next.getAndIncrement()) < n; ) {
                    try {
                        task.accept(i);
                    } catch (RuntimeException e) {
                        failures.add(e);
                    }
                }
            }));
        }
        for (Thread w : workers) w.join();
        if (!failures.isEmpty()) {
            throw new IllegalStateException(failures.size() + " tasks failed: " + failures.peek().getMessage(),
                    failures.peek());
        }
    }

    /** Deletes a queue a benchmark made for itself, if it made one; a failure is reported, not thrown. */
    static void deleteQueueQuietly(dev.orderreturns.local.LocalStack stack, String queueUrl) {
        if (queueUrl == null) return;
        try {
            stack.resources().sqs().deleteQueue(b -> b.queueUrl(queueUrl));
        } catch (RuntimeException e) {
            System.err.println("could not delete " + queueUrl + ": " + e.getMessage());
        }
    }

    /** {@code PUT /orders/{orderId}} with the sample order; 201 or 200 (imported again), else it throws. */
    void importSampleOrder(Path root, String token, String orderId) {
        Answer a = send("PUT", "/orders/" + orderId, token, orderBody(root, orderId), Map.of());
        if (a.status() != 201 && a.status() != 200) {
            throw new IllegalStateException("PUT /orders/" + orderId + " answered " + a.status() + ": " + a.body());
        }
    }

    /** The median (the mean of the middle two for an even count); NaN for none. */
    static double median(double[] values) {
        double[] sorted = values.clone();
        java.util.Arrays.sort(sorted);
        if (sorted.length == 0) return Double.NaN;
        int mid = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }
}
