package dev.orderreturns.it;

import dev.orderreturns.local.CurrentInvocation;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Counts the AWS calls the functions make, for {@link RequestCostTest}. The SDK loads it into every
 * client of the test JVM (listed in the test classpath's global {@code execution.interceptors}); it
 * records only while a test has started recording, only calls made inside a function invocation,
 * and only those whose request names the test's account, so the stack's pollers, other tests'
 * leftovers and the test's own reads are not counted.
 *
 * <p>It also watches one thread, for {@link PrimingTest}: every call that thread starts, and every
 * one that was sent and answered (seen after transmission), whoever made it.
 */
public final class CallCounter implements ExecutionInterceptor {

    /** One call: the function that made it, e.g. {@code RefundProcessorFunction DynamoDb.PutItem}. */
    public record Call(String functionId, String operation, String request) {
    }

    private static volatile String account;
    private static final List<Call> CALLS = new ArrayList<>();

    /** What the watched thread did: the calls it started ({@code DynamoDb.PutItem}, ...) and how many were sent. */
    public record Watched(List<String> started, int sent) {
    }

    private static volatile Thread watchedThread;
    private static final List<String> STARTED = new ArrayList<>();
    private static final AtomicInteger SENT = new AtomicInteger();

    static synchronized void watch(Thread thread) {
        STARTED.clear();
        SENT.set(0);
        watchedThread = thread;
    }

    static synchronized Watched unwatch() {
        watchedThread = null;
        return new Watched(List.copyOf(STARTED), SENT.get());
    }

    @Override
    public void afterTransmission(Context.AfterTransmission context, ExecutionAttributes attributes) {
        if (Thread.currentThread() == watchedThread) {
            SENT.incrementAndGet();
        }
    }

    static synchronized void record(String forAccount) {
        CALLS.clear();
        account = forAccount;
    }

    static synchronized List<Call> stop() {
        account = null;
        return List.copyOf(CALLS);
    }

    static synchronized List<Call> calls() {
        return List.copyOf(CALLS);
    }

    @Override
    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
        if (Thread.currentThread() == watchedThread) {
            synchronized (CallCounter.class) {
                STARTED.add(attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME) + "."
                        + attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME));
            }
        }
        String watched = account;
        CurrentInvocation invocation = CurrentInvocation.get();
        if (watched == null || invocation == null) {
            return;
        }
        String request = context.request().toString();
        if (!request.contains(watched)) {
            return;
        }
        String operation = attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME) + "."
                + attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
        synchronized (CallCounter.class) {
            CALLS.add(new Call(invocation.functionId(), operation, request));
        }
    }
}
