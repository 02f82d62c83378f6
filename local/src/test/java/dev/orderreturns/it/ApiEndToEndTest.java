package dev.orderreturns.it;

import dev.orderreturns.local.LocalStack;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static dev.orderreturns.it.Samples.map;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Drives the local stack over HTTP as a user would: a token from /_local/token, an order imported,
 * returns submitted through both routes and read back, and every class of bad input refused with
 * a problem naming the field while the order stays as it was.
 */
@Tag("e2e")
class ApiEndToEndTest {

    private static final String ORDER = "1234567890-01";
    private static final String ORDER_PATH = "/orders/" + ORDER;
    private static Http http;
    private String account;
    private String token;

    @BeforeAll
    static void startStack() {
        http = new Http(LocalStack.shared().baseUrl());
    }

    @BeforeEach
    void importOrder() {
        account = Samples.newAccount();
        token = token(account, "orders:write", "returns:write", "returns:read");
        Http.Response imported = http.send("PUT", ORDER_PATH, token, Samples.orderBody());
        assertEquals(201, imported.status(), imported.body());
    }

    static String token(String account, String... scopes) {
        return Tokens.token(http, account, scopes);
    }

    private Map<String, Object> order() {
        Http.Response response = http.get(ORDER_PATH, token);
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
        assertTrue(!http.get(ORDER_PATH, token).body().contains("jane.doe@example.com"),
                "the customer's e-mail is not shown in the order view");
    }

    @Test
    @SuppressWarnings("unchecked")
    void operatorReturnIsRecordedWithItsRefundPlanAndReadBack() {
        Http.Response created = http.send("POST", ORDER_PATH + "/returns", token, Samples.body("post-return.json"),
                "idempotency-key", "k-" + account);
        assertEquals(201, created.status(), created.body());
        Map<String, Object> ret = created.json();
        String returnId = (String) ret.get("returnId");
        assertEquals(ORDER_PATH + "/returns/" + returnId, created.header("location"));
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
        assertEquals("operator-7", history.getFirst().get("actor"));
        assertEquals("PENDING", history.getFirst().get("status"));

        Http.Response one = http.get(ORDER_PATH + "/returns/" + returnId, token);
        assertEquals(200, one.status(), one.body());
        assertEquals(returnId, one.json().get("returnId"));
        Http.Response all = http.get(ORDER_PATH + "/returns", token);
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
        Http.Response sale = http.send("POST", "/api/oms/pvt/orders/" + ORDER + "/invoice", token,
                Samples.body("post-invoice-output.json"));
        assertEquals(200, sale.status(), sale.body());
        assertEquals(ORDER, sale.json().get("orderId"));
        assertNotNull(sale.json().get("receipt"));
        assertNotNull(sale.json().get("date"));
        assertEquals(2, num(item(order(), 0).get("returnableQuantity")), "the second shirt is now invoiced");

        Http.Response input = http.send("POST", "/api/oms/pvt/orders/" + ORDER + "/invoice", token,
                Samples.body("post-invoice-input.json"));
        assertEquals(200, input.status(), input.body());
        String returnId = (String) input.json().get("receipt");
        Http.Response ret = http.get(ORDER_PATH + "/returns/" + returnId, token);
        assertEquals(200, ret.status(), ret.body());
        Map<String, Object> refund = (Map<String, Object>) ret.json().get("refund");
        // invoiceValue 3900 = cap 2500 + socks 900 + 500 additional value: 250 chargeback + 250 gift card
        assertEquals(3400, num(refund.get("itemsValue")));
        assertEquals(500, num(refund.get("additionalValue")));
        assertEquals(3650, num(refund.get("chargeback")));
        assertEquals(250, num(refund.get("giftCard")));
        assertEquals("Damaged on arrival; Wrong size", ret.json().get("reason"));

        // The platform retries notifications: the same one answers the same receipt and records nothing new.
        Http.Response again = http.send("POST", "/api/oms/pvt/orders/" + ORDER + "/invoice", token,
                Samples.body("post-invoice-input.json"));
        assertEquals(200, again.status(), again.body());
        assertEquals(returnId, again.json().get("receipt"));
        assertEquals(1, ((List<?>) http.get(ORDER_PATH + "/returns", token).json().get("returns")).size());
    }

    @Test
    void idempotencyKeyReplaysTheFirstReturnAndRefusesAnotherBody() {
        String key = "replay-" + account;
        Http.Response first = http.send("POST", ORDER_PATH + "/returns", token, Samples.body("post-return.json"),
                "idempotency-key", key);
        Http.Response second = http.send("POST", ORDER_PATH + "/returns", token, Samples.body("post-return.json"),
                "idempotency-key", key);
        assertEquals(201, first.status(), first.body());
        assertEquals(201, second.status(), second.body());
        assertEquals(first.json().get("returnId"), second.json().get("returnId"));
        assertEquals("true", second.header("idempotent-replayed"));
        assertEquals(1, ((List<?>) http.get(ORDER_PATH + "/returns", token).json().get("returns")).size());

        Http.Response other = http.send("POST", ORDER_PATH + "/returns", token,
                Samples.body("post-return.json").replace("RET-1001", "RET-1002"), "idempotency-key", key);
        assertEquals(422, other.status(), other.body());
        assertEquals(List.of("Idempotency-Key"), other.errorFields());
        assertEquals(1, ((List<?>) http.get(ORDER_PATH + "/returns", token).json().get("returns")).size());
    }

    @Test
    void authenticationScopesAndAccountsAreEnforced() {
        assertEquals(401, http.get(ORDER_PATH, null).status());
        assertEquals(401, http.get(ORDER_PATH, "not-a-jwt").status());
        String readOnly = token(account, "returns:read");
        Http.Response forbidden = http.send("POST", ORDER_PATH + "/returns", readOnly,
                Samples.body("post-return.json"));
        assertEquals(403, forbidden.status(), forbidden.body());
        assertEquals("application/problem+json", forbidden.header("content-type"));
        Http.Response saleWithoutOrdersWrite = http.send("POST", "/api/oms/pvt/orders/" + ORDER + "/invoice",
                token(account, "returns:write"), Samples.body("post-invoice-output.json"));
        assertEquals(403, saleWithoutOrdersWrite.status(), saleWithoutOrdersWrite.body());

        String stranger = token(Samples.newAccount(), "orders:write", "returns:write", "returns:read");
        assertEquals(404, http.get(ORDER_PATH, stranger).status(), "another account's order does not exist");
        Http.Response strangerReturn = http.send("POST", ORDER_PATH + "/returns", stranger,
                Samples.body("post-return.json"));
        assertEquals(404, strangerReturn.status(), strangerReturn.body());
        assertNoReturns();
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
        return http.send("POST", ORDER_PATH + "/returns", token, body);
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
        assertRefused(413, List.of("body"), http.send("POST", ORDER_PATH + "/returns", token, huge));
        assertRefused(415, List.of("content-type"), http.send("POST", ORDER_PATH + "/returns", token,
                Samples.body("post-return.json"), "content-type", "text/plain"));
        assertRefused(400, List.of("Idempotency-Key"), http.send("POST", ORDER_PATH + "/returns", token,
                Samples.body("post-return.json"), "idempotency-key", "x".repeat(300)));
        // invoice notifications
        String invoice = "/api/oms/pvt/orders/" + ORDER + "/invoice";
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
        badOrder.put("storePreferencesData", map("currencyCode", "XYZ"));
        assertRefused(400, List.of("storePreferencesData.currencyCode"),
                http.send("PUT", ORDER_PATH, token, Http.json(badOrder)));
        Map<String, Object> otherId = Samples.orderBodyMap();
        otherId.put("orderId", "someone-else");
        assertRefused(400, List.of("orderId"), http.send("PUT", ORDER_PATH, token, Http.json(otherId)));
        assertRefused(400, List.of("orderId"), http.get("/orders/bad%23id", token));
    }

    @Test
    void unknownRoutesAndMethodsAreProblems() {
        Http.Response unknown = http.get("/nowhere/at/all", token);
        assertEquals(404, unknown.status(), unknown.body());
        assertEquals("application/problem+json", unknown.header("content-type"));
        Http.Response method = http.send("DELETE", ORDER_PATH, token, (byte[]) null);
        assertEquals(405, method.status(), method.body());
        assertNotNull(method.header("allow"));
        Http.Response missingReturn = http.get(ORDER_PATH + "/returns/ret-missing", token);
        assertEquals(404, missingReturn.status(), missingReturn.body());
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
