package dev.orderreturns.domain;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * An {@link OrderStore} fake that keeps a deep copy of every order it stores, with a version number.
 * A save with a stale {@code expectedVersion} throws {@link ConcurrentUpdate} and writes nothing.
 * {@link #beforeNextSave} lets a test sneak in a competing writer just before the next save.
 */
public final class InMemoryOrderStore implements OrderStore {

    private final Map<String, Order> rows = new HashMap<>();
    private Runnable beforeNextSave;
    private boolean alwaysConflict;
    public int finds;
    public int saves;
    public int conflicts;

    @Override
    public Optional<Order> find(String account, String orderId) {
        finds++;
        return Optional.ofNullable(rows.get(key(account, orderId))).map(Fixtures::copy);
    }

    @Override
    public void save(Order order, long expectedVersion) {
        saves++;
        Runnable hook = beforeNextSave;
        if (hook != null) {
            beforeNextSave = null;
            hook.run();
        }
        Order stored = rows.get(key(order.account(), order.orderId()));
        long current = stored == null ? 0 : stored.version();
        if (alwaysConflict || current != expectedVersion) {
            conflicts++;
            throw new ConcurrentUpdate(order.account(), order.orderId(), expectedVersion);
        }
        Order copy = Fixtures.copy(order);
        copy.storedAs(current + 1);
        rows.put(key(order.account(), order.orderId()), copy);
        order.storedAs(current + 1);
    }

    /** The stored copy (a fresh deep copy; changing it changes nothing stored). */
    public Order stored(String account, String orderId) {
        Order stored = rows.get(key(account, orderId));
        if (stored == null) {
            throw new AssertionError("no stored order " + account + "/" + orderId);
        }
        return Fixtures.copy(stored);
    }

    public long version(String account, String orderId) {
        return stored(account, orderId).version();
    }

    public void beforeNextSave(Runnable hook) {
        this.beforeNextSave = hook;
    }

    public void alwaysConflict(boolean on) {
        this.alwaysConflict = on;
    }

    private static String key(String account, String orderId) {
        return account + "#" + orderId;
    }
}
