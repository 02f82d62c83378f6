package dev.orderreturns.domain;

import dev.orderreturns.domain.GiftCardProvider.GiftCardCredit;
import dev.orderreturns.domain.GiftCardProvider.NewCard;
import dev.orderreturns.domain.PaymentProvider.Chargeback;
import dev.orderreturns.domain.Refunder.Result;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static dev.orderreturns.domain.Fixtures.ACCOUNT;
import static dev.orderreturns.domain.Fixtures.ACTOR;
import static dev.orderreturns.domain.Fixtures.DUE;
import static dev.orderreturns.domain.Fixtures.IMPORTED_AT;
import static dev.orderreturns.domain.Fixtures.NOW;
import static dev.orderreturns.domain.Fixtures.ORDER_ID;
import static dev.orderreturns.domain.Fixtures.SHIPPING;
import static dev.orderreturns.domain.Fixtures.published;
import static dev.orderreturns.domain.Fixtures.request;
import static dev.orderreturns.domain.Fixtures.standardItems;
import static dev.orderreturns.domain.Fixtures.standardOrder;
import static dev.orderreturns.domain.Fixtures.standardSale;
import static dev.orderreturns.domain.Fixtures.state;
import static dev.orderreturns.domain.Fixtures.submit;
import static dev.orderreturns.domain.Fixtures.totals;
import static dev.orderreturns.domain.Fixtures.units;
import static dev.orderreturns.domain.RefundPartKind.CHARGEBACK;
import static dev.orderreturns.domain.RefundPartKind.GIFT_CARD;
import static dev.orderreturns.domain.RefundStatus.FAILED;
import static dev.orderreturns.domain.RefundStatus.MANUAL_REFUND_REQUIRED;
import static dev.orderreturns.domain.RefundStatus.PENDING;
import static dev.orderreturns.domain.RefundStatus.PROCESSING;
import static dev.orderreturns.domain.RefundStatus.REFUNDED;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

class RefunderTest {

    private static final String RET = "ret-1";
    private static final RefundJob JOB = new RefundJob(ACCOUNT, ORDER_ID, RET);
    private static final Instant T1 = NOW.plusSeconds(5);
    private static final String EMAIL = "buyer@example.com";
    /** The history entry every return starts with (submitted by the operator). */
    private static final HistoryEntry RECORDED =
            new HistoryEntry(NOW, PENDING, ACTOR, "return recorded with entrance invoice RET-1");

    private InMemoryOrderStore store;
    private RecordingRefundQueue queue;
    private InMemoryRefundClaims claims;
    private FakePaymentProvider payments;
    private FakeGiftCardProvider giftCards;
    private MutableClock clock;
    private Refunder refunder;

    @BeforeEach
    void setUp() {
        store = new InMemoryOrderStore();
        queue = new RecordingRefundQueue();
        claims = new InMemoryRefundClaims();
        payments = new FakePaymentProvider();
        giftCards = new FakeGiftCardProvider();
        clock = new MutableClock(T1);
        refunder = refunder(5);
    }

    private Refunder refunder(int maxAttempts) {
        return new Refunder(store, payments, giftCards, queue, claims, Outbox.UNHEARD, clock, schedule(maxAttempts),
                Duration.ofSeconds(45));
    }

    /** The default waits (30 s doubling), with a window that gives up after {@code maxAttempts} attempts. */
    static RetrySchedule schedule(int maxAttempts) {
        RetrySchedule waits = RetrySchedule.DEFAULT;
        Duration window = Duration.ZERO;
        for (int n = 1; n < maxAttempts; n++) {
            window = window.plus(waits.backoff(n));
        }
        RetrySchedule schedule = new RetrySchedule(waits.base(), waits.cap(), window);
        assertEquals(maxAttempts, schedule.maxAttempts());
        return schedule;
    }

    /** Stores the standard order with return ret-1 of {@code request}, and zeroes the store's counters. */
    private void seed(ReturnRequest request) {
        seed(standardOrder(), request);
    }

    private void seed(Order order, ReturnRequest request) {
        submit(order, RET, request);
        store.save(published(order), 0);
        store.finds = 0;
        store.saves = 0;
        store.conflicts = 0;
    }

    private Order storedOrder() {
        return store.stored(ACCOUNT, ORDER_ID);
    }

    private OrderReturn stored() {
        return storedOrder().returns().find(RET).orElseThrow();
    }

    private static Chargeback chargeback(long cents) {
        return new Chargeback("ret-1-chargeback-pay-1", "pay-1", "tx-1", "tx-1", Money.of(cents, "USD"));
    }

    private static NewCard newCard() {
        return new NewCard("refund-ret-1-giftcard", EMAIL, "USD", "Refund of order ORD-1001");
    }

    private static GiftCardCredit credit(String cardId, long cents) {
        return new GiftCardCredit("ret-1-giftcard", cardId, Money.of(cents, "USD"),
                "Shipping refund for return ret-1 of order ORD-1001");
    }

    private static RefundPart chargebackPart(long amount, RefundStatus status, String reference) {
        return new RefundPart("chargeback-pay-1", CHARGEBACK, "pay-1", Money.of(amount, "USD"), status,
                "ret-1-chargeback-pay-1", reference, null);
    }

    private static RefundPart giftCardPart(long amount, RefundStatus status, String reference, String cardId) {
        return new RefundPart("giftCard", GIFT_CARD, null, Money.of(amount, "USD"), status, "ret-1-giftcard", reference,
                cardId);
    }

    // ---- the happy path ----

    @Test
    void paysChargebackAndGiftCardToTheCentAndRecordsTheReturnRefundedInOneReadAndOneWriteThenClearsTheOutbox() {
        seed(request("RET-1", 1200, units(0, 1)));
        assertEquals(RefundPlan.of("USD", 1250, 1200, 1850, 600), stored().plan());

        assertEquals(Result.DONE, refunder.process(JOB).result());

        assertEquals(List.of(chargeback(1850)), payments.calls);
        assertEquals(List.of("ret-1-chargeback-pay-1"), List.copyOf(payments.ledger.keySet()));
        assertEquals(new FakePaymentProvider.Refund("refund-1", chargeback(1850)),
                payments.ledger.get("ret-1-chargeback-pay-1"));
        assertEquals(List.of(newCard()), giftCards.createCalls);
        assertEquals(List.of(credit("card-1", 600)), giftCards.creditCalls);
        assertEquals(1, giftCards.cards.size());
        assertEquals(1, giftCards.ledger.size());
        assertEquals(600, giftCards.balance("card-1"));

        OrderReturn r = stored();
        assertEquals(REFUNDED, r.status());
        assertNull(r.dueAt());
        assertEquals(0, r.attempts());
        assertEquals(List.of(chargebackPart(1850, REFUNDED, "refund-1"),
                giftCardPart(600, REFUNDED, "credit-1", "card-1")), r.parts());
        assertEquals(List.of(RECORDED, new HistoryEntry(T1, REFUNDED, Refunder.ACTOR, "refunded")), r.history());
        assertEquals("refund-processor", Refunder.ACTOR);
        assertEquals(RefundPlan.of("USD", 1250, 1200, 1850, 600), r.plan());

        // One read; one write of the refund and its event, and one more that takes the published
        // event out of the order's outbox.
        assertEquals(1, store.finds);
        assertEquals(2, store.saves);
        assertEquals(0, store.conflicts);
        assertEquals(3, store.version(ACCOUNT, ORDER_ID));
        assertEquals(java.util.Optional.empty(), storedOrder().returns().nextDueAt());
    }

    @Test
    void aChargebackOnlyReturnNeverTouchesTheGiftCardProvider() {
        seed(request("RET-1", 0, units(1, 2)));

        assertEquals(Result.DONE, refunder.process(JOB).result());

        assertEquals(List.of(chargeback(1800)), payments.calls);
        assertEquals(1, payments.ledger.size());
        assertEquals(List.of(), giftCards.createCalls);
        assertEquals(List.of(), giftCards.creditCalls);
        OrderReturn r = stored();
        assertEquals(REFUNDED, r.status());
        assertNull(r.dueAt());
        assertEquals(List.of(chargebackPart(1800, REFUNDED, "refund-1")), r.parts());
        assertEquals(List.of(RECORDED, new HistoryEntry(T1, REFUNDED, Refunder.ACTOR, "refunded")), r.history());
        assertEquals(2, store.saves);
    }

    @Test
    void anAdditionalValueEqualToTheWholeShippingIsAllChargeback() {
        seed(request("RET-1", SHIPPING, units(1, 1)));

        assertEquals(Result.DONE, refunder.process(JOB).result());

        assertEquals(List.of(chargeback(900 + 2000)), payments.calls);
        assertEquals(List.of(), giftCards.createCalls);
        assertEquals(List.of(chargebackPart(2900, REFUNDED, "refund-1")), stored().parts());
    }

    @Test
    void anOddAdditionalValueGivesTheOddCentToTheChargeback() {
        seed(request("RET-1", 1201));
        assertEquals(RefundPlan.of("USD", 0, 1201, 601, 600), stored().plan());

        assertEquals(Result.DONE, refunder.process(JOB).result());

        assertEquals(List.of(chargeback(601)), payments.calls);
        assertEquals(List.of(credit("card-1", 600)), giftCards.creditCalls);
        assertEquals(600, giftCards.balance("card-1"));
        assertEquals(601 + 600, payments.refunded() + giftCards.balance("card-1"));
        assertEquals(List.of(chargebackPart(601, REFUNDED, "refund-1"),
                giftCardPart(600, REFUNDED, "credit-1", "card-1")), stored().parts());
    }

    @Test
    void theOrdersCurrencyGoesWithEveryAmount() {
        seed(Fixtures.order("EUR", standardItems(), SHIPPING, List.of(standardSale())),
                request("RET-1", 1201, units(0, 1)));

        assertEquals(Result.DONE, refunder.process(JOB).result());

        assertEquals(List.of(new Chargeback("ret-1-chargeback-pay-1", "pay-1", "tx-1", "tx-1",
                Money.of(1250 + 601, "EUR"))), payments.calls);
        assertEquals(List.of(new NewCard("refund-ret-1-giftcard", EMAIL, "EUR", "Refund of order ORD-1001")),
                giftCards.createCalls);
        assertEquals(List.of(new GiftCardCredit("ret-1-giftcard", "card-1", Money.of(600, "EUR"),
                "Shipping refund for return ret-1 of order ORD-1001")), giftCards.creditCalls);
    }

    // ---- repeats ----

    @Test
    void theSameJobProcessedFiveTimesRefundsAndCreditsOnce() {
        seed(request("RET-1", 1200, units(0, 1)));

        assertEquals(Result.DONE, refunder.process(JOB).result());
        Fixtures.OrderState afterFirst = state(storedOrder());
        for (int i = 2; i <= 5; i++) {
            clock.advance(Duration.ofSeconds(10));
            assertEquals(Result.NOTHING_TO_DO, refunder.process(JOB).result(), "run " + i);
        }

        assertEquals(1, payments.calls.size());
        assertEquals(1, payments.ledger.size());
        assertEquals(1850, payments.refunded());
        assertEquals(1, giftCards.createCalls.size());
        assertEquals(1, giftCards.creditCalls.size());
        assertEquals(1, giftCards.ledger.size());
        assertEquals(600, giftCards.balance("card-1"));
        assertEquals(afterFirst, state(storedOrder()));
        assertEquals(5, store.finds);
        assertEquals(2, store.saves);
        assertEquals(2, stored().history().size());
    }

    // ---- transient failures ----

    @Test
    void bothPartsFailingTransientlyTwiceStayPendingWithBackoffThenBothArePaid() {
        seed(request("RET-1", 1200, units(0, 1)));
        payments.script.retry("payments 503").retry("payments timeout");
        giftCards.createScript.retry("gift cards 503").retry("gift cards 503");

        assertEquals(Result.RETRY_LATER, refunder.process(JOB).result());
        OrderReturn r = stored();
        assertEquals(PENDING, r.status());
        assertEquals(1, r.attempts());
        assertEquals(T1.plus(RetrySchedule.DEFAULT.backoff(1)), r.dueAt());
        assertEquals(T1.plusSeconds(30), r.dueAt());
        assertEquals(List.of(chargebackPart(1850, PENDING, null), giftCardPart(600, PENDING, null, null)), r.parts());
        assertEquals(List.of(RECORDED), r.history());
        assertEquals(1, store.saves);

        Instant t2 = T1.plusSeconds(40);
        clock.set(t2);
        assertEquals(Result.RETRY_LATER, refunder.process(JOB).result());
        r = stored();
        assertEquals(PENDING, r.status());
        assertEquals(2, r.attempts());
        assertEquals(t2.plus(RetrySchedule.DEFAULT.backoff(2)), r.dueAt());
        assertEquals(t2.plusSeconds(60), r.dueAt());
        assertEquals(List.of(RECORDED), r.history());

        Instant t3 = t2.plusSeconds(70);
        clock.set(t3);
        assertEquals(Result.DONE, refunder.process(JOB).result());
        r = stored();
        assertEquals(REFUNDED, r.status());
        assertEquals(2, r.attempts());
        assertNull(r.dueAt());
        assertEquals(List.of(chargebackPart(1850, REFUNDED, "refund-1"),
                giftCardPart(600, REFUNDED, "credit-1", "card-1")), r.parts());
        assertEquals(List.of(RECORDED, new HistoryEntry(t3, REFUNDED, Refunder.ACTOR, "refunded")), r.history());

        assertEquals(List.of(chargeback(1850), chargeback(1850), chargeback(1850)), payments.calls);
        assertEquals(1, payments.ledger.size());
        assertEquals(List.of(newCard(), newCard(), newCard()), giftCards.createCalls);
        assertEquals(1, giftCards.cards.size());
        assertEquals(List.of(credit("card-1", 600)), giftCards.creditCalls);
        assertEquals(4, store.saves);
    }

    @Test
    void aPaidPartIsNeverCalledAgainWhileTheOtherPartRetries() {
        seed(request("RET-1", 1200, units(0, 1)));
        giftCards.creditScript.retry("gift cards 503").retry("gift cards 504");

        assertEquals(Result.RETRY_LATER, refunder.process(JOB).result());
        OrderReturn r = stored();
        assertEquals(PROCESSING, r.status());
        assertEquals(1, r.attempts());
        assertEquals(T1.plusSeconds(30), r.dueAt());
        // The card is created and kept, so the next run only credits it.
        assertEquals(List.of(chargebackPart(1850, REFUNDED, "refund-1"), giftCardPart(600, PENDING, null, "card-1")),
                r.parts());
        HistoryEntry processing = new HistoryEntry(T1, PROCESSING, Refunder.ACTOR,
                "attempt 1 incomplete: giftCard: gift cards 503;");
        assertEquals(List.of(RECORDED, processing), r.history());

        Instant t2 = T1.plusSeconds(31);
        clock.set(t2);
        assertEquals(Result.RETRY_LATER, refunder.process(JOB).result());
        r = stored();
        assertEquals(PROCESSING, r.status());
        assertEquals(2, r.attempts());
        assertEquals(t2.plus(RetrySchedule.DEFAULT.backoff(2)), r.dueAt());
        assertEquals(List.of(RECORDED, processing), r.history(), "no new entry while the status stays PROCESSING");

        Instant t3 = t2.plusSeconds(61);
        clock.set(t3);
        assertEquals(Result.DONE, refunder.process(JOB).result());
        r = stored();
        assertEquals(REFUNDED, r.status());
        assertEquals(2, r.attempts());
        assertNull(r.dueAt());
        assertEquals(List.of(chargebackPart(1850, REFUNDED, "refund-1"),
                giftCardPart(600, REFUNDED, "credit-1", "card-1")), r.parts());
        assertEquals(List.of(RECORDED, processing, new HistoryEntry(t3, REFUNDED, Refunder.ACTOR, "refunded")),
                r.history());

        assertEquals(List.of(chargeback(1850)), payments.calls, "the paid chargeback is not called again");
        assertEquals(List.of(newCard()), giftCards.createCalls, "the card is created once");
        assertEquals(List.of(credit("card-1", 600), credit("card-1", 600), credit("card-1", 600)),
                giftCards.creditCalls);
        assertEquals(1, giftCards.ledger.size());
        assertEquals(600, giftCards.balance("card-1"));
    }

    @Test
    void aRefundDoneByTheProviderButAnsweredWithATimeoutIsNotPaidAgain() {
        seed(request("RET-1", 1200, units(0, 1)));
        payments.script.payButTimeOut();
        giftCards.creditScript.payButTimeOut();

        assertEquals(Result.RETRY_LATER, refunder.process(JOB).result());
        assertEquals(1, payments.ledger.size());
        assertEquals(1, giftCards.ledger.size());
        OrderReturn r = stored();
        assertEquals(PENDING, r.status());
        assertEquals(List.of(chargebackPart(1850, PENDING, null), giftCardPart(600, PENDING, null, "card-1")),
                r.parts());

        clock.set(T1.plusSeconds(30));
        assertEquals(Result.DONE, refunder.process(JOB).result());

        assertEquals(1, payments.ledger.size());
        assertEquals(1850, payments.refunded());
        assertEquals(1, giftCards.ledger.size());
        assertEquals(600, giftCards.balance("card-1"));
        assertEquals(List.of(chargebackPart(1850, REFUNDED, "refund-1"),
                giftCardPart(600, REFUNDED, "credit-1", "card-1")), stored().parts());
        assertEquals(List.of(chargeback(1850), chargeback(1850)), payments.calls);
        assertEquals(List.of(newCard()), giftCards.createCalls);
        assertEquals(List.of(credit("card-1", 600), credit("card-1", 600)), giftCards.creditCalls);
    }

    // ---- manual ----

    @Test
    void aChargebackTheProviderCannotDoOnlineMakesTheReturnManualAndTheGiftCardIsStillPaid() {
        seed(request("RET-1", 1200, units(0, 1)));
        payments.script.manual("refund-manually");

        assertEquals(Result.DONE, refunder.process(JOB).result());

        OrderReturn r = stored();
        assertEquals(MANUAL_REFUND_REQUIRED, r.status());
        assertNull(r.dueAt());
        assertEquals(0, r.attempts());
        assertEquals(List.of(chargebackPart(1850, PENDING, null).refused("refund-manually"),
                giftCardPart(600, REFUNDED, "credit-1", "card-1")), r.parts());
        assertEquals(List.of(RECORDED, new HistoryEntry(T1, MANUAL_REFUND_REQUIRED, Refunder.ACTOR,
                "a provider cannot refund online; refund by hand. chargeback-pay-1: refund-manually;")), r.history());
        assertEquals(0, payments.ledger.size());
        assertEquals(600, giftCards.balance("card-1"));

        clock.advance(Duration.ofMinutes(5));
        assertEquals(Result.NOTHING_TO_DO, refunder.process(JOB).result(), "MANUAL_REFUND_REQUIRED is final");
        assertEquals(1, payments.calls.size());
        assertEquals(1, giftCards.creditCalls.size());
        assertEquals(2, store.saves);
    }

    @Test
    void aGiftCardCreditAnswered501WhileTheChargebackRetriesEndsManualOnceTheChargebackIsPaid() {
        seed(request("RET-1", 1200, units(0, 1)));
        payments.script.retry("payments 502");
        giftCards.creditScript.manual("501 Not Implemented");

        assertEquals(Result.RETRY_LATER, refunder.process(JOB).result());
        OrderReturn r = stored();
        assertEquals(PROCESSING, r.status());
        assertEquals(1, r.attempts());
        assertEquals(T1.plusSeconds(30), r.dueAt());
        RefundPart refusedCard = giftCardPart(600, PENDING, null, "card-1").refused("501 Not Implemented");
        assertEquals(List.of(chargebackPart(1850, PENDING, null), refusedCard), r.parts());
        assertEquals(List.of(RECORDED, new HistoryEntry(T1, PROCESSING, Refunder.ACTOR,
                "attempt 1 incomplete: chargeback-pay-1: payments 502; Refund by hand: giftCard: 501 Not Implemented;")),
                r.history());

        Instant t2 = T1.plusSeconds(30);
        clock.set(t2);
        assertEquals(Result.DONE, refunder.process(JOB).result());
        r = stored();
        assertEquals(MANUAL_REFUND_REQUIRED, r.status());
        assertNull(r.dueAt());
        assertEquals(1, r.attempts());
        assertEquals(List.of(chargebackPart(1850, REFUNDED, "refund-1"), refusedCard), r.parts());
        assertEquals(3, r.history().size());
        assertEquals(new HistoryEntry(t2, MANUAL_REFUND_REQUIRED, Refunder.ACTOR,
                "a provider cannot refund online; refund by hand. giftCard: 501 Not Implemented;"),
                r.history().getLast(), "the reason given in an earlier attempt is kept with the part, not lost");
        assertEquals(1, giftCards.creditCalls.size(), "a manual part is not called again");
        assertEquals(1, giftCards.createCalls.size());
        assertEquals(2, payments.calls.size());
        assertEquals(0, giftCards.ledger.size());
    }

    @Test
    void anOrderWithoutPaymentsNeedsAManualChargebackWithoutCallingThePaymentProvider() {
        Order noPayments = Order.imported(ACCOUNT, ORDER_ID, new OrderDetails("invoiced", "2025-02-19T12:00:00Z", "USD",
                standardItems(), totals(SHIPPING), List.of(), EMAIL), List.of(standardSale()), IMPORTED_AT);
        seed(noPayments, request("RET-1", 1200, units(0, 1)));
        RefundPart unassigned = RefundPart.unassignedChargeback(RET, Money.of(1850, "USD"));
        assertEquals(List.of(unassigned, giftCardPart(600, PENDING, null, null)), stored().parts());

        assertEquals(Result.DONE, refunder.process(JOB).result());

        assertEquals(List.of(), payments.calls);
        OrderReturn r = stored();
        assertEquals(MANUAL_REFUND_REQUIRED, r.status());
        assertNull(r.dueAt());
        assertEquals(List.of(unassigned.refused("no payment of the order has room for 18.50 USD"),
                giftCardPart(600, REFUNDED, "credit-1", "card-1")), r.parts());
        assertEquals(List.of(RECORDED, new HistoryEntry(T1, MANUAL_REFUND_REQUIRED, Refunder.ACTOR,
                "a provider cannot refund online; refund by hand. chargeback: no payment of the order has room for"
                        + " 18.50 USD;")), r.history());
    }

    @Test
    void reachingMaxAttemptsMarksTheReturnFailedAndLaterRunsDoNothing() {
        refunder = refunder(3);
        seed(request("RET-1", 1200, units(0, 1)));
        payments.script.alwaysRetry("payments 503");
        giftCards.createScript.alwaysRetry("gift cards 503");

        assertEquals(Result.RETRY_LATER, refunder.process(JOB).result());
        assertEquals(T1.plusSeconds(30), stored().dueAt());
        Instant t2 = T1.plusSeconds(30);
        clock.set(t2);
        assertEquals(Result.RETRY_LATER, refunder.process(JOB).result());
        assertEquals(t2.plusSeconds(60), stored().dueAt());
        assertEquals(2, stored().attempts());
        Instant t3 = t2.plusSeconds(60);
        clock.set(t3);
        assertEquals(Result.DONE, refunder.process(JOB).result());

        OrderReturn r = stored();
        assertEquals(FAILED, r.status());
        assertEquals(3, r.attempts());
        assertNull(r.dueAt());
        assertEquals(List.of(chargebackPart(1850, PENDING, null), giftCardPart(600, PENDING, null, null)), r.parts());
        assertEquals(List.of(RECORDED, new HistoryEntry(t3, FAILED, Refunder.ACTOR,
                "gave up after 3 attempts; an operator can retry it. Last: chargeback-pay-1: payments 503; giftCard: gift cards 503;")), r.history());

        clock.set(t3.plusSeconds(3600));
        assertEquals(Result.NOTHING_TO_DO, refunder.process(JOB).result());
        assertEquals(3, payments.calls.size());
        assertEquals(3, giftCards.createCalls.size());
        assertEquals(4, store.saves);
        assertEquals(0, payments.ledger.size());
        assertEquals(0, giftCards.ledger.size());
    }

    @Test
    void anOperatorRetryOfAFailedRefundPaysOnlyThePartStillUnpaid() {
        refunder = refunder(2);
        seed(request("RET-1", 1200, units(0, 1)));
        giftCards.creditScript.retry("gift cards 503").retry("gift cards 503");

        assertEquals(Result.RETRY_LATER, refunder.process(JOB).result());
        clock.advance(Duration.ofSeconds(30));
        assertEquals(Result.DONE, refunder.process(JOB).result());
        OrderReturn r = stored();
        assertEquals(FAILED, r.status());
        assertEquals(List.of(chargebackPart(1850, REFUNDED, "refund-1"), giftCardPart(600, PENDING, null, "card-1")),
                r.parts());
        assertEquals(List.of(PENDING, PROCESSING, FAILED), r.history().stream().map(HistoryEntry::status).toList());

        clock.advance(Duration.ofMinutes(10));
        new ReturnDesk(store, new RecordingRefundQueue(), clock, () -> "x")
                .retryRefund(ACCOUNT, ORDER_ID, RET, "operator-7");
        assertEquals(Result.DONE, refunder.process(JOB).result());

        r = stored();
        assertEquals(REFUNDED, r.status());
        assertEquals(0, r.attempts());
        assertNull(r.dueAt());
        assertEquals(List.of(chargebackPart(1850, REFUNDED, "refund-1"),
                giftCardPart(600, REFUNDED, "credit-1", "card-1")), r.parts());
        assertEquals(List.of(chargeback(1850)), payments.calls);
        assertEquals(List.of(newCard()), giftCards.createCalls);
        assertEquals(3, giftCards.creditCalls.size());
        assertEquals(1, giftCards.ledger.size());
        assertEquals(new HistoryEntry(clock.instant(), REFUNDED, Refunder.ACTOR, "refunded"), r.history().getLast());
    }

    @Test
    void backoffDoublesFromThirtySecondsUpToFifteenMinutesForABudgetOfADay() {
        RetrySchedule schedule = RetrySchedule.DEFAULT;
        assertEquals(Duration.ofSeconds(30), schedule.backoff(0));
        assertEquals(Duration.ofSeconds(30), schedule.backoff(1));
        assertEquals(Duration.ofSeconds(60), schedule.backoff(2));
        assertEquals(Duration.ofSeconds(120), schedule.backoff(3));
        assertEquals(Duration.ofSeconds(480), schedule.backoff(5));
        assertEquals(Duration.ofMinutes(15), schedule.backoff(6));
        assertEquals(Duration.ofMinutes(15), schedule.backoff(1000));
        // 30 + 60 + 120 + 240 + 480 s, then 95 waits of 15 minutes: 100 waits, 101 attempts.
        assertEquals(101, schedule.maxAttempts());
        Duration spanned = Duration.ZERO;
        for (int n = 1; n < schedule.maxAttempts(); n++) {
            spanned = spanned.plus(schedule.backoff(n));
        }
        assertTrue(spanned.compareTo(Duration.ofHours(24)) >= 0, spanned.toString());
        assertTrue(spanned.minus(schedule.backoff(schedule.maxAttempts() - 1)).compareTo(Duration.ofHours(24)) < 0);
    }

    @Test
    void aSaveThatFailsAfterTheProvidersPaidIsRetriedAfterTheFirstWaitAndPaysNothingTwice() {
        seed(request("RET-1", 1200, units(0, 1)));
        Fixtures.OrderState before = state(storedOrder());
        store.failNextSaves(1);

        Refunder.Outcome outcome = refunder.process(JOB);

        assertEquals(Result.RETRY_LATER, outcome.result());
        assertEquals("store unavailable (throttled)", outcome.failure().getMessage());
        assertEquals(before, state(storedOrder()), "nothing was written");
        assertEquals(1, payments.ledger.size());
        assertEquals(1, giftCards.ledger.size());
        assertEquals(List.of(new RecordingRefundQueue.WakeUp(JOB, T1.plusSeconds(30))), queue.wakeUps,
                "the refunder owns the retry: a wake-up after the first wait, no attempt counted");
        assertEquals(0, claims.claimed - claims.released, "the claim is given back");

        clock.advance(Duration.ofSeconds(30));
        assertEquals(Result.DONE, refunder.process(JOB).result());

        assertEquals(1, payments.ledger.size());
        assertEquals(1850, payments.refunded());
        assertEquals(1, giftCards.cards.size());
        assertEquals(1, giftCards.ledger.size());
        assertEquals(600, giftCards.balance("card-1"));
        // The rerun sent the same requestIds and relation name, so the providers answered the first
        // refund, card and credit.
        assertEquals(List.of(chargeback(1850), chargeback(1850)), payments.calls);
        assertEquals(List.of(newCard(), newCard()), giftCards.createCalls);
        assertEquals(List.of(credit("card-1", 600), credit("card-1", 600)), giftCards.creditCalls);
        OrderReturn r = stored();
        assertEquals(REFUNDED, r.status());
        assertEquals(0, r.attempts());
        assertEquals(List.of(chargebackPart(1850, REFUNDED, "refund-1"),
                giftCardPart(600, REFUNDED, "credit-1", "card-1")), r.parts());
        assertEquals(List.of(RECORDED, new HistoryEntry(T1.plusSeconds(30), REFUNDED, Refunder.ACTOR, "refunded")),
                r.history());
    }

    @Test
    void aConflictOnTheFirstWriteIsRetriedOnAFreshCopyWithoutCallingProvidersAgain() {
        seed(request("RET-1", 1200, units(0, 1)));
        store.beforeNextSave(() -> {
            throw new ConcurrentUpdate(ACCOUNT, ORDER_ID, 1);
        });

        assertEquals(Result.DONE, refunder.process(JOB).result());

        assertEquals(List.of(chargeback(1850)), payments.calls);
        assertEquals(List.of(newCard()), giftCards.createCalls);
        assertEquals(List.of(credit("card-1", 600)), giftCards.creditCalls);
        assertEquals(2, store.finds);
        assertEquals(3, store.saves);
        assertEquals(3, store.version(ACCOUNT, ORDER_ID));
        OrderReturn r = stored();
        assertEquals(REFUNDED, r.status());
        assertEquals(List.of(chargebackPart(1850, REFUNDED, "refund-1"),
                giftCardPart(600, REFUNDED, "credit-1", "card-1")), r.parts());
        assertEquals(List.of(RECORDED, new HistoryEntry(T1, REFUNDED, Refunder.ACTOR, "refunded")), r.history());
    }

    @Test
    void anotherReturnSubmittedBetweenReadAndWriteIsKeptAndTheRefundIsRecordedOnTheFreshCopy() {
        seed(request("RET-1", 1200, units(0, 1)));
        Fixtures.ReturnState[] second = new Fixtures.ReturnState[1];
        store.beforeNextSave(() -> {
            Order other = store.find(ACCOUNT, ORDER_ID).orElseThrow();
            submit(other, "ret-2", request("RET-2", 0, units(1, 1)));
            store.save(published(other), other.version());
            second[0] = state(other.returns().find("ret-2").orElseThrow());
        });

        assertEquals(Result.DONE, refunder.process(JOB).result());

        assertEquals(1, store.conflicts);
        assertEquals(4, store.version(ACCOUNT, ORDER_ID));
        Order order = storedOrder();
        assertEquals(List.of("ret-1", "ret-2"), order.returns().all().stream().map(OrderReturn::returnId).toList());
        assertEquals(second[0], state(order.returns().find("ret-2").orElseThrow()), "the other return is untouched");
        OrderReturn r = stored();
        assertEquals(REFUNDED, r.status());
        assertNull(r.dueAt());
        assertEquals(0, r.attempts());
        assertEquals(List.of(chargebackPart(1850, REFUNDED, "refund-1"),
                giftCardPart(600, REFUNDED, "credit-1", "card-1")), r.parts());
        assertEquals(List.of(RECORDED, new HistoryEntry(T1, REFUNDED, Refunder.ACTOR, "refunded")), r.history());
        assertEquals(List.of(chargeback(1850)), payments.calls);
        assertEquals(List.of(newCard()), giftCards.createCalls);
        assertEquals(List.of(credit("card-1", 600)), giftCards.creditCalls);
    }

    @Test
    void aConflictAfterARetryAnswerKeepsTheCardAndCountsOneAttempt() {
        seed(request("RET-1", 1200, units(0, 1)));
        giftCards.creditScript.retry("gift cards 503");
        store.beforeNextSave(() -> {
            Order other = store.find(ACCOUNT, ORDER_ID).orElseThrow();
            submit(other, "ret-2", request("RET-2", 0, units(1, 1)));
            store.save(other, other.version());
        });

        assertEquals(Result.RETRY_LATER, refunder.process(JOB).result());

        OrderReturn r = stored();
        assertEquals(PROCESSING, r.status());
        assertEquals(1, r.attempts());
        assertEquals(T1.plusSeconds(30), r.dueAt());
        assertEquals(List.of(chargebackPart(1850, REFUNDED, "refund-1"), giftCardPart(600, PENDING, null, "card-1")),
                r.parts());
        assertEquals(2, r.history().size());
        assertEquals(1, payments.calls.size());
        assertEquals(1, giftCards.createCalls.size());
        assertEquals(1, giftCards.creditCalls.size());
    }

    @Test
    void aDuplicateDeliveryWhileThisOneWorksFindsTheReturnClaimedAndCallsNobody() {
        seed(request("RET-1", 1200, units(0, 1)));
        Refunder twin = refunder(5);
        Result[] twinResult = new Result[1];
        store.beforeNextSave(() -> twinResult[0] = twin.process(JOB).result());

        assertEquals(Result.DONE, refunder.process(JOB).result());

        assertEquals(Result.BUSY, twinResult[0]);
        assertEquals(1, payments.calls.size());
        assertEquals(1, giftCards.creditCalls.size());
        assertEquals(1, payments.ledger.size());
        assertEquals(1850, payments.refunded());
        assertEquals(1, giftCards.cards.size());
        assertEquals(1, giftCards.ledger.size());
        OrderReturn r = stored();
        assertEquals(REFUNDED, r.status());
        assertEquals(List.of(RECORDED, new HistoryEntry(T1, REFUNDED, Refunder.ACTOR, "refunded")), r.history());
        assertEquals(3, store.version(ACCOUNT, ORDER_ID));
        assertFalse(claims.isHeld(JOB, T1));
    }

    @Test
    void aDuplicateDeliveryFinishingFirstMakesThisRunRecordNothingMoreAndNothingIsPaidTwice() {
        // Without claims between them (a claim that lapsed), the second worker finds the refund
        // already recorded on its fresh read.
        seed(request("RET-1", 1200, units(0, 1)));
        Refunder twin = new Refunder(store, payments, giftCards, queue, new InMemoryRefundClaims(), Outbox.UNHEARD, clock,
                schedule(5), Duration.ofSeconds(45));
        Result[] twinResult = new Result[1];
        store.beforeNextSave(() -> twinResult[0] = twin.process(JOB).result());

        assertEquals(Result.NOTHING_TO_DO, refunder.process(JOB).result());

        assertEquals(Result.DONE, twinResult[0]);
        assertEquals(1, payments.ledger.size());
        assertEquals(1850, payments.refunded());
        assertEquals(1, giftCards.cards.size(), "the same relation name found the same card");
        assertEquals(1, giftCards.ledger.size());
        assertEquals(600, giftCards.balance("card-1"));
        OrderReturn r = stored();
        assertEquals(REFUNDED, r.status());
        assertEquals(List.of(RECORDED, new HistoryEntry(T1, REFUNDED, Refunder.ACTOR, "refunded")), r.history());
        assertEquals(3, store.version(ACCOUNT, ORDER_ID));
    }

    @Test
    void writeConflictsOnEveryAttemptGiveRetryLaterWithoutCallingProvidersAgain() {
        seed(request("RET-1", 1200, units(0, 1)));
        Fixtures.OrderState before = state(storedOrder());
        store.alwaysConflict(true);

        Refunder.Outcome outcome = refunder.process(JOB);
        assertEquals(Result.RETRY_LATER, outcome.result());
        assertInstanceOf(ConcurrentUpdate.class, outcome.failure());

        assertEquals(ReturnDesk.MAX_WRITE_ATTEMPTS, store.saves);
        assertEquals(ReturnDesk.MAX_WRITE_ATTEMPTS, store.finds);
        assertEquals(before, state(storedOrder()));
        assertEquals(1, payments.calls.size());
        assertEquals(1, giftCards.createCalls.size());
        assertEquals(1, giftCards.creditCalls.size());
        assertEquals(List.of(new RecordingRefundQueue.WakeUp(JOB, T1.plusSeconds(30))), queue.wakeUps);

        store.alwaysConflict(false);
        assertEquals(Result.DONE, refunder.process(JOB).result());
        assertEquals(1, payments.ledger.size());
        assertEquals(1, giftCards.ledger.size());
        assertEquals(REFUNDED, stored().status());
        assertEquals(List.of(chargebackPart(1850, REFUNDED, "refund-1"),
                giftCardPart(600, REFUNDED, "credit-1", "card-1")), stored().parts());
    }

    @Test
    void anUnknownOrderOrReturnIsUnknownAndNothingIsWritten() {
        seed(request("RET-1", 1200, units(0, 1)));
        Fixtures.OrderState before = state(storedOrder());

        assertEquals(Result.UNKNOWN_RETURN, refunder.process(new RefundJob(ACCOUNT, "ORD-404", RET)).result());
        assertEquals(Result.UNKNOWN_RETURN, refunder.process(new RefundJob(ACCOUNT, ORDER_ID, "ret-404")).result());
        assertEquals(Result.UNKNOWN_RETURN, refunder.process(new RefundJob("other-account", ORDER_ID, RET)).result(),
                "orders are scoped by account");

        assertEquals(0, store.saves);
        assertEquals(3, store.finds);
        assertEquals(before, state(storedOrder()));
        assertEquals(List.of(), payments.calls);
        assertEquals(List.of(), giftCards.createCalls);
        assertEquals(List.of(), giftCards.creditCalls);
    }

    @Test
    void aPaymentProviderThatThrowsPropagatesAndNothingIsWritten() {
        seed(request("RET-1", 1200, units(0, 1)));
        Fixtures.OrderState before = state(storedOrder());
        IllegalStateException boom = new IllegalStateException("unexpected 302 from payments");
        payments.script.fail(boom);

        assertSame(boom, assertThrows(IllegalStateException.class, () -> refunder.process(JOB).result()));

        assertEquals(0, store.saves);
        assertEquals(before, state(storedOrder()));
        assertEquals(List.of(), giftCards.createCalls, "the chargeback is paid first; the gift card is not reached");
        assertEquals(0, payments.ledger.size());

        assertEquals(Result.DONE, refunder.process(JOB).result());
        assertEquals(REFUNDED, stored().status());
        assertEquals(0, stored().attempts(), "an exception is not counted as an attempt");
    }

    @Test
    void aGiftCardProviderThatThrowsAfterTheChargebackWasPaidLosesNoMoneyOnTheRerun() {
        seed(request("RET-1", 1200, units(0, 1)));
        Fixtures.OrderState before = state(storedOrder());
        RuntimeException boom = new RuntimeException("gift card client bug");
        giftCards.creditScript.fail(boom);

        assertSame(boom, assertThrows(RuntimeException.class, () -> refunder.process(JOB).result()));
        assertEquals(0, store.saves);
        assertEquals(before, state(storedOrder()), "the chargeback paid at the provider is not recorded");
        assertEquals(1, payments.ledger.size());
        assertEquals(1, giftCards.cards.size());
        assertEquals(0, giftCards.ledger.size());

        assertEquals(Result.DONE, refunder.process(JOB).result());

        assertEquals(1, payments.ledger.size());
        assertEquals(1850, payments.refunded());
        assertEquals(2, payments.calls.size());
        assertEquals(1, giftCards.cards.size());
        assertEquals(List.of(newCard(), newCard()), giftCards.createCalls);
        assertEquals(600, giftCards.balance("card-1"));
        assertEquals(List.of(chargebackPart(1850, REFUNDED, "refund-1"),
                giftCardPart(600, REFUNDED, "credit-1", "card-1")), stored().parts());
    }

    @Test
    void aGiftCardThatCannotBeCreatedYetIsRetriedWithTheSameCardRequest() {
        seed(request("RET-1", 1201));
        giftCards.createScript.retry("gift cards 503");

        assertEquals(Result.RETRY_LATER, refunder.process(JOB).result());
        OrderReturn r = stored();
        assertEquals(PROCESSING, r.status());
        assertEquals(List.of(chargebackPart(601, REFUNDED, "refund-1"), giftCardPart(600, PENDING, null, null)),
                r.parts());
        assertEquals(List.of(RECORDED.status(), PROCESSING), r.history().stream().map(HistoryEntry::status).toList());
        assertEquals("attempt 1 incomplete: giftCard: gift cards 503;", r.history().getLast().note());

        clock.advance(Duration.ofSeconds(30));
        assertEquals(Result.DONE, refunder.process(JOB).result());
        assertEquals(List.of(newCard(), newCard()), giftCards.createCalls);
        assertEquals(List.of(credit("card-1", 600)), giftCards.creditCalls);
        assertEquals(List.of(chargebackPart(601, REFUNDED, "refund-1"),
                giftCardPart(600, REFUNDED, "credit-1", "card-1")), stored().parts());
        assertEquals(1, payments.calls.size());
    }

    @Test
    void aNewReturnIsDueAtOnce() {
        seed(request("RET-1", 0, units(1, 1)));
        assertEquals(NOW, stored().dueAt());
        clock.set(NOW);

        assertEquals(Result.DONE, refunder.process(JOB).result());
        assertNull(stored().dueAt());
    }

    @Test
    void aJobForAReturnNotYetDueCallsNobodyAndCountsNothing() {
        seed(request("RET-1", 1200, units(0, 1)));
        payments.script.retry("payments 503");
        assertEquals(Result.RETRY_LATER, refunder.process(JOB).result());
        Fixtures.OrderState afterFailure = state(storedOrder());
        int calls = payments.calls.size() + giftCards.createCalls.size() + giftCards.creditCalls.size();

        // Duplicate and early deliveries before T1 + 30 s.
        for (int s : new int[] {0, 1, 29}) {
            clock.set(T1.plusSeconds(s));
            assertEquals(Result.NOT_DUE, refunder.process(JOB).result(), "at +" + s + " s");
        }
        assertEquals(calls, payments.calls.size() + giftCards.createCalls.size() + giftCards.creditCalls.size());
        assertEquals(afterFailure, state(storedOrder()));
        assertEquals(1, stored().attempts());
        // Each looked under a claim (the order is read only once the claim is held) and let it go.
        assertEquals(4, claims.claimed);
        assertEquals(4, claims.released);

        clock.set(T1.plusSeconds(30));
        assertEquals(Result.DONE, refunder.process(JOB).result());
    }


    // ---- workers that overlap ----

    @Test
    void aWorkerThatWaitedForTheClaimReadsWhatTheOneBeforeItRecordedAndPaysNothingAgain() {
        // Seen in the fault soak: a second delivery got in just as the first worker recorded the
        // payment provider's refusal; it must not pay the part a person now owns.
        seed(request("RET-1", 1200, units(0, 1)));
        payments.script.manual("rejected: the card account is closed");
        Refunder other = refunder(5);
        claims.beforeNextClaim(() -> assertEquals(Result.DONE, other.process(JOB).result()));

        Refunder.Outcome late = refunder.process(JOB);

        assertEquals(Result.NOTHING_TO_DO, late.result());
        assertEquals(1, payments.calls.size(), "the refused chargeback is asked for once");
        assertEquals(1, giftCards.creditCalls.size());
        assertEquals(MANUAL_REFUND_REQUIRED, stored().status());
        assertEquals(0, payments.ledger.size());
    }

    @Test
    void aProviderThatPaysAPartAlreadyLeftForAPersonIsRecordedSoNobodyPaysItAgain() {
        // A worker whose claim lapsed during a slow call: another recorded the part MANUAL meanwhile.
        seed(request("RET-1", 1200, units(0, 1)));
        payments.script.pay();
        store.beforeNextSave(() -> {
            Order order = store.stored(ACCOUNT, ORDER_ID);
            OrderReturn r = order.returns().find(RET).orElseThrow();
            r.replacePart(r.part("chargeback-pay-1").orElseThrow().refused("422 from a retry that met a timeout"));
            r.replacePart(r.part("giftCard").orElseThrow().paid("credit-1").withGiftCard("card-1")); // as answered
            r.moveTo(MANUAL_REFUND_REQUIRED, Refunder.ACTOR, "a provider cannot refund online", T1);
            store.save(order, order.version());
        });

        refunder.process(JOB);

        OrderReturn r = stored();
        assertEquals(REFUNDED, r.status(), "the provider's payment is a fact: nothing is left for a person");
        assertEquals(REFUNDED, r.part("chargeback-pay-1").orElseThrow().status());
        assertEquals(1850, payments.refunded());
        assertTrue(r.history().stream().anyMatch(h -> h.note().contains(
                "chargeback-pay-1 paid by its provider (refund-1) after it was left for a manual refund")), r.history().toString());
        assertTrue(r.history().stream().noneMatch(h -> h.note().contains("PAID TWICE")), "the card's same answer is no news");
    }

    @Test
    void aProviderThatPaysAPartAlreadyRefundedByHandIsRecordedAsPaidTwice() {
        seed(request("RET-1", 1200, units(0, 1)));
        payments.script.pay();
        store.beforeNextSave(() -> {
            Order order = store.stored(ACCOUNT, ORDER_ID);
            OrderReturn r = order.returns().find(RET).orElseThrow();
            r.replacePart(r.part("chargeback-pay-1").orElseThrow().refused("rejected").refundedByHand("BANK-7"));
            r.replacePart(r.part("giftCard").orElseThrow().paid("credit-1").withGiftCard("card-1")); // as answered
            r.moveTo(REFUNDED, "operator-1", "every part refunded", T1);
            store.save(order, order.version());
        });

        refunder.process(JOB);

        OrderReturn r = stored();
        assertEquals(REFUNDED, r.status());
        assertEquals("BANK-7", r.part("chargeback-pay-1").orElseThrow().providerReference(), "the first refund stands");
        assertTrue(r.history().getLast().note().startsWith("PAID TWICE: chargeback-pay-1 paid again by its provider "
                + "(refund-1) after it was refunded (by hand, BANK-7); recover the money"), r.history().getLast().note());
    }

    // ---- a provider asking for time (429 or 503 with Retry-After) ----

    @Test
    void aProviderAskingForTwoMinutesIsTriedAgainThenNotAfterTheThirtySecondBackoff() {
        seed(request("RET-1", 0, units(1, 2)));
        payments.script.retry("payment provider answered 429 to refund", Duration.ofSeconds(120));

        assertEquals(Result.RETRY_LATER, refunder.process(JOB).result());
        OrderReturn r = stored();
        assertEquals(1, r.attempts(), "a throttled attempt counts like any transient failure");
        assertEquals(T1.plusSeconds(120), r.dueAt());
        assertEquals(List.of(new RecordingRefundQueue.WakeUp(JOB, T1.plusSeconds(120))), queue.wakeUps,
                "the one wake-up is for the stored due time");

        // The backoff alone would have tried at +30 s: the provider is not called before +120 s.
        for (int s : new int[] {30, 60, 119}) {
            clock.set(T1.plusSeconds(s));
            assertEquals(Result.NOT_DUE, refunder.process(JOB).result(), "at +" + s + " s");
        }
        assertEquals(1, payments.calls.size());

        clock.set(T1.plusSeconds(120));
        assertEquals(Result.DONE, refunder.process(JOB).result());
        assertEquals(REFUNDED, stored().status());
        assertEquals(1, payments.ledger.size());
    }

    @Test
    void aRequestShorterThanTheBackoffKeepsTheBackoff() {
        seed(request("RET-1", 0, units(1, 2)));
        payments.script.retry("throttled", Duration.ofSeconds(5)).retry("throttled", Duration.ZERO);

        assertEquals(Result.RETRY_LATER, refunder.process(JOB).result());
        assertEquals(T1.plusSeconds(30), stored().dueAt());

        Instant t2 = T1.plusSeconds(30);
        clock.set(t2);
        assertEquals(Result.RETRY_LATER, refunder.process(JOB).result());
        assertEquals(t2.plusSeconds(60), stored().dueAt(), "the doubling goes on under the provider's waits");
    }

    @Test
    void aRequestBeyondTheCapWaitsOnlyTheCapSoOneWakeUpStillSpansIt() {
        refunder = new Refunder(store, payments, giftCards, queue, claims, Outbox.UNHEARD, clock,
                new RetrySchedule(Duration.ofSeconds(30), Duration.ofMinutes(5), Duration.ofHours(24)),
                Duration.ofSeconds(45));
        seed(request("RET-1", 0, units(1, 2)));
        payments.script.retry("throttled", Duration.ofHours(6));

        assertEquals(Result.RETRY_LATER, refunder.process(JOB).result());
        assertEquals(T1.plus(Duration.ofMinutes(5)), stored().dueAt());
        assertEquals(T1.plus(Duration.ofMinutes(5)), queue.wakeUps.getLast().notBefore());
    }

    @Test
    void whenBothProvidersAskForTimeTheReturnWaitsForTheLongerRequest() {
        seed(request("RET-1", 1200, units(0, 1)));
        payments.script.retry("payments 429", Duration.ofSeconds(90));
        giftCards.createScript.retry("gift cards 503", Duration.ofSeconds(200));

        assertEquals(Result.RETRY_LATER, refunder.process(JOB).result());
        OrderReturn r = stored();
        assertEquals(T1.plusSeconds(200), r.dueAt());
        assertEquals(1, r.attempts(), "one attempt, however many parts failed");
        assertEquals(PENDING, r.status());
    }

    @Test
    void aPaidPartDoesNotHideTheOtherPartsRequest() {
        seed(request("RET-1", 1200, units(0, 1)));
        giftCards.creditScript.retry("gift cards 429", Duration.ofSeconds(75));

        assertEquals(Result.RETRY_LATER, refunder.process(JOB).result());
        OrderReturn r = stored();
        assertEquals(PROCESSING, r.status());
        assertEquals(T1.plusSeconds(75), r.dueAt());
        assertEquals(new HistoryEntry(T1, PROCESSING, Refunder.ACTOR, "attempt 1 incomplete: giftCard: gift cards 429;"),
                r.history().getLast());
    }

    @Test
    void theWaitIsTheBackoffOrTheRequestIfLongerAtMostTheCap() {
        RetrySchedule schedule = RetrySchedule.DEFAULT;
        assertEquals(Duration.ofSeconds(30), schedule.waitAfter(1, null));
        assertEquals(Duration.ofSeconds(30), schedule.waitAfter(1, Duration.ZERO));
        assertEquals(Duration.ofSeconds(30), schedule.waitAfter(1, Duration.ofSeconds(30)));
        assertEquals(Duration.ofSeconds(31), schedule.waitAfter(1, Duration.ofSeconds(31)));
        assertEquals(Duration.ofSeconds(120), schedule.waitAfter(2, Duration.ofSeconds(120)));
        assertEquals(Duration.ofSeconds(120), schedule.waitAfter(3, Duration.ofSeconds(100)), "backoff(3) is 120 s");
        assertEquals(Duration.ofMinutes(15), schedule.waitAfter(1, Duration.ofDays(365)));
        assertEquals(Duration.ofMinutes(15), schedule.waitAfter(9, Duration.ofSeconds(10)));
        assertEquals(T1.plusSeconds(31), schedule.nextAttemptAt(T1, 1, Duration.ofSeconds(31)));
        assertEquals(schedule.nextAttemptAt(T1, 4), schedule.nextAttemptAt(T1, 4, null));
    }

    @Test
    void onlyARetryCarriesAWaitAndNeverANegativeOne() {
        assertThrows(IllegalArgumentException.class, () -> ProviderAnswer.retry("x", Duration.ofSeconds(-1)));
        assertThrows(IllegalArgumentException.class,
                () -> new ProviderAnswer(ProviderAnswer.Outcome.PAID, "ref", null, Duration.ofSeconds(1)));
        assertNull(ProviderAnswer.retry("x").retryAfter());
    }
}
