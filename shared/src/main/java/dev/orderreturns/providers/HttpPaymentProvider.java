package dev.orderreturns.providers;

import dev.orderreturns.domain.PaymentProvider;
import dev.orderreturns.domain.ProviderAnswer;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The payment provider's refund call: {@code POST /payments/{paymentId}/refunds} with
 * {@code {requestId, paymentId, transactionId, settleId, value}}, value in decimal currency units.
 * 200 with a refundId is done; 200 with {@code code: "refund-manually"} or 501 means a person must
 * refund; anything else (5xx, timeouts, refused connections, other answers) is retried later.
 */
public final class HttpPaymentProvider implements PaymentProvider {

    private final ProviderHttp http;

    public HttpPaymentProvider(String baseUrl, ProviderCredentials credentials, Duration connectTimeout,
                               Duration readTimeout) {
        this.http = new ProviderHttp(baseUrl, credentials, connectTimeout, readTimeout);
    }

    @Override
    public ProviderAnswer refund(Chargeback chargeback) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("requestId", chargeback.requestId());
        body.put("paymentId", chargeback.paymentId());
        body.put("transactionId", chargeback.transactionId());
        body.put("settleId", chargeback.settleId());
        // The one place money leaves integer cents: exact decimal units, never a double.
        body.put("value", chargeback.value().toDecimal());
        ProviderHttp.Answer answer = http.post("/payments/" + ProviderHttp.segment(chargeback.paymentId()) + "/refunds",
                body);
        if (answer.transportFailed()) {
            return ProviderAnswer.retry("payment provider unreachable: " + answer.failure());
        }
        if (answer.status() == 501) {
            return ProviderAnswer.manual("payment provider does not refund online (501)");
        }
        if (answer.status() == 200 || answer.status() == 201) {
            if ("refund-manually".equals(answer.field("code"))) {
                return ProviderAnswer.manual("payment provider answered refund-manually");
            }
            Object refundId = answer.field("refundId");
            if (refundId != null && !refundId.toString().isEmpty()) {
                return ProviderAnswer.paid(refundId.toString());
            }
            return ProviderAnswer.retry("payment provider answered " + answer.status() + " without a refundId");
        }
        return ProviderAnswer.retry("payment provider answered " + answer.status());
    }
}
