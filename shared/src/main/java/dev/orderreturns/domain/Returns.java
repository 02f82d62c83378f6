package dev.orderreturns.domain;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** The returns of one order, in the order they were recorded, and what they add up to. */
public final class Returns {

    private final List<OrderReturn> all;

    public Returns(List<OrderReturn> returns) {
        this.all = new ArrayList<>(returns);
    }

    public List<OrderReturn> all() {
        return List.copyOf(all);
    }

    public int size() {
        return all.size();
    }

    public boolean isEmpty() {
        return all.isEmpty();
    }

    public Optional<OrderReturn> find(String returnId) {
        return all.stream().filter(r -> r.returnId().equals(returnId)).findFirst();
    }

    /** Units of the item on returns so far, whatever their refund state: they are no longer returnable. */
    public long returnedUnits(int itemIndex) {
        long units = 0;
        for (OrderReturn r : all) {
            units = Math.addExact(units, r.unitsOf(itemIndex));
        }
        return units;
    }

    /** Sum of refund totals over all returns, in minor units. */
    public long refundedValue() {
        long value = 0;
        for (OrderReturn r : all) {
            value = Math.addExact(value, r.plan().total().minorUnits());
        }
        return value;
    }

    /** Sum of additional (shipping) values over all returns, in minor units. */
    public long additionalValueReturned() {
        long value = 0;
        for (OrderReturn r : all) {
            value = Math.addExact(value, r.plan().additionalValue().minorUnits());
        }
        return value;
    }

    /** R7: what the chargeback parts of all returns take from one payment, in minor units. */
    public long chargedBackTo(String paymentId) {
        long value = 0;
        for (OrderReturn r : all) {
            for (RefundPart part : r.parts()) {
                if (part.kind() == RefundPartKind.CHARGEBACK && paymentId.equals(part.paymentId())) {
                    value = Math.addExact(value, part.amount().minorUnits());
                }
            }
        }
        return value;
    }

    /** The returns whose refund can still change: not REFUNDED or MANUAL_REFUND_REQUIRED. */
    public List<OrderReturn> open() {
        return all.stream().filter(OrderReturn::isOpen).toList();
    }

    /**
     * The earliest time the reconciler may have work on this order: a return's refund due, or an
     * event waiting in the outbox since then; empty when none.
     */
    public Optional<Instant> nextDueAt() {
        return all.stream().flatMap(r -> java.util.stream.Stream.concat(
                        java.util.stream.Stream.ofNullable(r.dueAt()), r.outbox().stream().map(ReturnEvent::at)))
                .filter(Objects::nonNull).min(Instant::compareTo);
    }

    void add(OrderReturn orderReturn) {
        all.add(orderReturn);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Returns other && all.equals(other.all);
    }

    @Override
    public int hashCode() {
        return all.hashCode();
    }
}
