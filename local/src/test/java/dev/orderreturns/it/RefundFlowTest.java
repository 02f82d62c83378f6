package dev.orderreturns.it;

import com.fasterxml.jackson.jr.ob.JSON;
import dev.orderreturns.domain.Order;
import dev.orderreturns.domain.OrderStore;
import dev.orderreturns.domain.Reconciler;
import dev.orderreturns.domain.RecordingRefundQueue;
import dev.orderreturns.domain.RetrySchedule;
import dev.orderreturns.store.dynamodb.DynamoDbRefundClaims;
import dev.orderreturns.domain.Refunder;
import dev.orderreturns.domain.ReturnDesk;
import dev.orderreturns.domain.ReturnRequest;
import dev.orderreturns.functions.RefundProcessorFunction;
import dev.orderreturns.local.LocalContext;
import dev.orderreturns.local.LocalStack;
import dev.orderreturns.local.sandbox.SandboxProviders;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.orderreturns.providers.http.HttpGiftCardProvider;
import dev.orderreturns.providers.http.HttpPaymentProvider;
import dev.orderreturns.providers.http.ProviderCredentials;
import dev.orderreturns.queue.sqs.SqsRefundQueue;
import dev.orderreturns.store.dynamodb.DynamoDbDueOrders;
import dev.orderreturns.store.dynamodb.DynamoDbOrderStore;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;

import static dev.orderreturns.it.Samples.map;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Refunds end to end against dynalite, ElasticMQ and the sandbox providers (no mocks; the happy path,
 * which needs only the public API, is in {@link ApiEndToEndTest}): the queue
 * wired to the refund processor, faults injected through /_local/faults, and the ledger read
 * through /_local/ledger. The refund queue's visibility timeout is shortened to 1 s for this class
 * so retries and redrives happen in seconds; everything else is as template.yaml declares.
 */
@Tag("integration")
class RefundFlowTest {

    private static final String ORDER = "1234567890-01";
    /** The one payment of events/put-order.json: every chargeback of its returns goes to it. */
    private static final String PAYMENT = "D3DEECAB3C6C4B9EAF8EF4C1FE062FF3";
    private static LocalStack stack;
    private static Http http;
    private static SqsClient sqs;
    private static String queueUrl;
    private static String dlqUrl;
    private static DynamoDbOrderStore store;
    private String account;
    private String token;

    @BeforeAll
    static void start() {
        stack = LocalStack.shared();
        http = new Http(stack.baseUrl());
        sqs = stack.resources().sqs();
        queueUrl = stack.resources().queueUrl("RefundQueue");
        dlqUrl = stack.resources().queueUrl("RefundDeadLetterQueue");
        store = new DynamoDbOrderStore(stack.resources().dynamoDb(), stack.resources().tableName("OrdersTable"));
        setVisibilityTimeout("1");
    }

    @AfterAll
    static void restore() {
        setVisibilityTimeout("360");
    }

    private static void setVisibilityTimeout(String seconds) {
        sqs.setQueueAttributes(b -> b.queueUrl(queueUrl)
                .attributes(Map.of(QueueAttributeName.VISIBILITY_TIMEOUT, seconds)));
    }

    @BeforeEach
    void importOrder() {
        account = Samples.newAccount();
        token = Tokens.token(http, account);
        Http.Response imported = http.send("PUT", "/orders/" + ORDER, token, Samples.orderBody());
        assertEquals(201, imported.status(), imported.body());
    }

    private void fault(String target, String mode, int count) {
        Http.Response r = http.send("POST", "/_local/faults", null,
                Http.json(map("target", target, "mode", mode, "count", count)));
        assertEquals(200, r.status(), r.body());
    }

    private String submit() {
        Http.Response created = http.send("POST", "/orders/" + ORDER + "/returns", token,
                Samples.body("post-return.json"));
        assertEquals(201, created.status(), created.body());
        return (String) created.json().get("returnId");
    }

    private Map<String, Object> awaitStatus(String returnId, String status) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        Map<String, Object> ret = null;
        while (System.nanoTime() < deadline) {
            ret = http.get("/orders/" + ORDER + "/returns/" + returnId, token).json();
            if (status.equals(ret.get("status"))) {
                return ret;
            }
            Samples.pause(100);
        }
        return fail("return " + returnId + " did not reach " + status + ": " + ret);
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> ledger(String list, String requestId) {
        Map<String, Object> ledger = http.get("/_local/ledger", null).json();
        return ((List<Map<String, Object>>) ledger.get(list)).stream()
                .filter(e -> requestId.equals(e.get("requestId"))).toList();
    }

    private static BigDecimal value(Map<String, Object> entry) {
        return new BigDecimal(entry.get("value").toString());
    }

    private static void assertPaidOnce(String returnId, String chargeback, String giftCard) {
        List<Map<String, Object>> refunds = ledger("refunds", returnId + "-chargeback-" + PAYMENT);
        List<Map<String, Object>> credits = ledger("giftCardCredits", returnId + "-giftcard");
        assertEquals(chargeback == null ? 0 : 1, refunds.size(), refunds.toString());
        assertEquals(giftCard == null ? 0 : 1, credits.size(), credits.toString());
        if (chargeback != null) assertEquals(0, new BigDecimal(chargeback).compareTo(value(refunds.getFirst())));
        if (giftCard != null) assertEquals(0, new BigDecimal(giftCard).compareTo(value(credits.getFirst())));
    }

    @Test
    void aProviderFailingTwiceIsRetriedAndPaysOnce() {
        fault("payments", "error", 2);
        String returnId = submit();
        Map<String, Object> refunded = awaitStatus(returnId, "REFUNDED");
        assertPaidOnce(returnId, "69.00", "6.00");
        assertEquals(2, ((Number) refunded.get("attempts")).intValue(), "two failed attempts were counted");
    }

    @Test
    @SuppressWarnings("unchecked")
    void aThrottledChargebackIsTriedAgainNoSoonerThanItsRetryAfterWithinTheCap() {
        fault("payments", "throttled", 1);
        String returnId = submit();
        Map<String, Object> refunded = awaitStatus(returnId, "REFUNDED");
        assertPaidOnce(returnId, "69.00", "6.00");
        assertEquals(1, ((Number) refunded.get("attempts")).intValue());

        List<Map<String, Object>> history = (List<Map<String, Object>>) refunded.get("history");
        Map<String, Object> throttled = history.stream().filter(h -> "PROCESSING".equals(h.get("status")))
                .findFirst().orElseThrow(() -> new AssertionError("no attempt recorded: " + history));
        assertTrue(((String) throttled.get("note")).contains("answered 429 to refund, asking to retry after "
                + SandboxProviders.THROTTLED_RETRY_AFTER_SECONDS + " s"), throttled.toString());
        // This stack waits 1 s doubling up to 4 s: the sandbox's 60 s are honoured up to that cap, where
        // the backoff alone would have tried again after 1 s.
        Duration waited = Duration.between(Instant.parse((String) throttled.get("at")),
                Instant.parse((String) history.getLast().get("at")));
        assertTrue(waited.compareTo(Duration.ofSeconds(4)) >= 0, "waited the cap, not the backoff: " + waited);
        assertTrue(waited.compareTo(Duration.ofSeconds(20)) < 0, "never past the cap: " + waited);
    }

    @Test
    void aTimeoutAfterTheProviderPaidNeverPaysTwice() {
        fault("payments", "timeout", 1);
        String returnId = submit();
        awaitStatus(returnId, "REFUNDED");
        assertPaidOnce(returnId, "69.00", "6.00");
    }

    @Test
    @SuppressWarnings("unchecked")
    void refundManuallyMakesTheReturnManualAndStillPaysTheOtherPart() {
        fault("payments", "refund-manually", 1);
        String returnId = submit();
        Map<String, Object> manual = awaitStatus(returnId, "MANUAL_REFUND_REQUIRED");
        assertPaidOnce(returnId, null, "6.00");
        List<Map<String, Object>> parts = (List<Map<String, Object>>) ((Map<String, Object>) manual.get("refund"))
                .get("parts");
        assertEquals(List.of("MANUAL_REFUND_REQUIRED", "REFUNDED"), parts.stream().map(p -> p.get("status")).toList());
    }

    @Test
    void notImplementedAtTheGiftCardProviderIsManual() {
        fault("giftcards", "not-implemented", 1);
        String returnId = submit();
        awaitStatus(returnId, "MANUAL_REFUND_REQUIRED");
        assertPaidOnce(returnId, "69.00", null);
    }

    /** A return stored without its job being sent, so the test decides how the job is delivered. */
    private String storedWithoutJob() {
        ReturnDesk desk = new ReturnDesk(store, new RecordingRefundQueue(), Clock.systemUTC(),
                () -> UUID.randomUUID().toString().replace("-", ""));
        ReturnRequest request = new ReturnRequest(List.of(new ReturnRequest.Units(0, 1), new ReturnRequest.Units(2, 2)),
                1200, "Shipping refund", "RET-1001", "Customer changed their mind");
        return desk.submitReturn(account, ORDER, request, null, "fp", "operator").submitted().returnId();
    }

    /**
     * A refunder of our own over the local stack's sandbox providers and claims, with the given
     * store and a queue that only records its wake-ups (so the stack's pollers do not race the test).
     */
    private static Refunder sandboxRefunder(OrderStore orders) {
        Map<String, String> config = stack.configuration();
        ProviderCredentials credentials = new ProviderCredentials(config.get("PROVIDER_APP_KEY"),
                config.get("PROVIDER_APP_TOKEN"));
        return new Refunder(orders,
                new HttpPaymentProvider(config.get("PAYMENTS_BASE_URL"), credentials, Duration.ofSeconds(2),
                        Duration.ofSeconds(8)),
                new HttpGiftCardProvider(config.get("GIFT_CARDS_BASE_URL"), credentials, Duration.ofSeconds(2),
                        Duration.ofSeconds(8)),
                new RecordingRefundQueue(), new DynamoDbRefundClaims(stack.resources().dynamoDb(),
                        stack.resources().tableName("OrdersTable")), dev.orderreturns.domain.Outbox.UNHEARD, Clock.systemUTC(), RetrySchedule.DEFAULT,
                Duration.ofSeconds(45));
    }

    private String job(String returnId) {
        return SqsRefundQueue.body(new dev.orderreturns.domain.RefundJob(account, ORDER, returnId));
    }

    @Test
    void theSameJobDeliveredFiveTimesPaysOnce() {
        String returnId = storedWithoutJob();
        for (int i = 0; i < 5; i++) {
            sqs.sendMessage(b -> b.queueUrl(queueUrl).messageBody(job(returnId)));
        }
        awaitStatus(returnId, "REFUNDED");
        Samples.pause(1500); // let the other deliveries run too
        assertPaidOnce(returnId, "69.00", "6.00");
    }

    @Test
    void fiveConcurrentDeliveriesPayOnce() throws Exception {
        String returnId = storedWithoutJob();
        String event = sqsEvent(List.of(job(returnId)));
        List<Thread> threads = new ArrayList<>();
        List<String> answers = java.util.Collections.synchronizedList(new ArrayList<>());
        for (int i = 0; i < 5; i++) {
            threads.add(Thread.ofVirtual().start(() -> answers.add(new String(stack.functions()
                    .invoke("RefundProcessorFunction", event.getBytes(StandardCharsets.UTF_8)), StandardCharsets.UTF_8))));
        }
        for (Thread t : threads) {
            t.join();
        }
        assertEquals(5, answers.size());
        for (String answer : answers) {
            assertEquals(Map.of("batchItemFailures", List.of()), JSON.std.mapFrom(answer), "no delivery failed");
        }
        awaitStatus(returnId, "REFUNDED");
        assertPaidOnce(returnId, "69.00", "6.00");
    }

    @Test
    void aCrashBetweenTheProviderAnswerAndTheStateWriteDoesNotPayAgain() {
        String returnId = storedWithoutJob();
        AtomicBoolean crashed = new AtomicBoolean();
        OrderStore crashingOnce = new OrderStore() {
            public java.util.Optional<Order> find(String a, String o) {
                return store.find(a, o);
            }

            public void save(Order order, long expectedVersion) {
                store.save(order, expectedVersion);
            }

            public void saveRefundProgress(Order order, long expectedVersion) {
                if (crashed.compareAndSet(false, true)) {
                    throw new IllegalStateException("simulated crash before the state write");
                }
                store.saveRefundProgress(order, expectedVersion);
            }
        };
        Refunder refunder = sandboxRefunder(crashingOnce);
        dev.orderreturns.domain.RefundJob job = new dev.orderreturns.domain.RefundJob(account, ORDER, returnId);
        Refunder.Outcome first = refunder.process(job);
        assertEquals(Refunder.Result.RETRY_LATER, first.result());
        assertEquals("simulated crash before the state write", first.failure().getMessage());
        assertPaidOnce(returnId, "69.00", "6.00"); // the providers did pay before the crash
        assertEquals("PENDING", http.get("/orders/" + ORDER + "/returns/" + returnId, token).json().get("status"));
        assertEquals(Refunder.Result.DONE, refunder.process(job).result());
        assertPaidOnce(returnId, "69.00", "6.00");
        assertEquals("REFUNDED", http.get("/orders/" + ORDER + "/returns/" + returnId, token).json().get("status"));
    }

    @Test
    void aJobWithoutTimeLeftToFinishIsDeferredNotStarted() {
        String returnId = storedWithoutJob();
        Refunder refunder = sandboxRefunder(store);
        RefundProcessorFunction processor = new RefundProcessorFunction(refunder, Duration.ofSeconds(32));
        SQSEvent.SQSMessage message = new SQSEvent.SQSMessage();
        message.setMessageId("m-" + returnId);
        message.setBody(job(returnId));
        SQSEvent event = new SQSEvent();
        event.setRecords(List.of(message));

        SQSBatchResponse late = processor.handleRequest(event, new LocalContext("RefundProcessorFunction", 5, 1024));
        assertEquals(List.of("m-" + returnId), late.getBatchItemFailures().stream()
                .map(SQSBatchResponse.BatchItemFailure::getItemIdentifier).toList(), "deferred, so it comes back");
        assertPaidOnce(returnId, null, null);
        assertEquals("PENDING", http.get("/orders/" + ORDER + "/returns/" + returnId, token).json().get("status"));

        SQSBatchResponse inTime = processor.handleRequest(event, new LocalContext("RefundProcessorFunction", 60, 1024));
        assertEquals(List.of(), inTime.getBatchItemFailures());
        assertPaidOnce(returnId, "69.00", "6.00");
    }

    @Test
    void anOperatorRetriesAFailedRefund() {
        String returnId = storedWithoutJob();
        Order order = store.find(account, ORDER).orElseThrow();
        order.returns().find(returnId).orElseThrow().moveTo(dev.orderreturns.domain.RefundStatus.FAILED, "reconciler",
                "retry budget spent", Instant.now());
        store.save(order, order.version());

        Http.Response readOnly = http.send("POST", "/orders/" + ORDER + "/returns/" + returnId + "/retry",
                Tokens.token(http, account, "returns:read"), (byte[]) null);
        assertEquals(403, readOnly.status(), readOnly.body());
        Http.Response retried = http.send("POST", "/orders/" + ORDER + "/returns/" + returnId + "/retry", token,
                (byte[]) null);
        assertEquals(202, retried.status(), retried.body());
        assertEquals("PENDING", retried.json().get("status"));
        awaitStatus(returnId, "REFUNDED");
        assertPaidOnce(returnId, "69.00", "6.00");
        Http.Response again = http.send("POST", "/orders/" + ORDER + "/returns/" + returnId + "/retry", token,
                (byte[]) null);
        assertEquals(409, again.status(), "only FAILED refunds can be retried: " + again.body());
    }

    @Test
    void aReturnWhoseJobWasLostIsReenqueuedByTheReconcilerAndRefunded() {
        String returnId = storedWithoutJob(); // as if the SQS send had failed at submit time
        Clock later = Clock.fixed(Instant.now().plus(Reconciler.GRACE).plusSeconds(5), ZoneOffset.UTC);
        String table = stack.resources().tableName("OrdersTable");
        Reconciler reconciler = new Reconciler(new DynamoDbDueOrders(stack.resources().dynamoDb(), table), store,
                new SqsRefundQueue(sqs, queueUrl), new DynamoDbRefundClaims(stack.resources().dynamoDb(), table), dev.orderreturns.domain.Outbox.UNHEARD, later,
                RetrySchedule.DEFAULT);
        Reconciler.Summary summary = reconciler.run();
        assertTrue(summary.reenqueued() >= 1, summary.toString());
        awaitStatus(returnId, "REFUNDED");
        assertPaidOnce(returnId, "69.00", "6.00");
    }

    @Test
    void poisonMessagesEndInTheDeadLetterQueueWithoutBlockingOthers() throws IOException {
        String malformed = "{not json " + UUID.randomUUID();
        String unknown = SqsRefundQueue.body(new dev.orderreturns.domain.RefundJob(account, "no-such-order", "ret-x"));
        String returnId = storedWithoutJob();
        sqs.sendMessage(b -> b.queueUrl(queueUrl).messageBody(malformed));
        sqs.sendMessage(b -> b.queueUrl(queueUrl).messageBody(unknown));
        sqs.sendMessage(b -> b.queueUrl(queueUrl).messageBody(job(returnId)));
        awaitStatus(returnId, "REFUNDED");
        List<String> dead = new ArrayList<>();
        long deadline = System.nanoTime() + Duration.ofSeconds(40).toNanos();
        while (System.nanoTime() < deadline && !(dead.contains(malformed) && dead.contains(unknown))) {
            sqs.receiveMessage(b -> b.queueUrl(dlqUrl).maxNumberOfMessages(10).waitTimeSeconds(1)).messages()
                    .forEach(m -> {
                        dead.add(m.body());
                        sqs.deleteMessage(d -> d.queueUrl(dlqUrl).receiptHandle(m.receiptHandle()));
                    });
        }
        assertTrue(dead.contains(malformed), "malformed job in the DLQ: " + dead);
        assertTrue(dead.contains(unknown), "unknown-order job in the DLQ: " + dead);
        assertTrue(dead.stream().noneMatch(body -> body.contains(returnId)), "the good job was not dead-lettered");
    }

    private static String sqsEvent(List<String> bodies) {
        List<Object> records = new ArrayList<>();
        for (String body : bodies) {
            records.add(map("messageId", UUID.randomUUID().toString(), "receiptHandle", "rh", "body", body,
                    "attributes", map("ApproximateReceiveCount", "1"), "messageAttributes", map(),
                    "eventSource", "aws:sqs", "eventSourceARN", "arn:aws:sqs:us-east-1:000000000000:RefundQueue",
                    "awsRegion", "us-east-1"));
        }
        try {
            return JSON.std.asString(map("Records", records));
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

}
