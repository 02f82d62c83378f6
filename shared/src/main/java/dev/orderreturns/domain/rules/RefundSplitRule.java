package dev.orderreturns.domain.rules;

import dev.orderreturns.domain.Money;
import dev.orderreturns.domain.RefundPlan;

/**
 * R6: the items' value always goes back as chargeback; the additional (shipping) value all as
 * chargeback when it equals the order's whole shipping total, otherwise half as chargeback and half
 * as a gift card, the odd cent to the chargeback (shipping 20.00, additional value 12.00: 6.00 + 6.00).
 */
public final class RefundSplitRule {

    private RefundSplitRule() {
    }

    public static RefundPlan split(Money itemsValue, Money additionalValue, Money shippingTotal) {
        Money giftCard = additionalValue.equals(shippingTotal) ? Money.zero(additionalValue.currency())
                : additionalValue.half();
        Money chargeback = itemsValue.plus(additionalValue.minus(giftCard));
        return new RefundPlan(itemsValue, additionalValue, chargeback, giftCard);
    }
}
