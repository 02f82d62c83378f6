package dev.orderreturns.domain;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static dev.orderreturns.domain.Fixtures.ACTOR;
import static dev.orderreturns.domain.Fixtures.NOW;
import static dev.orderreturns.domain.Fixtures.assertRefused;
import static dev.orderreturns.domain.Fixtures.request;
import static dev.orderreturns.domain.Fixtures.standardOrder;
import static dev.orderreturns.domain.Fixtures.state;
import static dev.orderreturns.domain.Fixtures.submit;
import static dev.orderreturns.domain.Fixtures.units;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class OrderReturnTest {

    private static final Instant LATER = NOW.plusSeconds(60);

    private static OrderReturn aReturn() {
        return submit(standardOrder(), "ret-1", request("RET-1", 1200, units(0, 1)));
    }

    @Test
    void unitsOfCountsOnlyThatItem() {
        OrderReturn r = submit(standardOrder(), "ret-1", request("RET-1", 0, units(0, 2), units(1, 3)));
        assertEquals(2, r.unitsOf(0));
        assertEquals(3, r.unitsOf(1));
        assertEquals(0, r.unitsOf(2));
    }

    @Test
    void everyStateChangeIsAppendedToTheHistoryWithActorAndNote() {
        OrderReturn r = aReturn();
        r.moveTo(RefundStatus.PROCESSING, "refund-worker", "refund started", LATER);
        r.moveTo(RefundStatus.REFUNDED, "refund-worker", "all parts paid", LATER.plusSeconds(1));
        assertEquals(RefundStatus.REFUNDED, r.status());
        assertEquals(3, r.history().size());
        assertEquals(new HistoryEntry(NOW, RefundStatus.PENDING, ACTOR, r.history().get(0).note()), r.history().get(0));
        assertEquals(new HistoryEntry(LATER, RefundStatus.PROCESSING, "refund-worker", "refund started"),
                r.history().get(1));
        assertEquals(new HistoryEntry(LATER.plusSeconds(1), RefundStatus.REFUNDED, "refund-worker", "all parts paid"),
                r.history().get(2));
    }

    @Test
    void historyAndPartsCannotBeChangedFromOutside() {
        OrderReturn r = aReturn();
        assertThrows(UnsupportedOperationException.class, () -> r.history().add(null));
        assertThrows(UnsupportedOperationException.class, () -> r.parts().clear());
        assertThrows(UnsupportedOperationException.class, () -> r.lines().clear());
    }

    @Test
    void replacePartReplacesThePartOfThatKind() {
        OrderReturn r = aReturn();
        RefundPart paid = r.parts().get(1).paid("credit-77");
        r.replacePart(paid);
        assertEquals(List.of(
                new RefundPart(RefundPartKind.CHARGEBACK, Money.of(1850, "USD"), RefundStatus.PENDING, "ret-1-chargeback", null, null),
                new RefundPart(RefundPartKind.GIFT_CARD, Money.of(600, "USD"), RefundStatus.REFUNDED, "ret-1-giftcard", "credit-77",
                        null)), r.parts());
    }

    @Test
    void replacingAPartTheReturnDoesNotHaveIsRefused() {
        OrderReturn r = submit(standardOrder(), "ret-1", request("RET-1", 0, units(0, 1)));
        assertThrows(IllegalArgumentException.class, () -> r.replacePart(
                new RefundPart(RefundPartKind.GIFT_CARD, Money.of(1, "USD"), RefundStatus.PENDING, "ret-1-giftcard", null, null)));
        assertEquals(1, r.parts().size());
    }

    @Test
    void refundPartHelpersKeepTheRequestId() {
        RefundPart part = new RefundPart(RefundPartKind.GIFT_CARD, Money.of(600, "USD"), RefundStatus.PENDING, "ret-1-giftcard", null,
                null);
        assertEquals(new RefundPart(RefundPartKind.GIFT_CARD, Money.of(600, "USD"), RefundStatus.PROCESSING, "ret-1-giftcard", null,
                null), part.withStatus(RefundStatus.PROCESSING));
        assertEquals(new RefundPart(RefundPartKind.GIFT_CARD, Money.of(600, "USD"), RefundStatus.PENDING, "ret-1-giftcard", null,
                "card-9"), part.withGiftCard("card-9"));
        assertEquals(new RefundPart(RefundPartKind.GIFT_CARD, Money.of(600, "USD"), RefundStatus.REFUNDED, "ret-1-giftcard", "tx-5",
                "card-9"), part.withGiftCard("card-9").paid("tx-5"));
        assertEquals("giftCard", RefundPartKind.GIFT_CARD.wireName());
        assertEquals(RefundPartKind.CHARGEBACK, RefundPartKind.fromWire("chargeback"));
        assertThrows(IllegalArgumentException.class, () -> RefundPartKind.fromWire("cash"));
    }

    @Test
    void scheduleAndAttemptsAreKept() {
        OrderReturn r = aReturn();
        r.scheduleAt(LATER);
        r.countAttempt();
        r.countAttempt();
        assertEquals(LATER, r.dueAt());
        assertEquals(2, r.attempts());
        r.scheduleAt(null);
        assertEquals(null, r.dueAt());
    }

    @Test
    void operatorRetryOfAFailedRefundGoesBackToPendingWithAFreshBudget() {
        OrderReturn r = aReturn();
        r.countAttempt();
        r.countAttempt();
        r.moveTo(RefundStatus.FAILED, "reconciler", "retries exhausted", LATER);
        r.scheduleAt(null);
        Instant due = LATER.plusSeconds(120);
        r.retryByOperator("operator-7", LATER.plusSeconds(1), due);
        assertEquals(RefundStatus.PENDING, r.status());
        assertEquals(0, r.attempts());
        assertEquals(due, r.dueAt());
        HistoryEntry last = r.history().getLast();
        assertEquals(LATER.plusSeconds(1), last.at());
        assertEquals(RefundStatus.PENDING, last.status());
        assertEquals("operator-7", last.actor());
    }

    @Test
    void operatorRetryOfARefundThatDidNotFailIsConflict() {
        OrderReturn r = aReturn();
        Fixtures.ReturnState before = state(r);
        assertRefused(Refusal.Kind.CONFLICT, "refund-not-failed", List.of(),
                () -> r.retryByOperator("operator-7", LATER, LATER));
        assertEquals(before, state(r));
        r.moveTo(RefundStatus.REFUNDED, "refund-worker", "paid", LATER);
        assertRefused(Refusal.Kind.CONFLICT, "refund-not-failed", List.of(),
                () -> r.retryByOperator("operator-7", LATER, LATER));
    }

    @Test
    void finalStatesAreRefundedAndManual() {
        assertEquals(List.of(RefundStatus.REFUNDED, RefundStatus.MANUAL_REFUND_REQUIRED),
                java.util.Arrays.stream(RefundStatus.values()).filter(RefundStatus::isFinal).toList());
    }
}
