package dev.orderreturns.store.dynamodb;

import com.fasterxml.jackson.jr.ob.JSON;
import dev.orderreturns.domain.HistoryEntry;
import dev.orderreturns.domain.IdempotencyRecord;
import dev.orderreturns.domain.Invoice;
import dev.orderreturns.domain.InvoiceType;
import dev.orderreturns.domain.Money;
import dev.orderreturns.domain.Order;
import dev.orderreturns.domain.OrderReturn;
import dev.orderreturns.domain.RefundPart;
import dev.orderreturns.domain.RefundPartKind;
import dev.orderreturns.domain.RefundPlan;
import dev.orderreturns.domain.RefundStatus;
import dev.orderreturns.domain.ReturnLine;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The stored document is the store's own: documents written before {@code schemaVersion} existed
 * (a fixture written by that code, {@code stored/order-v0.json}) still read whole, and what this
 * code writes reads back as the same aggregate.
 */
class OrderDocumentTest {

    private static Map<String, Object> fixture() throws IOException {
        try (InputStream in = OrderDocumentTest.class.getResourceAsStream("/stored/order-v0.json")) {
            return JSON.std.mapFrom(in);
        }
    }

    @Test
    void aDocumentWrittenBeforeSchemaVersionsReadsWhole() throws IOException {
        Order order = OrderDocumentReader.read(fixture(), 7);

        assertEquals("acme", order.account());
        assertEquals("ORD-1001", order.orderId());
        assertEquals(7, order.version());
        assertEquals("USD", order.currency());
        assertEquals(3, order.items().size());
        assertEquals(2000, order.totals().shipping());
        assertEquals(11600, order.payments().getFirst().value());
        assertEquals(3, order.invoices().size());
        assertEquals(7200, order.invoices().invoicedValue());
        Invoice entrance = order.invoices().find("RET-2").orElseThrow();
        assertEquals(InvoiceType.INPUT, entrance.type());
        assertEquals("cd34", entrance.requestFingerprint());
        assertEquals(new IdempotencyRecord("ab12", "ret-1", Instant.parse("2026-11-20T10:00:00Z")),
                order.idempotencyRecord("key-1").orElseThrow());

        OrderReturn refunded = order.returns().find("ret-1").orElseThrow();
        assertEquals(RefundStatus.REFUNDED, refunded.status());
        assertEquals(List.of(new ReturnLine(0, "sku-a", 1, 1250)), refunded.lines());
        assertEquals(RefundPlan.of("USD", 1250, 1200, 1850, 600), refunded.plan());
        // Parts recorded before parts per payment keep their requestIds; the chargeback is the one the
        // old code paid, on the order's first payment.
        assertEquals(List.of(
                new RefundPart("chargeback", RefundPartKind.CHARGEBACK, "pay-1", Money.of(1850, "USD"),
                        RefundStatus.REFUNDED, "ret-1-chargeback", "rf-1", null),
                new RefundPart("giftCard", RefundPartKind.GIFT_CARD, null, Money.of(600, "USD"),
                        RefundStatus.REFUNDED, "ret-1-giftcard", "tx-9", "gc-1")), refunded.parts());
        assertNull(refunded.dueAt());
        assertEquals(2, refunded.history().size());

        OrderReturn pending = order.returns().find("ret-2").orElseThrow();
        assertEquals(RefundStatus.PENDING, pending.status());
        assertEquals(1, pending.attempts());
        assertEquals(Instant.parse("2026-11-20T11:00:30Z"), pending.dueAt());
        assertEquals(pending.createdAt(), pending.retry().since(), "the budget of an old return runs from its creation");
        assertEquals(new HistoryEntry(Instant.parse("2026-11-20T11:00:01Z"), RefundStatus.PENDING, "refund-processor",
                "attempt 1 incomplete: chargeback: payment provider answered 500"), pending.history().getLast());
        assertEquals(1, order.returnableUnits(0));
        assertEquals(1, order.returnableUnits(1));
    }

    @Test
    void whatIsWrittenReadsBackTheSameAndCarriesItsSchemaVersion() throws IOException {
        Order original = OrderDocumentReader.read(fixture(), 7);
        Map<String, Object> written = OrderDocument.write(original);
        assertEquals(OrderDocument.SCHEMA_VERSION, written.get("schemaVersion"));
        // Through JSON text, as the store keeps it.
        Order again = OrderDocumentReader.read(JSON.std.mapFrom(JSON.std.asString(written)), 7);
        assertEquals(written, OrderDocument.write(again));
        // View-only members of version 0 are not stored any more.
        Map<?, ?> firstReturn = (Map<?, ?>) ((List<?>) written.get("returns")).getFirst();
        assertFalse(firstReturn.containsKey("orderId"));
        assertFalse(((Map<?, ?>) ((List<?>) firstReturn.get("items")).getFirst()).containsKey("name"));
    }

    @Test
    void aDocumentFromNewerCodeIsNotMisread() throws IOException {
        Map<String, Object> newer = new java.util.LinkedHashMap<>(fixture());
        newer.put("schemaVersion", OrderDocument.SCHEMA_VERSION + 1);
        assertThrows(IllegalStateException.class, () -> OrderDocumentReader.read(newer, 7));
    }
}
