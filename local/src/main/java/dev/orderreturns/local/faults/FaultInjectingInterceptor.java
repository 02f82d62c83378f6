package dev.orderreturns.local.faults;

import dev.orderreturns.local.CurrentInvocation;
import dev.orderreturns.store.dynamodb.DynamoDbRefundClaims;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.SdkHttpResponse;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequest;
import software.amazon.awssdk.services.sqs.model.SendMessageRequest;
import software.amazon.awssdk.services.sqs.model.SqsException;

import java.util.UUID;

/**
 * Fails a function's DynamoDB writes and SQS sends while {@link StoreAndQueueFaults} says so. The
 * SDK loads it into every client of the JVM (it is listed in
 * {@code software/amazon/awssdk/global/handlers/execution.interceptors}), so it acts only on calls
 * made inside a function invocation ({@link CurrentInvocation}) of a stack that attached faults:
 * the tests', the pollers' and the stack's own calls pass untouched.
 *
 * <p>It throws from {@code beforeExecution}, before the SDK's retry loop, so one armed fault is one
 * failed call as the handler sees it, nothing sent. What it throws is what a handler meets in
 * production once the SDK has spent its own retries on a server-side failure: the service's own
 * exception type ({@link DynamoDbException}, {@link SqsException}) with status 500 and the
 * service's internal-error code. Not {@code ConditionalCheckFailedException}, which the store
 * turns into a lost write race and retries at once, and not a client-side exception, which
 * production code could only meet for a network fault: a 500 says "not done, try later", which
 * is what a throttle that outlasted the retries or a crash before the save leaves behind.
 */
public final class FaultInjectingInterceptor implements ExecutionInterceptor {

    @Override
    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes executionAttributes) {
        CurrentInvocation invocation = CurrentInvocation.get();
        if (invocation == null) {
            return;
        }
        StoreAndQueueFaults faults = StoreAndQueueFaults.of(invocation.functions());
        if (faults == null) {
            return;
        }
        SdkRequest request = context.request();
        if (isStoreWrite(request) && faults.takeStoreWrite(invocation.functionId())) {
            throw failure(DynamoDbException.builder(), "DynamoDb", "InternalServerError", request, invocation,
                    "store");
        }
        if (isQueueSend(request) && faults.takeQueueSend()) {
            throw failure(SqsException.builder(), "Sqs", "InternalFailure", request, invocation, "queue");
        }
    }

    /**
     * A write of refund work: any write but those of a refund claim ({@code CLAIM#...} items), so
     * that {@code count} N fails the next N saves of what providers answered, the case the fault is
     * for (a throttle or a crash between a provider's answer and the save). A claim that cannot be
     * taken only means nobody is paid yet, which the refunder handles the same way.
     */
    static boolean isStoreWrite(SdkRequest request) {
        if (request instanceof PutItemRequest put) {
            return !isClaim(put.item().get("pk"));
        }
        if (request instanceof DeleteItemRequest delete) {
            return !isClaim(delete.key().get("pk"));
        }
        return request instanceof UpdateItemRequest || request instanceof BatchWriteItemRequest
                || request instanceof TransactWriteItemsRequest;
    }

    private static boolean isClaim(AttributeValue key) {
        return key != null && DynamoDbRefundClaims.isClaimKey(key.s());
    }

    static boolean isQueueSend(SdkRequest request) {
        return request instanceof SendMessageRequest || request instanceof SendMessageBatchRequest;
    }

    private static AwsServiceException failure(AwsServiceException.Builder builder, String service, String code,
                                               SdkRequest request, CurrentInvocation invocation, String target) {
        String operation = request.getClass().getSimpleName().replaceFirst("Request$", "");
        String message = "local fault: " + service + " " + operation + " by " + invocation.functionId()
                + " failed (armed through /_local/faults, target " + target + ")";
        return builder
                .message(message)
                .statusCode(500)
                .requestId("local-fault-" + UUID.randomUUID())
                .awsErrorDetails(AwsErrorDetails.builder()
                        .serviceName(service)
                        .errorCode(code)
                        .errorMessage(message)
                        .sdkHttpResponse(SdkHttpResponse.builder().statusCode(500).build())
                        .build())
                .build();
    }
}
