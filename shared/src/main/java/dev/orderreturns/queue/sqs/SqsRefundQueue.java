package dev.orderreturns.queue.sqs;

import com.fasterxml.jackson.jr.ob.JSON;
import dev.orderreturns.domain.RefundJob;
import dev.orderreturns.domain.RefundQueue;
import software.amazon.awssdk.services.sqs.SqsClient;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;

/** Refund jobs as SQS messages {@code {account, orderId, returnId}}. */
public final class SqsRefundQueue implements RefundQueue {

    private final SqsClient sqs;
    private final String queueUrl;

    public SqsRefundQueue(SqsClient sqs, String queueUrl) {
        this.sqs = sqs;
        this.queueUrl = queueUrl;
    }

    @Override
    public void send(RefundJob job) {
        sqs.sendMessage(b -> b.queueUrl(queueUrl).messageBody(body(job)));
    }

    public static String body(RefundJob job) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("account", job.account());
        m.put("orderId", job.orderId());
        m.put("returnId", job.returnId());
        try {
            return JSON.std.asString(m);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
