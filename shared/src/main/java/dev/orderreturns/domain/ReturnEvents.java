package dev.orderreturns.domain;

import java.util.List;
import java.util.Set;

/** Where returns' status changes are published for the store's other systems (an event bus). */
public interface ReturnEvents {

    /**
     * Publishes the events of one order, at least once each; answers the ids of those the bus took
     * (the others stay in the outbox and are published later). Throws when the bus cannot be reached.
     */
    Set<String> publish(Order order, List<ReturnEvent> events);
}
