package dev.orderreturns.it;

import dev.orderreturns.domain.RecordingRefundQueue;
import dev.orderreturns.domain.ReturnDesk;
import dev.orderreturns.domain.ReturnRequest;
import dev.orderreturns.local.LocalStack;
import dev.orderreturns.store.dynamodb.DynamoDbOrderStore;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static dev.orderreturns.it.Samples.map;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code POST .../parts/{partId}/manual-refund} over HTTP: a part the payment provider would not
 * refund online, refunded by hand and recorded; the same reference again answers the same; a part in
 * any other state is 409 part-not-manual; bad bodies name their field.
 */
@Tag("e2e")
class ManualRefundTest {

    private static final String ORDER = "1234567890-01";
    /** The one payment of events/put-order.json. */
    private static final String CHARGEBACK = "chargeback-D3DEECAB3C6C4B9EAF8EF4C1FE062FF3";
    private static LocalStack stack;
    private static Http http;
    private Operator operator;

    @BeforeAll
    static void start() {
        stack = LocalStack.shared();
        http = new Http(stack.baseUrl());
    }

    @BeforeEach
    void importOrder() {
        operator = new Operator(http);
        operator.importOrder(ORDER);
    }

    /** A return of one shirt and 12.00 of shipping: a 51.00 chargeback the provider will not refund, a 6.00 card. */
    private String manualChargeback(String invoiceNumber) {
        Samples.awaitIdleRefundQueue(); // the fault is for this return's refund, nobody else's
        Operator.fault(http, "payments", "refund-manually", 1);
        Http.Response created = http.send("POST", "/orders/" + ORDER + "/returns", operator.token, Http.json(map(
                "items", List.of(map("itemIndex", 0, "quantity", 1)), "additionalValue", 1200,
                "entranceInvoiceNumber", invoiceNumber, "reason", "Wrong size")));
        assertEquals(201, created.status(), created.body());
        String returnId = (String) created.json().get("returnId");
        Map<String, Object> manual = operator.awaitStatus(ORDER, returnId, "MANUAL_REFUND_REQUIRED");
        assertEquals(Map.of(CHARGEBACK, "MANUAL_REFUND_REQUIRED", "giftCard", "REFUNDED"), partStatuses(manual));
        return returnId;
    }

    private Http.Response record(String returnId, String partId, String body) {
        return http.send("POST", "/orders/" + ORDER + "/returns/" + returnId + "/parts/" + partId + "/manual-refund",
                operator.token, body);
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> parts(Map<String, Object> ret) {
        return (List<Map<String, Object>>) ((Map<String, Object>) ret.get("refund")).get("parts");
    }

    private static Map<Object, Object> partStatuses(Map<String, Object> ret) {
        Map<Object, Object> statuses = new java.util.LinkedHashMap<>();
        parts(ret).forEach(p -> statuses.put(p.get("partId"), p.get("status")));
        return statuses;
    }

    private static Map<String, Object> part(Map<String, Object> ret, String partId) {
        return parts(ret).stream().filter(p -> partId.equals(p.get("partId"))).findFirst()
                .orElseThrow(() -> new AssertionError("no part " + partId + " in " + ret));
    }

    private static void assertProblem(Http.Response answer, int status, String type) {
        assertEquals(status, answer.status(), answer.body());
        assertTrue(answer.header("content-type").startsWith("application/problem+json"), answer.headers().toString());
        assertEquals("https://order-returns.dev/problems/" + type, answer.json().get("type"), answer.body());
    }

    @Test
    @SuppressWarnings("unchecked")
    void aManualRefundRecordedTwiceAnswersTheSameAndCompletesTheReturn() {
        String returnId = manualChargeback("RET-M1");
        int historyBefore = ((List<?>) operator.get("/orders/" + ORDER + "/returns/" + returnId).json().get("history"))
                .size();
        Instant before = Instant.now();
        Http.Response first = record(returnId, CHARGEBACK, Http.json(map("reference", "BANK-2026-0042",
                "note", "wired to the customer's account")));
        Instant after = Instant.now();
        assertEquals(200, first.status(), first.body());
        Map<String, Object> recorded = first.json();
        assertEquals("REFUNDED", recorded.get("status"), "every part is refunded now");
        Map<String, Object> chargeback = part(recorded, CHARGEBACK);
        assertEquals("REFUNDED", chargeback.get("status"));
        assertEquals("BANK-2026-0042", chargeback.get("providerReference"));
        // refunded by hand, as the order stores it: the API's part has no manual field yet (DESIGN.md: manual: true)
        assertTrue(new DynamoDbOrderStore(stack.resources().dynamoDb(), stack.resources().tableName("OrdersTable"))
                .find(operator.account, ORDER).orElseThrow().returns().find(returnId).orElseThrow().parts().stream()
                .anyMatch(p -> p.partId().equals(CHARGEBACK) && p.manual()));
        assertEquals(5100, chargeback.get("amount"));
        assertEquals("REFUNDED", part(recorded, "giftCard").get("status"));

        // who and when, in the history: the token's subject, at the time of the request
        List<Map<String, Object>> history = (List<Map<String, Object>>) recorded.get("history");
        List<Map<String, Object>> byHand = history.subList(historyBefore, history.size());
        assertEquals(2, byHand.size(), "the part refunded by hand, then the return refunded: " + history);
        for (Map<String, Object> entry : byHand) {
            assertEquals("operator-7", entry.get("actor"), entry.toString());
            Instant at = Instant.parse((String) entry.get("at"));
            assertFalse(at.isBefore(before.minusMillis(1)) || at.isAfter(after.plusMillis(1)), entry.toString());
        }
        assertTrue(byHand.stream().anyMatch(h -> ((String) h.get("note")).contains("BANK-2026-0042")
                && ((String) h.get("note")).contains("wired to the customer's account")), history.toString());
        assertEquals("REFUNDED", history.getLast().get("status"));
        assertEquals("operator-7", history.getLast().get("actor"));

        Http.Response again = record(returnId, CHARGEBACK, Http.json(map("reference", "BANK-2026-0042",
                "note", "wired to the customer's account")));
        assertEquals(200, again.status(), again.body());
        assertEquals(recorded, again.json(), "the same reference answers the same result");
        assertEquals("true", again.header("idempotent-replayed"));
        Map<String, Object> stored = operator.get("/orders/" + ORDER + "/returns/" + returnId).json();
        assertEquals(history.size(), ((List<?>) stored.get("history")).size(), "recorded once");

        // the part is done: another reference is not the same refund
        assertProblem(record(returnId, CHARGEBACK, Http.json(map("reference", "BANK-2026-0043"))), 409,
                "part-not-manual");
        assertEquals("BANK-2026-0042", part(operator.get("/orders/" + ORDER + "/returns/" + returnId).json(),
                CHARGEBACK).get("providerReference"));
    }

    @Test
    void everyOtherStateOfAPartIsAConflictAndAnUnknownPartIsNotFound() {
        String returnId = manualChargeback("RET-M2");
        // the gift card was refunded by its provider
        assertProblem(record(returnId, "giftCard", Http.json(map("reference", "BANK-1"))), 409, "part-not-manual");
        // a part still PENDING: a return stored without its job, so nobody pays it meanwhile
        String pending = new ReturnDesk(new DynamoDbOrderStore(stack.resources().dynamoDb(),
                stack.resources().tableName("OrdersTable")), new RecordingRefundQueue(), Clock.systemUTC(),
                () -> UUID.randomUUID().toString().replace("-", ""))
                .submitReturn(operator.account, ORDER, new ReturnRequest(List.of(new ReturnRequest.Units(2, 1)), 0, null,
                        "RET-M3", "Too small"), null, "fp", "operator-7").submitted().returnId();
        assertEquals("PENDING", part(operator.get("/orders/" + ORDER + "/returns/" + pending).json(), CHARGEBACK)
                .get("status"));
        assertProblem(record(pending, CHARGEBACK, Http.json(map("reference", "BANK-2"))), 409, "part-not-manual");
        // a part REFUNDED by the provider, on a REFUNDED return
        String paid = (String) operator.returnItem(ORDER, 1, 1, "RET-M4").get("returnId");
        operator.awaitStatus(ORDER, paid, "REFUNDED");
        assertProblem(record(paid, CHARGEBACK, Http.json(map("reference", "BANK-3"))), 409, "part-not-manual");

        assertProblem(record(returnId, "chargeback-NOPE", Http.json(map("reference", "BANK-4"))), 404, "not-found");
        assertProblem(record("ret-doesnotexist", CHARGEBACK, Http.json(map("reference", "BANK-4"))), 404, "not-found");
        assertEquals("MANUAL_REFUND_REQUIRED", operator.get("/orders/" + ORDER + "/returns/" + returnId).json()
                .get("status"), "none of these changed the return");
    }

    @Test
    void badBodiesAreRefusedNamingTheField() {
        String returnId = manualChargeback("RET-M5");
        Map<String, String> refusals = new java.util.LinkedHashMap<>();
        refusals.put("{}", "reference");
        refusals.put(Http.json(map("reference", "")), "reference");
        refusals.put(Http.json(map("reference", "   ")), "reference");
        refusals.put(Http.json(map("reference", "x".repeat(101))), "reference");
        refusals.put(Http.json(map("reference", "line\nbreak")), "reference");
        refusals.put(Http.json(map("reference", 42)), "reference");
        refusals.put(Http.json(map("reference", "BANK-5", "note", "n".repeat(501))), "note");
        refusals.put(Http.json(map("reference", "BANK-5", "note", 7)), "note");
        refusals.forEach((body, field) -> {
            Http.Response refused = record(returnId, CHARGEBACK, body);
            assertEquals(400, refused.status(), body + " -> " + refused.body());
            assertEquals(List.of(field), refused.errorFields(), body + " -> " + refused.body());
        });
        Http.Response notJson = record(returnId, CHARGEBACK, "reference=BANK-5");
        assertTrue(notJson.status() == 400 || notJson.status() == 415, notJson.body());
        Http.Response readOnly = http.send("POST", "/orders/" + ORDER + "/returns/" + returnId + "/parts/" + CHARGEBACK
                        + "/manual-refund", Tokens.token(http, operator.account, "returns:read"),
                Http.json(map("reference", "BANK-5")));
        assertEquals(403, readOnly.status(), readOnly.body());
        assertEquals("MANUAL_REFUND_REQUIRED", operator.get("/orders/" + ORDER + "/returns/" + returnId).json()
                .get("status"), "nothing was recorded");
        // the longest reference and note there may be are taken
        Http.Response longest = record(returnId, CHARGEBACK, Http.json(map("reference", "R".repeat(100),
                "note", "n".repeat(500))));
        assertEquals(200, longest.status(), longest.body());
    }
}
