package dev.orderreturns.domain;

/**
 * How a return's money goes back, as {@link dev.orderreturns.domain.rules.RefundSplitRule} (R6)
 * works it out: the items' value and the additional (shipping) value, and how their sum splits into
 * chargeback and gift card. Every cent of {@code total} is in exactly one of the two.
 */
public record RefundPlan(Money itemsValue, Money additionalValue, Money chargeback, Money giftCard) {

    public RefundPlan {
        if (itemsValue.minorUnits() < 0 || additionalValue.minorUnits() < 0 || chargeback.minorUnits() < 0
                || giftCard.minorUnits() < 0) {
            throw new IllegalArgumentException("refund amounts cannot be negative");
        }
        if (!itemsValue.plus(additionalValue).equals(chargeback.plus(giftCard))) {
            throw new IllegalArgumentException("refund parts do not add up to its total");
        }
    }

    /** The same plan from minor units of one currency. */
    public static RefundPlan of(String currency, long itemsValue, long additionalValue, long chargeback,
                                long giftCard) {
        return new RefundPlan(Money.of(itemsValue, currency), Money.of(additionalValue, currency),
                Money.of(chargeback, currency), Money.of(giftCard, currency));
    }

    public String currency() {
        return itemsValue.currency();
    }

    public Money total() {
        return itemsValue.plus(additionalValue);
    }
}
