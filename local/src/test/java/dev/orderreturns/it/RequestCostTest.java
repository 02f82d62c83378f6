package dev.orderreturns.it;

import dev.orderreturns.domain.Order;
import dev.orderreturns.domain.OrderReturn;
import dev.orderreturns.domain.RefundStatus;
import dev.orderreturns.local.LocalStack;
import dev.orderreturns.store.dynamodb.DynamoDbOrderStore;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * What a return and its refund cost in AWS calls on the happy path, counted by an SDK interceptor
 * ({@link CallCounter}) on the local stack's functions: the figures the bill in the README is
 * built from. A change that adds a call fails here and has to say why.
 */
@Tag("integration")
class RequestCostTest {

    private static final String ORDER = "1234567890-01";

    @Test
    void aSubmittedReturnAndItsRefundCostTheseCallsAndNoMore() {
        LocalStack stack = LocalStack.shared();
        Http http = new Http(stack.baseUrl());
        String account = Samples.newAccount();
        String token = Tokens.token(http, account);
        Http.Response imported = http.send("PUT", "/orders/" + ORDER, token, Samples.orderBody());
        assertEquals(201, imported.status(), imported.body());
        Samples.awaitIdleRefundQueue();

        CallCounter.record(account);
        Http.Response created = http.send("POST", "/orders/" + ORDER + "/returns", token,
                Samples.body("post-return.json"));
        assertEquals(201, created.status(), created.body());
        String returnId = (String) created.json().get("returnId");
        awaitRefundedAndTold(stack, account, returnId);
        List<CallCounter.Call> calls = CallCounter.stop();

        Map<String, Long> counted = calls.stream().collect(Collectors.groupingBy(
                c -> c.functionId() + " " + c.operation(), TreeMap::new, Collectors.counting()));
        Map<String, Long> expected = new TreeMap<>(Map.of(
                // submit: read the order; write it with the return, its index entries and its
                // ReturnRecorded event; send the refund job; publish the event; take it out of the outbox
                "WriteApiFunction DynamoDb.GetItem", 1L,
                "WriteApiFunction DynamoDb.PutItem", 2L,
                "WriteApiFunction Sqs.SendMessage", 1L,
                "WriteApiFunction EventBridge.PutEvents", 1L,
                // refund: read the order; take the claim (a small item); save both parts' answers
                // with the RefundCompleted event; publish it; take it out of the outbox; drop the claim
                "RefundProcessorFunction DynamoDb.GetItem", 1L,
                "RefundProcessorFunction DynamoDb.PutItem", 3L,
                "RefundProcessorFunction DynamoDb.DeleteItem", 1L,
                "RefundProcessorFunction EventBridge.PutEvents", 1L));
        assertEquals(expected, counted, () -> calls.stream().map(c -> c.functionId() + " " + c.operation())
                .collect(Collectors.joining("\n")));
    }

    /** Polls the table from the test's thread (not counted) until the refund is recorded and told. */
    private static void awaitRefundedAndTold(LocalStack stack, String account, String returnId) {
        DynamoDbOrderStore store = new DynamoDbOrderStore(stack.resources().dynamoDb(),
                stack.resources().tableName("OrdersTable"));
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        Order order = null;
        while (System.nanoTime() < deadline) {
            order = store.find(account, ORDER).orElseThrow();
            OrderReturn ret = order.returns().find(returnId).orElseThrow();
            if (ret.status() == RefundStatus.REFUNDED && order.outbox().isEmpty()) {
                Samples.pause(500); // anything the functions would still do after that shows in the counts
                return;
            }
            Samples.pause(50);
        }
        fail("the refund of " + returnId + " was not recorded and told in 30 s: " + order);
    }

}
