package dev.orderreturns.domain;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/** A {@link RefundClaims} fake: one claim per return, lapsing at its time; {@link #holdAsOther} occupies one. */
public final class InMemoryRefundClaims implements RefundClaims {

    private record Claim(String claimant, Instant until) {
    }

    private final Map<RefundJob, Claim> claims = new HashMap<>();
    public int claimed;
    public int released;
    public int refused;
    private Runnable beforeNextClaim;

    /** Runs {@code hook} at the start of the next claim, as another worker getting there first would. */
    public synchronized void beforeNextClaim(Runnable hook) {
        beforeNextClaim = hook;
    }

    @Override
    public boolean claim(RefundJob job, String claimant, Instant now, Instant until) {
        Runnable hook;
        synchronized (this) {
            hook = beforeNextClaim;
            beforeNextClaim = null;
        }
        if (hook != null) {
            hook.run();
        }
        return take(job, claimant, now, until);
    }

    private synchronized boolean take(RefundJob job, String claimant, Instant now, Instant until) {
        Claim held = claims.get(job);
        if (held != null && !held.claimant().equals(claimant) && !held.until().isBefore(now)) {
            refused++;
            return false;
        }
        claims.put(job, new Claim(claimant, until));
        claimed++;
        return true;
    }

    @Override
    public synchronized void release(RefundJob job, String claimant) {
        Claim held = claims.get(job);
        if (held != null && held.claimant().equals(claimant)) {
            claims.remove(job);
            released++;
        }
    }

    /** Someone else (a worker in another container) holds the return until {@code until}. */
    public synchronized void holdAsOther(RefundJob job, Instant until) {
        claims.put(job, new Claim("someone-else", until));
    }

    public synchronized boolean isHeld(RefundJob job, Instant now) {
        Claim held = claims.get(job);
        return held != null && !held.until().isBefore(now);
    }
}
