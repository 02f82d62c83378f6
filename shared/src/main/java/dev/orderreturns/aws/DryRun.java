package dev.orderreturns.aws;

import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;

import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * Runs work whose SDK calls go all the way through the client (parameters checked, request
 * marshalled, endpoint resolved, signed with stand-in credentials) and stop just before the HTTP
 * client would send them: nothing leaves the process. What SnapStart priming uses to load and
 * exercise the request paths before the snapshot without writing anything.
 *
 * <p>The switch is per thread: only calls made by the thread inside {@link #run} stop; other
 * threads' calls (another invocation, a local stack's pollers) go out as usual. Every client built
 * by {@link AwsClients} carries {@link #INTERCEPTOR}, which does nothing outside a dry run.
 */
public final class DryRun {

    private static final ThreadLocal<Boolean> ACTIVE = new ThreadLocal<>();
    private static final AtomicLong STOPPED = new AtomicLong();

    static final ExecutionInterceptor INTERCEPTOR = new ExecutionInterceptor() {
        @Override
        public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
            if (active()) {
                STOPPED.incrementAndGet();
                throw new Stopped();
            }
        }
    };

    private DryRun() {
    }

    /** Thrown (the SDK may wrap it) where a dry-run request would have been sent. */
    public static final class Stopped extends RuntimeException {
        Stopped() {
            super("dry run: the request was stopped before it was sent", null, false, false);
        }
    }

    /** Runs {@code work} on this thread with every SDK request stopped before it is sent. */
    public static <T> T run(Supplier<T> work) {
        Boolean enclosing = ACTIVE.get();
        ACTIVE.set(Boolean.TRUE);
        try {
            return work.get();
        } finally {
            if (enclosing == null) {
                ACTIVE.remove();
            }
        }
    }

    /** True when {@code failure} is, or was caused by, a dry run's stop. */
    public static boolean stopped(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof Stopped) {
                return true;
            }
        }
        return false;
    }

    /** How many requests dry runs stopped in this JVM so far. */
    public static long stoppedCount() {
        return STOPPED.get();
    }

    static boolean active() {
        return ACTIVE.get() != null;
    }
}
