package dev.orderreturns.domain.rules;

import dev.orderreturns.domain.Money;
import dev.orderreturns.domain.Order;
import dev.orderreturns.domain.Payment;
import dev.orderreturns.domain.RefundPart;
import dev.orderreturns.domain.RefundPlan;

import java.util.ArrayList;
import java.util.List;

/**
 * R7: the chargeback is spread over the order's payments in the order they are listed, each
 * payment taking at most its value less what the chargebacks of all returns already take from it;
 * one refund part per payment touched. Money no payment has room for becomes a part without a
 * payment, which a person must refund. The gift card, if any, is the last part.
 */
public final class ChargebackToPaymentsRule {

    private ChargebackToPaymentsRule() {
    }

    public static List<RefundPart> parts(String returnId, RefundPlan plan, Order order) {
        List<RefundPart> parts = new ArrayList<>();
        String currency = plan.currency();
        Money left = plan.chargeback();
        for (Payment payment : order.payments()) {
            if (!left.isPositive()) {
                break;
            }
            long room = payment.value() - order.returns().chargedBackTo(payment.paymentId());
            Money taken = left.min(Money.of(Math.max(room, 0), currency));
            if (taken.isPositive()) {
                parts.add(RefundPart.chargeback(returnId, payment.paymentId(), taken));
                left = left.minus(taken);
            }
        }
        if (left.isPositive()) {
            parts.add(RefundPart.unassignedChargeback(returnId, left));
        }
        if (plan.giftCard().isPositive()) {
            parts.add(RefundPart.giftCard(returnId, plan.giftCard()));
        }
        return parts;
    }
}
