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
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Sandbox payment and gift-card providers: real HTTP servers on loopback speaking the two
 * protocols the refund processor uses (DESIGN.md section 2), keeping a {@link SandboxLedger},
 * checking credentials, and failing on demand ({@link SandboxFaults}). They deduplicate exactly
 * as the real providers do and no more: refunds by requestId, cards by relationName, credits by
 * card and requestId.
 */
public final class SandboxProviders implements AutoCloseable {

    public static final String APP_KEY = "sandbox-app-key";
    public static final String APP_TOKEN = "sandbox-app-token";
    /**
     * The wait a {@code throttled} fault asks for: longer than the first waits of the retry schedule
     * (30 s; 1 s in the tests' stack), so honouring it shows, and within its 15-minute cap.
     */
    public static final int THROTTLED_RETRY_AFTER_SECONDS = 60;

    private static final JSON JSON_IO = JSON.std.with(JSON.Feature.USE_BIG_DECIMAL_FOR_FLOATS);
    private static final Pattern CURRENCY = Pattern.compile("[A-Z]{3}");

    /** A request the provider refuses before doing anything: 400 or 404 with a message. */
    private static final class BadCall extends Exception {
        final int status;

        BadCall(int status, String message) {
            super(message, null, false, false);
            this.status = status;
        }
    }

    /**
     * A valid call, not done yet: what the provider already did under its idempotency key (empty
     * if nothing), and doing it (which answers the earlier result again for a repeat).
     */
    private record Work(Supplier<Optional<Map<String, Object>>> recorded, Supplier<Map<String, Object>> execute) {
    }

    @FunctionalInterface
    private interface Check {
        Work check(Matcher path, Map<String, Object> body) throws BadCall;
    }

    /** One provider operation: a POST to a path, whose faults come from {@code target}. */
    private record Operation(Pattern path, SandboxFaults.Target target, String what, Check check) {
    }

    private final SandboxLedger ledger = new SandboxLedger();
    private final SandboxFaults faults = new SandboxFaults();
    private final Duration timeoutDelay;
    private final HttpServer payments;
    private final HttpServer giftCards;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();

    /** @param timeoutDelay how late a "timeout" fault answers: longer than the clients' read timeout */
    public SandboxProviders(Duration timeoutDelay) throws IOException {
        this.timeoutDelay = timeoutDelay;
        List<Operation> paymentOperations = List.of(
                new Operation(Pattern.compile("/payments/([^/]+)/refunds"), SandboxFaults.Target.PAYMENTS,
                        "refund", this::refund));
        List<Operation> giftCardOperations = List.of(
                new Operation(Pattern.compile("/giftcards"), SandboxFaults.Target.GIFTCARDS,
                        "gift card", this::createCard),
                new Operation(Pattern.compile("/giftcards/([^/]+)/transactions"), SandboxFaults.Target.GIFTCARDS,
                        "gift card credit", this::credit));
        payments = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
        payments.createContext("/", exchange -> serve(exchange, paymentOperations));
        payments.setExecutor(executor);
        giftCards = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
        giftCards.createContext("/", exchange -> serve(exchange, giftCardOperations));
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

    /** The one guard of both providers: operation, credentials, JSON body, the operation's own checks, faults. */
    private void serve(HttpExchange exchange, List<Operation> operations) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            Operation operation = null;
            Matcher matcher = null;
            for (Operation candidate : operations) {
                Matcher m = candidate.path().matcher(path);
                if (m.matches()) {
                    operation = candidate;
                    matcher = m;
                    break;
                }
            }
            if (operation == null || !"POST".equals(exchange.getRequestMethod())) {
                answer(exchange, 404, Map.of("message", "no such operation"));
                return;
            }
            if (!authorized(exchange)) {
                answer(exchange, 401, Map.of("message", "unknown app key or token"));
                return;
            }
            Map<String, Object> body = body(exchange);
            if (body == null) {
                answer(exchange, 400, Map.of("message", "the body must be a JSON object"));
                return;
            }
            Work work;
            try {
                work = operation.check().check(matcher, body);
            } catch (BadCall bad) {
                answer(exchange, bad.status, Map.of("message", bad.getMessage()));
                return;
            }
            SandboxFaults.Mode fault = faults.next(operation.target());
            if (fault == SandboxFaults.Mode.ERROR) {
                answer(exchange, 500, Map.of("message", "sandbox fault: internal error"));
                return;
            }
            if (fault == SandboxFaults.Mode.THROTTLED) {
                exchange.getResponseHeaders().set("Retry-After", Integer.toString(THROTTLED_RETRY_AFTER_SECONDS));
                answer(exchange, 429, Map.of("message", "sandbox fault: too many requests"));
                return;
            }
            if (fault != null && fault.isRefusal()) {
                // What a real provider already did under this key, it answers again whatever else it says now.
                Optional<Map<String, Object>> recorded = work.recorded().get();
                if (recorded.isPresent()) {
                    answer(exchange, 200, recorded.get());
                } else {
                    refuse(exchange, fault, operation.what());
                }
                return;
            }
            Map<String, Object> done = work.execute().get();
            if (fault == SandboxFaults.Mode.TIMEOUT) {
                sleep(timeoutDelay); // done, but the caller gives up before hearing so
            }
            answer(exchange, 200, done);
        }
    }

    private static void refuse(HttpExchange exchange, SandboxFaults.Mode fault, String what) throws IOException {
        switch (fault) {
            case REFUND_MANUALLY -> {
                Map<String, Object> answer = new LinkedHashMap<>();
                answer.put("code", "refund-manually");
                answer.put("message", "sandbox fault: this " + what + " cannot be done online");
                answer(exchange, 200, answer);
            }
            case NOT_IMPLEMENTED -> answer(exchange, 501, Map.of("message", "sandbox fault: not implemented"));
            case REJECTED -> answer(exchange, 422, Map.of("message", "sandbox fault: the provider rejected this "
                    + what));
            default -> throw new IllegalStateException("not a refusal: " + fault);
        }
    }

    // --- payment provider ---------------------------------------------------------------------

    private Work refund(Matcher path, Map<String, Object> body) throws BadCall {
        String requestId = requiredText(body, "requestId");
        String paymentId = path.group(1);
        if (!paymentId.equals(body.get("paymentId"))) {
            throw new BadCall(400, "paymentId is required and must be the payment of the path, " + paymentId);
        }
        optionalText(body, "transactionId");
        optionalText(body, "settleId");
        BigDecimal value = positiveValue(body);
        return new Work(() -> ledger.refundFor(requestId).map(SandboxProviders::refundAnswer),
                () -> refundAnswer(ledger.refund(requestId, paymentId, value)));
    }

    private static Map<String, Object> refundAnswer(SandboxLedger.Refund refund) {
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("paymentId", refund.paymentId());
        answer.put("refundId", refund.refundId());
        answer.put("value", refund.value());
        answer.put("code", null);
        answer.put("message", "refunded");
        answer.put("requestId", refund.requestId());
        return answer;
    }

    // --- gift-card provider -------------------------------------------------------------------

    private Work createCard(Matcher path, Map<String, Object> body) throws BadCall {
        String relationName = requiredText(body, "relationName");
        if (!(body.get("currencyCode") instanceof String currency) || !CURRENCY.matcher(currency).matches()) {
            throw new BadCall(400, "currencyCode is required: an ISO 4217 code such as USD");
        }
        optionalText(body, "customerEmail");
        optionalText(body, "caption");
        // A card is made empty: money reaches it only through a credit, which has a requestId.
        Object balance = body.get("balance");
        if (balance != null && !(balance instanceof Number n && decimal(n).signum() == 0)) {
            throw new BadCall(400, "balance must be 0: a card is funded by a Credit transaction");
        }
        return new Work(() -> ledger.cardByRelation(relationName).map(this::cardAnswer),
                () -> cardAnswer(ledger.createCard(relationName)));
    }

    private Map<String, Object> cardAnswer(SandboxLedger.GiftCard card) {
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("id", card.cardId());
        answer.put("relationName", card.relationName());
        answer.put("balance", ledger.balance(card.cardId()));
        return answer;
    }

    private Work credit(Matcher path, Map<String, Object> body) throws BadCall {
        if (!"Credit".equals(body.get("operation"))) {
            throw new BadCall(400, "operation must be Credit");
        }
        String requestId = requiredText(body, "requestId");
        BigDecimal value = positiveValue(body);
        optionalText(body, "description");
        String cardId = path.group(1);
        if (ledger.card(cardId).isEmpty()) {
            throw new BadCall(404, "no gift card " + cardId);
        }
        return new Work(() -> ledger.creditFor(cardId, requestId).map(SandboxProviders::creditAnswer),
                () -> creditAnswer(ledger.credit(cardId, requestId, value)));
    }

    private static Map<String, Object> creditAnswer(SandboxLedger.GiftCardCredit credit) {
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("id", credit.transactionId());
        answer.put("cardId", credit.cardId());
        answer.put("requestId", credit.requestId());
        answer.put("value", credit.value());
        return answer;
    }

    // --- request checks -----------------------------------------------------------------------

    private static String requiredText(Map<String, Object> body, String field) throws BadCall {
        if (body.get(field) instanceof String text && !text.isEmpty()) {
            return text;
        }
        throw new BadCall(400, field + " is required: a non-empty string");
    }

    private static void optionalText(Map<String, Object> body, String field) throws BadCall {
        Object value = body.get(field);
        if (value != null && !(value instanceof String)) {
            throw new BadCall(400, field + " must be a string");
        }
    }

    private static BigDecimal positiveValue(Map<String, Object> body) throws BadCall {
        if (body.get("value") instanceof Number n && decimal(n).signum() > 0) {
            return decimal(n);
        }
        throw new BadCall(400, "value is required: a number above 0, in decimal currency units");
    }

    private static boolean authorized(HttpExchange exchange) {
        return APP_KEY.equals(exchange.getRequestHeaders().getFirst("X-Provider-Api-AppKey"))
                && APP_TOKEN.equals(exchange.getRequestHeaders().getFirst("X-Provider-Api-AppToken"));
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

    private static void sleep(Duration delay) {
        try {
            Thread.sleep(delay);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
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
