package dev.orderreturns.functions.report;

import dev.orderreturns.domain.OrderReturn;
import dev.orderreturns.domain.RefundJob;
import dev.orderreturns.domain.Refunder;
import dev.orderreturns.log.Log;
import dev.orderreturns.log.Metrics;
import dev.orderreturns.log.Metrics.Metric;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Log lines and metrics for one refund job's outcome: what it settled (RefundsCompleted,
 * ManualRefunds, FailedRefunds) or that the job comes back (RefundRetries), and RefundAmount, the
 * money this attempt paid back, so each payment counts once however many attempts it takes.
 */
public final class RefundReport {

    private RefundReport() {
    }

    public static void outcome(RefundJob job, Refunder.Outcome outcome) {
        OrderReturn ret = outcome.orderReturn();
        Map<String, Object> fields = DeskReport.ids(job.account(), job.orderId(), job.returnId());
        if (outcome.eventsFailure() != null) {
            DeskReport.published(job.account(), job.orderId(), outcome.eventsFailure());
        }
        if (outcome.wakeUpFailure() != null) {
            Log.warn("refund.wake_up_failed", DeskReport.ids(job.account(), job.orderId(), job.returnId()),
                    outcome.wakeUpFailure());
        }
        if (ret != null) {
            fields.put("status", ret.status().name());
        }
        switch (outcome.result()) {
            case UNKNOWN_RETURN -> Log.warn("refund.unknown_return", fields, null);
            case NOTHING_TO_DO -> Log.info("refund.nothing_to_do", fields);
            case NOT_DUE -> {
                fields.put("dueAt", String.valueOf(ret.dueAt()));
                Log.info("refund.not_due", fields);
            }
            case BUSY -> Log.info("refund.busy", fields);
            default -> {
                if (outcome.failure() != null) {
                    // The answers could not be recorded; the wake-up asks the providers again by requestId.
                    Log.warn("refund.not_recorded", fields, outcome.failure());
                    Metrics.emit(DeskReport.ids(job.account(), job.orderId(), job.returnId()),
                            Metric.count("RefundRetries"));
                    return;
                }
                recorded(fields, outcome);
            }
        }
    }

    private static void recorded(Map<String, Object> fields, Refunder.Outcome outcome) {
        OrderReturn ret = outcome.orderReturn();
        Map<String, Object> properties = new java.util.LinkedHashMap<>(fields);
        fields.put("chargeback", ret.plan().chargeback().minorUnits());
        fields.put("giftCard", ret.plan().giftCard().minorUnits());
        fields.put("currency", ret.plan().currency());
        fields.put("attempts", ret.attempts());
        if (ret.dueAt() != null) {
            fields.put("dueAt", ret.dueAt().toString());
        }
        Log.info("refund." + ret.status().name().toLowerCase(), fields);

        List<Metric> metrics = new ArrayList<>();
        switch (ret.status()) {
            case REFUNDED -> metrics.add(Metric.count("RefundsCompleted"));
            case MANUAL_REFUND_REQUIRED -> metrics.add(Metric.count("ManualRefunds"));
            case FAILED -> metrics.add(Metric.count("FailedRefunds"));
            default -> {
                if (outcome.result() == Refunder.Result.RETRY_LATER) {
                    metrics.add(Metric.count("RefundRetries"));
                }
            }
        }
        if (outcome.paidNow().isPositive()) {
            metrics.add(Metric.amount("RefundAmount", outcome.paidNow().minorUnits()));
        }
        // A property, not a dimension: one metric for all currencies keeps the metric count fixed.
        properties.put("Currency", ret.plan().currency());
        Metrics.emit(properties, metrics.toArray(Metric[]::new));
    }
}
