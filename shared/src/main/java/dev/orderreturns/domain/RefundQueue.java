package dev.orderreturns.domain;

import java.time.Instant;

/** Hands refund jobs to the asynchronous refund processor. */
public interface RefundQueue {

    /** Enqueues the job for now; throws when it could not (the reconciler picks up what was not sent). */
    void send(RefundJob job);

    /**
     * Enqueues the job to be delivered no earlier than {@code notBefore} (a wake-up for a retry
     * that is due then); delivery may come later, never more than the queue allows earlier.
     */
    void send(RefundJob job, Instant notBefore);
}
