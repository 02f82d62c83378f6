package dev.orderreturns.functions.body;

import dev.orderreturns.domain.ReturnRequest;
import dev.orderreturns.domain.rules.ReturnRules;
import dev.orderreturns.functions.http.JsonBody;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code POST /orders/{orderId}/returns}: the operator form
 * {@code {items[{itemIndex, quantity}], additionalValue, referredTo, entranceInvoiceNumber, reason}}.
 * Type errors and the rules that need no order are reported together, so a form shows every
 * problem at once.
 */
public final class ReturnRequestBody {

    private ReturnRequestBody() {
    }

    public static ReturnRequest parse(Map<String, Object> body) {
        JsonBody in = new JsonBody();
        List<ReturnRequest.Units> units = new ArrayList<>();
        for (JsonBody.Element item : in.objects(body, "items", "items", false)) {
            long index = in.wholeNumber(item.object(), "itemIndex", item.path() + ".itemIndex", true, 0);
            long quantity = in.wholeNumber(item.object(), "quantity", item.path() + ".quantity", true, 0);
            units.add(new ReturnRequest.Units(index, quantity));
        }
        long additionalValue = in.wholeNumber(body, "additionalValue", "additionalValue", false, 0);
        String referredTo = in.string(body, "referredTo", "referredTo", false);
        String invoiceNumber = in.string(body, "entranceInvoiceNumber", "entranceInvoiceNumber", false);
        String reason = in.string(body, "reason", "reason", false);
        ReturnRequest request = new ReturnRequest(units, additionalValue, referredTo, invoiceNumber, reason);
        ReturnRules.problemsOf(request).forEach(problem -> in.problem(problem.field(), problem.message()));
        in.refuseIfProblems();
        return request;
    }
}
