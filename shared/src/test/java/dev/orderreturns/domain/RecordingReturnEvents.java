package dev.orderreturns.domain;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * A bus that records what it is given, as EventBridge would take it: each event as it stood when
 * published (repeats included, since the bus does not deduplicate). It can be down for the next
 * calls, or refuse some entries of a call, as PutEvents answers per entry.
 */
public final class RecordingReturnEvents implements ReturnEvents {

    public final List<ReturnEvent> published = new ArrayList<>();
    /** Told of every event taken, with the order it was published from (to render it, say). */
    public BiConsumer<Order, ReturnEvent> listener = (order, event) -> { };
    private int downFor;
    private int refuseEntries;

    /** The next {@code calls} calls throw, taking nothing. */
    public synchronized void downFor(int calls) {
        downFor = calls;
    }

    /** Of the next events given, the first {@code count} are refused (not taken), the rest taken. */
    public synchronized void refuseNext(int count) {
        refuseEntries = count;
    }

    @Override
    public synchronized Set<String> publish(Order order, List<ReturnEvent> events) {
        if (downFor > 0) {
            downFor--;
            throw new IllegalStateException("event bus unreachable");
        }
        Set<String> taken = new HashSet<>();
        for (ReturnEvent event : events) {
            if (refuseEntries > 0) {
                refuseEntries--;
                continue;
            }
            published.add(event);
            listener.accept(order, event);
            taken.add(event.eventId());
        }
        return taken;
    }

    public synchronized List<ReturnEventKind> kinds() {
        return published.stream().map(ReturnEvent::kind).toList();
    }

    /** What a consumer that deduplicates by eventId keeps. */
    public synchronized List<ReturnEvent> distinct() {
        Set<String> seen = new HashSet<>();
        return published.stream().filter(e -> seen.add(e.eventId())).toList();
    }
}
