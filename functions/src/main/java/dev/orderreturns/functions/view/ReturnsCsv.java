package dev.orderreturns.functions.view;

import dev.orderreturns.domain.RefundPart;
import dev.orderreturns.domain.ReturnsAcrossOrders;

import java.util.List;

/**
 * Refund parts as CSV (RFC 4180: CRLF line ends, a header row, fields quoted when they hold a comma,
 * a quote or a line break, quotes doubled), one row per part: what finance reconciles against the
 * providers. Amounts both in decimal units of the currency and in cents; {@code refundedByHand} says
 * the reference is an operator's, not a provider's. A field a spreadsheet would run as a formula
 * (starting with {@code = + - @}, a tab or a carriage return: ids and references come from outside)
 * gets a leading {@code '}, as OWASP advises against CSV injection. Written by hand: the format is
 * these few rules, and a library would add classes to every cold start of the read function.
 */
public final class ReturnsCsv {

    public static final List<String> HEADER = List.of("createdAt", "orderId", "returnId", "entranceInvoiceNumber",
            "currency", "partId", "kind", "paymentId", "amount", "amountCents", "status", "reference", "refundedByHand");

    private ReturnsCsv() {
    }

    public static String of(List<ReturnsAcrossOrders.Found> returns) {
        StringBuilder csv = new StringBuilder();
        row(csv, HEADER);
        for (ReturnsAcrossOrders.Found found : returns) {
            for (RefundPart part : found.orderReturn().parts()) {
                row(csv, List.of(found.orderReturn().createdAt().toString(), found.order().orderId(),
                        found.orderReturn().returnId(), found.orderReturn().entranceInvoiceNumber(),
                        part.amount().currency(), part.partId(), part.kind().wireName(),
                        part.paymentId() == null ? "" : part.paymentId(), part.amount().toDecimal().toPlainString(),
                        Long.toString(part.amount().minorUnits()), part.status().name(),
                        part.providerReference() == null ? "" : part.providerReference(),
                        Boolean.toString(part.manual())));
            }
        }
        return csv.toString();
    }

    private static void row(StringBuilder csv, List<String> fields) {
        for (int i = 0; i < fields.size(); i++) {
            if (i > 0) {
                csv.append(',');
            }
            csv.append(field(fields.get(i)));
        }
        csv.append("\r\n");
    }

    static String field(String raw) {
        String value = !raw.isEmpty() && "=+-@\t\r".indexOf(raw.charAt(0)) >= 0 ? "'" + raw : raw;
        if (value.indexOf(',') < 0 && value.indexOf('"') < 0 && value.indexOf('\r') < 0 && value.indexOf('\n') < 0) {
            return value;
        }
        return '"' + value.replace("\"", "\"\"") + '"';
    }
}
