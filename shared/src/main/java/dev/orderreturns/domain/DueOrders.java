package dev.orderreturns.domain;

import java.time.Instant;
import java.util.List;

/** Finds orders with refund work due, for the reconciler. */
public interface DueOrders {

    record OrderKey(String account, String orderId) {
    }

    /** Orders with a return due at or before {@code now}, at most {@code limit} of them. */
    List<OrderKey> dueBy(Instant now, int limit);
}
