package dev.orderreturns.providers.http;

import dev.orderreturns.domain.PaymentProvider;
import dev.orderreturns.domain.ProviderAnswer;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The payment provider's refund call: {@code POST /payments/{paymentId}/refunds} with
 * {@code {requestId, paymentId, transactionId, settleId, value}}, value in decimal currency units.
 * What its answers mean is {@link ProviderHttp#meaning}.
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
        return ProviderHttp.meaning(http.post("/payments/" + ProviderHttp.segment(chargeback.paymentId()) + "/refunds",
                body), "payment provider", "refundId", "refund");
    }
}
