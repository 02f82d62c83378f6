package dev.orderreturns.domain.rules;

import dev.orderreturns.domain.Order;
import dev.orderreturns.domain.RefundPlan;
import dev.orderreturns.domain.Refusal;
import dev.orderreturns.domain.ReturnRequest;

/** R7: the sum refunded over all of an order's returns never exceeds what its sale invoices charged. */
public final class RefundCapRule {

    private RefundCapRule() {
    }

    /** Refuses (422) a plan above what is left to refund, naming the value that tipped it over. */
    public static void requireWithinInvoiced(RefundPlan plan, ReturnRequest request, Order order) {
        long invoiced = order.invoices().invoicedValue();
        long left = invoiced - order.returns().refundedValue();
        if (plan.total().minorUnits() > left) {
            String field = request.additionalValue() > 0 ? request.fields().additionalValue() : request.fields().items();
            throw Refusal.refundExceedsInvoiced(field, invoiced, left);
        }
    }
}
