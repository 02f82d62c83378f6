package dev.orderreturns.it;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static dev.orderreturns.it.Samples.map;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The retry cadence as a user of {@code local/run} meets it, with the template's own waits (not the
 * shortened ones of the stack the other tests share): two provider errors, then REFUNDED about 30 +
 * 60 seconds later, with nobody calling {@code /_local/reconcile} (the reconciler's first scheduled
 * run is 5 minutes away). The stack runs in a JVM of its own, as {@code local/run} starts it, because
 * the functions read their settings once per JVM. Takes about a minute and a half.
 */
@Tag("e2e")
class RetryCadenceTest {

    private static Process stack;
    private static Http http;

    @BeforeAll
    static void startTheStackAsLocalRunDoes() throws IOException {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        stack = new ProcessBuilder(java.toString(), "--sun-misc-unsafe-memory-access=allow",
                "-Dorderreturns.root=" + Samples.root(), "-cp", System.getProperty("java.class.path"),
                "dev.orderreturns.local.LocalStack", "--port", "0")
                .redirectErrorStream(true).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(stack.getInputStream(), StandardCharsets.UTF_8));
        Pattern ready = Pattern.compile("ready on (http://127\\.0\\.0\\.1:\\d+)");
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        for (String line; System.nanoTime() < deadline && (line = out.readLine()) != null; ) {
            Matcher m = ready.matcher(line);
            if (m.find()) {
                http = new Http(m.group(1));
                // Keep draining its output so it never blocks on a full pipe.
                Thread.ofVirtual().start(() -> out.lines().forEach(l -> { }));
                return;
            }
        }
        fail("the local stack did not come up");
    }

    @AfterAll
    static void stop() throws InterruptedException {
        if (stack != null) {
            stack.destroy();
            if (!stack.waitFor(20, TimeUnit.SECONDS)) {
                stack.destroyForcibly();
            }
        }
    }

    @Test
    void twoProviderErrorsThenRefundedWithinAboutTwoMinutesWithNobodyReconciling() {
        String account = Samples.newAccount();
        String token = Tokens.token(http, account);
        assertEquals(201, http.send("PUT", "/orders/1234567890-01", token, Samples.orderBody()).status());
        assertEquals(200, http.send("POST", "/_local/faults", null,
                Http.json(map("target", "payments", "mode", "error", "count", 2))).status());

        long submitted = System.nanoTime();
        Http.Response created = http.send("POST", "/orders/1234567890-01/returns", token,
                Samples.body("post-return.json"));
        assertEquals(201, created.status(), created.body());
        String path = "/orders/1234567890-01/returns/" + created.json().get("returnId");

        Map<String, Object> ret = null;
        while (System.nanoTime() - submitted < Duration.ofSeconds(150).toNanos()) {
            ret = http.get(path, token).json();
            if ("REFUNDED".equals(ret.get("status"))) {
                break;
            }
            Samples.pause(1000);
        }
        Duration took = Duration.ofNanos(System.nanoTime() - submitted);
        assertEquals("REFUNDED", ret.get("status"), "after " + took + ": " + ret);
        assertEquals(2, ((Number) ret.get("attempts")).intValue());
        assertTrue(took.compareTo(Duration.ofSeconds(85)) >= 0, "waited 30 s then 60 s, not less: " + took);
        assertTrue(took.compareTo(Duration.ofSeconds(130)) <= 0, "about two minutes at most: " + took);
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> refunds = (List<Map<String, Object>>) http.get("/_local/ledger", null).json()
                .get("refunds");
        assertEquals(1, refunds.size(), "paid once: " + refunds);
    }

}
