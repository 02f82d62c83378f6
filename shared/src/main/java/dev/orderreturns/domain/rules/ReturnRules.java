package dev.orderreturns.domain.rules;

import dev.orderreturns.domain.FieldError;
import dev.orderreturns.domain.Money;
import dev.orderreturns.domain.Order;
import dev.orderreturns.domain.RefundPart;
import dev.orderreturns.domain.RefundPlan;
import dev.orderreturns.domain.Refusal;
import dev.orderreturns.domain.ReturnLine;
import dev.orderreturns.domain.ReturnRequest;

import java.util.ArrayList;
import java.util.List;

/**
 * Every rule of DESIGN.md section 1 a return must pass, composed here and nowhere else, in the order
 * they are checked: first what the request says in itself (all problems at once, so a form can show
 * them together), then what the order allows, then how the refund is paid back. R8 (never lost, never paid twice) and R9 (history)
 * are kept by the desk, the refunder and {@link dev.orderreturns.domain.OrderReturn}.
 */
public final class ReturnRules {

    /** A return that passed every rule: its priced lines, its refund plan and the parts it is paid in. */
    public record Accepted(List<ReturnLine> lines, RefundPlan plan, List<RefundPart> parts) {
    }

    private ReturnRules() {
    }

    /** Problems of the request in itself (R2, R5, R3, R4); empty when it is well formed. */
    public static List<FieldError> problemsOf(ReturnRequest request) {
        List<FieldError> problems = new ArrayList<>(LineQuantitiesRule.problems(request));
        problems.addAll(ShippingCapRule.problems(request));
        problems.addAll(LineQuantitiesRule.emptinessProblems(request));
        problems.addAll(EntranceInvoiceNumberRule.problems(request.entranceInvoiceNumber(),
                request.fields().entranceInvoiceNumber()));
        problems.addAll(ReasonAndReferredToRule.problems(request));
        return problems;
    }

    /** Checks the request against the order; refuses (400, 409, 422) or answers what to record. */
    public static Accepted check(String returnId, ReturnRequest request, Order order) {
        List<FieldError> problems = problemsOf(request);
        if (!problems.isEmpty()) {
            throw Refusal.invalid(problems);
        }
        EntranceInvoiceNumberRule.requireUnused(order.invoices(), request.entranceInvoiceNumber(),
                request.fields().entranceInvoiceNumber());
        try {
            List<ReturnLine> lines = ReturnableUnitsRule.priceLines(request, order);
            ShippingCapRule.requireWithinShipping(request, order);
            String currency = order.currency();
            long itemsValue = 0;
            for (ReturnLine line : lines) {
                itemsValue = Math.addExact(itemsValue, line.value());
            }
            RefundPlan plan = RefundSplitRule.split(Money.of(itemsValue, currency),
                    Money.of(request.additionalValue(), currency), Money.of(order.totals().shipping(), currency));
            RefundCapRule.requireWithinInvoiced(plan, request, order);
            return new Accepted(lines, plan, ChargebackToPaymentsRule.parts(returnId, plan, order));
        } catch (ArithmeticException overflow) {
            throw Refusal.amountOutOfRange(request.fields().items(), "return");
        }
    }
}
