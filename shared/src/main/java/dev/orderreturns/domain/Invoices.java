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

    /** The unit price of the item on the first sale invoice that lists it; empty when never invoiced. */
    public Optional<Long> unitPrice(int itemIndex) {
        for (Invoice invoice : all) {
            if (invoice.isSale()) {
                for (InvoiceLine line : invoice.lines()) {
                    if (line.itemIndex() == itemIndex) {
                        return Optional.of(line.unitPrice());
                    }
                }
            }
        }
        return Optional.empty();
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
