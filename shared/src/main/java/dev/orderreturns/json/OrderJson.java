package dev.orderreturns.json;

import dev.orderreturns.domain.HistoryEntry;
import dev.orderreturns.domain.IdempotencyRecord;
import dev.orderreturns.domain.Invoice;
import dev.orderreturns.domain.InvoiceLine;
import dev.orderreturns.domain.InvoiceType;
import dev.orderreturns.domain.Order;
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

/**
 * The order aggregate as JSON trees (maps and lists): the public views the API answers with, and
 * the stored document, which is the public return view plus the fields only the system needs.
 * One mapping serves both so what is stored and what is shown cannot drift apart.
 */
public final class OrderJson {

    private OrderJson() {
    }

    // ---- public views (DESIGN.md section 3) ----

    /** A return as the API shows it. */
    public static Map<String, Object> returnView(Order order, OrderReturn r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("returnId", r.returnId());
        m.put("orderId", order.orderId());
        m.put("entranceInvoiceNumber", r.entranceInvoiceNumber());
        m.put("reason", r.reason());
        m.put("referredTo", r.referredTo());
        m.put("status", r.status().name());
        List<Object> items = new ArrayList<>();
        for (ReturnLine line : r.lines()) {
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("itemIndex", line.itemIndex());
            item.put("id", line.skuId());
            item.put("name", nameOf(order, line.itemIndex()));
            item.put("quantity", line.quantity());
            item.put("unitPrice", line.unitPrice());
            items.add(item);
        }
        m.put("items", items);
        RefundPlan plan = r.plan();
        Map<String, Object> refund = new LinkedHashMap<>();
        refund.put("currency", plan.currency());
        refund.put("itemsValue", plan.itemsValue());
        refund.put("additionalValue", plan.additionalValue());
        refund.put("chargeback", plan.chargeback());
        refund.put("giftCard", plan.giftCard());
        refund.put("total", plan.total());
        List<Object> parts = new ArrayList<>();
        for (RefundPart part : r.parts()) {
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("kind", part.kind().wireName());
            p.put("amount", part.amount());
            p.put("status", part.status().name());
            p.put("requestId", part.requestId());
            p.put("providerReference", part.providerReference());
            if (part.giftCardId() != null) {
                p.put("giftCardId", part.giftCardId());
            }
            parts.add(p);
        }
        refund.put("parts", parts);
        m.put("refund", refund);
        m.put("createdAt", r.createdAt().toString());
        m.put("attempts", r.attempts());
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

    /** The order as the API shows it: items with invoiced, returned and returnable units, invoices, returns. */
    public static Map<String, Object> orderView(Order order) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("orderId", order.orderId());
        m.put("status", order.status());
        m.put("creationDate", order.creationDate());
        m.put("currency", order.currency());
        List<Object> items = new ArrayList<>();
        for (OrderItem item : order.items()) {
            Map<String, Object> i = itemDocument(item);
            i.put("invoicedQuantity", order.invoicedUnits(item.index()));
            i.put("returnedQuantity", order.returnedUnits(item.index()));
            i.put("returnableQuantity", order.returnableUnits(item.index()));
            items.add(i);
        }
        m.put("items", items);
        m.put("totals", totalsDocument(order.totals()));
        m.put("shippingReturnable", order.totals().shipping() - order.additionalValueReturned());
        m.put("invoicedValue", order.invoicedValue());
        m.put("refundedValue", order.refundedValue());
        m.put("invoices", order.invoices().stream().map(OrderJson::invoiceView).toList());
        List<Object> returnedItems = new ArrayList<>();
        for (OrderReturn r : order.returns()) {
            for (ReturnLine line : r.lines()) {
                Map<String, Object> ri = new LinkedHashMap<>();
                ri.put("returnId", r.returnId());
                ri.put("itemIndex", line.itemIndex());
                ri.put("id", line.skuId());
                ri.put("name", nameOf(order, line.itemIndex()));
                ri.put("quantity", line.quantity());
                ri.put("unitPrice", line.unitPrice());
                ri.put("status", r.status().name());
                returnedItems.add(ri);
            }
        }
        m.put("returnedItems", returnedItems);
        m.put("returns", order.returns().stream().map(r -> returnView(order, r)).toList());
        return m;
    }

    private static Map<String, Object> invoiceView(Invoice invoice) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", invoice.type().wireName());
        m.put("invoiceNumber", invoice.invoiceNumber());
        m.put("issuanceDate", invoice.issuanceDate());
        m.put("invoiceValue", invoice.invoiceValue());
        m.put("items", invoice.lines().stream().map(OrderJson::lineDocument).toList());
        if (invoice.returnId() != null) {
            m.put("returnId", invoice.returnId());
        }
        return m;
    }

    private static String nameOf(Order order, int itemIndex) {
        return itemIndex < order.items().size() ? order.items().get(itemIndex).name() : null;
    }

    // ---- stored document ----

    /** Everything needed to rebuild the aggregate, as stored. */
    public static Map<String, Object> toDocument(Order order) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("account", order.account());
        m.put("orderId", order.orderId());
        m.put("status", order.status());
        m.put("creationDate", order.creationDate());
        m.put("currency", order.currency());
        m.put("items", order.items().stream().map(OrderJson::itemDocument).toList());
        m.put("totals", totalsDocument(order.totals()));
        List<Object> payments = new ArrayList<>();
        for (Payment p : order.payments()) {
            Map<String, Object> pm = new LinkedHashMap<>();
            pm.put("transactionId", p.transactionId());
            pm.put("paymentId", p.paymentId());
            pm.put("paymentSystemName", p.paymentSystemName());
            pm.put("value", p.value());
            payments.add(pm);
        }
        m.put("payments", payments);
        m.put("customerEmail", order.customerEmail());
        List<Object> invoices = new ArrayList<>();
        for (Invoice invoice : order.invoices()) {
            Map<String, Object> im = invoiceView(invoice);
            im.put("receipt", invoice.receipt());
            im.put("requestFingerprint", invoice.requestFingerprint());
            im.put("recordedAt", invoice.recordedAt().toString());
            invoices.add(im);
        }
        m.put("invoices", invoices);
        List<Object> returns = new ArrayList<>();
        for (OrderReturn r : order.returns()) {
            Map<String, Object> rm = returnView(order, r);
            rm.put("dueAt", r.dueAt() == null ? null : r.dueAt().toString());
            returns.add(rm);
        }
        m.put("returns", returns);
        Map<String, Object> keys = new LinkedHashMap<>();
        order.idempotencyKeys().forEach((key, rec) -> {
            Map<String, Object> km = new LinkedHashMap<>();
            km.put("requestFingerprint", rec.requestFingerprint());
            km.put("returnId", rec.returnId());
            km.put("at", rec.at().toString());
            keys.put(key, km);
        });
        m.put("idempotencyKeys", keys);
        m.put("importedAt", order.importedAt().toString());
        m.put("updatedAt", order.updatedAt().toString());
        return m;
    }

    /** Rebuilds the aggregate from its stored document, at the stored {@code version}. */
    public static Order fromDocument(Map<String, Object> m, long version) {
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
        List<Invoice> invoices = new ArrayList<>();
        for (Map<String, Object> im : maps(m.get("invoices"))) {
            invoices.add(new Invoice(InvoiceType.fromWire(str(im.get("type"))), str(im.get("invoiceNumber")),
                    str(im.get("issuanceDate")), num(im.get("invoiceValue")), lines(im.get("items")),
                    str(im.get("receipt")), str(im.get("returnId")), str(im.get("requestFingerprint")),
                    Instant.parse(str(im.get("recordedAt")))));
        }
        List<OrderReturn> returns = new ArrayList<>();
        for (Map<String, Object> rm : maps(m.get("returns"))) {
            returns.add(returnFromDocument(rm));
        }
        Map<String, IdempotencyRecord> keys = new LinkedHashMap<>();
        map(m.get("idempotencyKeys")).forEach((key, value) -> {
            Map<String, Object> km = map(value);
            keys.put(key, new IdempotencyRecord(str(km.get("requestFingerprint")), str(km.get("returnId")),
                    Instant.parse(str(km.get("at")))));
        });
        return new Order(str(m.get("account")), str(m.get("orderId")), str(m.get("status")),
                str(m.get("creationDate")), str(m.get("currency")), items, totals, payments,
                str(m.get("customerEmail")), invoices, returns, keys, Instant.parse(str(m.get("importedAt"))),
                Instant.parse(str(m.get("updatedAt"))), version);
    }

    private static OrderReturn returnFromDocument(Map<String, Object> rm) {
        List<ReturnLine> lines = new ArrayList<>();
        for (Map<String, Object> l : maps(rm.get("items"))) {
            lines.add(new ReturnLine(integer(l.get("itemIndex")), str(l.get("id")), num(l.get("quantity")),
                    num(l.get("unitPrice"))));
        }
        Map<String, Object> refund = map(rm.get("refund"));
        RefundPlan plan = new RefundPlan(str(refund.get("currency")), num(refund.get("itemsValue")),
                num(refund.get("additionalValue")), num(refund.get("chargeback")), num(refund.get("giftCard")));
        List<RefundPart> parts = new ArrayList<>();
        for (Map<String, Object> p : maps(refund.get("parts"))) {
            parts.add(new RefundPart(RefundPartKind.fromWire(str(p.get("kind"))), num(p.get("amount")),
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

    private static Map<String, Object> itemDocument(OrderItem item) {
        Map<String, Object> i = new LinkedHashMap<>();
        i.put("index", item.index());
        i.put("uniqueId", item.uniqueId());
        i.put("id", item.skuId());
        i.put("name", item.name());
        i.put("quantity", item.quantity());
        i.put("price", item.price());
        i.put("sellingPrice", item.sellingPrice());
        return i;
    }

    private static Map<String, Object> totalsDocument(OrderTotals totals) {
        Map<String, Object> t = new LinkedHashMap<>();
        t.put("items", totals.items());
        t.put("shipping", totals.shipping());
        t.put("discounts", totals.discounts());
        t.put("tax", totals.tax());
        return t;
    }

    private static Map<String, Object> lineDocument(InvoiceLine line) {
        Map<String, Object> l = new LinkedHashMap<>();
        l.put("itemIndex", line.itemIndex());
        l.put("id", line.skuId());
        l.put("quantity", line.quantity());
        l.put("unitPrice", line.unitPrice());
        return l;
    }

    private static List<InvoiceLine> lines(Object value) {
        List<InvoiceLine> lines = new ArrayList<>();
        for (Map<String, Object> l : maps(value)) {
            lines.add(new InvoiceLine(integer(l.get("itemIndex")), str(l.get("id")), num(l.get("quantity")),
                    num(l.get("unitPrice"))));
        }
        return lines;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        return value == null ? Map.of() : (Map<String, Object>) value;
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> maps(Object value) {
        return value == null ? List.of() : (List<Map<String, Object>>) value;
    }

    private static String str(Object value) {
        return value == null ? null : value.toString();
    }

    private static long num(Object value) {
        return ((Number) value).longValue();
    }

    private static int integer(Object value) {
        return ((Number) value).intValue();
    }
}
