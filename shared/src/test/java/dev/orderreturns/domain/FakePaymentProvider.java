package dev.orderreturns.domain;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A {@link PaymentProvider} fake with a ledger of refunds keyed by requestId, idempotent like the
 * real provider: a repeat with the same requestId answers the first refund and adds nothing; a
 * repeat with the same requestId and another body is an error (the real provider refuses it).
 * Answers follow {@link #script}; once the script is used up every call pays.
 */
public final class FakePaymentProvider implements PaymentProvider {

    public record Refund(String refundId, Chargeback chargeback) {
    }

    public final Map<String, Refund> ledger = new LinkedHashMap<>();
    public final List<Chargeback> calls = new ArrayList<>();
    public final ProviderScript script = new ProviderScript();
    private int nextId;

    @Override
    public synchronized ProviderAnswer refund(Chargeback chargeback) {
        calls.add(chargeback);
        ProviderScript.Step step = script.next();
        return switch (step.kind()) {
            case PAY -> ProviderAnswer.paid(book(chargeback).refundId());
            case PAY_BUT_TIME_OUT -> {
                book(chargeback);
                yield ProviderAnswer.retry(step.detail());
            }
            case RETRY -> ProviderAnswer.retry(step.detail(), step.retryAfter());
            case MANUAL -> ProviderAnswer.manual(step.detail());
            case THROW -> throw step.error();
        };
    }

    private Refund book(Chargeback chargeback) {
        Refund earlier = ledger.get(chargeback.requestId());
        if (earlier != null) {
            if (!earlier.chargeback().equals(chargeback)) {
                throw new IllegalStateException("requestId " + chargeback.requestId() + " reused with another body: "
                        + earlier.chargeback() + " then " + chargeback);
            }
            return earlier;
        }
        Refund refund = new Refund("refund-" + (++nextId), chargeback);
        ledger.put(chargeback.requestId(), refund);
        return refund;
    }

    /** Sum of what was refunded to one payment, in minor units. */
    public synchronized long refundedTo(String paymentId) {
        return ledger.values().stream().filter(r -> r.chargeback().paymentId().equals(paymentId))
                .mapToLong(r -> r.chargeback().value().minorUnits()).sum();
    }

    /** Sum of what was refunded, in minor units. */
    public long refunded() {
        return ledger.values().stream().mapToLong(r -> r.chargeback().value().minorUnits()).sum();
    }
}
