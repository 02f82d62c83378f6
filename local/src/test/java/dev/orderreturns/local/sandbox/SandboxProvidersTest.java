package dev.orderreturns.local.sandbox;

import com.fasterxml.jackson.jr.ob.JSON;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The sandbox providers over HTTP, each test with its own instance (so faults and the ledger are
 * the test's alone): the gift-card protocol of DESIGN.md section 2 with its unkind parts (credits
 * deduplicated per card only), the payment provider's requestId deduplication, and faults.
 */
@Tag("integration")
class SandboxProvidersTest {

    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private SandboxProviders sandbox;

    record Answer(int status, Map<String, Object> body) {
    }

    @BeforeEach
    void start() throws IOException {
        sandbox = new SandboxProviders(Duration.ofMillis(300));
    }

    @AfterEach
    void stop() {
        sandbox.close();
    }

    private static Answer post(String url, Object body, boolean credentials) {
        HttpResponse<String> response = send(url, body, credentials);
        try {
            return new Answer(response.statusCode(), JSON.std.with(JSON.Feature.USE_BIG_DECIMAL_FOR_FLOATS)
                    .mapFrom(response.body()));
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static HttpResponse<String> send(String url, Object body, boolean credentials) {
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10))
                    .header("content-type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body instanceof String s ? s : JSON.std.asString(body)));
            if (credentials) {
                request.header("X-Provider-Api-AppKey", SandboxProviders.APP_KEY)
                        .header("X-Provider-Api-AppToken", SandboxProviders.APP_TOKEN);
            }
            return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new AssertionError(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static Map<String, Object> map(Object... pairs) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            m.put((String) pairs[i], pairs[i + 1]);
        }
        return m;
    }

    private Answer createCard(Object body) {
        return post(sandbox.giftCardsBaseUrl() + "/giftcards", body, true);
    }

    private static Map<String, Object> newCard(String relationName) {
        return map("relationName", relationName, "customerEmail", "someone@example.com", "currencyCode", "USD",
                "caption", "Refund of order 1", "balance", 0);
    }

    private Answer credit(String cardId, String requestId, String value) {
        return post(sandbox.giftCardsBaseUrl() + "/giftcards/" + cardId + "/transactions",
                map("operation", "Credit", "value", new BigDecimal(value), "requestId", requestId,
                        "description", "Shipping refund"), true);
    }

    private Answer refund(String paymentId, String requestId, String value) {
        return post(sandbox.paymentsBaseUrl() + "/payments/" + paymentId + "/refunds",
                map("requestId", requestId, "paymentId", paymentId, "transactionId", "tx-1", "settleId", "tx-1",
                        "value", new BigDecimal(value)), true);
    }

    private String cardId(String relationName) {
        Answer created = createCard(newCard(relationName));
        assertEquals(200, created.status(), created.toString());
        return (String) created.body().get("id");
    }

    private static void assertDecimal(String expected, Object actual) {
        assertEquals(0, new BigDecimal(expected).compareTo(new BigDecimal(actual.toString())),
                "expected " + expected + ", got " + actual);
    }

    @Test
    void aCardIsCreatedOncePerRelationNameAndCreatingItAgainAnswersThatCard() {
        Answer first = createCard(newCard("refund-ret-1-giftcard"));
        assertEquals(200, first.status(), first.toString());
        assertEquals("refund-ret-1-giftcard", first.body().get("relationName"));
        assertDecimal("0", first.body().get("balance"));
        String cardId = (String) first.body().get("id");

        assertEquals(200, credit(cardId, "ret-1-giftcard", "6.00").status());
        Answer again = createCard(newCard("refund-ret-1-giftcard"));
        assertEquals(200, again.status(), again.toString());
        assertEquals(cardId, again.body().get("id"), "the same card, not a new one");
        assertDecimal("6.00", again.body().get("balance"));

        Answer other = createCard(newCard("refund-ret-2-giftcard"));
        assertNotEquals(cardId, other.body().get("id"));
        assertEquals(List.of(new SandboxLedger.GiftCard(cardId, "refund-ret-1-giftcard"),
                new SandboxLedger.GiftCard((String) other.body().get("id"), "refund-ret-2-giftcard")),
                sandbox.ledger().giftCards(), "a repeated create made nothing");
    }

    @Test
    void aCreateWithoutARelationNameIsRefused() {
        Map<String, Object> missing = newCard("x");
        missing.remove("relationName");
        for (Object body : List.of(missing, newCard(""), map("relationName", 42, "currencyCode", "USD"),
                "{\"relationName\": null, \"requestId\": \"r-1\", \"currencyCode\": \"USD\"}")) {
            Answer answer = createCard(body);
            assertEquals(400, answer.status(), body + " -> " + answer);
            assertEquals("relationName is required: a non-empty string", answer.body().get("message"));
        }
        assertEquals(List.of(), sandbox.ledger().giftCards());
    }

    @Test
    void aCreateIsCheckedStrictly() {
        Map<String, Object> noCurrency = newCard("r");
        noCurrency.remove("currencyCode");
        assertEquals(400, createCard(noCurrency).status());
        assertEquals(400, createCard(map("relationName", "r", "currencyCode", "dollars")).status());
        Answer funded = createCard(map("relationName", "r", "currencyCode", "USD", "balance", 5));
        assertEquals(400, funded.status(), "a card is never made with money: " + funded);
        assertEquals(400, createCard(map("relationName", "r", "currencyCode", "USD", "caption", 7)).status());
        assertEquals(400, createCard("[1, 2]").status());
        assertEquals(400, createCard("{not json").status());
        assertEquals(List.of(), sandbox.ledger().giftCards());
    }

    @Test
    void aCreditIsDeduplicatedPerCardOnlySoTheSameRequestIdOnAnotherCardPaysAgain() {
        String first = cardId("refund-ret-3-giftcard");
        String second = cardId("refund-ret-3-giftcard-again");

        Answer credited = credit(first, "ret-3-giftcard", "6.00");
        assertEquals(200, credited.status(), credited.toString());
        Answer repeated = credit(first, "ret-3-giftcard", "6.00");
        assertEquals(credited, repeated, "the same card and requestId answer the first transaction");
        Answer elsewhere = credit(second, "ret-3-giftcard", "6.00");
        assertEquals(200, elsewhere.status());
        assertNotEquals(credited.body().get("id"), elsewhere.body().get("id"), "a new transaction");

        assertDecimal("6.00", sandbox.ledger().balance(first));
        assertDecimal("6.00", sandbox.ledger().balance(second));
        List<SandboxLedger.GiftCardCredit> credits = sandbox.ledger().credits();
        assertEquals(List.of(first, second), credits.stream().map(SandboxLedger.GiftCardCredit::cardId).toList(),
                "one credit per card and requestId: the double payment shows");
        assertTrue(credits.stream().allMatch(c -> c.requestId().equals("ret-3-giftcard")));
    }

    @Test
    void aCreditNeedsAKnownCardAndAStrictBody() {
        assertEquals(404, credit("gc-nope", "r-1", "1.00").status());
        String card = cardId("refund-ret-4-giftcard");
        String url = sandbox.giftCardsBaseUrl() + "/giftcards/" + card + "/transactions";
        assertEquals(400, post(url, map("operation", "Debit", "value", 1, "requestId", "r"), true).status());
        assertEquals(400, post(url, map("operation", "Credit", "value", 1), true).status());
        assertEquals(400, post(url, map("operation", "Credit", "value", 1, "requestId", ""), true).status());
        assertEquals(400, post(url, map("operation", "Credit", "value", 0, "requestId", "r"), true).status());
        assertEquals(400, post(url, map("operation", "Credit", "value", -1, "requestId", "r"), true).status());
        assertEquals(400, post(url, map("operation", "Credit", "value", "1.00", "requestId", "r"), true).status());
        assertEquals(List.of(), sandbox.ledger().credits());
    }

    @Test
    void callsWithoutCredentialsOrToUnknownOperationsAreRefused() {
        assertEquals(401, post(sandbox.giftCardsBaseUrl() + "/giftcards", newCard("r"), false).status());
        assertEquals(401, post(sandbox.paymentsBaseUrl() + "/payments/p/refunds", map(), false).status());
        assertEquals(404, post(sandbox.giftCardsBaseUrl() + "/giftcards/x", newCard("r"), true).status());
        assertEquals(404, post(sandbox.paymentsBaseUrl() + "/giftcards", newCard("r"), true).status(),
                "each provider speaks its own protocol only");
        assertEquals(List.of(), sandbox.ledger().giftCards());
    }

    @Test
    void aRefundIsDeduplicatedByRequestIdAndCheckedStrictly() {
        Answer first = refund("pay-1", "ret-5-chargeback", "69.00");
        assertEquals(200, first.status(), first.toString());
        assertEquals(first, refund("pay-1", "ret-5-chargeback", "69.00"));
        assertEquals(1, sandbox.ledger().refunds().size());
        String url = sandbox.paymentsBaseUrl() + "/payments/pay-1/refunds";
        assertEquals(400, post(url, map("requestId", "r", "paymentId", "pay-2", "value", 1), true).status(),
                "paymentId must be the path's");
        assertEquals(400, post(url, map("paymentId", "pay-1", "value", 1), true).status());
        assertEquals(400, post(url, map("requestId", "r", "paymentId", "pay-1", "value", 0), true).status());
        assertEquals(1, sandbox.ledger().refunds().size());
    }

    @Test
    void theLedgerListsRefundsCreditsAndCards() {
        refund("pay-1", "ret-6-chargeback", "69.00");
        String card = cardId("refund-ret-6-giftcard");
        credit(card, "ret-6-giftcard", "6.00");
        Map<String, Object> ledger = sandbox.ledger().toJson();
        assertEquals(List.of("refunds", "giftCardCredits", "giftCards"), List.copyOf(ledger.keySet()));
        @SuppressWarnings("unchecked")
        Map<String, Object> refund = ((List<Map<String, Object>>) ledger.get("refunds")).getFirst();
        assertEquals(List.of("requestId", "paymentId", "value", "refundId"), List.copyOf(refund.keySet()));
        assertEquals(List.of(map("requestId", "ret-6-giftcard", "cardId", card, "value", new BigDecimal("6.00"))),
                ledger.get("giftCardCredits"));
        assertEquals(List.of(map("cardId", card, "relationName", "refund-ret-6-giftcard")), ledger.get("giftCards"));
    }

    @Test
    void rejectedAnswers422WithAMessageAndDoesNothing() {
        sandbox.faults().inject(SandboxFaults.Target.PAYMENTS, SandboxFaults.Mode.REJECTED, 1);
        Answer rejected = refund("pay-1", "ret-7-chargeback", "69.00");
        assertEquals(422, rejected.status(), rejected.toString());
        assertTrue(((String) rejected.body().get("message")).startsWith("sandbox fault: "), rejected.toString());
        assertEquals(List.of(), sandbox.ledger().refunds());

        sandbox.faults().inject(SandboxFaults.Target.GIFTCARDS, SandboxFaults.Mode.REJECTED, 1);
        assertEquals(422, createCard(newCard("refund-ret-7-giftcard")).status());
        assertEquals(List.of(), sandbox.ledger().giftCards());
        assertEquals(200, refund("pay-1", "ret-7-chargeback", "69.00").status(), "one call only");
    }

    @Test
    void faultsThatAnswerWithoutWorkingDoNotHideWhatWasAlreadyDone() {
        Answer refunded = refund("pay-1", "ret-8-chargeback", "69.00");
        String card = cardId("refund-ret-8-giftcard");
        Answer credited = credit(card, "ret-8-giftcard", "6.00");
        for (SandboxFaults.Mode mode : List.of(SandboxFaults.Mode.REFUND_MANUALLY, SandboxFaults.Mode.NOT_IMPLEMENTED,
                SandboxFaults.Mode.REJECTED)) {
            sandbox.faults().inject(SandboxFaults.Target.PAYMENTS, mode, 1);
            sandbox.faults().inject(SandboxFaults.Target.GIFTCARDS, mode, 2);
            assertEquals(refunded, refund("pay-1", "ret-8-chargeback", "69.00"), mode + ": the refund made");
            Answer again = createCard(newCard("refund-ret-8-giftcard"));
            assertEquals(200, again.status(), mode + ": " + again);
            assertEquals(card, again.body().get("id"), mode + ": the card made");
            assertEquals(credited, credit(card, "ret-8-giftcard", "6.00"), mode + ": the credit made");
            // the fault was this call's; new work is answered normally
            assertEquals(200, refund("pay-1", "ret-8b-" + mode, "1.00").status());
        }
        // a new requestId is refused as armed
        sandbox.faults().inject(SandboxFaults.Target.GIFTCARDS, SandboxFaults.Mode.NOT_IMPLEMENTED, 1);
        assertEquals(501, credit(card, "ret-8-other", "6.00").status());
        assertEquals(1, sandbox.ledger().credits().size());
    }

    @Test
    void transientFaultsHitRepeatsToo() {
        Answer refunded = refund("pay-1", "ret-10-chargeback", "69.00");
        sandbox.faults().inject(SandboxFaults.Target.PAYMENTS, SandboxFaults.Mode.ERROR, 1);
        assertEquals(500, refund("pay-1", "ret-10-chargeback", "69.00").status());
        sandbox.faults().inject(SandboxFaults.Target.PAYMENTS, SandboxFaults.Mode.TIMEOUT, 1);
        long started = System.nanoTime();
        assertEquals(refunded, refund("pay-1", "ret-10-chargeback", "69.00"));
        assertTrue(System.nanoTime() - started >= Duration.ofMillis(300).toNanos(), "answered late");
        sandbox.faults().inject(SandboxFaults.Target.PAYMENTS, SandboxFaults.Mode.TIMEOUT, 1);
        assertEquals(200, refund("pay-1", "ret-11-chargeback", "2.00").status());
        assertEquals(2, sandbox.ledger().refunds().size(), "a timeout does the work");
    }

    @Test
    void throttledAnswers429WithRetryAfterWithoutWorkingAndHitsRepeatsToo() {
        Answer refunded = refund("pay-1", "ret-12-chargeback", "69.00");
        sandbox.faults().inject(SandboxFaults.Target.PAYMENTS, SandboxFaults.Mode.THROTTLED, 2);
        HttpResponse<String> repeat = send(sandbox.paymentsBaseUrl() + "/payments/pay-1/refunds",
                map("requestId", "ret-12-chargeback", "paymentId", "pay-1", "transactionId", "tx-1", "settleId", "tx-1",
                        "value", new BigDecimal("69.00")), true);
        assertEquals(429, repeat.statusCode(), repeat.body());
        assertEquals(java.util.Optional.of(String.valueOf(SandboxProviders.THROTTLED_RETRY_AFTER_SECONDS)),
                repeat.headers().firstValue("retry-after"));
        assertTrue(repeat.body().contains("sandbox fault: "), repeat.body());
        sandbox.faults().inject(SandboxFaults.Target.GIFTCARDS, SandboxFaults.Mode.THROTTLED, 1);
        assertEquals(429, createCard(newCard("ret-12-giftcard")).status());
        assertEquals(429, refund("pay-1", "ret-13-chargeback", "2.00").status());

        assertEquals(1, sandbox.ledger().refunds().size(), "nothing done while throttled");
        assertEquals(0, sandbox.ledger().giftCards().size());
        assertEquals(refunded, refund("pay-1", "ret-12-chargeback", "69.00"), "the fault is used up");
    }

    @Test
    void randomFaultsFailAboutTheirRateAndRepeatForASeed() {
        List<Integer> first = randomRun(42);
        assertEquals(first, randomRun(42), "the same seed, the same statuses");
        long failed = first.stream().filter(s -> s != 200).count();
        assertTrue(failed > 40 && failed < 160, failed + " of 200 failed at rate 0.5");
        assertTrue(first.stream().allMatch(s -> s == 200 || s == 500 || s == 422), first.toString());
        sandbox.faults().clearRandom();
        assertEquals(200, refund("pay-1", "after-clear", "1.00").status());
    }

    private List<Integer> randomRun(long seed) {
        sandbox.faults().randomly(0.5, List.of(SandboxFaults.Mode.ERROR, SandboxFaults.Mode.REJECTED), seed);
        List<Integer> statuses = new java.util.ArrayList<>();
        for (int i = 0; i < 100; i++) {
            // new keys each run: a repeat of done work would answer it despite a refusal
            statuses.add(refund("pay-1", "random-" + java.util.UUID.randomUUID(), "1.00").status());
            statuses.add(createCard(newCard("random-" + java.util.UUID.randomUUID())).status());
        }
        return statuses;
    }
}
