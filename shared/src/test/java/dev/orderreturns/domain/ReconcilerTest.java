package dev.orderreturns.domain;

import dev.orderreturns.domain.DueOrders.OrderKey;
import dev.orderreturns.domain.Reconciler.Summary;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static dev.orderreturns.domain.Fixtures.ACCOUNT;
import static dev.orderreturns.domain.Fixtures.ACTOR;
import static dev.orderreturns.domain.Fixtures.DUE;
import static dev.orderreturns.domain.Fixtures.IMPORTED_AT;
import static dev.orderreturns.domain.Fixtures.ISSUED;
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
import static org.junit.jupiter.api.Assertions.assertNull;

class ReconcilerTest {

    /** Ten minutes after the standard return was submitted: well past its due time (NOW + 2 min). */
    private static final Instant T = NOW.plus(Duration.ofMinutes(10));
    private static final int MAX_ATTEMPTS = 5;
    private static final HistoryEntry RECORDED =
            new HistoryEntry(NOW, PENDING, ACTOR, "return recorded with entrance invoice RET-1");

    /** A {@link DueOrders} fake answering fixed keys and recording what it was asked. */
    private static final class FakeDueOrders implements DueOrders {
        final List<OrderKey> keys = new ArrayList<>();
        final List<Map.Entry<Instant, Integer>> asked = new ArrayList<>();

        @Override
        public List<OrderKey> dueBy(Instant now, int limit) {
            asked.add(Map.entry(now, limit));
            return List.copyOf(keys);
        }
    }

    private InMemoryOrderStore store;
    private RecordingRefundQueue queue;
    private FakeDueOrders due;
    private MutableClock clock;
    private Reconciler reconciler;

    @BeforeEach
    void setUp() {
        store = new InMemoryOrderStore();
        queue = new RecordingRefundQueue();
        due = new FakeDueOrders();
        clock = new MutableClock(T);
        reconciler = new Reconciler(due, store, queue, clock, MAX_ATTEMPTS);
    }

    private static Order orderNamed(String orderId) {
        return Order.imported(ACCOUNT, orderId, new OrderDetails("invoiced", "2025-02-19T12:00:00Z", "USD", standardItems(), totals(SHIPPING), payments(), "buyer@example.com"),
                List.of(standardSale()), IMPORTED_AT);
    }

    /** Stores {@code order} (changed by {@code prepare} first), lists it as due and zeroes the counters. */
    private OrderReturn seed(Order order, String returnId, java.util.function.Consumer<OrderReturn> prepare) {
        OrderReturn r = submit(order, returnId, request("RET-1", 1200, units(0, 1)));
        prepare.accept(r);
        store.save(order, 0);
        due.keys.add(new OrderKey(order.account(), order.orderId()));
        resetCounters();
        return r;
    }

    private OrderReturn seed(java.util.function.Consumer<OrderReturn> prepare) {
        return seed(standardOrder(), "ret-1", prepare);
    }

    private void resetCounters() {
        store.finds = 0;
        store.saves = 0;
        store.conflicts = 0;
    }

    private OrderReturn stored(String orderId, String returnId) {
        return store.stored(ACCOUNT, orderId).returns().find(returnId).orElseThrow();
    }

    private OrderReturn stored() {
        return stored(ORDER_ID, "ret-1");
    }

    private static void attempts(OrderReturn r, int n) {
        for (int i = 0; i < n; i++) {
            r.countAttempt();
        }
    }

    // ---- one order at a time ----

    @Test
    void anOverduePendingReturnIsReenqueuedWithOneMoreAttemptAndALaterDueTime() {
        seed(r -> { });
        assertEquals(DUE, stored().dueAt());

        Summary summary = reconciler.run();

        assertEquals(List.of(1, 1, 0, 0), counts(summary));
        assertEquals(List.of(Map.entry(T, Reconciler.ORDERS_PER_RUN)), due.asked);
        assertEquals(1000, Reconciler.ORDERS_PER_RUN);
        assertEquals(List.of(new RefundJob(ACCOUNT, ORDER_ID, "ret-1")), queue.jobs);
        OrderReturn r = stored();
        assertEquals(PENDING, r.status());
        assertEquals(1, r.attempts());
        assertEquals(T.plus(Refunder.backoff(1)), r.dueAt());
        assertEquals(T.plusSeconds(30), r.dueAt());
        assertEquals(List.of(RECORDED), r.history(), "a re-enqueue is not a state change");
        assertEquals(1, store.finds);
        assertEquals(1, store.saves);
    }

    @Test
    void anOverdueProcessingReturnIsReenqueuedAndItsDueTimeBacksOffByItsAttempts() {
        seed(r -> {
            r.moveTo(PROCESSING, Refunder.ACTOR, "attempt 2 incomplete", NOW.plusSeconds(40));
            attempts(r, 2);
        });

        assertEquals(List.of(1, 1, 0, 0), counts(reconciler.run()));

        OrderReturn r = stored();
        assertEquals(PROCESSING, r.status());
        assertEquals(3, r.attempts());
        assertEquals(T.plus(Refunder.backoff(3)), r.dueAt());
        assertEquals(T.plusSeconds(120), r.dueAt());
        assertEquals(2, r.history().size());
        assertEquals(List.of(new RefundJob(ACCOUNT, ORDER_ID, "ret-1")), queue.jobs);
    }

    @Test
    void aReturnDueExactlyNowIsDue() {
        seed(r -> r.scheduleAt(T));

        assertEquals(List.of(1, 1, 0, 0), counts(reconciler.run()));
        assertEquals(T.plusSeconds(30), stored().dueAt());
    }

    @Test
    void aReturnNotYetDueIsUntouched() {
        seed(r -> r.scheduleAt(T.plusSeconds(1)));
        Fixtures.OrderState before = state(store.stored(ACCOUNT, ORDER_ID));

        assertEquals(List.of(0, 0, 0, 1), counts(reconciler.run()));

        assertEquals(before, state(store.stored(ACCOUNT, ORDER_ID)));
        assertEquals(0, store.saves);
        assertEquals(1, store.finds);
        assertEquals(List.of(), queue.jobs);
        assertEquals(0, queue.sends);
    }

    @Test
    void aReturnAtMaxAttemptsIsMarkedFailedAndNotEnqueued() {
        seed(r -> attempts(r, MAX_ATTEMPTS));

        assertEquals(List.of(1, 0, 1, 0), counts(reconciler.run()));

        OrderReturn r = stored();
        assertEquals(FAILED, r.status());
        assertEquals(MAX_ATTEMPTS, r.attempts());
        assertNull(r.dueAt());
        assertEquals(List.of(RECORDED, new HistoryEntry(T, FAILED, Reconciler.ACTOR,
                "refund still not done after 5 attempts; an operator can retry it")), r.history());
        assertEquals("reconciler", Reconciler.ACTOR);
        assertEquals(List.of(), queue.jobs);
        assertEquals(0, queue.sends);
        assertEquals(1, store.saves);

        // The refund processor leaves a FAILED return alone.
        FakePaymentProvider payments = new FakePaymentProvider();
        FakeGiftCardProvider giftCards = new FakeGiftCardProvider();
        assertEquals(Refunder.Result.NOTHING_TO_DO, new Refunder(store, payments, giftCards, clock, MAX_ATTEMPTS)
                .process(new RefundJob(ACCOUNT, ORDER_ID, "ret-1")).result());
        assertEquals(List.of(), payments.calls);
    }

    @Test
    void aReturnOneAttemptBelowTheBudgetIsStillReenqueued() {
        seed(r -> attempts(r, MAX_ATTEMPTS - 1));

        assertEquals(List.of(1, 1, 0, 0), counts(reconciler.run()));

        OrderReturn r = stored();
        assertEquals(PENDING, r.status());
        assertEquals(MAX_ATTEMPTS, r.attempts());
        assertEquals(T.plus(Refunder.backoff(MAX_ATTEMPTS)), r.dueAt());
        assertEquals(T.plusSeconds(480), r.dueAt());
    }

    @Test
    void aRefundedReturnWithAStaleDueTimeIsSkippedAndItsDueTimeCleared() {
        seed(r -> r.moveTo(REFUNDED, Refunder.ACTOR, "refunded", NOW.plusSeconds(5)));
        assertEquals(DUE, stored().dueAt());

        assertEquals(List.of(1, 0, 0, 1), counts(reconciler.run()));

        OrderReturn r = stored();
        assertEquals(REFUNDED, r.status());
        assertNull(r.dueAt());
        assertEquals(0, r.attempts());
        assertEquals(List.of(RECORDED, new HistoryEntry(NOW.plusSeconds(5), REFUNDED, Refunder.ACTOR, "refunded")),
                r.history());
        assertEquals(List.of(), queue.jobs);
        assertEquals(1, store.saves);

        // Nothing is due any more: the next run finds nothing and writes nothing.
        resetCounters();
        assertEquals(List.of(0, 0, 0, 1), counts(reconciler.run()));
        assertEquals(0, store.saves);
    }

    @Test
    void manualAndFailedReturnsWithAStaleDueTimeAreSkippedToo() {
        seed(standardOrder(), "ret-1", r -> r.moveTo(MANUAL_REFUND_REQUIRED, Refunder.ACTOR, "by hand", NOW));
        Order second = orderNamed("ORD-2");
        seed(second, "ret-2", r -> r.moveTo(FAILED, Refunder.ACTOR, "gave up", NOW));

        assertEquals(List.of(2, 0, 0, 2), counts(reconciler.run()));

        assertEquals(MANUAL_REFUND_REQUIRED, stored().status());
        assertNull(stored().dueAt());
        assertEquals(FAILED, stored("ORD-2", "ret-2").status());
        assertNull(stored("ORD-2", "ret-2").dueAt());
        assertEquals(List.of(), queue.jobs);
    }

    @Test
    void aMissingOrderIsSkipped() {
        due.keys.add(new OrderKey(ACCOUNT, "ORD-404"));

        assertEquals(List.of(0, 0, 0, 1), counts(reconciler.run()));

        assertEquals(1, store.finds);
        assertEquals(0, store.saves);
        assertEquals(List.of(), queue.jobs);
    }

    @Test
    void onlyTheDueReturnsOfAnOrderAreTouchedInOneWrite() {
        Order order = standardOrder();
        submit(order, "ret-1", request("RET-1", 0, units(0, 1)));
        OrderReturn later = submit(order, "ret-2", request("RET-2", 0, units(1, 1)));
        later.scheduleAt(T.plusSeconds(60));
        OrderReturn overdue = submit(order, "ret-3", request("RET-3", 1200));
        overdue.scheduleAt(T.minusSeconds(60));
        store.save(order, 0);
        due.keys.add(new OrderKey(ACCOUNT, ORDER_ID));
        Fixtures.ReturnState laterBefore = state(stored(ORDER_ID, "ret-2"));
        resetCounters();

        assertEquals(List.of(2, 2, 0, 0), counts(reconciler.run()));

        assertEquals(List.of(new RefundJob(ACCOUNT, ORDER_ID, "ret-1"), new RefundJob(ACCOUNT, ORDER_ID, "ret-3")),
                queue.jobs);
        assertEquals(1, store.saves);
        assertEquals(laterBefore, state(stored(ORDER_ID, "ret-2")));
        assertEquals(1, stored(ORDER_ID, "ret-1").attempts());
        assertEquals(T.plusSeconds(30), stored(ORDER_ID, "ret-1").dueAt());
        assertEquals(1, stored(ORDER_ID, "ret-3").attempts());
        assertEquals(T.plusSeconds(30), stored(ORDER_ID, "ret-3").dueAt());
        assertEquals(T.plusSeconds(30), store.stored(ACCOUNT, ORDER_ID).returns().nextDueAt().orElseThrow());
    }

    // ---- many orders ----

    @Test
    void theSummaryCountsEveryCaseExactly() {
        seed(orderNamed("ORD-A"), "ret-a", r -> { });                                   // overdue: re-enqueued
        seed(orderNamed("ORD-B"), "ret-b", r -> r.scheduleAt(T.plusSeconds(90)));      // not yet due
        seed(orderNamed("ORD-C"), "ret-c", r -> attempts(r, MAX_ATTEMPTS));            // budget spent: failed
        seed(orderNamed("ORD-D"), "ret-d", r -> r.moveTo(REFUNDED, Refunder.ACTOR, "refunded", NOW)); // stale
        due.keys.add(new OrderKey(ACCOUNT, "ORD-E"));                                   // gone
        Order f = orderNamed("ORD-F");                                                  // one due, one not
        OrderReturn f1 = submit(f, "ret-f1", request("RET-F1", 0, units(0, 1)));
        f1.moveTo(PROCESSING, Refunder.ACTOR, "attempt 2 incomplete", NOW);
        attempts(f1, 2);
        submit(f, "ret-f2", request("RET-F2", 0, units(1, 1))).scheduleAt(T.plusSeconds(5));
        store.save(f, 0);
        due.keys.add(new OrderKey(ACCOUNT, "ORD-F"));
        resetCounters();

        Summary summary = reconciler.run();

        assertEquals(List.of(4, 2, 1, 3), counts(summary));
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("found", 4);
        map.put("reenqueued", 2);
        map.put("failed", 1);
        map.put("skipped", 3);
        assertEquals(map, summary.toMap());
        assertEquals(List.of("found", "reenqueued", "failed", "skipped"), List.copyOf(summary.toMap().keySet()));
        assertEquals(List.of(new RefundJob(ACCOUNT, "ORD-A", "ret-a"), new RefundJob(ACCOUNT, "ORD-F", "ret-f1")),
                queue.jobs);
        assertEquals(6, store.finds);
        assertEquals(4, store.saves, "A, C, D and F are written; B and E are not");
        assertEquals(1, stored("ORD-A", "ret-a").attempts());
        assertEquals(T.plusSeconds(30), stored("ORD-A", "ret-a").dueAt());
        assertEquals(T.plusSeconds(90), stored("ORD-B", "ret-b").dueAt());
        assertEquals(0, stored("ORD-B", "ret-b").attempts());
        assertEquals(FAILED, stored("ORD-C", "ret-c").status());
        assertNull(stored("ORD-D", "ret-d").dueAt());
        assertEquals(3, stored("ORD-F", "ret-f1").attempts());
        assertEquals(T.plusSeconds(120), stored("ORD-F", "ret-f1").dueAt());
        assertEquals(0, stored("ORD-F", "ret-f2").attempts());
        assertEquals(T.plusSeconds(5), stored("ORD-F", "ret-f2").dueAt());
    }

    @Test
    void anOrderListedTwiceIsReenqueuedOnce() {
        seed(r -> { });
        due.keys.add(new OrderKey(ACCOUNT, ORDER_ID));

        assertEquals(List.of(1, 1, 0, 1), counts(reconciler.run()));

        assertEquals(1, queue.jobs.size());
        assertEquals(1, stored().attempts());
    }

    // ---- failures ----

    @Test
    void aQueueThatThrowsLeavesTheReturnDueSoTheNextRunSendsIt() {
        seed(r -> { });
        queue.failWith = new IllegalStateException("SQS unavailable");

        assertEquals(List.of(1, 0, 0, 0), counts(reconciler.run()));

        assertEquals(1, queue.sends);
        assertEquals(List.of(), queue.jobs);
        OrderReturn r = stored();
        assertEquals(PENDING, r.status());
        assertEquals(1, r.attempts());
        assertEquals(T.plusSeconds(30), r.dueAt(), "still due: not lost");
        assertEquals(T.plusSeconds(30), store.stored(ACCOUNT, ORDER_ID).returns().nextDueAt().orElseThrow());

        queue.failWith = null;
        Instant t2 = T.plusSeconds(30);
        clock.set(t2);
        assertEquals(List.of(1, 1, 0, 0), counts(reconciler.run()));
        assertEquals(List.of(new RefundJob(ACCOUNT, ORDER_ID, "ret-1")), queue.jobs);
        assertEquals(2, stored().attempts());
        assertEquals(t2.plusSeconds(60), stored().dueAt());
    }

    @Test
    void anotherReturnSubmittedDuringTheRunIsKeptAndTheDueReturnIsReenqueuedOnce() {
        seed(r -> { });
        Fixtures.ReturnState[] second = new Fixtures.ReturnState[1];
        store.beforeNextSave(() -> {
            Order other = store.find(ACCOUNT, ORDER_ID).orElseThrow();
            OrderReturn r2 = other.submitReturn("ret-2", request("RET-2", 0, units(1, 1)), ISSUED, ACTOR, T,
                    T.plus(ReturnDesk.REFUND_GRACE));
            second[0] = state(r2);
            store.save(other, other.version());
        });

        assertEquals(List.of(1, 1, 0, 0), counts(reconciler.run()));

        assertEquals(1, store.conflicts);
        assertEquals(List.of(new RefundJob(ACCOUNT, ORDER_ID, "ret-1")), queue.jobs);
        assertEquals(1, stored().attempts(), "counted once, on the fresh copy");
        assertEquals(T.plusSeconds(30), stored().dueAt());
        assertEquals(second[0], state(stored(ORDER_ID, "ret-2")));
        assertEquals(3, store.version(ACCOUNT, ORDER_ID));
    }

    @Test
    void aReturnRefundedDuringTheRunIsNotReenqueued() {
        seed(r -> { });
        store.beforeNextSave(() -> {
            Order other = store.find(ACCOUNT, ORDER_ID).orElseThrow();
            OrderReturn r = other.returns().find("ret-1").orElseThrow();
            r.scheduleAt(null);
            r.moveTo(REFUNDED, Refunder.ACTOR, "refunded", T);
            store.save(other, other.version());
        });

        assertEquals(List.of(0, 0, 0, 1), counts(reconciler.run()));

        assertEquals(List.of(), queue.jobs);
        assertEquals(REFUNDED, stored().status());
        assertEquals(0, stored().attempts());
    }

    @Test
    void writeConflictsOnEveryAttemptSkipTheOrderAndEnqueueNothing() {
        seed(r -> { });
        Fixtures.OrderState before = state(store.stored(ACCOUNT, ORDER_ID));
        store.alwaysConflict(true);

        assertEquals(List.of(1, 0, 0, 1), counts(reconciler.run()));

        assertEquals(ReturnDesk.MAX_WRITE_ATTEMPTS, store.saves);
        assertEquals(List.of(), queue.jobs);
        store.alwaysConflict(false);
        assertEquals(before, state(store.stored(ACCOUNT, ORDER_ID)), "still due for the next run");
    }

    @Test
    void aLostEnqueueIsRecoveredByTheReconcilerAndRefundedOnce() {
        seed(r -> { });
        FakePaymentProvider payments = new FakePaymentProvider();
        FakeGiftCardProvider giftCards = new FakeGiftCardProvider();
        Refunder refunder = new Refunder(store, payments, giftCards, clock, MAX_ATTEMPTS);

        assertEquals(List.of(1, 1, 0, 0), counts(reconciler.run()));
        for (RefundJob job : queue.jobs) {
            assertEquals(Refunder.Result.DONE, refunder.process(job).result());
        }

        OrderReturn r = stored();
        assertEquals(REFUNDED, r.status());
        assertNull(r.dueAt());
        assertEquals(1, payments.ledger.size());
        assertEquals(1850, payments.refunded());
        assertEquals(600, giftCards.balance("card-1"));

        clock.advance(Duration.ofHours(1));
        assertEquals(List.of(0, 0, 0, 1), counts(reconciler.run()));
        assertEquals(1, queue.jobs.size());
    }

    /** A run's counts: found, re-enqueued, failed, skipped. */
    static List<Integer> counts(Summary summary) {
        return List.of(summary.found(), summary.reenqueued(), summary.failed(), summary.skipped());
    }
}
