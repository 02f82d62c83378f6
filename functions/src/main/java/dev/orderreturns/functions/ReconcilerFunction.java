package dev.orderreturns.functions;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import dev.orderreturns.domain.Reconciler;
import dev.orderreturns.functions.report.ReconcilerReport;
import dev.orderreturns.log.Log;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Map;

/**
 * Runs on a schedule: re-enqueues overdue refunds, fails those past the budget, returns a summary.
 * The EventBridge scheduled event says nothing the run needs, so Lambda's call leaves it unread,
 * and the typed form takes it as a plain map (the event library's {@code ScheduledEvent} would
 * need joda-time for its {@code time} field).
 */
public final class ReconcilerFunction implements RequestHandler<Map<String, Object>, Map<String, Object>>,
        RequestStreamHandler {

    private final Reconciler reconciler;

    public ReconcilerFunction() {
        this(Wiring.reconciler());
    }

    public ReconcilerFunction(Reconciler reconciler) {
        this.reconciler = reconciler;
    }

    /** What Lambda calls: the summary written by {@link LambdaJson}, not by the runtime's serializer. */
    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        LambdaJson.writeJson(handleRequest(Map.of(), context), output);
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
