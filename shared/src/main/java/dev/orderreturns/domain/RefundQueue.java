package dev.orderreturns.domain;

/** Hands refund jobs to the asynchronous refund processor. */
public interface RefundQueue {

    /** Enqueues the job; throws when it could not (the reconciler picks up what was not sent). */
    void send(RefundJob job);
}
