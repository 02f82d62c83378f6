package dev.orderreturns.domain;

/**
 * Gift cards: create a card for the customer (balance 0), then credit it. The provider keeps a
 * card's {@code relationName} unique, so creating with the same relation name finds the same card;
 * it deduplicates a credit's {@code requestId} per card only. So the card a refund uses is fixed
 * by a relation name derived from the part's stable requestId, and every retry credits that card.
 */
public interface GiftCardProvider {

    record NewCard(String relationName, String customerEmail, String currency, String caption) {
    }

    record GiftCardCredit(String requestId, String cardId, Money value, String description) {
    }

    /** The card's id as {@link ProviderAnswer#reference()} when {@link ProviderAnswer.Outcome#PAID}. */
    ProviderAnswer createCard(NewCard card);

    ProviderAnswer credit(GiftCardCredit credit);
}
