package dev.orderreturns.web;

import dev.orderreturns.local.LocalStack;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The "Needs attention" view (web/attention.html) in a real headless Chromium against the local
 * stack: a part a provider could not refund is recorded as refunded by hand, after a refusal shown
 * next to its field; a FAILED refund is retried and followed until refunded; a refused retry says
 * why next to its button; the list pages with More; both lists across orders fit a phone.
 */
@Tag("browser")
class NeedsAttentionPageTest {

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
    @SuppressWarnings("unchecked")
    void aManualRefundIsRecordedFromThePageAfterARefusalShownNextToTheReference() throws IOException {
        String account = StackApi.newAccount();
        String orderId = "web-manual-1";
        api.importSampleOrder(account, orderId);
        // the payments provider cannot refund the chargeback online; the gift card is paid
        api.fault("payments", "refund-manually", 1);
        String invoice = "RET-M-" + UUID.randomUUID().toString().substring(0, 6);
        String returnId = api.submitSampleReturn(account, orderId, invoice);
        api.awaitStatus(account, orderId, returnId, "MANUAL_REFUND_REQUIRED");

        browser = PageBrowser.start(1280, 900);
        browser.open(api.base() + "/attention.html?account=" + account);
        By row = rowOf(returnId);
        browser.waitFor("the return's row", d -> !d.findElements(row).isEmpty());
        assertEquals(1, browser.findAll(By.cssSelector("#attention-table tbody tr")).size(), "one return needs attention");
        WebElement order = browser.find(row).findElement(By.cssSelector("td a"));
        assertEquals(orderId, order.getText());
        assertTrue(order.getDomAttribute("href").contains("order=" + orderId), order.getDomAttribute("href"));
        assertEquals(invoice, cell(row, "Entrance invoice"));
        assertEquals("Manual refund required", cell(row, "Status"));
        assertEquals("$75.00", cell(row, "Amount"));
        assertTrue(cell(row, "Age").matches("under a minute|\\d+ min"), cell(row, "Age"));
        WebElement chargeback = part(row, "chargeback-" + StackApi.PAYMENT);
        assertTrue(chargeback.getText().contains("Chargeback to payment " + StackApi.PAYMENT), chargeback.getText());
        assertTrue(chargeback.getText().contains("$69.00"), chargeback.getText());
        assertTrue(chargeback.getText().contains("Manual refund required"), chargeback.getText());
        assertTrue(chargeback.getText().contains("Provider: payment provider answered refund-manually"), chargeback.getText());
        WebElement giftCard = part(row, "giftCard");
        assertTrue(giftCard.getText().contains("$6.00") && giftCard.getText().contains("Refunded"), giftCard.getText());
        assertTrue(browser.find(row).findElements(By.cssSelector("button[data-action='retry']")).isEmpty(),
                "no Retry on a return that is not FAILED");
        List<WebElement> recordButtons = browser.find(row).findElements(By.cssSelector("button[data-action='record']"));
        assertEquals(1, recordButtons.size(), "Record manual refund on the manual part only");
        assertEquals("chargeback-" + StackApi.PAYMENT, recordButtons.getFirst().getDomAttribute("data-part-id"));
        browser.screenshot("attention-manual-refund.png", true);

        browser.click(recordButtons.getFirst());
        By reference = By.cssSelector(".manual-form input[name='reference']");
        browser.waitFor("the manual refund form", d -> browser.shown(reference));
        String referenceId = browser.find(reference).getDomAttribute("id");
        assertEquals(referenceId, browser.activeElement().getDomAttribute("id"), "focus moves to the reference");
        assertEquals("true", browser.find(row).findElement(By.cssSelector("button[data-action='record']"))
                .getDomAttribute("aria-expanded"));

        // no reference: the service refuses it (400 naming reference), shown next to the field
        browser.click(By.cssSelector(".manual-form button[type='submit']"));
        By referenceError = By.id(referenceId + "-error");
        browser.waitFor("the error next to the reference", d -> browser.shown(referenceError));
        String error = browser.find(referenceError).getText();
        assertTrue(error.contains("Reference must be 1 to 100 characters"), error);
        WebElement referenceInput = browser.find(reference);
        assertEquals("true", referenceInput.getDomAttribute("aria-invalid"));
        assertTrue(referenceInput.getDomAttribute("aria-describedby").contains(referenceId + "-error"));
        assertEquals(referenceId, browser.activeElement().getDomAttribute("id"), "focus on the field in error");
        browser.screenshot("attention-manual-refund-error.png", true);
        assertEquals("MANUAL_REFUND_REQUIRED", partStatus(api.getReturn(account, orderId, returnId), "chargeback-" + StackApi.PAYMENT),
                "a refused request changes nothing");

        // typing clears the error; Enter in the field submits (keyboard only)
        browser.find(reference).sendKeys("BANK-TRF-0042");
        assertFalse(browser.shown(referenceError), "the error goes once the field is changed");
        browser.type(By.cssSelector(".manual-form textarea[name='note']"), "Refunded by bank transfer");
        browser.find(reference).sendKeys(Keys.ENTER);

        browser.waitFor("the row to show the return refunded", d -> cell(row, "Status").equals("Refunded"));
        assertTrue(browser.findAll(By.cssSelector(".manual-form")).isEmpty(), "the form closes");
        assertEquals(returnId, browser.activeElement().getDomAttribute("data-return-id"), "focus on the updated row");
        chargeback = part(row, "chargeback-" + StackApi.PAYMENT);
        assertTrue(chargeback.getText().contains("Refunded") && chargeback.getText().contains("Refunded by hand, reference BANK-TRF-0042"),
                chargeback.getText());
        assertTrue(browser.find(row).findElements(By.cssSelector("button")).isEmpty(), "nothing left to do");
        assertEquals("Resolved", cell(row, "Actions"));
        browser.waitFor("the announcement", d -> browser.text("status").contains("recorded as refunded by hand"));

        Map<String, Object> stored = api.getReturn(account, orderId, returnId);
        assertEquals("REFUNDED", stored.get("status"));
        Map<String, Object> part = part(stored, "chargeback-" + StackApi.PAYMENT);
        assertEquals("REFUNDED", part.get("status"));
        assertEquals("BANK-TRF-0042", part.get("providerReference"));
        assertTrue(((List<Map<String, Object>>) stored.get("history")).stream().anyMatch(h -> String.valueOf(h.get("note"))
                .contains("refunded by hand, reference BANK-TRF-0042: Refunded by bank transfer")), stored.toString());
        browser.screenshot("attention-manual-refund-recorded.png", true);
    }

    @Test
    void aFailedRefundIsRetriedFromThePageAndARefusedRetrySaysWhy() throws IOException {
        String account = StackApi.newAccount();
        // two orders, so that pages of one order each show More
        api.importSampleOrder(account, "web-failed-1");
        api.importSampleOrder(account, "web-failed-2");
        String older = api.storeFailedReturn(account, "web-failed-1", "RET-F-1", "payment provider answered HTTP 503");
        String newer = api.storeFailedReturn(account, "web-failed-2", "RET-F-2", "connection reset");

        browser = PageBrowser.start(1280, 900);
        // one order per page (the service's pages hold 25), to page through two
        browser.beforeEveryPage("""
                const original = window.fetch;
                window.fetch = (url, init) => {
                  const u = new URL(url, location.href);
                  if (u.pathname === '/returns') {
                    u.searchParams.set('limit', '1');
                    return original(u.pathname + u.search, init);
                  }
                  return original(url, init);
                };""");
        browser.open(api.base() + "/attention.html?account=" + account);
        By olderRow = rowOf(older);
        By newerRow = rowOf(newer);
        browser.waitFor("the newest return's row", d -> !d.findElements(newerRow).isEmpty());
        assertTrue(browser.findAll(olderRow).isEmpty(), "one page at a time");
        assertEquals("Failed", cell(newerRow, "Status"));
        assertTrue(part(newerRow, "chargeback-" + StackApi.PAYMENT).getText().contains("Provider: connection reset"),
                part(newerRow, "chargeback-" + StackApi.PAYMENT).getText());
        assertTrue(part(newerRow, "giftCard").getText().contains("Provider: gift card provider answered HTTP 503"),
                part(newerRow, "giftCard").getText());
        assertTrue(browser.find(newerRow).findElements(By.cssSelector("button[data-action='record']")).isEmpty(),
                "no manual refund on parts that are not manual");

        browser.click(By.id("more"));
        browser.waitFor("the older return's row", d -> !d.findElements(olderRow).isEmpty());
        assertEquals(older, browser.activeElement().getDomAttribute("data-return-id"), "focus on the first new row");
        browser.waitFor("the end of the list", d -> !browser.shown(By.id("more")) && browser.shown(By.id("list-end")));
        assertEquals("That is all: 2 returns.", browser.text("list-end"));
        assertTrue(part(olderRow, "chargeback-" + StackApi.PAYMENT).getText()
                .contains("Provider: payment provider answered HTTP 503"));
        browser.screenshot("attention-failed.png", true);

        // someone else retried the newer return meanwhile: the page's Retry is refused, and says why
        assertEquals(202, api.retry(account, "web-failed-2", newer));
        browser.click(browser.find(newerRow).findElement(By.cssSelector("button[data-action='retry']")));
        By refusal = By.cssSelector("tr[data-return-id='" + newer + "'] .actions-cell .field-error");
        browser.waitFor("the refusal next to Retry", d -> browser.shown(refusal));
        assertTrue(browser.find(refusal).getText().contains("Only a failed refund can be retried"),
                browser.find(refusal).getText());
        // and the row shows the return as it now stands
        browser.waitFor("the newer row to show the retried return", d -> !cell(newerRow, "Status").equals("Failed"));

        // Retry from the page: the row follows the API's answer, then the refund to its end
        WebElement retry = browser.find(olderRow).findElement(By.cssSelector("button[data-action='retry']"));
        assertTrue(retry.getText().startsWith("Retry"), retry.getText());
        assertEquals("Retry the refund of RET-F-1", retry.getDomProperty("textContent").strip(), "the accessible name");
        browser.click(retry);
        browser.waitFor("the retried row", d -> browser.find(olderRow).getText().contains("Retry requested")
                || cell(olderRow, "Status").equals("Refunded"));
        assertTrue(browser.find(olderRow).findElements(By.cssSelector("button[data-action='retry']")).isEmpty(),
                "no Retry once the refund is back at work");
        assertEquals(older, browser.activeElement().getDomAttribute("data-return-id"), "focus on the row");
        browser.waitFor("the retried refund to be refunded", d -> cell(olderRow, "Status").equals("Refunded"));
        assertTrue(browser.find(olderRow).findElements(By.cssSelector(".field-error")).isEmpty(), "no error on the retried row");

        Map<String, Object> stored = api.awaitStatus(account, "web-failed-1", older, "REFUNDED");
        assertTrue(String.valueOf(stored.get("history")).contains("retry requested by an operator"), stored.toString());
        browser.screenshot("attention-retried.png", true);
    }

    @Test
    void bothListsFitAPhoneAndTheViewsLinkToEachOtherInTheSameAccount() throws IOException {
        String account = StackApi.newAccount();
        api.importSampleOrder(account, "web-phone-1");
        String returnId = api.storeFailedReturn(account, "web-phone-1", "RET-P-1", "payment provider answered HTTP 503");

        browser = PageBrowser.phone(390, 844);
        browser.open(api.base() + "/attention.html?account=" + account);
        browser.waitFor("the return's row", d -> !d.findElements(rowOf(returnId)).isEmpty());
        assertFitsTheWindow(browser.find(rowOf(returnId)).findElement(By.cssSelector("button[data-action='retry']")));
        browser.screenshot("attention-phone.png", true);

        // the header's links keep the store account
        browser.click(By.linkText("Returns by date"));
        browser.waitFor("the returns of the last 30 days", d -> !d.findElements(
                By.cssSelector("#returns-list tbody tr[data-return-id='" + returnId + "']")).isEmpty());
        assertTrue(browser.driver().getCurrentUrl().contains("account=" + account), browser.driver().getCurrentUrl());
        assertEquals("page", browser.find(By.linkText("Returns by date")).getDomAttribute("aria-current"));
        assertFitsTheWindow(browser.find(By.id("download-csv")));
        browser.screenshot("returns-by-date-phone.png", true);
    }

    /** No sideways scrolling, and the control is on the screen whole. */
    private void assertFitsTheWindow(WebElement control) {
        long viewport = ((Number) browser.js("return window.innerWidth")).longValue();
        assertEquals(390, viewport, "a phone-sized viewport");
        long page = ((Number) browser.js("return document.documentElement.scrollWidth")).longValue();
        assertTrue(page <= viewport, "no sideways scrolling: page " + page + "px in a " + viewport + "px window");
        browser.js("arguments[0].scrollIntoView({block: 'center'})", control);
        assertTrue(control.isDisplayed() && control.isEnabled(), "the control can be used");
        var rect = control.getRect();
        assertTrue(rect.getX() >= 0 && rect.getX() + rect.getWidth() <= viewport,
                "the control fits the window: " + rect.getX() + "+" + rect.getWidth() + " of " + viewport);
    }

    // ---- helpers ----------------------------------------------------------------------------------

    private static By rowOf(String returnId) {
        return By.cssSelector("#attention-table tbody tr[data-return-id='" + returnId + "']");
    }

    /** A cell's text by its column (the data-label the phone layout shows). */
    private String cell(By row, String label) {
        return browser.find(row).findElement(By.cssSelector("[data-label='" + label + "']")).getText().strip();
    }

    private WebElement part(By row, String partId) {
        return browser.find(row).findElement(By.cssSelector("li.part[data-part-id='" + partId + "']"));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> part(Map<String, Object> ret, String partId) {
        List<Map<String, Object>> parts = (List<Map<String, Object>>) ((Map<String, Object>) ret.get("refund")).get("parts");
        return parts.stream().filter(p -> partId.equals(p.get("partId"))).findFirst().orElseThrow();
    }

    private static String partStatus(Map<String, Object> ret, String partId) {
        return (String) part(ret, partId).get("status");
    }
}
