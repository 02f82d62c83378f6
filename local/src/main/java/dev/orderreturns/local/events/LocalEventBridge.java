package dev.orderreturns.local.events;

import com.fasterxml.jackson.jr.ob.JSON;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.orderreturns.local.LocalResources;
import dev.orderreturns.local.faults.EventBusFaults;
import software.amazon.awssdk.services.sqs.SqsClient;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * EventBridge for the local stack: its own HTTP server on loopback answering {@code PutEvents} as the
 * AWS SDK sends it (AWS JSON 1.1: a POST to {@code /} with {@code X-Amz-Target: AWSEvents.PutEvents}),
 * for the template's buses and the account's default bus. It validates what EventBridge validates
 * (1 to 10 entries and 256 KB a request, refused whole; per entry: Source, DetailType and a Detail
 * that is a JSON object, and a bus that exists), keeps every event it took in order (for
 * {@code GET /_local/events}), and delivers each one to the SQS targets of the template's rules it
 * matches ({@link EventRules}), after answering, in order, as EventBridge delivers: the message body
 * is the event envelope. {@link EventBusFaults} make calls fail whole with a 500.
 *
 * <p>Its own server rather than a path of the local HTTP API: the functions call it from inside
 * requests that API's bounded thread pool is running, so under load every one of those threads
 * could be waiting for a PutEvents answer that needs one of them; and an AWS endpoint of its own is
 * what the SDK expects (a POST to {@code /}), like DynamoDB's and SQS's.
 */
public final class LocalEventBridge implements AutoCloseable {

    public static final String TARGET = "AWSEvents.PutEvents";
    public static final int MAX_ENTRIES = 10;
    /** PutEvents' limit on the entries of one request, by EventBridge's own size calculation. */
    public static final int MAX_REQUEST_ENTRIES_BYTES = 256 * 1024;
    public static final String DEFAULT_BUS = "default";
    private static final int MAX_BODY_BYTES = 4 * 1024 * 1024;
    private static final String CONTENT_TYPE = "application/x-amz-json-1.1";
    private static final JSON JSON_IO = JSON.std.with(JSON.Feature.USE_BIG_DECIMAL_FOR_FLOATS);
    private static final int DELIVERY_ATTEMPTS = 3;

    private final Set<String> buses;
    private final List<EventRules.Rule> rules;
    private final SqsClient sqs;
    private final Clock clock;
    private final EventBusFaults faults = new EventBusFaults();
    private final List<BusEvent> events = new ArrayList<>();
    private final HttpServer server;
    private final ExecutorService handlers = Executors.newVirtualThreadPerTaskExecutor();
    /** One thread: deliveries leave in the order the events were taken. */
    private final ExecutorService delivery = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "local-eventbridge-delivery");
        t.setDaemon(true);
        return t;
    });

    private LocalEventBridge(Set<String> buses, List<EventRules.Rule> rules, SqsClient sqs, Clock clock)
            throws IOException {
        this.buses = buses;
        this.rules = rules;
        this.sqs = sqs;
        this.clock = clock;
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
        server.createContext("/", this::handle);
        server.setExecutor(handlers);
        server.start();
    }

    /**
     * Starts answering on a free loopback port for the default bus and {@code busNames}, delivering
     * through {@code sqs} to the targets of {@code rules}.
     */
    public static LocalEventBridge start(Iterable<String> busNames, List<EventRules.Rule> rules, SqsClient sqs,
                                         Clock clock) {
        Set<String> buses = new LinkedHashSet<>();
        buses.add(DEFAULT_BUS);
        busNames.forEach(buses::add);
        try {
            return new LocalEventBridge(Set.copyOf(buses), rules, sqs, clock);
        } catch (IOException e) {
            throw new IllegalStateException("the local EventBridge cannot listen on 127.0.0.1: " + e.getMessage(), e);
        }
    }

    /** The endpoint the functions' EventBridge client is pointed at ({@code EVENTBRIDGE_ENDPOINT}). */
    public String endpoint() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    public EventBusFaults faults() {
        return faults;
    }

    public List<EventRules.Rule> rules() {
        return rules;
    }

    /** Every event taken, in order. */
    public synchronized List<BusEvent> events() {
        return List.copyOf(events);
    }

    /** {@code GET /_local/events}: {@code {events: [{id, source, detailType, detail, time}]}}. */
    public Map<String, Object> eventsJson() {
        return Map.of("events", events().stream().map(BusEvent::toLocalJson).toList());
    }

    // --- the protocol ------------------------------------------------------------------------------

    /** An answer: the HTTP status and the JSON body; for an error, its code (the SDK's exception). */
    record Answer(int status, Map<String, Object> body, String errorCode) {
        static Answer error(int status, String code, String message) {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("__type", code);
            body.put("message", message);
            return new Answer(status, body, code);
        }
    }

    /** A request's problem that refuses it whole, as the service does before looking at any entry. */
    private static final class Refused extends Exception {
        final Answer answer;

        Refused(int status, String code, String message) {
            super(message, null, false, false);
            this.answer = Answer.error(status, code, message);
        }
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            Answer answer;
            try {
                answer = answer(exchange);
            } catch (Refused refused) {
                answer = refused.answer;
            } catch (RuntimeException e) {
                System.err.println("local EventBridge: unexpected error: " + e);
                answer = Answer.error(500, "InternalException", "the local EventBridge failed: " + e);
            }
            byte[] body = JSON_IO.asBytes(answer.body());
            exchange.getResponseHeaders().set("content-type", CONTENT_TYPE);
            exchange.getResponseHeaders().set("x-amzn-RequestId", UUID.randomUUID().toString());
            if (answer.errorCode() != null) {
                exchange.getResponseHeaders().set("x-amzn-ErrorType", answer.errorCode());
            }
            exchange.sendResponseHeaders(answer.status(), body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    private Answer answer(HttpExchange exchange) throws IOException, Refused {
        if (!exchange.getRequestMethod().equals("POST")) {
            throw new Refused(405, "UnknownOperationException", "AWS JSON 1.1 calls are POSTs to /");
        }
        byte[] body = read(exchange.getRequestBody());
        String target = exchange.getRequestHeaders().getFirst("x-amz-target");
        if (!TARGET.equals(target)) {
            throw new Refused(400, "UnknownOperationException", "the local EventBridge answers " + TARGET
                    + " only, not " + target);
        }
        // Before anything else, as an outage would: the call fails whole, whatever it holds.
        if (faults.fails(exchange.getRequestHeaders().getFirst("amz-sdk-invocation-id"))) {
            return Answer.error(500, "InternalException",
                    "local fault: PutEvents failed (armed through /_local/faults, target events)");
        }
        return putEvents(body);
    }

    private static byte[] read(InputStream in) throws IOException, Refused {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[16 * 1024];
        for (int n; (n = in.read(buffer)) > 0; ) {
            if (out.size() + n > MAX_BODY_BYTES) {
                throw new Refused(413, "RequestEntityTooLargeException", "the request is over "
                        + MAX_BODY_BYTES + " bytes");
            }
            out.write(buffer, 0, n);
        }
        return out.toByteArray();
    }

    /** PutEvents on a request body: refused whole (400), or answered entry by entry (200). */
    Answer putEvents(byte[] body) throws Refused {
        Map<String, Object> request = object(body);
        if (request.get("EndpointId") != null) {
            throw new Refused(400, "ValidationException", "EndpointId (global endpoints) is not supported locally");
        }
        if (!(request.get("Entries") instanceof List<?> entries)) {
            throw new Refused(400, "ValidationException", "1 validation error detected: Value null at 'entries'"
                    + " failed to satisfy constraint: Member must not be null");
        }
        if (entries.isEmpty() || entries.size() > MAX_ENTRIES) {
            throw new Refused(400, "ValidationException", "1 validation error detected: Value at 'entries' failed"
                    + " to satisfy constraint: Member must have length between 1 and " + MAX_ENTRIES
                    + " (it has " + entries.size() + ")");
        }
        List<Entry> parsed = new ArrayList<>();
        long size = 0;
        for (Object e : entries) {
            Entry entry = Entry.of(e);
            parsed.add(entry);
            size += entry.size();
        }
        if (size > MAX_REQUEST_ENTRIES_BYTES) {
            throw new Refused(400, "ValidationException", "Total size of the entries in the request is over the"
                    + " limit (" + size + " bytes, at most " + MAX_REQUEST_ENTRIES_BYTES + ")");
        }
        Instant now = clock.instant();
        List<Object> results = new ArrayList<>();
        int failed = 0;
        List<BusEvent> taken = new ArrayList<>();
        for (Entry entry : parsed) {
            Map<String, Object> result = new LinkedHashMap<>();
            Map<String, Object> detail = entry.detailObject(); // parsed once: checked, then kept
            Failure failure = entry.failure(buses, detail);
            if (failure != null) {
                failed++;
                result.put("ErrorCode", failure.code());
                result.put("ErrorMessage", failure.message());
            } else {
                BusEvent event = new BusEvent(UUID.randomUUID().toString(), entry.busName(), entry.source,
                        entry.detailType, detail, entry.time == null ? now : entry.time,
                        entry.resources);
                taken.add(event);
                result.put("EventId", event.id());
            }
            results.add(result);
        }
        take(taken);
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("FailedEntryCount", failed);
        answer.put("Entries", results);
        return new Answer(200, answer, null);
    }

    private static Map<String, Object> object(byte[] body) throws Refused {
        try {
            Object value = JSON_IO.anyFrom(body);
            if (value instanceof Map<?, ?> map) {
                @SuppressWarnings("unchecked")
                Map<String, Object> request = (Map<String, Object>) map;
                return request;
            }
        } catch (IOException e) {
            throw new Refused(400, "SerializationException", "the body is not valid JSON");
        }
        throw new Refused(400, "SerializationException", "the body is not a JSON object");
    }

    /** Keeps the events in order, and queues their deliveries in the same order. */
    private synchronized void take(List<BusEvent> taken) {
        for (BusEvent event : taken) {
            events.add(event);
            Map<String, Object> envelope = event.envelope(LocalResources.ACCOUNT_ID, LocalResources.REGION);
            String body = null; // the message every target gets: written once, if any rule matches
            for (EventRules.Rule rule : rules) {
                if (rule.bus().equals(event.bus()) && rule.pattern().matches(envelope)) {
                    if (body == null) body = json(envelope);
                    String message = body;
                    for (EventRules.Target target : rule.targets()) {
                        delivery.execute(() -> deliver(event, message, rule, target));
                    }
                }
            }
        }
    }

    private static String json(Map<String, Object> envelope) {
        try {
            return JSON_IO.asString(envelope);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private void deliver(BusEvent event, String body, EventRules.Rule rule, EventRules.Target target) {
        for (int attempt = 1; ; attempt++) {
            try {
                sqs.sendMessage(b -> b.queueUrl(target.queueUrl()).messageBody(body));
                return;
            } catch (RuntimeException e) {
                if (attempt == DELIVERY_ATTEMPTS) {
                    // EventBridge would keep trying for a day, then drop it or use the target's DLQ
                    System.err.println("warning: local EventBridge could not deliver event " + event.id() + " of rule "
                            + rule.logicalId() + " to " + target.queueLogicalId() + ": " + e.getMessage());
                    return;
                }
                try {
                    Thread.sleep(200L * attempt);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    /** One entry of a request, its fields as sent. */
    private record Failure(String code, String message) {
    }

    private record Entry(String source, String detailType, String detail, String bus, List<String> resources,
                         Instant time) {

        /** Fields of the wrong JSON type refuse the whole request, as the SDK's serializer never sends them. */
        static Entry of(Object value) throws Refused {
            if (!(value instanceof Map<?, ?> m)) {
                throw new Refused(400, "SerializationException", "an entry is not a JSON object");
            }
            List<String> resources = new ArrayList<>();
            Object r = m.get("Resources");
            if (r != null) {
                if (!(r instanceof List<?> list) || !list.stream().allMatch(String.class::isInstance)) {
                    throw new Refused(400, "SerializationException", "Resources must be a list of strings");
                }
                list.forEach(o -> resources.add((String) o));
            }
            Object time = m.get("Time");
            Instant at = null;
            if (time != null) {
                if (!(time instanceof Number n)) {
                    throw new Refused(400, "SerializationException", "Time must be a number of epoch seconds");
                }
                BigDecimal seconds = new BigDecimal(n.toString());
                at = Instant.ofEpochSecond(seconds.longValue(),
                        seconds.remainder(BigDecimal.ONE).movePointRight(9).intValue());
            }
            return new Entry(text(m, "Source"), text(m, "DetailType"), text(m, "Detail"), text(m, "EventBusName"),
                    resources, at);
        }

        private static String text(Map<?, ?> m, String field) throws Refused {
            Object value = m.get(field);
            if (value != null && !(value instanceof String)) {
                throw new Refused(400, "SerializationException", field + " must be a string");
            }
            return (String) value;
        }

        /** EventBridge's size of an entry (its documented calculation). */
        long size() {
            long size = (time == null ? 0 : 14) + bytes(source) + bytes(detailType) + bytes(detail);
            for (String resource : resources) {
                size += bytes(resource);
            }
            return size;
        }

        private static long bytes(String s) {
            return s == null ? 0 : s.getBytes(StandardCharsets.UTF_8).length;
        }

        /** The bus by name or ARN; the default bus when none is named. */
        String busName() {
            if (bus == null || bus.isEmpty()) {
                return DEFAULT_BUS;
            }
            String arnPrefix = LocalResources.eventBusArn("");
            return bus.startsWith(arnPrefix) ? bus.substring(arnPrefix.length()) : bus;
        }

        /** Why this entry fails (EventBridge's error code and a message), or null when the bus takes it. */
        Failure failure(Set<String> buses, Map<String, Object> detailObject) {
            if (source == null || source.isBlank()) {
                return new Failure("InvalidArgument", "Source is required: a non-empty string");
            }
            if (detailType == null || detailType.isBlank()) {
                return new Failure("InvalidArgument", "DetailType is required: a non-empty string");
            }
            if (detail == null) {
                return new Failure("InvalidArgument", "Detail is required: a JSON object");
            }
            if (detailObject == null) {
                return new Failure("MalformedDetail", "Detail is malformed: it must be a JSON object");
            }
            if (!buses.contains(busName())) {
                return new Failure("ResourceNotFoundException", "Event bus " + bus + " does not exist.");
            }
            return null;
        }

        /** The Detail as a JSON object, or null when it is not one. */
        Map<String, Object> detailObject() {
            if (detail == null) {
                return null;
            }
            try {
                Object value = JSON_IO.anyFrom(detail);
                if (value instanceof Map<?, ?> map) {
                    @SuppressWarnings("unchecked")
                    Map<String, Object> object = (Map<String, Object>) map;
                    return object;
                }
                return null;
            } catch (IOException e) {
                return null;
            }
        }
    }

    /** Stops answering; deliveries already queued get a few seconds to leave. */
    @Override
    public void close() {
        server.stop(0);
        handlers.shutdownNow();
        delivery.shutdown();
        try {
            if (!delivery.awaitTermination(5, TimeUnit.SECONDS)) {
                delivery.shutdownNow();
            }
        } catch (InterruptedException e) {
            delivery.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
