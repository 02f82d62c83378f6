package dev.orderreturns.local;

/**
 * The function invocation running on this thread, if any. {@link LocalFunctions#invoke} runs a
 * handler on the caller's thread, so a thread-local tells code underneath (the local faults'
 * SDK interceptor) which function of which stack is making a call, and that a call made outside
 * any invocation (by a test, a queue poller, the stack creating its tables) is no function's.
 * Calls a handler made on threads of its own would not carry it; the handlers make none.
 */
public record CurrentInvocation(LocalFunctions functions, String functionId) {

    private static final ThreadLocal<CurrentInvocation> CURRENT = new ThreadLocal<>();

    /** Ends an invocation's mark on its thread. */
    public interface Scope extends AutoCloseable {
        @Override
        void close();
    }

    /** The invocation running on this thread, or null. */
    public static CurrentInvocation get() {
        return CURRENT.get();
    }

    /** Marks this thread as running {@code functionId} until the scope closes, which restores any outer mark. */
    static Scope enter(LocalFunctions functions, String functionId) {
        CurrentInvocation outer = CURRENT.get();
        CURRENT.set(new CurrentInvocation(functions, functionId));
        return () -> {
            if (outer == null) {
                CURRENT.remove();
            } else {
                CURRENT.set(outer);
            }
        };
    }
}
