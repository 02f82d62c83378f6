package dev.orderreturns.local;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The local Runtime API, driven by this test as a runtime would drive it. */
class LambdaRuntimeApiTest {

    private static final String ARN = "arn:aws:lambda:us-east-1:000000000000:function:WriteApiFunction";
    private final HttpClient http = HttpClient.newHttpClient();
    private LambdaRuntimeApi api;

    @BeforeEach
    void start() {
        api = LambdaRuntimeApi.start(ARN);
    }

    @AfterEach
    void stop() {
        api.close();
    }

    private String url(String path) {
        return "http://" + api.address() + LambdaRuntimeApi.PREFIX + path;
    }

    private HttpResponse<String> next() throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url("/invocation/next"))).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String path, String body, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url(path)))
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (headers.length > 0) request.headers(headers);
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void anEventGoesOutWithLambdasHeadersAndTheResponseComesBack() throws Exception {
        assertTrue(api.firstPollNanos().isEmpty());
        long before = System.currentTimeMillis();
        CompletableFuture<LambdaRuntimeApi.Answer> answer = api.invoke("{\"n\":1}".getBytes(StandardCharsets.UTF_8),
                Duration.ofSeconds(20));
        HttpResponse<String> event = next();
        assertEquals(200, event.statusCode());
        assertEquals("{\"n\":1}", event.body());
        assertTrue(api.firstPollNanos().isPresent(), "the first poll marks the end of init");
        String id = event.headers().firstValue("Lambda-Runtime-Aws-Request-Id").orElseThrow();
        assertEquals(ARN, event.headers().firstValue("Lambda-Runtime-Invoked-Function-Arn").orElseThrow());
        long deadline = Long.parseLong(event.headers().firstValue("Lambda-Runtime-Deadline-Ms").orElseThrow());
        assertTrue(deadline >= before + 20_000 && deadline <= System.currentTimeMillis() + 20_000, "deadline " + deadline);
        assertTrue(event.headers().firstValue("Lambda-Runtime-Trace-Id").orElseThrow().startsWith("Root=1-"));
        assertFalse(answer.isDone(), "no answer before the runtime gives one");

        assertEquals(202, post("/invocation/" + id + "/response", "{\"statusCode\":201}").statusCode());
        LambdaRuntimeApi.Answer got = answer.get(5, TimeUnit.SECONDS);
        assertEquals(id, got.requestId());
        assertFalse(got.failed());
        assertEquals("{\"statusCode\":201}", got.bodyText());

        // a second answer for the same request is refused, as Lambda refuses it
        HttpResponse<String> again = post("/invocation/" + id + "/response", "{}");
        assertEquals(400, again.statusCode());
        assertTrue(again.body().contains("InvalidRequestID"), again.body());
        assertEquals(400, post("/invocation/no-such-id/response", "{}").statusCode());
    }

    @Test
    void anErrorAnswerCarriesItsType() throws Exception {
        CompletableFuture<LambdaRuntimeApi.Answer> answer = api.invoke("{}".getBytes(StandardCharsets.UTF_8), Duration.ofSeconds(5));
        String id = next().headers().firstValue("Lambda-Runtime-Aws-Request-Id").orElseThrow();
        assertEquals(202, post("/invocation/" + id + "/error",
                "{\"errorMessage\":\"boom\",\"errorType\":\"java.lang.IllegalStateException\"}",
                "Lambda-Runtime-Function-Error-Type", "Runtime.Unhandled").statusCode());
        LambdaRuntimeApi.Answer got = answer.get(5, TimeUnit.SECONDS);
        assertTrue(got.failed());
        assertEquals("Runtime.Unhandled", got.errorType());
        assertTrue(got.bodyText().contains("boom"));

        // without the header, the body's errorType names it
        answer = api.invoke("{}".getBytes(StandardCharsets.UTF_8), Duration.ofSeconds(5));
        id = next().headers().firstValue("Lambda-Runtime-Aws-Request-Id").orElseThrow();
        post("/invocation/" + id + "/error", "{\"errorMessage\":\"x\",\"errorType\":\"MyError\"}");
        assertEquals("MyError", answer.get(5, TimeUnit.SECONDS).errorType());
    }

    @Test
    void anInitErrorFailsTheWaitingAndEveryLaterInvocation() throws Exception {
        CompletableFuture<LambdaRuntimeApi.Answer> waiting = api.invoke("{}".getBytes(StandardCharsets.UTF_8), Duration.ofSeconds(5));
        assertEquals(202, post("/init/error", "{\"errorMessage\":\"no table\",\"errorType\":\"Runtime.InitError\"}").statusCode());
        LambdaRuntimeApi.Answer failed = waiting.get(5, TimeUnit.SECONDS);
        assertTrue(failed.failed());
        assertEquals("Runtime.InitError", failed.errorType());
        assertNotNull(api.initError().orElse(null));
        assertTrue(api.invoke("{}".getBytes(StandardCharsets.UTF_8), Duration.ofSeconds(5)).get(1, TimeUnit.SECONDS).failed());
    }

    @Test
    void aResponseOverSixMegabytesIsRefusedAndTheInvocationFails() throws Exception {
        CompletableFuture<LambdaRuntimeApi.Answer> answer = api.invoke("{}".getBytes(StandardCharsets.UTF_8), Duration.ofSeconds(5));
        String id = next().headers().firstValue("Lambda-Runtime-Aws-Request-Id").orElseThrow();
        String big = "\"" + "x".repeat(LambdaRuntimeApi.MAX_RESPONSE_BYTES) + "\"";
        assertEquals(413, post("/invocation/" + id + "/response", big).statusCode());
        LambdaRuntimeApi.Answer got = answer.get(5, TimeUnit.SECONDS);
        assertTrue(got.failed());
        assertEquals("Function.ResponseSizeTooLarge", got.errorType());
    }

    @Test
    void wrongMethodsAndPathsAreRefused() throws Exception {
        assertEquals(405, post("/invocation/next", "").statusCode());
        assertEquals(405, http.send(HttpRequest.newBuilder(URI.create(url("/init/error"))).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode());
        assertEquals(404, post("/nothing-here", "").statusCode());
    }
}
