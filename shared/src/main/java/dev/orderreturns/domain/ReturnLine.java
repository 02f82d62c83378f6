package dev.orderreturns.domain;

/** Units of one invoiced item in a return, at the unit selling price of its sale invoice. */
public record ReturnLine(int itemIndex, String skuId, long quantity, long unitPrice) {

    public long value() {
        return Math.multiplyExact(quantity, unitPrice);
    }

    /** The line as the return's entrance invoice lists it. */
    public InvoiceLine asInvoiceLine() {
        return new InvoiceLine(itemIndex, skuId, quantity, unitPrice);
    }
}
