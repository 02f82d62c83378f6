package dev.orderreturns.local.events;

import com.fasterxml.jackson.jr.ob.JSON;
import dev.orderreturns.aws.AwsClients;
import dev.orderreturns.local.EmbeddedSqs;
import dev.orderreturns.local.LocalResources;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.EventBridgeException;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequestEntry;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResponse;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResultEntry;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The local EventBridge as the AWS SDK for Java talks to it (the functions' client, built the same
 * way), with a rule delivering to a queue of a real ElasticMQ: the PutEvents answers, what it
 * refuses whole and per entry, the events it keeps, what reaches the queue, and the fault.
 */
@Tag("integration")
class LocalEventBridgeTest {

    private static final String BUS = "returns-bus";
    private static EmbeddedSqs sqsServer;
    private static SqsClient sqs;
    private static String queueUrl;
    private static LocalEventBridge bridge;
    /** HTTP attempts the client made per call (its invocation id), seen before each is sent. */
    private static final Map<String, AtomicInteger> attempts = new ConcurrentHashMap<>();
    private static EventBridgeClient client;

    @BeforeAll
    static void start() {
        sqsServer = EmbeddedSqs.start();
        sqs = LocalResources.sqsClient(sqsServer.endpoint());
        queueUrl = sqs.createQueue(b -> b.queueName("Inventory")).queueUrl();
        EventRules.Rule rule = new EventRules.Rule("InventoryRule", "InventoryRule", BUS, EventPattern.parse(Map.of(
                "source", List.of("order-returns"), "detail-type", List.of("ReturnRecorded", "RefundCompleted"))),
                List.of(new EventRules.Target("inventory", "Inventory", queueUrl)));
        bridge = LocalEventBridge.start(List.of(BUS), List.of(rule), sqs, Clock.systemUTC());
        client = AwsClients.build(EventBridgeClient.builder().overrideConfiguration(c -> c.addExecutionInterceptor(
                        new ExecutionInterceptor() {
                            @Override
                            public void beforeTransmission(Context.BeforeTransmission context,
                                                           ExecutionAttributes attributes) {
                                String id = context.httpRequest().firstMatchingHeader("amz-sdk-invocation-id")
                                        .orElse("none");
                                attempts.computeIfAbsent(id, k -> new AtomicInteger()).incrementAndGet();
                            }
                        })),
                URI.create(bridge.endpoint()), Region.of(LocalResources.REGION),
                StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")));
    }

    @AfterAll
    static void stop() {
        if (client != null) client.close();
        if (bridge != null) bridge.close();
        if (sqs != null) sqs.close();
        if (sqsServer != null) sqsServer.close();
    }

    @BeforeEach
    void disarm() {
        bridge.faults().clear();
        attempts.clear();
    }

    private static PutEventsRequestEntry entry(String detailType, String detail) {
        return PutEventsRequestEntry.builder().eventBusName(BUS).source("order-returns").detailType(detailType)
                .detail(detail).build();
    }

    private static List<BusEvent> eventsSince(int before) {
        List<BusEvent> all = bridge.events();
        return all.subList(before, all.size());
    }

    /**
     * The messages of the queue whose detail.eventId is one of {@code eventIds}, waiting until
     * {@code expected} of them came (then a second more, for any extra); every message read is deleted.
     */
    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> delivered(int expected, String... eventIds) {
        List<Map<String, Object>> bodies = new ArrayList<>();
        long deadline = System.nanoTime() + 10_000_000_000L;
        long quietUntil = Long.MAX_VALUE;
        while (System.nanoTime() < Math.min(deadline, quietUntil)) {
            for (Message m : sqs.receiveMessage(b -> b.queueUrl(queueUrl).maxNumberOfMessages(10)
                    .waitTimeSeconds(1)).messages()) {
                Map<String, Object> body;
                try {
                    body = JSON.std.with(JSON.Feature.USE_BIG_DECIMAL_FOR_FLOATS).mapFrom(m.body());
                } catch (IOException e) {
                    throw new AssertionError(m.body(), e);
                }
                sqs.deleteMessage(b -> b.queueUrl(queueUrl).receiptHandle(m.receiptHandle()));
                if (java.util.Arrays.asList(eventIds).contains(((Map<String, Object>) body.get("detail")).get("eventId"))) {
                    bodies.add(body);
                }
            }
            if (bodies.size() >= expected && quietUntil == Long.MAX_VALUE) {
                quietUntil = System.nanoTime() + 1_000_000_000L;
            }
        }
        return bodies;
    }

    @Test
    @SuppressWarnings("unchecked")
    void putEventsAnswersEachEntryKeepsTheEventsInOrderAndDeliversTheMatchingOnes() {
        int before = bridge.events().size();
        Instant at = Instant.parse("2026-03-01T10:15:30.250Z");
        PutEventsResponse response = client.putEvents(b -> b.entries(
                entry("ReturnRecorded", "{\"eventId\":\"r1.1\",\"refund\":{\"total\":7500}}").toBuilder().time(at)
                        .resources("arn:aws:example:thing").build(),
                entry("ManualRefundRequired", "{\"eventId\":\"r1.2\"}"),
                entry("RefundCompleted", "{\"eventId\":\"r1.3\",\"amount\":12.50}")));

        assertEquals(0, response.failedEntryCount());
        assertEquals(3, response.entries().size());
        List<BusEvent> kept = eventsSince(before);
        assertEquals(response.entries().stream().map(PutEventsResultEntry::eventId).toList(),
                kept.stream().map(BusEvent::id).toList(), "kept in order, under the ids answered");
        assertEquals(List.of("r1.1", "r1.2", "r1.3"), kept.stream().map(e -> e.detail().get("eventId")).toList());
        assertEquals("2026-03-01T10:15:30Z", kept.getFirst().timeText(), "the entry's Time, to the second");
        assertEquals(Map.of("total", 7500), kept.getFirst().detail().get("refund"), "detail is an object");

        Map<String, Object> listed = (Map<String, Object>) ((List<Object>) bridge.eventsJson().get("events"))
                .get(before);
        assertEquals(Set.of("id", "source", "detailType", "detail", "time"), listed.keySet());
        assertEquals("ReturnRecorded", listed.get("detailType"));
        assertTrue(listed.get("detail") instanceof Map<?, ?>);

        // The rule takes ReturnRecorded and RefundCompleted, each as the whole envelope, in order.
        List<Map<String, Object>> delivered = delivered(2, "r1.1", "r1.2", "r1.3");
        assertEquals(2, delivered.size(), delivered.toString());
        Map<String, Object> first = delivered.getFirst();
        assertEquals(List.of("version", "id", "detail-type", "source", "account", "time", "region", "resources",
                "detail"), List.copyOf(first.keySet()));
        assertEquals(kept.getFirst().id(), first.get("id"));
        assertEquals("ReturnRecorded", first.get("detail-type"));
        assertEquals("order-returns", first.get("source"));
        assertEquals(LocalResources.ACCOUNT_ID, first.get("account"));
        assertEquals(LocalResources.REGION, first.get("region"));
        assertEquals("2026-03-01T10:15:30Z", first.get("time"));
        assertEquals(List.of("arn:aws:example:thing"), first.get("resources"));
        assertEquals("r1.1", ((Map<String, Object>) first.get("detail")).get("eventId"));
        assertEquals("RefundCompleted", delivered.get(1).get("detail-type"));
        assertEquals(new java.math.BigDecimal("12.50"), ((Map<String, Object>) delivered.get(1).get("detail")).get("amount"),
                "the detail is passed on as sent");
    }

    @Test
    void eachEntryIsCheckedOnItsOwnAsEventBridgeDoes() {
        int before = bridge.events().size();
        PutEventsResponse response = client.putEvents(b -> b.entries(
                entry("ReturnRecorded", "{\"eventId\":\"ok-1\"}").toBuilder().eventBusName("no-such-bus").build(),
                entry("ReturnRecorded", "{\"eventId\":\"ok-2\"}"),
                entry("ReturnRecorded", "{\"eventId\":\"ok-3\"}").toBuilder().source(null).build(),
                entry(null, "{\"eventId\":\"ok-4\"}"),
                entry("ReturnRecorded", null),
                entry("ReturnRecorded", "[1, 2]"),
                entry("ReturnRecorded", "{not json"),
                entry("ReturnRecorded", "{\"eventId\":\"ok-8\"}").toBuilder()
                        .eventBusName(LocalResources.eventBusArn(BUS)).build(),
                entry("ReturnRecorded", "{\"eventId\":\"ok-9\"}").toBuilder().eventBusName(null).build()));

        assertEquals(6, response.failedEntryCount());
        List<String> codes = response.entries().stream().map(PutEventsResultEntry::errorCode).toList();
        assertEquals(java.util.Arrays.asList("ResourceNotFoundException", null, "InvalidArgument", "InvalidArgument",
                "InvalidArgument", "MalformedDetail", "MalformedDetail", null, null), codes);
        assertTrue(response.entries().getFirst().errorMessage().contains("no-such-bus"));
        for (PutEventsResultEntry result : response.entries()) {
            assertTrue((result.eventId() == null) != (result.errorCode() == null), result.toString());
            assertTrue((result.errorCode() == null) == (result.errorMessage() == null), result.toString());
        }
        // the bus by its ARN, and the account's default bus when none is named, take theirs
        assertEquals(List.of("ok-2", "ok-8", "ok-9"), eventsSince(before).stream()
                .map(e -> e.detail().get("eventId")).toList());
        assertEquals(List.of(BUS, BUS, "default"), eventsSince(before).stream().map(BusEvent::bus).toList());
    }

    @Test
    void moreThanTenEntriesOrOver256KbAreRefusedWholeAndNothingIsKept() {
        int before = bridge.events().size();
        List<PutEventsRequestEntry> eleven = Collections.nCopies(11, entry("ReturnRecorded", "{}"));
        EventBridgeException tooMany = assertThrows(EventBridgeException.class,
                () -> client.putEvents(b -> b.entries(eleven)));
        assertEquals(400, tooMany.statusCode());
        assertEquals("ValidationException", tooMany.awsErrorDetails().errorCode());

        // EventBridge's size: Source + DetailType + Detail bytes (+ 14 for a Time): 256 KB in all is the most
        int overhead = "order-returns".length() + "ReturnRecorded".length() + "{\"p\":\"\"}".length();
        String exact = "{\"p\":\"" + "x".repeat(128 * 1024 - overhead) + "\"}";
        PutEventsResponse atTheLimit = client.putEvents(b -> b.entries(entry("ReturnRecorded", exact),
                entry("ReturnRecorded", exact)));
        assertEquals(0, atTheLimit.failedEntryCount());
        String oneMore = "{\"p\":\"" + "x".repeat(128 * 1024 - overhead + 1) + "\"}";
        EventBridgeException tooBig = assertThrows(EventBridgeException.class,
                () -> client.putEvents(b -> b.entries(entry("ReturnRecorded", exact), entry("ReturnRecorded", oneMore))));
        assertEquals(400, tooBig.statusCode());
        assertEquals("ValidationException", tooBig.awsErrorDetails().errorCode());
        assertEquals(before + 2, bridge.events().size(), "only the two at the limit were kept");
    }

    /**
     * An armed fault fails a whole SDK call: the SDK retries the 500 on its own, and every attempt of
     * that call fails too, so the caller gets the exception, nothing is kept or delivered, and the next
     * call goes through.
     */
    @Test
    void aFaultFailsTheNextCallsWholeWithEveryRetryOfThem() {
        int before = bridge.events().size();
        bridge.faults().failCalls(2);
        for (int call = 1; call <= 2; call++) {
            EventBridgeException failed = assertThrows(EventBridgeException.class,
                    () -> client.putEvents(b -> b.entries(entry("ReturnRecorded", "{\"eventId\":\"lost\"}"))));
            assertEquals(500, failed.statusCode());
            assertEquals("InternalException", failed.awsErrorDetails().errorCode());
        }
        assertEquals(2, attempts.size(), "two calls");
        System.out.println("HTTP attempts per failed SDK call: " + attempts.values());
        for (AtomicInteger tries : attempts.values()) {
            assertTrue(tries.get() > 1, "the SDK retried the 500, and its retries failed as well: " + attempts);
        }
        assertEquals(0, bridge.faults().pending());
        assertEquals(before, bridge.events().size(), "nothing kept from a failed call");

        PutEventsResponse next = client.putEvents(b -> b.entries(entry("ReturnRecorded", "{\"eventId\":\"kept\"}")));
        assertEquals(0, next.failedEntryCount());
        assertEquals(List.of("kept"), eventsSince(before).stream().map(e -> e.detail().get("eventId")).toList());
        List<Map<String, Object>> delivered = delivered(1, "lost", "kept");
        assertEquals(List.of("kept"), delivered.stream().map(m -> ((Map<?, ?>) m.get("detail")).get("eventId"))
                .toList(), "only the event of the call that went through is delivered");
    }

    @Test
    void onlyPutEventsIsAnsweredAndARequestWithoutAnSdkCallIdIsACallOfItsOwn() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<String> other = http.send(HttpRequest.newBuilder(URI.create(bridge.endpoint() + "/"))
                .header("x-amz-target", "AWSEvents.ListRules").header("content-type", "application/x-amz-json-1.1")
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(400, other.statusCode());
        assertEquals("UnknownOperationException", JSON.std.mapFrom(other.body()).get("__type"));

        bridge.faults().failCalls(1);
        String body = "{\"Entries\":[{\"Source\":\"s\",\"DetailType\":\"t\",\"Detail\":\"{}\",\"EventBusName\":\""
                + BUS + "\"}]}";
        HttpRequest put = HttpRequest.newBuilder(URI.create(bridge.endpoint() + "/"))
                .header("x-amz-target", LocalEventBridge.TARGET).header("content-type", "application/x-amz-json-1.1")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        HttpResponse<String> failed = http.send(put, HttpResponse.BodyHandlers.ofString());
        assertEquals(500, failed.statusCode());
        assertEquals("InternalException", failed.headers().firstValue("x-amzn-ErrorType").orElse(null));
        HttpResponse<String> passed = http.send(put, HttpResponse.BodyHandlers.ofString());
        assertEquals(200, passed.statusCode(), passed.body());
        Map<String, Object> answer = JSON.std.mapFrom(passed.body());
        assertEquals(0, answer.get("FailedEntryCount"));
        assertNotNull(((Map<?, ?>) ((List<?>) answer.get("Entries")).getFirst()).get("EventId"));
        assertNull(((Map<?, ?>) ((List<?>) answer.get("Entries")).getFirst()).get("ErrorCode"));

        HttpResponse<String> notJson = http.send(HttpRequest.newBuilder(URI.create(bridge.endpoint() + "/"))
                .header("x-amz-target", LocalEventBridge.TARGET).POST(HttpRequest.BodyPublishers.ofString("{nope"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(400, notJson.statusCode());
        assertEquals("SerializationException", JSON.std.mapFrom(notJson.body()).get("__type"));
    }
}
