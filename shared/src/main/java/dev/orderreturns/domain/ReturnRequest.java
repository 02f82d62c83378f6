package dev.orderreturns.domain;

import java.util.List;

/**
 * What the operator (or the store's systems) asks to return: units of invoiced items, an optional
 * additional (shipping) value, the entrance invoice number and the reason; {@code fields} says
 * what the caller calls each of them. The rules it must pass are in
 * {@link dev.orderreturns.domain.rules.ReturnRules}.
 */
public record ReturnRequest(List<Units> items, long additionalValue, String referredTo,
                            String entranceInvoiceNumber, String reason, ReturnFields fields) {

    /** Units of the order item at {@code itemIndex}. Long, so absurd values are refused, not wrapped. */
    public record Units(long itemIndex, long quantity) {
    }

    public ReturnRequest {
        items = List.copyOf(items);
        if (fields == null) {
            fields = ReturnFields.form(items.size());
        } else if (fields.lineItems().size() != items.size()) {
            throw new IllegalArgumentException("one field name per line is needed");
        }
    }

    /** A request from the operator form. */
    public ReturnRequest(List<Units> items, long additionalValue, String referredTo, String entranceInvoiceNumber,
                         String reason) {
        this(items, additionalValue, referredTo, entranceInvoiceNumber, reason, null);
    }
}
