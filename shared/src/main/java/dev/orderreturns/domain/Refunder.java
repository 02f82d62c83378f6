package dev.orderreturns.domain;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/**
 * Pays a return's refund back, part by part: each chargeback through the payment provider, the
 * gift-card part through the gift-card provider (create the card by its relation name, then credit
 * it). Every provider call carries the part's stable requestId, so repeats never pay twice.
 *
 * <p>Retries have one owner, this class, and one clock, the return's stored due time: a job for a
 * return not yet due calls nobody; after a transient failure the attempt is counted, the next one is
 * due after {@link RetrySchedule#backoff} and a wake-up is enqueued for then. A worker claims the
 * return ({@link RefundClaims}) before it calls a provider, so duplicate deliveries do not pay side
 * by side and the reconciler never gives up a return being paid. A provider's successful answer is a
 * fact: it is recorded whatever the return's status became meanwhile. It logs nothing: it answers an
 * {@link Outcome}, which the refund processor reports.
 */
public final class Refunder {

    public enum Result {
        /** The return is settled now: refunded, manual, or FAILED (budget spent, an operator decides). */
        DONE,
        /** Nothing to do: already settled, or FAILED and waiting for an operator. */
        NOTHING_TO_DO,
        /** The return's next attempt is not due yet (a duplicate or early delivery): nobody was called. */
        NOT_DUE,
        /** Another worker holds the return: it finishes the work. */
        BUSY,
        /** A provider failed transiently, or the answers could not be recorded: a wake-up is enqueued. */
        RETRY_LATER,
        /** The job names no order or return this account has: it can never succeed. */
        UNKNOWN_RETURN
    }

    /**
     * What one job did. {@code orderReturn}: the return as last read or recorded (null when unknown
     * or unreadable); {@code paidNow}: the money this job recorded as paid back, so each payment is
     * counted once however many attempts it takes; {@code failure}: why the work could not be
     * recorded (store trouble, or the order kept changing); {@code wakeUpFailure}: why the wake-up
     * for the next attempt could not be enqueued (the job should then come back by itself);
     * {@code eventsFailure}: why the status change could not be published yet (it stays in the outbox).
     */
    public record Outcome(Result result, OrderReturn orderReturn, Money paidNow, RuntimeException failure,
                          RuntimeException wakeUpFailure, RuntimeException eventsFailure) {

        Outcome(Result result, OrderReturn orderReturn, Money paidNow, RuntimeException failure,
                RuntimeException wakeUpFailure) {
            this(result, orderReturn, paidNow, failure, wakeUpFailure, null);
        }
    }

    public static final String ACTOR = "refund-processor";

    private final OrderStore store;
    private final PaymentProvider payments;
    private final GiftCardProvider giftCards;
    private final RefundQueue queue;
    private final RefundClaims claims;
    private final Clock clock;
    private final RetrySchedule schedule;
    private final Duration claimFor;
    private final Outbox outbox;

    /** @param claimFor how long a job may take at worst; its claim lapses after that */
    public Refunder(OrderStore store, PaymentProvider payments, GiftCardProvider giftCards, RefundQueue queue,
                    RefundClaims claims, ReturnEvents events, Clock clock, RetrySchedule schedule, Duration claimFor) {
        this.store = store;
        this.payments = payments;
        this.giftCards = giftCards;
        this.queue = queue;
        this.claims = claims;
        this.clock = clock;
        this.schedule = schedule;
        this.claimFor = claimFor;
        this.outbox = new Outbox(events, store);
    }

    public Outcome process(RefundJob job) {
        Instant now = clock.instant();
        // The claim comes first and the order is read under it: a copy read before the claim may
        // predate what the worker holding it last recorded (a part left for a person), and paying
        // from it would call a provider for a part that is settled.
        String claimant = ACTOR + ":" + UUID.randomUUID();
        try {
            if (!claims.claim(job, claimant, now, now.plus(claimFor))) {
                return new Outcome(Result.BUSY, null, null, null, null);
            }
        } catch (RuntimeException storeTrouble) {
            return later(job, null, storeTrouble, now);
        }
        try {
            Order order;
            try {
                order = store.find(job.account(), job.orderId()).orElse(null);
            } catch (RuntimeException storeTrouble) {
                return later(job, null, storeTrouble, now);
            }
            OrderReturn ret = order == null ? null : order.returns().find(job.returnId()).orElse(null);
            if (ret == null) {
                return new Outcome(Result.UNKNOWN_RETURN, null, null, null, null);
            }
            if (!ret.isOpen() || ret.status() == RefundStatus.FAILED) {
                return new Outcome(Result.NOTHING_TO_DO, ret, Money.zero(ret.plan().currency()), null, null);
            }
            if (ret.dueAt() != null && ret.dueAt().isAfter(now)) {
                return new Outcome(Result.NOT_DUE, ret, Money.zero(ret.plan().currency()), null, null);
            }
            return payAndRecord(job, order, ret);
        } finally {
            try {
                claims.release(job, claimant);
            } catch (RuntimeException ignored) {
                // The claim lapses by itself.
            }
        }
    }

    private Outcome payAndRecord(RefundJob job, Order order, OrderReturn ret) {
        Map<String, ProviderAnswer> answers = new HashMap<>();
        Map<String, String> cards = new HashMap<>();
        for (RefundPart part : ret.parts()) {
            if (part.isPending()) {
                answers.put(part.partId(), pay(order, ret, part, cards));
            }
        }
        Instant answeredAt = clock.instant();
        // Provider answers survive a lost write race: each fresh copy gets the same answers, and no
        // provider is called again for a part that has one.
        for (int write = 1; ; write++) {
            RefundRecord record = RefundRecord.apply(ret, answers, cards, answeredAt, schedule);
            if (!record.changed()) {
                return new Outcome(record.result(), ret, record.paid(), null, null);
            }
            try {
                store.saveRefundProgress(order, order.version());
            } catch (ConcurrentUpdate conflict) {
                if (write >= ReturnDesk.MAX_WRITE_ATTEMPTS) {
                    return later(job, ret, conflict, answeredAt);
                }
                try {
                    order = store.find(job.account(), job.orderId()).orElseThrow();
                } catch (RuntimeException storeTrouble) {
                    return later(job, ret, storeTrouble, answeredAt);
                }
                ret = order.returns().find(job.returnId()).orElseThrow();
                continue;
            } catch (RuntimeException storeTrouble) {
                return later(job, ret, storeTrouble, answeredAt);
            }
            RuntimeException wakeUpFailure = record.result() == Result.RETRY_LATER ? wakeUp(job, ret.dueAt()) : null;
            return new Outcome(record.result(), ret, record.paid(), null, wakeUpFailure, outbox.flush(order));
        }
    }

    /**
     * The work could not be read or recorded (money may have moved: the same requestIds find it
     * again): try once more after the schedule's first wait, without counting an attempt.
     */
    private Outcome later(RefundJob job, OrderReturn ret, RuntimeException failure, Instant now) {
        Money none = ret == null ? null : Money.zero(ret.plan().currency());
        return new Outcome(Result.RETRY_LATER, ret, none, failure, wakeUp(job, now.plus(schedule.backoff(1))));
    }

    private RuntimeException wakeUp(RefundJob job, Instant at) {
        try {
            queue.send(job, at);
            return null;
        } catch (RuntimeException e) {
            return e;
        }
    }

    private ProviderAnswer pay(Order order, OrderReturn ret, RefundPart part, Map<String, String> cards) {
        return switch (part.kind()) {
            case CHARGEBACK -> {
                if (part.paymentId() == null) {
                    yield ProviderAnswer.manual("no payment of the order has room for " + part.amount());
                }
                Payment payment = order.payments().stream().filter(p -> p.paymentId().equals(part.paymentId()))
                        .findFirst().orElse(null);
                if (payment == null) {
                    yield ProviderAnswer.manual("the order has no payment " + part.paymentId());
                }
                yield payments.refund(new PaymentProvider.Chargeback(part.requestId(), payment.paymentId(),
                        payment.transactionId(), payment.transactionId(), part.amount()));
            }
            case GIFT_CARD -> {
                String cardId = part.giftCardId();
                if (cardId == null) {
                    ProviderAnswer card = giftCards.createCard(new GiftCardProvider.NewCard(part.cardRelationName(),
                            order.customerEmail(), ret.plan().currency(), "Refund of order " + order.orderId()));
                    if (card.outcome() != ProviderAnswer.Outcome.PAID) {
                        yield card;
                    }
                    cardId = card.reference();
                    cards.put(part.partId(), cardId);
                }
                yield giftCards.credit(new GiftCardProvider.GiftCardCredit(part.requestId(), cardId, part.amount(),
                        "Shipping refund for return " + ret.returnId() + " of order " + order.orderId()));
            }
        };
    }
}
