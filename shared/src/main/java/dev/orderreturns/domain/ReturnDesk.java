package dev.orderreturns.domain;

import dev.orderreturns.log.Log;
import dev.orderreturns.log.Metrics;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Where orders are imported, invoices recorded and returns submitted. Each change reads the order,
 * applies the rules to that copy and stores it with a conditional write; when another writer got
 * there first it reads again and re-checks everything, so nothing stale is ever written.
 */
public final class ReturnDesk {

    /** How long a queued refund may take before the reconciler treats it as stuck. */
    public static final Duration REFUND_GRACE = Duration.ofMinutes(2);
    static final int MAX_WRITE_ATTEMPTS = 12;

    private final OrderStore store;
    private final RefundQueue queue;
    private final Clock clock;
    /** Random unique ids; returns get "ret-" and receipts "inv-" before them. */
    private final Supplier<String> ids;

    public ReturnDesk(OrderStore store, RefundQueue queue, Clock clock, Supplier<String> ids) {
        this.store = store;
        this.queue = queue;
        this.clock = clock;
        this.ids = ids;
    }

    public record Imported(Order order, boolean created) {
    }

    public record Submitted(Order order, OrderReturn submitted, boolean replayed) {
    }

    public record Recorded(Order order, Invoice invoice, boolean replayed) {
    }

    /** Imports the order, or takes a re-import of it. */
    public Imported importOrder(Order incoming) {
        return retryingConflicts(incoming.account(), incoming.orderId(), () -> {
            Optional<Order> existing = store.find(incoming.account(), incoming.orderId());
            if (existing.isEmpty()) {
                store.save(incoming, 0);
                Log.info("order.imported", ids(incoming.account(), incoming.orderId(), null));
                return new Imported(incoming, true);
            }
            Order order = existing.get();
            order.reimport(incoming, clock.instant());
            store.save(order, order.version());
            Log.info("order.updated", ids(order.account(), order.orderId(), null));
            return new Imported(order, false);
        });
    }

    public Order order(String account, String orderId) {
        return store.find(account, orderId).orElseThrow(() -> Refusal.notFound("order " + orderId));
    }

    public OrderReturn orderReturn(String account, String orderId, String returnId) {
        return order(account, orderId).findReturn(returnId)
                .orElseThrow(() -> Refusal.notFound("return " + returnId + " of order " + orderId));
    }

    /**
     * Submits a return from the operator form. With an idempotency key, a repeat of the same request
     * answers the return it created; the same key with another request is refused.
     */
    public Submitted submitReturn(String account, String orderId, ReturnRequest request, String idempotencyKey,
                                  String requestFingerprint, String actor) {
        Submitted result = retryingConflicts(account, orderId, () -> {
            Order order = order(account, orderId);
            if (idempotencyKey != null) {
                Optional<IdempotencyRecord> earlier = order.idempotencyRecord(idempotencyKey);
                if (earlier.isPresent()) {
                    if (!earlier.get().requestFingerprint().equals(requestFingerprint)) {
                        throw new Refusal(Refusal.Kind.UNPROCESSABLE, "idempotency-key-reused",
                                "Idempotency key already used for another request",
                                "this Idempotency-Key was first used with a different request body",
                                java.util.List.of(new FieldError("Idempotency-Key",
                                        "was first used with a different request body")));
                    }
                    return new Submitted(order, order.findReturn(earlier.get().returnId()).orElseThrow(), true);
                }
            }
            Instant now = clock.instant();
            OrderReturn submitted = order.submitReturn("ret-" + ids.get(), request, now.toString(), actor, now,
                    now.plus(REFUND_GRACE));
            if (idempotencyKey != null) {
                order.rememberIdempotencyKey(idempotencyKey,
                        new IdempotencyRecord(requestFingerprint, submitted.returnId(), now));
            }
            store.save(order, order.version());
            return new Submitted(order, submitted, false);
        });
        if (!result.replayed()) {
            submitted(account, orderId, result.submitted().returnId(), "form");
            enqueue(new RefundJob(account, orderId, result.submitted().returnId()));
        }
        return result;
    }

    /**
     * Records the platform's invoice notification: a sale invoice, or (Input) a return. The same
     * notification sent again answers the first receipt.
     */
    public Recorded recordInvoice(String account, String orderId, InvoiceNotification notification,
                                  String requestFingerprint, String actor) {
        Recorded result = retryingConflicts(account, orderId, () -> {
            Order order = order(account, orderId);
            Instant now = clock.instant();
            Optional<Invoice> earlier = order.findInvoice(notification.invoiceNumber());
            if (earlier.isPresent()) {
                if (requestFingerprint.equals(earlier.get().requestFingerprint())) {
                    return new Recorded(order, earlier.get(), true);
                }
                // R3 before anything else: a taken number is a conflict whatever else the body says.
                throw Refusal.conflict("invoice-number-taken", "Invoice number already used", "invoiceNumber",
                        "the order already has an invoice numbered " + notification.invoiceNumber());
            }
            if (notification.type() == InvoiceType.OUTPUT) {
                Invoice sale = order.recordSaleInvoice(
                        notification.toSaleInvoice(order, "inv-" + ids.get(), requestFingerprint, now), now);
                store.save(order, order.version());
                return new Recorded(order, sale, false);
            }
            InvoiceNotification.ReturnAsked asked = notification.toReturnRequest(order);
            OrderReturn submitted;
            try {
                submitted = order.submitReturn("ret-" + ids.get(), asked.request(),
                        notification.issuanceDate() != null ? notification.issuanceDate() : now.toString(),
                        actor, now, now.plus(REFUND_GRACE));
            } catch (Refusal refusal) {
                throw new Refusal(refusal.kind(), refusal.type(), refusal.title(), refusal.detail(),
                        refusal.errors().stream()
                                .map(e -> new FieldError(asked.notificationField(e.field()), e.message())).toList());
            }
            order.fingerprintEntranceInvoice(submitted.returnId(), requestFingerprint);
            store.save(order, order.version());
            return new Recorded(order, order.findInvoice(notification.invoiceNumber()).orElseThrow(), false);
        });
        if (!result.replayed() && result.invoice().type() == InvoiceType.INPUT) {
            submitted(account, orderId, result.invoice().returnId(), "invoice");
            enqueue(new RefundJob(account, orderId, result.invoice().returnId()));
        }
        return result;
    }

    /** An operator's retry of a FAILED refund: back to PENDING and enqueued again. */
    public Submitted retryRefund(String account, String orderId, String returnId, String actor) {
        Submitted result = retryingConflicts(account, orderId, () -> {
            Order order = order(account, orderId);
            OrderReturn ret = order.findReturn(returnId)
                    .orElseThrow(() -> Refusal.notFound("return " + returnId + " of order " + orderId));
            Instant now = clock.instant();
            ret.retryByOperator(actor, now, now.plus(REFUND_GRACE));
            store.save(order, order.version());
            return new Submitted(order, ret, false);
        });
        Log.info("refund.retry_requested", ids(account, orderId, returnId));
        enqueue(new RefundJob(account, orderId, returnId));
        return result;
    }

    /** A new return: its log line and the ReturnsSubmitted metric ({@code via}: the operator form or an Input invoice). */
    private static void submitted(String account, String orderId, String returnId, String via) {
        Map<String, Object> fields = ids(account, orderId, returnId);
        fields.put("via", via);
        Log.info("return.submitted", fields);
        Metrics.emit(fields, Metrics.Metric.count("ReturnsSubmitted"));
    }

    /**
     * A lost message is not a lost return: the return is stored, PENDING, with its due time set,
     * and the reconciler re-enqueues it when that time passes.
     */
    private void enqueue(RefundJob job) {
        try {
            queue.send(job);
        } catch (RuntimeException e) {
            Log.warn("refund.enqueue_failed", ids(job.account(), job.orderId(), job.returnId()), e);
        }
    }

    private <T> T retryingConflicts(String account, String orderId, Supplier<T> change) {
        for (int attempt = 1; ; attempt++) {
            try {
                return change.get();
            } catch (ConcurrentUpdate conflict) {
                if (attempt >= MAX_WRITE_ATTEMPTS) {
                    throw Refusal.conflict("concurrent-update", "The order is being changed by others",
                            null, "the order changed " + attempt + " times while this request was applied; try again");
                }
                Log.info("order.write_conflict", Map.of("account", account, "orderId", orderId, "attempt", attempt));
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

    private static Map<String, Object> ids(String account, String orderId, String returnId) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("account", account);
        fields.put("orderId", orderId);
        if (returnId != null) {
            fields.put("returnId", returnId);
        }
        return fields;
    }
}
