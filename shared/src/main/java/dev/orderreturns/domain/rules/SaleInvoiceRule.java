package dev.orderreturns.domain.rules;

import dev.orderreturns.domain.FieldError;
import dev.orderreturns.domain.Invoice;
import dev.orderreturns.domain.InvoiceLine;
import dev.orderreturns.domain.Invoices;
import dev.orderreturns.domain.OrderItem;
import dev.orderreturns.domain.Refusal;

import java.util.ArrayList;
import java.util.List;

/**
 * R1's ground truth: a sale invoice may only invoice items the order has, and never more units of
 * an item, over all its sale invoices, than the order has. R7: its item lines never add up to more
 * than its invoice value, so refunds priced from its lines never exceed what it charged.
 */
public final class SaleInvoiceRule {

    private SaleInvoiceRule() {
    }

    /**
     * Refuses (422) a sale that does not fit the order's items, given the order's invoices with the
     * sale already among them; {@code fieldPrefix} is where the caller's sale lives ("" for the root).
     */
    public static void requireFits(Invoice sale, List<OrderItem> items, Invoices invoices, String fieldPrefix) {
        String prefix = fieldPrefix.isEmpty() ? "" : fieldPrefix + ".";
        List<FieldError> problems = new ArrayList<>();
        for (int i = 0; i < sale.lines().size(); i++) {
            InvoiceLine line = sale.lines().get(i);
            String field = prefix + "items[" + i + "]";
            if (line.itemIndex() < 0 || line.itemIndex() >= items.size()) {
                problems.add(new FieldError(field, "the order has no such item"));
            } else if (invoices.invoicedUnits(line.itemIndex()) > items.get(line.itemIndex()).quantity()) {
                problems.add(new FieldError(field + ".quantity", "invoices more units of item " + line.itemIndex()
                        + " than the order has (" + items.get(line.itemIndex()).quantity() + ")"));
            }
        }
        if (!problems.isEmpty()) {
            throw Refusal.invoiceExceedsOrder(problems);
        }
        long linesValue;
        try {
            linesValue = 0;
            for (InvoiceLine line : sale.lines()) {
                linesValue = Math.addExact(linesValue, Math.multiplyExact(line.quantity(), line.unitPrice()));
            }
        } catch (ArithmeticException overflow) {
            throw Refusal.amountOutOfRange(prefix + "items", "invoice");
        }
        if (linesValue > sale.invoiceValue()) {
            throw Refusal.invoiceLinesExceedValue(prefix + "invoiceValue", linesValue, sale.invoiceValue());
        }
    }
}
