package dev.orderreturns.domain;

import java.time.Instant;
import java.util.List;

/**
 * An invoice recorded on an order: a sale invoice ({@link InvoiceType#OUTPUT}) or the entrance
 * invoice of a return ({@link InvoiceType#INPUT}, with {@code returnId}). {@code requestFingerprint}
 * identifies the request that recorded it, so a repeated notification is answered, not refused.
 */
public record Invoice(InvoiceType type, String invoiceNumber, String issuanceDate, long invoiceValue,
                      List<InvoiceLine> lines, String receipt, String returnId, String requestFingerprint,
                      Instant recordedAt) {

    public Invoice {
        lines = List.copyOf(lines);
    }

    public boolean isSale() {
        return type == InvoiceType.OUTPUT;
    }

    public Invoice withLines(List<InvoiceLine> newLines) {
        return new Invoice(type, invoiceNumber, issuanceDate, invoiceValue, newLines, receipt, returnId,
                requestFingerprint, recordedAt);
    }

    public Invoice withFingerprint(String fingerprint) {
        return new Invoice(type, invoiceNumber, issuanceDate, invoiceValue, lines, receipt, returnId, fingerprint,
                recordedAt);
    }

    /** Same sale: type, value and lines (numbers compare equal by the caller's lookup). */
    public boolean sameContentsAs(Invoice other) {
        return type == other.type && invoiceValue == other.invoiceValue && lines.equals(other.lines);
    }

    /** Units of the item this invoice lists. */
    public long unitsOf(int itemIndex) {
        long units = 0;
        for (InvoiceLine line : lines) {
            if (line.itemIndex() == itemIndex) {
                units = Math.addExact(units, line.quantity());
            }
        }
        return units;
    }
}
