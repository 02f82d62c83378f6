package dev.orderreturns.domain;

import java.util.List;
import java.util.Set;

/**
 * Publishes an order's stored status changes ({@link Order#outbox()}) after the write that stored
 * them, and takes what the bus took out of the outbox in one more conditional write. What cannot be
 * published now stays in the order, where the reconciler finds it (the order's due time covers it)
 * and publishes it later: at least once, each event with a stable id its consumers deduplicate on.
 */
public final class Outbox {

    /** A bus that takes every event and tells nobody, for wiring without one (tests of other things). */
    public static final ReturnEvents UNHEARD = (order, events) -> events.stream().map(ReturnEvent::eventId)
            .collect(java.util.stream.Collectors.toSet());

    private final ReturnEvents events;
    private final OrderStore store;

    public Outbox(ReturnEvents events, OrderStore store) {
        this.events = events;
        this.store = store;
    }

    /** Publishes the outbox of an order just stored; answers why it could not (null when it could). */
    public RuntimeException flush(Order order) {
        return flush(order, order.outbox());
    }

    /** Publishes these events of the order and takes those published out of its outbox. */
    RuntimeException flush(Order order, List<ReturnEvent> waiting) {
        if (waiting.isEmpty()) {
            return null;
        }
        try {
            Set<String> published = events.publish(order, waiting);
            if (order.published(published)) {
                store.saveRefundProgress(order, order.version());
            }
            return published.size() == waiting.size() ? null
                    : new IllegalStateException((waiting.size() - published.size()) + " of " + waiting.size()
                            + " events were not taken by the bus; they stay in the outbox");
        } catch (ConcurrentUpdate conflict) {
            // Someone wrote the order since: the events stay in its outbox and are published again
            // later, which consumers tell apart by their ids.
            return null;
        } catch (RuntimeException e) {
            return e;
        }
    }
}
