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
import dev.orderreturns.domain.ReturnEventKind;
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

/** Rebuilds the order aggregate from a stored document of any schema version ({@link OrderDocument}). */
final class OrderDocumentReader {

    private OrderDocumentReader() {
    }

    /** Rebuilds the aggregate from a stored document of any schema version, at the stored {@code version}. */
    static Order read(Map<String, Object> m, long version) {
        int schema = m.get("schemaVersion") == null ? 0 : integer(m.get("schemaVersion"));
        if (schema > OrderDocument.SCHEMA_VERSION) {
            throw new IllegalStateException("order " + m.get("orderId") + " has schema version " + schema
                    + ", newer than this code reads (" + OrderDocument.SCHEMA_VERSION + ")");
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
        String firstPayment = payments.isEmpty() ? null : payments.getFirst().paymentId();
        List<OrderReturn> returns = new ArrayList<>();
        for (Map<String, Object> rm : maps(m.get("returns"))) {
            returns.add(readReturn(rm, schema, firstPayment));
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

    private static OrderReturn readReturn(Map<String, Object> rm, int schema, String firstPayment) {
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
            parts.add(readPart(p, currency, schema, firstPayment));
        }
        List<HistoryEntry> history = new ArrayList<>();
        for (Map<String, Object> h : maps(rm.get("history"))) {
            history.add(new HistoryEntry(Instant.parse(str(h.get("at"))), RefundStatus.valueOf(str(h.get("status"))),
                    str(h.get("actor")), str(h.get("note"))));
        }
        String due = str(rm.get("dueAt"));
        Instant createdAt = Instant.parse(str(rm.get("createdAt")));
        String since = str(rm.get("retrySince"));
        RefundRetry retry = new RefundRetry(rm.get("attempts") == null ? 0 : integer(rm.get("attempts")),
                str(rm.get("lastError")), due == null ? null : Instant.parse(due),
                since == null ? createdAt : Instant.parse(since));
        List<ReturnEvent> outbox = new ArrayList<>();
        for (Map<String, Object> e : maps(rm.get("outbox"))) {
            List<RefundPart> then = new ArrayList<>();
            for (Map<String, Object> p : maps(e.get("parts"))) {
                then.add(readPart(p, currency, schema, firstPayment));
            }
            outbox.add(new ReturnEvent(str(e.get("eventId")), ReturnEventKind.valueOf(str(e.get("kind"))),
                    str(rm.get("returnId")), RefundStatus.valueOf(str(e.get("status"))), Instant.parse(str(e.get("at"))),
                    then));
        }
        return new OrderReturn(str(rm.get("returnId")), str(rm.get("entranceInvoiceNumber")), str(rm.get("reason")),
                str(rm.get("referredTo")), lines, plan, parts, RefundStatus.valueOf(str(rm.get("status"))), createdAt,
                history, retry, outbox);
    }

    private static RefundPart readPart(Map<String, Object> p, String currency, int schema, String firstPayment) {
        RefundPartKind kind = RefundPartKind.fromWire(str(p.get("kind")));
        boolean chargeback = kind == RefundPartKind.CHARGEBACK;
        String partId = schema >= 2 ? str(p.get("partId"))
                : chargeback ? RefundPart.UNASSIGNED_CHARGEBACK_PART : RefundPart.GIFT_CARD_PART;
        String paymentId = schema >= 2 ? str(p.get("paymentId")) : chargeback ? firstPayment : null;
        return new RefundPart(partId, kind, paymentId, Money.of(num(p.get("amount")), currency),
                RefundStatus.valueOf(str(p.get("status"))), str(p.get("requestId")), str(p.get("providerReference")),
                str(p.get("giftCardId")), Boolean.TRUE.equals(p.get("manual")), str(p.get("refusal")));
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
