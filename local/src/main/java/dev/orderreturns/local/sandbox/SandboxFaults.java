package dev.orderreturns.local.sandbox;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Faults of the sandbox providers. Counted ones come from {@code POST /_local/faults}: the next
 * {@code count} calls to a provider fail that way. Random ones are for soak runs that start the
 * stack in-process ({@link #randomly}): a fraction of all provider calls fail, drawn from a seed.
 * Counted faults are used up first.
 */
public final class SandboxFaults {

    public enum Target { PAYMENTS, GIFTCARDS }

    public enum Mode {
        /** Answer 500 without doing anything: transient, retried. */
        ERROR("error", false),
        /** Do it, then answer too late: the caller times out not knowing it was done. */
        TIMEOUT("timeout", false),
        /** Answer 200 {@code code: "refund-manually"} without doing anything. */
        REFUND_MANUALLY("refund-manually", true),
        /** Answer 501 without doing anything. */
        NOT_IMPLEMENTED("not-implemented", true),
        /** Answer 422 with a message without doing anything: a final refusal. */
        REJECTED("rejected", true),
        /**
         * Answer 429 with {@code Retry-After} ({@link SandboxProviders#THROTTLED_RETRY_AFTER_SECONDS})
         * without doing anything, as a provider enforcing a rate limit: transient, retried no sooner.
         */
        THROTTLED("throttled", false);

        private final String wire;
        private final boolean refusal;

        Mode(String wire, boolean refusal) {
            this.wire = wire;
            this.refusal = refusal;
        }

        /** The name {@code /_local/faults} uses. */
        public String wire() {
            return wire;
        }

        /**
         * A refusal says "I will not do this": a real provider says it only of work it has not
         * done, so a repeat of something already done answers what was done instead. ERROR,
         * THROTTLED and TIMEOUT are trouble on the way and hit repeats too.
         */
        public boolean isRefusal() {
            return refusal;
        }

        public static Mode fromWire(String name) {
            for (Mode mode : values()) {
                if (mode.wire.equals(name)) {
                    return mode;
                }
            }
            return null;
        }
    }

    private final Map<Target, Deque<Mode>> pending = new EnumMap<>(Target.class);
    private Random random;
    private double randomRate;
    private List<Mode> randomModes = List.of();

    public synchronized void inject(Target target, Mode mode, int count) {
        Deque<Mode> queue = pending.computeIfAbsent(target, t -> new ArrayDeque<>());
        for (int i = 0; i < count; i++) {
            queue.addLast(mode);
        }
    }

    /**
     * From now on, each provider call (either provider) without a counted fault fails with
     * probability {@code rate}, in one of {@code modes} chosen evenly. The draws are a fixed
     * sequence for a seed; which call gets which draw depends on the order calls arrive in, which
     * concurrent pollers do not fix.
     */
    public synchronized void randomly(double rate, List<Mode> modes, long seed) {
        if (!(rate >= 0 && rate <= 1)) {
            throw new IllegalArgumentException("rate must be between 0 and 1, not " + rate);
        }
        if (modes == null || modes.isEmpty() || modes.stream().anyMatch(java.util.Objects::isNull)) {
            throw new IllegalArgumentException("modes must name at least one mode");
        }
        random = new Random(seed);
        randomRate = rate;
        randomModes = List.copyOf(modes);
    }

    /** Stops the random faults; counted ones stay. */
    public synchronized void clearRandom() {
        random = null;
        randomRate = 0;
        randomModes = List.of();
    }

    /** The fault for the next call to {@code target}, or null to answer normally. */
    public synchronized Mode next(Target target) {
        Deque<Mode> queue = pending.get(target);
        Mode counted = queue == null ? null : queue.pollFirst();
        if (counted != null || random == null) {
            return counted;
        }
        // two draws per call whatever the outcome, so one call's result never shifts the next one's
        double draw = random.nextDouble();
        Mode mode = randomModes.get(random.nextInt(randomModes.size()));
        return draw < randomRate ? mode : null;
    }

    /** Drops the counted faults not used yet. */
    public synchronized void clear() {
        pending.clear();
    }
}
