package dev.orderreturns.domain;

import java.time.Duration;

/**
 * What a payment or gift-card provider answered. Clients turn every transport failure (5xx,
 * timeout, refused connection, 429) into {@link Outcome#RETRY}, and a final refusal (another 4xx)
 * into {@link Outcome#MANUAL} with the provider's message; they never retry by themselves, since the
 * refunder owns retries ({@link RetrySchedule}).
 *
 * @param retryAfter for a RETRY, how long the provider asked us to wait (its {@code Retry-After});
 *     null when it did not say. Only a wish: the refunder decides when the next attempt is due
 *     ({@link RetrySchedule#waitAfter}).
 */
public record ProviderAnswer(Outcome outcome, String reference, String detail, Duration retryAfter) {

    public ProviderAnswer {
        if (retryAfter != null && (outcome != Outcome.RETRY || retryAfter.isNegative())) {
            throw new IllegalArgumentException("only a RETRY carries a wait, and never a negative one");
        }
    }

    public ProviderAnswer(Outcome outcome, String reference, String detail) {
        this(outcome, reference, detail, null);
    }

    public enum Outcome {
        /** Done; {@code reference} is the provider's id for it. */
        PAID,
        /** The provider cannot or will not do it online (refund-manually, 501, a final 4xx): a person must. */
        MANUAL,
        /** A transient failure: try again later with the same requestId. */
        RETRY
    }

    public static ProviderAnswer paid(String reference) {
        return new ProviderAnswer(Outcome.PAID, reference, null);
    }

    public static ProviderAnswer manual(String detail) {
        return new ProviderAnswer(Outcome.MANUAL, null, detail);
    }

    public static ProviderAnswer retry(String detail) {
        return new ProviderAnswer(Outcome.RETRY, null, detail);
    }

    /** A transient failure whose provider asked to be left alone for {@code retryAfter} (null: it did not say). */
    public static ProviderAnswer retry(String detail, Duration retryAfter) {
        return new ProviderAnswer(Outcome.RETRY, null, detail, retryAfter);
    }
}
