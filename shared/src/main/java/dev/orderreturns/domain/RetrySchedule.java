package dev.orderreturns.domain;

import java.time.Duration;
import java.time.Instant;

/**
 * When a refund that failed transiently is tried again, and when trying stops. The refund
 * processor owns this timing, and its one clock is the return's stored due time: after the n-th
 * failed attempt the next one is due {@code base × 2^(n-1)} later, each wait at most {@code cap}
 * (SQS delays a message by at most 15 minutes, so every wait fits one delayed wake-up). The budget
 * counts attempts that called a provider: as many as it takes for the waits to span
 * {@code window}, so trying lasts at least that long however the calls are spread.
 *
 * <p>A provider that asks for time (429 or 503 with {@code Retry-After}) gets it, up to {@code cap}:
 * the wait is the longer of the backoff and its request. Its number only lengthens the stored due
 * time, never adds a timer of its own, and never goes past the cap, so one wake-up still spans it.
 */
public record RetrySchedule(Duration base, Duration cap, Duration window) {

    public static final RetrySchedule DEFAULT = new RetrySchedule(Duration.ofSeconds(30), Duration.ofMinutes(15),
            Duration.ofHours(24));

    public RetrySchedule {
        if (base.isNegative() || base.isZero() || cap.compareTo(base) < 0 || window.isNegative()) {
            throw new IllegalArgumentException("a retry schedule needs 0 < base <= cap and a window >= 0");
        }
    }

    /** The wait after the {@code attempts}-th failed attempt (1 is the first). */
    public Duration backoff(int attempts) {
        long millis = base.toMillis();
        for (int n = 1; n < attempts && millis < cap.toMillis(); n++) {
            millis *= 2;
        }
        return Duration.ofMillis(Math.min(millis, cap.toMillis()));
    }

    /** Failed attempts after which the refund is given up (FAILED): the first n whose waits span the window. */
    public int maxAttempts() {
        long spanned = 0;
        int attempts = 1;
        while (spanned < window.toMillis()) {
            spanned += backoff(attempts).toMillis();
            attempts++;
        }
        return attempts;
    }

    public boolean exhausted(int failedAttempts) {
        return failedAttempts >= maxAttempts();
    }

    /**
     * The wait after the {@code attempts}-th failed attempt when the providers asked for
     * {@code requested} (null: nobody asked): the backoff, or the request if longer, at most the cap.
     */
    public Duration waitAfter(int attempts, Duration requested) {
        Duration backoff = backoff(attempts);
        if (requested == null || requested.compareTo(backoff) <= 0) {
            return backoff;
        }
        return requested.compareTo(cap) > 0 ? cap : requested;
    }

    /** When the attempt after the {@code attempts}-th failed one is due. */
    public Instant nextAttemptAt(Instant failedAt, int attempts) {
        return nextAttemptAt(failedAt, attempts, null);
    }

    /** When the attempt after the {@code attempts}-th failed one is due, honouring a provider's request. */
    public Instant nextAttemptAt(Instant failedAt, int attempts, Duration requested) {
        return failedAt.plus(waitAfter(attempts, requested));
    }
}
