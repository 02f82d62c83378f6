package dev.orderreturns.functions.view;

import dev.orderreturns.domain.HistoryEntry;
import dev.orderreturns.domain.Order;
import dev.orderreturns.domain.OrderReturn;
import dev.orderreturns.domain.RefundPart;
import dev.orderreturns.domain.RefundPartKind;
import dev.orderreturns.domain.RefundPlan;
import dev.orderreturns.domain.ReturnLine;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A return as the API shows it (DESIGN.md section 3): amounts in cents of the refund's currency. */
public final class ReturnView {

    private ReturnView() {
    }

    public static Map<String, Object> of(Order order, OrderReturn r) {
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
            item.put("name", OrderView.itemName(order, line.itemIndex()));
            item.put("quantity", line.quantity());
            item.put("unitPrice", line.unitPrice());
            items.add(item);
        }
        m.put("items", items);
        m.put("refund", refund(r));
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

    private static Map<String, Object> refund(OrderReturn r) {
        RefundPlan plan = r.plan();
        Map<String, Object> refund = new LinkedHashMap<>();
        refund.put("currency", plan.currency());
        refund.put("itemsValue", plan.itemsValue().minorUnits());
        refund.put("additionalValue", plan.additionalValue().minorUnits());
        refund.put("chargeback", plan.chargeback().minorUnits());
        refund.put("giftCard", plan.giftCard().minorUnits());
        refund.put("total", plan.total().minorUnits());
        List<Object> parts = new ArrayList<>();
        for (RefundPart part : r.parts()) {
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("partId", part.partId());
            p.put("kind", part.kind().wireName());
            if (part.kind() == RefundPartKind.CHARGEBACK) {
                p.put("paymentId", part.paymentId());
            }
            p.put("amount", part.amount().minorUnits());
            p.put("status", part.status().name());
            p.put("requestId", part.requestId());
            p.put("providerReference", part.providerReference());
            if (part.giftCardId() != null) {
                p.put("giftCardId", part.giftCardId());
            }
            if (part.refusal() != null) {
                p.put("refusal", part.refusal()); // why a person must refund it (kept once it is)
            }
            if (part.manual()) {
                p.put("refundedByHand", true); // providerReference is then the operator's reference
            }
            parts.add(p);
        }
        refund.put("parts", parts);
        return refund;
    }
}
