package dev.orderreturns.domain;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A {@link GiftCardProvider} fake, as unkind as the real protocol: a card's relation name is unique
 * (creating with it again answers the same card), and a credit's requestId is deduplicated per card
 * only, so the same requestId on a second card is a second credit. Crediting a card that was never
 * created is an error. Each call kind has its own {@link ProviderScript}.
 */
public final class FakeGiftCardProvider implements GiftCardProvider {

    public record Card(String cardId, NewCard request) {
    }

    public record Credit(String creditId, GiftCardCredit credit) {
    }

    public final Map<String, Card> cards = new LinkedHashMap<>();
    /** Credits by card and requestId, as the provider keeps them. */
    public final Map<String, Credit> ledger = new LinkedHashMap<>();
    public final List<NewCard> createCalls = new ArrayList<>();
    public final List<GiftCardCredit> creditCalls = new ArrayList<>();
    public final ProviderScript createScript = new ProviderScript();
    public final ProviderScript creditScript = new ProviderScript();
    private int nextCard;
    private int nextCredit;

    @Override
    public synchronized ProviderAnswer createCard(NewCard card) {
        createCalls.add(card);
        ProviderScript.Step step = createScript.next();
        return switch (step.kind()) {
            case PAY -> ProviderAnswer.paid(create(card).cardId());
            case PAY_BUT_TIME_OUT -> {
                create(card);
                yield ProviderAnswer.retry(step.detail());
            }
            case RETRY -> ProviderAnswer.retry(step.detail(), step.retryAfter());
            case MANUAL -> ProviderAnswer.manual(step.detail());
            case THROW -> throw step.error();
        };
    }

    @Override
    public synchronized ProviderAnswer credit(GiftCardCredit credit) {
        creditCalls.add(credit);
        ProviderScript.Step step = creditScript.next();
        return switch (step.kind()) {
            case PAY -> ProviderAnswer.paid(book(credit).creditId());
            case PAY_BUT_TIME_OUT -> {
                book(credit);
                yield ProviderAnswer.retry(step.detail());
            }
            case RETRY -> ProviderAnswer.retry(step.detail(), step.retryAfter());
            case MANUAL -> ProviderAnswer.manual(step.detail());
            case THROW -> throw step.error();
        };
    }

    private synchronized Card create(NewCard request) {
        Card earlier = cards.get(request.relationName());
        if (earlier != null) {
            return earlier;
        }
        Card card = new Card("card-" + (++nextCard), request);
        cards.put(request.relationName(), card);
        return card;
    }

    private synchronized Credit book(GiftCardCredit credit) {
        if (cards.values().stream().noneMatch(c -> c.cardId().equals(credit.cardId()))) {
            throw new IllegalStateException("no gift card " + credit.cardId());
        }
        String key = credit.cardId() + "/" + credit.requestId();
        Credit earlier = ledger.get(key);
        if (earlier != null) {
            if (!earlier.credit().equals(credit)) {
                throw new IllegalStateException("credit requestId " + credit.requestId() + " reused with another body: "
                        + earlier.credit() + " then " + credit);
            }
            return earlier;
        }
        Credit booked = new Credit("credit-" + (++nextCredit), credit);
        ledger.put(key, booked);
        return booked;
    }

    /** The card's balance in minor units: the sum of its credits. */
    public long balance(String cardId) {
        return ledger.values().stream().filter(c -> c.credit().cardId().equals(cardId))
                .mapToLong(c -> c.credit().value().minorUnits()).sum();
    }
}
