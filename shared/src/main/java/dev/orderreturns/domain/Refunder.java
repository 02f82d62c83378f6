package dev.orderreturns.domain;

import dev.orderreturns.log.Log;
import dev.orderreturns.log.Metrics;
import dev.orderreturns.log.Metrics.Metric;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Pays a return's refund back: the chargeback through the payment provider, the gift-card part
 * through the gift-card provider. It acts only on the return's current state, and every provider
 * call carries the part's stable requestId, so repeats after crashes, timeouts and duplicate
 * deliveries never pay twice. On the happy path it costs one read and one conditional write.
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

    public Result process(RefundJob job) {
        // Provider answers survive a lost write race: on a conflict the fresh copy gets the same
        // answers, and no provider is called again for a part that already has one.
        Map<RefundPartKind, ProviderAnswer> answers = new EnumMap<>(RefundPartKind.class);
        Map<RefundPartKind, String> cards = new EnumMap<>(RefundPartKind.class);
        for (int write = 1; ; write++) {
            Order order = store.find(job.account(), job.orderId()).orElse(null);
            OrderReturn ret = order == null ? null : order.findReturn(job.returnId()).orElse(null);
            if (ret == null) {
                Log.warn("refund.unknown_return", fields(job, null), null);
                return Result.UNKNOWN_RETURN;
            }
            if (ret.status().isFinal() || ret.status() == RefundStatus.FAILED) {
                Log.info("refund.nothing_to_do", fields(job, ret.status()));
                return Result.NOTHING_TO_DO;
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
                    Log.warn("refund.write_conflicts", fields(job, ret.status()), conflict);
                    Metrics.emit(fields(job, null), Metric.count("RefundRetries"));
                    return Result.RETRY_LATER;
                }
                continue;
            }
            Map<String, Object> done = fields(job, ret.status());
            done.put("chargeback", ret.plan().chargeback());
            done.put("giftCard", ret.plan().giftCard());
            done.put("currency", ret.plan().currency());
            done.put("attempts", ret.attempts());
            Log.info("refund." + ret.status().name().toLowerCase(), done);
            countOutcome(job, ret, result, pendingBefore);
            return result;
        }
    }

    private ProviderAnswer pay(Order order, OrderReturn ret, RefundPart part, Map<RefundPartKind, String> cards) {
        Money value = Money.of(part.amount(), ret.plan().currency());
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

    /**
     * The metrics of one recorded attempt: what it settled (RefundsCompleted, ManualRefunds,
     * FailedRefunds) or that the job comes back (RefundRetries), and RefundAmount, the money this
     * attempt paid back (parts that went from PENDING to REFUNDED), so each payment counts once
     * however many attempts a return takes.
     */
    private static void countOutcome(RefundJob job, OrderReturn ret, Result result, Set<RefundPartKind> pendingBefore) {
        List<Metric> metrics = new ArrayList<>();
        switch (ret.status()) {
            case REFUNDED -> metrics.add(Metric.count("RefundsCompleted"));
            case MANUAL_REFUND_REQUIRED -> metrics.add(Metric.count("ManualRefunds"));
            case FAILED -> metrics.add(Metric.count("FailedRefunds"));
            default -> {
                if (result == Result.RETRY_LATER) {
                    metrics.add(Metric.count("RefundRetries"));
                }
            }
        }
        long paid = 0;
        for (RefundPart part : ret.parts()) {
            if (part.status() == RefundStatus.REFUNDED && pendingBefore.contains(part.kind())) {
                paid += part.amount();
            }
        }
        if (paid > 0) {
            metrics.add(Metric.amount("RefundAmount", paid));
        }
        Map<String, Object> properties = fields(job, ret.status());
        // A property, not a dimension: one metric for all currencies keeps the metric count fixed.
        properties.put("Currency", ret.plan().currency());
        Metrics.emit(properties, metrics.toArray(Metric[]::new));
    }

    private static Map<String, Object> fields(RefundJob job, RefundStatus status) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("account", job.account());
        m.put("orderId", job.orderId());
        m.put("returnId", job.returnId());
        if (status != null) {
            m.put("status", status.name());
        }
        return m;
    }
}
