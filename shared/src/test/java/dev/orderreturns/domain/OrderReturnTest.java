package dev.orderreturns.domain;

import org.junit.jupiter.api.Test;

import java.time.Duration;
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
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
    void replacePartReplacesThePartWithTheSamePartId() {
        OrderReturn r = aReturn();
        RefundPart paid = r.parts().get(1).paid("credit-77");
        r.replacePart(paid);
        assertEquals(List.of(
                RefundPart.chargeback("ret-1", "pay-1", Money.of(1850, "USD")),
                new RefundPart("giftCard", RefundPartKind.GIFT_CARD, null, Money.of(600, "USD"), RefundStatus.REFUNDED,
                        "ret-1-giftcard", "credit-77", null)), r.parts());
        assertEquals(paid, r.part("giftCard").orElseThrow());
    }

    @Test
    void replacingAPartTheReturnDoesNotHaveIsRefused() {
        OrderReturn r = submit(standardOrder(), "ret-1", request("RET-1", 0, units(0, 1)));
        assertThrows(IllegalArgumentException.class, () -> r.replacePart(
                RefundPart.giftCard("ret-1", Money.of(1, "USD"))));
        assertEquals(1, r.parts().size());
    }

    @Test
    void refundPartHelpersKeepTheRequestIdAndPartId() {
        RefundPart part = RefundPart.giftCard("ret-1", Money.of(600, "USD"));
        assertEquals(new RefundPart("giftCard", RefundPartKind.GIFT_CARD, null, Money.of(600, "USD"),
                RefundStatus.PROCESSING, "ret-1-giftcard", null, null), part.withStatus(RefundStatus.PROCESSING));
        assertEquals(new RefundPart("giftCard", RefundPartKind.GIFT_CARD, null, Money.of(600, "USD"),
                RefundStatus.PENDING, "ret-1-giftcard", null, "card-9"), part.withGiftCard("card-9"));
        assertEquals(new RefundPart("giftCard", RefundPartKind.GIFT_CARD, null, Money.of(600, "USD"),
                RefundStatus.REFUNDED, "ret-1-giftcard", "tx-5", "card-9"), part.withGiftCard("card-9").paid("tx-5"));
        assertEquals("refund-ret-1-giftcard", part.cardRelationName(), "derived from the stable requestId");
        assertEquals(new RefundPart("chargeback-pay-2", RefundPartKind.CHARGEBACK, "pay-2", Money.of(5, "USD"),
                RefundStatus.PENDING, "ret-1-chargeback-pay-2", null, null),
                RefundPart.chargeback("ret-1", "pay-2", Money.of(5, "USD")));
        assertEquals("giftCard", RefundPartKind.GIFT_CARD.wireName());
        assertEquals(RefundPartKind.CHARGEBACK, RefundPartKind.fromWire("chargeback"));
        assertThrows(IllegalArgumentException.class, () -> RefundPartKind.fromWire("cash"));
    }

    @Test
    void aVeryLongProviderReferenceIsKeptShortenedWithADigestOfTheWhole() {
        RefundPart part = RefundPart.giftCard("ret-1", Money.of(600, "USD"));
        String reference = "r".repeat(5000);
        String kept = part.paid(reference).providerReference();
        assertTrue(kept.length() <= RefundPart.MAX_REFERENCE_CHARS, kept);
        assertTrue(kept.contains("sha256:"), kept);
        assertNotEquals(kept, part.paid("r".repeat(4999) + "s").providerReference());
        assertEquals("rf-1", part.paid("rf-1").providerReference());
    }

    @Test
    void aTransientFailureCountsAnAttemptAndIsDueAfterTheWait() {
        OrderReturn r = aReturn();
        RetrySchedule schedule = new RetrySchedule(Duration.ofSeconds(30), Duration.ofMinutes(15), Duration.ofHours(24));
        assertTrue(r.retry().isDue(NOW));
        r.retried(r.retry().failed("payments 503", LATER, schedule));
        r.retried(r.retry().failed("payments 503", LATER.plusSeconds(30), schedule));
        assertEquals(2, r.attempts());
        assertEquals("payments 503", r.retry().lastError());
        assertEquals(LATER.plusSeconds(30 + 60), r.dueAt());
        assertFalse(r.retry().isDue(LATER.plusSeconds(89)));
        assertTrue(r.retry().isDue(LATER.plusSeconds(90)));
        r.retried(r.retry().settled());
        assertNull(r.dueAt());
        assertEquals(NOW, r.retry().since());
    }

    @Test
    void operatorRetryOfAFailedRefundGoesBackToPendingWithAFreshBudgetDueAtOnce() {
        OrderReturn r = aReturn();
        RetrySchedule schedule = RetrySchedule.DEFAULT;
        r.retried(r.retry().failed("down", LATER, schedule).failed("down", LATER, schedule).settled());
        r.moveTo(RefundStatus.FAILED, "reconciler", "retries exhausted", LATER);
        Instant at = LATER.plusSeconds(1);
        r.retryByOperator("operator-7", at, schedule);
        assertEquals(RefundStatus.PENDING, r.status());
        assertEquals(RefundRetry.startingAt(at), r.retry());
        assertEquals(at, r.dueAt());
        HistoryEntry last = r.history().getLast();
        assertEquals(at, last.at());
        assertEquals(RefundStatus.PENDING, last.status());
        assertEquals("operator-7", last.actor());
    }

    @Test
    void operatorRetryAlsoTakesARefundStillPendingPastItsBudget() {
        RetrySchedule tight = new RetrySchedule(Duration.ofSeconds(30), Duration.ofSeconds(30), Duration.ofMinutes(1));
        OrderReturn stuck = aReturn();
        assertRefused(Refusal.Kind.CONFLICT, "refund-not-failed", List.of(),
                () -> stuck.retryByOperator("operator-7", NOW.plusSeconds(59), tight));
        stuck.retryByOperator("operator-7", NOW.plusSeconds(60), tight);
        assertEquals(RefundStatus.PENDING, stuck.status());
        assertEquals(NOW.plusSeconds(60), stuck.retry().since());

        OrderReturn tried = aReturn();
        for (int i = 0; i < tight.maxAttempts(); i++) {
            tried.retried(tried.retry().failed("down", NOW, tight));
        }
        tried.moveTo(RefundStatus.PROCESSING, "refund-processor", "part paid", NOW);
        tried.retryByOperator("operator-7", NOW.plusSeconds(1), tight);
        assertEquals(0, tried.attempts());
    }

    @Test
    void operatorRetryOfARefundThatDidNotFailIsConflict() {
        OrderReturn r = aReturn();
        Fixtures.ReturnState before = state(r);
        assertRefused(Refusal.Kind.CONFLICT, "refund-not-failed", List.of(),
                () -> r.retryByOperator("operator-7", LATER, RetrySchedule.DEFAULT));
        assertEquals(before, state(r));
        r.moveTo(RefundStatus.REFUNDED, "refund-worker", "paid", LATER);
        assertRefused(Refusal.Kind.CONFLICT, "refund-not-failed", List.of(),
                () -> r.retryByOperator("operator-7", LATER.plus(Duration.ofDays(2)), RetrySchedule.DEFAULT));
    }

    @Test
    void finalStatesAreRefundedAndManual() {
        assertEquals(List.of(RefundStatus.REFUNDED, RefundStatus.MANUAL_REFUND_REQUIRED),
                java.util.Arrays.stream(RefundStatus.values()).filter(RefundStatus::isFinal).toList());
    }
}
