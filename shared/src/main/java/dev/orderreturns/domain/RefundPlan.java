package dev.orderreturns.domain;

/**
 * How a return's money goes back (rule R6): the items' value always as chargeback; the additional
 * (shipping) value all as chargeback when it equals the order's whole shipping total, otherwise half
 * as chargeback and half as gift card, the odd cent to the chargeback. Every cent of {@code total}
 * is in exactly one of {@code chargeback} and {@code giftCard}.
 */
public record RefundPlan(String currency, long itemsValue, long additionalValue, long chargeback, long giftCard) {

    public RefundPlan {
        if (itemsValue < 0 || additionalValue < 0 || chargeback < 0 || giftCard < 0) {
            throw new IllegalArgumentException("refund amounts cannot be negative");
        }
        if (Math.addExact(itemsValue, additionalValue) != Math.addExact(chargeback, giftCard)) {
            throw new IllegalArgumentException("refund parts do not add up to its total");
        }
    }

    public static RefundPlan of(String currency, long itemsValue, long additionalValue, long shippingTotal) {
        long giftCard;
        long additionalChargeback;
        if (additionalValue == shippingTotal) {
            giftCard = 0;
            additionalChargeback = additionalValue;
        } else {
            giftCard = Math.floorDiv(additionalValue, 2);
            additionalChargeback = additionalValue - giftCard;
        }
        return new RefundPlan(currency, itemsValue, additionalValue,
                Math.addExact(itemsValue, additionalChargeback), giftCard);
    }

    public long total() {
        return itemsValue + additionalValue;
    }

    public Money chargebackMoney() {
        return Money.of(chargeback, currency);
    }

    public Money giftCardMoney() {
        return Money.of(giftCard, currency);
    }
}
