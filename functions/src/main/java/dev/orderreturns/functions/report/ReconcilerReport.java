package dev.orderreturns.functions.report;

import dev.orderreturns.domain.Reconciler;
import dev.orderreturns.log.Log;
import dev.orderreturns.log.Metrics;
import dev.orderreturns.log.Metrics.Metric;

import java.util.Map;

/** Log lines and metrics for one reconciler run. */
public final class ReconcilerReport {

    private ReconcilerReport() {
    }

    public static void run(Reconciler.Summary summary) {
        for (Reconciler.Trouble trouble : summary.orderTroubles()) {
            Log.error("reconciler.order_failed", DeskReport.ids(trouble.account(), trouble.orderId(), null),
                    trouble.error());
        }
        for (Reconciler.Trouble trouble : summary.enqueueTroubles()) {
            Log.warn("reconciler.enqueue_failed", DeskReport.ids(trouble.account(), trouble.orderId(),
                    trouble.returnId()), trouble.error());
        }
        Log.info("reconciler.run", summary.toMap());
        // Every run, zeros included, so the metrics have data and alarms on them never sit in
        // INSUFFICIENT_DATA. Returns marked FAILED here also count as FailedRefunds.
        Metrics.emit(Map.of(), Metric.count("ReconcilerFound", summary.found()),
                Metric.count("ReconcilerReenqueued", summary.reenqueued()),
                Metric.count("ReconcilerFailed", summary.failed()),
                Metric.count("ReconcilerSkipped", summary.skipped()),
                Metric.count("ReconcilerPublished", summary.published()),
                Metric.count("FailedRefunds", summary.failed()));
    }
}
