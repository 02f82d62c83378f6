package dev.orderreturns.functions;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.jr.ob.JSON;
import dev.orderreturns.functions.routes.PostInvoice;
import dev.orderreturns.functions.routes.PostReturn;
import dev.orderreturns.functions.routes.PutOrder;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Inputs that once answered 500 or were stored altered, sent through the API functions: each is
 * refused with a 400 naming what is wrong, and changes nothing.
 */
class HandlerInputTest {

    private static final String ORDER = "1234567890-01";
    private DeskUnderTest desk;

    @BeforeEach
    void seedAnOrder() {
        desk = new DeskUnderTest();
        APIGatewayV2HTTPResponse imported = desk.handle(ApiEvents.route(PutOrder.KEY).orderId(ORDER)
                .json(ApiEvents.sampleBody("put-order")).build());
        assertEquals(201, imported.getStatusCode(), imported.getBody());
    }

    @SuppressWarnings("unchecked")
    private static List<String> fields(APIGatewayV2HTTPResponse response) throws IOException {
        List<Object> errors = (List<Object>) JSON.std.mapFrom(response.getBody()).get("errors");
        return errors.stream().map(e -> (String) ((Map<String, Object>) e).get("field")).toList();
    }

    private void assertRefused(ApiEvents request, String field) throws IOException {
        Object before = desk.snapshot();
        APIGatewayV2HTTPResponse response = desk.handle(request.build());
        assertEquals(400, response.getStatusCode(), response.getBody());
        assertEquals(List.of(field), fields(response), response.getBody());
        assertEquals(before, desk.snapshot(), "a refused request changes nothing");
    }

    @Test
    void numbersWhoseExponentOverflowAre400sNamingTheField() throws IOException {
        assertRefused(ApiEvents.route(PostReturn.KEY).orderId(ORDER).json("{\"a\":1e-2147483649}"), "a");
        assertRefused(ApiEvents.route(PostReturn.KEY).orderId(ORDER).json("{\"b\":0,\"a\":1e-2147483649}"), "a");
        assertRefused(ApiEvents.route(PostReturn.KEY).orderId(ORDER).json(
                "{\"items\":[{\"itemIndex\":1e-2147483648,\"quantity\":1}],\"entranceInvoiceNumber\":\"R-1\","
                        + "\"reason\":\"x\"}"), "items[0].itemIndex");
        assertRefused(ApiEvents.route(PutOrder.KEY).orderId(ORDER).json("{\"orderId\":1e9999999999}"), "orderId");
        assertRefused(ApiEvents.route(PostInvoice.KEY).orderId(ORDER).json(
                "{\"type\":\"Input\",\"invoiceNumber\":\"RET-1\",\"invoiceValue\":1e9999999999,\"items\":[]}"),
                "invoiceValue");
    }

    private static String returnBody(String reasonJson) {
        return "{\"items\":[{\"itemIndex\":0,\"quantity\":1}],\"entranceInvoiceNumber\":\"RET-9\","
                + "\"reason\":" + reasonJson + "}";
    }

    @Test
    void textThatUtf8CannotCarryIsRefusedNotStoredAltered() throws IOException {
        // an escaped half pair in the JSON
        assertRefused(ApiEvents.route(PostReturn.KEY).orderId(ORDER).json(returnBody("\"Broken \\ud83d\"")), "reason");
        assertRefused(ApiEvents.route(PostReturn.KEY).orderId(ORDER).json(
                returnBody("\"ok\", \"referredTo\": \"\\udc00\"")), "referredTo");
        assertRefused(ApiEvents.route(PostInvoice.KEY).orderId(ORDER).json("{\"type\":\"Input\","
                + "\"invoiceNumber\":\"RET-3\",\"invoiceValue\":4500,\"items\":[{\"id\":\"2001\",\"quantity\":1,"
                + "\"price\":4500,\"description\":\"\\ud800\"}]}"), "items[0].description");
        // a half pair in the event's body string itself: encoding it would write '?'
        assertRefused(ApiEvents.route(PostReturn.KEY).orderId(ORDER).json(returnBody("\"Broken \ud83d\"")), "body");
        // bytes that are not UTF-8 (API Gateway passes what it does not take for text as base64)
        byte[] valid = returnBody("\"Damaged\"").getBytes(StandardCharsets.UTF_8);
        for (byte[] bad : List.of(new byte[] {(byte) 0xff}, new byte[] {(byte) 0xc0, (byte) 0x80},
                new byte[] {(byte) 0xed, (byte) 0xa0, (byte) 0x80}, new byte[] {(byte) 0xe2, (byte) 0x82})) {
            byte[] body = new byte[valid.length + bad.length];
            int at = returnBody("\"Dam").length();
            System.arraycopy(valid, 0, body, 0, at);
            System.arraycopy(bad, 0, body, at, bad.length);
            System.arraycopy(valid, at, body, at + bad.length, valid.length - at);
            assertRefused(ApiEvents.route(PostReturn.KEY).orderId(ORDER).header("content-type", "application/json")
                    .bytes(body), "body");
        }
        // and the same return with a whole emoji is taken as sent
        APIGatewayV2HTTPResponse taken = desk.handle(ApiEvents.route(PostReturn.KEY).orderId(ORDER)
                .json(returnBody("\"Broken \\ud83d\\ude00\"")).build());
        assertEquals(201, taken.getStatusCode(), taken.getBody());
        assertEquals("Broken \ud83d\ude00", JSON.std.mapFrom(taken.getBody()).get("reason"));
    }

    @Test
    void aBodyFullOfProblemsIsRefusedQuicklyWithAShortList() {
        // 85,000 items each missing both fields: once 170,000 errors (an answer over Lambda's
        // 6 MB), and with one error per field checked against all before it, minutes of work
        String items = "{\"items\":[" + "{},".repeat(85_000) + "{}]";
        for (var request : List.of(
                ApiEvents.route(PostReturn.KEY).orderId(ORDER).json(items + ",\"entranceInvoiceNumber\":\"R-1\",\"reason\":\"x\"}"),
                ApiEvents.route(PutOrder.KEY).orderId(ORDER).json(items + "}"),
                ApiEvents.route(PostInvoice.KEY).orderId(ORDER).json(items + ",\"type\":\"Input\",\"invoiceNumber\":\"R-2\","
                        + "\"invoiceValue\":1}"))) {
            Object before = desk.snapshot();
            APIGatewayV2HTTPResponse response = assertTimeoutPreemptively(Duration.ofSeconds(5),
                    () -> desk.handle(request.build()));
            assertEquals(400, response.getStatusCode());
            assertTrue(response.getBody().length() < 20_000, () -> response.getBody().length() + " characters");
            assertEquals(before, desk.snapshot());
        }
    }
}
