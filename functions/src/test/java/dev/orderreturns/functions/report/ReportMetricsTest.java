package dev.orderreturns.functions.report;

import com.fasterxml.jackson.jr.ob.JSON;
import dev.orderreturns.domain.FakeGiftCardProvider;
import dev.orderreturns.domain.FakePaymentProvider;
import dev.orderreturns.domain.InMemoryOrderStore;
import dev.orderreturns.domain.InMemoryRefundClaims;
import dev.orderreturns.domain.RetrySchedule;
import dev.orderreturns.domain.MutableClock;
import dev.orderreturns.domain.Order;
import dev.orderreturns.domain.Reconciler;
import dev.orderreturns.domain.RecordingRefundQueue;
import dev.orderreturns.domain.RefundJob;
import dev.orderreturns.domain.Refunder;
import dev.orderreturns.domain.ReturnDesk;
import dev.orderreturns.domain.ReturnRequest;
import dev.orderreturns.log.StdoutCapture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static dev.orderreturns.domain.Fixtures.ACCOUNT;
import static dev.orderreturns.domain.Fixtures.NOW;
import static dev.orderreturns.domain.Fixtures.ORDER_ID;
import static dev.orderreturns.domain.Fixtures.request;
import static dev.orderreturns.domain.Fixtures.standardOrder;
import static dev.orderreturns.domain.Fixtures.submit;
import static dev.orderreturns.domain.Fixtures.units;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * The metrics the handlers publish from the domain's outcomes (the domain itself never logs): each
 * outcome of a refund attempt counted once, the money paid back counted once per payment however
 * many attempts it takes, a submitted return, and the reconciler's run.
 */
class ReportMetricsTest {

    private static final String RET = "ret-1";
    private static final RefundJob JOB = new RefundJob(ACCOUNT, ORDER_ID, RET);
    private static final Set<String> OUR_METRICS = Set.of("ReturnsSubmitted", "RefundsCompleted", "RefundAmount",
            "RefundRetries", "ManualRefunds", "FailedRefunds", "ReconcilerFound", "ReconcilerReenqueued",
            "ReconcilerFailed", "ReconcilerSkipped", "ReconcilerPublished");

    private InMemoryOrderStore store;
    private FakePaymentProvider payments;
    private FakeGiftCardProvider giftCards;
    private MutableClock clock;

    @BeforeEach
    void setUp() {
        store = new InMemoryOrderStore();
        payments = new FakePaymentProvider();
        giftCards = new FakeGiftCardProvider();
        clock = new MutableClock(NOW.plusSeconds(5));
        Order order = standardOrder();
        // 1850 back to the card, 600 as a gift card.
        submit(order, RET, request("RET-1", 1200, units(0, 1)));
        store.save(order, 0);
    }

    private Refunder refunder(int maxAttempts) {
        Duration window = Duration.ZERO;
        for (int n = 1; n < maxAttempts; n++) {
            window = window.plus(RetrySchedule.DEFAULT.backoff(n));
        }
        return new Refunder(store, payments, giftCards, new RecordingRefundQueue(), new InMemoryRefundClaims(), dev.orderreturns.domain.Outbox.UNHEARD, clock,
                new RetrySchedule(Duration.ofSeconds(30), Duration.ofMinutes(15), window), Duration.ofSeconds(45));
    }

    /** One refund job, reported as the refund processor reports it. */
    private void refund(int maxAttempts) {
        RefundReport.outcome(JOB, refunder(maxAttempts).process(JOB));
    }

    private static void submitAndReport(ReturnDesk desk, ReturnRequest request) {
        ReturnDesk.Submitted submitted = desk.submitReturn(ACCOUNT, ORDER_ID, request, "key-1", "fp-1", "operator");
        DeskReport.submitted(ACCOUNT, ORDER_ID, submitted.submitted().returnId(), submitted.replayed(),
                submitted.enqueueFailure(), submitted.eventsFailure(), "form");
    }

    /** The metric values of each EMF line {@code action} wrote, with the line's Currency if any. */
    private static List<Map<String, Object>> metrics(Runnable action) {
        return StdoutCapture.lines(action).stream().map(ReportMetricsTest::parse).filter(m -> m.containsKey("_aws"))
                .map(m -> {
                    Map<String, Object> values = new java.util.TreeMap<>();
                    m.forEach((k, v) -> {
                        if (OUR_METRICS.contains(k)) values.put(k, ((Number) v).longValue());
                    });
                    if (m.containsKey("Currency")) values.put("Currency", m.get("Currency"));
                    return values;
                }).toList();
    }

    private static Map<String, Object> parse(String line) {
        try {
            return JSON.std.mapFrom(line);
        } catch (IOException e) {
            throw new AssertionError(line, e);
        }
    }

    @Test
    void aRefundPaidAtOnceCountsOneCompletedRefundAndItsTotal() {
        assertEquals(List.of(Map.of("RefundsCompleted", 1L, "RefundAmount", 2450L, "Currency", "USD")),
                metrics(() -> refund(5)));
    }

    @Test
    void aRetryCountsOnceAndEachPartIsCountedWhenItIsPaidNotAgainLater() {
        giftCards.creditScript.retry("gift cards 503");
        assertEquals(List.of(Map.of("RefundRetries", 1L, "RefundAmount", 1850L, "Currency", "USD")),
                metrics(() -> refund(5)));
        clock.advance(Duration.ofMinutes(5));
        assertEquals(List.of(Map.of("RefundsCompleted", 1L, "RefundAmount", 600L, "Currency", "USD")),
                metrics(() -> refund(5)));
        // Nothing left to do: no metric at all.
        assertEquals(List.of(), metrics(() -> refund(5)));
    }

    @Test
    void aManualRefundIsCountedWithWhatWasPaidOnline() {
        payments.script.manual("refund-manually");
        assertEquals(List.of(Map.of("ManualRefunds", 1L, "RefundAmount", 600L, "Currency", "USD")),
                metrics(() -> refund(5)));
    }

    @Test
    void aRefundPastItsBudgetCountsAsFailed() {
        payments.script.alwaysRetry("payments 503");
        giftCards.createScript.alwaysRetry("gift cards 503");
        assertEquals(List.of(Map.of("FailedRefunds", 1L, "Currency", "USD")), metrics(() -> refund(1)));
    }

    @Test
    void aSubmittedReturnCountsOnceAndItsReplayNotAgain() {
        java.util.concurrent.atomic.AtomicInteger ids = new java.util.concurrent.atomic.AtomicInteger(1);
        ReturnDesk desk = new ReturnDesk(store, new RecordingRefundQueue(), clock,
                () -> String.valueOf(ids.incrementAndGet()));
        ReturnRequest second = request("RET-2", 0, units(1, 1));
        assertEquals(List.of(Map.of("ReturnsSubmitted", 1L)),
                metrics(() -> submitAndReport(desk, second)));
        assertEquals(List.of(), metrics(() -> submitAndReport(desk, second)));
    }

    @Test
    void everyReconcilerRunReportsItsCountsZerosIncluded() {
        Reconciler reconciler = new Reconciler((now, limit) -> List.of(), store, new RecordingRefundQueue(),
                new InMemoryRefundClaims(), dev.orderreturns.domain.Outbox.UNHEARD, clock, RetrySchedule.DEFAULT);
        List<Map<String, Object>> lines = metrics(() -> ReconcilerReport.run(reconciler.run()));
        assertEquals(List.of(Map.of("ReconcilerFound", 0L, "ReconcilerReenqueued", 0L, "ReconcilerFailed", 0L,
                "ReconcilerSkipped", 0L, "ReconcilerPublished", 0L, "FailedRefunds", 0L)), lines);
        assertFalse(lines.getFirst().containsKey("Currency"));
    }
}
