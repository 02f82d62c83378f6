package dev.orderreturns.web;

import dev.orderreturns.local.RepoPaths;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * A fresh headless Debian Chromium driving the operator's page, for the browser tests of the views
 * beside the Return items one: typing, clicking, waiting with a screenshot on time-out, screenshots
 * under local/target/screenshots, and an optional download directory.
 */
final class PageBrowser implements AutoCloseable {

    static final String CHROMIUM = "/usr/bin/chromium";
    static final String CHROMEDRIVER = "/usr/bin/chromedriver";
    static final Path SCREENSHOTS = RepoPaths.localDir().resolve("target").resolve("screenshots");
    private static final Duration WAIT = Duration.ofSeconds(30);

    private final ChromeDriverService service;
    private final ChromeDriver driver;
    private final Path profile;
    private final Path downloads;

    /** Fails the test, saying what to install, when Debian's Chromium or its driver is missing. */
    static void requireChromium() {
        if (!Files.isExecutable(Path.of(CHROMIUM)) || !Files.isExecutable(Path.of(CHROMEDRIVER))) {
            fail("Chromium is not installed (" + CHROMIUM + " and " + CHROMEDRIVER + " are needed): run "
                    + "`apt-get install -y chromium chromium-driver` (CI installs it). The browser tests of the "
                    + "operator page cannot run without it.");
        }
        // Selenium must use Debian's driver and never try to download one (Selenium Manager)
        System.setProperty("webdriver.chrome.driver", CHROMEDRIVER);
    }

    /** A desktop window of that size; downloads land in {@link #downloads()}. */
    static PageBrowser start(int width, int height) {
        return new PageBrowser(width, height, false);
    }

    /** A phone's screen (desktop windows are at least 500px wide, so the phone is emulated). */
    static PageBrowser phone(int width, int height) {
        return new PageBrowser(width, height, true);
    }

    private PageBrowser(int width, int height, boolean phone) {
        try {
            profile = Files.createTempDirectory("chromium-profile-");
            downloads = Files.createTempDirectory("chromium-downloads-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM);
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--user-data-dir=" + profile, "--window-size=" + width + "," + height,
                "--lang=en-US");
        Map<String, Object> prefs = new HashMap<>();
        prefs.put("intl.accept_languages", "en-US");
        prefs.put("download.default_directory", downloads.toString());
        prefs.put("download.prompt_for_download", false);
        options.setExperimentalOption("prefs", prefs);
        if (phone) {
            options.setExperimentalOption("mobileEmulation", Map.of("deviceMetrics",
                    Map.of("width", width, "height", height, "pixelRatio", 2.0, "mobile", true, "touch", true)));
        }
        options.setCapability("goog:loggingPrefs", Map.of(LogType.BROWSER, "ALL"));
        service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(CHROMEDRIVER))
                .usingAnyFreePort()
                .build();
        driver = new ChromeDriver(service, options);
        // headless Chromium saves downloads only where it is told to, whatever the preferences say
        driver.executeCdpCommand("Browser.setDownloadBehavior", Map.of("behavior", "allow",
                "downloadPath", downloads.toString(), "eventsEnabled", true));
    }

    WebDriver driver() {
        return driver;
    }

    Path downloads() {
        return downloads;
    }

    /** Runs the script in every page before the page's own scripts (e.g. to wrap fetch). */
    void beforeEveryPage(String script) {
        driver.executeCdpCommand("Page.addScriptToEvaluateOnNewDocument", Map.of("source", script));
    }

    /** Makes the pages see that IANA time zone, as an operator there would. */
    void timeZone(String zone) {
        driver.executeCdpCommand("Emulation.setTimezoneOverride", Map.of("timezoneId", zone));
    }

    /** Loads the URL and waits until the page has found the API (body[data-ready]). */
    void open(String url) {
        driver.get(url);
        waitFor("the page to start in local mode", d -> "local".equals(
                d.findElement(By.tagName("body")).getDomAttribute("data-ready")));
    }

    WebElement find(By by) {
        return driver.findElement(by);
    }

    List<WebElement> findAll(By by) {
        return driver.findElements(by);
    }

    void click(By by) {
        click(driver.findElement(by));
    }

    void click(WebElement element) {
        js("arguments[0].scrollIntoView({block: 'center'})", element);
        element.click();
    }

    void type(By by, String text) {
        WebElement element = driver.findElement(by);
        js("arguments[0].scrollIntoView({block: 'center'})", element);
        element.clear();
        element.sendKeys(text);
    }

    String text(String id) {
        return driver.findElement(By.id(id)).getText();
    }

    boolean shown(By by) {
        List<WebElement> found = driver.findElements(by);
        return !found.isEmpty() && found.getFirst().isDisplayed();
    }

    WebElement activeElement() {
        return driver.switchTo().activeElement();
    }

    Object js(String script, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(script, args);
    }

    /** Runs an async script: it ends by calling {@code done(value)}. */
    Object jsAsync(String script, Object... args) {
        return ((JavascriptExecutor) driver).executeAsyncScript(
                "const done = arguments[arguments.length - 1];\n" + script, args);
    }

    /** Waits up to 30 s; on time-out, fails with what the page says and a screenshot. */
    void waitFor(String what, Function<WebDriver, Boolean> condition) {
        try {
            // rows are re-rendered as returns change: an element found a moment ago may be gone
            new WebDriverWait(driver, WAIT, Duration.ofMillis(100))
                    .ignoring(StaleElementReferenceException.class)
                    .until(condition::apply);
        } catch (RuntimeException e) {
            String shot = "failed-" + what.replaceAll("[^A-Za-z0-9]+", "-") + ".png";
            try {
                screenshot(shot, false);
            } catch (RuntimeException | IOException ignored) {
                // the failure below says enough
            }
            throw new AssertionError("waited for " + what + " (" + e.getClass().getSimpleName() + "); status: \""
                    + safeText("status") + "\", errors shown: " + shownErrors() + "; browser console: "
                    + consoleLog() + "; screenshot " + SCREENSHOTS.resolve(shot), e);
        }
    }

    private String safeText(String id) {
        try {
            return String.valueOf(js("return document.getElementById(arguments[0])?.textContent ?? ''", id)).strip();
        } catch (RuntimeException e) {
            return "?";
        }
    }

    /** The texts of the error boxes and field errors on show (the page's own account of what went wrong). */
    private Object shownErrors() {
        try {
            return js("return [...document.querySelectorAll('[role=alert], .field-error')]"
                    + ".filter((e) => !e.hidden && e.textContent.trim()).map((e) => (e.id || e.className) + ': '"
                    + " + e.textContent.trim())");
        } catch (RuntimeException e) {
            return "?";
        }
    }

    List<String> consoleLog() {
        List<String> lines = new ArrayList<>();
        try {
            for (LogEntry entry : driver.manage().logs().get(LogType.BROWSER)) lines.add(entry.getMessage());
        } catch (RuntimeException e) {
            lines.add("(unavailable: " + e.getMessage() + ")");
        }
        return lines;
    }

    /**
     * Saves a screenshot under local/target/screenshots: the whole page (through chromedriver's CDP
     * passthrough, as Puppeteer's fullPage does) or the window.
     */
    @SuppressWarnings("unchecked")
    Path screenshot(String name, boolean fullPage) throws IOException {
        Files.createDirectories(SCREENSHOTS);
        byte[] png;
        if (fullPage) {
            Map<String, Object> metrics = driver.executeCdpCommand("Page.getLayoutMetrics", Map.of());
            Map<String, Object> content = (Map<String, Object>) metrics.get("cssContentSize");
            Map<String, Object> shot = driver.executeCdpCommand("Page.captureScreenshot", Map.of(
                    "format", "png", "captureBeyondViewport", true,
                    "clip", Map.of("x", 0, "y", 0, "width", ((Number) content.get("width")).doubleValue(),
                            "height", ((Number) content.get("height")).doubleValue(), "scale", 1)));
            png = Base64.getDecoder().decode((String) shot.get("data"));
        } else {
            png = ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES);
        }
        Path file = SCREENSHOTS.resolve(name);
        Files.write(file, png);
        return file;
    }

    @Override
    public void close() throws IOException {
        try {
            driver.quit();
        } finally {
            service.stop();
            for (Path dir : List.of(profile, downloads)) {
                try (Stream<Path> files = Files.walk(dir)) {
                    files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                }
            }
        }
    }
}
