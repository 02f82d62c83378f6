package dev.orderreturns.functions.report;

import dev.orderreturns.domain.ReturnDesk;
import dev.orderreturns.log.Log;
import dev.orderreturns.log.Metrics;

import java.util.LinkedHashMap;
import java.util.Map;

/** Log lines and metrics for what the return desk did; the desk itself never logs. */
public final class DeskReport {

    private DeskReport() {
    }

    public static void imported(ReturnDesk.Imported imported) {
        Log.info(imported.created() ? "order.imported" : "order.updated",
                ids(imported.order().account(), imported.order().orderId(), null));
    }

    /** A return submitted through {@code via} (the operator form or an Input invoice), or its replay. */
    public static void submitted(String account, String orderId, String returnId, boolean replayed,
                                 RuntimeException enqueueFailure, RuntimeException eventsFailure, String via) {
        if (replayed) {
            return;
        }
        published(account, orderId, eventsFailure);
        Map<String, Object> fields = ids(account, orderId, returnId);
        fields.put("via", via);
        Log.info("return.submitted", fields);
        Metrics.emit(fields, Metrics.Metric.count("ReturnsSubmitted"));
        enqueued(account, orderId, returnId, enqueueFailure);
    }

    public static void retried(ReturnDesk.Submitted retried) {
        String account = retried.order().account();
        String orderId = retried.order().orderId();
        String returnId = retried.submitted().returnId();
        Log.info("refund.retry_requested", ids(account, orderId, returnId));
        enqueued(account, orderId, returnId, retried.enqueueFailure());
        published(account, orderId, retried.eventsFailure());
    }

    /** An operator's manual refund of a part (or its repeat). */
    public static void manualRefund(ReturnDesk.Submitted recorded, String partId) {
        Map<String, Object> fields = ids(recorded.order().account(), recorded.order().orderId(),
                recorded.submitted().returnId());
        fields.put("partId", partId);
        fields.put("replayed", recorded.replayed());
        fields.put("status", recorded.submitted().status().name());
        Log.info("refund.manual_refund_recorded", fields);
        published(recorded.order().account(), recorded.order().orderId(), recorded.eventsFailure());
    }

    /** Events that could not be published yet: they stay in the order's outbox for the reconciler. */
    static void published(String account, String orderId, RuntimeException failure) {
        if (failure != null) {
            Log.warn("events.publish_failed", ids(account, orderId, null), failure);
        }
    }

    /** A job that could not be sent: the return is stored and due, and the reconciler sends it later. */
    private static void enqueued(String account, String orderId, String returnId, RuntimeException failure) {
        if (failure != null) {
            Log.warn("refund.enqueue_failed", ids(account, orderId, returnId), failure);
        }
    }

    static Map<String, Object> ids(String account, String orderId, String returnId) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("account", account);
        fields.put("orderId", orderId);
        if (returnId != null) {
            fields.put("returnId", returnId);
        }
        return fields;
    }
}
