package dev.orderreturns.localstack;

import dev.orderreturns.local.BackingServices;
import dev.orderreturns.local.LocalStack;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.lang.reflect.Proxy;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The profile's own wiring, up to the point where Docker is needed: the switch selects LocalStack,
 * the container is configured as documented, and without Docker the stack fails fast with the
 * profile's one line (which the skip condition turns into skipped tests). Where Docker runs, the
 * shared stack is checked to be on LocalStack instead.
 */
@Tag("localstack")
class LocalStackProfileTest {

    @Test
    void theProfileSwitchesTheSharedStackToLocalStack() {
        assertEquals(LocalStackServices.NAME, System.getProperty(BackingServices.PROPERTY),
                "-Plocalstack sets the switch for the test JVM");
        BackingServices.Provider selected = BackingServices.selected();
        assertInstanceOf(LocalStackServices.Provider.class, selected, "found on the class path by its name");
        assertEquals("localstack", selected.name());
    }

    @Test
    void theContainerRunsDynamoDbAndSqsAndCarriesTheAuthTokenOnlyWhenSet() {
        LocalStackSettings plain = LocalStackSettings.of(null, Map.of("PATH", "/usr/bin"));
        assertEquals(LocalStackSettings.DEFAULT_IMAGE, plain.image().asCanonicalNameString());
        assertEquals(Map.of("SERVICES", "dynamodb,sqs"), plain.environment(), "nothing of the host's environment but the token");
        assertTrue(plain.describe().endsWith("without LOCALSTACK_AUTH_TOKEN"), plain.describe());

        LocalStackSettings pro = LocalStackSettings.of(" localstack/localstack-pro:4.4 ",
                Map.of(LocalStackSettings.AUTH_TOKEN, "ls-secret-123"));
        assertEquals("localstack/localstack-pro:4.4", pro.image().asCanonicalNameString());
        assertEquals("ls-secret-123", pro.environment().get(LocalStackSettings.AUTH_TOKEN));
        assertFalse(pro.describe().contains("ls-secret-123"), "messages never show the token");

        assertFalse(LocalStackSettings.of("", Map.of(LocalStackSettings.AUTH_TOKEN, " ")).environment()
                .containsKey(LocalStackSettings.AUTH_TOKEN), "a blank token is no token");
    }

    @Test
    void withoutDockerTheStackFailsFastWithTheProfilesLineAndLeavesTheWayClear() throws Exception {
        assumeFalse(Docker.isAvailable(), "Docker is available: the shared stack runs on LocalStack instead");
        int port;
        try (ServerSocket probe = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
            port = probe.getLocalPort();
        }
        int chosen = port;
        LocalStack.StartException e = assertThrows(LocalStack.StartException.class, () -> LocalStack.start(
                LocalStack.Options.defaults().withPort(chosen).withAccessLog(false)
                        .withServices(new LocalStackServices.Provider())));
        assertEquals(Docker.UNAVAILABLE, e.getMessage());
        assertInstanceOf(BackingServices.Unavailable.class, e.getCause());
        try (ServerSocket again = new ServerSocket(chosen, 50, InetAddress.getByName("127.0.0.1"))) {
            assertTrue(again.isBound(), "the stack's port was released");
        }
    }

    @Test
    void withoutDockerOnlyTheTestsThatRunAStackAreSkipped() {
        assumeFalse(Docker.isAvailable(), "Docker is available: nothing is skipped");
        SkipWithoutDocker condition = new SkipWithoutDocker();
        for (String tag : Set.of("integration", "e2e", "browser")) {
            ConditionEvaluationResult result = condition.evaluateExecutionCondition(tagged(tag));
            assertTrue(result.isDisabled(), tag);
            assertEquals(Docker.UNAVAILABLE, result.getReason().orElseThrow());
        }
        assertFalse(condition.evaluateExecutionCondition(tagged("localstack")).isDisabled());
        assertFalse(condition.evaluateExecutionCondition(tagged()).isDisabled(), "unit tests run");
    }

    @Test
    void withDockerTheSharedStackRunsOnLocalStack() {
        assumeTrue(Docker.isAvailable(), Docker.UNAVAILABLE);
        LocalStack stack = LocalStack.shared();
        assertTrue(stack.services().description().startsWith("LocalStack ("), stack.services().description());
        assertEquals("OrdersTable", stack.resources().dynamoDb()
                .describeTable(b -> b.tableName("OrdersTable")).table().tableName());
        assertTrue(stack.resources().queueArn("RefundQueue").startsWith("arn:aws:sqs:"));
    }

    /** An extension context that only knows its tags, which is all the condition reads. */
    private static ExtensionContext tagged(String... tags) {
        return (ExtensionContext) Proxy.newProxyInstance(ExtensionContext.class.getClassLoader(),
                new Class<?>[] {ExtensionContext.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "getTags" -> Set.of(tags);
                    case "toString" -> "context tagged " + Set.of(tags);
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }
}
