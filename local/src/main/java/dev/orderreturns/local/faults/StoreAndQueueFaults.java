package dev.orderreturns.local.faults;

import dev.orderreturns.local.LocalFunctions;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The store and queue faults of one local stack ({@code POST /_local/faults} targets
 * {@code store} and {@code queue}): how many of the refund processor's DynamoDB writes, and of
 * any function's SQS sends, are still to fail. {@link FaultInjectingInterceptor} takes them one
 * call at a time, exactly: each armed fault fails one call, whatever the number of threads.
 * A stack attaches its faults to its {@link LocalFunctions}, so that an invocation of one stack
 * never uses up the faults of another in the same JVM.
 */
public final class StoreAndQueueFaults {

    private static final Map<LocalFunctions, StoreAndQueueFaults> BY_FUNCTIONS = new ConcurrentHashMap<>();

    private final LocalFunctions functions;
    private final String storeWriter;
    private final AtomicLong storeWrites = new AtomicLong();
    private final AtomicLong queueSends = new AtomicLong();

    private StoreAndQueueFaults(LocalFunctions functions, String storeWriter) {
        this.functions = functions;
        this.storeWriter = storeWriter;
    }

    /**
     * The faults of the stack whose functions these are.
     *
     * @param storeWriter the function whose writes {@code store} faults fail (the refund
     *                    processor), or null when the stack has none
     */
    public static StoreAndQueueFaults attach(LocalFunctions functions, String storeWriter) {
        StoreAndQueueFaults faults = new StoreAndQueueFaults(functions, storeWriter);
        BY_FUNCTIONS.put(functions, faults);
        return faults;
    }

    /** The faults attached to these functions (a stack's, {@code stack.functions()}), or null. */
    public static StoreAndQueueFaults of(LocalFunctions functions) {
        return BY_FUNCTIONS.get(functions);
    }

    /** Forgets these faults: the stack is closing. */
    public void detach() {
        BY_FUNCTIONS.remove(functions, this);
    }

    /** The function whose writes {@code store} faults fail, or null. */
    public String storeWriter() {
        return storeWriter;
    }

    public void failStoreWrites(int count) {
        if (storeWriter == null) {
            throw new IllegalStateException("this stack has no refund processor whose writes could fail");
        }
        storeWrites.addAndGet(positive(count));
    }

    public void failQueueSends(int count) {
        queueSends.addAndGet(positive(count));
    }

    public long pendingStoreWrites() {
        return storeWrites.get();
    }

    public long pendingQueueSends() {
        return queueSends.get();
    }

    public void clear() {
        storeWrites.set(0);
        queueSends.set(0);
    }

    /** True when this write, by {@code functionId}, is to fail; uses up one fault if so. */
    boolean takeStoreWrite(String functionId) {
        return functionId.equals(storeWriter) && takeOne(storeWrites);
    }

    /** True when this send is to fail; uses up one fault if so. */
    boolean takeQueueSend() {
        return takeOne(queueSends);
    }

    // one atomic step from n to n - 1, never below 0: concurrent callers get exactly n trues
    private static boolean takeOne(AtomicLong pending) {
        return pending.getAndUpdate(n -> n > 0 ? n - 1 : 0) > 0;
    }

    private static int positive(int count) {
        if (count < 1) {
            throw new IllegalArgumentException("count must be at least 1, not " + count);
        }
        return count;
    }
}
