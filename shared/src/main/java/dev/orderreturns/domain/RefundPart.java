package dev.orderreturns.domain;

/**
 * One part of a refund: a chargeback to one of the order's payments, or the gift card. Its
 * {@code requestId} is fixed when the return is recorded and sent on every provider call for the
 * part, so a repeat never pays twice; {@code partId} is unique within the return
 * ({@code chargeback-{paymentId}}, {@code giftCard}). A chargeback without {@code paymentId} is
 * money no payment had room for: a person must refund it. {@code providerReference} is the
 * provider's refund or credit id once paid, or the operator's reference for a part refunded by hand
 * ({@code manual}); {@code giftCardId} the card a gift-card part uses; {@code refusal} why a provider
 * could not refund it online (kept with the part, so the reason survives whatever attempt settles
 * the return, and a person reading a MANUAL part sees it).
 */
public record RefundPart(String partId, RefundPartKind kind, String paymentId, Money amount, RefundStatus status,
                         String requestId, String providerReference, String giftCardId, boolean manual,
                         String refusal) {

    /** A part paid (or not yet) by a provider, not by hand, never refused. */
    public RefundPart(String partId, RefundPartKind kind, String paymentId, Money amount, RefundStatus status,
                      String requestId, String providerReference, String giftCardId) {
        this(partId, kind, paymentId, amount, status, requestId, providerReference, giftCardId, false, null);
    }

    /** Longest provider reference kept whole; longer ones are kept shortened with a digest of the whole. */
    public static final int MAX_REFERENCE_CHARS = 200;

    public static final String GIFT_CARD_PART = "giftCard";
    /** The part id of money no payment can take (and of chargebacks recorded before parts per payment). */
    public static final String UNASSIGNED_CHARGEBACK_PART = "chargeback";

    /** The chargeback of a return to one payment. */
    public static RefundPart chargeback(String returnId, String paymentId, Money amount) {
        return new RefundPart("chargeback-" + paymentId, RefundPartKind.CHARGEBACK, paymentId, amount,
                RefundStatus.PENDING, returnId + "-chargeback-" + paymentId, null, null);
    }

    /** Chargeback money no payment of the order has room for. */
    public static RefundPart unassignedChargeback(String returnId, Money amount) {
        return new RefundPart(UNASSIGNED_CHARGEBACK_PART, RefundPartKind.CHARGEBACK, null, amount,
                RefundStatus.PENDING, returnId + "-chargeback", null, null);
    }

    public static RefundPart giftCard(String returnId, Money amount) {
        return new RefundPart(GIFT_CARD_PART, RefundPartKind.GIFT_CARD, null, amount, RefundStatus.PENDING,
                returnId + "-giftcard", null, null);
    }

    /**
     * The gift-card provider's relation name for this part's card: derived from the stable
     * requestId, and unique per card at the provider, so creating the card again finds the same card.
     */
    public String cardRelationName() {
        return "refund-" + requestId;
    }

    public boolean isPending() {
        return status == RefundStatus.PENDING;
    }

    public RefundPart withStatus(RefundStatus newStatus) {
        return new RefundPart(partId, kind, paymentId, amount, newStatus, requestId, providerReference, giftCardId,
                manual, refusal);
    }

    /** Paid by its provider (the refusal of an earlier answer, if any, is kept: it happened). */
    public RefundPart paid(String reference) {
        return new RefundPart(partId, kind, paymentId, amount, RefundStatus.REFUNDED, requestId,
                Notes.reference(reference), giftCardId, false, refusal);
    }

    /** A provider will not refund it online, and says why: a person must. */
    public RefundPart refused(String why) {
        return new RefundPart(partId, kind, paymentId, amount, RefundStatus.MANUAL_REFUND_REQUIRED, requestId,
                providerReference, giftCardId, manual, Notes.reference(why));
    }

    /** Refunded by an operator outside the providers, with the operator's reference. */
    public RefundPart refundedByHand(String reference) {
        return new RefundPart(partId, kind, paymentId, amount, RefundStatus.REFUNDED, requestId, reference, giftCardId,
                true, refusal);
    }

    public RefundPart withGiftCard(String cardId) {
        return new RefundPart(partId, kind, paymentId, amount, status, requestId, providerReference,
                Notes.reference(cardId), manual, refusal);
    }
}
