package dev.orderreturns.domain;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/** Where order aggregates live. Every key is scoped by the store account. */
public interface OrderStore {

    /** The order as last stored, with {@link Order#version()} set; empty when this account has no such order. */
    Optional<Order> find(String account, String orderId);

    /** The orders of this account with these ids that exist, as {@link #find} reads them, in any order. */
    default List<Order> findAll(String account, Collection<String> orderIds) {
        List<Order> found = new ArrayList<>();
        for (String orderId : orderIds) {
            find(account, orderId).ifPresent(found::add);
        }
        return found;
    }

    /**
     * Stores the order if its stored version is still {@code expectedVersion} (0: not stored yet),
     * and sets the order's new version.
     *
     * The order must keep room for the worst-case growth of every return whose refund is still
     * open, so that their refund work can always be recorded.
     *
     * @throws ConcurrentUpdate when someone else stored it first; nothing was written
     * @throws Refusal of kind TOO_LARGE when the order, with that room, would outgrow what one item may hold
     */
    void save(Order order, long expectedVersion);

    /**
     * Stores refund work on the order (answers of providers, retries, giving up), as
     * {@link #save} does but without asking for more room: the room kept by every earlier save
     * covers it, so recording a paid refund is never refused for size.
     */
    void saveRefundProgress(Order order, long expectedVersion);
}
