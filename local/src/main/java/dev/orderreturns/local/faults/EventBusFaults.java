package dev.orderreturns.local.faults;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The event bus faults of one local stack ({@code POST /_local/faults} target {@code events}): how
 * many PutEvents calls are still to fail, answered by the local EventBridge with a 500.
 *
 * <p>They are counted per SDK call, not per HTTP request. The SDK retries a 500 by itself (its
 * retry strategy, a few attempts with backoff, all under one {@code amz-sdk-invocation-id}
 * header), so failing one HTTP request would only make the SDK's next attempt succeed and the
 * publish would not fail at all for the function. Here a call chosen to fail fails on every attempt
 * it makes, so {@code count} N is N publishes that fail as the caller sees them. A request without
 * the header (curl, another client) counts as a call of its own.
 */
public final class EventBusFaults {

    /** Calls remembered as failing, for their retries; more than any SDK makes in parallel. */
    private static final int REMEMBERED_CALLS = 1000;

    private long pending;
    private final Map<String, Boolean> failing = new LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > REMEMBERED_CALLS;
        }
    };

    public synchronized void failCalls(int count) {
        if (count < 1) {
            throw new IllegalArgumentException("count must be at least 1, not " + count);
        }
        pending += count;
    }

    /** Calls still to fail (not counting retries of calls already failing). */
    public synchronized long pending() {
        return pending;
    }

    /** Disarms: no new call fails (a call already failing still fails its retries). */
    public synchronized void clear() {
        pending = 0;
    }

    /**
     * True when this request is to fail: an attempt of a call already failing, or the first attempt
     * of a new call while faults are armed (which uses one up).
     *
     * @param invocationId the SDK's {@code amz-sdk-invocation-id}, or null when the request has none
     */
    public synchronized boolean fails(String invocationId) {
        if (invocationId != null && failing.containsKey(invocationId)) {
            return true;
        }
        if (pending == 0) {
            return false;
        }
        pending--;
        if (invocationId != null) {
            failing.put(invocationId, Boolean.TRUE);
        }
        return true;
    }
}
