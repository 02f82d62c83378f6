package dev.orderreturns.events.eventbridge;

import com.fasterxml.jackson.jr.ob.JSON;
import dev.orderreturns.domain.Order;
import dev.orderreturns.domain.OrderReturn;
import dev.orderreturns.domain.RefundPart;
import dev.orderreturns.domain.ReturnEvent;
import dev.orderreturns.domain.ReturnEvents;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequestEntry;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResponse;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResultEntry;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Returns' status changes as EventBridge events on the stack's bus: {@code source} order-returns,
 * {@code detail-type} the kind ({@code ReturnRecorded}, ...), {@code detail}
 * {@code {eventId, account, orderId, returnId, status, refund, at}} (JSON Schemas in
 * {@code events/schemas/}). PutEvents takes 10 entries a call and answers per entry; an entry it
 * refused stays in the order's outbox. EventBridge does not deduplicate: consumers do, by eventId.
 */
public final class EventBridgeReturnEvents implements ReturnEvents {

    /** Detail keeps its null fields (a part without a provider reference yet): consumers see every key. */
    private static final JSON DETAIL_JSON = JSON.std.with(JSON.Feature.WRITE_NULL_PROPERTIES);


    public static final String SOURCE = "order-returns";
    private static final int ENTRIES_PER_CALL = 10;

    private final EventBridgeClient eventBridge;
    private final String busName;

    public EventBridgeReturnEvents(EventBridgeClient eventBridge, String busName) {
        this.eventBridge = eventBridge;
        this.busName = busName;
    }

    @Override
    public Set<String> publish(Order order, List<ReturnEvent> events) {
        Set<String> published = new HashSet<>();
        for (int from = 0; from < events.size(); from += ENTRIES_PER_CALL) {
            List<ReturnEvent> batch = events.subList(from, Math.min(from + ENTRIES_PER_CALL, events.size()));
            List<PutEventsRequestEntry> entries = new ArrayList<>();
            for (ReturnEvent event : batch) {
                entries.add(PutEventsRequestEntry.builder().eventBusName(busName).source(SOURCE)
                        .detailType(event.kind().name()).time(event.at()).detail(detail(order, event)).build());
            }
            PutEventsResponse response = eventBridge.putEvents(b -> b.entries(entries));
            List<PutEventsResultEntry> results = response.entries();
            for (int i = 0; i < batch.size() && i < results.size(); i++) {
                if (results.get(i).errorCode() == null) {
                    published.add(batch.get(i).eventId());
                }
            }
        }
        return published;
    }

    /** The event's detail, as its JSON Schema describes it. */
    static String detail(Order order, ReturnEvent event) {
        OrderReturn ret = order.returns().find(event.returnId()).orElseThrow();
        Map<String, Object> refund = new LinkedHashMap<>();
        refund.put("currency", ret.plan().currency());
        refund.put("total", ret.plan().total().minorUnits());
        refund.put("chargeback", ret.plan().chargeback().minorUnits());
        refund.put("giftCard", ret.plan().giftCard().minorUnits());
        List<Object> parts = new ArrayList<>();
        for (RefundPart part : event.parts()) {
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("partId", part.partId());
            p.put("kind", part.kind().wireName());
            p.put("paymentId", part.paymentId());
            p.put("amount", part.amount().minorUnits());
            p.put("status", part.status().name());
            p.put("reference", part.providerReference());
            p.put("manual", part.manual());
            p.put("refusal", part.refusal());
            parts.add(p);
        }
        refund.put("parts", parts);
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("eventId", event.eventId());
        detail.put("account", order.account());
        detail.put("orderId", order.orderId());
        detail.put("returnId", event.returnId());
        detail.put("status", event.status().name());
        detail.put("refund", refund);
        detail.put("at", event.at().toString());
        try {
            return DETAIL_JSON.asString(detail);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
