package dev.orderreturns.domain;

/** Refunds to the original payment (chargebacks). Idempotent by {@code requestId}. */
public interface PaymentProvider {

    record Chargeback(String requestId, String paymentId, String transactionId, String settleId, Money value) {
    }

    ProviderAnswer refund(Chargeback chargeback);
}
