package dev.orderreturns.domain.rules;

import dev.orderreturns.domain.FieldError;
import dev.orderreturns.domain.Order;
import dev.orderreturns.domain.Refusal;
import dev.orderreturns.domain.ReturnRequest;

import java.util.List;

/**
 * R5: the additional value is integer cents of at least 0, and the additional values of all the
 * order's returns never exceed its shipping total.
 */
public final class ShippingCapRule {

    private ShippingCapRule() {
    }

    public static List<FieldError> problems(ReturnRequest request) {
        if (request.additionalValue() < 0) {
            return List.of(new FieldError(request.fields().additionalValue(), "must be 0 or more cents"));
        }
        return List.of();
    }

    /** Refuses (422) an additional value above what is left of the shipping total. */
    public static void requireWithinShipping(ReturnRequest request, Order order) {
        long shipping = order.totals().shipping();
        long left = shipping - order.returns().additionalValueReturned();
        if (request.additionalValue() > left) {
            throw Refusal.additionalValueExceedsShipping(request.fields().additionalValue(), shipping, left);
        }
    }
}
