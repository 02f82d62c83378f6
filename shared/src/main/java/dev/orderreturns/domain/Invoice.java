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
}
