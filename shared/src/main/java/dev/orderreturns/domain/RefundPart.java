package dev.orderreturns.domain;

/**
 * One part of a refund (chargeback or gift card). {@code requestId} is fixed when the return is
 * recorded and sent on every provider call for this part, so a repeat never pays twice.
 * {@code providerReference} is the provider's refund or credit id once paid; {@code giftCardId} the
 * card created for a gift-card part.
 */
public record RefundPart(RefundPartKind kind, Money amount, RefundStatus status, String requestId,
                         String providerReference, String giftCardId) {

    public RefundPart withStatus(RefundStatus newStatus) {
        return new RefundPart(kind, amount, newStatus, requestId, providerReference, giftCardId);
    }

    public RefundPart paid(String reference) {
        return new RefundPart(kind, amount, RefundStatus.REFUNDED, requestId, reference, giftCardId);
    }

    public RefundPart withGiftCard(String cardId) {
        return new RefundPart(kind, amount, status, requestId, providerReference, cardId);
    }
}
