package dev.orderreturns.domain;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The invoices of one order, sale and entrance, in the order they were recorded, and what they
 * say: units invoiced per item, unit prices, the value the sale invoices charged.
 */
public final class Invoices {

    private final List<Invoice> all;

    public Invoices(List<Invoice> invoices) {
        this.all = new ArrayList<>(invoices);
    }

    public List<Invoice> all() {
        return List.copyOf(all);
    }

    public int size() {
        return all.size();
    }

    /** R3: invoice numbers are compared case-insensitively. */
    public Optional<Invoice> find(String invoiceNumber) {
        return all.stream().filter(i -> i.invoiceNumber().equalsIgnoreCase(invoiceNumber)).findFirst();
    }

    public List<Invoice> sales() {
        return all.stream().filter(Invoice::isSale).toList();
    }

    /** Units of the item on sale ({@code Output}) invoices. */
    public long invoicedUnits(int itemIndex) {
        long units = 0;
        for (Invoice invoice : all) {
            if (invoice.isSale()) {
                units = Math.addExact(units, invoice.unitsOf(itemIndex));
            }
        }
        return units;
    }

    /** Units at one unit price, as a sale invoice line billed them. */
    public record PricedUnits(long quantity, long unitPrice) {
    }

    /**
     * R6: the unit prices of {@code quantity} units of the item after the first {@code skip}, in
     * the order they were billed (oldest sale invoice first, lines in invoice order); consecutive
     * units at one price come as one entry. Fewer units than asked when the invoices list fewer.
     */
    public List<PricedUnits> priceUnits(int itemIndex, long skip, long quantity) {
        List<PricedUnits> priced = new ArrayList<>();
        long toSkip = skip;
        long wanted = quantity;
        for (Invoice invoice : all) {
            if (!invoice.isSale()) {
                continue;
            }
            for (InvoiceLine line : invoice.lines()) {
                if (line.itemIndex() != itemIndex || wanted == 0) {
                    continue;
                }
                long available = line.quantity();
                long skipped = Math.min(available, toSkip);
                toSkip -= skipped;
                long taken = Math.min(available - skipped, wanted);
                if (taken > 0) {
                    wanted -= taken;
                    if (!priced.isEmpty() && priced.getLast().unitPrice() == line.unitPrice()) {
                        taken = Math.addExact(taken, priced.removeLast().quantity());
                    }
                    priced.add(new PricedUnits(taken, line.unitPrice()));
                }
            }
        }
        return priced;
    }

    /** What the sale invoices charged, in minor units of the order's currency. */
    public long invoicedValue() {
        long value = 0;
        for (Invoice invoice : all) {
            if (invoice.isSale()) {
                value = Math.addExact(value, invoice.invoiceValue());
            }
        }
        return value;
    }

    Invoices copy() {
        return new Invoices(all);
    }

    void add(Invoice invoice) {
        all.add(invoice);
    }

    void replace(Invoice old, Invoice replacement) {
        all.set(all.indexOf(old), replacement);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Invoices other && all.equals(other.all);
    }

    @Override
    public int hashCode() {
        return all.hashCode();
    }

    @Override
    public String toString() {
        return all.toString();
    }
}
