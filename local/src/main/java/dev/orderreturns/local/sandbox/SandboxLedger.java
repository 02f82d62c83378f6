package dev.orderreturns.local.sandbox;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * What the sandbox providers executed, keyed as the real providers deduplicate, no kinder:
 * refunds once per requestId; gift cards once per relationName; credits once per card AND
 * requestId, so the same requestId on a second card is a second credit, and a refund that made
 * a second card shows here as money paid twice. Thread-safe, since concurrent deliveries of one
 * job call the providers at the same time.
 */
public final class SandboxLedger {

    public record Refund(String requestId, String paymentId, BigDecimal value, String refundId) {
    }

    public record GiftCard(String cardId, String relationName) {
    }

    public record GiftCardCredit(String requestId, String cardId, BigDecimal value, String transactionId) {
    }

    private record CreditKey(String cardId, String requestId) {
    }

    private final Map<String, Refund> refunds = new LinkedHashMap<>();
    private final Map<String, GiftCard> cards = new LinkedHashMap<>();
    private final Map<String, GiftCard> cardsByRelation = new HashMap<>();
    private final Map<String, BigDecimal> balances = new HashMap<>();
    private final Map<CreditKey, GiftCardCredit> credits = new LinkedHashMap<>();

    /** The refund for this requestId: the first one made with it, or a new one. */
    public synchronized Refund refund(String requestId, String paymentId, BigDecimal value) {
        return refunds.computeIfAbsent(requestId, id -> new Refund(id, paymentId, value, newId("rf-")));
    }

    public synchronized Optional<Refund> refundFor(String requestId) {
        return Optional.ofNullable(refunds.get(requestId));
    }

    /** The card with this relationName: the one already made with it, or a new one (balance 0). */
    public synchronized GiftCard createCard(String relationName) {
        return cardsByRelation.computeIfAbsent(relationName, name -> {
            GiftCard card = new GiftCard(newId("gc-"), name);
            cards.put(card.cardId(), card);
            balances.put(card.cardId(), BigDecimal.ZERO);
            return card;
        });
    }

    public synchronized Optional<GiftCard> cardByRelation(String relationName) {
        return Optional.ofNullable(cardsByRelation.get(relationName));
    }

    public synchronized Optional<GiftCard> card(String cardId) {
        return Optional.ofNullable(cards.get(cardId));
    }

    public synchronized BigDecimal balance(String cardId) {
        return balances.get(cardId);
    }

    /**
     * The credit of this card with this requestId: the first one, or a new one that adds to the
     * card's balance.
     *
     * @throws IllegalArgumentException for an unknown card
     */
    public synchronized GiftCardCredit credit(String cardId, String requestId, BigDecimal value) {
        if (!cards.containsKey(cardId)) {
            throw new IllegalArgumentException("no gift card " + cardId);
        }
        return credits.computeIfAbsent(new CreditKey(cardId, requestId), key -> {
            balances.merge(cardId, value, BigDecimal::add);
            return new GiftCardCredit(requestId, cardId, value, newId("tx-"));
        });
    }

    public synchronized Optional<GiftCardCredit> creditFor(String cardId, String requestId) {
        return Optional.ofNullable(credits.get(new CreditKey(cardId, requestId)));
    }

    public synchronized List<Refund> refunds() {
        return new ArrayList<>(refunds.values());
    }

    public synchronized List<GiftCard> giftCards() {
        return new ArrayList<>(cards.values());
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
        List<Object> g = new ArrayList<>();
        for (GiftCard card : cards.values()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("cardId", card.cardId());
            m.put("relationName", card.relationName());
            g.add(m);
        }
        Map<String, Object> ledger = new LinkedHashMap<>();
        ledger.put("refunds", r);
        ledger.put("giftCardCredits", c);
        ledger.put("giftCards", g);
        return ledger;
    }

    private static String newId(String prefix) {
        return prefix + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    }
}
