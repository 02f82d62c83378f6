package dev.orderreturns.local.sandbox;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.EnumMap;
import java.util.Map;

/** Faults injected by {@code POST /_local/faults}: the next {@code count} calls to a provider fail that way. */
public final class SandboxFaults {

    public enum Target { PAYMENTS, GIFTCARDS }

    public enum Mode {
        /** Answer 500 without doing anything. */
        ERROR,
        /** Do it, then answer too late: the caller times out not knowing it was done. */
        TIMEOUT,
        /** Answer 200 {@code code: "refund-manually"}. */
        REFUND_MANUALLY,
        /** Answer 501. */
        NOT_IMPLEMENTED;

        public static Mode fromWire(String name) {
            return switch (name) {
                case "error" -> ERROR;
                case "timeout" -> TIMEOUT;
                case "refund-manually" -> REFUND_MANUALLY;
                case "not-implemented" -> NOT_IMPLEMENTED;
                default -> null;
            };
        }
    }

    private final Map<Target, Deque<Mode>> pending = new EnumMap<>(Target.class);

    public synchronized void inject(Target target, Mode mode, int count) {
        Deque<Mode> queue = pending.computeIfAbsent(target, t -> new ArrayDeque<>());
        for (int i = 0; i < count; i++) {
            queue.addLast(mode);
        }
    }

    /** The fault for the next call to {@code target}, or null to answer normally. */
    public synchronized Mode next(Target target) {
        Deque<Mode> queue = pending.get(target);
        return queue == null ? null : queue.pollFirst();
    }

    public synchronized void clear() {
        pending.clear();
    }
}
