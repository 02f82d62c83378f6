package dev.orderreturns.web;

import com.fasterxml.jackson.jr.ob.JSON;
import dev.orderreturns.local.LocalStack;
import dev.orderreturns.local.RepoPaths;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The operator's Return items page (web/), served by the local stack, driven in a real headless
 * Chromium: return items with an additional value and follow the refund to REFUNDED; a refused
 * submission shows its error next to the field; the form works in a phone-sized window.
 *
 * <p>Needs Debian's {@code chromium} and {@code chromium-driver} packages ({@code /usr/bin/chromium},
 * {@code /usr/bin/chromedriver}); nothing is downloaded. Without them the test fails, saying so.
 */
@Tag("browser")
class ReturnItemsPageTest {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private static String base;

    private PageBrowser browser;
    private WebDriver driver;

    @BeforeAll
    static void requireChromiumAndStack() {
        PageBrowser.requireChromium();
        base = LocalStack.shared().baseUrl();
    }

    @AfterEach
    void closeBrowser() throws IOException {
        if (browser != null) browser.close();
    }

    // ---- the tests ------------------------------------------------------------------------------

    @Test
    void returnsTwoItemsWithAnAdditionalValueAndShowsTheRefund() throws IOException {
        String account = newAccount();
        String orderId = importSampleOrder(account);
        startBrowser(1280, 900);
        openOrder(account, orderId);

        assertEquals(List.of("1", "1", "3"), columnTexts("items-table", 6), "returnable units per item");
        assertEquals(List.of("NF-1001"), driver.findElements(By.cssSelector("#invoices-table tbody th")).stream()
                .map(WebElement::getText).toList());

        click(By.id("return-items"));
        waitFor("the return form", d -> d.findElement(By.id("return-form-section")).isDisplayed());
        click(By.id("line-0-check"));
        click(By.id("line-2-check"));
        type(By.id("line-2-units"), "2");
        type(By.id("additional-value"), "12.00");
        type(By.id("referred-to"), "Shipping refund");
        String invoiceNumber = "RET-" + UUID.randomUUID().toString().substring(0, 8);
        type(By.id("entrance-invoice-number"), invoiceNumber);
        type(By.id("reason"), "Customer changed their mind");

        // the plan, as the service will work it out (R6): $12.00 of $20.00 shipping → half and half
        assertEquals("$63.00", text("plan-items"));
        assertEquals("$12.00", text("plan-additional"));
        assertEquals("$69.00", text("plan-chargeback"));
        assertEquals("$6.00", text("plan-gift-card"));
        assertEquals("$75.00", text("plan-total"));
        screenshot("return-form.png", true);

        // a double click must not make two returns (the button is disabled while submitting)
        WebElement submit = driver.findElement(By.id("request-chargeback"));
        new Actions(driver).doubleClick(submit).perform();

        By row = By.xpath("//table[@id='returns-table']/tbody/tr[th[normalize-space()='" + invoiceNumber + "']]");
        waitFor("the new return's row", d -> !d.findElements(row).isEmpty());
        WebElement returnRow = driver.findElement(row);
        String returnId = returnRow.getDomAttribute("data-return-id");
        waitFor("focus on the new return's row", d -> returnId.equals(activeElement().getDomAttribute("data-return-id")));
        waitFor("the refund to be refunded", d -> d.findElement(row).findElement(By.className("status-cell"))
                .getText().equals("Refunded"));
        assertTrue(driver.findElement(By.id("return-form-section")).isDisplayed() == false, "the form closes");
        String refund = driver.findElement(row).findElement(By.xpath("td[3]")).getText();
        assertTrue(refund.contains("$75.00") && refund.contains("Chargeback $69.00") && refund.contains("Gift card $6.00"),
                refund);
        assertEquals(List.of("0", "1", "1"), columnTexts("items-table", 6), "returnable units after the return");
        waitFor("the status announcement", d -> text("status").contains("refunded"));
        assertEquals(returnId, activeElement().getDomAttribute("data-return-id"), "focus stays on the row while polling");

        Map<String, Object> order = getOrder(account, orderId);
        assertEquals(1, ((List<?>) order.get("returns")).size(), "exactly one return, whatever the clicks");
        assertEquals(true, driver.findElement(By.id("form-error")).getDomAttribute("hidden") != null,
                "no error shown");

        screenshot("return-refunded.png", true);
    }

    @Test
    void refusedSubmissionsShowTheirErrorNextToTheField() {
        String account = newAccount();
        String orderId = importSampleOrder(account);
        startBrowser(1280, 900);
        openOrder(account, orderId);
        click(By.id("return-items"));
        waitFor("the return form", d -> d.findElement(By.id("return-form-section")).isDisplayed());

        click(By.id("line-2-check"));
        // never more units than returnable: 5 socks become the 3 returnable ones
        type(By.id("line-2-units"), "5");
        click(By.id("reason"));
        assertEquals("3", driver.findElement(By.id("line-2-units")).getDomProperty("value"));
        assertEquals("3", driver.findElement(By.id("line-2-units")).getDomAttribute("max"));
        type(By.id("reason"), "Wrong size");

        // R3: '#' breaks downstream systems; the service refuses it (400) on entranceInvoiceNumber
        type(By.id("entrance-invoice-number"), "RET#1");
        click(By.id("request-chargeback"));
        assertFieldError("entrance-invoice-number", "no '#'");

        // an invoice number the order already has: 409, shown on the same field
        type(By.id("entrance-invoice-number"), "NF-1001");
        click(By.id("request-chargeback"));
        assertFieldError("entrance-invoice-number", "already has an invoice numbered NF-1001");

        // an additional value that is not an amount never leaves the page
        type(By.id("entrance-invoice-number"), "RET-OK-1");
        type(By.id("additional-value"), "12.345");
        click(By.id("request-chargeback"));
        assertFieldError("additional-value", "at most 2 decimals");

        assertTrue(((List<?>) getOrder(account, orderId).get("returns")).isEmpty(), "refused requests change nothing");
    }

    @Test
    void aLostAnswerIsRetriedWithTheSameIdempotencyKey() {
        String account = newAccount();
        String orderId = importSampleOrder(account);
        startBrowser(1280, 900);
        openOrder(account, orderId);
        click(By.id("return-items"));
        waitFor("the return form", d -> d.findElement(By.id("return-form-section")).isDisplayed());
        click(By.id("line-1-check"));
        type(By.id("entrance-invoice-number"), "RET-LOST-1");
        type(By.id("reason"), "Lost answer");
        // the first POST reaches the service, but its answer is lost on the way back
        js("""
                const original = window.fetch;
                window.returnPosts = [];
                window.fetch = async (url, init) => {
                  if (init?.method === 'POST' && String(url).endsWith('/returns')) {
                    window.returnPosts.push(init.headers['idempotency-key']);
                    if (window.returnPosts.length === 1) {
                      await original(url, init);
                      throw new TypeError('Failed to fetch');
                    }
                  }
                  return original(url, init);
                };""");
        click(By.id("request-chargeback"));
        waitFor("the lost answer to be reported", d -> d.findElement(By.id("form-error")).isDisplayed()
                && text("form-error").contains("could not be reached"));
        assertEquals("form-error", activeElement().getDomAttribute("id"));

        click(By.id("request-chargeback"));
        By row = By.xpath("//table[@id='returns-table']/tbody/tr[th[normalize-space()='RET-LOST-1']]");
        waitFor("the return's row", d -> !d.findElements(row).isEmpty());
        List<?> keys = (List<?>) js("return window.returnPosts");
        assertEquals(2, keys.size(), keys.toString());
        assertEquals(keys.get(0), keys.get(1), "the retry reuses the first attempt's Idempotency-Key");
        assertEquals(1, ((List<?>) getOrder(account, orderId).get("returns")).size(), "one return, not two");
    }

    @Test
    void moneyIsExactAndFollowsTheCurrency() {
        startBrowser(1280, 900);
        driver.get(base + "/");
        waitFor("the page", d -> d.findElement(By.tagName("body")).getDomAttribute("data-ready") != null);
        Object result = ((JavascriptExecutor) driver).executeAsyncScript("""
                const done = arguments[arguments.length - 1];
                import('/app.js').then(({ money, parseAmount, refundPlan }) => done({
                  usd: money(7500, 'USD'), jpy: money(1200, 'JPY'), kwd: money(1234, 'KWD'),
                  cents: parseAmount('12.00', 'USD').minor, small: parseAmount('0.07', 'USD').minor,
                  floaty: parseAmount('1.15', 'USD').minor, comma: parseAmount('19,99', 'USD').minor,
                  whole: parseAmount('12', 'USD').minor, empty: parseAmount('  ', 'USD').minor,
                  yen: parseAmount('1200', 'JPY').minor, yenDecimals: parseAmount('12.5', 'JPY').error ?? null,
                  tooPrecise: parseAmount('1.005', 'USD').error ?? null, negative: parseAmount('-1', 'USD').error ?? null,
                  half: refundPlan(6300, 1200, 2000), odd: refundPlan(0, 1201, 2000), all: refundPlan(2500, 2000, 2000),
                })).catch((e) => done(String(e)));""");
        @SuppressWarnings("unchecked")
        Map<String, Object> r = (Map<String, Object>) result;
        assertEquals("$75.00", r.get("usd"));
        assertEquals("¥1,200", r.get("jpy"));
        assertTrue(String.valueOf(r.get("kwd")).contains("1.234"), String.valueOf(r.get("kwd")));
        assertEquals(1200L, r.get("cents"));
        assertEquals(7L, r.get("small"));
        assertEquals(115L, r.get("floaty"), "1.15 is 115 cents, not 114.99999999999999");
        assertEquals(1999L, r.get("comma"));
        assertEquals(1200L, r.get("whole"));
        assertEquals(0L, r.get("empty"));
        assertEquals(1200L, r.get("yen"));
        assertTrue(r.get("yenDecimals") != null && r.get("tooPrecise") != null && r.get("negative") != null, r.toString());
        assertEquals(Map.of("itemsValue", 6300L, "additionalValue", 1200L, "chargeback", 6900L, "giftCard", 600L,
                "total", 7500L), r.get("half"));
        assertEquals(Map.of("itemsValue", 0L, "additionalValue", 1201L, "chargeback", 601L, "giftCard", 600L,
                "total", 1201L), r.get("odd"), "the odd cent goes to the chargeback");
        assertEquals(Map.of("itemsValue", 2500L, "additionalValue", 2000L, "chargeback", 4500L, "giftCard", 0L,
                "total", 4500L), r.get("all"), "all the shipping: all chargeback");
    }

    @Test
    void theStackServesThePageAndOnlyThePage() {
        record Got(int status, String type, String cache, String body) {}
        Function<String[], Got> get = request -> {
            HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(base + request[0]));
            for (int i = 1; i < request.length; i += 2) builder.header(request[i], request[i + 1]);
            HttpResponse<String> response = send(builder.GET());
            return new Got(response.statusCode(), response.headers().firstValue("content-type").orElse(""),
                    response.headers().firstValue("cache-control").orElse(""), response.body());
        };
        Got page = get.apply(new String[] {"/", "accept", "text/html,application/xhtml+xml,*/*;q=0.8"});
        assertEquals(200, page.status());
        assertEquals("text/html; charset=utf-8", page.type());
        assertEquals("no-store", page.cache());
        assertTrue(page.body().contains("<h1>Return items</h1>"), page.body());
        assertEquals("text/javascript; charset=utf-8", get.apply(new String[] {"/app.js"}).type());
        assertEquals("text/javascript; charset=utf-8", get.apply(new String[] {"/auth.js"}).type());
        assertEquals("text/css; charset=utf-8", get.apply(new String[] {"/app.css"}).type());
        assertEquals("no-store", get.apply(new String[] {"/app.css"}).cache());
        // an API client asking for / still gets the API's answer, as before
        assertEquals(404, get.apply(new String[] {"/", "accept", "application/json"}).status());
        // nothing outside web/: such paths go to the API, which wants a token
        for (String path : List.of("/../pom.xml", "/..%2Fpom.xml", "/%2e%2e/pom.xml", "/web/../README.md",
                "/.%2e/template.yaml", "/app.js/", "/%2Fetc%2Fpasswd", "/nothing.html")) {
            Got got = get.apply(new String[] {path});
            assertTrue(got.status() == 401 || got.status() == 404, path + " -> " + got.status() + " " + got.body());
            assertTrue(!got.type().startsWith("text/"), path + " -> " + got.type());
        }
    }

    @Test
    void theReturnFormIsUsableInAPhoneSizedWindow() throws IOException {
        String account = newAccount();
        String orderId = importSampleOrder(account);
        startBrowser(390, 844, true);
        // the order straight from the URL
        driver.get(base + "/?account=" + account + "&order=" + orderId);
        waitFor("the order", d -> d.findElement(By.id("order")).isDisplayed()
                && d.findElements(By.cssSelector("#items-table tbody tr")).size() == 3);

        click(By.id("return-items"));
        waitFor("the return form", d -> d.findElement(By.id("return-form-section")).isDisplayed());
        click(By.id("line-1-check"));
        type(By.id("additional-value"), "20");
        String invoiceNumber = "RET-P-" + UUID.randomUUID().toString().substring(0, 6);
        type(By.id("entrance-invoice-number"), invoiceNumber);
        type(By.id("reason"), "Damaged in transit");
        // all the shipping: all of it back as chargeback
        assertEquals("$45.00", text("plan-chargeback"));
        assertEquals("$0.00", text("plan-gift-card"));

        long viewport = ((Number) js("return window.innerWidth")).longValue();
        assertEquals(390, viewport, "a phone-sized viewport");
        long page = ((Number) js("return document.documentElement.scrollWidth")).longValue();
        assertTrue(page <= viewport, "no sideways scrolling: page " + page + "px in a " + viewport + "px window");
        WebElement submit = driver.findElement(By.id("request-chargeback"));
        js("arguments[0].scrollIntoView({block: 'center'})", submit);
        assertTrue(submit.isDisplayed() && submit.isEnabled(), "the button can be used");
        var rect = submit.getRect();
        assertTrue(rect.getX() >= 0 && rect.getX() + rect.getWidth() <= viewport,
                "the button fits the window: " + rect.getX() + "+" + rect.getWidth() + " of " + viewport);
        screenshot("return-form-phone.png", true);
        submit.click();

        By row = By.xpath("//table[@id='returns-table']/tbody/tr[th[normalize-space()='" + invoiceNumber + "']]");
        waitFor("the refund to be refunded", d -> !d.findElements(row).isEmpty()
                && d.findElement(row).findElement(By.className("status-cell")).getText().contains("Refunded"));
        screenshot("return-refunded-phone.png", true);
    }

    // ---- the page -------------------------------------------------------------------------------

    private void openOrder(String account, String orderId) {
        driver.get(base + "/");
        waitFor("the page to start in local mode", d -> "local".equals(
                d.findElement(By.tagName("body")).getDomAttribute("data-ready")));
        type(By.id("account"), account);
        type(By.id("order-id"), orderId);
        click(By.id("open-order-button"));
        waitFor("the order", d -> d.findElement(By.id("order")).isDisplayed()
                && d.findElements(By.cssSelector("#items-table tbody tr")).size() == 3);
        assertEquals("order-heading", activeElement().getDomAttribute("id"), "focus moves to the order");
    }

    private void assertFieldError(String inputId, String expected) {
        By error = By.id(inputId + "-error");
        waitFor("the error on " + inputId, d -> d.findElement(error).isDisplayed()
                && d.findElement(error).getText().contains(expected));
        WebElement input = driver.findElement(By.id(inputId));
        assertEquals("true", input.getDomAttribute("aria-invalid"));
        assertTrue(input.getDomAttribute("aria-describedby").contains(inputId + "-error"),
                input.getDomAttribute("aria-describedby"));
        waitFor("focus on " + inputId, d -> inputId.equals(activeElement().getDomAttribute("id")));
    }

    private void click(By by) {
        browser.click(by);
    }

    private void type(By by, String text) {
        browser.type(by, text);
    }

    private String text(String id) {
        return browser.text(id);
    }

    private List<String> columnTexts(String tableId, int column) {
        return driver.findElements(By.cssSelector("#" + tableId + " tbody tr")).stream()
                .map(tr -> tr.findElements(By.cssSelector("th, td")).get(column - 1).getText()).toList();
    }

    private WebElement activeElement() {
        return browser.activeElement();
    }

    private Object js(String script, Object... args) {
        return browser.js(script, args);
    }

    private void waitFor(String what, Function<WebDriver, Boolean> condition) {
        browser.waitFor(what, condition);
    }

    private void screenshot(String name, boolean fullPage) throws IOException {
        browser.screenshot(name, fullPage);
    }

    // ---- the browser ----------------------------------------------------------------------------

    private void startBrowser(int width, int height) {
        startBrowser(width, height, false);
    }

    /** A fresh headless Chromium; {@code phone} emulates a phone's screen. */
    private void startBrowser(int width, int height, boolean phone) {
        browser = phone ? PageBrowser.phone(width, height) : PageBrowser.start(width, height);
        driver = browser.driver();
    }


    // ---- the API --------------------------------------------------------------------------------

    private static String newAccount() {
        return "web-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static String token(String account) {
        HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(base + "/_local/token"))
                .POST(HttpRequest.BodyPublishers.ofString(json(Map.of("account", account,
                        "scopes", List.of("orders:write", "returns:write", "returns:read"))))));
        assertEquals(200, response.statusCode(), response.body());
        return (String) map(response.body()).get("token");
    }

    /** Imports events/put-order.json's order (with its sale invoice NF-1001) into the account. */
    private static String importSampleOrder(String account) {
        String body;
        try {
            body = (String) map(Files.readString(RepoPaths.root().resolve("events/put-order.json"))).get("body");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String orderId = (String) map(body).get("orderId");
        HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(base + "/orders/" + orderId))
                .header("authorization", "Bearer " + token(account))
                .header("content-type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(body)));
        assertTrue(response.statusCode() == 200 || response.statusCode() == 201, response.statusCode() + " " + response.body());
        return orderId;
    }

    private static Map<String, Object> getOrder(String account, String orderId) {
        HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(base + "/orders/" + orderId))
                .header("authorization", "Bearer " + token(account)).GET());
        assertEquals(200, response.statusCode(), response.body());
        return map(response.body());
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return HTTP.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, Object> map(String json) {
        try {
            return JSON.std.mapFrom(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String json(Object value) {
        try {
            return JSON.std.asString(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
