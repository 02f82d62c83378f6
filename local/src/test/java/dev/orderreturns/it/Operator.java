package dev.orderreturns.it;


import java.time.Duration;
import java.util.List;
import java.util.Map;

import static dev.orderreturns.it.Samples.map;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * One store account's operator driving the shared local stack over HTTP, as the tests of returns
 * across orders need it again and again: orders imported from events/put-order.json under any id,
 * returns of single items, waiting for a refund's status. Its token's subject is "operator-7".
 */
final class Operator {

    final Http http;
    final String account;
    final String token;

    Operator(Http http) {
        this(http, Samples.newAccount());
    }

    Operator(Http http, String account) {
        this.http = http;
        this.account = account;
        this.token = Tokens.token(http, account);
    }

    /** The sample order under this id: items 0 (1 unit invoiced), 1 (1 unit) and 2 (3 units). */
    void importOrder(String orderId) {
        Map<String, Object> body = Samples.orderBodyMap();
        body.put("orderId", orderId);
        Http.Response imported = http.send("PUT", "/orders/" + orderId, token, Http.json(body));
        assertEquals(201, imported.status(), imported.body());
    }

    /** Returns units of one item; answers the new return (201). */
    Map<String, Object> returnItem(String orderId, int itemIndex, int quantity, String invoiceNumber) {
        Http.Response created = http.send("POST", "/orders/" + orderId + "/returns", token, Http.json(map(
                "items", List.of(map("itemIndex", itemIndex, "quantity", quantity)),
                "entranceInvoiceNumber", invoiceNumber, "reason", "Does not fit")));
        assertEquals(201, created.status(), created.body());
        return created.json();
    }

    Http.Response get(String path) {
        return http.get(path, token);
    }

    Map<String, Object> awaitStatus(String orderId, String returnId, String status) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        Map<String, Object> ret = null;
        while (System.nanoTime() < deadline) {
            ret = get("/orders/" + orderId + "/returns/" + returnId).json();
            if (status.equals(ret.get("status"))) {
                return ret;
            }
            Samples.pause(100);
        }
        return fail("return " + returnId + " did not reach " + status + ": " + ret);
    }

    static void fault(Http http, String target, String mode, int count) {
        Http.Response armed = http.send("POST", "/_local/faults", null,
                Http.json(map("target", target, "mode", mode, "count", count)));
        assertEquals(200, armed.status(), armed.body());
    }

}
