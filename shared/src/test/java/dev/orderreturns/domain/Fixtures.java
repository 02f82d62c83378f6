package dev.orderreturns.domain;

import org.junit.jupiter.api.function.Executable;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * Test data: a standard USD order with 3 items, shipping 2000 and one sale invoice, plus helpers to
 * submit returns, assert refusals exactly and snapshot an order's whole state.
 *
 * <pre>
 * item 0  sku-a  2 units  price 1500  sellingPrice 1300  invoiced 2 x 1250 (invoice price differs on purpose)
 * item 1  sku-b  4 units  price  900  sellingPrice  900  invoiced 3 x  900 (one unit never invoiced)
 * item 2  sku-c  1 unit   price 3000  sellingPrice 3000  never invoiced
 * sale invoice NF-100, value 2500 + 2700 + 2000 (shipping) = 7200
 * </pre>
 */
public final class Fixtures {

    public static final String ACCOUNT = "acme";
    public static final String ORDER_ID = "ORD-1001";
    public static final String USD = "USD";
    public static final long SHIPPING = 2000;
    public static final String SALE_INVOICE = "NF-100";
    public static final long SALE_INVOICE_VALUE = 7200;
    public static final Instant IMPORTED_AT = Instant.parse("2025-02-20T09:00:00Z");
    public static final Instant NOW = Instant.parse("2025-03-01T10:00:00Z");
    public static final Instant DUE = NOW;
    public static final String ISSUED = "2025-03-01";
    public static final String ACTOR = "operator-42";
    public static final String REASON = "Damaged in transit";

    private Fixtures() {
    }

    public static List<OrderItem> standardItems() {
        return List.of(
                new OrderItem(0, "u-0", "sku-a", "Shirt", 2, 1500, 1300),
                new OrderItem(1, "u-1", "sku-b", "Socks", 4, 900, 900),
                new OrderItem(2, "u-2", "sku-c", "Hat", 1, 3000, 3000));
    }

    public static OrderTotals totals(long shipping) {
        return new OrderTotals(9600, shipping, 0, 0);
    }

    public static List<Payment> payments() {
        return List.of(new Payment("tx-1", "pay-1", "Visa", 11600));
    }

    public static InvoiceLine line(int itemIndex, String sku, long quantity, long unitPrice) {
        return new InvoiceLine(itemIndex, sku, quantity, unitPrice);
    }

    public static Invoice sale(String number, long value, InvoiceLine... lines) {
        return new Invoice(InvoiceType.OUTPUT, number, "2025-02-20", value, List.of(lines), "rcpt-" + number, null,
                null, IMPORTED_AT);
    }

    public static Invoice standardSale() {
        return sale(SALE_INVOICE, SALE_INVOICE_VALUE, line(0, "sku-a", 2, 1250), line(1, "sku-b", 3, 900));
    }

    public static Order standardOrder() {
        return order(standardItems(), SHIPPING, List.of(standardSale()));
    }

    public static Order order(List<OrderItem> items, long shipping, List<Invoice> sales) {
        return order(USD, items, shipping, sales);
    }

    public static Order order(String currency, List<OrderItem> items, long shipping, List<Invoice> sales) {
        return Order.imported(ACCOUNT, ORDER_ID, new OrderDetails("invoiced", "2025-02-19T12:00:00Z", currency,
                items, totals(shipping), payments(), "buyer@example.com"), sales, IMPORTED_AT);
    }

    public static ReturnRequest.Units units(long itemIndex, long quantity) {
        return new ReturnRequest.Units(itemIndex, quantity);
    }

    public static ReturnRequest request(String invoiceNumber, long additionalValue, ReturnRequest.Units... units) {
        return new ReturnRequest(List.of(units), additionalValue, null, invoiceNumber, REASON);
    }

    public static OrderReturn submit(Order order, String returnId, ReturnRequest request) {
        return order.submitReturn(returnId, request, ISSUED, ACTOR, NOW);
    }

    /** The order as the desk leaves it: its events published and out of its outbox. */
    public static Order published(Order order) {
        order.published(order.outbox().stream().map(ReturnEvent::eventId).collect(java.util.stream.Collectors.toSet()));
        return order;
    }

    public static List<String> fields(Refusal refusal) {
        return refusal.errors().stream().map(FieldError::field).toList();
    }

    /** Asserts that {@code call} throws a Refusal with exactly this kind, type and error fields. */
    public static Refusal assertRefused(Refusal.Kind kind, String type, List<String> fields, Executable call) {
        Refusal refusal = assertThrows(Refusal.class, call);
        assertEquals(kind, refusal.kind(), () -> "kind of " + describe(refusal));
        assertEquals(type, refusal.type(), () -> "type of " + describe(refusal));
        assertEquals(fields, fields(refusal), () -> "fields of " + describe(refusal));
        return refusal;
    }

    /** Asserts the refusal and that the order's whole state is the same as before the call. */
    public static Refusal assertRefusedUnchanged(Order order, Refusal.Kind kind, String type, List<String> fields,
                                          Executable call) {
        OrderState before = state(order);
        Refusal refusal = assertRefused(kind, type, fields, call);
        assertEquals(before, state(order), "a refused change must leave the order unchanged");
        return refusal;
    }

    public static String describe(Refusal r) {
        return "Refusal[" + r.kind() + ", " + r.type() + ", " + r.detail() + ", " + r.errors() + "]";
    }

    // ---- snapshots and copies ----

    public record ReturnState(String returnId, String entranceInvoiceNumber, String reason, String referredTo,
                       List<ReturnLine> lines, RefundPlan plan, List<RefundPart> parts, RefundStatus status,
                       Instant createdAt, List<HistoryEntry> history, RefundRetry retry, List<ReturnEvent> outbox) {
    }

    public record OrderState(String account, String orderId, OrderDetails details, List<Invoice> invoices,
                      List<ReturnState> returns, Map<String, IdempotencyRecord> keys, Instant importedAt,
                      Instant updatedAt, long version) {
    }

    public static ReturnState state(OrderReturn r) {
        return new ReturnState(r.returnId(), r.entranceInvoiceNumber(), r.reason(), r.referredTo(), r.lines(),
                r.plan(), r.parts(), r.status(), r.createdAt(), r.history(), r.retry(), r.outbox());
    }

    /** Everything observable about an order, as values (equal when nothing changed). */
    public static OrderState state(Order o) {
        return new OrderState(o.account(), o.orderId(), o.details(), o.invoices().all(),
                o.returns().all().stream().map(Fixtures::state).toList(), o.idempotencyKeys(), o.importedAt(),
                o.updatedAt(), o.version());
    }

    public static OrderReturn copy(OrderReturn r) {
        return new OrderReturn(r.returnId(), r.entranceInvoiceNumber(), r.reason(), r.referredTo(), r.lines(),
                r.plan(), r.parts(), r.status(), r.createdAt(), r.history(), r.retry(), r.outbox());
    }

    /** A deep copy: records are immutable; the mutable parts (returns, lists, maps) are re-created. */
    public static Order copy(Order o) {
        List<OrderReturn> returns = new ArrayList<>();
        for (OrderReturn r : o.returns().all()) {
            returns.add(copy(r));
        }
        return new Order(o.account(), o.orderId(), o.details(), o.invoices().all(), returns, o.idempotencyKeys(),
                o.importedAt(), o.updatedAt(), o.version());
    }
}
