package dev.orderreturns.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Starting, sharing and stopping the stack; the real template. */
@Tag("integration")
class LocalStackLifecycleTest {

    private static List<ProcessHandle> dynaliteChildren() {
        return ProcessHandle.current().descendants()
                .filter(p -> p.isAlive() && p.info().commandLine().orElse("").contains("dynalite-server"))
                .toList();
    }

    @Test
    void closeStopsEverythingAndLeavesNoNodeProcess() {
        String endpointBefore = System.getProperty("DYNAMODB_ENDPOINT"); // another test's stack may have set it
        LocalStack stack = LocalStack.start(LocalStack.Options.defaults().withPort(0).withAccessLog(false));
        ProcessHandle node = stack.dynalite().processHandle();
        assertTrue(node.isAlive());
        String base = stack.baseUrl();
        assertEquals(200, TestHttp.get(base + "/_local/health").statusCode());
        assertEquals("OrdersTable", System.getProperty("TABLE_NAME"));
        // local/run's stack throttles every route as the template's parameter defaults say
        SamTemplate.Throttling templateLimits = new SamTemplate.Throttling(
                Integer.parseInt(stack.template().parameterDefault("ApiThrottlingBurstLimit").orElseThrow()),
                Double.parseDouble(stack.template().parameterDefault("ApiThrottlingRateLimit").orElseThrow()));
        for (HttpRoutes.Route route : HttpRoutes.from(stack.template()).routes()) {
            assertEquals(java.util.Optional.of(templateLimits), stack.httpApi().throttling().limits(route.routeKey()),
                    route.routeKey());
        }

        stack.close();
        assertFalse(node.isAlive(), "dynalite's node process must be gone");
        assertFalse(dynaliteChildren().contains(node), dynaliteChildren().toString());
        assertThrows(IllegalStateException.class, () -> TestHttp.get(base + "/_local/health"), "port released");
        stack.close(); // idempotent
        assertEquals(endpointBefore, System.getProperty("DYNAMODB_ENDPOINT"), "configuration properties are restored");
    }

    @Test
    void aTakenPortFailsFastWithOneLineAndStartsNothing() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
            List<ProcessHandle> before = dynaliteChildren();
            LocalStack.StartException e = assertThrows(LocalStack.StartException.class, () -> LocalStack.start(
                    LocalStack.Options.defaults().withPort(taken.getLocalPort())));
            assertTrue(e.getMessage().contains("port " + taken.getLocalPort() + " on 127.0.0.1 is already in use"),
                    e.getMessage());
            assertFalse(e.getMessage().contains("\n"));
            assertEquals(before, dynaliteChildren());
        }
    }

    @Test
    void aMissingTemplateIsAClearStartFailure() {
        LocalStack.StartException e = assertThrows(LocalStack.StartException.class, () -> LocalStack.start(
                LocalStack.Options.defaults().withPort(0).withTemplate(TestHttp.repoRoot().resolve("nope.yaml"))));
        assertTrue(e.getMessage().contains("nope.yaml not found"), e.getMessage());
    }

    @Test
    void sharedStackServesTheRealTemplate() {
        LocalStack shared = LocalStack.shared();
        assertSame(shared, LocalStack.shared());
        assertEquals(200, TestHttp.get(shared.baseUrl() + "/_local/health").statusCode());
        // every route of the real API needs a token, the catch-all included
        for (String path : List.of("/orders/1", "/orders/1/returns", "/anything")) {
            HttpResponse<byte[]> response = TestHttp.get(shared.baseUrl() + path);
            assertEquals(401, response.statusCode(), path);
        }
        HttpResponse<byte[]> issued = TestHttp.postJson(shared.baseUrl() + "/_local/token",
                "{\"account\":\"acme\",\"scopes\":[\"returns:read\"]}");
        String token = (String) TestHttp.json(issued).get("token");
        try {
            Map<String, String> claims = shared.authorizer().verify("Bearer " + token);
            assertEquals("http://127.0.0.1:3000/_local", claims.get("iss"));
            assertEquals("order-returns", claims.get("aud"));
        } catch (LocalAuthorizer.UnauthorizedException e) {
            throw new AssertionError(e);
        }
        assertEquals(shared.resources().queueUrl("RefundQueue"), System.getProperty("REFUND_QUEUE_URL"));
        assertEquals("24", System.getProperty("REFUND_RETRY_HOURS"));
        assertEquals(java.util.Optional.of(LocalStack.TEST_THROTTLING),
                shared.httpApi().throttling().limits("POST /orders/{orderId}/returns"),
                "the tests' stack is throttled far above what they send");
    }

    @Test
    void theStackRunsOnTheBackingServicesItIsGivenAndStopsThem() throws Exception {
        List<BundledServices> started = new ArrayList<>();
        BackingServices.Provider recording = new BackingServices.Provider() {
            @Override
            public String name() {
                return "recording";
            }

            @Override
            public BackingServices start() {
                BundledServices services = BundledServices.start();
                started.add(services);
                return services;
            }
        };
        LocalStack stack = LocalStack.start(LocalStack.Options.defaults().withPort(0).withAccessLog(false)
                .withServices(recording));
        try {
            assertEquals(1, started.size());
            BundledServices services = started.getFirst();
            assertSame(services, stack.services());
            assertEquals(services.dynamoDbEndpoint(), stack.dynamoEndpoint());
            assertEquals(services.sqsEndpoint(), System.getProperty("SQS_ENDPOINT"), "the functions use them too");
            try (var dynamo = LocalResources.dynamoDbClient(services.dynamoDbEndpoint())) {
                assertTrue(dynamo.listTables().tableNames().contains("OrdersTable"), "the template's table is in them");
            }
        } finally {
            stack.close();
        }
        assertFalse(started.getFirst().dynalite().isAlive(), "closing the stack stops its services");
    }

    @Test
    void backingServicesThatCannotRunHereAreAOneLineStartFailure() {
        BackingServices.Provider unavailable = new BackingServices.Provider() {
            @Override
            public String name() {
                return "nowhere";
            }

            @Override
            public BackingServices start() {
                throw new BackingServices.Unavailable("no engine for this backend here; its tests are skipped");
            }
        };
        LocalStack.StartException e = assertThrows(LocalStack.StartException.class, () -> LocalStack.start(
                LocalStack.Options.defaults().withPort(0).withServices(unavailable)));
        assertEquals("no engine for this backend here; its tests are skipped", e.getMessage());
        assertInstanceOf(BackingServices.Unavailable.class, e.getCause());
    }

    @Test
    void theSwitchSelectsTheBundledServicesUnlessItNamesAnother() {
        String before = System.getProperty(BackingServices.PROPERTY);
        try {
            System.clearProperty(BackingServices.PROPERTY);
            assertSame(BackingServices.bundled(), BackingServices.selected());
            System.setProperty(BackingServices.PROPERTY, " bundled ");
            assertSame(BackingServices.bundled(), BackingServices.selected());
            System.setProperty(BackingServices.PROPERTY, "nowhere");
            IllegalStateException e = assertThrows(IllegalStateException.class, BackingServices::selected);
            assertTrue(e.getMessage().startsWith(BackingServices.PROPERTY + "=nowhere is not a backend on the class path"
                    + " (there are: bundled"), e.getMessage());
        } finally {
            if (before == null) System.clearProperty(BackingServices.PROPERTY);
            else System.setProperty(BackingServices.PROPERTY, before);
        }
    }

    @Test
    void commandLineArguments() {
        assertEquals(3000, LocalStack.parseArgs(new String[0]).port());
        assertEquals(4000, LocalStack.parseArgs(new String[] {"--port", "4000"}).port());
        assertEquals(0, LocalStack.parseArgs(new String[] {"--port=0"}).port());
        assertTrue(LocalStack.parseArgs(new String[] {"--template", "x.yaml"}).template().endsWith("x.yaml"));
        assertEquals(RepoPaths.template(), LocalStack.parseArgs(new String[0]).template());
        assertThrows(IllegalArgumentException.class, () -> LocalStack.parseArgs(new String[] {"--port", "x"}));
        assertThrows(IllegalArgumentException.class, () -> LocalStack.parseArgs(new String[] {"--port"}));
        assertThrows(IllegalArgumentException.class, () -> LocalStack.parseArgs(new String[] {"--nope"}));

        assertEquals(null, LocalStack.parseArgs(new String[0]).throttling(), "the template's limits");
        assertEquals(new SamTemplate.Throttling(10, 2.5), LocalStack.parseArgs(
                new String[] {"--throttle-burst", "10", "--throttle-rate=2.5"}).throttling());
        for (String[] bad : List.of(new String[] {"--throttle-burst", "10"}, new String[] {"--throttle-rate", "1"},
                new String[] {"--throttle-burst", "-1", "--throttle-rate", "1"},
                new String[] {"--throttle-burst", "1", "--throttle-rate", "fast"},
                new String[] {"--throttle-burst", "1", "--throttle-rate", "NaN"})) {
            assertThrows(IllegalArgumentException.class, () -> LocalStack.parseArgs(bad), String.join(" ", bad));
        }
    }
}
