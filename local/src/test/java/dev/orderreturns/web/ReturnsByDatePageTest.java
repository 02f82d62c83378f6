package dev.orderreturns.web;

import dev.orderreturns.local.LocalStack;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The "Returns by date" view (web/returns.html) in a real headless Chromium against the local stack:
 * the returns of the days an operator picks (days in the operator's time zone), and all of them as
 * one CSV file joined from the export's pages, saved as a download.
 */
@Tag("browser")
class ReturnsByDatePageTest {

    private static final String HEADER = "createdAt,orderId,returnId,entranceInvoiceNumber,currency,partId,kind,"
            + "paymentId,amount,amountCents,status,reference,refundedByHand";

    private static StackApi api;
    private PageBrowser browser;

    @BeforeAll
    static void requireChromiumAndStack() {
        PageBrowser.requireChromium();
        api = new StackApi(LocalStack.shared());
    }

    @AfterEach
    void closeBrowser() throws IOException {
        if (browser != null) browser.close();
    }

    @Test
    void listsTheReturnsOfTheOperatorsDaysAndDownloadsThemAsOneCsv() throws IOException {
        String account = StackApi.newAccount();
        for (String order : List.of("web-day-a", "web-day-b", "web-day-c")) api.importSampleOrder(account, order);
        String a = api.storeCapReturnAt(account, "web-day-a", "RET-A", Instant.parse("2026-03-02T15:00:00Z"));
        String b = api.storeCapReturnAt(account, "web-day-b", "RET-B", Instant.parse("2026-03-10T15:00:00Z"));
        // 22:00 on 5 March in New York, already 6 March in UTC
        String c = api.storeCapReturnAt(account, "web-day-c", "RET-C", Instant.parse("2026-03-06T03:00:00Z"));

        browser = PageBrowser.start(1280, 900);
        browser.timeZone("America/New_York");
        // the export in pages of one order, so that the page has pages to join
        browser.beforeEveryPage("""
                window.exportRequests = [];
                const original = window.fetch;
                window.fetch = (url, init) => {
                  const u = new URL(url, location.href);
                  if (u.pathname === '/returns/export') {
                    if (!u.searchParams.has('limit')) u.searchParams.set('limit', '1');
                    window.exportRequests.push(u.pathname + u.search);
                    return original(u.pathname + u.search, init);
                  }
                  return original(url, init);
                };""");
        browser.open(api.base() + "/returns.html?account=" + account + "&from=2026-03-01&to=2026-03-05");
        browser.waitFor("the list of 1 to 5 March", d -> browser.shown(By.id("returns-list"))
                && browser.text("list-heading").equals("Returns created from Mar 1, 2026 to Mar 5, 2026"));
        assertTrue(browser.text("range-hint").contains("America/New_York"), browser.text("range-hint"));
        assertEquals(List.of("RET-C", "RET-A"), invoices(), "the New York days, newest first");
        assertEquals(List.of(c, a), returnIds());
        WebElement first = browser.find(By.cssSelector("#returns-list tbody tr"));
        assertEquals("Mar 5, 2026, 10:00 PM", first.findElement(By.cssSelector("[data-label='Created']")).getText());
        assertEquals("web-day-c", first.findElement(By.cssSelector("[data-label='Order'] a")).getText());
        assertEquals("$25.00", first.findElement(By.cssSelector("[data-label='Refund']")).getText());
        assertTrue(first.findElement(By.cssSelector("[data-label='Parts']")).getText()
                .contains("Chargeback to payment " + StackApi.PAYMENT), "the parts");

        // days typed in the form; To before From never leaves the page
        browser.type(By.id("to"), "02282026");
        browser.click(By.id("show-returns"));
        browser.waitFor("the error next to To", d -> browser.shown(By.id("to-error")));
        assertEquals("To must be on or after From.", browser.text("to-error"));
        assertEquals("true", browser.find(By.id("to")).getDomAttribute("aria-invalid"));
        assertEquals("to", browser.activeElement().getDomAttribute("id"));
        assertEquals(List.of("RET-C", "RET-A"), invoices(), "the list stays as it was");

        browser.type(By.id("to"), "03312026");
        browser.click(By.id("show-returns"));
        browser.waitFor("the list of March", d -> browser.text("list-heading")
                .equals("Returns created from Mar 1, 2026 to Mar 31, 2026") && invoices().size() == 3);
        assertEquals(List.of("RET-B", "RET-C", "RET-A"), invoices());
        assertEquals("list-heading", browser.activeElement().getDomAttribute("id"), "focus on the new list");
        String url = browser.driver().getCurrentUrl();
        assertTrue(url.contains("from=2026-03-01") && url.contains("to=2026-03-31") && url.contains("account=" + account), url);
        browser.screenshot("returns-by-date.png", true);

        browser.click(By.id("download-csv"));
        String name = "returns_2026-03-01_2026-03-31.csv";
        Path file = browser.downloads().resolve(name);
        browser.waitFor("the CSV download", d -> Files.isRegularFile(file) && browser.shown(By.id("download-result")));
        String csv = awaitWhole(file);
        List<String> lines = List.of(csv.split("\r\n", -1));
        assertEquals(HEADER, lines.getFirst(), "one header row");
        assertEquals("", lines.getLast(), "every row ends with CRLF");
        List<String> rows = lines.subList(1, lines.size() - 1);
        assertEquals(3, rows.size(), csv);
        assertTrue(rows.stream().noneMatch(r -> r.startsWith("createdAt,")), "the other pages' headers are dropped");
        // newest first, one chargeback part each, amounts in units and cents
        List<String> expected = List.of("2026-03-10T15:00:00Z,web-day-b," + b + ",RET-B",
                "2026-03-06T03:00:00Z,web-day-c," + c + ",RET-C", "2026-03-02T15:00:00Z,web-day-a," + a + ",RET-A");
        for (int i = 0; i < 3; i++) {
            String row = rows.get(i);
            assertTrue(row.startsWith(expected.get(i) + ",USD,chargeback-" + StackApi.PAYMENT + ",chargeback,"
                    + StackApi.PAYMENT + ",25.00,2500,"), row);
        }
        @SuppressWarnings("unchecked")
        List<String> requests = (List<String>) browser.js("return window.exportRequests");
        assertTrue(requests.size() >= 3, "the page fetched every page: " + requests);
        assertTrue(requests.stream().allMatch(r -> r.contains("from=2026-03-01T05%3A00%3A00.000Z")
                && r.contains("to=2026-04-01T04%3A00%3A00.000Z")), "New York midnights, DST included: " + requests);
        assertTrue(requests.stream().skip(1).allMatch(r -> r.contains("cursor=")), requests.toString());

        // the link left on the page saves the same file again
        WebElement link = browser.find(By.id("csv-file"));
        assertEquals(name, link.getDomAttribute("download"));
        assertTrue(link.getDomAttribute("href").startsWith("blob:"), link.getDomAttribute("href"));
        Files.delete(file);
        browser.click(link);
        browser.waitFor("the second download", d -> Files.isRegularFile(file));
        assertEquals(csv, awaitWhole(file));
        assertTrue(browser.text("download-result").contains("3 rows, " + requests.size() + " pages joined"),
                browser.text("download-result"));
        browser.waitFor("the announcement", d -> browser.text("status").contains("is downloaded: 3 rows"));
        browser.screenshot("returns-by-date-csv.png", true);
    }

    @Test
    @SuppressWarnings("unchecked")
    void daysCsvPagesAndProviderMessagesAreReadExactly() {
        browser = PageBrowser.start(1280, 900);
        browser.timeZone("America/New_York");
        browser.open(api.base() + "/returns.html?from=2026-03-01&to=2026-03-01");
        Map<String, Object> r = (Map<String, Object>) browser.jsAsync("""
                Promise.all([import('/returns.js'), import('/return-rows.js')]).then(([days, rows]) => {
                  const headers = (h) => new Headers(h);
                  const ret = { refund: { parts: [{ partId: 'chargeback' }, { partId: 'chargeback-P1' }, { partId: 'giftCard' }] },
                    history: [
                      { at: '1', note: 'attempt 1 incomplete: chargeback-P1: HTTP 503; giftCard: timeout;' },
                      { at: '2', note: 'a provider cannot refund online; refund by hand. chargeback-P1: rejected; the card was closed; giftCard: refund-manually;' },
                    ] };
                  let mismatch = null;
                  try { days.joinCsvPages(['a,b\\r\\n1,2\\r\\n', 'a,c\\r\\n3,4\\r\\n']); } catch (e) { mismatch = e.message; }
                  done({
                    oneDay: days.dayBounds('2026-03-01', '2026-03-01'),
                    springForward: days.dayBounds('2026-03-08', '2026-03-08'),
                    open: days.dayBounds('', ''),
                    joined: days.joinCsvPages(['h1,h2\\r\\n1,"a\\r\\nb"\\r\\n', 'h1,h2\\r\\n2,x\\r\\n', 'h1,h2\\r\\n', 'h1,h2\\r\\n3,y']),
                    records: days.csvRecords('h1,h2\\r\\n1,"a\\r\\nb"\\r\\n2,x\\r\\n'),
                    mismatch,
                    byLink: days.nextExportPath(headers({ link: '</returns/export?from=x&cursor=abc>; rel="next"' }), '/returns/export?from=x'),
                    byCursor: days.nextExportPath(headers({ 'x-next-cursor': 'c2' }), '/returns/export?from=x&cursor=c1'),
                    last: days.nextExportPath(headers({}), '/returns/export'),
                    chargeback: rows.providerMessage(ret, { partId: 'chargeback-P1' }),
                    giftCard: rows.providerMessage(ret, { partId: 'giftCard' }),
                    unassigned: rows.providerMessage(ret, { partId: 'chargeback' }),
                    ages: [0, 59_000, 60_000, 3_599_000, 3_600_000, 5_400_000, 86_400_000, 97_200_000]
                      .map((ms) => rows.ageText(new Date(1_000_000_000_000).toISOString(), 1_000_000_000_000 + ms)),
                  });
                }).catch((e) => done(String(e)));""");
        assertEquals(Map.of("from", "2026-03-01T05:00:00.000Z", "to", "2026-03-02T05:00:00.000Z"), r.get("oneDay"));
        assertEquals(Map.of("from", "2026-03-08T05:00:00.000Z", "to", "2026-03-09T04:00:00.000Z"), r.get("springForward"),
                "a 23-hour day when the clocks go forward");
        Map<String, Object> open = (Map<String, Object>) r.get("open");
        assertTrue(open.get("from") == null && open.get("to") == null, open.toString());
        assertEquals("h1,h2\r\n1,\"a\r\nb\"\r\n2,x\r\n3,y\r\n", r.get("joined"), "one header; a quoted line break kept");
        assertEquals(3L, r.get("records"));
        assertTrue(String.valueOf(r.get("mismatch")).contains("another header"), String.valueOf(r.get("mismatch")));
        assertEquals("/returns/export?from=x&cursor=abc", r.get("byLink"));
        assertEquals("/returns/export?from=x&cursor=c2", r.get("byCursor"));
        assertEquals(null, r.get("last"));
        assertEquals("rejected; the card was closed", ((Map<String, Object>) r.get("chargeback")).get("message"),
                "the newest note, up to the next part");
        assertEquals("refund-manually", ((Map<String, Object>) r.get("giftCard")).get("message"));
        assertEquals(null, r.get("unassigned"), "'chargeback' is not 'chargeback-P1'");
        assertEquals(List.of("under a minute", "under a minute", "1 min", "59 min", "1 h", "1 h 30 min", "1 d", "1 d 3 h"),
                r.get("ages"));
    }

    // ---- helpers ----------------------------------------------------------------------------------

    private List<String> invoices() {
        return browser.findAll(By.cssSelector("#returns-list tbody tr th")).stream().map(WebElement::getText).toList();
    }

    private List<String> returnIds() {
        return browser.findAll(By.cssSelector("#returns-list tbody tr")).stream()
                .map(tr -> tr.getDomAttribute("data-return-id")).toList();
    }

    /** The downloaded file once Chromium has finished writing it (its size stops changing). */
    private static String awaitWhole(Path file) throws IOException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        long size = -1;
        while (System.nanoTime() < deadline) {
            long now = Files.size(file);
            try (Stream<Path> partial = Files.list(file.getParent())) {
                if (now == size && partial.noneMatch(p -> p.toString().endsWith(".crdownload"))) break;
            }
            size = now;
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return Files.readString(file, StandardCharsets.UTF_8);
    }
}
