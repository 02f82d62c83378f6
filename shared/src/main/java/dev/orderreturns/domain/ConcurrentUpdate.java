package dev.orderreturns.domain;

/** The order changed since it was read: its stored version is not the one expected. */
public final class ConcurrentUpdate extends RuntimeException {
    public ConcurrentUpdate(String account, String orderId, long expectedVersion) {
        super("order " + orderId + " of account " + account + " is no longer at version " + expectedVersion,
                null, false, false);
    }
}
