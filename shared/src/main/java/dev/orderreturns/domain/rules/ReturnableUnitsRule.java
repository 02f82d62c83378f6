package dev.orderreturns.domain.rules;

import dev.orderreturns.domain.FieldError;
import dev.orderreturns.domain.Invoices;
import dev.orderreturns.domain.Order;
import dev.orderreturns.domain.Refusal;
import dev.orderreturns.domain.ReturnLine;
import dev.orderreturns.domain.ReturnRequest;

import java.util.ArrayList;
import java.util.List;

/**
 * R1: only invoiced items can be returned, and no more units of an item than its sale invoices list
 * less the units of earlier returns. R6's pricing: returned units are the oldest units not yet
 * returned, each at the unit price of the sale invoice line that billed it, so the refunds of an
 * item always add up to what its invoices billed for those units. A returned item billed at two
 * prices becomes one line per price.
 */
public final class ReturnableUnitsRule {

    private ReturnableUnitsRule() {
    }

    /** The priced lines of the request, or a refusal (422) naming every line that cannot be returned. */
    public static List<ReturnLine> priceLines(ReturnRequest request, Order order) {
        List<FieldError> refused = new ArrayList<>();
        List<ReturnLine> lines = new ArrayList<>();
        String type = "units-exceed-returnable";
        for (int i = 0; i < request.items().size(); i++) {
            ReturnRequest.Units units = request.items().get(i);
            if (units.itemIndex() >= order.items().size()) {
                refused.add(new FieldError(request.fields().lineItem(i), "the order has no item " + units.itemIndex()));
                type = "unknown-item";
                continue;
            }
            int index = (int) units.itemIndex();
            if (order.invoices().invoicedUnits(index) == 0) {
                refused.add(new FieldError(request.fields().lineItem(i), "item " + index + " was never invoiced"));
                type = "item-not-invoiced";
                continue;
            }
            long returnable = order.returnableUnits(index);
            if (units.quantity() > returnable) {
                refused.add(new FieldError(request.fields().lineQuantity(i), "only " + returnable + " unit"
                        + (returnable == 1 ? "" : "s") + " of item " + index + " can be returned"));
                continue;
            }
            String sku = order.items().get(index).skuId();
            for (Invoices.PricedUnits priced : order.invoices().priceUnits(index,
                    order.returns().returnedUnits(index), units.quantity())) {
                lines.add(new ReturnLine(index, sku, priced.quantity(), priced.unitPrice()));
            }
        }
        if (!refused.isEmpty()) {
            throw switch (type) {
                case "unknown-item" -> Refusal.unknownItem(refused);
                case "item-not-invoiced" -> Refusal.itemNotInvoiced(refused);
                default -> Refusal.unitsExceedReturnable(refused);
            };
        }
        return lines;
    }
}
