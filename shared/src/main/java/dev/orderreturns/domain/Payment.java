package dev.orderreturns.domain;

/** A payment of the order, the target of chargebacks. {@code value} in minor units. */
public record Payment(String transactionId, String paymentId, String paymentSystemName, long value) {
}
