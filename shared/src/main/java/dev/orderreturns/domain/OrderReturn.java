package dev.orderreturns.domain;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A return recorded on an order: its entrance invoice number, the returned units, the refund plan
 * and the state of its refund. State changes go through methods that append to the history (R9).
 */
public final class OrderReturn {

    private final String returnId;
    private final String entranceInvoiceNumber;
    private final String reason;
    private final String referredTo;
    private final List<ReturnLine> lines;
    private final RefundPlan plan;
    private final List<RefundPart> parts;
    private final Instant createdAt;
    private final List<HistoryEntry> history;
    private RefundStatus status;
    private Instant dueAt;
    private int attempts;

    public OrderReturn(String returnId, String entranceInvoiceNumber, String reason, String referredTo,
                       List<ReturnLine> lines, RefundPlan plan, List<RefundPart> parts, RefundStatus status,
                       Instant createdAt, List<HistoryEntry> history, Instant dueAt, int attempts) {
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
        this.dueAt = dueAt;
        this.attempts = attempts;
    }

    /** A new return, refund {@link RefundStatus#PENDING}, due for refund work at {@code dueAt}. */
    static OrderReturn submitted(String returnId, ReturnRequest request, List<ReturnLine> lines, RefundPlan plan,
                                 String actor, Instant now, Instant dueAt) {
        List<RefundPart> parts = new ArrayList<>();
        if (plan.chargeback().isPositive()) {
            parts.add(new RefundPart(RefundPartKind.CHARGEBACK, plan.chargeback(), RefundStatus.PENDING,
                    returnId + "-chargeback", null, null));
        }
        if (plan.giftCard().isPositive()) {
            parts.add(new RefundPart(RefundPartKind.GIFT_CARD, plan.giftCard(), RefundStatus.PENDING,
                    returnId + "-giftcard", null, null));
        }
        List<HistoryEntry> history = List.of(new HistoryEntry(now, RefundStatus.PENDING, actor,
                "return recorded with entrance invoice " + request.entranceInvoiceNumber()));
        return new OrderReturn(returnId, request.entranceInvoiceNumber(), request.reason(), request.referredTo(),
                lines, plan, parts, RefundStatus.PENDING, now, history, dueAt, 0);
    }

    public String returnId() {
        return returnId;
    }

    public String entranceInvoiceNumber() {
        return entranceInvoiceNumber;
    }

    public String reason() {
        return reason;
    }

    public String referredTo() {
        return referredTo;
    }

    public List<ReturnLine> lines() {
        return lines;
    }

    public RefundPlan plan() {
        return plan;
    }

    public List<RefundPart> parts() {
        return List.copyOf(parts);
    }

    public RefundStatus status() {
        return status;
    }

    public Instant createdAt() {
        return createdAt;
    }

    public List<HistoryEntry> history() {
        return List.copyOf(history);
    }

    /** When refund work for this return is next due (reconciler); null when nothing is due. */
    public Instant dueAt() {
        return dueAt;
    }

    /** Refund attempts made so far. */
    public int attempts() {
        return attempts;
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

    /** Moves the refund to {@code newStatus}, recording who did it and why (R9). */
    public void moveTo(RefundStatus newStatus, String actor, String note, Instant at) {
        status = newStatus;
        history.add(new HistoryEntry(at, newStatus, actor, note));
    }

    public void replacePart(RefundPart part) {
        for (int i = 0; i < parts.size(); i++) {
            if (parts.get(i).kind() == part.kind()) {
                parts.set(i, part);
                return;
            }
        }
        throw new IllegalArgumentException("return " + returnId + " has no " + part.kind() + " part");
    }

    public void scheduleAt(Instant due) {
        dueAt = due;
    }

    public void countAttempt() {
        attempts++;
    }

    /** An operator's retry of a FAILED refund: back to PENDING with a fresh retry budget. */
    public void retryByOperator(String actor, Instant now, Instant due) {
        if (status != RefundStatus.FAILED) {
            throw Refusal.refundNotFailed(returnId, status);
        }
        attempts = 0;
        dueAt = due;
        moveTo(RefundStatus.PENDING, actor, "retry requested by an operator", now);
    }
}
