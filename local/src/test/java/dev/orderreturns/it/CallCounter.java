package dev.orderreturns.it;

import dev.orderreturns.local.CurrentInvocation;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;

import java.util.ArrayList;
import java.util.List;

/**
 * Counts the AWS calls the functions make, for {@link RequestCostTest}. The SDK loads it into every
 * client of the test JVM (listed in the test classpath's global {@code execution.interceptors}); it
 * records only while a test has started recording, only calls made inside a function invocation,
 * and only those whose request names the test's account, so the stack's pollers, other tests'
 * leftovers and the test's own reads are not counted.
 */
public final class CallCounter implements ExecutionInterceptor {

    /** One call: the function that made it, e.g. {@code RefundProcessorFunction DynamoDb.PutItem}. */
    public record Call(String functionId, String operation, String request) {
    }

    private static volatile String account;
    private static final List<Call> CALLS = new ArrayList<>();

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
