package dev.orderreturns.it;

import com.fasterxml.jackson.jr.ob.JSON;
import dev.orderreturns.domain.RecordingRefundQueue;
import dev.orderreturns.domain.ReturnDesk;
import dev.orderreturns.domain.ReturnRequest;
import dev.orderreturns.local.LocalStack;
import dev.orderreturns.local.faults.StoreAndQueueFaults;
import dev.orderreturns.local.sandbox.SandboxProviders;
import dev.orderreturns.queue.sqs.SqsRefundQueue;
import dev.orderreturns.store.dynamodb.DynamoDbOrderStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.SqsClient;

import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static dev.orderreturns.it.Samples.map;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * /_local/faults and /_local/ledger of the shared local stack (DESIGN.md section 5): the store
 * and queue faults counted exactly and scoped to what they name, the strict body, and the
 * ledger's three lists. The functions run as the stack runs them, through
 * {@code stack.functions().invoke} with the events of events/ or through the HTTP API.
 */
@Tag("integration")
class LocalFaultsTest {

    private static final String ORDER = "1234567890-01";
    private static LocalStack stack;
    private static Http http;
    private static SqsClient sqs;
    private static String queueUrl;
    private static DynamoDbOrderStore store;
    private static StoreAndQueueFaults faults;
    private String account;
    private String token;

    @BeforeAll
    static void start() {
        stack = LocalStack.shared();
        http = new Http(stack.baseUrl());
        sqs = stack.resources().sqs();
        queueUrl = stack.resources().queueUrl("RefundQueue");
        store = new DynamoDbOrderStore(stack.resources().dynamoDb(), stack.resources().tableName("OrdersTable"));
        faults = StoreAndQueueFaults.of(stack.functions());
    }

    @BeforeEach
    void newAccount() {
        account = Samples.newAccount();
        token = Tokens.token(http, account);
    }

    @AfterEach
    void disarm() {
        faults.clear(); // a failed test leaves nothing armed for the next
        stack.eventBridge().faults().clear();
    }

    private Http.Response arm(String target, String mode, Object count) {
        return http.send("POST", "/_local/faults", null, Http.json(map("target", target, "mode", mode, "count", count)));
    }

    private static byte[] event(Map<String, Object> event) {
        try {
            return JSON.std.asBytes(event);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> invoke(String functionId, Map<String, Object> event) {
        try {
            return JSON.std.mapFrom(stack.functions().invoke(functionId, event(event)));
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    /** events/put-order.json for this test's account. */
    @SuppressWarnings("unchecked")
    private Map<String, Object> putOrderEvent() {
        Map<String, Object> event = Samples.event("put-order.json");
        Map<String, Object> requestContext = (Map<String, Object>) event.get("requestContext");
        Map<String, Object> claims = (Map<String, Object>) ((Map<String, Object>) ((Map<String, Object>)
                requestContext.get("authorizer")).get("jwt")).get("claims");
        claims.put("account", account);
        return event;
    }

    /** events/sqs-refund-batch.json with one record: this return's job. */
    @SuppressWarnings("unchecked")
    private Map<String, Object> refundJobEvent(String returnId, String messageId) {
        Map<String, Object> event = Samples.event("sqs-refund-batch.json");
        Map<String, Object> record = ((List<Map<String, Object>>) event.get("Records")).getFirst();
        record.put("messageId", messageId);
        record.put("body", job(returnId));
        event.put("Records", List.of(record));
        return event;
    }

    private String job(String returnId) {
        return SqsRefundQueue.body(new dev.orderreturns.domain.RefundJob(account, ORDER, returnId));
    }

    private String status(String returnId) {
        return (String) http.get("/orders/" + ORDER + "/returns/" + returnId, token).json().get("status");
    }

    private void awaitStatus(String returnId, String status) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        String last = null;
        while (System.nanoTime() < deadline) {
            last = status(returnId);
            if (status.equals(last)) {
                return;
            }
            Samples.pause(100);
        }
        fail("return " + returnId + " did not reach " + status + ": " + last);
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> ledger(String list) {
        return (List<Map<String, Object>>) http.get("/_local/ledger", null).json().get(list);
    }

    private static List<Map<String, Object>> ledger(String list, String field, String value) {
        return ledger(list).stream().filter(e -> String.valueOf(e.get(field)).contains(value)).toList();
    }

    @Test
    @SuppressWarnings("unchecked")
    void storeFaultsFailTheRefundProcessorsWritesOnlyCountedExactly() {
        Samples.awaitIdleRefundQueue();
        Http.Response armed = arm("store", "error", 2);
        assertEquals(200, armed.status(), armed.body());
        assertEquals(map("target", "store", "mode", "error", "count", 2), armed.json());

        // another function's write: WriteApiFunction imports the order
        Map<String, Object> imported = invoke("WriteApiFunction", putOrderEvent());
        assertEquals(201, imported.get("statusCode"), imported.toString());
        // the test's own write: a return stored without its job, so the test delivers the job
        String returnId = new ReturnDesk(store, new RecordingRefundQueue(), Clock.systemUTC(),
                () -> UUID.randomUUID().toString().replace("-", ""))
                .submitReturn(account, ORDER, new ReturnRequest(List.of(new ReturnRequest.Units(0, 1),
                                new ReturnRequest.Units(2, 2)), 1200, "Shipping refund", "RET-1001", "Changed mind"),
                        null, "fp", "operator").submitted().returnId();
        assertEquals(2, faults.pendingStoreWrites(), "neither write used up a fault");

        // the refund processor pays, then cannot save. The message is done with all the same: the
        // refunder enqueued its own wake-up for the retry, which the queue's poller delivers; that
        // attempt pays again (deduplicated) and cannot save either; the next one records it.
        Map<String, Object> answer = invoke("RefundProcessorFunction", refundJobEvent(returnId, "m-1"));
        assertEquals(List.of(), answer.get("batchItemFailures"), answer.toString());
        assertEquals("PENDING", status(returnId));
        awaitStatus(returnId, "REFUNDED");
        assertEquals(0, faults.pendingStoreWrites());

        // paid three times over, recorded once: the providers deduplicated every repeat, the
        // relation name found the card the first attempt made
        assertEquals(1, ledger("refunds", "requestId", returnId).size());
        List<Map<String, Object>> credits = ledger("giftCardCredits", "requestId", returnId);
        assertEquals(1, credits.size(), credits.toString());
        List<Map<String, Object>> cards = ledger("giftCards", "relationName", returnId);
        assertEquals(1, cards.size(), "creation repeated through the same relationName: " + cards);
        assertEquals(cards.getFirst().get("cardId"), credits.getFirst().get("cardId"));
    }

    @Test
    void queueFaultsFailTheFunctionsSendsOnlyCountedExactly() {
        Samples.awaitIdleRefundQueue();
        assertEquals(201, http.send("PUT", "/orders/" + ORDER, token, Samples.orderBody()).status());
        assertEquals(200, arm("queue", "error", 1).status());

        // the test's own send
        String scratch = sqs.createQueue(b -> b.queueName("local-faults-" + UUID.randomUUID())).queueUrl();
        try {
            sqs.sendMessage(b -> b.queueUrl(scratch).messageBody("not a function's"));
        } finally {
            sqs.deleteQueue(b -> b.queueUrl(scratch));
        }
        assertEquals(1, faults.pendingQueueSends());

        // WriteApiFunction stores the return, then its send fails: the return waits for the reconciler
        Http.Response lost = http.send("POST", "/orders/" + ORDER + "/returns", token, Samples.body("post-return.json"));
        assertEquals(201, lost.status(), "a lost send is not a lost return: " + lost.body());
        String lostId = (String) lost.json().get("returnId");
        assertEquals(0, faults.pendingQueueSends());
        Http.Response sent = http.send("POST", "/orders/" + ORDER + "/returns", token, Http.json(map(
                "items", List.of(map("itemIndex", 1, "quantity", 1)), "entranceInvoiceNumber", "RET-1002",
                "reason", "Too small")));
        assertEquals(201, sent.status(), sent.body());
        awaitStatus((String) sent.json().get("returnId"), "REFUNDED");
        assertEquals("PENDING", status(lostId), "its job was never sent");
        assertEquals(List.of(), ledger("refunds", "requestId", lostId));

        // leave nothing overdue behind: deliver the lost job as the reconciler would
        sqs.sendMessage(b -> b.queueUrl(queueUrl).messageBody(job(lostId)));
        awaitStatus(lostId, "REFUNDED");
    }

    @Test
    void rejectedArmedThroughTheEndpointAnswers422AndPaysNothing() throws Exception {
        Samples.awaitIdleRefundQueue();
        assertEquals(200, arm("payments", "rejected", 1).status());
        String requestId = "direct-" + UUID.randomUUID();
        HttpResponse<String> answer = provider(stack.configuration().get("PAYMENTS_BASE_URL") + "/payments/pay-9/refunds",
                map("requestId", requestId, "paymentId", "pay-9", "transactionId", "tx-9", "settleId", "tx-9",
                        "value", new BigDecimal("5.00")));
        assertEquals(422, answer.statusCode(), answer.body());
        assertTrue(((String) JSON.std.mapFrom(answer.body()).get("message")).startsWith("sandbox fault: "));
        assertEquals(List.of(), ledger("refunds", "requestId", requestId));
    }

    @Test
    @SuppressWarnings("unchecked")
    void theLedgerListsEveryCardAndEveryCreditPerCard() throws Exception {
        String base = stack.configuration().get("GIFT_CARDS_BASE_URL");
        String relation = "refund-" + UUID.randomUUID();
        String requestId = "credit-" + UUID.randomUUID();
        String first = (String) JSON.std.mapFrom(provider(base + "/giftcards", map("relationName", relation,
                "currencyCode", "USD", "balance", 0)).body()).get("id");
        String again = (String) JSON.std.mapFrom(provider(base + "/giftcards", map("relationName", relation,
                "currencyCode", "USD", "balance", 0)).body()).get("id");
        String second = (String) JSON.std.mapFrom(provider(base + "/giftcards", map("relationName", relation + "-2",
                "currencyCode", "USD", "balance", 0)).body()).get("id");
        assertEquals(first, again);
        assertNotEquals(first, second);
        for (String card : List.of(first, first, second)) {
            assertEquals(200, provider(base + "/giftcards/" + card + "/transactions", map("operation", "Credit",
                    "value", new BigDecimal("6.00"), "requestId", requestId, "description", "d")).statusCode());
        }
        assertEquals(List.of(map("cardId", first, "relationName", relation),
                map("cardId", second, "relationName", relation + "-2")), ledger("giftCards", "relationName", relation));
        List<Map<String, Object>> credits = ledger("giftCardCredits", "requestId", requestId);
        assertEquals(List.of(first, second), credits.stream().map(c -> c.get("cardId")).toList(),
                "once per card and requestId: the second card's credit is money paid again");
        assertEquals(0, new BigDecimal("6.00").compareTo(new BigDecimal(credits.getFirst().get("value").toString())));
    }

    @Test
    void aFaultBodyIsCheckedStrictly() {
        assertEquals(405, http.get("/_local/faults", null).status());
        Map<String, String> refusals = Map.of(
                Http.json(map("target", "store", "mode", "timeout", "count", 1)),
                "mode timeout is not one of target store's: error",
                Http.json(map("target", "queue", "mode", "error")), "count is required: an integer from 1 to 1000",
                Http.json(map("target", "queue", "mode", "error", "count", 1001)),
                "count must be an integer from 1 to 1000, not 1001",
                Http.json(map("target", "ledger", "mode", "error", "count", 1)),
                "target ledger is not one of payments, giftcards, store, queue, events",
                Http.json(map("target", "events", "mode", "timeout", "count", 1)),
                "mode timeout is not one of target events's: error",
                "[1]", "the body must be a JSON object");
        refusals.forEach((body, message) -> {
            Http.Response refused = http.send("POST", "/_local/faults", null, body);
            assertEquals(400, refused.status(), body + " -> " + refused.body());
            assertEquals(message, refused.json().get("message"), body);
        });
        assertEquals(0, faults.pendingStoreWrites() + faults.pendingQueueSends()
                + stack.eventBridge().faults().pending(), "nothing was armed");
        Http.Response armed = arm("events", "error", 3);
        assertEquals(200, armed.status(), armed.body());
        assertEquals(map("target", "events", "mode", "error", "count", 3), armed.json());
        assertEquals(3, stack.eventBridge().faults().pending());
    }

    /**
     * The worst case for a gift card: two deliveries of one job at the same moment, the first save
     * after the providers answered failing. One worker holds the claim (the other calls nobody); its
     * lost save is retried by its own wake-up; the relation name finds the card it made. One card,
     * funded once.
     */
    @Test
    @SuppressWarnings("unchecked")
    void twoConcurrentDeliveriesOfAGiftCardReturnWithTheFirstSaveFailingFundOneCard() throws Exception {
        Samples.awaitIdleRefundQueue();
        assertEquals(201, invoke("WriteApiFunction", putOrderEvent()).get("statusCode"));
        String returnId = new ReturnDesk(store, new RecordingRefundQueue(), Clock.systemUTC(),
                () -> UUID.randomUUID().toString().replace("-", ""))
                .submitReturn(account, ORDER, new ReturnRequest(List.of(new ReturnRequest.Units(1, 1)), 1200,
                        "Shipping refund", "RET-2001", "Changed mind"), null, "fp", "operator").submitted().returnId();
        assertEquals(200, arm("store", "error", 1).status());

        java.util.concurrent.CyclicBarrier together = new java.util.concurrent.CyclicBarrier(2);
        List<Map<String, Object>> answers = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
        List<Thread> deliveries = new java.util.ArrayList<>();
        for (String messageId : List.of("m-a", "m-b")) {
            deliveries.add(Thread.ofPlatform().start(() -> {
                try {
                    together.await();
                    answers.add(invoke("RefundProcessorFunction", refundJobEvent(returnId, messageId)));
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }));
        }
        for (Thread delivery : deliveries) {
            delivery.join();
        }
        for (Map<String, Object> answer : answers) {
            assertEquals(List.of(), answer.get("batchItemFailures"), "both messages are done with: " + answer);
        }
        awaitStatus(returnId, "REFUNDED");

        List<Map<String, Object>> cards = ledger("giftCards", "relationName", returnId);
        assertEquals(1, cards.size(), "one card: " + cards);
        List<Map<String, Object>> credits = ledger("giftCardCredits", "requestId", returnId);
        assertEquals(1, credits.size(), "funded once: " + credits);
        assertEquals(cards.getFirst().get("cardId"), credits.getFirst().get("cardId"));
        assertEquals(1, ledger("refunds", "requestId", returnId).size());
        assertEquals(0, faults.pendingStoreWrites());
    }

    /**
     * R7: the chargebacks of several returns spread over the order's two payments in their order,
     * neither refunded above its value, each return and payment with its own stable requestId.
     */
    @Test
    @SuppressWarnings("unchecked")
    void chargebacksOfSeveralReturnsSpreadOverTwoPaymentsNeitherAboveItsValue() {
        Samples.awaitIdleRefundQueue();
        Map<String, Object> order = Samples.orderBodyMap();
        Map<String, Object> transaction = ((List<Map<String, Object>>) ((Map<String, Object>) order.get("paymentData"))
                .get("transactions")).getFirst();
        transaction.put("payments", List.of(map("id", "voucher-1", "paymentSystemName", "Voucher", "value", 5000),
                map("id", "card-1", "paymentSystemName", "Visa", "value", 11200)));
        assertEquals(201, http.send("PUT", "/orders/" + ORDER, token, Http.json(order)).status());

        Http.Response first = http.send("POST", "/orders/" + ORDER + "/returns", token, Http.json(map(
                "items", List.of(map("itemIndex", 0, "quantity", 1), map("itemIndex", 1, "quantity", 1)),
                "entranceInvoiceNumber", "RET-A", "reason", "Too big")));
        assertEquals(201, first.status(), first.body());
        List<Map<String, Object>> firstParts = (List<Map<String, Object>>) ((Map<String, Object>) first.json()
                .get("refund")).get("parts");
        assertEquals(List.of(map("paymentId", "voucher-1", "amount", 5000), map("paymentId", "card-1", "amount", 2000)),
                firstParts.stream().map(p -> map("paymentId", p.get("paymentId"), "amount", p.get("amount"))).toList());

        Http.Response second = http.send("POST", "/orders/" + ORDER + "/returns", token, Http.json(map(
                "items", List.of(map("itemIndex", 2, "quantity", 3)), "additionalValue", 2000,
                "entranceInvoiceNumber", "RET-B", "reason", "Wrong colour")));
        assertEquals(201, second.status(), second.body());
        List<Map<String, Object>> secondParts = (List<Map<String, Object>>) ((Map<String, Object>) second.json()
                .get("refund")).get("parts");
        assertEquals(List.of(map("paymentId", "card-1", "amount", 4700)),
                secondParts.stream().map(p -> map("paymentId", p.get("paymentId"), "amount", p.get("amount"))).toList(),
                "the voucher is used up; all of the shipping goes back as chargeback");

        awaitStatus((String) first.json().get("returnId"), "REFUNDED");
        awaitStatus((String) second.json().get("returnId"), "REFUNDED");
        java.math.BigDecimal voucher = java.math.BigDecimal.ZERO;
        java.math.BigDecimal card = java.math.BigDecimal.ZERO;
        for (String returnId : List.of((String) first.json().get("returnId"), (String) second.json().get("returnId"))) {
            for (Map<String, Object> refund : ledger("refunds", "requestId", returnId)) {
                java.math.BigDecimal value = new java.math.BigDecimal(refund.get("value").toString());
                if ("voucher-1".equals(refund.get("paymentId"))) voucher = voucher.add(value);
                else if ("card-1".equals(refund.get("paymentId"))) card = card.add(value);
                else fail("a refund to no payment of the order: " + refund);
            }
        }
        assertEquals(0, new java.math.BigDecimal("50.00").compareTo(voucher), voucher.toString());
        assertEquals(0, new java.math.BigDecimal("67.00").compareTo(card), card.toString());
    }

    private static HttpResponse<String> provider(String url, Map<String, Object> body) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url))
                .header("content-type", "application/json")
                .header("X-Provider-Api-AppKey", SandboxProviders.APP_KEY)
                .header("X-Provider-Api-AppToken", SandboxProviders.APP_TOKEN)
                .POST(HttpRequest.BodyPublishers.ofString(Http.json(body), StandardCharsets.UTF_8)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

}
