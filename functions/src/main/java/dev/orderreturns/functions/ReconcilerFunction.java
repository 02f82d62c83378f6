package dev.orderreturns.functions;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import dev.orderreturns.domain.Reconciler;
import dev.orderreturns.functions.report.ReconcilerReport;
import dev.orderreturns.log.Log;

import java.util.Map;

/**
 * Runs on a schedule: re-enqueues overdue refunds, fails those past the budget, returns a summary.
 * The EventBridge scheduled event says nothing the run needs, so it is taken as a plain map: the
 * Lambda event library's {@code ScheduledEvent} would bring joda-time into the jar for its
 * {@code time} field.
 */
public final class ReconcilerFunction implements RequestHandler<Map<String, Object>, Map<String, Object>> {

    private final Reconciler reconciler;

    public ReconcilerFunction() {
        this(Wiring.reconciler());
    }

    public ReconcilerFunction(Reconciler reconciler) {
        this.reconciler = reconciler;
    }

    @Override
    public Map<String, Object> handleRequest(Map<String, Object> event, Context context) {
        // The run's lines and metrics carry the invocation's awsRequestId.
        try (Log.Scope scope = Log.begin(context == null ? null : context.getFunctionName(),
                context == null ? null : context.getAwsRequestId())) {
            Reconciler.Summary summary = reconciler.run();
            ReconcilerReport.run(summary);
            return summary.toMap();
        }
    }
}
