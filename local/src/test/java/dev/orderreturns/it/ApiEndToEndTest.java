package dev.orderreturns.it;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static dev.orderreturns.it.Samples.map;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Drives the API over HTTP as a user would: an order imported, returns submitted through both
 * routes, read back and refunded, every class of bad input refused with a problem naming the field
 * while the order stays as it was, and tokens, scopes and accounts enforced. It runs against
 * {@link ApiUnderTest}: the shared local stack by default, any deployed stack under
 * {@code -Pdeployed} (tag {@code deployable}), so it uses nothing but the public API there; what
 * only the local stack can show (its providers' ledger, tokens with any scopes) is skipped there.
 */
@Tag("e2e")
@Tag("deployable")
class ApiEndToEndTest {

    /** The one payment of events/put-order.json: every chargeback of its returns goes to it. */
    private static final String PAYMENT = "D3DEECAB3C6C4B9EAF8EF4C1FE062FF3";
    private static ApiUnderTest api;
    private static Http http;
    private String orderId;
    private String orderPath;
    private String token;

    @BeforeAll
    static void connect() {
        api = ApiUnderTest.get();
        http = api.http();
    }

    @BeforeEach
    void importOrder() {
        orderId = api.newOrderId();
        orderPath = "/orders/" + orderId;
        token = api.token();
        Http.Response imported = http.send("PUT", orderPath, token, ApiUnderTest.orderBody(orderId));
        assertEquals(201, imported.status(), imported.body());
    }

    private Map<String, Object> order() {
        Http.Response response = http.get(orderPath, token);
        assertEquals(200, response.status(), response.body());
        return response.json();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> item(Map<String, Object> order, int index) {
        return ((List<Map<String, Object>>) order.get("items")).get(index);
    }

    private static long num(Object value) {
        return ((Number) value).longValue();
    }

    @Test
    void importedOrderShowsInvoicedReturnedAndReturnableUnits() {
        Map<String, Object> order = order();
        assertEquals("USD", order.get("currency"));
        assertEquals(1, num(item(order, 0).get("invoicedQuantity")));
        assertEquals(0, num(item(order, 0).get("returnedQuantity")));
        assertEquals(1, num(item(order, 0).get("returnableQuantity")));
        assertEquals(3, num(item(order, 2).get("returnableQuantity")));
        assertEquals(1, ((List<?>) order.get("invoices")).size());
        assertTrue(!http.get(orderPath, token).body().contains("jane.doe@example.com"),
                "the customer's e-mail is not shown in the order view");
    }

    @Test
    @SuppressWarnings("unchecked")
    void operatorReturnIsRecordedWithItsRefundPlanAndReadBack() {
        Http.Response created = http.send("POST", orderPath + "/returns", token, Samples.body("post-return.json"),
                "idempotency-key", "k-" + orderId);
        assertEquals(201, created.status(), created.body());
        Map<String, Object> ret = created.json();
        String returnId = (String) ret.get("returnId");
        assertEquals(orderPath + "/returns/" + returnId, created.header("location"));
        assertEquals("RET-1001", ret.get("entranceInvoiceNumber"));
        Map<String, Object> refund = (Map<String, Object>) ret.get("refund");
        // 1 shirt at 4500 + 2 socks at 900 = 6300; additional 1200 of 2000 shipping: 600 + 600
        assertEquals(6300, num(refund.get("itemsValue")));
        assertEquals(1200, num(refund.get("additionalValue")));
        assertEquals(6900, num(refund.get("chargeback")));
        assertEquals(600, num(refund.get("giftCard")));
        assertEquals(7500, num(refund.get("total")));
        assertEquals("USD", refund.get("currency"));
        List<Map<String, Object>> parts = (List<Map<String, Object>>) refund.get("parts");
        assertEquals(List.of("chargeback", "giftCard"), parts.stream().map(p -> p.get("kind")).toList());
        assertEquals(returnId + "-chargeback-D3DEECAB3C6C4B9EAF8EF4C1FE062FF3", parts.get(0).get("requestId"));
        assertEquals("chargeback-D3DEECAB3C6C4B9EAF8EF4C1FE062FF3", parts.get(0).get("partId"));
        assertEquals("D3DEECAB3C6C4B9EAF8EF4C1FE062FF3", parts.get(0).get("paymentId"));
        assertEquals("giftCard", parts.get(1).get("partId"));
        List<Map<String, Object>> history = (List<Map<String, Object>>) ret.get("history");
        String subject = ApiUnderTest.claim(token, "sub");
        assertEquals(subject == null ? "unknown" : subject, history.getFirst().get("actor"), "the token's subject");
        assertEquals("PENDING", history.getFirst().get("status"));

        Http.Response one = http.get(orderPath + "/returns/" + returnId, token);
        assertEquals(200, one.status(), one.body());
        assertEquals(returnId, one.json().get("returnId"));
        Http.Response all = http.get(orderPath + "/returns", token);
        assertEquals(1, ((List<?>) all.json().get("returns")).size());

        Map<String, Object> order = order();
        assertEquals(0, num(item(order, 0).get("returnableQuantity")));
        assertEquals(1, num(item(order, 0).get("returnedQuantity")));
        assertEquals(1, num(item(order, 2).get("returnableQuantity")));
        assertEquals(800, num(order.get("shippingReturnable")));
        List<Map<String, Object>> invoices = (List<Map<String, Object>>) order.get("invoices");
        assertEquals("Input", invoices.get(1).get("type"));
        assertEquals("RET-1001", invoices.get(1).get("invoiceNumber"));
        assertEquals(7500, num(invoices.get(1).get("invoiceValue")));
        assertEquals(2, ((List<?>) order.get("returnedItems")).size());
    }

    @Test
    @SuppressWarnings("unchecked")
    void platformInvoiceNotificationsRecordSalesAndReturns() {
        Http.Response sale = http.send("POST", "/api/oms/pvt/orders/" + orderId + "/invoice", token,
                Samples.body("post-invoice-output.json"));
        assertEquals(200, sale.status(), sale.body());
        assertEquals(orderId, sale.json().get("orderId"));
        assertNotNull(sale.json().get("receipt"));
        assertNotNull(sale.json().get("date"));
        assertEquals(2, num(item(order(), 0).get("returnableQuantity")), "the second shirt is now invoiced");

        Http.Response input = http.send("POST", "/api/oms/pvt/orders/" + orderId + "/invoice", token,
                Samples.body("post-invoice-input.json"));
        assertEquals(200, input.status(), input.body());
        String returnId = (String) input.json().get("receipt");
        Http.Response ret = http.get(orderPath + "/returns/" + returnId, token);
        assertEquals(200, ret.status(), ret.body());
        Map<String, Object> refund = (Map<String, Object>) ret.json().get("refund");
        // invoiceValue 3900 = cap 2500 + socks 900 + 500 additional value: 250 chargeback + 250 gift card
        assertEquals(3400, num(refund.get("itemsValue")));
        assertEquals(500, num(refund.get("additionalValue")));
        assertEquals(3650, num(refund.get("chargeback")));
        assertEquals(250, num(refund.get("giftCard")));
        assertEquals("Damaged on arrival; Wrong size", ret.json().get("reason"));

        // The platform retries notifications: the same one answers the same receipt and records nothing new.
        Http.Response again = http.send("POST", "/api/oms/pvt/orders/" + orderId + "/invoice", token,
                Samples.body("post-invoice-input.json"));
        assertEquals(200, again.status(), again.body());
        assertEquals(returnId, again.json().get("receipt"));
        assertEquals(1, ((List<?>) http.get(orderPath + "/returns", token).json().get("returns")).size());
    }

    @Test
    void idempotencyKeyReplaysTheFirstReturnAndRefusesAnotherBody() {
        String key = "replay-" + orderId;
        Http.Response first = http.send("POST", orderPath + "/returns", token, Samples.body("post-return.json"),
                "idempotency-key", key);
        Http.Response second = http.send("POST", orderPath + "/returns", token, Samples.body("post-return.json"),
                "idempotency-key", key);
        assertEquals(201, first.status(), first.body());
        assertEquals(201, second.status(), second.body());
        assertEquals(first.json().get("returnId"), second.json().get("returnId"));
        assertEquals("true", second.header("idempotent-replayed"));
        assertEquals(1, ((List<?>) http.get(orderPath + "/returns", token).json().get("returns")).size());

        Http.Response other = http.send("POST", orderPath + "/returns", token,
                Samples.body("post-return.json").replace("RET-1001", "RET-1002"), "idempotency-key", key);
        assertEquals(422, other.status(), other.body());
        assertEquals(List.of("Idempotency-Key"), other.errorFields());
        assertEquals(1, ((List<?>) http.get(orderPath + "/returns", token).json().get("returns")).size());
    }

    @Test
    void withoutAValidTokenTheGatewayAnswers401() {
        for (String bad : new String[] {null, "not-a-jwt", token.substring(0, token.length() - 4) + "AAAA"}) {
            Http.Response refused = http.get(orderPath, bad);
            assertEquals(401, refused.status(), refused.body());
            assertEquals("Unauthorized", refused.json().get("message"), "API Gateway's own answer");
        }
        assertEquals(401, http.send("POST", orderPath + "/returns", null, Samples.body("post-return.json")).status());
        assertNoReturns();
    }

    @Test
    void aTokenWithoutTheRouteScopeIs403AndChangesNothing() {
        String readOnly = api.readOnlyToken();
        assertEquals(200, http.get(orderPath, readOnly).status(), "returns:read is enough to read");
        Http.Response forbidden = http.send("POST", orderPath + "/returns", readOnly, Samples.body("post-return.json"));
        assertEquals(403, forbidden.status(), forbidden.body());
        assertEquals("application/problem+json", forbidden.header("content-type"));
        Http.Response sale = http.send("POST", "/api/oms/pvt/orders/" + orderId + "/invoice", readOnly,
                Samples.body("post-invoice-output.json"));
        assertEquals(403, sale.status(), sale.body());
        assertNoReturns();
    }

    @Test
    void recordingASaleNeedsOrdersWriteEvenWithReturnsWrite() {
        Http.Response sale = http.send("POST", "/api/oms/pvt/orders/" + orderId + "/invoice",
                api.localToken("returns:write"), Samples.body("post-invoice-output.json"));
        assertEquals(403, sale.status(), sale.body());
        assertEquals(1, ((List<?>) order().get("invoices")).size());
    }

    @Test
    void anotherAccountNeitherSeesNorChangesThisAccountsOrders() {
        String stranger = api.otherAccountToken();
        assertEquals(404, http.get(orderPath, stranger).status(), "another account's order does not exist");
        assertEquals(404, http.get(orderPath + "/returns", stranger).status());
        Http.Response strangerReturn = http.send("POST", orderPath + "/returns", stranger,
                Samples.body("post-return.json"));
        assertEquals(404, strangerReturn.status(), strangerReturn.body());
        assertNoReturns();

        // The same order id in the other account is another order: importing it leaves this one alone.
        Map<String, Object> theirs = Samples.orderBodyMap();
        theirs.put("orderId", orderId);
        theirs.put("storePreferencesData", map("currencyCode", "EUR"));
        Http.Response imported = http.send("PUT", orderPath, stranger, Http.json(theirs));
        assertEquals(201, imported.status(), "a new order in the other account: " + imported.body());
        Http.Response submitted = http.send("POST", orderPath + "/returns", stranger, Samples.body("post-return.json"));
        assertEquals(201, submitted.status(), submitted.body());
        String theirReturn = (String) submitted.json().get("returnId");
        assertEquals(404, http.get(orderPath + "/returns/" + theirReturn, token).status());
        assertEquals("USD", order().get("currency"));
        assertNoReturns();
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> submitAndAwait(String status) {
        Http.Response created = http.send("POST", orderPath + "/returns", token, Samples.body("post-return.json"));
        assertEquals(201, created.status(), created.body());
        String returnId = (String) created.json().get("returnId");
        long deadline = System.nanoTime() + api.refundWait().toNanos();
        Map<String, Object> ret = created.json();
        while (System.nanoTime() < deadline) {
            Http.Response read = http.get(orderPath + "/returns/" + returnId, token);
            assertEquals(200, read.status(), read.body());
            ret = read.json();
            if (status.equals(ret.get("status"))) return ret;
            Samples.pause(250);
        }
        return fail("return " + returnId + " did not reach " + status + " within " + api.refundWait() + ": " + ret);
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> parts(Map<String, Object> ret) {
        return (List<Map<String, Object>>) ((Map<String, Object>) ret.get("refund")).get("parts");
    }

    @Test
    @SuppressWarnings("unchecked")
    void aSubmittedReturnIsRefundedByTheProcessor() {
        Map<String, Object> refunded = submitAndAwait("REFUNDED");
        List<Map<String, Object>> parts = parts(refunded);
        assertEquals(List.of("chargeback", "giftCard"), parts.stream().map(p -> p.get("kind")).toList());
        assertEquals(List.of("REFUNDED", "REFUNDED"), parts.stream().map(p -> p.get("status")).toList());
        for (Map<String, Object> part : parts) {
            assertNotNull(part.get("providerReference"), "the provider's reference is recorded: " + part);
        }
        List<Map<String, Object>> history = (List<Map<String, Object>>) refunded.get("history");
        assertEquals("refund-processor", history.getLast().get("actor"));
        assertEquals("REFUNDED", history.getLast().get("status"));
        Map<String, Object> order = order();
        assertTrue(((List<Map<String, Object>>) order.get("returnedItems")).stream()
                .allMatch(i -> "REFUNDED".equals(i.get("status"))), order.toString());
    }

    @Test
    void theSandboxProvidersWerePaidEachPartOnceToTheCent() {
        api.assumeLocal("The sandbox providers' ledger (/_local/ledger)");
        Map<String, Object> refunded = submitAndAwait("REFUNDED");
        String returnId = (String) refunded.get("returnId");
        // Plan: 6900 chargeback + 600 gift card; the providers receive decimal units.
        List<Map<String, Object>> refunds = ledger("refunds", returnId + "-chargeback-" + PAYMENT);
        List<Map<String, Object>> credits = ledger("giftCardCredits", returnId + "-giftcard");
        assertEquals(1, refunds.size(), refunds.toString());
        assertEquals(1, credits.size(), credits.toString());
        assertEquals(0, new BigDecimal("69.00").compareTo(new BigDecimal(refunds.getFirst().get("value").toString())));
        assertEquals(0, new BigDecimal("6.00").compareTo(new BigDecimal(credits.getFirst().get("value").toString())));
        assertEquals(refunds.getFirst().get("refundId"), parts(refunded).getFirst().get("providerReference"));
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> ledger(String list, String requestId) {
        Map<String, Object> ledger = http.get("/_local/ledger", null).json();
        return ((List<Map<String, Object>>) ledger.get(list)).stream()
                .filter(e -> requestId.equals(e.get("requestId"))).toList();
    }


    private void assertNoReturns() {
        Map<String, Object> order = order();
        assertEquals(List.of(), order.get("returns"));
        assertEquals(1, ((List<?>) order.get("invoices")).size());
    }

    private void assertRefused(int status, List<String> fields, Http.Response response) {
        assertEquals(status, response.status(), response.body());
        assertEquals("application/problem+json", response.header("content-type"), response.body());
        Map<String, Object> problem = response.json();
        assertEquals(status, num(problem.get("status")));
        assertNotNull(problem.get("title"));
        assertNotNull(problem.get("type"));
        for (String field : fields) {
            assertTrue(response.errorFields().contains(field), "expected field " + field + " in " + response.body());
        }
        assertNoReturns();
    }

    private Http.Response postReturn(String body) {
        return http.send("POST", orderPath + "/returns", token, body);
    }

    private static String returnBody(String items, String additional) {
        return "{\"items\":" + items + ",\"additionalValue\":" + additional
                + ",\"entranceInvoiceNumber\":\"RET-9\",\"reason\":\"Too small\"}";
    }

    @Test
    void everyKindOfBadInputIsA4xxProblemNamingTheFieldAndChangesNothing() {
        assertRefused(400, List.of("body"), postReturn("{\"items\": [")); // malformed JSON
        assertRefused(400, List.of("body"), postReturn("[1,2]"));
        assertRefused(400, List.of("body"), postReturn(""));
        assertRefused(400, List.of("body"), postReturn("{\"reason\":\"a\",\"reason\":\"b\"}")); // duplicate key
        assertRefused(400, List.of("items[0].quantity"), postReturn(returnBody("[{\"itemIndex\":0,\"quantity\":\"1\"}]", "0")));
        assertRefused(400, List.of("additionalValue"), postReturn(returnBody("[]", "\"12\"")));
        assertRefused(400, List.of("items[0].itemIndex"), postReturn(returnBody("[{\"quantity\":1}]", "0")));
        assertRefused(400, List.of("entranceInvoiceNumber", "reason"),
                postReturn("{\"items\":[{\"itemIndex\":0,\"quantity\":1}]}"));
        assertRefused(400, List.of("items[0].quantity"), postReturn(returnBody("[{\"itemIndex\":0,\"quantity\":0}]", "0")));
        assertRefused(400, List.of("items[0].quantity"), postReturn(returnBody("[{\"itemIndex\":0,\"quantity\":-1}]", "0")));
        assertRefused(400, List.of("items[0].quantity"),
                postReturn(returnBody("[{\"itemIndex\":0,\"quantity\":99999999999999999999999}]", "0")));
        assertRefused(400, List.of("items[0].quantity"), postReturn(returnBody("[{\"itemIndex\":0,\"quantity\":1.5}]", "0")));
        assertRefused(400, List.of("additionalValue"), postReturn(returnBody("[]", "-100")));
        assertRefused(400, List.of("additionalValue"), postReturn(returnBody("[]", "1e40")));
        assertRefused(422, List.of("items[0].quantity"),
                postReturn(returnBody("[{\"itemIndex\":2,\"quantity\":9223372036854775807}]", "0")));
        assertRefused(422, List.of("items[0].itemIndex"), postReturn(returnBody("[{\"itemIndex\":7,\"quantity\":1}]", "0")));
        assertRefused(400, List.of("items[1].itemIndex"),
                postReturn(returnBody("[{\"itemIndex\":2,\"quantity\":1},{\"itemIndex\":2,\"quantity\":1}]", "0")));
        assertRefused(422, List.of("additionalValue"), postReturn(returnBody("[]", "2001")));
        assertRefused(400, List.of("entranceInvoiceNumber"), postReturn(
                "{\"items\":[{\"itemIndex\":2,\"quantity\":1}],\"entranceInvoiceNumber\":\"RET #9\",\"reason\":\"x\"}"));
        assertRefused(409, List.of("entranceInvoiceNumber"), postReturn(
                "{\"items\":[{\"itemIndex\":2,\"quantity\":1}],\"entranceInvoiceNumber\":\"nf-1001\",\"reason\":\"x\"}"));
        byte[] huge = new byte[300 * 1024];
        java.util.Arrays.fill(huge, (byte) ' ');
        huge[0] = '{';
        huge[huge.length - 1] = '}';
        assertRefused(413, List.of("body"), http.send("POST", orderPath + "/returns", token, huge));
        assertRefused(415, List.of("content-type"), http.send("POST", orderPath + "/returns", token,
                Samples.body("post-return.json"), "content-type", "text/plain"));
        assertRefused(400, List.of("Idempotency-Key"), http.send("POST", orderPath + "/returns", token,
                Samples.body("post-return.json"), "idempotency-key", "x".repeat(300)));
        // invoice notifications
        String invoice = "/api/oms/pvt/orders/" + orderId + "/invoice";
        assertRefused(400, List.of("invoiceValue"), http.send("POST", invoice, token,
                "{\"type\":\"Input\",\"invoiceNumber\":\"R-1\",\"invoiceValue\":\"12.50\",\"items\":[]}"));
        assertRefused(400, List.of("type"), http.send("POST", invoice, token,
                "{\"type\":\"Sideways\",\"invoiceNumber\":\"R-1\",\"invoiceValue\":1,\"items\":[]}"));
        assertRefused(422, List.of("items[0].id"), http.send("POST", invoice, token,
                "{\"type\":\"Input\",\"invoiceNumber\":\"R-1\",\"invoiceValue\":100,\"items\":[{\"id\":\"nope\",\"quantity\":1,\"price\":100}]}"));
        assertRefused(422, List.of("invoiceValue"), http.send("POST", invoice, token,
                "{\"type\":\"Input\",\"invoiceNumber\":\"R-1\",\"invoiceValue\":100,\"items\":[{\"id\":\"2003\",\"quantity\":1,\"price\":900}]}"));
        // order import
        Map<String, Object> badOrder = Samples.orderBodyMap();
        badOrder.put("orderId", orderId);
        badOrder.put("storePreferencesData", map("currencyCode", "XYZ"));
        assertRefused(400, List.of("storePreferencesData.currencyCode"),
                http.send("PUT", orderPath, token, Http.json(badOrder)));
        Map<String, Object> otherId = Samples.orderBodyMap();
        otherId.put("orderId", "someone-else");
        assertRefused(400, List.of("orderId"), http.send("PUT", orderPath, token, Http.json(otherId)));
        assertRefused(400, List.of("orderId"), http.get("/orders/bad%23id", token));
    }

    @Test
    void unknownRoutesAndMethodsAreProblems() {
        Http.Response unknown = http.get("/nowhere/at/all", token);
        assertEquals(404, unknown.status(), unknown.body());
        assertEquals("application/problem+json", unknown.header("content-type"));
        Http.Response method = http.send("DELETE", orderPath, token, (byte[]) null);
        assertEquals(405, method.status(), method.body());
        assertNotNull(method.header("allow"));
        Http.Response missingReturn = http.get(orderPath + "/returns/ret-missing", token);
        assertEquals(404, missingReturn.status(), missingReturn.body());
        Http.Response missingOrder = http.get("/orders/" + api.newOrderId(), token);
        assertEquals(404, missingOrder.status(), missingOrder.body());
        assertEquals("application/problem+json", missingOrder.header("content-type"));
    }

    @Test
    void concurrentReturnsForTheLastUnitsNeverOversell() throws Exception {
        // Socks: 3 units returnable. Eight operators each return 1 at once, with distinct invoice numbers.
        List<Thread> threads = new ArrayList<>();
        List<Integer> statuses = java.util.Collections.synchronizedList(new ArrayList<>());
        for (int i = 0; i < 8; i++) {
            int n = i;
            threads.add(Thread.ofVirtual().start(() -> statuses.add(postReturn(
                    "{\"items\":[{\"itemIndex\":2,\"quantity\":1}],\"entranceInvoiceNumber\":\"RET-C" + n
                            + "\",\"reason\":\"race\"}").status())));
        }
        for (Thread t : threads) {
            t.join();
        }
        assertEquals(3, statuses.stream().filter(s -> s == 201).count(), statuses.toString());
        assertEquals(5, statuses.stream().filter(s -> s == 422).count(), statuses.toString());
        Map<String, Object> order = order();
        assertEquals(0, num(item(order, 2).get("returnableQuantity")));
        assertEquals(3, ((List<?>) order.get("returns")).size());
        assertNotEquals(null, order.get("returnedItems"));
    }
}
