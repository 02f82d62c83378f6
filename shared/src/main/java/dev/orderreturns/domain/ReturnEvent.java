package dev.orderreturns.domain;

import java.time.Instant;
import java.util.List;

/**
 * A status change of a return, waiting in the order's outbox until it is published. It is written in
 * the same conditional write as the change it reports, so it can never be lost or told of a change
 * that was not stored. {@code eventId} is stable for the change (the return id and the number of the
 * history entry that records it), so consumers deduplicate repeats; {@code parts} is the refund as it
 * stood then.
 */
public record ReturnEvent(String eventId, ReturnEventKind kind, String returnId, RefundStatus status, Instant at,
                          List<RefundPart> parts) {

    public ReturnEvent {
        parts = List.copyOf(parts);
    }
}
