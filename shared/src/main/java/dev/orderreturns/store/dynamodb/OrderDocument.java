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
import dev.orderreturns.domain.RefundRetry;
import dev.orderreturns.domain.RefundStatus;
import dev.orderreturns.domain.ReturnEvent;
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
 * layout a document has, and every layout ever written still reads:
 * <ul>
 *   <li>0 (no {@code schemaVersion}): the API's return view plus system fields; view-only members
 *       are ignored.</li>
 *   <li>1: the same members, without the view-only ones.</li>
 *   <li>2: refund parts per payment ({@code partId}, {@code paymentId}), and a return's retry
 *       budget ({@code lastError}, {@code retrySince}). Parts of earlier layouts keep their
 *       requestIds: a chargeback becomes part {@code chargeback} on the order's first payment, which
 *       is where the code that wrote them refunded, so a refund in flight across a deploy never pays
 *       twice.</li>
 *   <li>3: parts refunded by hand ({@code manual}), and each return's outbox of status changes not
 *       yet published. Code that reads only up to 2 refuses it rather than drop them.</li>
 *   <li>4: a part's {@code refusal}, the provider's reason a person must refund it. Code that reads
 *       only up to 3 refuses it rather than drop the reason on its next write.</li>
 * </ul>
 */
final class OrderDocument {

    static final int SCHEMA_VERSION = 4;

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
        refund.put("parts", r.parts().stream().map(OrderDocument::writePart).toList());
        m.put("refund", refund);
        m.put("createdAt", r.createdAt().toString());
        m.put("attempts", r.retry().attempts());
        m.put("lastError", r.retry().lastError());
        m.put("dueAt", r.retry().dueAt() == null ? null : r.retry().dueAt().toString());
        m.put("retrySince", r.retry().since().toString());
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
        List<Object> outbox = new ArrayList<>();
        for (ReturnEvent event : r.outbox()) {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("eventId", event.eventId());
            e.put("kind", event.kind().name());
            e.put("status", event.status().name());
            e.put("at", event.at().toString());
            e.put("parts", event.parts().stream().map(OrderDocument::writePart).toList());
            outbox.add(e);
        }
        m.put("outbox", outbox);
        return m;
    }

    private static Map<String, Object> writePart(RefundPart part) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("partId", part.partId());
        p.put("kind", part.kind().wireName());
        p.put("paymentId", part.paymentId());
        p.put("amount", part.amount().minorUnits());
        p.put("status", part.status().name());
        p.put("requestId", part.requestId());
        p.put("providerReference", part.providerReference());
        p.put("giftCardId", part.giftCardId());
        if (part.refusal() != null) {
            p.put("refusal", part.refusal());
        }
        if (part.manual()) {
            p.put("manual", true);
        }
        return p;
    }

    private static Map<String, Object> line(int itemIndex, String skuId, long quantity, long unitPrice) {
        Map<String, Object> l = new LinkedHashMap<>();
        l.put("itemIndex", itemIndex);
        l.put("id", skuId);
        l.put("quantity", quantity);
        l.put("unitPrice", unitPrice);
        return l;
    }
}
