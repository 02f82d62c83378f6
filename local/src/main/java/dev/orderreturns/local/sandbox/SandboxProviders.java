package dev.orderreturns.local.sandbox;

import com.fasterxml.jackson.jr.ob.JSON;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Sandbox payment and gift-card providers: real HTTP servers on loopback speaking the two
 * protocols the refund processor uses (DESIGN.md section 2), keeping a {@link SandboxLedger},
 * honouring requestId idempotency, checking credentials, and failing on demand ({@link SandboxFaults}).
 */
public final class SandboxProviders implements AutoCloseable {

    public static final String APP_KEY = "sandbox-app-key";
    public static final String APP_TOKEN = "sandbox-app-token";

    private static final Pattern REFUND = Pattern.compile("/payments/([^/]+)/refunds");
    private static final Pattern CREDIT = Pattern.compile("/giftcards/([^/]+)/transactions");
    private static final JSON JSON_IO = JSON.std.with(JSON.Feature.USE_BIG_DECIMAL_FOR_FLOATS);

    private final SandboxLedger ledger = new SandboxLedger();
    private final SandboxFaults faults = new SandboxFaults();
    private final Duration timeoutDelay;
    private final HttpServer payments;
    private final HttpServer giftCards;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();

    /** @param timeoutDelay how late a "timeout" fault answers: longer than the clients' read timeout */
    public SandboxProviders(Duration timeoutDelay) throws IOException {
        this.timeoutDelay = timeoutDelay;
        payments = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
        payments.createContext("/", this::payments);
        payments.setExecutor(executor);
        giftCards = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
        giftCards.createContext("/", this::giftCards);
        giftCards.setExecutor(executor);
        payments.start();
        giftCards.start();
    }

    public String paymentsBaseUrl() {
        return "http://127.0.0.1:" + payments.getAddress().getPort();
    }

    public String giftCardsBaseUrl() {
        return "http://127.0.0.1:" + giftCards.getAddress().getPort();
    }

    public SandboxLedger ledger() {
        return ledger;
    }

    public SandboxFaults faults() {
        return faults;
    }

    private void payments(HttpExchange exchange) throws IOException {
        try (exchange) {
            Matcher m = REFUND.matcher(exchange.getRequestURI().getPath());
            if (!"POST".equals(exchange.getRequestMethod()) || !m.matches()) {
                answer(exchange, 404, Map.of("message", "no such operation"));
                return;
            }
            if (!authorized(exchange)) {
                return;
            }
            Map<String, Object> body = body(exchange);
            Object requestId = body == null ? null : body.get("requestId");
            if (!(requestId instanceof String id) || !(body.get("value") instanceof Number value)
                    || !m.group(1).equals(body.get("paymentId"))) {
                answer(exchange, 400, Map.of("message", "requestId, paymentId (as in the path) and value are required"));
                return;
            }
            SandboxFaults.Mode fault = faults.next(SandboxFaults.Target.PAYMENTS);
            if (answeredFault(exchange, fault)) {
                return;
            }
            SandboxLedger.Refund refund = ledger.refund(id, m.group(1), decimal(value));
            Map<String, Object> answer = new LinkedHashMap<>();
            answer.put("paymentId", refund.paymentId());
            answer.put("refundId", refund.refundId());
            answer.put("value", refund.value());
            answer.put("code", null);
            answer.put("message", "refunded");
            answer.put("requestId", refund.requestId());
            answerLate(exchange, fault, answer);
        }
    }

    private void giftCards(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            if (!"POST".equals(exchange.getRequestMethod())) {
                answer(exchange, 404, Map.of("message", "no such operation"));
                return;
            }
            if (!authorized(exchange)) {
                return;
            }
            Map<String, Object> body = body(exchange);
            Object requestId = body == null ? null : body.get("requestId");
            if (!(requestId instanceof String id)) {
                answer(exchange, 400, Map.of("message", "requestId is required"));
                return;
            }
            if (path.equals("/giftcards")) {
                SandboxFaults.Mode fault = faults.next(SandboxFaults.Target.GIFTCARDS);
                if (answeredFault(exchange, fault)) {
                    return;
                }
                answerLate(exchange, fault, Map.of("id", ledger.createCard(id), "balance", 0));
                return;
            }
            Matcher m = CREDIT.matcher(path);
            if (!m.matches()) {
                answer(exchange, 404, Map.of("message", "no such operation"));
                return;
            }
            if (!"Credit".equals(body.get("operation")) || !(body.get("value") instanceof Number value)) {
                answer(exchange, 400, Map.of("message", "operation Credit and a value are required"));
                return;
            }
            if (!ledger.hasCard(m.group(1))) {
                answer(exchange, 404, Map.of("message", "no gift card " + m.group(1)));
                return;
            }
            SandboxFaults.Mode fault = faults.next(SandboxFaults.Target.GIFTCARDS);
            if (answeredFault(exchange, fault)) {
                return;
            }
            SandboxLedger.GiftCardCredit credit = ledger.credit(id, m.group(1), decimal(value));
            answerLate(exchange, fault, Map.of("id", credit.transactionId(), "cardId", credit.cardId(),
                    "value", credit.value()));
        }
    }

    /** Faults that answer without doing anything. TIMEOUT is not one: it does the work, then answers late. */
    private boolean answeredFault(HttpExchange exchange, SandboxFaults.Mode fault) throws IOException {
        if (fault == null || fault == SandboxFaults.Mode.TIMEOUT) {
            return false;
        }
        switch (fault) {
            case ERROR -> answer(exchange, 500, Map.of("message", "sandbox fault: internal error"));
            case REFUND_MANUALLY -> answer(exchange, 200, Map.of("code", "refund-manually",
                    "message", "sandbox fault: this payment cannot be refunded online"));
            case NOT_IMPLEMENTED -> answer(exchange, 501, Map.of("message", "sandbox fault: not implemented"));
            default -> { }
        }
        return true;
    }

    private void answerLate(HttpExchange exchange, SandboxFaults.Mode fault, Map<String, Object> answer)
            throws IOException {
        if (fault == SandboxFaults.Mode.TIMEOUT) {
            try {
                Thread.sleep(timeoutDelay);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        answer(exchange, 200, answer);
    }

    private static boolean authorized(HttpExchange exchange) throws IOException {
        if (APP_KEY.equals(exchange.getRequestHeaders().getFirst("X-Provider-Api-AppKey"))
                && APP_TOKEN.equals(exchange.getRequestHeaders().getFirst("X-Provider-Api-AppToken"))) {
            return true;
        }
        answer(exchange, 401, Map.of("message", "unknown app key or token"));
        return false;
    }

    private static Map<String, Object> body(HttpExchange exchange) {
        try {
            Object value = JSON_IO.anyFrom(exchange.getRequestBody().readAllBytes());
            if (value instanceof Map<?, ?> map) {
                @SuppressWarnings("unchecked")
                Map<String, Object> m = (Map<String, Object>) map;
                return m;
            }
            return null;
        } catch (IOException e) {
            return null;
        }
    }

    private static BigDecimal decimal(Number value) {
        return value instanceof BigDecimal d ? d : new BigDecimal(value.toString());
    }

    private static void answer(HttpExchange exchange, int status, Map<String, ?> body) throws IOException {
        byte[] bytes = JSON.std.with(JSON.Feature.WRITE_NULL_PROPERTIES).asBytes(body);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        try {
            exchange.sendResponseHeaders(status, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        } catch (IOException clientGone) {
            // The caller timed out and hung up: what was done stays in the ledger, as with a real provider.
        }
    }

    @Override
    public void close() {
        payments.stop(0);
        giftCards.stop(0);
        executor.shutdownNow();
    }
}
