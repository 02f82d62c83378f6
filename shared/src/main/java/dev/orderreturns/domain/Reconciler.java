package dev.orderreturns.domain;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The safety net under the refunder's own wake-ups: it finds returns whose refund is overdue (due
 * for longer than {@link #GRACE}: an enqueue was lost, a worker died) and enqueues them again. It
 * owns no retry timing and counts no attempt. A return whose budget is spent (by attempts, or by
 * time for one nobody could try) is marked FAILED for an operator, but only under a claim, so never
 * while a worker is paying it. Each overdue order costs one read and at most one conditional write.
 * It logs nothing: its {@link Summary} says what it did and what went wrong.
 */
public final class Reconciler {

    public static final String ACTOR = "reconciler";
    public static final int ORDERS_PER_RUN = 1000;
    /** How late a due return may be before its wake-up counts as lost. */
    public static final Duration GRACE = Duration.ofMinutes(2);
    private static final Duration CLAIM = Duration.ofMinutes(1);

    /** Something one run could not do: an order it could not read or write, or a job it could not send. */
    public record Trouble(String account, String orderId, String returnId, RuntimeException error) {
    }

    /**
     * What one run did: {@code found} overdue returns; {@code reenqueued} of them sent again;
     * {@code failed} given up; {@code skipped} no longer overdue on a fresh read, being paid by a
     * worker, or in an order that could not be reconciled (listed in {@code orderTroubles});
     * {@code enqueueTroubles}: jobs not sent, still overdue, tried again next run; {@code published}:
     * events left in outboxes (their first publication failed) published now.
     */
    public record Summary(int found, int reenqueued, int failed, int skipped, int published,
                          List<Trouble> orderTroubles, List<Trouble> enqueueTroubles) {

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
            m.put("published", published);
            return m;
        }
    }

    private final DueOrders dueOrders;
    private final OrderStore store;
    private final RefundQueue queue;
    private final RefundClaims claims;
    private final Clock clock;
    private final RetrySchedule schedule;
    private final Outbox outbox;

    public Reconciler(DueOrders dueOrders, OrderStore store, RefundQueue queue, RefundClaims claims,
                      ReturnEvents events, Clock clock, RetrySchedule schedule) {
        this.dueOrders = dueOrders;
        this.store = store;
        this.queue = queue;
        this.claims = claims;
        this.clock = clock;
        this.schedule = schedule;
        this.outbox = new Outbox(events, store);
    }

    public Summary run() {
        Instant now = clock.instant();
        Counts counts = new Counts();
        for (DueOrders.OrderKey key : dueOrders.dueBy(now.minus(GRACE), ORDERS_PER_RUN)) {
            // One order that cannot be read or written (throttled, unreadable) must not keep the
            // reconciler from every order behind it: note it, count it, go on.
            try {
                reconcile(key, now, counts);
            } catch (RuntimeException e) {
                counts.skipped++;
                counts.orderTroubles.add(new Trouble(key.account(), key.orderId(), null, e));
            }
        }
        return new Summary(counts.found, counts.reenqueued, counts.failed, counts.skipped, counts.published,
                counts.orderTroubles, counts.enqueueTroubles);
    }

    private static final class Counts {
        int found, reenqueued, failed, skipped, published;
        final List<Trouble> orderTroubles = new ArrayList<>();
        final List<Trouble> enqueueTroubles = new ArrayList<>();
    }

    private void reconcile(DueOrders.OrderKey key, Instant now, Counts counts) {
        Order order = store.find(key.account(), key.orderId()).orElse(null);
        if (order == null) {
            counts.skipped++;
            return;
        }
        Instant cutoff = now.minus(GRACE);
        // Events whose first publication failed: publish them now, before anything else changes.
        List<ReturnEvent> leftOver = order.outbox().stream().filter(e -> !e.at().isAfter(cutoff)).toList();
        if (!leftOver.isEmpty()) {
            long version = order.version();
            RuntimeException trouble = outbox.flush(order, leftOver);
            if (trouble != null) {
                counts.orderTroubles.add(new Trouble(key.account(), key.orderId(), null, trouble));
            } else {
                counts.published += leftOver.size() - order.outbox().stream().filter(leftOver::contains).toList().size();
            }
            if (order.version() == version) {
                // not stored as it now stands (nothing taken, a write conflict or a failure): read it again
                order = store.find(key.account(), key.orderId()).orElseThrow();
            }
        }
        List<RefundJob> wakeUps = new ArrayList<>();
        Map<RefundJob, String> givingUp = new LinkedHashMap<>();
        boolean tidied = false;
        int overdue = 0;
        for (OrderReturn ret : order.returns().all()) {
            if (ret.dueAt() == null || ret.dueAt().isAfter(cutoff)) {
                continue;
            }
            if (!ret.isOpen() || ret.status() == RefundStatus.FAILED) {
                ret.retried(ret.retry().settled()); // nothing is due for a settled refund
                tidied = true;
                continue;
            }
            counts.found++;
            overdue++;
            RefundJob job = new RefundJob(key.account(), key.orderId(), ret.returnId());
            if (!ret.retry().exhausted(schedule, now)) {
                wakeUps.add(job);
                continue;
            }
            String claimant = ACTOR + ":" + UUID.randomUUID();
            if (claims.claim(job, claimant, now, now.plus(CLAIM))) {
                givingUp.put(job, claimant);
                ret.retried(ret.retry().settled());
                ret.moveTo(RefundStatus.FAILED, ACTOR, "refund still not done after " + ret.attempts()
                        + " attempts since " + ret.retry().since() + "; an operator can retry it", now);
            } else {
                counts.skipped++; // a worker is paying it now
            }
        }
        if (overdue == 0 && !tidied) {
            if (leftOver.isEmpty()) {
                counts.skipped++; // no longer overdue on this fresh read
            }
            return;
        }
        try {
            if (!givingUp.isEmpty() || tidied) {
                store.saveRefundProgress(order, order.version());
                counts.failed += givingUp.size();
                RuntimeException trouble = outbox.flush(order);
                if (trouble != null) {
                    counts.orderTroubles.add(new Trouble(key.account(), key.orderId(), null, trouble));
                }
            }
        } catch (ConcurrentUpdate conflict) {
            // Someone changed the order since it was read: the next run looks again.
            counts.skipped += givingUp.size();
        } finally {
            givingUp.forEach(claims::release);
        }
        for (RefundJob job : wakeUps) {
            try {
                queue.send(job);
                counts.reenqueued++;
            } catch (RuntimeException e) {
                // Still overdue: the next run tries again.
                counts.enqueueTroubles.add(new Trouble(job.account(), job.orderId(), job.returnId(), e));
            }
        }
    }
}
