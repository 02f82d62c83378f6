// Not run by hand: ColdStart starts it in a fresh JVM with classpath = functions-lambda.jar + this class only, and reads its one "COLDSTART ..." line.
package dev.orderreturns.bench;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;

import java.lang.management.ManagementFactory;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The child side of {@link ColdStart}: what a Lambda container does for its first requests, timed.
 * It must see only the Lambda jar's classes, so it uses nothing but the JDK and what that jar holds,
 * and it touches nothing of the handler's (no JSON library) before the handler does.
 *
 * <p>Arguments are {@code key=value}: {@code orderId}, {@code claim.NAME} (the JWT authorizer's
 * claims), {@code header.NAME}, {@code body.N} and {@code key.N} (body and Idempotency-Key of the
 * N-th event, N = 1..3). Prints one line {@code COLDSTART k=v ...}; the handler's own logs go to
 * standard output too and the parent ignores them.
 *
 * <p>Phases: "init" = load and construct {@code WriteApiFunction} as the Lambda runtime does
 * (reflection, no-arg constructor: it builds the DynamoDB client); "first" = the first
 * {@code handleRequest} (a return: DynamoDB read, conditional write, SQS send, EventBridge put, the
 * SQS and EventBridge clients built on their first use); "second" and
 * "third" = the same JVM answering two more returns. For init, first and second it also reports the
 * main thread's CPU time and run-queue wait ({@code /proc/thread-self/schedstat}), which tell work
 * from waiting for a CPU on a busy machine. The marker classes {@link InitDone} etc. are
 * loaded at each phase's end, outside the timed intervals, so a {@code -Xlog:class+load} log can be split by phase.
 */
public final class ColdStartProbe {

    private static final String HANDLER = "dev.orderreturns.functions.WriteApiFunction";

    private ColdStartProbe() {
    }

    public static void main(String[] args) throws Exception {
        long t0 = System.nanoTime();
        Instant mainAt = Instant.now();
        long[] q0 = schedstat();
        long initStart = System.nanoTime();

        Map<String, String> params = new HashMap<>();
        for (String arg : args) {
            int eq = arg.indexOf('=');
            params.put(arg.substring(0, eq), arg.substring(eq + 1));
        }

        // init: what the runtime does before the first event (load the handler class, construct it)
        Class<?> type = Class.forName(HANDLER);
        @SuppressWarnings("unchecked")
        RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> handler =
                (RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse>) type.getDeclaredConstructor().newInstance();
        long t1 = System.nanoTime();
        long[] q1 = schedstat();
        InitDone.mark();

        // the events (Lambda's runtime would deserialise them from JSON; that part is not measured)
        APIGatewayV2HTTPEvent first = Events.returnEvent(params, 1);
        APIGatewayV2HTTPEvent second = Events.returnEvent(params, 2);
        APIGatewayV2HTTPEvent third = Events.returnEvent(params, 3);
        long t2 = System.nanoTime();
        EventsBuilt.mark();

        long[] q2 = schedstat();
        long s1 = System.nanoTime();
        APIGatewayV2HTTPResponse r1 = handler.handleRequest(first, null);
        long e1 = System.nanoTime();
        long[] q3 = schedstat();
        Instant firstEndAt = Instant.now();
        FirstDone.mark();
        long[] q4 = schedstat();
        long s2 = System.nanoTime();
        APIGatewayV2HTTPResponse r2 = handler.handleRequest(second, null);
        long e2 = System.nanoTime();
        long[] q5 = schedstat();
        SecondDone.mark();
        long s3 = System.nanoTime();
        APIGatewayV2HTTPResponse r3 = handler.handleRequest(third, null);
        long e3 = System.nanoTime();
        ThirdDone.mark();

        // Everything below runs after the measurements, so what it loads costs nothing above.
        long jvmStartMs = ManagementFactory.getRuntimeMXBean().getStartTime();
        long processStartMs = ProcessHandle.current().info().startInstant().map(Instant::toEpochMilli).orElse(-1L);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("mainEpochUs", micros(mainAt));
        out.put("firstEndEpochUs", micros(firstEndAt));
        out.put("jvmStartEpochMs", jvmStartMs);
        out.put("processStartEpochMs", processStartMs);
        out.put("jvmToMainMs", fmt(micros(mainAt) / 1000.0 - jvmStartMs));
        out.put("initMs", fmt((t1 - initStart) / 1e6));
        out.put("eventBuildMs", fmt((t2 - t1) / 1e6));
        out.put("firstMs", fmt((e1 - s1) / 1e6));
        out.put("firstStatus", r1.getStatusCode());
        out.put("secondMs", fmt((e2 - s2) / 1e6));
        out.put("secondStatus", r2.getStatusCode());
        out.put("thirdMs", fmt((e3 - s3) / 1e6));
        out.put("thirdStatus", r3.getStatusCode());
        out.put("jvmStartToFirstAnswerMs", fmt(micros(firstEndAt) / 1000.0 - jvmStartMs));
        // the main thread's CPU time and time spent runnable but waiting for a CPU, per phase
        out.put("initCpuMs", fmt((q1[0] - q0[0]) / 1e6));
        out.put("initRunqueueMs", fmt((q1[1] - q0[1]) / 1e6));
        out.put("firstCpuMs", fmt((q3[0] - q2[0]) / 1e6));
        out.put("firstRunqueueMs", fmt((q3[1] - q2[1]) / 1e6));
        out.put("secondCpuMs", fmt((q5[0] - q4[0]) / 1e6));
        out.put("secondRunqueueMs", fmt((q5[1] - q4[1]) / 1e6));
        out.put("processCpuMs", ProcessHandle.current().info().totalCpuDuration().map(d -> d.toNanos() / 1_000_000)
                .orElse(-1L));
        StringBuilder line = new StringBuilder("COLDSTART");
        out.forEach((k, v) -> line.append(' ').append(k).append('=').append(v));
        System.out.println(line);
        int n = 1;
        for (APIGatewayV2HTTPResponse r : new APIGatewayV2HTTPResponse[] {r1, r2, r3}) {
            if (r.getStatusCode() != 201) {
                System.err.println("event " + n + " answered " + r.getStatusCode() + ": " + r.getBody());
            }
            n++;
        }
        System.out.flush();
        System.exit(0);
    }

    /**
     * This thread's {@code /proc/thread-self/schedstat} (Linux): nanoseconds on a CPU, nanoseconds
     * runnable but waiting for one. Plain java.io, so reading it loads next to nothing. Zeros elsewhere.
     */
    private static long[] schedstat() {
        try (java.io.FileInputStream in = new java.io.FileInputStream("/proc/thread-self/schedstat")) {
            String[] f = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.US_ASCII).trim().split(" ");
            return new long[] {Long.parseLong(f[0]), Long.parseLong(f[1])};
        } catch (java.io.IOException | RuntimeException e) {
            return new long[] {0, 0};
        }
    }

    private static long micros(Instant at) {
        return at.getEpochSecond() * 1_000_000L + at.getNano() / 1_000;
    }

    private static String fmt(double millis) {
        return String.format(java.util.Locale.ROOT, "%.2f", millis);
    }

    /** The API Gateway (payload 2.0) event for {@code POST /orders/{orderId}/returns}, as the JWT authorizer passes it. */
    static final class Events {
        static APIGatewayV2HTTPEvent returnEvent(Map<String, String> params, int n) {
            String orderId = params.get("orderId");
            String path = "/orders/" + orderId + "/returns";
            String routeKey = "POST /orders/{orderId}/returns";
            String body = params.get("body." + n);
            Map<String, String> headers = new HashMap<>();
            Map<String, String> claims = new HashMap<>();
            params.forEach((k, v) -> {
                if (k.startsWith("header.")) headers.put(k.substring("header.".length()), v);
                if (k.startsWith("claim.")) claims.put(k.substring("claim.".length()), v);
            });
            headers.put("idempotency-key", params.get("key." + n));
            headers.put("content-length", Integer.toString(body.getBytes(java.nio.charset.StandardCharsets.UTF_8).length));
            long now = System.currentTimeMillis();
            return APIGatewayV2HTTPEvent.builder()
                    .withVersion("2.0")
                    .withRouteKey(routeKey)
                    .withRawPath(path)
                    .withRawQueryString("")
                    .withHeaders(headers)
                    .withPathParameters(Map.of("orderId", orderId))
                    .withBody(body)
                    .withIsBase64Encoded(false)
                    .withRequestContext(APIGatewayV2HTTPEvent.RequestContext.builder()
                            .withAccountId("123456789012")
                            .withApiId("local")
                            .withStage("$default")
                            .withRouteKey(routeKey)
                            .withRequestId("coldstart-" + n + "-" + now)
                            .withTimeEpoch(now)
                            .withHttp(APIGatewayV2HTTPEvent.RequestContext.Http.builder()
                                    .withMethod("POST")
                                    .withPath(path)
                                    .withProtocol("HTTP/1.1")
                                    .withSourceIp("127.0.0.1")
                                    .withUserAgent("coldstart-probe")
                                    .build())
                            .withAuthorizer(APIGatewayV2HTTPEvent.RequestContext.Authorizer.builder()
                                    .withJwt(APIGatewayV2HTTPEvent.RequestContext.Authorizer.JWT.builder()
                                            .withClaims(claims)
                                            .build())
                                    .build())
                            .build())
                    .build();
        }
    }

    /** Loaded when the events are built. */
    static final class EventsBuilt {
        static void mark() {
        }
    }

    /** Loaded when init ends (a marker in class-load logs). */
    static final class InitDone {
        static void mark() {
        }
    }

    /** Loaded when the first answer is back. */
    static final class FirstDone {
        static void mark() {
        }
    }

    /** Loaded when the second answer is back. */
    static final class SecondDone {
        static void mark() {
        }
    }

    /** Loaded when the third answer is back. */
    static final class ThirdDone {
        static void mark() {
        }
    }
}
