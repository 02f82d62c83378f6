package dev.orderreturns.local.sandbox;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * What the sandbox providers executed, once per requestId, as real idempotent providers keep it:
 * a repeated requestId answers the first result and changes nothing. Thread-safe, since
 * concurrent deliveries of one job call the providers at the same time.
 */
public final class SandboxLedger {

    public record Refund(String requestId, String paymentId, BigDecimal value, String refundId) {
    }

    public record GiftCardCredit(String requestId, String cardId, BigDecimal value, String transactionId) {
    }

    private final Map<String, Refund> refunds = new LinkedHashMap<>();
    private final Map<String, GiftCardCredit> credits = new LinkedHashMap<>();
    private final Map<String, String> cardsByRequest = new LinkedHashMap<>();
    private final Map<String, BigDecimal> balances = new LinkedHashMap<>();

    public synchronized Refund refund(String requestId, String paymentId, BigDecimal value) {
        return refunds.computeIfAbsent(requestId,
                id -> new Refund(id, paymentId, value, "rf-" + UUID.randomUUID().toString().substring(0, 12)));
    }

    public synchronized String createCard(String requestId) {
        String cardId = cardsByRequest.computeIfAbsent(requestId,
                id -> "gc-" + UUID.randomUUID().toString().substring(0, 12));
        balances.putIfAbsent(cardId, BigDecimal.ZERO);
        return cardId;
    }

    public synchronized boolean hasCard(String cardId) {
        return balances.containsKey(cardId);
    }

    public synchronized GiftCardCredit credit(String requestId, String cardId, BigDecimal value) {
        GiftCardCredit earlier = credits.get(requestId);
        if (earlier != null) {
            return earlier;
        }
        GiftCardCredit credit = new GiftCardCredit(requestId, cardId, value,
                "tx-" + UUID.randomUUID().toString().substring(0, 12));
        credits.put(requestId, credit);
        balances.merge(cardId, value, BigDecimal::add);
        return credit;
    }

    public synchronized List<Refund> refunds() {
        return new ArrayList<>(refunds.values());
    }

    public synchronized List<GiftCardCredit> credits() {
        return new ArrayList<>(credits.values());
    }

    /** The ledger as {@code GET /_local/ledger} answers it (DESIGN.md section 5). */
    public synchronized Map<String, Object> toJson() {
        List<Object> r = new ArrayList<>();
        for (Refund refund : refunds.values()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("requestId", refund.requestId());
            m.put("paymentId", refund.paymentId());
            m.put("value", refund.value());
            m.put("refundId", refund.refundId());
            r.add(m);
        }
        List<Object> c = new ArrayList<>();
        for (GiftCardCredit credit : credits.values()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("requestId", credit.requestId());
            m.put("cardId", credit.cardId());
            m.put("value", credit.value());
            c.add(m);
        }
        Map<String, Object> ledger = new LinkedHashMap<>();
        ledger.put("refunds", r);
        ledger.put("giftCardCredits", c);
        return ledger;
    }
}
