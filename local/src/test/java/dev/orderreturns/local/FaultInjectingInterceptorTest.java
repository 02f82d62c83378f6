package dev.orderreturns.local;

import dev.orderreturns.local.faults.StoreAndQueueFaults;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.SqsException;

import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The SDK interceptor behind the store and queue faults, against the shared stack's dynalite and
 * ElasticMQ: what a failed call throws, that one fault is one call (the SDK does not retry into a
 * second), and that calls outside a function invocation, or of another stack, pass. The faults
 * here belong to a LocalFunctions of the test's own, so the shared stack's pollers cannot touch
 * them.
 */
@Tag("integration")
class FaultInjectingInterceptorTest {

    private static final String PROBE = "ProbeFunction";
    private static LocalStack stack;
    private static LocalFunctions probeFunctions;
    private static StoreAndQueueFaults faults;
    private static DynamoDbClient dynamo;
    private static SqsClient sqs;
    private static String table;
    private static String queueUrl;

    @BeforeAll
    static void start() throws Exception {
        stack = LocalStack.shared();
        // no handlers: loading one would run its static initializer before its own stack configured it
        probeFunctions = LocalFunctions.load(SamTemplate.parse("Resources: {}\n", Path.of("no-functions.yaml")),
                FaultInjectingInterceptorTest.class.getClassLoader());
        faults = StoreAndQueueFaults.attach(probeFunctions, PROBE);
        dynamo = stack.resources().dynamoDb();
        sqs = stack.resources().sqs();
        table = stack.resources().tableName("OrdersTable");
        queueUrl = sqs.createQueue(b -> b.queueName("fault-probe-" + UUID.randomUUID())).queueUrl();
    }

    @AfterAll
    static void stop() {
        faults.detach();
        sqs.deleteQueue(b -> b.queueUrl(queueUrl));
    }

    private static void put(String pk) {
        dynamo.putItem(b -> b.tableName(table).item(Map.of("pk", AttributeValue.fromS(pk),
                "version", AttributeValue.fromN("1"))));
    }

    private static void send() {
        sqs.sendMessage(b -> b.queueUrl(queueUrl).messageBody("probe"));
    }

    @Test
    void anArmedStoreWriteFailsAsAServerErrorOnceAndOnlyInsideTheFunction() {
        String pk = "fault-probe#" + UUID.randomUUID();
        faults.failStoreWrites(2);
        DynamoDbException failed;
        try (CurrentInvocation.Scope ignored = CurrentInvocation.enter(probeFunctions, PROBE)) {
            failed = assertThrows(DynamoDbException.class, () -> put(pk));
            // reads are never failed
            dynamo.getItem(b -> b.tableName(table).key(Map.of("pk", AttributeValue.fromS(pk))));
        }
        assertEquals(500, failed.statusCode());
        assertEquals("InternalServerError", failed.awsErrorDetails().errorCode());
        assertTrue(failed.getMessage().startsWith("local fault: DynamoDb PutItem by ProbeFunction"),
                failed.getMessage());
        assertEquals(1, faults.pendingStoreWrites(), "one fault, one call: the SDK did not retry into another");
        assertTrue(dynamo.getItem(b -> b.tableName(table).key(Map.of("pk", AttributeValue.fromS(pk)))).item()
                .isEmpty(), "nothing was written");

        put(pk); // outside an invocation: the test's own write
        try (CurrentInvocation.Scope ignored = CurrentInvocation.enter(probeFunctions, "AnotherFunction")) {
            put(pk);
        }
        try (CurrentInvocation.Scope ignored = CurrentInvocation.enter(stack.functions(), PROBE)) {
            put(pk); // an invocation of another stack
        }
        assertEquals(1, faults.pendingStoreWrites());
        try (CurrentInvocation.Scope ignored = CurrentInvocation.enter(probeFunctions, PROBE)) {
            assertThrows(DynamoDbException.class, () -> dynamo.deleteItem(b -> b.tableName(table)
                    .key(Map.of("pk", AttributeValue.fromS(pk)))));
            dynamo.deleteItem(b -> b.tableName(table).key(Map.of("pk", AttributeValue.fromS(pk))));
        }
        assertEquals(0, faults.pendingStoreWrites());
    }

    @Test
    void anArmedQueueSendFailsForAnyFunctionButNotForTheHarness() {
        faults.failQueueSends(1);
        send();
        assertEquals(1, faults.pendingQueueSends());
        SqsException failed;
        try (CurrentInvocation.Scope ignored = CurrentInvocation.enter(probeFunctions, "AnyFunction")) {
            sqs.receiveMessage(b -> b.queueUrl(queueUrl).waitTimeSeconds(0)); // not a send
            failed = assertThrows(SqsException.class, FaultInjectingInterceptorTest::send);
            send();
        }
        assertEquals(500, failed.statusCode());
        assertEquals("InternalFailure", failed.awsErrorDetails().errorCode());
        assertEquals(0, faults.pendingQueueSends());
    }

    @Test
    void theMarkOfAnInvocationIsRestoredWhenItEnds() {
        try (CurrentInvocation.Scope outer = CurrentInvocation.enter(probeFunctions, "Outer")) {
            try (CurrentInvocation.Scope inner = CurrentInvocation.enter(probeFunctions, "Inner")) {
                assertEquals("Inner", CurrentInvocation.get().functionId());
            }
            assertEquals("Outer", CurrentInvocation.get().functionId());
        }
        assertEquals(null, CurrentInvocation.get());
    }
}
