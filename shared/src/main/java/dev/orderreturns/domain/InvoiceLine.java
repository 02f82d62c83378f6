package dev.orderreturns.domain;

/** Units of one order item on an invoice, at a unit price in minor units. */
public record InvoiceLine(int itemIndex, String skuId, long quantity, long unitPrice) {
}
