package dev.orderreturns.domain;

import dev.orderreturns.domain.DueOrders.OrderKey;
import dev.orderreturns.domain.Reconciler.Summary;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import static dev.orderreturns.domain.Fixtures.ACCOUNT;
import static dev.orderreturns.domain.Fixtures.IMPORTED_AT;
import static dev.orderreturns.domain.Fixtures.NOW;
import static dev.orderreturns.domain.Fixtures.ORDER_ID;
import static dev.orderreturns.domain.Fixtures.SHIPPING;
import static dev.orderreturns.domain.Fixtures.payments;
import static dev.orderreturns.domain.Fixtures.request;
import static dev.orderreturns.domain.Fixtures.standardItems;
import static dev.orderreturns.domain.Fixtures.standardOrder;
import static dev.orderreturns.domain.Fixtures.standardSale;
import static dev.orderreturns.domain.Fixtures.state;
import static dev.orderreturns.domain.Fixtures.submit;
import static dev.orderreturns.domain.Fixtures.totals;
import static dev.orderreturns.domain.Fixtures.units;
import static dev.orderreturns.domain.RefundStatus.FAILED;
import static dev.orderreturns.domain.RefundStatus.MANUAL_REFUND_REQUIRED;
import static dev.orderreturns.domain.RefundStatus.PENDING;
import static dev.orderreturns.domain.RefundStatus.PROCESSING;
import static dev.orderreturns.domain.RefundStatus.REFUNDED;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The reconciler is the safety net under the refunder's own wake-ups: it re-enqueues returns
 * overdue by more than the grace (a lost enqueue, a dead worker), counts no attempt and owns no
 * timing, and gives up (FAILED) a return whose budget is spent only under a claim, so never one a
 * worker is paying.
 */
class ReconcilerTest {

    /** Ten minutes after the standard return was submitted (due at once): overdue by more than the grace. */
    private static final Instant T = NOW.plus(Duration.ofMinutes(10));
    private static final RetrySchedule SCHEDULE = RetrySchedule.DEFAULT;
    private static final RefundJob JOB = new RefundJob(ACCOUNT, ORDER_ID, "ret-1");

    /** A {@link DueOrders} fake answering fixed keys and recording the cut-offs it was asked for. */
    private static final class FakeDueOrders implements DueOrders {
        final List<OrderKey> keys = new ArrayList<>();
        final List<Map.Entry<Instant, Integer>> asked = new ArrayList<>();

        @Override
        public List<OrderKey> dueBy(Instant cutoff, int limit) {
            asked.add(Map.entry(cutoff, limit));
            return List.copyOf(keys);
        }
    }

    private InMemoryOrderStore store;
    private RecordingRefundQueue queue;
    private InMemoryRefundClaims claims;
    private FakeDueOrders due;
    private MutableClock clock;
    private Reconciler reconciler;

    @BeforeEach
    void setUp() {
        store = new InMemoryOrderStore();
        queue = new RecordingRefundQueue();
        claims = new InMemoryRefundClaims();
        due = new FakeDueOrders();
        clock = new MutableClock(T);
        reconciler = new Reconciler(due, store, queue, claims, Outbox.UNHEARD, clock, SCHEDULE);
    }

    private static Order orderNamed(String orderId) {
        return Order.imported(ACCOUNT, orderId, new OrderDetails("invoiced", "2025-02-19T12:00:00Z", "USD",
                standardItems(), totals(SHIPPING), payments(), "buyer@example.com"), List.of(standardSale()),
                IMPORTED_AT);
    }

    /** Stores {@code order} (its return changed by {@code prepare} first), lists it as due, zeroes the counters. */
    private OrderReturn seed(Order order, String returnId, Consumer<OrderReturn> prepare) {
        OrderReturn r = submit(order, returnId, request("RET-1", 1200, units(0, 1)));
        prepare.accept(r);
        store.save(Fixtures.published(order), 0);
        due.keys.add(new OrderKey(order.account(), order.orderId()));
        store.finds = 0;
        store.saves = 0;
        return r;
    }

    private OrderReturn seed(Consumer<OrderReturn> prepare) {
        return seed(standardOrder(), "ret-1", prepare);
    }

    private OrderReturn stored(String orderId, String returnId) {
        return store.stored(ACCOUNT, orderId).returns().find(returnId).orElseThrow();
    }

    private OrderReturn stored() {
        return stored(ORDER_ID, "ret-1");
    }

    private static List<Integer> counts(Summary summary) {
        return List.of(summary.found(), summary.reenqueued(), summary.failed(), summary.skipped());
    }

    private static Consumer<OrderReturn> failedAttempts(int n, Instant lastAt) {
        return r -> {
            for (int i = 0; i < n; i++) {
                r.retried(r.retry().failed("payments 503", lastAt, SCHEDULE));
            }
        };
    }

    // ---- re-enqueueing ----

    @Test
    void anOverdueReturnIsReenqueuedWithNothingWrittenAndNoAttemptCounted() {
        seed(r -> { });
        Fixtures.OrderState before = state(store.stored(ACCOUNT, ORDER_ID));

        Summary summary = reconciler.run();

        assertEquals(List.of(1, 1, 0, 0), counts(summary));
        assertEquals(List.of(JOB), queue.jobs);
        assertEquals(List.of(), queue.wakeUps);
        assertEquals(before, state(store.stored(ACCOUNT, ORDER_ID)), "the reconciler owns no timing");
        assertEquals(0, store.saves);
        assertEquals(List.of(Map.entry(T.minus(Reconciler.GRACE), Reconciler.ORDERS_PER_RUN)), due.asked);
        assertEquals(Duration.ofMinutes(2), Reconciler.GRACE);
    }

    @Test
    void runningAgainAndAgainNeverSpendsTheBudget() {
        seed(r -> { });
        for (int i = 0; i < 5; i++) {
            clock.advance(Duration.ofMinutes(5));
            reconciler.run();
        }
        assertEquals(5, queue.jobs.size());
        assertEquals(0, stored().attempts());
        assertEquals(PENDING, stored().status());
    }

    @Test
    void aReturnDueLessThanTheGraceAgoIsLeftToItsOwnWakeUp() {
        seed(r -> r.retried(r.retry().failed("payments 503", T.minusSeconds(60), SCHEDULE))); // due T - 30 s
        assertEquals(T.minusSeconds(30), stored().dueAt());

        assertEquals(List.of(0, 0, 0, 1), counts(reconciler.run()));
        assertEquals(List.of(), queue.jobs);

        clock.set(stored().dueAt().plus(Reconciler.GRACE));
        assertEquals(List.of(1, 1, 0, 0), counts(reconciler.run()), "due exactly the grace ago is overdue");
    }

    @Test
    void anOverdueReturnAPartOfWhichIsPaidIsReenqueuedToo() {
        seed(r -> {
            r.replacePart(r.parts().getFirst().paid("refund-1"));
            r.moveTo(PROCESSING, Refunder.ACTOR, "attempt 1 incomplete", NOW);
        });
        assertEquals(List.of(1, 1, 0, 0), counts(reconciler.run()));
        assertEquals(List.of(JOB), queue.jobs);
    }

    // ---- giving up ----

    @Test
    void aReturnWhoseAttemptsAreSpentIsMarkedFailedUnderAClaimAndNotEnqueued() {
        seed(failedAttempts(SCHEDULE.maxAttempts(), NOW.minus(Duration.ofHours(1))));

        Summary summary = reconciler.run();

        assertEquals(List.of(1, 0, 1, 0), counts(summary));
        assertEquals(List.of(), queue.jobs);
        OrderReturn r = stored();
        assertEquals(FAILED, r.status());
        assertNull(r.dueAt());
        assertEquals(Reconciler.ACTOR, r.history().getLast().actor());
        assertEquals("refund still not done after 101 attempts since " + NOW + "; an operator can retry it",
                r.history().getLast().note());
        assertEquals(2, store.saves);
        assertEquals(1, claims.claimed);
        assertEquals(1, claims.released);
    }

    @Test
    void aReturnNobodyCouldTryForTheWholeWindowIsGivenUpByTime() {
        seed(r -> { });
        clock.set(NOW.plus(SCHEDULE.window()).minusSeconds(1));
        assertEquals(List.of(1, 1, 0, 0), counts(reconciler.run()), "a second before the window ends: sent again");

        clock.set(NOW.plus(SCHEDULE.window()));
        assertEquals(List.of(1, 0, 1, 0), counts(reconciler.run()));
        assertEquals(FAILED, stored().status());
        assertEquals(0, stored().attempts());
    }

    @Test
    void aReturnPastItsBudgetThatAWorkerIsPayingIsNeverMarkedFailed() {
        seed(failedAttempts(SCHEDULE.maxAttempts(), NOW.minus(Duration.ofHours(1))));
        claims.holdAsOther(JOB, T.plusSeconds(45));

        assertEquals(List.of(1, 0, 0, 1), counts(reconciler.run()));
        assertEquals(PENDING, stored().status());
        assertEquals(0, store.saves);
        assertEquals(List.of(), queue.jobs);

        clock.set(T.plusSeconds(46)); // the worker's claim lapsed (it died)
        assertEquals(List.of(1, 0, 1, 0), counts(reconciler.run()));
        assertEquals(FAILED, stored().status());
    }

    @Test
    void anOrderChangedWhileGivingUpIsLeftForTheNextRunAndItsClaimsGivenBack() {
        seed(failedAttempts(SCHEDULE.maxAttempts(), NOW.minus(Duration.ofHours(1))));
        store.beforeNextSave(() -> {
            Order other = store.find(ACCOUNT, ORDER_ID).orElseThrow();
            submit(other, "ret-2", request("RET-2", 0, units(1, 1)));
            store.save(other, other.version());
        });

        assertEquals(List.of(1, 0, 0, 1), counts(reconciler.run()));
        assertEquals(PENDING, stored().status());
        assertFalse(claims.isHeld(JOB, T));

        assertEquals(1, reconciler.run().failed());
        assertEquals(FAILED, stored().status());
    }

    // ---- what needs nothing ----

    @Test
    void settledReturnsWithAStaleDueTimeHaveItClearedAndAreNotEnqueued() {
        seed(r -> {
            r.replacePart(r.parts().get(0).paid("refund-1"));
            r.replacePart(r.parts().get(1).paid("credit-1"));
            r.moveTo(REFUNDED, Refunder.ACTOR, "refunded", NOW);
        });
        Order manual = orderNamed("ORD-M");
        seed(manual, "ret-m", r -> r.moveTo(MANUAL_REFUND_REQUIRED, Refunder.ACTOR, "by hand", NOW));

        Summary summary = reconciler.run();

        assertEquals(List.of(0, 0, 0, 0), counts(summary));
        assertEquals(List.of(), queue.jobs);
        assertNull(stored().dueAt());
        assertNull(stored("ORD-M", "ret-m").dueAt());
        assertEquals(REFUNDED, stored().status());
        assertEquals(2, store.saves);
    }

    @Test
    void aMissingOrderIsSkipped() {
        due.keys.add(new OrderKey(ACCOUNT, "ORD-GONE"));
        assertEquals(List.of(0, 0, 0, 1), counts(reconciler.run()));
        assertEquals(List.of(), queue.jobs);
    }

    @Test
    void theSummaryCountsEveryCaseExactly() {
        seed(r -> { });                                                                  // re-enqueued
        seed(orderNamed("ORD-F"), "ret-f", failedAttempts(SCHEDULE.maxAttempts(), NOW.minus(Duration.ofHours(1)))); // failed
        seed(orderNamed("ORD-B"), "ret-b", failedAttempts(SCHEDULE.maxAttempts(), NOW.minus(Duration.ofHours(1)))); // busy: skipped
        claims.holdAsOther(new RefundJob(ACCOUNT, "ORD-B", "ret-b"), T.plusSeconds(30));
        seed(orderNamed("ORD-N"), "ret-n", r -> r.retried(r.retry().failed("x", T, SCHEDULE))); // not overdue
        due.keys.add(new OrderKey(ACCOUNT, "ORD-GONE"));                                 // skipped

        Summary summary = reconciler.run();

        assertEquals(List.of(3, 1, 1, 3), counts(summary));
        assertEquals(Map.of("found", 3, "reenqueued", 1, "failed", 1, "skipped", 3, "published", 0), summary.toMap());
        assertEquals(List.of(JOB), queue.jobs);
        assertTrue(summary.orderTroubles().isEmpty());
    }

    // ---- failures around it ----

    @Test
    void aQueueThatThrowsLeavesTheReturnOverdueSoTheNextRunSendsIt() {
        seed(r -> { });
        queue.failWith = new IllegalStateException("SQS unavailable");

        Summary summary = reconciler.run();
        assertEquals(List.of(1, 0, 0, 0), counts(summary));
        assertEquals(1, summary.enqueueTroubles().size());
        assertEquals("ret-1", summary.enqueueTroubles().getFirst().returnId());

        queue.failWith = null;
        assertEquals(List.of(1, 1, 0, 0), counts(reconciler.run()));
        assertEquals(List.of(JOB), queue.jobs);
    }

    @Test
    void aLostEnqueueIsRecoveredByTheReconcilerAndRefundedOnce() {
        store.save(standardOrder(), 0);
        RecordingRefundQueue lost = new RecordingRefundQueue();
        lost.failWith = new IllegalStateException("SQS unavailable");
        clock.set(NOW);
        ReturnDesk desk = new ReturnDesk(store, lost, clock, () -> "1");
        assertTrue(desk.submitReturn(ACCOUNT, ORDER_ID, request("RET-1", 1200, units(0, 1)), null, null, "op")
                .enqueueFailure() != null);
        due.keys.add(new OrderKey(ACCOUNT, ORDER_ID));

        clock.set(NOW.plus(Reconciler.GRACE).plusSeconds(1));
        assertEquals(List.of(1, 1, 0, 0), counts(reconciler.run()));

        FakePaymentProvider payments = new FakePaymentProvider();
        FakeGiftCardProvider giftCards = new FakeGiftCardProvider();
        Refunder refunder = new Refunder(store, payments, giftCards, queue, claims, Outbox.UNHEARD, clock, SCHEDULE,
                Duration.ofSeconds(45));
        assertEquals(Refunder.Result.DONE, refunder.process(queue.jobs.getFirst()).result());
        assertEquals(Refunder.Result.NOTHING_TO_DO, refunder.process(queue.jobs.getFirst()).result());
        assertEquals(1850, payments.refunded());
        assertEquals(600, giftCards.balance("card-1"));
        assertEquals(REFUNDED, stored(ORDER_ID, "ret-1").status());
    }
}
