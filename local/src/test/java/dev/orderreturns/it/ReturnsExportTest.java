package dev.orderreturns.it;

import dev.orderreturns.local.LocalStack;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static dev.orderreturns.it.Samples.map;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code GET /returns/export} over HTTP: RFC 4180 CSV (header row, CRLF, quoting), one row per refund
 * part, pages linked by {@code link: <...>; rel="next"}, and totals equal to what the sandbox
 * providers' ledger says they paid for the same returns.
 */
@Tag("e2e")
class ReturnsExportTest {

    private static final List<String> HEADER = List.of("createdAt", "orderId", "returnId", "entranceInvoiceNumber",
            "currency", "partId", "kind", "paymentId", "amount", "amountCents", "status", "reference", "refundedByHand");
    private static final String PAYMENT = "D3DEECAB3C6C4B9EAF8EF4C1FE062FF3";
    /** A reference an operator may well type: a comma and quotes, which the CSV must quote. */
    private static final String BY_HAND = "BANK \"7\", 2026";
    private static final Pattern NEXT = Pattern.compile("<([^>]+)>; rel=\"next\"");
    private static LocalStack stack;
    private static Http http;

    @BeforeAll
    static void start() {
        stack = LocalStack.shared();
        http = new Http(stack.baseUrl());
    }

    private static String createReturn(Operator operator, String orderId, int itemIndex, int quantity,
                                       long additionalValue, String invoiceNumber) {
        Http.Response created = http.send("POST", "/orders/" + orderId + "/returns", operator.token, Http.json(map(
                "items", List.of(map("itemIndex", itemIndex, "quantity", quantity)), "additionalValue",
                additionalValue, "entranceInvoiceNumber", invoiceNumber, "reason", "Not as described")));
        assertEquals(201, created.status(), created.body());
        return (String) created.json().get("returnId");
    }

    /** RFC 4180: fields split on commas outside quotes, quoted fields with doubled quotes, records ending CRLF. */
    static List<List<String>> parseCsv(String csv) {
        List<List<String>> records = new ArrayList<>();
        List<String> record = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < csv.length(); i++) {
            char c = csv.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < csv.length() && csv.charAt(i + 1) == '"') {
                    field.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    field.append(c);
                }
            } else if (c == '"') {
                assertTrue(field.isEmpty(), "a quote inside an unquoted field at " + i + ": " + csv);
                quoted = true;
            } else if (c == ',') {
                record.add(field.toString());
                field.setLength(0);
            } else if (c == '\r') {
                assertEquals('\n', csv.charAt(i + 1), "CR without LF at " + i);
                record.add(field.toString());
                field.setLength(0);
                records.add(record);
                record = new ArrayList<>();
                i++;
            } else {
                assertTrue(c != '\n', "a line ending without CR at " + i + ": " + csv);
                field.append(c);
            }
        }
        assertTrue(!quoted && field.isEmpty() && record.isEmpty(), "the last record ends with CRLF: " + csv);
        return records;
    }

    private static List<List<String>> rows(Http.Response export) {
        assertEquals(200, export.status(), export.body());
        assertTrue(export.header("content-type").startsWith("text/csv"), export.headers().toString());
        List<List<String>> records = parseCsv(export.body());
        assertEquals(HEADER, records.getFirst(), "every page starts with the header row");
        for (List<String> row : records) {
            assertEquals(HEADER.size(), row.size(), row.toString());
        }
        return records.subList(1, records.size());
    }

    @Test
    void theCsvTotalsAreTheLedgersAndItsPagesLinkToTheNext() {
        Operator operator = new Operator(http);
        operator.importOrder("o-x");
        operator.importOrder("o-y");
        Samples.awaitIdleRefundQueue(); // the provider faults below are for these returns only
        String x1 = createReturn(operator, "o-x", 0, 1, 1200, "X-1"); // 51.00 chargeback + 6.00 gift card
        String x2 = createReturn(operator, "o-x", 2, 2, 0, "X-2"); // 18.00 chargeback
        operator.awaitStatus("o-x", x1, "REFUNDED");
        operator.awaitStatus("o-x", x2, "REFUNDED");
        Operator.fault(http, "payments", "refund-manually", 1);
        String y1 = createReturn(operator, "o-y", 1, 1, 0, "Y-1"); // 25.00 chargeback, left to a person
        operator.awaitStatus("o-y", y1, "MANUAL_REFUND_REQUIRED");
        Operator.fault(http, "payments", "refund-manually", 1);
        String y2 = createReturn(operator, "o-y", 0, 1, 800, "Y-2"); // 49.00 chargeback by hand + 4.00 gift card
        operator.awaitStatus("o-y", y2, "MANUAL_REFUND_REQUIRED");
        Http.Response byHand = http.send("POST", "/orders/o-y/returns/" + y2 + "/parts/chargeback-" + PAYMENT
                + "/manual-refund", operator.token, Http.json(map("reference", BY_HAND)));
        assertEquals(200, byHand.status(), byHand.body());
        List<String> mine = List.of(x1, x2, y1, y2);

        Instant first = Instant.parse((String) operator.get("/orders/o-x/returns/" + x1).json().get("createdAt"));
        Instant last = Instant.parse((String) operator.get("/orders/o-y/returns/" + y2).json().get("createdAt"));
        String range = "from=" + URLEncoder.encode(first.toString(), StandardCharsets.UTF_8) + "&to="
                + URLEncoder.encode(last.plusMillis(1).toString(), StandardCharsets.UTF_8);
        Http.Response whole = operator.get("/returns/export?" + range);
        assertNull(whole.header("link"), "one page holds them all");
        assertTrue(whole.body().endsWith("\r\n"));
        assertTrue(whole.body().contains(",\"BANK \"\"7\"\", 2026\",true\r\n"), "quoted, quotes doubled, by hand: "
                + whole.body());
        List<List<String>> rows = rows(whole);
        assertEquals(6, rows.size(), "one row per part: " + rows);
        assertTrue(rows.stream().allMatch(r -> mine.contains(r.get(2))), rows.toString());

        // every row's amount is its cents in decimal units of its currency
        for (List<String> row : rows) {
            assertEquals("USD", row.get(4));
            assertEquals(new BigDecimal(row.get(9)).movePointLeft(2), new BigDecimal(row.get(8)), row.toString());
        }
        List<String> byPart = rows.stream().map(r -> r.get(2) + " " + r.get(5) + " " + r.get(9) + " " + r.get(10))
                .sorted().toList();
        assertEquals(List.of(x1 + " chargeback-" + PAYMENT + " 5100 REFUNDED", x1 + " giftCard 600 REFUNDED",
                x2 + " chargeback-" + PAYMENT + " 1800 REFUNDED", y1 + " chargeback-" + PAYMENT
                        + " 2500 MANUAL_REFUND_REQUIRED", y2 + " chargeback-" + PAYMENT + " 4900 REFUNDED",
                y2 + " giftCard 400 REFUNDED").stream().sorted().toList(), byPart);

        // Refunded by a provider (not by hand) = what the providers paid.
        long csvCents = rows.stream().filter(r -> r.get(10).equals("REFUNDED") && r.get(12).equals("false"))
                .mapToLong(r -> Long.parseLong(r.get(9))).sum();
        assertEquals(List.of(BY_HAND), rows.stream().filter(r -> r.get(12).equals("true")).map(r -> r.get(11)).toList());
        BigDecimal paid = ledgerTotal("refunds", mine).add(ledgerTotal("giftCardCredits", mine));
        assertEquals(5100 + 600 + 1800 + 400, csvCents);
        assertEquals(0, BigDecimal.valueOf(csvCents).movePointLeft(2).compareTo(paid),
                "CSV " + csvCents + " cents, ledger " + paid);

        // the same range a page at a time (pages hold whole orders): the same rows, each page a CSV
        List<List<String>> paged = new ArrayList<>();
        String next = "/returns/export?" + range + "&limit=1";
        int pages = 0;
        while (next != null) {
            Http.Response page = operator.get(next);
            paged.addAll(rows(page));
            pages++;
            String link = page.header("link");
            if (link == null) {
                next = null;
            } else {
                Matcher m = NEXT.matcher(link);
                assertTrue(m.matches(), link);
                next = m.group(1);
                assertTrue(next.startsWith("/returns/export?") && next.contains("limit=1") && next.contains("from="),
                        "the next page keeps the query: " + next);
            }
            assertTrue(pages <= 5, "the pages do not end");
        }
        assertEquals(2, pages, "one order a page");
        assertEquals(rows, paged);

        // a range without them, and another account: the header only
        Http.Response before = operator.get("/returns/export?to=" + URLEncoder.encode(first.toString(),
                StandardCharsets.UTF_8));
        assertEquals(List.of(), rows(before));
        assertEquals(List.of(), rows(new Operator(http).get("/returns/export")));
        Http.Response status = operator.get("/returns/export?status=REFUNDED");
        assertEquals(400, status.status(), "the export takes no status: " + status.body());
    }

    /** What the sandbox ledger's list holds for these returns, in decimal units. */
    @SuppressWarnings("unchecked")
    private static BigDecimal ledgerTotal(String list, List<String> returnIds) {
        List<Map<String, Object>> entries = (List<Map<String, Object>>) http.get("/_local/ledger", null).json().get(list);
        return entries.stream().filter(e -> returnIds.stream().anyMatch(id -> String.valueOf(e.get("requestId"))
                        .startsWith(id + "-")))
                .map(e -> new BigDecimal(e.get("value").toString())).reduce(BigDecimal.ZERO, BigDecimal::add);
    }
}
