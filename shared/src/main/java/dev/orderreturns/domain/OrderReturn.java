package dev.orderreturns.domain;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A return recorded on an order: its entrance invoice number, the returned units, the refund plan,
 * the parts the refund is paid in and where it stands. Every state change goes through a method
 * that appends to the history (R9). What a return can still grow by is bounded (notes and
 * references are cut, attempts are a counter with the last error), so a paid refund can always be
 * recorded.
 */
public final class OrderReturn {

    /**
     * History entries (and events) one refund cycle can add at most: processing, settled, a late
     * answer recorded; an operator's manual refund of each part is a save of its own, checked then.
     */
    public static final int MAX_HISTORY_PER_CYCLE = 3;

    private final String returnId;
    private final String entranceInvoiceNumber;
    private final String reason;
    private final String referredTo;
    private final List<ReturnLine> lines;
    private final RefundPlan plan;
    private final List<RefundPart> parts;
    private final Instant createdAt;
    private final List<HistoryEntry> history;
    private final List<ReturnEvent> outbox;
    private RefundStatus status;
    private RefundRetry retry;

    public OrderReturn(String returnId, String entranceInvoiceNumber, String reason, String referredTo,
                       List<ReturnLine> lines, RefundPlan plan, List<RefundPart> parts, RefundStatus status,
                       Instant createdAt, List<HistoryEntry> history, RefundRetry retry, List<ReturnEvent> outbox) {
        this.returnId = returnId;
        this.entranceInvoiceNumber = entranceInvoiceNumber;
        this.reason = reason;
        this.referredTo = referredTo;
        this.lines = List.copyOf(lines);
        this.plan = plan;
        this.parts = new ArrayList<>(parts);
        this.status = status;
        this.createdAt = createdAt;
        this.history = new ArrayList<>(history);
        this.retry = retry;
        this.outbox = new ArrayList<>(outbox);
    }

    /** A new return, refund {@link RefundStatus#PENDING} in these parts, due at once. */
    static OrderReturn submitted(String returnId, ReturnRequest request, List<ReturnLine> lines, RefundPlan plan,
                                 List<RefundPart> parts, String actor, Instant now) {
        List<HistoryEntry> history = List.of(new HistoryEntry(now, RefundStatus.PENDING, actor,
                "return recorded with entrance invoice " + request.entranceInvoiceNumber()));
        OrderReturn submitted = new OrderReturn(returnId, request.entranceInvoiceNumber(), request.reason(),
                request.referredTo(), lines, plan, parts, RefundStatus.PENDING, now, history,
                RefundRetry.startingAt(now), List.of());
        submitted.tell(ReturnEventKind.ReturnRecorded, now);
        return submitted;
    }

    public String returnId() { return returnId; }
    public String entranceInvoiceNumber() { return entranceInvoiceNumber; }
    public String reason() { return reason; }
    public String referredTo() { return referredTo; }
    public List<ReturnLine> lines() { return lines; }
    public RefundPlan plan() { return plan; }
    public List<RefundPart> parts() { return List.copyOf(parts); }
    public RefundStatus status() { return status; }
    public Instant createdAt() { return createdAt; }
    public List<HistoryEntry> history() { return List.copyOf(history); }
    public RefundRetry retry() { return retry; }

    /** Status changes stored with the return but not yet published. */
    public List<ReturnEvent> outbox() {
        return List.copyOf(outbox);
    }

    /** When refund work is next due; null when nothing is. */
    public Instant dueAt() {
        return retry.dueAt();
    }

    /** Attempts that called a provider and failed transiently, in the current budget. */
    public int attempts() {
        return retry.attempts();
    }

    public Optional<RefundPart> part(String partId) {
        return parts.stream().filter(p -> p.partId().equals(partId)).findFirst();
    }

    /** How long a refund may stay overdue before it needs a person's attention. */
    public static final java.time.Duration ATTENTION_AFTER = java.time.Duration.ofMinutes(15);

    /**
     * Whether a person should look at this return: FAILED, MANUAL_REFUND_REQUIRED, or still open
     * more than {@link #ATTENTION_AFTER} past its due time.
     */
    public boolean needsAttention(Instant now) {
        return needsAttention(status, dueAt(), now);
    }

    /** {@link #needsAttention(Instant)} from a return's status and due time alone (for indexes). */
    public static boolean needsAttention(RefundStatus status, Instant dueAt, Instant now) {
        return status == RefundStatus.FAILED || status == RefundStatus.MANUAL_REFUND_REQUIRED
                || (!status.isFinal() && dueAt != null && dueAt.plus(ATTENTION_AFTER).isBefore(now));
    }

    /** Still able to change by refund work or an operator (not REFUNDED or MANUAL_REFUND_REQUIRED). */
    public boolean isOpen() {
        return !status.isFinal();
    }

    public long unitsOf(int itemIndex) {
        long units = 0;
        for (ReturnLine line : lines) {
            if (line.itemIndex() == itemIndex) {
                units += line.quantity();
            }
        }
        return units;
    }

    /** Moves the refund to {@code newStatus}, recording who did it and why (R9), and telling of it. */
    public void moveTo(RefundStatus newStatus, String actor, String note, Instant at) {
        status = newStatus;
        history.add(new HistoryEntry(at, newStatus, actor, Notes.note(note)));
        ReturnEventKind kind = ReturnEventKind.of(newStatus);
        if (kind != null) {
            tell(kind, at);
        }
    }

    /** Puts the change just recorded in the history into the outbox, to be published. */
    private void tell(ReturnEventKind kind, Instant at) {
        outbox.add(new ReturnEvent(returnId + "." + history.size(), kind, returnId, status, at, parts));
    }

    /** Takes out of the outbox the events that were published. */
    public boolean published(java.util.Set<String> eventIds) {
        return outbox.removeIf(event -> eventIds.contains(event.eventId()));
    }

    /**
     * An operator refunded a part by hand: a {@code MANUAL_REFUND_REQUIRED} part becomes REFUNDED
     * with the operator's reference; the return is REFUNDED once every part is. The same reference
     * again answers the first recording (true: it was recorded before); any other state is refused.
     */
    public boolean recordManualRefund(String partId, String reference, String note, String actor, Instant now) {
        RefundPart part = part(partId).orElseThrow(() -> Refusal.notFound("part " + partId + " of return " + returnId));
        if (part.manual() && part.status() == RefundStatus.REFUNDED && reference.equals(part.providerReference())) {
            return true;
        }
        if (part.status() != RefundStatus.MANUAL_REFUND_REQUIRED) {
            throw Refusal.partNotManual(returnId, partId, part.status());
        }
        replacePart(part.refundedByHand(reference));
        history.add(new HistoryEntry(now, status, actor, Notes.note("part " + partId + " refunded by hand, reference "
                + reference + (note == null || note.isBlank() ? "" : ": " + note))));
        tell(ReturnEventKind.ManualRefundRecorded, now);
        if (parts.stream().allMatch(p -> p.status() == RefundStatus.REFUNDED)) {
            retry = retry.settled();
            moveTo(RefundStatus.REFUNDED, actor, "every part refunded", now);
        }
        return false;
    }

    /** Records a note about the refund without changing its status (R9). */
    public void note(String actor, String note, Instant at) {
        history.add(new HistoryEntry(at, status, actor, Notes.note(note)));
    }

    public void replacePart(RefundPart part) {
        for (int i = 0; i < parts.size(); i++) {
            if (parts.get(i).partId().equals(part.partId())) {
                parts.set(i, part);
                return;
            }
        }
        throw new IllegalArgumentException("return " + returnId + " has no part " + part.partId());
    }

    public void retried(RefundRetry next) {
        retry = next;
    }

    /**
     * An operator's retry: a FAILED refund, or one still pending whose budget is spent, goes back
     * to PENDING with a fresh budget, due at once.
     */
    public void retryByOperator(String actor, Instant now, RetrySchedule schedule) {
        boolean stuck = isOpen() && status != RefundStatus.FAILED && retry.exhausted(schedule, now);
        if (status != RefundStatus.FAILED && !stuck) {
            throw Refusal.refundNotFailed(returnId, status);
        }
        retry = RefundRetry.startingAt(now);
        moveTo(RefundStatus.PENDING, actor, "retry requested by an operator", now);
    }
}
