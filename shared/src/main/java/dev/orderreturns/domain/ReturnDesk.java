package dev.orderreturns.domain;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Where orders are imported, invoices recorded and returns submitted. Each change reads the order,
 * applies the rules to that copy and stores it with a conditional write; when another writer got
 * there first it reads again and re-checks everything, so nothing stale is ever written. A write
 * whose answer was lost (the SDK retried it and met its own write) is recognised by the return id
 * the request chose once: the request is answered as done and its refund enqueued once. It logs
 * nothing: each change answers what happened, and the caller (a handler) reports it.
 */
public final class ReturnDesk {

    static final int MAX_WRITE_ATTEMPTS = 12;

    private final OrderStore store;
    private final RefundQueue queue;
    private final Clock clock;
    /** Random unique ids; returns get "ret-" and receipts "inv-" before them. */
    private final Supplier<String> ids;
    private final RetrySchedule schedule;
    private final Outbox outbox;

    public ReturnDesk(OrderStore store, RefundQueue queue, ReturnEvents events, Clock clock, Supplier<String> ids,
                      RetrySchedule schedule) {
        this.store = store;
        this.queue = queue;
        this.clock = clock;
        this.ids = ids;
        this.schedule = schedule;
        this.outbox = new Outbox(events, store);
    }

    /** A desk whose events nobody hears, with the default retry schedule (for tests of other things). */
    public ReturnDesk(OrderStore store, RefundQueue queue, Clock clock, Supplier<String> ids) {
        this(store, queue, Outbox.UNHEARD, clock, ids, RetrySchedule.DEFAULT);
    }

    public record Imported(Order order, boolean created) {
    }

    /**
     * A return submitted (or replayed, or changed by an operator). {@code enqueueFailure}: why its
     * refund job could not be sent (null when it was, or none was due); {@code eventsFailure}: why its
     * events could not be published yet. The reconciler sends and publishes what is left later.
     */
    public record Submitted(Order order, OrderReturn submitted, boolean replayed, RuntimeException enqueueFailure,
                            RuntimeException eventsFailure) {
    }

    /** An invoice recorded (or a repeat answered); for an Input invoice, as {@link Submitted}. */
    public record Recorded(Order order, Invoice invoice, boolean replayed, RuntimeException enqueueFailure,
                           RuntimeException eventsFailure) {
    }

    /** Imports the order, or takes a re-import of it. */
    public Imported importOrder(Order incoming) {
        return retryingConflicts(() -> {
            Optional<Order> existing = store.find(incoming.account(), incoming.orderId());
            if (existing.isEmpty()) {
                store.save(incoming, 0);
                return new Imported(incoming, true);
            }
            Order order = existing.get();
            order.reimport(incoming, clock.instant());
            store.save(order, order.version());
            return new Imported(order, false);
        });
    }

    public Order order(String account, String orderId) {
        return store.find(account, orderId).orElseThrow(() -> Refusal.notFound("order " + orderId));
    }

    public OrderReturn orderReturn(String account, String orderId, String returnId) {
        return order(account, orderId).returns().find(returnId)
                .orElseThrow(() -> Refusal.notFound("return " + returnId + " of order " + orderId));
    }

    /**
     * Submits a return from the operator form. With an idempotency key, a repeat of the same request
     * answers the return it created; the same key with another request is refused.
     */
    public Submitted submitReturn(String account, String orderId, ReturnRequest request, String idempotencyKey,
                                  String requestFingerprint, String actor) {
        // Chosen once per request, so a retried write that already landed is recognised as ours.
        String returnId = "ret-" + ids.get();
        Submitted result = retryingConflicts(() -> {
            Order order = order(account, orderId);
            Optional<OrderReturn> ours = order.returns().find(returnId);
            if (ours.isPresent()) {
                return new Submitted(order, ours.get(), false, null, null);
            }
            if (idempotencyKey != null) {
                Optional<IdempotencyRecord> earlier = order.idempotencyRecord(idempotencyKey);
                if (earlier.isPresent()) {
                    if (!earlier.get().requestFingerprint().equals(requestFingerprint)) {
                        throw Refusal.idempotencyKeyReused("Idempotency-Key");
                    }
                    return new Submitted(order, order.returns().find(earlier.get().returnId()).orElseThrow(), true,
                            null, null);
                }
            }
            Instant now = clock.instant();
            OrderReturn submitted = order.submitReturn(returnId, request, now.toString(), actor, now);
            if (idempotencyKey != null) {
                order.rememberIdempotencyKey(idempotencyKey,
                        new IdempotencyRecord(requestFingerprint, submitted.returnId(), now));
            }
            store.save(order, order.version());
            return new Submitted(order, submitted, false, null, null);
        });
        if (result.replayed()) {
            return result;
        }
        // Told before the job is sent: a refund processor that is quick would otherwise find the
        // event still in the outbox and tell it again.
        RuntimeException eventsFailure = outbox.flush(result.order());
        RuntimeException enqueueFailure = enqueue(new RefundJob(account, orderId, result.submitted().returnId()));
        return new Submitted(result.order(), result.submitted(), false, enqueueFailure, eventsFailure);
    }

    /**
     * Records the platform's invoice notification: a sale invoice, or (Input) a return. The same
     * notification sent again answers the first receipt.
     */
    public Recorded recordInvoice(String account, String orderId, InvoiceNotification notification,
                                  String requestFingerprint, String actor) {
        // Chosen once per request (a receipt for a sale, a return id for a return), so a retried
        // write that already landed is recognised as ours.
        String id = (notification.type() == InvoiceType.OUTPUT ? "inv-" : "ret-") + ids.get();
        Recorded result = retryingConflicts(() -> {
            Order order = order(account, orderId);
            Instant now = clock.instant();
            Optional<Invoice> earlier = order.invoices().find(notification.invoiceNumber());
            if (earlier.isPresent()) {
                boolean ours = id.equals(earlier.get().receipt());
                if (ours || requestFingerprint.equals(earlier.get().requestFingerprint())) {
                    return new Recorded(order, earlier.get(), !ours, null, null);
                }
                // R3 before anything else: a taken number is a conflict whatever else the body says.
                throw Refusal.invoiceNumberTaken("invoiceNumber", notification.invoiceNumber());
            }
            if (notification.type() == InvoiceType.OUTPUT) {
                Invoice sale = order.recordSaleInvoice(
                        notification.toSaleInvoice(order, id, requestFingerprint, now), now);
                store.save(order, order.version());
                return new Recorded(order, sale, false, null, null);
            }
            OrderReturn submitted = order.submitReturn(id, notification.toReturnRequest(order),
                    notification.issuanceDate() != null ? notification.issuanceDate() : now.toString(), actor, now);
            order.fingerprintEntranceInvoice(submitted.returnId(), requestFingerprint);
            store.save(order, order.version());
            return new Recorded(order, order.invoices().find(notification.invoiceNumber()).orElseThrow(), false, null,
                    null);
        });
        if (result.replayed() || result.invoice().type() != InvoiceType.INPUT) {
            return result;
        }
        RuntimeException eventsFailure = outbox.flush(result.order()); // before the job, as above
        RuntimeException enqueueFailure = enqueue(new RefundJob(account, orderId, result.invoice().returnId()));
        return new Recorded(result.order(), result.invoice(), false, enqueueFailure, eventsFailure);
    }

    /**
     * An operator's retry: a FAILED refund, or one still pending past its retry budget, goes back to
     * PENDING with a fresh budget and is enqueued again.
     */
    public Submitted retryRefund(String account, String orderId, String returnId, String actor) {
        Submitted result = retryingConflicts(() -> {
            Order order = order(account, orderId);
            OrderReturn ret = order.returns().find(returnId)
                    .orElseThrow(() -> Refusal.notFound("return " + returnId + " of order " + orderId));
            ret.retryByOperator(actor, clock.instant(), schedule);
            store.save(order, order.version());
            return new Submitted(order, ret, false, null, null);
        });
        RuntimeException eventsFailure = outbox.flush(result.order()); // before the job, as above
        return new Submitted(result.order(), result.submitted(), false,
                enqueue(new RefundJob(account, orderId, returnId)), eventsFailure);
    }

    /**
     * An operator refunded a {@code MANUAL_REFUND_REQUIRED} part by hand, with a reference: the part
     * is REFUNDED, and the return too once every part is. The same reference again answers the same
     * result ({@code replayed}); any other state of the part is a conflict.
     */
    public Submitted recordManualRefund(String account, String orderId, String returnId, String partId,
                                        String reference, String note, String actor) {
        Submitted result = retryingConflicts(() -> {
            Order order = order(account, orderId);
            OrderReturn ret = order.returns().find(returnId)
                    .orElseThrow(() -> Refusal.notFound("return " + returnId + " of order " + orderId));
            if (ret.recordManualRefund(partId, reference, note, actor, clock.instant())) {
                return new Submitted(order, ret, true, null, null);
            }
            store.save(order, order.version());
            return new Submitted(order, ret, false, null, null);
        });
        return result.replayed() ? result
                : new Submitted(result.order(), result.submitted(), false, null, outbox.flush(result.order()));
    }

    /**
     * A lost message is not a lost return: the return is stored, PENDING and due, and the
     * reconciler re-enqueues it when it is overdue. Answers why the send failed, or null.
     */
    private RuntimeException enqueue(RefundJob job) {
        try {
            queue.send(job);
            return null;
        } catch (RuntimeException e) {
            return e;
        }
    }

    private static <T> T retryingConflicts(Supplier<T> change) {
        for (int attempt = 1; ; attempt++) {
            try {
                return change.get();
            } catch (ConcurrentUpdate conflict) {
                if (attempt >= MAX_WRITE_ATTEMPTS) {
                    throw Refusal.concurrentUpdate(attempt);
                }
                sleepBeforeRetry(attempt);
            }
        }
    }

    private static void sleepBeforeRetry(int attempt) {
        try {
            Thread.sleep((long) (Math.random() * 20 * attempt));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
