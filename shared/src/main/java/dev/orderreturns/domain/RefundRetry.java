package dev.orderreturns.domain;

import java.time.Duration;
import java.time.Instant;

/**
 * Where a return's refund stands in its retry budget: the attempts that called a provider and
 * failed transiently, the last such failure, when the next attempt is due (null: nothing due), and
 * since when the current budget runs (the return's creation, or an operator's retry).
 */
public record RefundRetry(int attempts, String lastError, Instant dueAt, Instant since) {

    /** A budget starting now, the first attempt due at once. */
    public static RefundRetry startingAt(Instant now) {
        return new RefundRetry(0, null, now, now);
    }

    public boolean isDue(Instant now) {
        return dueAt != null && !dueAt.isAfter(now);
    }

    /** One more attempt failed transiently at {@code now}: the next is due after the schedule's wait. */
    public RefundRetry failed(String error, Instant now, RetrySchedule schedule) {
        return failed(error, now, schedule, null);
    }

    /**
     * As {@link #failed(String, Instant, RetrySchedule)}, with the wait a provider asked for
     * ({@code requested}, null if none), which the schedule honours up to its cap.
     */
    public RefundRetry failed(String error, Instant now, RetrySchedule schedule, Duration requested) {
        int failed = attempts + 1;
        return new RefundRetry(failed, Notes.note(error), schedule.nextAttemptAt(now, failed, requested), since);
    }

    /** Nothing more is due (settled, or given up). */
    public RefundRetry settled() {
        return new RefundRetry(attempts, lastError, null, since);
    }

    /** The budget is spent: by attempts, or, for a return nobody could try, by time since it started. */
    public boolean exhausted(RetrySchedule schedule, Instant now) {
        return schedule.exhausted(attempts) || !now.isBefore(since.plus(schedule.window()));
    }
}
