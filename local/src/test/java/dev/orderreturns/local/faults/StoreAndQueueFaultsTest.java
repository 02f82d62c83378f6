package dev.orderreturns.local.faults;

import dev.orderreturns.local.LocalEndpoint;
import dev.orderreturns.local.LocalFunctions;
import dev.orderreturns.local.SamTemplate;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The store and queue faults' counting and scoping, and the strict body of /_local/faults. */
class StoreAndQueueFaultsTest {

    private static LocalFunctions functions;
    private static LocalFunctions otherFunctions;

    @BeforeAll
    static void load() throws Exception {
        // any two LocalFunctions will do: faults are attached to one stack's functions. A template
        // without functions, since loading a handler runs its static initializer once per JVM,
        // before the stack meant for it has set its configuration.
        SamTemplate template = SamTemplate.parse("Resources: {}\n", Path.of("no-functions.yaml"));
        functions = LocalFunctions.load(template, StoreAndQueueFaultsTest.class.getClassLoader());
        otherFunctions = LocalFunctions.load(template, StoreAndQueueFaultsTest.class.getClassLoader());
    }

    @Test
    void eachArmedFaultFailsExactlyOneCallHoweverManyThreadsAsk() throws InterruptedException {
        StoreAndQueueFaults faults = StoreAndQueueFaults.attach(functions, "Writer");
        try {
            faults.failStoreWrites(250);
            faults.failStoreWrites(250);
            faults.failQueueSends(123);
            AtomicInteger storeFailed = new AtomicInteger();
            AtomicInteger queueFailed = new AtomicInteger();
            CountDownLatch go = new CountDownLatch(1);
            List<Thread> threads = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                threads.add(Thread.ofPlatform().start(() -> {
                    try {
                        go.await();
                    } catch (InterruptedException e) {
                        return;
                    }
                    for (int i = 0; i < 200; i++) {
                        if (faults.takeStoreWrite("Writer")) storeFailed.incrementAndGet();
                        if (faults.takeQueueSend()) queueFailed.incrementAndGet();
                    }
                }));
            }
            go.countDown();
            for (Thread thread : threads) thread.join();
            assertEquals(500, storeFailed.get());
            assertEquals(123, queueFailed.get());
            assertEquals(0, faults.pendingStoreWrites());
            assertEquals(0, faults.pendingQueueSends());
        } finally {
            faults.detach();
        }
    }

    @Test
    void storeFaultsFailOnlyTheirFunctionsWritesAndStackFaultsStayWithTheirStack() {
        StoreAndQueueFaults faults = StoreAndQueueFaults.attach(functions, "Writer");
        try {
            faults.failStoreWrites(1);
            assertFalse(faults.takeStoreWrite("SomeoneElse"));
            assertEquals(1, faults.pendingStoreWrites(), "another function's write used up nothing");
            assertTrue(faults.takeStoreWrite("Writer"));
            assertFalse(faults.takeStoreWrite("Writer"));
            assertSame(faults, StoreAndQueueFaults.of(functions));
            assertNull(StoreAndQueueFaults.of(otherFunctions));
        } finally {
            faults.detach();
        }
        assertNull(StoreAndQueueFaults.of(functions));
    }

    @Test
    void aStackWithoutAStoreWriterCannotArmStoreFaults() {
        StoreAndQueueFaults faults = StoreAndQueueFaults.attach(functions, null);
        try {
            assertThrows(IllegalStateException.class, () -> faults.failStoreWrites(1));
            assertThrows(IllegalArgumentException.class, () -> faults.failQueueSends(0));
        } finally {
            faults.detach();
        }
    }

    private static Map<String, Object> body(Object... pairs) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) m.put((String) pairs[i], pairs[i + 1]);
        return m;
    }

    private static String refused(Map<String, Object> body) {
        return assertThrows(LocalEndpoint.BadRequestException.class, () -> FaultRequest.parse(body)).getMessage();
    }

    @Test
    void aFaultRequestIsCheckedStrictlyAndTheRefusalSaysWhatIsWrong() {
        assertEquals(new FaultRequest("store", "error", 2), FaultRequest.parse(body("target", "store", "mode", "error",
                "count", 2)));
        assertEquals(new FaultRequest("payments", "rejected", 1000), FaultRequest.parse(body("target", "payments",
                "mode", "rejected", "count", 1000)));
        assertEquals(new FaultRequest("queue", "error", 1), FaultRequest.parse(body("target", "queue", "mode", "error",
                "count", 1L)));

        assertEquals(new FaultRequest("events", "error", 3), FaultRequest.parse(body("target", "events", "mode", "error",
                "count", 3)));

        assertEquals("target is required: one of payments, giftcards, store, queue, events",
                refused(body("mode", "error", "count", 1)));
        assertEquals("target database is not one of payments, giftcards, store, queue, events",
                refused(body("target", "database", "mode", "error", "count", 1)));
        assertEquals("mode is required: for target queue, one of error",
                refused(body("target", "queue", "count", 1)));
        assertEquals("mode timeout is not one of target store's: error",
                refused(body("target", "store", "mode", "timeout", "count", 1)));
        assertEquals("mode rejected is not one of target events's: error",
                refused(body("target", "events", "mode", "rejected", "count", 1)));
        assertEquals("mode crash is not one of target giftcards's: error, timeout, refund-manually, "
                        + "not-implemented, rejected, throttled",
                refused(body("target", "giftcards", "mode", "crash", "count", 1)));
        assertEquals("count is required: an integer from 1 to 1000",
                refused(body("target", "store", "mode", "error")));
        for (Object count : List.of(0, -1, 1001, 2.0, "2", true, 10_000_000_000L,
                new java.math.BigInteger("100000000000000000000"))) {
            assertEquals("count must be an integer from 1 to 1000, not " + count,
                    refused(body("target", "store", "mode", "error", "count", count)), "count " + count);
        }
        assertEquals("unknown field function: a fault is {target, mode, count}",
                refused(body("target", "store", "mode", "error", "count", 1, "function", "WriteApiFunction")));
    }
}
