package dev.orderreturns.queue.sqs;

import com.fasterxml.jackson.jr.ob.JSON;
import dev.orderreturns.domain.RefundJob;
import dev.orderreturns.domain.RefundQueue;
import software.amazon.awssdk.services.sqs.SqsClient;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Refund jobs as SQS messages {@code {account, orderId, returnId}}. A wake-up for later is the same
 * message with {@code DelaySeconds} (at most 900, SQS's limit, which is also the retry schedule's
 * longest wait), rounded up so it is never delivered before the return is due.
 */
public final class SqsRefundQueue implements RefundQueue {

    static final long MAX_DELAY_SECONDS = 900;

    private final SqsClient sqs;
    private final String queueUrl;
    private final Clock clock;

    public SqsRefundQueue(SqsClient sqs, String queueUrl) {
        this(sqs, queueUrl, Clock.systemUTC());
    }

    public SqsRefundQueue(SqsClient sqs, String queueUrl, Clock clock) {
        this.sqs = sqs;
        this.queueUrl = queueUrl;
        this.clock = clock;
    }

    @Override
    public void send(RefundJob job) {
        sqs.sendMessage(b -> b.queueUrl(queueUrl).messageBody(body(job)));
    }

    @Override
    public void send(RefundJob job, Instant notBefore) {
        int delay = (int) delaySeconds(Duration.between(clock.instant(), notBefore));
        sqs.sendMessage(b -> b.queueUrl(queueUrl).messageBody(body(job)).delaySeconds(delay));
    }

    /** Whole seconds, rounded up, between 0 and SQS's maximum delay. */
    static long delaySeconds(Duration wait) {
        long millis = Math.max(wait.toMillis(), 0);
        return Math.min((millis + 999) / 1000, MAX_DELAY_SECONDS);
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
