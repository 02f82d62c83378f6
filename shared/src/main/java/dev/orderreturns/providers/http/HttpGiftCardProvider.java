package dev.orderreturns.providers.http;

import dev.orderreturns.domain.GiftCardProvider;
import dev.orderreturns.domain.ProviderAnswer;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The gift-card provider: {@code POST /giftcards} with a {@code relationName} creates a card (balance
 * 0), or finds the card already created with that relation name; {@code POST
 * /giftcards/{cardId}/transactions} with {@code {operation: "Credit", value, requestId, description}}
 * credits it, value in decimal currency units, the requestId deduplicated per card.
 */
public final class HttpGiftCardProvider implements GiftCardProvider {

    private static final String PROVIDER = "gift-card provider";

    private final ProviderHttp http;

    public HttpGiftCardProvider(String baseUrl, ProviderCredentials credentials, Duration connectTimeout,
                                Duration readTimeout) {
        this.http = new ProviderHttp(baseUrl, credentials, connectTimeout, readTimeout);
    }

    @Override
    public ProviderAnswer createCard(NewCard card) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("relationName", card.relationName());
        body.put("customerEmail", card.customerEmail());
        body.put("currencyCode", card.currency());
        body.put("caption", card.caption());
        body.put("balance", 0);
        return ProviderHttp.meaning(http.post("/giftcards", body), PROVIDER, "id", "create a gift card");
    }

    @Override
    public ProviderAnswer credit(GiftCardCredit credit) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("operation", "Credit");
        body.put("value", credit.value().toDecimal());
        body.put("requestId", credit.requestId());
        body.put("description", credit.description());
        return ProviderHttp.meaning(http.post("/giftcards/" + ProviderHttp.segment(credit.cardId()) + "/transactions",
                body), PROVIDER, "id", "credit a gift card");
    }
}
