package dev.orderreturns.domain;

/**
 * What a payment or gift-card provider answered. Clients turn every transport failure (5xx,
 * timeout, refused connection, 429) into {@link Outcome#RETRY}, and a final refusal (another 4xx)
 * into {@link Outcome#MANUAL} with the provider's message; they never retry by themselves, since the
 * refunder owns retries ({@link RetrySchedule}).
 */
public record ProviderAnswer(Outcome outcome, String reference, String detail) {

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
}
