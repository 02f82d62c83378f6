package dev.orderreturns.domain;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What the operator (or the store's systems) asks to return: units of invoiced items, an optional
 * additional (shipping) value, the entrance invoice number and the reason. Field paths in problems
 * are those of the operator form ({@code POST /orders/{orderId}/returns}).
 */
public record ReturnRequest(List<Units> items, long additionalValue, String referredTo,
                            String entranceInvoiceNumber, String reason) {

    /** Units of the order item at {@code itemIndex}. Long, so absurd values are refused, not wrapped. */
    public record Units(long itemIndex, long quantity) {
    }

    /** R3: letters, digits, '-', '_' and '.'; '#', '/' and spaces break downstream systems. */
    private static final Pattern INVOICE_NUMBER = Pattern.compile("[A-Za-z0-9._-]{1,50}");
    public static final int MAX_REASON = 500;
    public static final int MAX_REFERRED_TO = 200;
    public static final int MAX_LINES = 1000;

    public ReturnRequest {
        items = List.copyOf(items);
    }

    /** Problems of the request in itself (rules R2–R5 that need no order); empty when well formed. */
    public List<FieldError> problems() {
        List<FieldError> problems = new ArrayList<>();
        if (items.size() > MAX_LINES) {
            problems.add(new FieldError("items", "at most " + MAX_LINES + " items per return"));
        }
        Set<Long> seen = new HashSet<>();
        for (int i = 0; i < items.size(); i++) {
            Units line = items.get(i);
            if (line.itemIndex() < 0) {
                problems.add(new FieldError("items[" + i + "].itemIndex", "must be 0 or more"));
            } else if (!seen.add(line.itemIndex())) {
                problems.add(new FieldError("items[" + i + "].itemIndex",
                        "item " + line.itemIndex() + " appears more than once in this return"));
            }
            if (line.quantity() < 1) {
                problems.add(new FieldError("items[" + i + "].quantity", "must be at least 1"));
            }
        }
        if (additionalValue < 0) {
            problems.add(new FieldError("additionalValue", "must be 0 or more cents"));
        }
        if (items.isEmpty() && additionalValue == 0) {
            problems.add(new FieldError("items",
                    "a return needs at least one item, unless it carries an additional value"));
        }
        if (entranceInvoiceNumber == null || entranceInvoiceNumber.isEmpty()) {
            problems.add(new FieldError("entranceInvoiceNumber", "is required"));
        } else if (!INVOICE_NUMBER.matcher(entranceInvoiceNumber).matches()) {
            problems.add(new FieldError("entranceInvoiceNumber",
                    "must be 1 to 50 letters, digits, '-', '_' or '.' (no '#', '/' or spaces)"));
        }
        if (reason == null || reason.isBlank()) {
            problems.add(new FieldError("reason", "is required"));
        } else if (reason.length() > MAX_REASON) {
            problems.add(new FieldError("reason", "must be at most " + MAX_REASON + " characters"));
        }
        if (referredTo != null && referredTo.length() > MAX_REFERRED_TO) {
            problems.add(new FieldError("referredTo", "must be at most " + MAX_REFERRED_TO + " characters"));
        }
        return problems;
    }
}
