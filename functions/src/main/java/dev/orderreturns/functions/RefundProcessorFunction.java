package dev.orderreturns.functions;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.fasterxml.jackson.jr.ob.JSON;
import dev.orderreturns.domain.RefundJob;
import dev.orderreturns.domain.Refunder;
import dev.orderreturns.log.Log;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Consumes refund jobs {@code {account, orderId, returnId}} from SQS in batches and reports only
 * the messages that failed ({@code ReportBatchItemFailures}), so one bad message never fails its
 * batch-mates. A job that must be retried, or can never succeed (it then reaches the dead-letter
 * queue after the queue's receive count), is reported failed.
 */
public final class RefundProcessorFunction implements RequestHandler<SQSEvent, SQSBatchResponse> {

    private static final Pattern ID = Pattern.compile("[A-Za-z0-9._-]{1,100}");

    private final Refunder refunder;
    private final Duration jobBudget;

    public RefundProcessorFunction() {
        this(Wiring.refunder(), Wiring.refundJobBudget());
    }

    /** @param jobBudget the longest one job can take; a job is not started with less time left */
    public RefundProcessorFunction(Refunder refunder, Duration jobBudget) {
        this.refunder = refunder;
        this.jobBudget = jobBudget;
    }

    @Override
    public SQSBatchResponse handleRequest(SQSEvent event, Context context) {
        List<SQSBatchResponse.BatchItemFailure> failures = new ArrayList<>();
        if (event == null || event.getRecords() == null) {
            return new SQSBatchResponse(failures);
        }
        String function = context == null ? null : context.getFunctionName();
        for (SQSEvent.SQSMessage message : event.getRecords()) {
            // A job started without time to finish would be cut off by the function's timeout and
            // fail the whole batch: leave it (and the rest) for the next delivery instead.
            if (context != null && context.getRemainingTimeInMillis() < jobBudget.toMillis()) {
                try (Log.Scope scope = Log.begin(function, message.getMessageId())) {
                    Log.info("refund.job_deferred", Map.of("remainingMillis", context.getRemainingTimeInMillis()));
                }
                failures.add(SQSBatchResponse.BatchItemFailure.builder()
                        .withItemIdentifier(message.getMessageId()).build());
                continue;
            }
            boolean done;
            // One context per message: its lines, the domain's included, carry its SQS messageId.
            try (Log.Scope scope = Log.begin(function, message.getMessageId())) {
                done = handle(message);
            }
            if (!done) {
                failures.add(SQSBatchResponse.BatchItemFailure.builder()
                        .withItemIdentifier(message.getMessageId()).build());
            }
        }
        return new SQSBatchResponse(failures);
    }

    /** True when the message is done with (refunded, manual, nothing to do). */
    private boolean handle(SQSEvent.SQSMessage message) {
        Map<String, Object> fields = new LinkedHashMap<>();
        String receiveCount = message.getAttributes() == null ? null
                : message.getAttributes().get("ApproximateReceiveCount");
        if (receiveCount != null) {
            fields.put("receiveCount", receiveCount);
        }
        RefundJob job = parse(message.getBody());
        if (job == null) {
            // Never the body: it is not what we expect, so nobody knows what it holds.
            Log.warn("refund.malformed_job", fields, null);
            return false;
        }
        Log.identify(job.account(), job.orderId(), job.returnId());
        try {
            Refunder.Result result = refunder.process(job);
            fields.put("result", result.name());
            Log.info("refund.job_processed", fields);
            return result == Refunder.Result.DONE || result == Refunder.Result.NOTHING_TO_DO;
        } catch (RuntimeException e) {
            Log.error("refund.job_failed", fields, e);
            return false;
        }
    }

    static RefundJob parse(String body) {
        if (body == null) {
            return null;
        }
        try {
            Object value = JSON.std.anyFrom(body);
            if (!(value instanceof Map<?, ?> map)) {
                return null;
            }
            Object account = map.get("account");
            Object orderId = map.get("orderId");
            Object returnId = map.get("returnId");
            if (!(account instanceof String a) || !(orderId instanceof String o) || !(returnId instanceof String r)
                    || !ID.matcher(a).matches() || !ID.matcher(o).matches() || !ID.matcher(r).matches()) {
                return null;
            }
            return new RefundJob(a, o, r);
        } catch (IOException e) {
            return null;
        }
    }
}
