package dev.orderreturns.domain;

import dev.orderreturns.domain.Refunder.Result;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static dev.orderreturns.domain.Fixtures.ACCOUNT;
import static dev.orderreturns.domain.Fixtures.IMPORTED_AT;
import static dev.orderreturns.domain.Fixtures.NOW;
import static dev.orderreturns.domain.Fixtures.ORDER_ID;
import static dev.orderreturns.domain.Fixtures.line;
import static dev.orderreturns.domain.Fixtures.request;
import static dev.orderreturns.domain.Fixtures.sale;
import static dev.orderreturns.domain.Fixtures.standardItems;
import static dev.orderreturns.domain.Fixtures.standardOrder;
import static dev.orderreturns.domain.Fixtures.submit;
import static dev.orderreturns.domain.Fixtures.totals;
import static dev.orderreturns.domain.Fixtures.units;
import static dev.orderreturns.domain.RefundStatus.FAILED;
import static dev.orderreturns.domain.RefundStatus.MANUAL_REFUND_REQUIRED;
import static dev.orderreturns.domain.RefundStatus.PENDING;
import static dev.orderreturns.domain.RefundStatus.REFUNDED;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Refunds stay exact under every fault (DESIGN.md section 2, R6–R8): each scenario found when the
 * happy path was right but faults were not, reproduced here over the fakes.
 */
class RefundFaultsTest {

    private static final String RET = "ret-1";
    private static final RefundJob JOB = new RefundJob(ACCOUNT, ORDER_ID, RET);
    private static final Instant T1 = NOW.plusSeconds(5);

    private InMemoryOrderStore store;
    private RecordingRefundQueue queue;
    private InMemoryRefundClaims claims;
    private FakePaymentProvider payments;
    private FakeGiftCardProvider giftCards;
    private MutableClock clock;

    @BeforeEach
    void setUp() {
        store = new InMemoryOrderStore();
        queue = new RecordingRefundQueue();
        claims = new InMemoryRefundClaims();
        payments = new FakePaymentProvider();
        giftCards = new FakeGiftCardProvider();
        clock = new MutableClock(T1);
    }

    private Refunder refunder(RetrySchedule schedule, RefundClaims claims) {
        return new Refunder(store, payments, giftCards, queue, claims, Outbox.UNHEARD, clock, schedule, Duration.ofSeconds(45));
    }

    private Refunder refunder() {
        return refunder(RetrySchedule.DEFAULT, claims);
    }

    private void seed(Order order, ReturnRequest request) {
        submit(order, RET, request);
        store.save(Fixtures.published(order), 0);
    }

    private OrderReturn stored() {
        return store.stored(ACCOUNT, ORDER_ID).returns().find(RET).orElseThrow();
    }

    // ---- 1. one owner for retries, one clock ----

    @Test
    void twoProviderErrorsAreRetriedThirtyThenSixtySecondsLaterEachByItsOwnWakeUp() {
        seed(standardOrder(), request("RET-1", 0, units(1, 1)));
        payments.script.retry("payments 500").retry("payments 500");

        assertEquals(Result.RETRY_LATER, refunder().process(JOB).result());
        assertEquals(List.of(new RecordingRefundQueue.WakeUp(JOB, T1.plusSeconds(30))), queue.wakeUps);
        clock.set(queue.wakeUps.getLast().notBefore());
        assertEquals(Result.RETRY_LATER, refunder().process(JOB).result());
        assertEquals(T1.plusSeconds(30 + 60), queue.wakeUps.getLast().notBefore());
        clock.set(queue.wakeUps.getLast().notBefore());
        assertEquals(Result.DONE, refunder().process(JOB).result());

        assertEquals(REFUNDED, stored().status());
        assertEquals(2, stored().attempts());
        assertEquals(Duration.ofSeconds(90), Duration.between(T1, clock.instant()), "refunded 90 s after the first try");
        assertEquals(2, queue.wakeUps.size());
        assertEquals(List.of(), queue.jobs, "nobody else enqueued anything");
    }

    @Test
    void theBudgetCountsProviderCallsNotDeliveries() {
        seed(standardOrder(), request("RET-1", 0, units(1, 1)));
        payments.script.alwaysRetry("payments 503");
        Refunder refunder = refunder();
        for (int attempt = 1; attempt <= 6; attempt++) {
            assertEquals(Result.RETRY_LATER, refunder.process(JOB).result());
            // Duplicates and early deliveries of every wake-up before it is due count nothing.
            for (int duplicate = 0; duplicate < 3; duplicate++) {
                assertEquals(Result.NOT_DUE, refunder.process(JOB).result());
            }
            clock.set(stored().dueAt());
        }
        assertEquals(6, stored().attempts());
        assertEquals(6, payments.calls.size());
        assertEquals(PENDING, stored().status(), "six failures of a day's budget: still trying");
    }

    @Test
    void theRetryBudgetIsReachedOnAClockAfterADayOfTrying() {
        seed(standardOrder(), request("RET-1", 0, units(1, 1)));
        payments.script.alwaysRetry("payments 503").alwaysRetry("payments 503");
        Refunder refunder = refunder();
        int calls = 0;
        Result result;
        do {
            clock.set(stored().dueAt() == null ? clock.instant() : stored().dueAt());
            result = refunder.process(JOB).result();
            calls++;
        } while (result == Result.RETRY_LATER);

        assertEquals(Result.DONE, result);
        assertEquals(FAILED, stored().status());
        assertEquals(101, calls);
        assertEquals(RetrySchedule.DEFAULT.maxAttempts(), stored().attempts());
        Duration tried = Duration.between(T1, clock.instant());
        assertTrue(tried.compareTo(Duration.ofHours(24)) >= 0, "tried for " + tried);
        assertTrue(tried.compareTo(Duration.ofHours(25)) < 0, "tried for " + tried);
        assertEquals(100, queue.wakeUps.size(), "one wake-up per wait, none after giving up");
        Instant previous = T1;
        for (RecordingRefundQueue.WakeUp wakeUp : queue.wakeUps) {
            Duration wait = Duration.between(previous, wakeUp.notBefore());
            assertTrue(wait.compareTo(Duration.ofMinutes(15)) <= 0, "no wait is longer than 15 minutes: " + wait);
            previous = wakeUp.notBefore();
        }
        assertEquals(Result.NOTHING_TO_DO, refunder.process(JOB).result());
    }

    // ---- 2. a gift card can never be funded twice ----

    @Test
    void aSaveFailingAfterTheCreditIsRecordedLaterOnTheSameCard() {
        seed(standardOrder(), request("RET-1", 1200, units(0, 1)));
        store.failNextSaves(1);

        assertEquals(Result.RETRY_LATER, refunder().process(JOB).result());
        assertNull(stored().parts().get(1).giftCardId(), "the card id never reached the store");
        clock.set(queue.wakeUps.getLast().notBefore());
        assertEquals(Result.DONE, refunder().process(JOB).result());

        assertEquals(1, giftCards.cards.size(), "the relation name found the card made before");
        assertEquals(1, giftCards.ledger.size());
        assertEquals(600, giftCards.balance("card-1"));
        assertEquals("card-1", stored().parts().get(1).giftCardId());
    }

    @Test
    void twoConcurrentDuplicateDeliveriesWithTheFirstSaveFailingEndWithOneFundedCard() throws Exception {
        seed(standardOrder(), request("RET-1", 1200, units(0, 1)));
        store.failNextSaves(1);
        // Each worker with claims of its own: as if the other's claim had lapsed, the worst case.
        CyclicBarrier together = new CyclicBarrier(2);
        List<Future<Refunder.Outcome>> workers = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(2)) {
            for (int i = 0; i < 2; i++) {
                Refunder worker = refunder(RetrySchedule.DEFAULT, new InMemoryRefundClaims());
                workers.add(pool.submit(() -> {
                    together.await();
                    return worker.process(JOB);
                }));
            }
            for (Future<Refunder.Outcome> worker : workers) {
                worker.get();
            }
        }
        if (stored().status() != REFUNDED) {
            clock.set(queue.wakeUps.getLast().notBefore());
            assertEquals(Result.DONE, refunder().process(JOB).result());
        }

        assertEquals(REFUNDED, stored().status());
        assertEquals(1, giftCards.cards.size(), "one card for the part, however many workers");
        assertEquals(1, giftCards.ledger.size(), "credited once");
        assertEquals(600, giftCards.balance("card-1"));
        assertEquals(1850, payments.refunded());
    }

    // ---- 3. a provider's answer is a fact ----

    @Test
    void aRefundPaidWhileTheReturnWasMarkedFailedIsRecordedAndTheHistorySaysSo() {
        seed(standardOrder(), request("RET-1", 1200, units(0, 1)));
        store.beforeNextSave(() -> {
            // Someone whose claim had lapsed gives the return up while this worker is paying.
            Order other = store.find(ACCOUNT, ORDER_ID).orElseThrow();
            OrderReturn r = other.returns().find(RET).orElseThrow();
            r.retried(r.retry().settled());
            r.moveTo(FAILED, Reconciler.ACTOR, "gave up", clock.instant());
            store.save(other, other.version());
        });

        assertEquals(Result.DONE, refunder().process(JOB).result());

        OrderReturn r = stored();
        assertEquals(REFUNDED, r.status());
        assertTrue(r.parts().stream().allMatch(p -> p.status() == REFUNDED));
        assertEquals(List.of(PENDING, FAILED, REFUNDED), r.history().stream().map(HistoryEntry::status).toList());
        assertEquals("refunded (answered after the return was marked FAILED)", r.history().getLast().note());
        assertEquals(1850, payments.refunded());
    }

    @Test
    void partsPaidWhileOthersStillFailAreRecordedOnAFailedReturnForTheOperator() {
        seed(standardOrder(), request("RET-1", 1200, units(0, 1)));
        giftCards.creditScript.retry("gift cards 503");
        store.beforeNextSave(() -> {
            Order other = store.find(ACCOUNT, ORDER_ID).orElseThrow();
            other.returns().find(RET).orElseThrow().moveTo(FAILED, Reconciler.ACTOR, "gave up", clock.instant());
            store.save(other, other.version());
        });

        assertEquals(Result.NOTHING_TO_DO, refunder().process(JOB).result());

        OrderReturn r = stored();
        assertEquals(FAILED, r.status());
        assertEquals(REFUNDED, r.parts().getFirst().status(), "the paid chargeback is recorded");
        assertEquals("refund-1", r.parts().getFirst().providerReference());
        assertTrue(r.history().getLast().note().startsWith("parts paid (answered after the return was marked FAILED)"));
    }

    // ---- 5. chargebacks split across the payments that can take them ----

    private static Order twoPaymentOrder() {
        // Voucher 30.00 listed first, card 70.00; 100.00 of one item billed, no shipping.
        List<OrderItem> items = List.of(new OrderItem(0, "u-0", "sku-a", "Coat", 10, 1000, 1000));
        List<Payment> paidWith = List.of(new Payment("tx-1", "voucher", "Voucher", 3000),
                new Payment("tx-1", "card", "Visa", 7000));
        return Order.imported(ACCOUNT, ORDER_ID, new OrderDetails("invoiced", "2025-02-19", "USD", items, totals(0),
                paidWith, "buyer@example.com"), List.of(sale("NF-1", 10000, line(0, "sku-a", 10, 1000))), IMPORTED_AT);
    }

    @Test
    void aChargebackIsSpreadOverThePaymentsInTheirOrderEachUpToItsValueOverAllReturns() {
        Order order = twoPaymentOrder();
        OrderReturn first = submit(order, "ret-1", request("RET-1", 0, units(0, 8)));
        assertEquals(List.of(RefundPart.chargeback("ret-1", "voucher", Money.of(3000, "USD")),
                RefundPart.chargeback("ret-1", "card", Money.of(5000, "USD"))), first.parts());
        OrderReturn second = submit(order, "ret-2", request("RET-2", 0, units(0, 2)));
        assertEquals(List.of(RefundPart.chargeback("ret-2", "card", Money.of(2000, "USD"))), second.parts());
        store.save(order, 0);

        Refunder refunder = refunder();
        assertEquals(Result.DONE, refunder.process(new RefundJob(ACCOUNT, ORDER_ID, "ret-1")).result());
        assertEquals(Result.DONE, refunder.process(new RefundJob(ACCOUNT, ORDER_ID, "ret-2")).result());

        assertEquals(3000, payments.refundedTo("voucher"));
        assertEquals(7000, payments.refundedTo("card"));
        assertEquals(List.of("ret-1-chargeback-voucher", "ret-1-chargeback-card", "ret-2-chargeback-card"),
                List.copyOf(payments.ledger.keySet()), "one stable requestId per return and payment");
    }

    @Test
    void chargebackMoneyNoPaymentHasRoomForIsLeftToAPerson() {
        List<OrderItem> items = List.of(new OrderItem(0, "u-0", "sku-a", "Coat", 10, 1000, 1000));
        Order underpaid = Order.imported(ACCOUNT, ORDER_ID, new OrderDetails("invoiced", "2025-02-19", "USD", items,
                totals(0), List.of(new Payment("tx-1", "card", "Visa", 500)), "b@example.com"),
                List.of(sale("NF-1", 10000, line(0, "sku-a", 10, 1000))), IMPORTED_AT);
        OrderReturn r = submit(underpaid, "ret-1", request("RET-1", 0, units(0, 1)));
        assertEquals(List.of(RefundPart.chargeback("ret-1", "card", Money.of(500, "USD")),
                RefundPart.unassignedChargeback("ret-1", Money.of(500, "USD"))), r.parts());
    }

    @Test
    void aProvidersFinalRefusalIsManualWithItsMessageAndNeverRetried() {
        seed(twoPaymentOrder(), request("RET-1", 0, units(0, 4)));
        payments.script.manual("payment provider refused to refund (422): voucher already expired");

        assertEquals(Result.DONE, refunder().process(JOB).result());

        OrderReturn r = stored();
        assertEquals(MANUAL_REFUND_REQUIRED, r.status());
        assertEquals(MANUAL_REFUND_REQUIRED, r.part("chargeback-voucher").orElseThrow().status());
        assertEquals(REFUNDED, r.part("chargeback-card").orElseThrow().status());
        assertTrue(r.history().getLast().note().contains("voucher already expired"), r.history().getLast().note());
        assertNull(r.dueAt());
        assertEquals(0, r.attempts());
        assertEquals(List.of(), queue.wakeUps);
    }

    // ---- 6. units priced from the lines they were billed on ----

    private static Order billedAtTwoPrices() {
        List<OrderItem> items = List.of(new OrderItem(0, "u-0", "sku-a", "Mug", 3, 1000, 1000));
        return Order.imported(ACCOUNT, ORDER_ID, new OrderDetails("invoiced", "2025-02-19", "USD", items, totals(0),
                List.of(new Payment("tx-1", "pay-1", "Visa", 2600)), "b@example.com"),
                List.of(sale("NF-1", 1000, line(0, "sku-a", 1, 1000)), sale("NF-2", 1600, line(0, "sku-a", 2, 800))),
                IMPORTED_AT);
    }

    @Test
    void returningEveryUnitRefundsWhatTheirInvoicesBilled() {
        OrderReturn all = submit(billedAtTwoPrices(), "ret-1", request("RET-1", 0, units(0, 3)));
        assertEquals(2600, all.plan().itemsValue().minorUnits());
        assertEquals(List.of(new ReturnLine(0, "sku-a", 1, 1000), new ReturnLine(0, "sku-a", 2, 800)), all.lines());
    }

    @Test
    void unitsAreReturnedOldestFirstAcrossReturns() {
        Order order = billedAtTwoPrices();
        assertEquals(1000, submit(order, "ret-1", request("RET-1", 0, units(0, 1))).plan().itemsValue().minorUnits());
        assertEquals(800, submit(order, "ret-2", request("RET-2", 0, units(0, 1))).plan().itemsValue().minorUnits());
        assertEquals(800, submit(order, "ret-3", request("RET-3", 0, units(0, 1))).plan().itemsValue().minorUnits());
        assertEquals(2600, order.returns().refundedValue());
        assertEquals(0, order.returnableUnits(0));
    }

    // ---- 7. a lost write answer is the request's own write ----

    @Test
    void aReturnWhoseWriteLandedButWhoseAnswerWasLostIsAnsweredAsDoneAndEnqueuedOnce() {
        store.save(standardOrder(), 0);
        ReturnDesk desk = new ReturnDesk(store, queue, clock, () -> "1");
        store.loseNextAnswer();

        ReturnDesk.Submitted submitted = desk.submitReturn(ACCOUNT, ORDER_ID, request("RET-1", 0, units(1, 1)),
                null, "fp", "operator");

        assertFalse(submitted.replayed());
        assertEquals("ret-1", submitted.submitted().returnId());
        assertEquals(1, store.stored(ACCOUNT, ORDER_ID).returns().size());
        assertEquals(List.of(JOB), queue.jobs, "enqueued once");
    }

    @Test
    void theSameWithAnIdempotencyKeyIsNotMistakenForAReplay() {
        store.save(standardOrder(), 0);
        java.util.concurrent.atomic.AtomicInteger ids = new java.util.concurrent.atomic.AtomicInteger();
        ReturnDesk desk = new ReturnDesk(store, queue, clock, () -> String.valueOf(ids.incrementAndGet()));
        store.loseNextAnswer();

        ReturnDesk.Submitted submitted = desk.submitReturn(ACCOUNT, ORDER_ID, request("RET-1", 0, units(1, 1)),
                "key-1", "fp", "operator");

        assertFalse(submitted.replayed());
        assertEquals(List.of(JOB), queue.jobs);
        assertTrue(desk.submitReturn(ACCOUNT, ORDER_ID, request("RET-1", 0, units(1, 1)), "key-1", "fp", "operator")
                .replayed(), "a real repeat is still a replay");
        assertEquals(List.of(JOB), queue.jobs);
    }

    @Test
    void anInputInvoiceWhoseAnswerWasLostIsAnsweredAsDoneAndEnqueuedOnce() {
        store.save(standardOrder(), 0);
        ReturnDesk desk = new ReturnDesk(store, queue, clock, () -> "1");
        store.loseNextAnswer();
        InvoiceNotification input = new InvoiceNotification(InvoiceType.INPUT, "RET-9", 900, "2025-03-01",
                List.of(new InvoiceNotification.SkuLine("sku-b", 1, 900, "Too small")));

        ReturnDesk.Recorded recorded = desk.recordInvoice(ACCOUNT, ORDER_ID, input, "fp-9", "platform");

        assertFalse(recorded.replayed());
        assertEquals(List.of(JOB), queue.jobs);
    }

    // ---- 4. room to finish ----

    @Test
    void everyPartAndNoteARefundAddsIsBoundedSoItsGrowthIsKnownAtSubmit() {
        seed(standardOrder(), request("RET-1", 1200, units(0, 1)));
        payments.script.manual("x".repeat(10_000));
        assertEquals(Result.DONE, refunder().process(JOB).result());
        OrderReturn r = stored();
        assertTrue(r.history().stream().allMatch(h -> h.note().length() <= Notes.MAX_NOTE_CHARS));
        assertTrue(r.history().size() <= 1 + OrderReturn.MAX_HISTORY_PER_CYCLE);
    }
}
