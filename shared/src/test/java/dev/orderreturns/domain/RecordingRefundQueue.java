package dev.orderreturns.domain;

import java.util.ArrayList;
import java.util.List;

/** A {@link RefundQueue} fake that records the jobs it accepts, or throws while {@link #failWith} is set. */
public final class RecordingRefundQueue implements RefundQueue {

    public final List<RefundJob> jobs = new ArrayList<>();
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
}
