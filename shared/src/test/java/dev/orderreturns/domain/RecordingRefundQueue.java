package dev.orderreturns.domain;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A {@link RefundQueue} fake that records the jobs it accepts (those for now in {@link #jobs}, the
 * delayed wake-ups in {@link #wakeUps}), or throws while {@link #failWith} is set.
 */
public final class RecordingRefundQueue implements RefundQueue {

    public record WakeUp(RefundJob job, Instant notBefore) {
    }

    public final List<RefundJob> jobs = new ArrayList<>();
    public final List<WakeUp> wakeUps = new ArrayList<>();
    public RuntimeException failWith;
    public int sends;

    @Override
    public void send(RefundJob job) {
        sends++;
        if (failWith != null) {
            throw failWith;
        }
        jobs.add(job);
    }

    @Override
    public void send(RefundJob job, Instant notBefore) {
        sends++;
        if (failWith != null) {
            throw failWith;
        }
        wakeUps.add(new WakeUp(job, notBefore));
    }
}
