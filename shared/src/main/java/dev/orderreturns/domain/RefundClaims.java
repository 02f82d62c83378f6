package dev.orderreturns.domain;

import java.time.Instant;

/**
 * Who is working on a return's refund right now. A worker claims the return before it calls any
 * provider and releases it when it has recorded the answers; the reconciler claims it before it
 * gives a refund up, so it never marks FAILED a return a worker is paying. A claim lapses by
 * itself at {@code until}, so a worker that died holds nothing for long.
 */
public interface RefundClaims {

    /** True when {@code claimant} now holds the return until {@code until}; false when someone else does. */
    boolean claim(RefundJob job, String claimant, Instant now, Instant until);

    /** Gives the claim up if {@code claimant} still holds it. */
    void release(RefundJob job, String claimant);
}
