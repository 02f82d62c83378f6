package dev.orderreturns.domain;

import java.util.Optional;

/** Where order aggregates live. Every key is scoped by the store account. */
public interface OrderStore {

    /** The order as last stored, with {@link Order#version()} set; empty when this account has no such order. */
    Optional<Order> find(String account, String orderId);

    /**
     * Stores the order if its stored version is still {@code expectedVersion} (0: not stored yet),
     * and sets the order's new version.
     *
     * @throws ConcurrentUpdate when someone else stored it first; nothing was written
     * @throws Refusal of kind TOO_LARGE when the order would outgrow what one item may hold
     */
    void save(Order order, long expectedVersion);
}
