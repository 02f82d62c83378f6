package dev.orderreturns.web;

import com.fasterxml.jackson.jr.ob.JSON;
import dev.orderreturns.domain.Order;
import dev.orderreturns.domain.RecordingRefundQueue;
import dev.orderreturns.domain.RefundStatus;
import dev.orderreturns.domain.ReturnDesk;
import dev.orderreturns.domain.ReturnRequest;
import dev.orderreturns.local.LocalStack;
import dev.orderreturns.local.RepoPaths;
import dev.orderreturns.store.dynamodb.DynamoDbOrderStore;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The local stack as the browser tests set it up: its HTTP API with a token per store account, its
 * faults, and (for states the API cannot make on demand, such as a FAILED refund or a return created
 * on a past day) the order table written directly, as the functions write it.
 */
final class StackApi {

    /** The one payment of events/put-order.json: every chargeback of its returns goes to it. */
    static final String PAYMENT = "D3DEECAB3C6C4B9EAF8EF4C1FE062FF3";

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final LocalStack stack;
    private final DynamoDbOrderStore store;

    StackApi(LocalStack stack) {
        this.stack = stack;
        this.store = new DynamoDbOrderStore(stack.resources().dynamoDb(), stack.resources().tableName("OrdersTable"));
    }

    String base() {
        return stack.baseUrl();
    }

    static String newAccount() {
        return "web-" + UUID.randomUUID().toString().substring(0, 8);
    }

    String token(String account) {
        HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(base() + "/_local/token"))
                .POST(HttpRequest.BodyPublishers.ofString(json(Map.of("account", account,
                        "scopes", List.of("orders:write", "returns:write", "returns:read"))))));
        assertEquals(200, response.statusCode(), response.body());
        return (String) map(response.body()).get("token");
    }

    /** Imports events/put-order.json's order (sale invoice NF-1001) into the account, under that order id. */
    void importSampleOrder(String account, String orderId) {
        Map<String, Object> order;
        try {
            order = map((String) map(Files.readString(RepoPaths.root().resolve("events/put-order.json"))).get("body"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        order.put("orderId", orderId);
        HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(base() + "/orders/" + orderId))
                .header("authorization", "Bearer " + token(account))
                .header("content-type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(json(order))));
        assertTrue(response.statusCode() == 200 || response.statusCode() == 201,
                response.statusCode() + " " + response.body());
    }

    /**
     * Submits events/post-return.json's return (a shirt and two pairs of socks with $12.00 of the
     * $20.00 shipping: $69.00 chargeback and $6.00 gift card) through the API; answers its id.
     */
    String submitSampleReturn(String account, String orderId, String entranceInvoiceNumber) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("items", List.of(Map.of("itemIndex", 0, "quantity", 1), Map.of("itemIndex", 2, "quantity", 2)));
        body.put("additionalValue", 1200);
        body.put("referredTo", "Shipping refund");
        body.put("entranceInvoiceNumber", entranceInvoiceNumber);
        body.put("reason", "Customer changed their mind");
        HttpResponse<String> response = send(HttpRequest.newBuilder(
                        URI.create(base() + "/orders/" + orderId + "/returns"))
                .header("authorization", "Bearer " + token(account))
                .header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json(body))));
        assertEquals(201, response.statusCode(), response.body());
        return (String) map(response.body()).get("returnId");
    }

    Map<String, Object> getReturn(String account, String orderId, String returnId) {
        HttpResponse<String> response = send(HttpRequest.newBuilder(
                URI.create(base() + "/orders/" + orderId + "/returns/" + returnId))
                .header("authorization", "Bearer " + token(account)).GET());
        assertEquals(200, response.statusCode(), response.body());
        return map(response.body());
    }

    /** Waits (up to 30 s) until the API shows the return in that status, and answers it. */
    Map<String, Object> awaitStatus(String account, String orderId, String returnId, String status) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        Map<String, Object> ret = null;
        while (System.nanoTime() < deadline) {
            ret = getReturn(account, orderId, returnId);
            if (status.equals(ret.get("status"))) return ret;
            sleep(200);
        }
        return fail("return " + returnId + " did not reach " + status + ": " + ret);
    }

    /** POST /orders/{orderId}/returns/{returnId}/retry as the account's operator; answers the status code. */
    int retry(String account, String orderId, String returnId) {
        HttpResponse<String> response = send(HttpRequest.newBuilder(
                        URI.create(base() + "/orders/" + orderId + "/returns/" + returnId + "/retry"))
                .header("authorization", "Bearer " + token(account))
                .POST(HttpRequest.BodyPublishers.noBody()));
        return response.statusCode();
    }

    /** The next {@code count} calls to the provider fail that way (POST /_local/faults). */
    void fault(String target, String mode, int count) {
        HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(base() + "/_local/faults"))
                .POST(HttpRequest.BodyPublishers.ofString(json(Map.of("target", target, "mode", mode, "count", count)))));
        assertEquals(200, response.statusCode(), response.body());
    }

    /**
     * Records a return of one cap ($25.00, one chargeback part) as the write function would at that
     * time, without a refund job: for returns created on a chosen day.
     */
    String storeCapReturnAt(String account, String orderId, String entranceInvoiceNumber, Instant at) {
        ReturnDesk desk = new ReturnDesk(store, new RecordingRefundQueue(), Clock.fixed(at, ZoneOffset.UTC),
                () -> UUID.randomUUID().toString().replace("-", ""));
        ReturnRequest request = new ReturnRequest(List.of(new ReturnRequest.Units(1, 1)), 0, null,
                entranceInvoiceNumber, "Wrong colour");
        return desk.submitReturn(account, orderId, request, null, "fp-" + entranceInvoiceNumber, "operator")
                .submitted().returnId();
    }

    /**
     * A return whose refund gave up, as the refunder leaves it: the sample return recorded without a
     * job, then moved to FAILED with the refunder's note naming the part and the provider's answer.
     */
    String storeFailedReturn(String account, String orderId, String entranceInvoiceNumber, String providerSaid) {
        ReturnDesk desk = new ReturnDesk(store, new RecordingRefundQueue(), Clock.systemUTC(),
                () -> UUID.randomUUID().toString().replace("-", ""));
        ReturnRequest request = new ReturnRequest(List.of(new ReturnRequest.Units(0, 1), new ReturnRequest.Units(2, 2)),
                1200, "Shipping refund", entranceInvoiceNumber, "Customer changed their mind");
        String returnId = desk.submitReturn(account, orderId, request, null, "fp-" + entranceInvoiceNumber, "operator")
                .submitted().returnId();
        Order order = store.find(account, orderId).orElseThrow();
        order.returns().find(returnId).orElseThrow().moveTo(RefundStatus.FAILED, "refund-processor",
                "gave up after 12 attempts; an operator can retry it. Last: chargeback-" + PAYMENT + ": " + providerSaid
                        + "; giftCard: gift card provider answered HTTP 503;", Instant.now());
        store.save(order, order.version());
        return returnId;
    }

    static HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return HTTP.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static Map<String, Object> map(String json) {
        try {
            return JSON.std.mapFrom(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String json(Object value) {
        try {
            return JSON.std.asString(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
