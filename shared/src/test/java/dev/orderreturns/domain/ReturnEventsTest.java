package dev.orderreturns.domain;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static dev.orderreturns.domain.Fixtures.ACCOUNT;
import static dev.orderreturns.domain.Fixtures.ACTOR;
import static dev.orderreturns.domain.Fixtures.NOW;
import static dev.orderreturns.domain.Fixtures.ORDER_ID;
import static dev.orderreturns.domain.Fixtures.request;
import static dev.orderreturns.domain.Fixtures.standardOrder;
import static dev.orderreturns.domain.Fixtures.units;
import static dev.orderreturns.domain.ReturnEventKind.ManualRefundRecorded;
import static dev.orderreturns.domain.ReturnEventKind.ManualRefundRequired;
import static dev.orderreturns.domain.ReturnEventKind.RefundCompleted;
import static dev.orderreturns.domain.ReturnEventKind.RefundFailed;
import static dev.orderreturns.domain.ReturnEventKind.ReturnRecorded;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every status change of a return is told to the store's other systems, at least once, under
 * every failure between the write that stores it and the bus: the outbox in the order is the
 * record, the desk and the refunder publish right after their write, the reconciler publishes
 * what they could not, and a repeat carries the same eventId.
 */
class ReturnEventsTest {

    private static final String PART = "chargeback-pay-1";

    private InMemoryOrderStore store;
    private RecordingRefundQueue queue;
    private RecordingReturnEvents events;
    private FakePaymentProvider payments;
    private MutableClock clock;
    private ReturnDesk desk;
    private Reconciler reconciler;

    @BeforeEach
    void setUp() {
        store = new InMemoryOrderStore();
        queue = new RecordingRefundQueue();
        events = new RecordingReturnEvents();
        payments = new FakePaymentProvider();
        clock = new MutableClock(NOW);
        desk = new ReturnDesk(store, queue, events, clock, () -> "1", RetrySchedule.DEFAULT);
        reconciler = new Reconciler((now, limit) -> List.of(new DueOrders.OrderKey(ACCOUNT, ORDER_ID)), store, queue,
                new InMemoryRefundClaims(), events, clock, RetrySchedule.DEFAULT);
        store.save(standardOrder(), 0);
    }

    private Refunder refunder(RetrySchedule schedule) {
        return new Refunder(store, payments, new FakeGiftCardProvider(), queue, new InMemoryRefundClaims(), events,
                clock, schedule, Duration.ofSeconds(45));
    }

    /** A return of one shirt (1250 cents, all chargeback to pay-1). */
    private String submit() {
        ReturnDesk.Submitted submitted = desk.submitReturn(ACCOUNT, ORDER_ID, request("RET-1", 0, units(0, 1)), null,
                "fingerprint", ACTOR);
        return submitted.submitted().returnId();
    }

    private Order stored() {
        return store.stored(ACCOUNT, ORDER_ID);
    }

    @Test
    void eachChangeIsToldOnceInTheOrderItHappenedAndLeavesTheOutbox() {
        String returnId = submit();
        payments.script.manual("the card was closed");
        refunder(RetrySchedule.DEFAULT).process(new RefundJob(ACCOUNT, ORDER_ID, returnId));
        clock.advance(Duration.ofMinutes(30));
        ReturnDesk.Submitted recorded = desk.recordManualRefund(ACCOUNT, ORDER_ID, returnId, PART, "BANK-1",
                "paid by bank transfer", ACTOR);
        assertNull(recorded.eventsFailure());

        assertEquals(List.of(ReturnRecorded, ManualRefundRequired, ManualRefundRecorded, RefundCompleted), events.kinds());
        assertEquals(List.of(RefundStatus.PENDING, RefundStatus.MANUAL_REFUND_REQUIRED,
                RefundStatus.MANUAL_REFUND_REQUIRED, RefundStatus.REFUNDED),
                events.published.stream().map(ReturnEvent::status).toList());
        Set<String> ids = events.published.stream().map(ReturnEvent::eventId).collect(Collectors.toSet());
        assertEquals(4, ids.size(), "each change has its own id: " + ids);
        assertTrue(ids.stream().allMatch(id -> id.startsWith(returnId + ".")), ids.toString());
        RefundPart byHand = events.published.get(2).parts().getFirst();
        assertTrue(byHand.manual());
        assertEquals("BANK-1", byHand.providerReference());
        assertEquals(List.of(), stored().outbox(), "everything told is out of the outbox");
        assertTrue(stored().returns().nextDueAt().isEmpty(), "nothing left for the reconciler");

        // Recording the same manual refund again is an answer, not a change: nothing more is told.
        desk.recordManualRefund(ACCOUNT, ORDER_ID, returnId, PART, "BANK-1", "paid by bank transfer", ACTOR);
        assertEquals(4, events.published.size());
    }

    @Test
    void aBusDownWhenTheReturnIsRecordedLosesNoEvent() {
        events.downFor(1);
        ReturnDesk.Submitted submitted = desk.submitReturn(ACCOUNT, ORDER_ID, request("RET-1", 0, units(0, 1)), null,
                "fingerprint", ACTOR);
        assertNotNull(submitted.eventsFailure(), "the caller is told, and the return is recorded all the same");
        assertEquals(List.of(ReturnRecorded), stored().outbox().stream().map(ReturnEvent::kind).toList());
        assertEquals(NOW, stored().returns().nextDueAt().orElseThrow(), "the order is due for the reconciler");

        assertEquals(0, reconciler.run().published(), "within the grace period the desk may still be publishing");
        clock.advance(Reconciler.GRACE.plusSeconds(1));
        assertEquals(1, reconciler.run().published());
        assertEquals(List.of(ReturnRecorded), events.kinds());
        assertEquals(List.of(), stored().outbox());
        assertEquals(0, reconciler.run().published(), "told once");
    }

    @Test
    void aProcessThatDiesAfterTheBusTookTheEventTellsItAgainUnderTheSameId() {
        String returnId = submit();
        assertEquals(1, events.published.size());
        assertEquals(List.of(), stored().outbox(), "the normal case: taken out");

        clock.advance(Duration.ofMinutes(1));
        payments.script.pay();
        Refunder dying = refunder(RetrySchedule.DEFAULT);
        // The refund's own save lands and the bus takes its event; the write that would take the
        // event out of the outbox fails, as if the process died right after the publish.
        events.listener = (order, event) -> store.failNextSaves(1);
        dying.process(new RefundJob(ACCOUNT, ORDER_ID, returnId));
        events.listener = (order, event) -> { };
        assertEquals(List.of(ReturnRecorded, RefundCompleted), events.kinds());
        assertEquals(List.of(RefundCompleted), stored().outbox().stream().map(ReturnEvent::kind).toList(),
                "the bus has it, the order does not know");

        clock.advance(Reconciler.GRACE.plusSeconds(1));
        assertEquals(1, reconciler.run().published());
        assertEquals(List.of(ReturnRecorded, RefundCompleted, RefundCompleted), events.kinds(), "told again");
        assertEquals(events.published.get(1).eventId(), events.published.get(2).eventId(), "under the same id");
        assertEquals(List.of(ReturnRecorded, RefundCompleted), events.distinct().stream().map(ReturnEvent::kind).toList(),
                "a consumer deduplicating by eventId sees each change once");
        assertEquals(List.of(), stored().outbox());
    }

    @Test
    void entriesTheBusRefusesStayForTheReconciler() {
        events.refuseNext(1);
        String returnId = submit();
        assertEquals(List.of(), events.published);
        assertEquals(1, stored().outbox().size());
        clock.advance(Reconciler.GRACE.plusSeconds(1));
        Reconciler.Summary summary = reconciler.run();
        assertEquals(1, summary.published());
        assertEquals(List.of(ReturnRecorded), events.kinds());
        assertEquals(returnId, events.published.getFirst().returnId());
    }

    @Test
    void aRefundWhoseBudgetIsSpentIsToldAsFailed() {
        String returnId = submit();
        payments.script.alwaysRetry("payment provider answered 500");
        RetrySchedule oneAttempt = RefunderTest.schedule(1);
        refunder(oneAttempt).process(new RefundJob(ACCOUNT, ORDER_ID, returnId));
        clock.advance(Duration.ofHours(1));
        new Reconciler((now, limit) -> List.of(new DueOrders.OrderKey(ACCOUNT, ORDER_ID)), store, queue,
                new InMemoryRefundClaims(), events, clock, oneAttempt).run();
        assertEquals(RefundStatus.FAILED, stored().returns().find(returnId).orElseThrow().status());
        assertEquals(List.of(ReturnRecorded, RefundFailed), events.kinds());
        assertTrue(stored().returns().find(returnId).orElseThrow().needsAttention(clock.instant()));
    }

    @Test
    void attentionIsForFailedManualAndOverdueRefundsOnly() {
        String returnId = submit();
        OrderReturn pending = stored().returns().find(returnId).orElseThrow();
        assertEquals(false, pending.needsAttention(NOW.plus(OrderReturn.ATTENTION_AFTER)), "due, not yet overdue");
        assertEquals(true, pending.needsAttention(NOW.plus(OrderReturn.ATTENTION_AFTER).plusSeconds(1)));
        payments.script.manual("the card was closed");
        refunder(RetrySchedule.DEFAULT).process(new RefundJob(ACCOUNT, ORDER_ID, returnId));
        assertEquals(true, stored().returns().find(returnId).orElseThrow().needsAttention(NOW));
        desk.recordManualRefund(ACCOUNT, ORDER_ID, returnId, PART, "BANK-1", null, ACTOR);
        assertEquals(false, stored().returns().find(returnId).orElseThrow().needsAttention(NOW.plus(Duration.ofDays(9))));
    }
}
