package dev.orderreturns.it;

import com.fasterxml.jackson.jr.ob.JSON;
import dev.orderreturns.domain.ConcurrentUpdate;
import dev.orderreturns.domain.DueOrders;
import dev.orderreturns.domain.Invoice;
import dev.orderreturns.domain.InvoiceLine;
import dev.orderreturns.domain.InvoiceType;
import dev.orderreturns.domain.Order;
import dev.orderreturns.domain.OrderDetails;
import dev.orderreturns.domain.RecordingRefundQueue;
import dev.orderreturns.domain.OrderItem;
import dev.orderreturns.domain.OrderReturn;
import dev.orderreturns.domain.OrderTotals;
import dev.orderreturns.domain.Payment;
import dev.orderreturns.domain.Refusal;
import dev.orderreturns.domain.RefundStatus;
import dev.orderreturns.domain.RetrySchedule;
import dev.orderreturns.domain.ReturnDesk;
import dev.orderreturns.domain.ReturnEvents;
import dev.orderreturns.domain.ReturnRequest;
import dev.orderreturns.functions.view.OrderView;
import dev.orderreturns.local.LocalStack;
import dev.orderreturns.queue.sqs.SqsRefundQueue;
import dev.orderreturns.store.dynamodb.DynamoDbDueOrders;
import dev.orderreturns.store.dynamodb.DynamoDbOrderStore;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The DynamoDB store and SQS queue adapters against dynalite and ElasticMQ (no mocks). */
@Tag("integration")
class StorageAndQueueTest {

    private static DynamoDbClient dynamo;
    private static SqsClient sqs;
    private static String table;
    private static String queueUrl;
    private static DynamoDbOrderStore store;

    @BeforeAll
    static void start() {
        LocalStack stack = LocalStack.shared();
        dynamo = stack.resources().dynamoDb();
        sqs = stack.resources().sqs();
        table = stack.resources().tableName("OrdersTable");
        queueUrl = stack.resources().queueUrl("RefundQueue");
        store = new DynamoDbOrderStore(dynamo, table);
    }

    private static Order order(String account, String orderId) {
        Instant now = Instant.parse("2026-01-05T10:00:00Z");
        List<OrderItem> items = List.of(new OrderItem(0, "u0", "sku-1", "Shirt", 2, 5000, 4500),
                new OrderItem(1, "u1", "sku-2", "Socks", 3, 1000, 900));
        Invoice sale = new Invoice(InvoiceType.OUTPUT, "NF-1", "2026-01-04", 2000 + 9000 + 2700,
                List.of(new InvoiceLine(0, null, 2, 4500), new InvoiceLine(1, null, 3, 900)), "inv-1", null, null, now);
        return Order.imported(account, orderId, new OrderDetails("invoiced", "2026-01-01", "USD", items,
                new OrderTotals(13000, 2000, -1300, 0), List.of(new Payment("tx-1", "pay-1", "Visa", 13700)),
                "someone@example.com"), List.of(sale), now);
    }

    private static String account() {
        return "acct-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /**
     * A bus that takes nothing: a return's event stays in its order's outbox, so each accepted return
     * is one write. (A bus that takes it adds a second write, taking it out of the outbox, which
     * concurrent writers may or may not win: these tests count writes.)
     */
    private static final ReturnEvents NOBODY_LISTENS = (order, events) -> Set.of();

    private static ReturnDesk desk(dev.orderreturns.domain.RefundQueue queue) {
        return new ReturnDesk(store, queue, NOBODY_LISTENS, Clock.systemUTC(),
                () -> UUID.randomUUID().toString().replace("-", ""), RetrySchedule.DEFAULT);
    }

    private static ReturnRequest oneSock(String invoiceNumber) {
        return new ReturnRequest(List.of(new ReturnRequest.Units(1, 1)), 0, null, invoiceNumber, "too small");
    }

    @Test
    void anOrderRoundTripsWholeAndIsScopedByAccount() throws Exception {
        String account = account();
        Order order = order(account, "o-1");
        store.save(order, 0);
        assertEquals(1, order.version());
        desk(new RecordingRefundQueue()).submitReturn(account, "o-1", oneSock("RET-1"), "key-1", "fp", "operator");

        Order read = store.find(account, "o-1").orElseThrow();
        assertEquals(2, read.version());
        assertEquals(JSON.std.asString(OrderView.of(desk(new RecordingRefundQueue()).order(account, "o-1"))),
                JSON.std.asString(OrderView.of(read)), "what is read is what was written");
        assertEquals(1, read.returns().size());
        assertEquals("someone@example.com", read.customerEmail());
        assertTrue(read.idempotencyRecord("key-1").isPresent());
        assertTrue(store.find(account(), "o-1").isEmpty(), "another account does not see it");
        Map<String, AttributeValue> item = dynamo.getItem(b -> b.tableName(table)
                .key(Map.of("pk", AttributeValue.fromS(DynamoDbOrderStore.key(account, "o-1"))))).item();
        assertEquals("2", item.get("version").n());
        assertNotNull(item.get("dueShard"), "a PENDING return puts the order in the due index");
        assertEquals(1, read.outbox().size(), "its ReturnRecorded waits in the outbox, stored with it");
    }

    @Test
    void aStaleVersionIsRefusedAndWritesNothing() {
        String account = account();
        store.save(order(account, "o-2"), 0);
        Order first = store.find(account, "o-2").orElseThrow();
        Order second = store.find(account, "o-2").orElseThrow();
        first.submitReturn("ret-a", oneSock("RET-A"), "2026-01-06", "op", Instant.now());
        store.save(first, first.version());
        second.submitReturn("ret-b", oneSock("RET-B"), "2026-01-06", "op", Instant.now());
        assertThrows(ConcurrentUpdate.class, () -> store.save(second, 1));
        assertThrows(ConcurrentUpdate.class, () -> store.save(order(account, "o-2"), 0), "creating twice");
        Order stored = store.find(account, "o-2").orElseThrow();
        assertEquals(List.of("ret-a"), stored.returns().all().stream().map(OrderReturn::returnId).toList());
        assertEquals(2, stored.version());
    }

    @Test
    void anOrderThatWouldOutgrowOneItemIsRefusedClearly() {
        String account = account();
        store.save(order(account, "o-3"), 0);
        Refusal refusal = null;
        int stored = 0;
        // Grow the order (here with idempotency records, 200 per write) until it cannot take more.
        for (int i = 0; i < 5000 && refusal == null; i++) {
            try {
                Order o = store.find(account, "o-3").orElseThrow();
                for (int k = 0; k < 200; k++) {
                    o.rememberIdempotencyKey("key-" + i + "-" + k + "-" + "k".repeat(200),
                            new dev.orderreturns.domain.IdempotencyRecord("f".repeat(64), "ret-x", Instant.now()));
                }
                store.save(o, o.version());
                stored++;
            } catch (Refusal r) {
                refusal = r;
            }
        }
        assertNotNull(refusal, "the store refuses before DynamoDB's 400 KB limit");
        assertEquals(Refusal.Kind.TOO_LARGE, refusal.kind());
        assertEquals("order-too-large", refusal.type());
        assertTrue(stored > 0);
        assertEquals(stored + 1, store.find(account, "o-3").orElseThrow().version(), "the refused write wrote nothing");
    }

    @Test
    void submittingAReturnEnqueuesItsRefundJob() throws Exception {
        String account = account();
        store.save(order(account, "o-4"), 0);
        // A queue of its own: the local stack's refund processor consumes the template's queue.
        String probeQueue = sqs.createQueue(b -> b.queueName("probe-" + account)).queueUrl();
        var submitted = desk(new SqsRefundQueue(sqs, probeQueue)).submitReturn(account, "o-4", oneSock("RET-4"),
                null, "fp", "op");
        String returnId = submitted.submitted().returnId();
        Map<String, Object> job = null;
        for (int i = 0; i < 20 && job == null; i++) {
            for (Message m : sqs.receiveMessage(b -> b.queueUrl(probeQueue).maxNumberOfMessages(10).waitTimeSeconds(1))
                    .messages()) {
                Map<String, Object> body = JSON.std.mapFrom(m.body());
                if (returnId.equals(body.get("returnId"))) {
                    job = body;
                }
                sqs.deleteMessage(b -> b.queueUrl(probeQueue).receiptHandle(m.receiptHandle()));
            }
        }
        assertEquals(Map.of("account", account, "orderId", "o-4", "returnId", returnId), job);
    }

    @Test
    void whenTheQueueIsUnreachableTheReturnIsKeptPendingAndDue() {
        String account = account();
        store.save(order(account, "o-5"), 0);
        SqsRefundQueue broken = new SqsRefundQueue(sqs, queueUrl + "-does-not-exist");
        Instant before = Instant.now();
        var submitted = desk(broken).submitReturn(account, "o-5", oneSock("RET-5"), null, "fp", "op");
        OrderReturn stored = store.find(account, "o-5").orElseThrow()
                .returns().find(submitted.submitted().returnId()).orElseThrow();
        assertEquals(RefundStatus.PENDING, stored.status());
        assertNotNull(stored.dueAt());
        assertFalse(stored.dueAt().isBefore(before), "due at once");
        // The reconciler finds it through the due index once it is overdue.
        List<DueOrders.OrderKey> due = new DynamoDbDueOrders(dynamo, table)
                .dueBy(stored.dueAt().plusSeconds(1), 10_000);
        assertTrue(due.contains(new DueOrders.OrderKey(account, "o-5")), due.toString());
        assertFalse(new DynamoDbDueOrders(dynamo, table).dueBy(before, 10_000)
                .contains(new DueOrders.OrderKey(account, "o-5")), "not due before its time");
    }

    @Test
    void concurrentWritersReReadAndNeverWriteStaleData() throws Exception {
        String account = account();
        store.save(order(account, "o-6"), 0);
        ReturnDesk desk = desk(new RecordingRefundQueue());
        List<Thread> threads = new ArrayList<>();
        List<String> outcomes = java.util.Collections.synchronizedList(new ArrayList<>());
        for (int i = 0; i < 6; i++) {
            int n = i;
            threads.add(Thread.ofVirtual().start(() -> {
                try {
                    desk.submitReturn(account, "o-6", oneSock("RET-6-" + n), null, "fp" + n, "op");
                    outcomes.add("ok");
                } catch (Refusal r) {
                    outcomes.add(r.type());
                }
            }));
        }
        for (Thread t : threads) {
            t.join();
        }
        assertEquals(3, outcomes.stream().filter("ok"::equals).count(), outcomes.toString());
        assertEquals(3, outcomes.stream().filter("units-exceed-returnable"::equals).count(), outcomes.toString());
        Order stored = store.find(account, "o-6").orElseThrow();
        assertEquals(3, stored.returns().size());
        assertEquals(0, stored.returnableUnits(1));
        assertEquals(4, stored.version(), "one write per accepted return, none lost");
    }

    /**
     * No state exists in which a paid refund cannot be recorded: fill an order with returns until
     * the desk refuses the next one for size, then drive every open refund through its worst case
     * (transient failures with the longest error notes, providers answering the longest
     * references). Every save of that refund work must fit.
     */
    @Test
    void anOrderFilledToTheLimitAtSubmitCanStillRecordEveryRefundAtItsWorst() {
        String account = account();
        Instant now = Instant.parse("2026-01-05T10:00:00Z");
        // One item of 2,000 units with a long name: about 100 KB before any return.
        List<OrderItem> items = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            items.add(new OrderItem(i, "u" + i, "sku-" + i, "Name ".repeat(90) + i, 10, 100, 100));
        }
        List<InvoiceLine> lines = items.stream().map(i -> new InvoiceLine(i.index(), null, 10, 100)).toList();
        Invoice sale = new Invoice(InvoiceType.OUTPUT, "NF-1", "2026-01-04", 200_000, lines, "inv-1", null, null, now);
        store.save(Order.imported(account, "big", new OrderDetails("invoiced", "2026-01-01", "USD", items,
                new OrderTotals(200_000, 0, 0, 0), List.of(new Payment("tx-1", "pay-1", "Visa", 200_000)),
                "someone@example.com"), List.of(sale), now), 0);

        ReturnDesk desk = desk(new RecordingRefundQueue());
        List<String> returns = new ArrayList<>();
        Refusal full = null;
        for (int n = 0; n < 2000 && full == null; n++) {
            try {
                returns.add(desk.submitReturn(account, "big", new ReturnRequest(
                        List.of(new ReturnRequest.Units(n % 200, 1)), 0, null, "RET-" + n, "r".repeat(500)),
                        null, "fp", "op".repeat(50)).submitted().returnId());
            } catch (Refusal refusal) {
                full = refusal;
            }
        }
        assertNotNull(full, "the desk refuses once the order is full");
        assertEquals("order-too-large", full.type());
        assertTrue(returns.size() > 10, returns.size() + " returns fit");

        // Every provider answer at its longest: three transient failures, then a 5,000-character reference.
        java.util.concurrent.atomic.AtomicInteger calls = new java.util.concurrent.atomic.AtomicInteger();
        dev.orderreturns.domain.PaymentProvider worstCase = chargeback -> calls.incrementAndGet() % 4 != 0
                ? dev.orderreturns.domain.ProviderAnswer.retry("\u00e9".repeat(4000))
                : dev.orderreturns.domain.ProviderAnswer.paid("\u20ac".repeat(5000));
        dev.orderreturns.domain.MutableClock clock = new dev.orderreturns.domain.MutableClock(Instant.now());
        dev.orderreturns.domain.Refunder refunder = new dev.orderreturns.domain.Refunder(store, worstCase,
                new dev.orderreturns.domain.FakeGiftCardProvider(), new RecordingRefundQueue(),
                new dev.orderreturns.domain.InMemoryRefundClaims(), dev.orderreturns.domain.Outbox.UNHEARD, clock,
                dev.orderreturns.domain.RetrySchedule.DEFAULT, java.time.Duration.ofSeconds(45));
        for (String returnId : returns) {
            dev.orderreturns.domain.RefundJob job = new dev.orderreturns.domain.RefundJob(account, "big", returnId);
            for (int attempt = 0; attempt < 4; attempt++) {
                clock.advance(java.time.Duration.ofHours(1));
                dev.orderreturns.domain.Refunder.Outcome outcome = refunder.process(job);
                assertEquals(null, outcome.failure(), "recording refund work never fails: " + outcome.failure());
            }
        }
        Order stored = store.find(account, "big").orElseThrow();
        assertTrue(stored.returns().all().stream().allMatch(r -> r.status() == RefundStatus.REFUNDED),
                "every refund recorded");
        Map<String, AttributeValue> item = dynamo.getItem(b -> b.tableName(table)
                .key(Map.of("pk", AttributeValue.fromS(DynamoDbOrderStore.key(account, "big"))))).item();
        assertTrue(item.get("doc").s().length() < DynamoDbOrderStore.MAX_ITEM_BYTES);
    }

    /**
     * The lists and the export read their orders with BatchGetItem, which may leave keys unprocessed
     * (throttling, or more than 16 MB of answer): they are asked for again until every order is read.
     */
    @Test
    void ordersLeftUnprocessedByABatchReadAreReadInTheNextRound() {
        String account = account();
        List<String> ids = new java.util.ArrayList<>();
        for (int i = 0; i < 120; i++) { // more than one batch of 100
            ids.add("o-batch-" + i);
            store.save(order(account, "o-batch-" + i), 0);
        }
        java.util.concurrent.atomic.AtomicInteger batches = new java.util.concurrent.atomic.AtomicInteger();
        software.amazon.awssdk.core.interceptor.ExecutionInterceptor halving =
                new software.amazon.awssdk.core.interceptor.ExecutionInterceptor() {
                    @Override
                    public software.amazon.awssdk.core.SdkResponse modifyResponse(
                            software.amazon.awssdk.core.interceptor.Context.ModifyResponse context,
                            software.amazon.awssdk.core.interceptor.ExecutionAttributes attributes) {
                        if (!(context.response() instanceof software.amazon.awssdk.services.dynamodb.model
                                .BatchGetItemResponse response) || batches.incrementAndGet() > 3) {
                            return context.response();
                        }
                        // keep one item per answer; hand every other key back as unprocessed
                        List<Map<String, AttributeValue>> items = response.responses().getOrDefault(table, List.of());
                        if (items.size() <= 1) {
                            return response;
                        }
                        List<Map<String, AttributeValue>> unprocessed = items.subList(1, items.size()).stream()
                                .map(item -> Map.of("pk", item.get("pk"))).toList();
                        return response.toBuilder().responses(Map.of(table, items.subList(0, 1)))
                                .unprocessedKeys(Map.of(table, software.amazon.awssdk.services.dynamodb.model
                                        .KeysAndAttributes.builder().keys(unprocessed).consistentRead(true).build()))
                                .build();
                    }
                };
        DynamoDbClient stingy = DynamoDbClient.builder().region(software.amazon.awssdk.regions.Region.US_EAST_1)
                .endpointOverride(java.net.URI.create(LocalStack.shared().dynamoEndpoint()))
                .credentialsProvider(software.amazon.awssdk.auth.credentials.StaticCredentialsProvider.create(
                        software.amazon.awssdk.auth.credentials.AwsBasicCredentials.create("local", "local")))
                .httpClientBuilder(software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient.builder())
                .overrideConfiguration(c -> c.addExecutionInterceptor(halving)).build();

        List<Order> found = new DynamoDbOrderStore(stingy, table).findAll(account, ids);

        assertTrue(batches.get() > 3, "some keys were handed back: " + batches.get() + " calls");
        assertEquals(new java.util.TreeSet<>(ids), found.stream().map(Order::orderId)
                .collect(java.util.stream.Collectors.toCollection(java.util.TreeSet::new)));
    }

    /**
     * R8 when DynamoDB applied a write but its answer was lost: the SDK retries the PutItem, whose
     * condition now fails on the write itself. The desk recognises its own write by the return id it
     * chose, answers the return as created (not a 409 on its own invoice number) and enqueues it once.
     */
    @Test
    void aReturnWhoseWriteLandedButWhoseAnswerWasLostIsCreatedAndEnqueuedOnce() {
        String account = account();
        store.save(order(account, "o-lost"), 0);
        java.util.concurrent.atomic.AtomicBoolean loseNext = new java.util.concurrent.atomic.AtomicBoolean(true);
        software.amazon.awssdk.core.interceptor.ExecutionInterceptor losingAnswers =
                new software.amazon.awssdk.core.interceptor.ExecutionInterceptor() {
                    @Override
                    public software.amazon.awssdk.http.SdkHttpResponse modifyHttpResponse(
                            software.amazon.awssdk.core.interceptor.Context.ModifyHttpResponse context,
                            software.amazon.awssdk.core.interceptor.ExecutionAttributes attributes) {
                        boolean put = context.request() instanceof
                                software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
                        if (put && context.httpResponse().isSuccessful() && loseNext.compareAndSet(true, false)) {
                            // Applied, but the caller sees a server error, as if the answer never came.
                            return context.httpResponse().toBuilder().statusCode(500).build();
                        }
                        return context.httpResponse();
                    }
                };
        DynamoDbClient losing = DynamoDbClient.builder().region(software.amazon.awssdk.regions.Region.US_EAST_1)
                .endpointOverride(java.net.URI.create(LocalStack.shared().dynamoEndpoint()))
                .credentialsProvider(software.amazon.awssdk.auth.credentials.StaticCredentialsProvider.create(
                        software.amazon.awssdk.auth.credentials.AwsBasicCredentials.create("local", "local")))
                .httpClientBuilder(software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient.builder())
                .overrideConfiguration(c -> c.addExecutionInterceptor(losingAnswers)).build();
        RecordingRefundQueue queue = new RecordingRefundQueue();
        ReturnDesk desk = new ReturnDesk(new DynamoDbOrderStore(losing, table), queue, Clock.systemUTC(),
                () -> UUID.randomUUID().toString().replace("-", ""));

        var submitted = desk.submitReturn(account, "o-lost", oneSock("RET-L"), null, "fp", "op");

        assertFalse(loseNext.get(), "an answer was lost");
        assertFalse(submitted.replayed());
        Order stored = store.find(account, "o-lost").orElseThrow();
        assertEquals(1, stored.returns().size());
        assertEquals(List.of(new dev.orderreturns.domain.RefundJob(account, "o-lost",
                submitted.submitted().returnId())), queue.jobs, "enqueued once");
    }
}
