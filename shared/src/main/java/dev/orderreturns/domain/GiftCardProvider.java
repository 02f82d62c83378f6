package dev.orderreturns.domain;

/**
 * Gift cards: create a card for the customer (balance 0), then credit it. Both calls carry a
 * requestId stable for the return, so repeats find the same card and never credit twice.
 */
public interface GiftCardProvider {

    record NewCard(String requestId, String customerEmail, String currency, String caption) {
    }

    record GiftCardCredit(String requestId, String cardId, Money value, String description) {
    }

    /** The card's id as {@link ProviderAnswer#reference()} when {@link ProviderAnswer.Outcome#PAID}. */
    ProviderAnswer createCard(NewCard card);

    ProviderAnswer credit(GiftCardCredit credit);
}
