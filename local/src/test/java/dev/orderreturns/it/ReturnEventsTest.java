package dev.orderreturns.it;

import com.fasterxml.jackson.jr.ob.JSON;
import dev.orderreturns.aws.AwsClients;
import dev.orderreturns.domain.Order;
import dev.orderreturns.domain.Reconciler;
import dev.orderreturns.domain.RecordingRefundQueue;
import dev.orderreturns.domain.RetrySchedule;
import dev.orderreturns.events.eventbridge.EventBridgeReturnEvents;
import dev.orderreturns.local.LocalResources;
import dev.orderreturns.local.LocalStack;
import dev.orderreturns.local.faults.StoreAndQueueFaults;
import dev.orderreturns.queue.sqs.SqsRefundQueue;
import dev.orderreturns.store.dynamodb.DynamoDbDueOrders;
import dev.orderreturns.store.dynamodb.DynamoDbOrderStore;
import dev.orderreturns.store.dynamodb.DynamoDbRefundClaims;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.sqs.model.Message;

import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every status change of a return reaches the stack's bus and, through the template's rule, the
 * inventory system's queue; a publish that fails leaves the event in its order's outbox, and the
 * reconciler publishes it once it has waited more than {@link Reconciler#GRACE}, changing nothing
 * else. Consumers are told each event id at least once.
 */
@Tag("integration")
class ReturnEventsTest {

    private static final String ORDER = "1234567890-01";
    private static LocalStack stack;
    private static Http http;
    private static DynamoDbOrderStore store;
    private static String table;
    private static String inventoryQueue;
    private static EventBridgeClient eventBridge;
    private Operator operator;

    @BeforeAll
    static void start() {
        stack = LocalStack.shared();
        http = new Http(stack.baseUrl());
        table = stack.resources().tableName("OrdersTable");
        store = new DynamoDbOrderStore(stack.resources().dynamoDb(), table);
        inventoryQueue = stack.resources().queueUrl("InventoryEventsQueue");
        // the functions' own client, built the same way, on the endpoint the stack gives them
        eventBridge = AwsClients.build(EventBridgeClient.builder(),
                URI.create(stack.configuration().get("EVENTBRIDGE_ENDPOINT")), Region.of(LocalResources.REGION),
                StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")));
    }

    @AfterAll
    static void closeClient() {
        if (eventBridge != null) eventBridge.close();
    }

    @BeforeEach
    void importOrder() {
        operator = new Operator(http);
        operator.importOrder(ORDER);
    }

    @AfterEach
    void disarm() {
        stack.eventBridge().faults().clear();
    }

    /** This account's events on the bus, in order, from GET /_local/events. */
    @SuppressWarnings("unchecked")
    private List<Map<String, Object>> busEvents() {
        Http.Response answer = http.get("/_local/events", null);
        assertEquals(200, answer.status(), answer.body());
        return ((List<Map<String, Object>>) answer.json().get("events")).stream()
                .filter(e -> operator.account.equals(((Map<String, Object>) e.get("detail")).get("account"))).toList();
    }

    /**
     * The messages of the inventory queue for this account, waiting until {@code expected} came and
     * then a second more for any extra. Every message read is deleted, whoever's it is: tests run one
     * after the other, and each keeps only its own account's.
     */
    @SuppressWarnings("unchecked")
    private List<Map<String, Object>> inventoryMessages(int expected) {
        List<Map<String, Object>> mine = new ArrayList<>();
        long deadline = System.nanoTime() + 20_000_000_000L;
        long quietUntil = Long.MAX_VALUE;
        while (System.nanoTime() < Math.min(deadline, quietUntil)) {
            for (Message m : stack.resources().sqs().receiveMessage(b -> b.queueUrl(inventoryQueue)
                    .maxNumberOfMessages(10).waitTimeSeconds(1)).messages()) {
                stack.resources().sqs().deleteMessage(b -> b.queueUrl(inventoryQueue).receiptHandle(m.receiptHandle()));
                Map<String, Object> body;
                try {
                    body = JSON.std.mapFrom(m.body());
                } catch (IOException e) {
                    throw new AssertionError("the inventory queue got a message that is not JSON: " + m.body(), e);
                }
                if (operator.account.equals(((Map<String, Object>) body.get("detail")).get("account"))) {
                    mine.add(body);
                }
            }
            if (mine.size() >= expected && quietUntil == Long.MAX_VALUE) {
                quietUntil = System.nanoTime() + 1_000_000_000L;
            }
        }
        return mine;
    }

    /** The first event (or message) of each detail.eventId, in order: what a deduplicating consumer keeps. */
    private static List<Map<String, Object>> firstOfEach(List<Map<String, Object>> events) {
        Set<Object> seen = new HashSet<>();
        return events.stream().filter(e -> seen.add(detail(e, "eventId"))).toList();
    }

    @SuppressWarnings("unchecked")
    private static Object detail(Map<String, Object> event, String field) {
        return ((Map<String, Object>) event.get("detail")).get(field);
    }

    @Test
    @SuppressWarnings("unchecked")
    void everyStatusChangeIsOnTheBusAndTheInventoryQueueGetsWhatItsRuleNames() {
        String refunded = (String) operator.returnItem(ORDER, 0, 1, "RET-E1").get("returnId");
        operator.awaitStatus(ORDER, refunded, "REFUNDED");
        Samples.awaitIdleRefundQueue(); // the fault is for this return's refund, nobody else's
        Operator.fault(http, "payments", "refund-manually", 1);
        String manual = (String) operator.returnItem(ORDER, 1, 1, "RET-E2").get("returnId");
        operator.awaitStatus(ORDER, manual, "MANUAL_REFUND_REQUIRED");

        // The refund processor publishes right after the write the status is read from: wait for it.
        // At least once: the submit publishes after the enqueue, so the processor may publish the same
        // ReturnRecorded again from the outbox; consumers tell repeats by eventId, and so does this test.
        List<Map<String, Object>> all = busEvents();
        for (long deadline = System.nanoTime() + 10_000_000_000L;
             firstOfEach(all).size() < 4 && System.nanoTime() < deadline; ) {
            Samples.pause(100);
            all = busEvents();
        }
        List<Map<String, Object>> events = firstOfEach(all);
        for (Map<String, Object> repeat : all) {
            Map<String, Object> first = events.stream().filter(e -> detail(e, "eventId").equals(detail(repeat,
                    "eventId"))).findFirst().orElseThrow();
            assertEquals(first.get("detail"), repeat.get("detail"), "a repeat tells the same change");
            assertEquals(first.get("detailType"), repeat.get("detailType"));
        }
        assertEquals(List.of(
                        List.of(refunded, "ReturnRecorded", "PENDING"), List.of(refunded, "RefundCompleted", "REFUNDED"),
                        List.of(manual, "ReturnRecorded", "PENDING"),
                        List.of(manual, "ManualRefundRequired", "MANUAL_REFUND_REQUIRED")),
                events.stream().map(e -> List.of(detail(e, "returnId"), e.get("detailType"), detail(e, "status")))
                        .toList(), "in the order they happened: " + events);
        Set<Object> ids = new HashSet<>();
        for (Map<String, Object> event : all) {
            assertTrue(ids.add(event.get("id")), "the bus gives each event it takes an id of its own: " + all);
        }
        for (Map<String, Object> event : events) {
            assertEquals("order-returns", event.get("source"));
            assertNotNull(event.get("id"));
            assertTrue(Instant.parse((String) event.get("time")).isAfter(Instant.now().minusSeconds(120)));
            Map<String, Object> detail = (Map<String, Object>) event.get("detail");
            assertEquals(List.of("eventId", "account", "orderId", "returnId", "status", "refund", "at"),
                    List.copyOf(detail.keySet()));
            assertEquals(ORDER, detail.get("orderId"));
        }
        Map<String, Object> completed = (Map<String, Object>) events.get(1).get("detail");
        assertEquals(4500, ((Map<String, Object>) completed.get("refund")).get("total"),
                "one shirt, billed at 45.00");

        // The rule: source order-returns, ReturnRecorded and RefundCompleted only, each the whole envelope.
        List<Map<String, Object>> delivered = firstOfEach(inventoryMessages(3));
        assertEquals(List.of(List.of(refunded, "ReturnRecorded"), List.of(refunded, "RefundCompleted"),
                        List.of(manual, "ReturnRecorded")),
                delivered.stream().map(m -> List.of(detail(m, "returnId"), m.get("detail-type"))).toList());
        for (Map<String, Object> message : delivered) {
            assertEquals(List.of("version", "id", "detail-type", "source", "account", "time", "region", "resources",
                    "detail"), List.copyOf(message.keySet()));
            Map<String, Object> onBus = all.stream().filter(e -> e.get("id").equals(message.get("id")))
                    .findFirst().orElseThrow(() -> new AssertionError("not an event of the bus: " + message));
            assertEquals(onBus.get("detail"), message.get("detail"));
            assertEquals(onBus.get("time"), message.get("time"));
            assertEquals(LocalResources.ACCOUNT_ID, message.get("account"));
        }
    }

    /**
     * The bus fails the function's publish (its SDK's retries included), and the enqueue is lost too,
     * so no later write of the order publishes it: the event waits in the outbox. The reconciler, once
     * it is more than two minutes old, publishes it; the consumer sees its id, and the order is as it
     * was apart from the outbox.
     */
    @Test
    @SuppressWarnings("unchecked")
    void aPublishThatFailsIsPublishedLaterFromTheOutboxChangingNothingElse() throws Exception {
        // The faults are the whole stack's: wait until no earlier refund work is left, arm a few more
        // than needed (the stack's own reconciler may publish or send meanwhile), disarm once done.
        Samples.awaitIdleRefundQueue();
        Operator.fault(http, "events", "error", 5);
        Operator.fault(http, "queue", "error", 5);
        String returnId;
        try {
            returnId = (String) operator.returnItem(ORDER, 0, 1, "RET-E3").get("returnId");
        } finally {
            stack.eventBridge().faults().clear();
            StoreAndQueueFaults.of(stack.functions()).clear();
        }

        Order waiting = store.find(operator.account, ORDER).orElseThrow();
        assertEquals(List.of("ReturnRecorded"), waiting.outbox().stream().map(e -> e.kind().name()).toList(),
                "the publish failed: the event waits in the order");
        String eventId = waiting.outbox().getFirst().eventId();
        assertEquals(List.of(), busEvents(), "nothing reached the bus");
        Map<String, Object> before = storedDocument();

        // The reconciler as it runs three minutes from now, publishing through the same local bus.
        Clock later = Clock.fixed(Instant.now().plus(Reconciler.GRACE).plusSeconds(60), ZoneOffset.UTC);
        RecordingRefundQueue jobs = new RecordingRefundQueue(); // so that nobody pays the return meanwhile
        Reconciler reconciler = new Reconciler(new DynamoDbDueOrders(stack.resources().dynamoDb(), table), store, jobs,
                new DynamoDbRefundClaims(stack.resources().dynamoDb(), table),
                new EventBridgeReturnEvents(eventBridge, stack.configuration().get("EVENT_BUS_NAME")), later,
                RetrySchedule.DEFAULT);
        Reconciler.Summary summary = reconciler.run();
        assertTrue(summary.published() >= 1, summary.toString());
        assertTrue(summary.orderTroubles().stream().noneMatch(t -> operator.account.equals(t.account())),
                summary.orderTroubles().toString());

        List<Map<String, Object>> events = busEvents();
        assertEquals(List.of(eventId), events.stream().map(e -> detail(e, "eventId")).toList());
        assertEquals("ReturnRecorded", events.getFirst().get("detailType"));
        assertEquals(returnId, detail(events.getFirst(), "returnId"));
        List<Map<String, Object>> delivered = inventoryMessages(1);
        assertEquals(List.of(eventId), delivered.stream().map(m -> detail(m, "eventId")).toList());

        Order published = store.find(operator.account, ORDER).orElseThrow();
        assertEquals(List.of(), published.outbox());
        assertEquals(waiting.version() + 1, published.version(), "one write: the outbox emptied");
        assertEquals(withoutOutbox(before), withoutOutbox(storedDocument()), "nothing else changed");

        // Its job, lost at submit, as the reconciler sent it: the refund completes and is told too.
        assertTrue(jobs.jobs.stream().anyMatch(j -> j.returnId().equals(returnId)), jobs.jobs.toString());
        new SqsRefundQueue(stack.resources().sqs(), stack.resources().queueUrl("RefundQueue"))
                .send(new dev.orderreturns.domain.RefundJob(operator.account, ORDER, returnId));
        operator.awaitStatus(ORDER, returnId, "REFUNDED");
        List<Map<String, Object>> completed = inventoryMessages(1);
        assertEquals(List.of("RefundCompleted"), completed.stream().map(m -> m.get("detail-type")).toList());
        assertTrue(busEvents().stream().map(e -> detail(e, "eventId")).toList().contains(detail(completed.getFirst(),
                "eventId")));
    }

    /** The order's stored document, as DynamoDB holds it. */
    private Map<String, Object> storedDocument() throws IOException {
        Map<String, AttributeValue> item = stack.resources().dynamoDb().getItem(b -> b.tableName(table).consistentRead(true)
                .key(Map.of("pk", AttributeValue.fromS(DynamoDbOrderStore.key(operator.account, ORDER))))).item();
        return JSON.std.mapFrom(item.get("doc").s());
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> withoutOutbox(Map<String, Object> document) {
        Map<String, Object> copy = new LinkedHashMap<>(document);
        copy.put("returns", ((List<Map<String, Object>>) document.get("returns")).stream().map(r -> {
            Map<String, Object> ret = new LinkedHashMap<>(r);
            ret.remove("outbox");
            return ret;
        }).toList());
        return copy;
    }
}
