package dev.orderreturns.functions;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.orderreturns.domain.RefundJob;
import dev.orderreturns.domain.Refunder;
import dev.orderreturns.functions.body.RefundJobBody;
import dev.orderreturns.functions.report.RefundReport;
import dev.orderreturns.log.Log;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Consumes refund jobs {@code {account, orderId, returnId}} from SQS in batches and reports only
 * the messages that failed ({@code ReportBatchItemFailures}), so one bad message never fails its
 * batch-mates. The refunder owns retry timing (it enqueues its own delayed wake-ups), so a job is
 * done with once handled, whatever the provider said; only a job that can never succeed (malformed,
 * unknown return) is reported failed, to reach the dead-letter queue, and one whose wake-up could
 * not be enqueued, to come back after the visibility timeout instead.
 */
public final class RefundProcessorFunction implements RequestHandler<SQSEvent, SQSBatchResponse>, RequestStreamHandler {

    private final Refunder refunder;
    private final Duration jobBudget;

    /** What Lambda instantiates: the deployed wiring, and SnapStart's hooks (see {@link Priming}). */
    public RefundProcessorFunction() {
        this(Wiring.refunder(), Wiring.refundJobBudget());
        Priming.register(Priming.Paths.REFUNDS);
    }

    /** @param jobBudget the longest one job can take; a job is not started with less time left */
    public RefundProcessorFunction(Refunder refunder, Duration jobBudget) {
        this.refunder = refunder;
        this.jobBudget = jobBudget;
    }

    /** What Lambda calls: the batch read and the answer written by {@link LambdaJson}, not by the runtime. */
    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        LambdaJson.write(handleRequest(LambdaJson.sqsEvent(input), context), output);
    }

    @Override
    public SQSBatchResponse handleRequest(SQSEvent event, Context context) {
        List<SQSBatchResponse.BatchItemFailure> failures = new ArrayList<>();
        String function = context == null ? null : context.getFunctionName();
        for (SQSEvent.SQSMessage message : event == null || event.getRecords() == null
                ? List.<SQSEvent.SQSMessage>of() : event.getRecords()) {
            // One context per message: its lines carry its SQS messageId.
            try (Log.Scope scope = Log.begin(function, message.getMessageId())) {
                if (!handle(message, context)) {
                    failures.add(SQSBatchResponse.BatchItemFailure.builder()
                            .withItemIdentifier(message.getMessageId()).build());
                }
            }
        }
        return new SQSBatchResponse(failures);
    }

    /** True when the message is done with (refunded, manual, nothing to do). */
    private boolean handle(SQSEvent.SQSMessage message, Context context) {
        // A job started without time to finish would be cut off by the function's timeout and
        // fail the whole batch: leave it for the next delivery instead.
        if (context != null && context.getRemainingTimeInMillis() < jobBudget.toMillis()) {
            Log.info("refund.job_deferred", Map.of("remainingMillis", context.getRemainingTimeInMillis()));
            return false;
        }
        Map<String, Object> fields = new LinkedHashMap<>();
        String receiveCount = message.getAttributes() == null ? null
                : message.getAttributes().get("ApproximateReceiveCount");
        if (receiveCount != null) {
            fields.put("receiveCount", receiveCount);
        }
        RefundJob job = RefundJobBody.parse(message.getBody());
        if (job == null) {
            // Never the body: it is not what we expect, so nobody knows what it holds.
            Log.warn("refund.malformed_job", fields, null);
            return false;
        }
        Log.identify(job.account(), job.orderId(), job.returnId());
        try {
            Refunder.Outcome outcome = refunder.process(job);
            RefundReport.outcome(job, outcome);
            fields.put("result", outcome.result().name());
            Log.info("refund.job_processed", fields);
            return outcome.result() != Refunder.Result.UNKNOWN_RETURN && outcome.wakeUpFailure() == null;
        } catch (RuntimeException e) {
            Log.error("refund.job_failed", fields, e);
            return false;
        }
    }
}
