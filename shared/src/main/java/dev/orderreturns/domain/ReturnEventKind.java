package dev.orderreturns.domain;

/** The status changes of a return that the store's other systems are told of (DESIGN.md section 3, events). */
public enum ReturnEventKind {
    /** A return was recorded; its refund is PENDING. */
    ReturnRecorded,
    /** The return's refund is REFUNDED: every part paid (online or by hand). */
    RefundCompleted,
    /** A part needs a person: the return is MANUAL_REFUND_REQUIRED. */
    ManualRefundRequired,
    /** The retry budget is spent: the return is FAILED until an operator retries it. */
    RefundFailed,
    /** An operator recorded a part as refunded by hand. */
    ManualRefundRecorded;

    /** The kind a move to {@code status} is published as; null for moves not published (PENDING, PROCESSING). */
    static ReturnEventKind of(RefundStatus status) {
        return switch (status) {
            case REFUNDED -> RefundCompleted;
            case MANUAL_REFUND_REQUIRED -> ManualRefundRequired;
            case FAILED -> RefundFailed;
            default -> null;
        };
    }
}
