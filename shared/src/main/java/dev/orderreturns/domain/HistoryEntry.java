package dev.orderreturns.domain;

import java.time.Instant;

/** One state change of a return (rule R9): when, to what, by whom (token subject or worker) and why. */
public record HistoryEntry(Instant at, RefundStatus status, String actor, String note) {
}
