package dev.orderreturns.store.dynamodb;

import dev.orderreturns.domain.HistoryEntry;
import dev.orderreturns.domain.IdempotencyRecord;
import dev.orderreturns.domain.Invoice;
import dev.orderreturns.domain.InvoiceLine;
import dev.orderreturns.domain.InvoiceType;
import dev.orderreturns.domain.Money;
import dev.orderreturns.domain.Order;
import dev.orderreturns.domain.OrderDetails;
import dev.orderreturns.domain.OrderItem;
import dev.orderreturns.domain.OrderReturn;
import dev.orderreturns.domain.OrderTotals;
import dev.orderreturns.domain.Payment;
import dev.orderreturns.domain.RefundPart;
import dev.orderreturns.domain.RefundPartKind;
import dev.orderreturns.domain.RefundPlan;
import dev.orderreturns.domain.RefundStatus;
import dev.orderreturns.domain.ReturnLine;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static dev.orderreturns.store.dynamodb.Tree.integer;
import static dev.orderreturns.store.dynamodb.Tree.map;
import static dev.orderreturns.store.dynamodb.Tree.maps;
import static dev.orderreturns.store.dynamodb.Tree.num;
import static dev.orderreturns.store.dynamodb.Tree.str;

/**
 * The order aggregate as it is stored: a JSON tree of its own, independent of the API's views, so
 * changing what the API shows never changes what is stored. {@code schemaVersion} says which
 * layout a document has. Documents written before it existed (no {@code schemaVersion}: version
 * 0, the API's return view plus system fields) have the same member names for everything read
 * here, so one reader serves both; view-only members of version 0 are ignored.
 */
final class OrderDocument {

    static final int SCHEMA_VERSION = 1;

    private OrderDocument() {
    }

    static Map<String, Object> write(Order order) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("schemaVersion", SCHEMA_VERSION);
        m.put("account", order.account());
        m.put("orderId", order.orderId());
        OrderDetails details = order.details();
        m.put("status", details.status());
        m.put("creationDate", details.creationDate());
        m.put("currency", details.currency());
        List<Object> items = new ArrayList<>();
        for (OrderItem item : details.items()) {
            Map<String, Object> i = new LinkedHashMap<>();
            i.put("index", item.index());
            i.put("uniqueId", item.uniqueId());
            i.put("id", item.skuId());
            i.put("name", item.name());
            i.put("quantity", item.quantity());
            i.put("price", item.price());
            i.put("sellingPrice", item.sellingPrice());
            items.add(i);
        }
        m.put("items", items);
        OrderTotals totals = details.totals();
        m.put("totals", Map.of("items", totals.items(), "shipping", totals.shipping(), "discounts", totals.discounts(),
                "tax", totals.tax()));
        List<Object> payments = new ArrayList<>();
        for (Payment p : details.payments()) {
            Map<String, Object> pm = new LinkedHashMap<>();
            pm.put("transactionId", p.transactionId());
            pm.put("paymentId", p.paymentId());
            pm.put("paymentSystemName", p.paymentSystemName());
            pm.put("value", p.value());
            payments.add(pm);
        }
        m.put("payments", payments);
        m.put("customerEmail", details.customerEmail());
        m.put("invoices", order.invoices().all().stream().map(OrderDocument::writeInvoice).toList());
        m.put("returns", order.returns().all().stream().map(OrderDocument::writeReturn).toList());
        Map<String, Object> keys = new LinkedHashMap<>();
        order.idempotencyKeys().forEach((key, rec) -> keys.put(key, Map.of("requestFingerprint",
                rec.requestFingerprint(), "returnId", rec.returnId(), "at", rec.at().toString())));
        m.put("idempotencyKeys", keys);
        m.put("importedAt", order.importedAt().toString());
        m.put("updatedAt", order.updatedAt().toString());
        return m;
    }

    private static Map<String, Object> writeInvoice(Invoice invoice) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", invoice.type().wireName());
        m.put("invoiceNumber", invoice.invoiceNumber());
        m.put("issuanceDate", invoice.issuanceDate());
        m.put("invoiceValue", invoice.invoiceValue());
        m.put("items", invoice.lines().stream().map(l -> line(l.itemIndex(), l.skuId(), l.quantity(), l.unitPrice()))
                .toList());
        m.put("returnId", invoice.returnId());
        m.put("receipt", invoice.receipt());
        m.put("requestFingerprint", invoice.requestFingerprint());
        m.put("recordedAt", invoice.recordedAt().toString());
        return m;
    }

    private static Map<String, Object> writeReturn(OrderReturn r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("returnId", r.returnId());
        m.put("entranceInvoiceNumber", r.entranceInvoiceNumber());
        m.put("reason", r.reason());
        m.put("referredTo", r.referredTo());
        m.put("status", r.status().name());
        m.put("items", r.lines().stream().map(l -> line(l.itemIndex(), l.skuId(), l.quantity(), l.unitPrice()))
                .toList());
        RefundPlan plan = r.plan();
        Map<String, Object> refund = new LinkedHashMap<>();
        refund.put("currency", plan.currency());
        refund.put("itemsValue", plan.itemsValue().minorUnits());
        refund.put("additionalValue", plan.additionalValue().minorUnits());
        refund.put("chargeback", plan.chargeback().minorUnits());
        refund.put("giftCard", plan.giftCard().minorUnits());
        List<Object> parts = new ArrayList<>();
        for (RefundPart part : r.parts()) {
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("kind", part.kind().wireName());
            p.put("amount", part.amount().minorUnits());
            p.put("status", part.status().name());
            p.put("requestId", part.requestId());
            p.put("providerReference", part.providerReference());
            p.put("giftCardId", part.giftCardId());
            parts.add(p);
        }
        refund.put("parts", parts);
        m.put("refund", refund);
        m.put("createdAt", r.createdAt().toString());
        m.put("attempts", r.attempts());
        m.put("dueAt", r.dueAt() == null ? null : r.dueAt().toString());
        List<Object> history = new ArrayList<>();
        for (HistoryEntry h : r.history()) {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("at", h.at().toString());
            e.put("status", h.status().name());
            e.put("actor", h.actor());
            e.put("note", h.note());
            history.add(e);
        }
        m.put("history", history);
        return m;
    }

    private static Map<String, Object> line(int itemIndex, String skuId, long quantity, long unitPrice) {
        Map<String, Object> l = new LinkedHashMap<>();
        l.put("itemIndex", itemIndex);
        l.put("id", skuId);
        l.put("quantity", quantity);
        l.put("unitPrice", unitPrice);
        return l;
    }

    // ---- reading ----

    /** Rebuilds the aggregate from a stored document of any schema version, at the stored {@code version}. */
    static Order read(Map<String, Object> m, long version) {
        int schema = m.get("schemaVersion") == null ? 0 : integer(m.get("schemaVersion"));
        if (schema > SCHEMA_VERSION) {
            throw new IllegalStateException("order " + m.get("orderId") + " has schema version " + schema
                    + ", newer than this code reads (" + SCHEMA_VERSION + ")");
        }
        List<OrderItem> items = new ArrayList<>();
        for (Map<String, Object> i : maps(m.get("items"))) {
            items.add(new OrderItem(integer(i.get("index")), str(i.get("uniqueId")), str(i.get("id")),
                    str(i.get("name")), num(i.get("quantity")), num(i.get("price")), num(i.get("sellingPrice"))));
        }
        Map<String, Object> t = map(m.get("totals"));
        OrderTotals totals = new OrderTotals(num(t.get("items")), num(t.get("shipping")), num(t.get("discounts")),
                num(t.get("tax")));
        List<Payment> payments = new ArrayList<>();
        for (Map<String, Object> p : maps(m.get("payments"))) {
            payments.add(new Payment(str(p.get("transactionId")), str(p.get("paymentId")),
                    str(p.get("paymentSystemName")), num(p.get("value"))));
        }
        OrderDetails details = new OrderDetails(str(m.get("status")), str(m.get("creationDate")),
                str(m.get("currency")), items, totals, payments, str(m.get("customerEmail")));
        List<Invoice> invoices = new ArrayList<>();
        for (Map<String, Object> im : maps(m.get("invoices"))) {
            invoices.add(new Invoice(InvoiceType.fromWire(str(im.get("type"))), str(im.get("invoiceNumber")),
                    str(im.get("issuanceDate")), num(im.get("invoiceValue")), invoiceLines(im.get("items")),
                    str(im.get("receipt")), str(im.get("returnId")), str(im.get("requestFingerprint")),
                    Instant.parse(str(im.get("recordedAt")))));
        }
        List<OrderReturn> returns = new ArrayList<>();
        for (Map<String, Object> rm : maps(m.get("returns"))) {
            returns.add(readReturn(rm));
        }
        Map<String, IdempotencyRecord> keys = new LinkedHashMap<>();
        map(m.get("idempotencyKeys")).forEach((key, value) -> {
            Map<String, Object> km = map(value);
            keys.put(key, new IdempotencyRecord(str(km.get("requestFingerprint")), str(km.get("returnId")),
                    Instant.parse(str(km.get("at")))));
        });
        return new Order(str(m.get("account")), str(m.get("orderId")), details, invoices, returns, keys,
                Instant.parse(str(m.get("importedAt"))), Instant.parse(str(m.get("updatedAt"))), version);
    }

    private static OrderReturn readReturn(Map<String, Object> rm) {
        List<ReturnLine> lines = new ArrayList<>();
        for (Map<String, Object> l : maps(rm.get("items"))) {
            lines.add(new ReturnLine(integer(l.get("itemIndex")), str(l.get("id")), num(l.get("quantity")),
                    num(l.get("unitPrice"))));
        }
        Map<String, Object> refund = map(rm.get("refund"));
        String currency = str(refund.get("currency"));
        RefundPlan plan = RefundPlan.of(currency, num(refund.get("itemsValue")), num(refund.get("additionalValue")),
                num(refund.get("chargeback")), num(refund.get("giftCard")));
        List<RefundPart> parts = new ArrayList<>();
        for (Map<String, Object> p : maps(refund.get("parts"))) {
            parts.add(new RefundPart(RefundPartKind.fromWire(str(p.get("kind"))), Money.of(num(p.get("amount")), currency),
                    RefundStatus.valueOf(str(p.get("status"))), str(p.get("requestId")),
                    str(p.get("providerReference")), str(p.get("giftCardId"))));
        }
        List<HistoryEntry> history = new ArrayList<>();
        for (Map<String, Object> h : maps(rm.get("history"))) {
            history.add(new HistoryEntry(Instant.parse(str(h.get("at"))), RefundStatus.valueOf(str(h.get("status"))),
                    str(h.get("actor")), str(h.get("note"))));
        }
        String due = str(rm.get("dueAt"));
        return new OrderReturn(str(rm.get("returnId")), str(rm.get("entranceInvoiceNumber")), str(rm.get("reason")),
                str(rm.get("referredTo")), lines, plan, parts, RefundStatus.valueOf(str(rm.get("status"))),
                Instant.parse(str(rm.get("createdAt"))), history, due == null ? null : Instant.parse(due),
                rm.get("attempts") == null ? 0 : integer(rm.get("attempts")));
    }

    private static List<InvoiceLine> invoiceLines(Object value) {
        List<InvoiceLine> lines = new ArrayList<>();
        for (Map<String, Object> l : maps(value)) {
            lines.add(new InvoiceLine(integer(l.get("itemIndex")), str(l.get("id")), num(l.get("quantity")),
                    num(l.get("unitPrice"))));
        }
        return lines;
    }
}
