package dev.orderreturns.functions.body;

import dev.orderreturns.domain.ReturnRequest;
import dev.orderreturns.functions.http.JsonBody;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code POST /orders/{orderId}/returns}: the operator form
 * {@code {items[{itemIndex, quantity}], additionalValue, referredTo, entranceInvoiceNumber, reason}}.
 * Only JSON types are checked here; the returns rules check the values.
 */
public final class ReturnRequestBody {

    private ReturnRequestBody() {
    }

    public static ReturnRequest parse(Map<String, Object> body) {
        JsonBody in = new JsonBody();
        List<ReturnRequest.Units> units = new ArrayList<>();
        List<Object> items = in.list(body, "items", "items", false);
        if (items != null) {
            for (int i = 0; i < items.size(); i++) {
                String path = "items[" + i + "]";
                Map<String, Object> item = in.asObject(items.get(i), path);
                if (item == null) continue;
                long index = in.wholeNumber(item, "itemIndex", path + ".itemIndex", true, 0);
                long quantity = in.wholeNumber(item, "quantity", path + ".quantity", true, 0);
                units.add(new ReturnRequest.Units(index, quantity));
            }
        }
        long additionalValue = in.wholeNumber(body, "additionalValue", "additionalValue", false, 0);
        String referredTo = in.string(body, "referredTo", "referredTo", false);
        String invoiceNumber = in.string(body, "entranceInvoiceNumber", "entranceInvoiceNumber", false);
        String reason = in.string(body, "reason", "reason", false);
        ReturnRequest request = new ReturnRequest(units, additionalValue, referredTo, invoiceNumber, reason);
        // Report type errors and rule errors together, so a form shows every problem at once.
        for (var problem : request.problems()) {
            in.problem(problem.field(), problem.message());
        }
        in.refuseIfProblems();
        return request;
    }
}
