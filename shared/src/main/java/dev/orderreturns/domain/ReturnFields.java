package dev.orderreturns.domain;

import java.util.ArrayList;
import java.util.List;

/**
 * Where each value of a {@link ReturnRequest} came from in the caller's request, so every rule
 * names the caller's own fields when it refuses: the operator form says {@code items[0].quantity}
 * and {@code entranceInvoiceNumber}, the platform's Input invoice says {@code items[2].quantity}
 * (the SKU line the units came from) and {@code invoiceNumber}. {@code referredTo} is null when the
 * caller has no such field.
 */
public record ReturnFields(String entranceInvoiceNumber, String additionalValue, String reason, String referredTo,
                           String items, List<String> lineItems, List<String> lineQuantities) {

    public ReturnFields {
        lineItems = List.copyOf(lineItems);
        lineQuantities = List.copyOf(lineQuantities);
    }

    /** The operator form ({@code POST /orders/{orderId}/returns}) with {@code lines} item lines. */
    public static ReturnFields form(int lines) {
        List<String> items = new ArrayList<>();
        List<String> quantities = new ArrayList<>();
        for (int i = 0; i < lines; i++) {
            items.add("items[" + i + "].itemIndex");
            quantities.add("items[" + i + "].quantity");
        }
        return new ReturnFields("entranceInvoiceNumber", "additionalValue", "reason", "referredTo", "items", items,
                quantities);
    }

    public String lineItem(int line) {
        return lineItems.get(line);
    }

    public String lineQuantity(int line) {
        return lineQuantities.get(line);
    }
}
