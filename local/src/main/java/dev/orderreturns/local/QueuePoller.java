package dev.orderreturns.local;

import com.fasterxml.jackson.jr.ob.JSON;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * Lambda's SQS event source mapping, locally: receives batches of up to the template's BatchSize,
 * invokes the function with an SQS event, and deletes the messages it did not report as failed
 * ({@code ReportBatchItemFailures}; without it, a batch succeeds or fails whole). Failed messages
 * stay on the queue, come back after its visibility timeout, and ElasticMQ moves them to the
 * dead-letter queue after the redrive policy's receive count.
 */
final class QueuePoller implements AutoCloseable {

    private final SqsClient sqs;
    private final String queueUrl;
    private final String queueArn;
    private final LocalFunctions functions;
    private final String functionId;
    private final int batchSize;
    private final boolean partialFailures;
    private final ExecutorService pollers;
    private volatile boolean running = true;

    QueuePoller(SqsClient sqs, String queueUrl, String queueArn, LocalFunctions functions, String functionId,
                int batchSize, boolean partialFailures, int concurrency) {
        this.sqs = sqs;
        this.queueUrl = queueUrl;
        this.queueArn = queueArn;
        this.functions = functions;
        this.functionId = functionId;
        this.batchSize = Math.max(1, Math.min(batchSize, 10));
        this.partialFailures = partialFailures;
        this.pollers = Executors.newFixedThreadPool(concurrency, r -> {
            Thread t = new Thread(r, "sqs-poller-" + functionId);
            t.setDaemon(true);
            return t;
        });
        for (int i = 0; i < concurrency; i++) {
            pollers.submit(this::poll);
        }
    }

    private void poll() {
        while (running) {
            try {
                List<Message> messages = sqs.receiveMessage(b -> b.queueUrl(queueUrl).maxNumberOfMessages(batchSize)
                        .waitTimeSeconds(1).messageSystemAttributeNames(MessageSystemAttributeName.ALL)
                        .messageAttributeNames("All")).messages();
                if (!messages.isEmpty()) {
                    deliver(messages);
                }
            } catch (RuntimeException e) {
                if (!running) {
                    return;
                }
                System.err.println("local: polling " + queueUrl + " failed: " + e.getMessage());
                sleep(1000);
            }
        }
    }

    private void deliver(List<Message> messages) {
        Set<String> failed = new HashSet<>();
        try {
            byte[] answer = functions.invoke(functionId, JSON.std.asBytes(event(messages)));
            if (partialFailures) {
                Object parsed = answer == null ? null : JSON.std.anyFrom(answer);
                if (parsed instanceof Map<?, ?> map && map.get("batchItemFailures") instanceof List<?> list) {
                    for (Object f : list) {
                        if (f instanceof Map<?, ?> item && item.get("itemIdentifier") != null) {
                            failed.add(item.get("itemIdentifier").toString());
                        }
                    }
                }
            }
        } catch (RuntimeException | IOException e) {
            // The invocation failed: as in Lambda, the whole batch comes back after the visibility timeout.
            System.err.println("local: " + functionId + " failed on a batch of " + messages.size() + ": " + e.getMessage());
            return;
        }
        List<DeleteMessageBatchRequestEntry> done = new ArrayList<>();
        for (Message m : messages) {
            if (!failed.contains(m.messageId())) {
                done.add(DeleteMessageBatchRequestEntry.builder().id(Integer.toString(done.size()))
                        .receiptHandle(m.receiptHandle()).build());
            }
        }
        if (!done.isEmpty()) {
            sqs.deleteMessageBatch(b -> b.queueUrl(queueUrl).entries(done));
        }
    }

    /** The SQS event Lambda would send for this batch. */
    private Map<String, Object> event(List<Message> messages) {
        List<Object> records = new ArrayList<>();
        for (Message m : messages) {
            Map<String, Object> attributes = new LinkedHashMap<>();
            m.attributes().forEach((name, value) -> attributes.put(name.toString(), value));
            Map<String, Object> record = new LinkedHashMap<>();
            record.put("messageId", m.messageId());
            record.put("receiptHandle", m.receiptHandle());
            record.put("body", m.body());
            record.put("attributes", attributes);
            record.put("messageAttributes", Map.of());
            record.put("md5OfBody", m.md5OfBody());
            record.put("eventSource", "aws:sqs");
            record.put("eventSourceARN", queueArn);
            record.put("awsRegion", LocalResources.REGION);
            records.add(record);
        }
        return Map.of("Records", records);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        running = false;
        pollers.shutdown();
        try {
            if (!pollers.awaitTermination(5, TimeUnit.SECONDS)) {
                pollers.shutdownNow();
            }
        } catch (InterruptedException e) {
            pollers.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
