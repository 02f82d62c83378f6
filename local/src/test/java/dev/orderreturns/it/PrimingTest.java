package dev.orderreturns.it;

import dev.orderreturns.functions.Priming;
import dev.orderreturns.functions.ReadApiFunction;
import dev.orderreturns.functions.RefundProcessorFunction;
import dev.orderreturns.functions.WriteApiFunction;
import dev.orderreturns.local.LocalStack;
import dev.orderreturns.local.events.BusEvent;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * SnapStart priming against the local stack: each function's hooks (before the snapshot, after a
 * restore) run the function's request paths through the real SDK clients, and nothing results:
 * no request is sent, no item is written, no message or event published, no provider called, no
 * log line or metric written.
 */
@Tag("integration")
class PrimingTest {

    /** Priming renames the samples' account to this; anything it wrote would carry it. */
    private static final String ACCOUNT = "priming";
    private static final String SAMPLE_RETURN = "ret-00000000000000000000000000";

    @Test
    void theSubmitHandlerPrimesImportAndSubmitAndWritesNothing() {
        Priming.Primed primed = primeAndCheckNothingWritten("WriteApiFunction", WriteApiFunction.class,
                Map.of("DynamoDb.GetItem", 2L, "DynamoDb.PutItem", 3L, "Sqs.SendMessage", 1L,
                        "EventBridge.PutEvents", 1L));
        assertEquals(List.of("PUT /orders/{orderId} 201", "POST /orders/{orderId}/returns 201"), primed.answers());
    }

    @Test
    void theReadHandlerPrimesTheOrderTheReturnAndTheListAndWritesNothing() {
        Priming.Primed primed = primeAndCheckNothingWritten("ReadApiFunction", ReadApiFunction.class,
                Map.of("DynamoDb.GetItem", 5L, "DynamoDb.PutItem", 3L, "DynamoDb.Query", 1L,
                        "DynamoDb.BatchGetItem", 1L, "Sqs.SendMessage", 1L, "EventBridge.PutEvents", 1L));
        assertEquals(List.of("PUT /orders/{orderId} 201", "POST /orders/{orderId}/returns 201",
                "GET /orders/{orderId} 200", "GET /orders/{orderId}/returns/{returnId} 200", "GET /returns 200"),
                primed.answers());
    }

    @Test
    void theRefundProcessorPrimesAPaidRefundAndWritesNothing() {
        Priming.Primed primed = primeAndCheckNothingWritten("RefundProcessorFunction", RefundProcessorFunction.class,
                Map.of("DynamoDb.GetItem", 3L, "DynamoDb.PutItem", 6L, "DynamoDb.DeleteItem", 1L,
                        "Sqs.SendMessage", 1L, "EventBridge.PutEvents", 2L));
        // the sample batch's second message is malformed on purpose: reported failed, as deployed
        assertEquals(List.of("PUT /orders/{orderId} 201", "POST /orders/{orderId}/returns 201",
                "SQS batch, messages reported failed: 1"), primed.answers());
    }

    private static Priming.Primed primeAndCheckNothingWritten(String functionId, Class<?> function,
                                                            Map<String, Long> expectedCalls) {
        LocalStack stack = LocalStack.shared();
        stack.functions().handler(functionId); // instantiated as Lambda would: its hooks are registered
        Priming priming = Priming.registeredFor(function).orElseThrow();
        Http http = new Http(stack.baseUrl());

        PrintStream out = System.out;
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        CallCounter.watch(Thread.currentThread());
        CallCounter.Watched watched;
        try {
            System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
            priming.beforeCheckpoint(null);
            priming.afterRestore(null);
        } finally {
            System.setOut(out);
            watched = CallCounter.unwatch();
        }
        Priming.Primed primed = priming.lastPrimed();

        Map<String, Long> started = new TreeMap<>();
        watched.started().forEach(call -> started.merge(call, 1L, Long::sum));
        assertEquals(new TreeMap<>(expectedCalls), started, "the SDK calls the priming built");
        assertEquals(0, watched.sent(), "requests sent by the priming: " + watched.started());
        assertEquals(watched.started().size(), primed.requestsStopped(), "every request stopped before it was sent");

        // whatever would have been sent would have shown by now (the stack's pollers deliver within a second)
        Samples.pause(1500);
        assertEquals(0, itemsOfThePrimingAccount(stack).count(), () -> "items: " + itemsOfThePrimingAccount(stack).items());
        List<BusEvent> told = stack.eventBridge().events().stream()
                .filter(e -> ACCOUNT.equals(e.detail().get("account"))).toList();
        assertTrue(told.isEmpty(), "events published: " + told);
        Http.Response ledger = http.send("GET", "/_local/ledger", null, (String) null);
        assertEquals(200, ledger.status());
        assertFalse(ledger.body().contains(SAMPLE_RETURN.substring(4)) || ledger.body().contains(ACCOUNT),
                "provider calls: " + ledger.body());
        String lines = printed.toString(StandardCharsets.UTF_8);
        assertFalse(lines.contains(ACCOUNT) || lines.contains(SAMPLE_RETURN), "lines written: " + lines);
        return primed;
    }

    /** Orders and claims of the priming account: the only keys a primed write could have. */
    private static ScanResponse itemsOfThePrimingAccount(LocalStack stack) {
        return stack.resources().dynamoDb().scan(b -> b.tableName(stack.resources().tableName("OrdersTable"))
                .consistentRead(true).filterExpression("contains(pk, :account)")
                .expressionAttributeValues(Map.of(":account", AttributeValue.fromS("#" + ACCOUNT + "#"))));
    }

}
