package dev.orderreturns.providers;

import dev.orderreturns.domain.GiftCardProvider;
import dev.orderreturns.domain.ProviderAnswer;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The gift-card provider: {@code POST /giftcards} creates a card (balance 0) and
 * {@code POST /giftcards/{cardId}/transactions} with {@code {operation: "Credit", value, requestId,
 * description}} credits it, value in decimal currency units. Both carry a stable requestId.
 */
public final class HttpGiftCardProvider implements GiftCardProvider {

    private final ProviderHttp http;

    public HttpGiftCardProvider(String baseUrl, ProviderCredentials credentials, Duration connectTimeout,
                                Duration readTimeout) {
        this.http = new ProviderHttp(baseUrl, credentials, connectTimeout, readTimeout);
    }

    @Override
    public ProviderAnswer createCard(NewCard card) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("requestId", card.requestId());
        body.put("customerEmail", card.customerEmail());
        body.put("currencyCode", card.currency());
        body.put("caption", card.caption());
        body.put("balance", 0);
        return answer(http.post("/giftcards", body), "id", "create a gift card");
    }

    @Override
    public ProviderAnswer credit(GiftCardCredit credit) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("operation", "Credit");
        body.put("value", credit.value().toDecimal());
        body.put("requestId", credit.requestId());
        body.put("description", credit.description());
        return answer(http.post("/giftcards/" + ProviderHttp.segment(credit.cardId()) + "/transactions", body),
                "id", "credit a gift card");
    }

    private static ProviderAnswer answer(ProviderHttp.Answer answer, String idField, String what) {
        if (answer.transportFailed()) {
            return ProviderAnswer.retry("gift-card provider unreachable: " + answer.failure());
        }
        if (answer.status() == 501) {
            return ProviderAnswer.manual("gift-card provider cannot " + what + " online (501)");
        }
        if (answer.status() == 200 || answer.status() == 201) {
            if ("refund-manually".equals(answer.field("code"))) {
                return ProviderAnswer.manual("gift-card provider answered refund-manually");
            }
            Object id = answer.field(idField);
            if (id != null && !id.toString().isEmpty()) {
                return ProviderAnswer.paid(id.toString());
            }
            return ProviderAnswer.retry("gift-card provider answered " + answer.status() + " without an " + idField);
        }
        return ProviderAnswer.retry("gift-card provider answered " + answer.status() + " to " + what);
    }
}
