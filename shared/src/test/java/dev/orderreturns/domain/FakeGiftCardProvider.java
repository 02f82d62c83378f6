package dev.orderreturns.domain;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A {@link GiftCardProvider} fake. Cards are kept by the creating requestId and credits in a ledger
 * keyed by requestId, both idempotent like the real provider: a repeat answers the first card or
 * credit and adds nothing; the same requestId with another body is an error. Crediting a card that
 * was never created is an error too. Each call kind has its own {@link ProviderScript}.
 */
public final class FakeGiftCardProvider implements GiftCardProvider {

    public record Card(String cardId, NewCard request) {
    }

    public record Credit(String creditId, GiftCardCredit credit) {
    }

    public final Map<String, Card> cards = new LinkedHashMap<>();
    public final Map<String, Credit> ledger = new LinkedHashMap<>();
    public final List<NewCard> createCalls = new ArrayList<>();
    public final List<GiftCardCredit> creditCalls = new ArrayList<>();
    public final ProviderScript createScript = new ProviderScript();
    public final ProviderScript creditScript = new ProviderScript();
    private int nextCard;
    private int nextCredit;

    @Override
    public ProviderAnswer createCard(NewCard card) {
        createCalls.add(card);
        ProviderScript.Step step = createScript.next();
        return switch (step.kind()) {
            case PAY -> ProviderAnswer.paid(create(card).cardId());
            case PAY_BUT_TIME_OUT -> {
                create(card);
                yield ProviderAnswer.retry(step.detail());
            }
            case RETRY -> ProviderAnswer.retry(step.detail());
            case MANUAL -> ProviderAnswer.manual(step.detail());
            case THROW -> throw step.error();
        };
    }

    @Override
    public ProviderAnswer credit(GiftCardCredit credit) {
        creditCalls.add(credit);
        ProviderScript.Step step = creditScript.next();
        return switch (step.kind()) {
            case PAY -> ProviderAnswer.paid(book(credit).creditId());
            case PAY_BUT_TIME_OUT -> {
                book(credit);
                yield ProviderAnswer.retry(step.detail());
            }
            case RETRY -> ProviderAnswer.retry(step.detail());
            case MANUAL -> ProviderAnswer.manual(step.detail());
            case THROW -> throw step.error();
        };
    }

    private Card create(NewCard request) {
        Card earlier = cards.get(request.requestId());
        if (earlier != null) {
            if (!earlier.request().equals(request)) {
                throw new IllegalStateException("card requestId " + request.requestId() + " reused with another body");
            }
            return earlier;
        }
        Card card = new Card("card-" + (++nextCard), request);
        cards.put(request.requestId(), card);
        return card;
    }

    private Credit book(GiftCardCredit credit) {
        if (cards.values().stream().noneMatch(c -> c.cardId().equals(credit.cardId()))) {
            throw new IllegalStateException("no gift card " + credit.cardId());
        }
        Credit earlier = ledger.get(credit.requestId());
        if (earlier != null) {
            if (!earlier.credit().equals(credit)) {
                throw new IllegalStateException("credit requestId " + credit.requestId() + " reused with another body: "
                        + earlier.credit() + " then " + credit);
            }
            return earlier;
        }
        Credit booked = new Credit("credit-" + (++nextCredit), credit);
        ledger.put(credit.requestId(), booked);
        return booked;
    }

    /** The card's balance in minor units: the sum of its credits. */
    public long balance(String cardId) {
        return ledger.values().stream().filter(c -> c.credit().cardId().equals(cardId))
                .mapToLong(c -> c.credit().value().minorUnits()).sum();
    }
}
