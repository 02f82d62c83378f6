package dev.orderreturns.log;

import com.fasterxml.jackson.jr.ob.JSON;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The per-invocation context every line carries, and the masking of exception messages. */
class LogTest {

    private static Map<String, Object> parse(String line) {
        try {
            return JSON.std.mapFrom(line);
        } catch (IOException e) {
            throw new AssertionError("not a JSON object: " + line, e);
        }
    }

    @Test
    void linesInAScopeCarryItsFunctionRequestIdAndTheIdsLearntSoFar() {
        List<String> lines = StdoutCapture.lines(() -> {
            try (Log.Scope scope = Log.begin("RefundProcessorFunction", "msg-1")) {
                Log.info("first", Map.of());
                Log.identify("acme", "o-1", "ret-1");
                Log.info("second", Map.of("attempts", 2));
            }
            Log.info("outside", Map.of());
        });
        Map<String, Object> first = parse(lines.get(0));
        Map<String, Object> second = parse(lines.get(1));
        Map<String, Object> outside = parse(lines.get(2));
        assertEquals("RefundProcessorFunction", first.get("function"));
        assertEquals("msg-1", first.get("requestId"));
        assertFalse(first.containsKey("account"));
        assertEquals("msg-1", second.get("requestId"));
        assertEquals("acme", second.get("account"));
        assertEquals("o-1", second.get("orderId"));
        assertEquals("ret-1", second.get("returnId"));
        assertEquals(2, ((Number) second.get("attempts")).intValue());
        assertEquals("INFO", second.get("level"));
        assertEquals("second", second.get("event"));
        assertFalse(outside.containsKey("requestId"), "the scope is cleared when it closes");
        assertFalse(outside.containsKey("account"));
    }

    @Test
    void aNestedScopeRestoresTheOuterOne() {
        List<String> lines = StdoutCapture.lines(() -> {
            try (Log.Scope outer = Log.begin("f", "outer")) {
                try (Log.Scope inner = Log.begin("f", "inner")) {
                    Log.info("in", Map.of());
                }
                Log.info("out", Map.of());
            }
        });
        assertEquals("inner", parse(lines.get(0)).get("requestId"));
        assertEquals("outer", parse(lines.get(1)).get("requestId"));
    }

    @Test
    void invocationsOnOtherThreadsNeverSeeEachOthersContext() throws Exception {
        CountDownLatch bothOpen = new CountDownLatch(2);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        List<String> lines = StdoutCapture.lines(() -> {
            Thread a = Thread.ofPlatform().start(() -> run("A", bothOpen, failure));
            Thread b = Thread.ofPlatform().start(() -> run("B", bothOpen, failure));
            try {
                a.join();
                b.join();
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        });
        assertNull(failure.get());
        assertEquals(2, lines.size());
        for (String line : lines) {
            Map<String, Object> m = parse(line);
            assertEquals("req-" + m.get("account"), m.get("requestId"), line);
        }
    }

    private static void run(String account, CountDownLatch bothOpen, AtomicReference<Throwable> failure) {
        try (Log.Scope scope = Log.begin("f", "req-" + account)) {
            Log.identify(account, null, null);
            bothOpen.countDown();
            bothOpen.await();
            Log.info("concurrent", Map.of());
        } catch (Throwable t) {
            failure.set(t);
        }
    }

    @Test
    void exceptionsAreClassAndMaskedMessageOnOneLine() {
        String jwt = "eyJhbGciOiJSUzI1NiJ9.eyJhY2NvdW50IjoiYWNtZSJ9.c2lnbmF0dXJl";
        RuntimeException error = new IllegalStateException("rejected Bearer " + jwt + " for jane.doe@example.com,"
                + " card 4111 1111 1111 1111 and 4111111111111111\nsecond line");
        List<String> lines = StdoutCapture.lines(() -> Log.error("request.failed", Map.of(), error));
        assertEquals(1, lines.size());
        String text = (String) parse(lines.getFirst()).get("error");
        assertTrue(text.startsWith("IllegalStateException: rejected "), text);
        for (String secret : List.of("Bearer", "eyJ", "jane.doe", "example.com", "4111")) {
            assertFalse(text.contains(secret), secret + " in " + text);
        }
        assertTrue(text.contains("second line"));
    }

    @Test
    void longExceptionMessagesAreCut() {
        String text = Log.describe(new RuntimeException("x".repeat(5000)));
        assertTrue(text.length() < 400, text);
    }

    @Test
    void ordinaryIdsInMessagesAreKept() {
        assertEquals("RuntimeException: order 1234567890-01 of acme: conflict",
                Log.describe(new RuntimeException("order 1234567890-01 of acme: conflict")));
    }
}
