package dev.orderreturns.domain;

/** The refund work queued for a return. The worker loads current state, so repeats are harmless. */
public record RefundJob(String account, String orderId, String returnId) {
}
