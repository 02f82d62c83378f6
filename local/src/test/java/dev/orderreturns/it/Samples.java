package dev.orderreturns.it;

import com.fasterxml.jackson.jr.ob.JSON;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/** The sample events in {@code events/}: the tests use the same files users invoke. */
final class Samples {

    private Samples() {
    }

    static Path root() {
        String root = System.getProperty("orderreturns.root");
        return root == null ? Path.of("..").toAbsolutePath().normalize() : Path.of(root);
    }

    static Path eventsDir() {
        return root().resolve("events");
    }

    static Map<String, Object> event(String file) {
        try {
            return JSON.std.mapFrom(Files.readString(eventsDir().resolve(file)));
        } catch (IOException e) {
            throw new AssertionError("cannot read events/" + file, e);
        }
    }

    /** The JSON body of a sample event, as a string. */
    static String body(String file) {
        return (String) event(file).get("body");
    }

    /** The sample order import body. */
    static String orderBody() {
        return body("put-order.json");
    }

    static Map<String, Object> orderBodyMap() {
        try {
            return JSON.std.mapFrom(orderBody());
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    /**
     * Waits until the shared stack's refund queue holds nothing, delayed wake-ups included, so no
     * refund work of an earlier test runs (and uses up a fault, or makes calls) while a test counts
     * on its own: the stack's pollers refund whatever is queued. Fails after a minute.
     */
    static void awaitIdleRefundQueue() {
        dev.orderreturns.local.LocalStack stack = dev.orderreturns.local.LocalStack.shared();
        String queueUrl = stack.resources().queueUrl("RefundQueue");
        long deadline = System.nanoTime() + java.time.Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            Map<String, String> attributes = stack.resources().sqs().getQueueAttributes(b -> b.queueUrl(queueUrl)
                    .attributeNamesWithStrings("ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible",
                            "ApproximateNumberOfMessagesDelayed")).attributesAsStrings();
            if (attributes.values().stream().allMatch("0"::equals)) {
                return;
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
        throw new AssertionError("the refund queue is still busy after a minute: " + queueUrl);
    }

    /** A fresh store account per test, so tests never see each other's orders. */
    static String newAccount() {
        return "acct-" + UUID.randomUUID().toString().substring(0, 8);
    }

    static Map<String, Object> map(Object... keyValues) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            m.put((String) keyValues[i], keyValues[i + 1]);
        }
        return m;
    }

    /** Waits; an interrupted wait fails the test rather than shortening it unnoticed. */
    static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while waiting " + millis + " ms", e);
        }
    }
}
