package dev.orderreturns.domain;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * An {@link OrderStore} fake that keeps a deep copy of every order it stores, with a version number.
 * A save with a stale {@code expectedVersion} throws {@link ConcurrentUpdate} and writes nothing.
 * {@link #beforeNextSave} lets a test sneak in a competing writer just before the next save;
 * {@link #failNextSaves} makes saves fail as a throttled or unreachable store would, and
 * {@link #loseNextAnswer} makes a save land but its answer be lost: the SDK's retry of it then meets
 * its own write and reports a failed condition.
 */
public final class InMemoryOrderStore implements OrderStore {

    private final Map<String, Order> rows = new HashMap<>();
    private Runnable beforeNextSave;
    private boolean alwaysConflict;
    private int failingSaves;
    private boolean loseNextAnswer;
    public int finds;
    public int saves;
    public int progressSaves;
    public int conflicts;

    @Override
    public Optional<Order> find(String account, String orderId) {
        finds++;
        return Optional.ofNullable(rows.get(key(account, orderId))).map(Fixtures::copy);
    }

    @Override
    public void saveRefundProgress(Order order, long expectedVersion) {
        progressSaves++;
        save(order, expectedVersion);
    }

    /** The next {@code count} saves throw (nothing written), as a throttled store would. */
    public void failNextSaves(int count) {
        failingSaves = count;
    }

    /** The next save is written, but the caller sees the condition fail (its answer was lost, its retry met it). */
    public void loseNextAnswer() {
        loseNextAnswer = true;
    }

    @Override
    public void save(Order order, long expectedVersion) {
        saves++;
        if (failingSaves > 0) {
            failingSaves--;
            throw new IllegalStateException("store unavailable (throttled)");
        }
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
        if (loseNextAnswer) {
            loseNextAnswer = false;
            conflicts++;
            throw new ConcurrentUpdate(order.account(), order.orderId(), expectedVersion);
        }
        order.storedAs(current + 1);
    }

    /** Every stored order of the account (fresh deep copies). */
    public synchronized java.util.List<Order> all(String account) {
        return rows.values().stream().filter(o -> o.account().equals(account)).map(Fixtures::copy).toList();
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
