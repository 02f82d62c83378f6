package dev.orderreturns.domain;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Finds returns whose refund is overdue (enqueue lost, worker crashed, provider down) and
 * re-enqueues them, counting each as an attempt; a return past the retry budget is marked
 * FAILED for an operator. Each order costs one read and at most one conditional write. It logs
 * nothing: its {@link Summary} says what it did and what went wrong, and the handler reports it.
 */
public final class Reconciler {

    public static final String ACTOR = "reconciler";
    public static final int ORDERS_PER_RUN = 1000;

    /** Something one run could not do: an order it could not read or write, or a job it could not send. */
    public record Trouble(String account, String orderId, String returnId, RuntimeException error) {
    }

    /**
     * What one run did. {@code skipped}: found due but no longer due on a fresh read, or an order
     * that could not be reconciled (listed in {@code orderTroubles}); {@code enqueueTroubles}: jobs
     * not sent, still due, tried again next run.
     */
    public record Summary(int found, int reenqueued, int failed, int skipped, List<Trouble> orderTroubles,
                          List<Trouble> enqueueTroubles) {

        public Summary {
            orderTroubles = List.copyOf(orderTroubles);
            enqueueTroubles = List.copyOf(enqueueTroubles);
        }

        public Map<String, Object> toMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("found", found);
            m.put("reenqueued", reenqueued);
            m.put("failed", failed);
            m.put("skipped", skipped);
            return m;
        }
    }

    private final DueOrders dueOrders;
    private final OrderStore store;
    private final RefundQueue queue;
    private final Clock clock;
    private final int maxAttempts;

    public Reconciler(DueOrders dueOrders, OrderStore store, RefundQueue queue, Clock clock, int maxAttempts) {
        this.dueOrders = dueOrders;
        this.store = store;
        this.queue = queue;
        this.clock = clock;
        this.maxAttempts = maxAttempts;
    }

    public Summary run() {
        Instant now = clock.instant();
        int found = 0, reenqueued = 0, failed = 0, skipped = 0;
        List<Trouble> orderTroubles = new ArrayList<>();
        List<Trouble> enqueueTroubles = new ArrayList<>();
        for (DueOrders.OrderKey key : dueOrders.dueBy(now, ORDERS_PER_RUN)) {
            // One order that cannot be read or written (throttled, too large, unreadable) must not
            // keep the reconciler from every order behind it: note it, count it, go on.
            try {
                int[] counts = reconcile(key, now, enqueueTroubles);
                found += counts[0];
                reenqueued += counts[1];
                failed += counts[2];
                skipped += counts[3];
            } catch (RuntimeException e) {
                skipped++;
                orderTroubles.add(new Trouble(key.account(), key.orderId(), null, e));
            }
        }
        return new Summary(found, reenqueued, failed, skipped, orderTroubles, enqueueTroubles);
    }

    /** Reconciles one order: {found, reenqueued, failed, skipped}. */
    private int[] reconcile(DueOrders.OrderKey key, Instant now, List<Trouble> enqueueTroubles) {
        int reenqueued = 0;
        List<RefundJob> jobs = new ArrayList<>();
        int orderFailed = 0, orderSkipped = 0, orderFound = 0;
        for (int write = 1; write <= ReturnDesk.MAX_WRITE_ATTEMPTS; write++) {
            jobs.clear();
            orderFailed = 0;
            orderSkipped = 0;
            orderFound = 0;
            Order order = store.find(key.account(), key.orderId()).orElse(null);
            if (order == null) {
                orderSkipped = 1;
                break;
            }
            for (OrderReturn ret : order.returns().all()) {
                if (ret.dueAt() == null || ret.dueAt().isAfter(now)) {
                    continue;
                }
                orderFound++;
                if (ret.status() != RefundStatus.PENDING && ret.status() != RefundStatus.PROCESSING) {
                    ret.scheduleAt(null);
                    orderSkipped++;
                } else if (ret.attempts() >= maxAttempts) {
                    ret.scheduleAt(null);
                    ret.moveTo(RefundStatus.FAILED, ACTOR, "refund still not done after " + ret.attempts()
                            + " attempts; an operator can retry it", now);
                    orderFailed++;
                } else {
                    ret.countAttempt();
                    ret.scheduleAt(now.plus(Refunder.backoff(ret.attempts())));
                    jobs.add(new RefundJob(key.account(), key.orderId(), ret.returnId()));
                }
            }
            if (orderFound == 0) {
                orderSkipped = 1;
                break;
            }
            try {
                store.save(order, order.version());
                break;
            } catch (ConcurrentUpdate conflict) {
                if (write == ReturnDesk.MAX_WRITE_ATTEMPTS) {
                    jobs.clear();
                    orderFailed = 0;
                    orderSkipped = orderFound;
                }
            }
        }
        for (RefundJob job : jobs) {
            try {
                queue.send(job);
                reenqueued++;
            } catch (RuntimeException e) {
                // Still due: the next run tries again.
                enqueueTroubles.add(new Trouble(job.account(), job.orderId(), job.returnId(), e));
            }
        }
        return new int[] {orderFound, reenqueued, orderFailed, orderSkipped};
    }
}
