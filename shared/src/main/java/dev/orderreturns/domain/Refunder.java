package dev.orderreturns.domain;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * Pays a return's refund back: the chargeback through the payment provider, the gift-card part
 * through the gift-card provider. It acts only on the return's current state, and every provider
 * call carries the part's stable requestId, so repeats after crashes, timeouts and duplicate
 * deliveries never pay twice. On the happy path it costs one read and one conditional write. It logs
 * nothing: it answers an {@link Outcome}, which the refund processor reports.
 */
public final class Refunder {

    public enum Result {
        /** The return is settled for now: refunded, manual, or FAILED (retry budget spent, an operator decides). */
        DONE,
        /** Nothing to do: already final, or FAILED and waiting for an operator. */
        NOTHING_TO_DO,
        /** A provider failed transiently; the job should come back later. */
        RETRY_LATER,
        /** The job names no order or return this account has: it can never succeed. */
        UNKNOWN_RETURN
    }

    /**
     * What one job did. {@code orderReturn}: the return as recorded (null when unknown);
     * {@code paidNow}: the money this attempt paid back (parts that went from PENDING to REFUNDED),
     * so each payment is counted once however many attempts it takes; {@code failure}: why the
     * outcome could not be recorded (the order kept changing), with {@code result} RETRY_LATER.
     */
    public record Outcome(Result result, OrderReturn orderReturn, Money paidNow, RuntimeException failure) {
    }

    public static final String ACTOR = "refund-processor";

    private final OrderStore store;
    private final PaymentProvider payments;
    private final GiftCardProvider giftCards;
    private final Clock clock;
    private final int maxAttempts;

    public Refunder(OrderStore store, PaymentProvider payments, GiftCardProvider giftCards, Clock clock,
                    int maxAttempts) {
        this.store = store;
        this.payments = payments;
        this.giftCards = giftCards;
        this.clock = clock;
        this.maxAttempts = maxAttempts;
    }

    /** How long to wait before the next attempt: doubling from 30 s, at most an hour. */
    public static Duration backoff(int attempts) {
        long seconds = 30L << Math.min(Math.max(attempts - 1, 0), 7);
        return Duration.ofSeconds(Math.min(seconds, 3600));
    }

    public Outcome process(RefundJob job) {
        // Provider answers survive a lost write race: on a conflict the fresh copy gets the same
        // answers, and no provider is called again for a part that already has one.
        Map<RefundPartKind, ProviderAnswer> answers = new EnumMap<>(RefundPartKind.class);
        Map<RefundPartKind, String> cards = new EnumMap<>(RefundPartKind.class);
        for (int write = 1; ; write++) {
            Order order = store.find(job.account(), job.orderId()).orElse(null);
            OrderReturn ret = order == null ? null : order.returns().find(job.returnId()).orElse(null);
            if (ret == null) {
                return new Outcome(Result.UNKNOWN_RETURN, null, null, null);
            }
            if (ret.status().isFinal() || ret.status() == RefundStatus.FAILED) {
                return new Outcome(Result.NOTHING_TO_DO, ret, Money.zero(ret.plan().currency()), null);
            }
            for (RefundPart part : ret.parts()) {
                if (part.status() == RefundStatus.PENDING && !answers.containsKey(part.kind())) {
                    answers.put(part.kind(), pay(order, ret, part, cards));
                }
            }
            Set<RefundPartKind> pendingBefore = EnumSet.noneOf(RefundPartKind.class);
            for (RefundPart part : ret.parts()) {
                if (part.status() == RefundStatus.PENDING) {
                    pendingBefore.add(part.kind());
                }
            }
            Result result = record(ret, answers, cards);
            try {
                store.save(order, order.version());
            } catch (ConcurrentUpdate conflict) {
                if (write >= ReturnDesk.MAX_WRITE_ATTEMPTS) {
                    return new Outcome(Result.RETRY_LATER, ret, Money.zero(ret.plan().currency()), conflict);
                }
                continue;
            }
            return new Outcome(result, ret, paidNow(ret, pendingBefore), null);
        }
    }

    private ProviderAnswer pay(Order order, OrderReturn ret, RefundPart part, Map<RefundPartKind, String> cards) {
        Money value = part.amount();
        return switch (part.kind()) {
            case CHARGEBACK -> {
                if (order.payments().isEmpty()) {
                    yield ProviderAnswer.manual("the order has no payment to refund to");
                }
                Payment payment = order.payments().getFirst();
                yield payments.refund(new PaymentProvider.Chargeback(part.requestId(), payment.paymentId(),
                        payment.transactionId(), payment.transactionId(), value));
            }
            case GIFT_CARD -> {
                String cardId = part.giftCardId();
                if (cardId == null) {
                    ProviderAnswer card = giftCards.createCard(new GiftCardProvider.NewCard(part.requestId() + "-card",
                            order.customerEmail(), ret.plan().currency(),
                            "Refund of order " + order.orderId()));
                    if (card.outcome() != ProviderAnswer.Outcome.PAID) {
                        yield card;
                    }
                    cardId = card.reference();
                    cards.put(part.kind(), cardId);
                }
                yield giftCards.credit(new GiftCardProvider.GiftCardCredit(part.requestId(), cardId, value,
                        "Shipping refund for return " + ret.returnId() + " of order " + order.orderId()));
            }
        };
    }

    private Result record(OrderReturn ret, Map<RefundPartKind, ProviderAnswer> answers,
                          Map<RefundPartKind, String> cards) {
        Instant now = clock.instant();
        boolean retry = false;
        boolean manual = false;
        boolean anyPaid = false;
        StringBuilder note = new StringBuilder();
        for (RefundPart part : ret.parts()) {
            RefundPart updated = part;
            if (cards.containsKey(part.kind()) && part.giftCardId() == null) {
                updated = updated.withGiftCard(cards.get(part.kind()));
            }
            ProviderAnswer answer = answers.get(part.kind());
            if (part.status() == RefundStatus.PENDING && answer != null) {
                switch (answer.outcome()) {
                    case PAID -> updated = updated.paid(answer.reference());
                    case MANUAL -> updated = updated.withStatus(RefundStatus.MANUAL_REFUND_REQUIRED);
                    case RETRY -> { }
                }
                if (answer.detail() != null) {
                    note.append(part.kind().wireName()).append(": ").append(answer.detail()).append("; ");
                }
            }
            ret.replacePart(updated);
            switch (updated.status()) {
                case PENDING -> retry = true;
                case MANUAL_REFUND_REQUIRED -> manual = true;
                case REFUNDED -> anyPaid = true;
                default -> { }
            }
        }
        if (!retry) {
            ret.scheduleAt(null);
            if (manual) {
                ret.moveTo(RefundStatus.MANUAL_REFUND_REQUIRED, ACTOR,
                        "the provider cannot refund online; refund by hand. " + note.toString().strip(), now);
            } else {
                ret.moveTo(RefundStatus.REFUNDED, ACTOR, "refunded", now);
            }
            return Result.DONE;
        }
        ret.countAttempt();
        if (ret.attempts() >= maxAttempts) {
            ret.scheduleAt(null);
            ret.moveTo(RefundStatus.FAILED, ACTOR, "gave up after " + ret.attempts() + " attempts: "
                    + note.toString().strip(), now);
            return Result.DONE;
        }
        ret.scheduleAt(now.plus(backoff(ret.attempts())));
        RefundStatus next = anyPaid || manual ? RefundStatus.PROCESSING : RefundStatus.PENDING;
        if (next != ret.status()) {
            ret.moveTo(next, ACTOR, "attempt " + ret.attempts() + " incomplete: " + note.toString().strip(), now);
        }
        return Result.RETRY_LATER;
    }

    /** What this attempt paid back: parts that went from PENDING to REFUNDED. */
    private static Money paidNow(OrderReturn ret, Set<RefundPartKind> pendingBefore) {
        Money paid = Money.zero(ret.plan().currency());
        for (RefundPart part : ret.parts()) {
            if (part.status() == RefundStatus.REFUNDED && pendingBefore.contains(part.kind())) {
                paid = paid.plus(part.amount());
            }
        }
        return paid;
    }
}
