package dev.orderreturns.functions.routes;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.jr.ob.JSON;
import dev.orderreturns.domain.Order;
import dev.orderreturns.domain.OrderReturn;
import dev.orderreturns.domain.RefundPart;
import dev.orderreturns.domain.RefundStatus;
import dev.orderreturns.functions.ApiEvents;
import dev.orderreturns.functions.DeskUnderTest;
import dev.orderreturns.functions.view.ReturnsCsv;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The operator's desk routes through the API functions: the list across orders, the CSV export, manual refunds. */
class OperatorDeskRoutesTest {

    private DeskUnderTest desk;

    @BeforeEach
    void twoOrdersWithThreeReturns() {
        desk = new DeskUnderTest();
        for (String orderId : List.of("1234567890-01", "1234567890-02")) {
            String body = ApiEvents.sampleBody("put-order").replace("1234567890-01", orderId);
            assertEquals(201, send(ApiEvents.route(PutOrder.KEY).orderId(orderId).json(body)).getStatusCode());
        }
        submit("1234567890-01", "RET-1", "{\"itemIndex\":0,\"quantity\":1}");
        submit("1234567890-02", "RET-2", "{\"itemIndex\":2,\"quantity\":2}");
        submit("1234567890-01", "RET-3", "{\"itemIndex\":2,\"quantity\":1}");
    }

    private APIGatewayV2HTTPResponse send(ApiEvents request) {
        return desk.handle(request.build());
    }

    private void submit(String orderId, String invoiceNumber, String item) {
        desk.clock.advance(Duration.ofMinutes(1));
        APIGatewayV2HTTPResponse created = send(ApiEvents.route(PostReturn.KEY).orderId(orderId).json(
                "{\"items\":[" + item + "],\"entranceInvoiceNumber\":\"" + invoiceNumber + "\",\"reason\":\"Too small\"}"));
        assertEquals(201, created.getStatusCode(), created.getBody());
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> returnsOf(APIGatewayV2HTTPResponse response) throws IOException {
        return (List<Map<String, Object>>) JSON.std.mapFrom(response.getBody()).get("returns");
    }

    @Test
    void theListSpansOrdersNewestFirstAndPagesWithoutGapsOrRepeats() throws IOException {
        APIGatewayV2HTTPResponse all = send(ApiEvents.route(ListReturns.KEY));
        assertEquals(200, all.getStatusCode(), all.getBody());
        assertEquals(List.of("RET-3", "RET-2", "RET-1"),
                returnsOf(all).stream().map(r -> r.get("entranceInvoiceNumber")).toList());
        assertEquals(List.of("1234567890-01", "1234567890-02", "1234567890-01"),
                returnsOf(all).stream().map(r -> r.get("orderId")).toList());
        assertNull(JSON.std.mapFrom(all.getBody()).get("nextCursor"));

        List<Object> paged = new ArrayList<>();
        String cursor = null;
        do {
            APIGatewayV2HTTPResponse page = send(ApiEvents.route(ListReturns.KEY)
                    .query(cursor == null ? Map.of("limit", "2") : Map.of("limit", "2", "cursor", cursor)));
            assertEquals(200, page.getStatusCode(), page.getBody());
            returnsOf(page).forEach(r -> paged.add(r.get("entranceInvoiceNumber")));
            cursor = (String) JSON.std.mapFrom(page.getBody()).get("nextCursor");
        } while (cursor != null);
        assertEquals(List.of("RET-3", "RET-2", "RET-1"), paged);
    }

    @Test
    void anotherAccountSeesNoneOfThem() throws IOException {
        APIGatewayV2HTTPResponse other = send(ApiEvents.route(ListReturns.KEY)
                .claims(Map.of("sub", "op", "account", "globex", "scope", ApiEvents.ALL_SCOPES)));
        assertEquals(200, other.getStatusCode());
        assertEquals(List.of(), returnsOf(other));
    }

    @Test
    void theExportIsOneCsvRowPerRefundPartWhoseCentsAddUpToTheRefunds() throws IOException {
        APIGatewayV2HTTPResponse export = send(ApiEvents.route(ExportReturns.KEY));
        assertEquals(200, export.getStatusCode(), export.getBody());
        assertTrue(export.getHeaders().get("content-type").startsWith("text/csv"));
        assertNull(export.getHeaders().get("link"), "one page holds them all");
        List<String> rows = List.of(export.getBody().split("\r\n"));
        assertEquals(String.join(",", ReturnsCsv.HEADER), rows.getFirst());
        long cents = 0;
        for (String row : rows.subList(1, rows.size())) {
            String[] fields = row.split(",", -1);
            assertEquals(ReturnsCsv.HEADER.size(), fields.length, row);
            assertEquals("USD", fields[4]);
            assertEquals(Long.parseLong(fields[9]), new java.math.BigDecimal(fields[8]).movePointRight(2).longValueExact(), row);
            cents += Long.parseLong(fields[9]);
        }
        long refunds = 0;
        for (Map<String, Object> r : returnsOf(send(ApiEvents.route(ListReturns.KEY)))) {
            refunds += ((Number) ((Map<?, ?>) r.get("refund")).get("total")).longValue();
        }
        assertEquals(4500 + 1800 + 900, refunds);
        assertEquals(refunds, cents, "every cent of every refund is in the export");

        APIGatewayV2HTTPResponse first = send(ApiEvents.route(ExportReturns.KEY).query(Map.of("limit", "1",
                "from", "2025-11-26")));
        assertEquals(200, first.getStatusCode(), first.getBody());
        String link = first.getHeaders().get("link");
        assertNotNull(link, "more pages: a link to the next");
        assertTrue(link.matches("</returns/export\\?from=2025-11-26&limit=1&cursor=[^>]+>; rel=\"next\""), link);
        assertEquals(first.getHeaders().get("x-next-cursor"), link.substring(link.indexOf("cursor=") + 7, link.indexOf('>')));
    }

    @Test
    void aPartRefundedByHandCompletesTheReturnOnceAndOnlyFromManual() throws IOException {
        Map<String, Object> newest = returnsOf(send(ApiEvents.route(ListReturns.KEY))).getFirst();
        String returnId = (String) newest.get("returnId");
        Map<String, String> parameters = Map.of("orderId", "1234567890-01", "returnId", returnId,
                "partId", "chargeback-D3DEECAB3C6C4B9EAF8EF4C1FE062FF3");
        String body = "{\"reference\":\"BANK-77\",\"note\":\"paid by bank transfer\"}";

        APIGatewayV2HTTPResponse early = send(ApiEvents.route(PostManualRefund.KEY).pathParameters(parameters).json(body));
        assertEquals(409, early.getStatusCode(), "a PENDING part is the refunder's: " + early.getBody());

        // The provider said it cannot refund this payment online (as the refunder records it).
        Order order = desk.store.find("acme", "1234567890-01").orElseThrow();
        OrderReturn ret = order.returns().find(returnId).orElseThrow();
        for (RefundPart part : ret.parts()) {
            ret.replacePart(part.withStatus(RefundStatus.MANUAL_REFUND_REQUIRED));
        }
        ret.moveTo(RefundStatus.MANUAL_REFUND_REQUIRED, "refund-processor", "the provider cannot refund this online",
                desk.clock.instant());
        desk.store.save(order, order.version());
        assertEquals(1, returnsOf(send(ApiEvents.route(ListReturns.KEY).query(Map.of("status", "attention")))).size(),
                "a manual refund waiting is for someone's attention");

        APIGatewayV2HTTPResponse done = send(ApiEvents.route(PostManualRefund.KEY).pathParameters(parameters).json(body));
        assertEquals(200, done.getStatusCode(), done.getBody());
        Map<String, Object> view = JSON.std.mapFrom(done.getBody());
        assertEquals("REFUNDED", view.get("status"), "its only part is refunded, so the return is");
        Map<?, ?> part = (Map<?, ?>) ((List<?>) ((Map<?, ?>) view.get("refund")).get("parts")).getFirst();
        assertEquals(Boolean.TRUE, part.get("refundedByHand"));
        assertEquals("BANK-77", part.get("providerReference"));
        Object after = desk.snapshot();

        APIGatewayV2HTTPResponse again = send(ApiEvents.route(PostManualRefund.KEY).pathParameters(parameters).json(body));
        assertEquals(200, again.getStatusCode(), again.getBody());
        assertEquals("true", again.getHeaders().get("idempotent-replayed"));
        APIGatewayV2HTTPResponse other = send(ApiEvents.route(PostManualRefund.KEY).pathParameters(parameters)
                .json("{\"reference\":\"BANK-78\"}"));
        assertEquals(409, other.getStatusCode(), "a second, different refund by hand is refused: " + other.getBody());
        APIGatewayV2HTTPResponse unknown = send(ApiEvents.route(PostManualRefund.KEY)
                .pathParameters(Map.of("orderId", "1234567890-01", "returnId", returnId, "partId", "giftCard"))
                .json(body));
        assertEquals(404, unknown.getStatusCode(), unknown.getBody());
        assertEquals(after, desk.snapshot(), "neither the repeat nor the refusals changed anything");
        assertTrue(send(ApiEvents.route(ExportReturns.KEY)).getBody().contains(",BANK-77,true\r\n"));
    }
}
