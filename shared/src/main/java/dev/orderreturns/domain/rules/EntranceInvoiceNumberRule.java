package dev.orderreturns.domain.rules;

import dev.orderreturns.domain.FieldError;
import dev.orderreturns.domain.Invoices;
import dev.orderreturns.domain.Refusal;

import java.util.List;
import java.util.regex.Pattern;

/**
 * R3: the entrance invoice number is required, 1 to 50 letters, digits, '-', '_' or '.' ('#', '/'
 * and spaces break downstream systems), and unique among all the order's invoice numbers (sale
 * and entrance alike, compared case-insensitively). Sale invoice numbers come from the platform and
 * are only held to the length.
 */
public final class EntranceInvoiceNumberRule {

    public static final int MAX_LENGTH = 50;
    private static final Pattern ENTRANCE_NUMBER = Pattern.compile("[A-Za-z0-9._-]{1," + MAX_LENGTH + "}");

    private EntranceInvoiceNumberRule() {
    }

    /** The problem of an entrance invoice number in itself, if any. */
    public static List<FieldError> problems(String number, String field) {
        if (number == null || number.isEmpty()) {
            return List.of(new FieldError(field, "is required"));
        }
        if (!ENTRANCE_NUMBER.matcher(number).matches()) {
            return List.of(new FieldError(field,
                    "must be 1 to " + MAX_LENGTH + " letters, digits, '-', '_' or '.' (no '#', '/' or spaces)"));
        }
        return List.of();
    }

    /** The problem of a sale invoice number in itself, if any (the platform chooses those). */
    public static List<FieldError> saleNumberProblems(String number, String field) {
        if (number != null && (number.isBlank() || number.length() > MAX_LENGTH)) {
            return List.of(new FieldError(field, "must be 1 to " + MAX_LENGTH + " characters"));
        }
        return List.of();
    }

    /** Refuses (409) a number the order already has. */
    public static void requireUnused(Invoices invoices, String number, String field) {
        if (invoices.find(number).isPresent()) {
            throw Refusal.invoiceNumberTaken(field, number);
        }
    }
}
