package dev.orderreturns.functions;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.orderreturns.domain.FakeGiftCardProvider;
import dev.orderreturns.domain.FakePaymentProvider;
import dev.orderreturns.domain.Fixtures;
import dev.orderreturns.domain.InMemoryOrderStore;
import dev.orderreturns.domain.InMemoryRefundClaims;
import dev.orderreturns.domain.MutableClock;
import dev.orderreturns.domain.Order;
import dev.orderreturns.domain.RecordingRefundQueue;
import dev.orderreturns.domain.RefundJob;
import dev.orderreturns.domain.Refunder;
import dev.orderreturns.domain.RetrySchedule;
import dev.orderreturns.queue.sqs.SqsRefundQueue;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * What the refund processor tells SQS: a job it handled is done (deleted) whatever the provider
 * said, because the refunder enqueues its own wake-up for a retry; only a job that can never
 * succeed is reported failed (to reach the dead-letter queue after its receives), and one whose
 * wake-up could not be enqueued (so the queue brings it back instead).
 */
class RefundProcessorFunctionTest {

    private InMemoryOrderStore store;
    private RecordingRefundQueue queue;
    private FakePaymentProvider payments;
    private RefundProcessorFunction processor;

    @BeforeEach
    void setUp() {
        store = new InMemoryOrderStore();
        queue = new RecordingRefundQueue();
        payments = new FakePaymentProvider();
        MutableClock clock = new MutableClock(Fixtures.NOW);
        Refunder refunder = new Refunder(store, payments, new FakeGiftCardProvider(), queue,
                new InMemoryRefundClaims(), dev.orderreturns.domain.Outbox.UNHEARD, clock, RetrySchedule.DEFAULT, Duration.ofSeconds(45));
        processor = new RefundProcessorFunction(refunder, Duration.ofSeconds(45));
        Order order = Fixtures.standardOrder();
        Fixtures.submit(order, "ret-1", Fixtures.request("RET-1", 0, Fixtures.units(1, 1)));
        store.save(order, 0);
    }

    private static SQSEvent event(String... bodies) {
        List<SQSEvent.SQSMessage> messages = new ArrayList<>();
        for (int i = 0; i < bodies.length; i++) {
            SQSEvent.SQSMessage message = new SQSEvent.SQSMessage();
            message.setMessageId("m-" + i);
            message.setBody(bodies[i]);
            messages.add(message);
        }
        SQSEvent event = new SQSEvent();
        event.setRecords(messages);
        return event;
    }

    private static List<String> failed(SQSBatchResponse response) {
        return response.getBatchItemFailures().stream().map(SQSBatchResponse.BatchItemFailure::getItemIdentifier)
                .toList();
    }

    private static String job(String orderId, String returnId) {
        return SqsRefundQueue.body(new RefundJob(Fixtures.ACCOUNT, orderId, returnId));
    }

    @Test
    void aProviderFailureIsNotAFailedMessageTheRefunderEnqueuedItsOwnWakeUp() {
        payments.script.retry("payments 503");
        SQSBatchResponse response = processor.handleRequest(event(job(Fixtures.ORDER_ID, "ret-1")), null);
        assertEquals(List.of(), failed(response), "a provider outage never walks a job to the DLQ");
        assertEquals(1, queue.wakeUps.size());
    }

    @Test
    void onlyJobsThatCanNeverSucceedAreReportedFailed() {
        SQSBatchResponse response = processor.handleRequest(event("{not json", job("ORD-404", "ret-1"),
                job(Fixtures.ORDER_ID, "ret-404"), job(Fixtures.ORDER_ID, "ret-1")), null);
        assertEquals(List.of("m-0", "m-1", "m-2"), failed(response));
        assertEquals(1, payments.ledger.size(), "the good job in the same batch was paid");
    }

    @Test
    void aWakeUpThatCannotBeEnqueuedLeavesTheMessageToComeBack() {
        payments.script.retry("payments 503");
        queue.failWith = new IllegalStateException("SQS unavailable");
        SQSBatchResponse response = processor.handleRequest(event(job(Fixtures.ORDER_ID, "ret-1")), null);
        assertEquals(List.of("m-0"), failed(response));
    }
}
