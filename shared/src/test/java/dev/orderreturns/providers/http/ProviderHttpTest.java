package dev.orderreturns.providers.http;

import com.sun.net.httpserver.HttpServer;
import dev.orderreturns.domain.Money;
import dev.orderreturns.domain.PaymentProvider.Chargeback;
import dev.orderreturns.domain.ProviderAnswer;
import dev.orderreturns.domain.ProviderAnswer.Outcome;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ProviderHttpTest {

    private HttpServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    private static ProviderAnswer meaning(int status, Duration retryAfter) {
        return ProviderHttp.meaning(new ProviderHttp.Answer(status, Map.of("message", "slow down"), null, retryAfter),
                "payment provider", "refundId", "refund");
    }

    @Test
    void a429IsTransientAndCarriesTheWaitItAskedFor() {
        ProviderAnswer answer = meaning(429, Duration.ofSeconds(120));
        assertEquals(Outcome.RETRY, answer.outcome());
        assertEquals(Duration.ofSeconds(120), answer.retryAfter());
        assertEquals("payment provider answered 429 to refund, asking to retry after 120 s", answer.detail());

        ProviderAnswer unsaid = meaning(429, null);
        assertEquals(Outcome.RETRY, unsaid.outcome());
        assertNull(unsaid.retryAfter());
    }

    @Test
    void a503CarriesItsWaitToo() {
        ProviderAnswer answer = meaning(503, Duration.ofSeconds(45));
        assertEquals(Outcome.RETRY, answer.outcome());
        assertEquals(Duration.ofSeconds(45), answer.retryAfter());
    }

    @Test
    void otherStatusesDoNotDefineRetryAfterAndIgnoreIt() {
        assertNull(meaning(500, Duration.ofSeconds(45)).retryAfter());
        assertEquals(Outcome.RETRY, meaning(500, Duration.ofSeconds(45)).outcome());
        ProviderAnswer refused = meaning(422, Duration.ofSeconds(45));
        assertEquals(Outcome.MANUAL, refused.outcome(), "a final refusal stays final whatever it adds");
        assertNull(refused.retryAfter());
    }

    /** A payment provider on loopback answering every call with {@code status} and these headers. */
    private HttpPaymentProvider providerAnswering(int status, String retryAfter) throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            try (exchange) {
                exchange.getRequestBody().readAllBytes();
                byte[] body = "{\"message\":\"Too Many Requests\"}".getBytes(StandardCharsets.UTF_8);
                if (retryAfter != null) {
                    exchange.getResponseHeaders().set("Retry-After", retryAfter);
                }
                exchange.sendResponseHeaders(status, body.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            }
        });
        server.start();
        return new HttpPaymentProvider("http://127.0.0.1:" + server.getAddress().getPort(), null,
                Duration.ofSeconds(2), Duration.ofSeconds(5));
    }

    private static Chargeback chargeback() {
        return new Chargeback("ret-1-chargeback-pay-1", "pay-1", "tx-1", "tx-1", Money.of(1850, "USD"));
    }

    @Test
    void theHeaderIsReadFromTheProvidersAnswer() throws IOException {
        ProviderAnswer answer = providerAnswering(429, "30").refund(chargeback());
        assertEquals(Outcome.RETRY, answer.outcome());
        assertEquals(Duration.ofSeconds(30), answer.retryAfter());
    }

    @Test
    void aDateInTheHeaderBecomesTheTimeUntilThen() throws IOException {
        String inTwoMinutes = java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME
                .format(java.time.ZonedDateTime.now(java.time.ZoneOffset.UTC).plusSeconds(120));
        Duration wait = providerAnswering(503, inTwoMinutes).refund(chargeback()).retryAfter();
        // the date has whole seconds and the call takes a moment
        assertTrue(wait.compareTo(Duration.ofSeconds(110)) >= 0 && wait.compareTo(Duration.ofSeconds(120)) <= 0,
                wait.toString());
    }

    @Test
    void anUnreadableHeaderLeavesTheWaitToTheSchedule() throws IOException {
        ProviderAnswer answer = providerAnswering(429, "later, please").refund(chargeback());
        assertEquals(Outcome.RETRY, answer.outcome());
        assertNull(answer.retryAfter());
    }
}
