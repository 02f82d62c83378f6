package dev.orderreturns.domain;

/** Where a return's refund stands (DESIGN.md, "Refunds"). */
public enum RefundStatus {
    PENDING,
    PROCESSING,
    REFUNDED,
    MANUAL_REFUND_REQUIRED,
    FAILED;

    public boolean isFinal() {
        return this == REFUNDED || this == MANUAL_REFUND_REQUIRED;
    }
}
