package dev.orderreturns.it;

import com.fasterxml.jackson.jr.ob.JSON;
import dev.orderreturns.local.LocalStack;
import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The HTTP API the end-to-end tests tagged {@code deployable} drive. By default the local stack the
 * tests share, with tokens from its {@code /_local/token}; with {@code -Dapi.url} (the Maven profile
 * {@code -Pdeployed}) any deployed stack, with the tokens it is given:
 * <ul>
 * <li>{@code api.token} or {@code api.tokenCommand}: a token of one store account with the scopes
 *     orders:write, returns:write and returns:read (required);</li>
 * <li>{@code api.otherToken} or {@code api.otherTokenCommand}: another account's token with the same
 *     scopes, for the isolation checks (skipped without it);</li>
 * <li>{@code api.readOnlyToken} or {@code api.readOnlyTokenCommand}: a token with returns:read only,
 *     for the 403 checks (skipped without it);</li>
 * <li>{@code api.refundWaitSeconds}: how long a return may take to be refunded (default 60).</li>
 * </ul>
 * A command is run with {@code sh -c} and its standard output, trimmed, is the token: a secret then
 * appears on no command line and in no test report. A deployed table keeps what the tests write,
 * so every order id is new to each run ({@link #newOrderId}).
 */
final class ApiUnderTest {

    static final String URL = "api.url";

    private static ApiUnderTest selected;

    private final String baseUrl;
    private final Http http;
    private final boolean local;
    private final String token;
    private final String otherToken;
    private final String readOnlyToken;
    private final Duration refundWait;
    private final String runId;
    private final AtomicInteger orders = new AtomicInteger();

    private ApiUnderTest(String baseUrl, boolean local, String token, String otherToken, String readOnlyToken,
                         Duration refundWait) {
        this.baseUrl = baseUrl;
        this.http = new Http(baseUrl, local);
        this.local = local;
        this.token = token;
        this.otherToken = otherToken;
        this.readOnlyToken = readOnlyToken;
        this.refundWait = refundWait;
        // sortable and readable in a table scan: when the run was, plus enough randomness for parallel runs
        this.runId = LocalDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"))
                + "-" + UUID.randomUUID().toString().substring(0, 6);
    }

    /** The API named by the system properties, or the shared local stack; one per JVM. */
    static synchronized ApiUnderTest get() {
        if (selected == null) {
            String url = System.getProperty(URL, "").trim();
            selected = url.isEmpty() ? local() : deployed(url);
        }
        return selected;
    }

    private static ApiUnderTest local() {
        String baseUrl = LocalStack.shared().baseUrl();
        Http http = new Http(baseUrl);
        String account = Samples.newAccount();
        return new ApiUnderTest(baseUrl, true, Tokens.token(http, account), Tokens.token(http, Samples.newAccount()),
                Tokens.token(http, account, "returns:read"), Duration.ofSeconds(30));
    }

    private static ApiUnderTest deployed(String url) {
        String token = tokenFrom("api.token");
        if (token == null) {
            throw new IllegalStateException("-D" + URL + " needs a token: -Dapi.token=... or -Dapi.tokenCommand=\"...\"");
        }
        String other = tokenFrom("api.otherToken");
        String otherAccount = claim(other, "account");
        if (otherAccount != null && otherAccount.equals(claim(token, "account"))) {
            throw new IllegalStateException("api.otherToken carries the same account claim as api.token ("
                    + otherAccount + "): the isolation checks need another account's token");
        }
        String waitSetting = System.getProperty("api.refundWaitSeconds", "60").trim();
        if (!waitSetting.matches("[1-9][0-9]{0,5}")) {
            throw new IllegalStateException("-Dapi.refundWaitSeconds must be a number of seconds, not " + waitSetting);
        }
        return new ApiUnderTest(url.replaceAll("/+$", ""), false, token, other, tokenFrom("api.readOnlyToken"),
                Duration.ofSeconds(Long.parseLong(waitSetting)));
    }

    /** {@code -Dname=token}, or the output of {@code -DnameCommand="..."}; null when neither is set. */
    private static String tokenFrom(String name) {
        String value = System.getProperty(name, "").trim();
        if (!value.isEmpty()) return value;
        String command = System.getProperty(name + "Command", "").trim();
        return command.isEmpty() ? null : run(name + "Command", command);
    }

    private static String run(String setting, String command) {
        try {
            Process process = new ProcessBuilder("sh", "-c", command)
                    .redirectError(ProcessBuilder.Redirect.INHERIT).start();
            process.getOutputStream().close();
            byte[] out = process.getInputStream().readAllBytes();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("-D" + setting + " did not finish within 60 s");
            }
            String token = new String(out, StandardCharsets.UTF_8).trim();
            if (process.exitValue() != 0 || token.isEmpty()) {
                throw new IllegalStateException("-D" + setting + " exited with " + process.exitValue()
                        + (token.isEmpty() ? " and printed no token" : ""));
            }
            return token;
        } catch (IOException e) {
            throw new IllegalStateException("-D" + setting + " could not run: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A claim of a JWT's payload (read, not verified: the API verifies), or null if it is not one. */
    static String claim(String jwt, String name) {
        if (jwt == null) return null;
        String[] parts = jwt.split("\\.");
        if (parts.length != 3) return null;
        try {
            Map<String, Object> payload = JSON.std.mapFrom(Base64.getUrlDecoder().decode(parts[1]));
            return payload.get(name) instanceof String value ? value : null;
        } catch (IOException | IllegalArgumentException e) {
            return null;
        }
    }

    Http http() {
        return http;
    }

    String baseUrl() {
        return baseUrl;
    }

    /** Whether this is the local stack, whose {@code /_local} endpoints (ledger, faults, tokens) exist. */
    boolean isLocal() {
        return local;
    }

    /** Skips the calling test, saying why, unless this is the local stack. */
    void assumeLocal(String what) {
        Assumptions.assumeTrue(local, () -> what + " exists only on the local stack; not checked against " + baseUrl);
    }

    /** The token of the account the tests work in, with every scope. */
    String token() {
        return token;
    }

    /** Another account's token with every scope; skips the calling test when none was given. */
    String otherAccountToken() {
        Assumptions.assumeTrue(otherToken != null,
                "no -Dapi.otherToken (another account's token): isolation between accounts not checked");
        return otherToken;
    }

    /** A token with returns:read only; skips the calling test when none was given. */
    String readOnlyToken() {
        Assumptions.assumeTrue(readOnlyToken != null,
                "no -Dapi.readOnlyToken (a token with returns:read only): 403 for a missing scope not checked");
        return readOnlyToken;
    }

    /** A token from the local stack's {@code /_local/token} with the given scopes; local only. */
    String localToken(String... scopes) {
        assumeLocal("/_local/token, which signs tokens with any scopes,");
        String account = claim(token, "account");
        return Tokens.token(http, account, scopes);
    }

    Duration refundWait() {
        return refundWait;
    }

    /** An order id no earlier run used: {@code e2e-<run>-<n>}, within the 100 characters ids may have. */
    String newOrderId() {
        return "e2e-" + runId + "-" + orders.incrementAndGet();
    }

    /** The sample order import (events/put-order.json) under another order id. */
    static String orderBody(String orderId) {
        Map<String, Object> order = Samples.orderBodyMap();
        order.put("orderId", orderId);
        return Http.json(order);
    }
}
