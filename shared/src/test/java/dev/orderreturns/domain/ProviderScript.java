package dev.orderreturns.domain;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * What a fake provider does on its next calls, one step per call, in order. Once the script is used
 * up every call succeeds ({@link Kind#PAY}).
 */
public final class ProviderScript {

    public enum Kind {
        /** Do it (idempotently by requestId) and answer PAID. */
        PAY,
        /** Do nothing and answer RETRY (5xx or timeout before the provider acted). */
        RETRY,
        /** Do nothing and answer MANUAL (refund-manually, 501). */
        MANUAL,
        /** Do it, but the answer is lost: the client sees a timeout and answers RETRY. */
        PAY_BUT_TIME_OUT,
        /** Throw (a client bug, an unexpected response the client did not map). */
        THROW
    }

    /** {@code retryAfter}: for RETRY, the wait the provider asks for (its Retry-After), or null. */
    public record Step(Kind kind, String detail, RuntimeException error, Duration retryAfter) {
        Step(Kind kind, String detail, RuntimeException error) {
            this(kind, detail, error, null);
        }
    }

    private final Deque<Step> steps = new ArrayDeque<>();

    public ProviderScript pay() {
        steps.add(new Step(Kind.PAY, null, null));
        return this;
    }

    public ProviderScript retry(String detail) {
        steps.add(new Step(Kind.RETRY, detail, null));
        return this;
    }

    /** Do nothing and answer RETRY asking for {@code retryAfter} (a 429 or 503 with Retry-After). */
    public ProviderScript retry(String detail, Duration retryAfter) {
        steps.add(new Step(Kind.RETRY, detail, null, retryAfter));
        return this;
    }

    public ProviderScript manual(String detail) {
        steps.add(new Step(Kind.MANUAL, detail, null));
        return this;
    }

    public ProviderScript payButTimeOut() {
        steps.add(new Step(Kind.PAY_BUT_TIME_OUT, "timed out", null));
        return this;
    }

    public ProviderScript fail(RuntimeException error) {
        steps.add(new Step(Kind.THROW, null, error));
        return this;
    }

    /** Every call from now on answers RETRY (the provider is down). */
    public ProviderScript alwaysRetry(String detail) {
        for (int i = 0; i < 100; i++) {
            retry(detail);
        }
        return this;
    }

    public Step next() {
        Step step = steps.poll();
        return step == null ? new Step(Kind.PAY, null, null) : step;
    }

    public boolean used() {
        return steps.isEmpty();
    }
}
