package dev.orderreturns.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * What one attempt's provider answers make of a return: each pending part paid, manual or still
 * pending, and the return settled, given up, or due again after the schedule's wait. A paid
 * answer is a fact: it is recorded whatever the return's status became meanwhile, FAILED included,
 * and the history says so.
 *
 * @param result what the refunder answers for this attempt
 * @param paid the money this record moved from pending to refunded
 * @param changed whether the return changed at all (nothing to store otherwise)
 */
record RefundRecord(Refunder.Result result, Money paid, boolean changed) {

    static RefundRecord apply(OrderReturn ret, Map<String, ProviderAnswer> answers, Map<String, String> cards,
                              Instant now, RetrySchedule schedule) {
        Money paid = Money.zero(ret.plan().currency());
        boolean changed = false;
        StringBuilder refusedNow = new StringBuilder();
        StringBuilder transientErrors = new StringBuilder();
        StringBuilder afterTheFact = new StringBuilder();
        // One due time serves every part: it must satisfy the provider that asked for the longest wait.
        Duration requestedWait = null;
        for (RefundPart part : ret.parts()) {
            RefundPart updated = part;
            if (cards.containsKey(part.partId()) && part.giftCardId() == null) {
                updated = updated.withGiftCard(cards.get(part.partId()));
            }
            ProviderAnswer answer = answers.get(part.partId());
            if (answer != null && part.isPending()) {
                switch (answer.outcome()) {
                    case PAID -> {
                        updated = updated.paid(answer.reference());
                        paid = paid.plus(part.amount());
                    }
                    case MANUAL -> {
                        updated = updated.refused(answer.detail());
                        refusedNow.append(part.partId()).append(": ").append(answer.detail()).append("; ");
                    }
                    case RETRY -> {
                        transientErrors.append(part.partId()).append(": ").append(answer.detail()).append("; ");
                        if (answer.retryAfter() != null
                                && (requestedWait == null || answer.retryAfter().compareTo(requestedWait) > 0)) {
                            requestedWait = answer.retryAfter();
                        }
                    }
                }
            } else if (answer != null && answer.outcome() == ProviderAnswer.Outcome.PAID) {
                // Another worker settled the part first (its claim had lapsed): the money moved all
                // the same, and saying so is what keeps a person from paying it again.
                if (part.status() == RefundStatus.MANUAL_REFUND_REQUIRED) {
                    updated = updated.paid(answer.reference());
                    paid = paid.plus(part.amount());
                    afterTheFact.append(part.partId()).append(" paid by its provider (").append(answer.reference())
                            .append(") after it was left for a manual refund; ");
                } else if (part.status() == RefundStatus.REFUNDED
                        && !Notes.reference(answer.reference()).equals(part.providerReference())) {
                    afterTheFact.append("PAID TWICE: ").append(part.partId()).append(" paid again by its provider (")
                            .append(answer.reference()).append(") after it was refunded (")
                            .append(part.manual() ? "by hand, " : "").append(part.providerReference())
                            .append("); recover the money; ");
                }
            }
            if (!updated.equals(part)) {
                ret.replacePart(updated);
                changed = true;
            }
        }
        if (!ret.isOpen()) {
            if (afterTheFact.isEmpty()) {
                return new RefundRecord(Refunder.Result.NOTHING_TO_DO, paid, changed);
            }
            ret.note(Refunder.ACTOR, afterTheFact.toString().strip(), now);
            if (ret.status() != RefundStatus.REFUNDED
                    && ret.parts().stream().allMatch(p -> p.status() == RefundStatus.REFUNDED)) {
                ret.moveTo(RefundStatus.REFUNDED, Refunder.ACTOR, "every part refunded", now);
            }
            return new RefundRecord(Refunder.Result.DONE, paid, true);
        }
        boolean pending = ret.parts().stream().anyMatch(RefundPart::isPending);
        String late = ret.status() == RefundStatus.FAILED ? " (answered after the return was marked FAILED)" : "";
        if (!pending) {
            ret.retried(ret.retry().settled());
            String byHand = byHand(ret);
            if (!byHand.isEmpty()) {
                ret.moveTo(RefundStatus.MANUAL_REFUND_REQUIRED, Refunder.ACTOR,
                        "a provider cannot refund online; refund by hand. " + byHand + late, now);
            } else {
                ret.moveTo(RefundStatus.REFUNDED, Refunder.ACTOR, "refunded" + late, now);
            }
            return new RefundRecord(Refunder.Result.DONE, paid, true);
        }
        if (ret.status() == RefundStatus.FAILED) {
            // Given up meanwhile: record what was paid, and leave the rest to an operator.
            if (changed) {
                ret.note(Refunder.ACTOR, "parts paid" + late + ": " + paid, now);
            }
            return new RefundRecord(Refunder.Result.NOTHING_TO_DO, paid, changed);
        }
        String errors = transientErrors.toString().strip();
        ret.retried(ret.retry().failed(errors, now, schedule, requestedWait));
        // The budget counts attempts that called a provider; time alone gives up only a return
        // nobody could try (the reconciler's case).
        if (schedule.exhausted(ret.attempts())) {
            ret.retried(ret.retry().settled());
            ret.moveTo(RefundStatus.FAILED, Refunder.ACTOR, "gave up after " + ret.attempts()
                    + " attempts; an operator can retry it. Last: " + errors, now);
            return new RefundRecord(Refunder.Result.DONE, paid, true);
        }
        boolean progress = ret.parts().stream().anyMatch(p -> !p.isPending());
        RefundStatus next = progress ? RefundStatus.PROCESSING : RefundStatus.PENDING;
        if (next != ret.status()) {
            String refused = refusedNow.isEmpty() ? "" : " Refund by hand: " + refusedNow.toString().strip();
            ret.moveTo(next, Refunder.ACTOR, "attempt " + ret.attempts() + " incomplete: " + errors + refused, now);
        }
        // A part refused in an attempt that changes no status keeps its reason on the part itself.
        return new RefundRecord(Refunder.Result.RETRY_LATER, paid, true);
    }

    /** Each part left for a person, with the reason its provider gave: "partId: why; ...". */
    private static String byHand(OrderReturn ret) {
        StringBuilder text = new StringBuilder();
        for (RefundPart part : ret.parts()) {
            if (part.status() == RefundStatus.MANUAL_REFUND_REQUIRED) {
                text.append(part.partId()).append(": ").append(part.refusal() == null ? "no reason given" : part.refusal())
                        .append("; ");
            }
        }
        return text.toString().strip();
    }
}
