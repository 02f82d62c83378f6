package dev.orderreturns.it;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import com.fasterxml.jackson.jr.ob.JSON;
import dev.orderreturns.local.AwsJsonStub;
import dev.orderreturns.local.LocalStack;
import dev.orderreturns.local.SamTemplate;
import dev.orderreturns.local.sandbox.SandboxProviders;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.sqs.model.Message;

import java.io.File;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every function run from the artifact that deploys, {@code functions/target/functions-lambda.jar}
 * (built by the functions module's package phase, before this module's tests), not from the
 * modules' classes: each in a JVM of its own with the template's flags, the Lambda runtime's
 * libraries and that jar only, called as the runtime calls the template's handler
 * ({@link JarRunner}), answering a sample event of {@code events/}.
 * What the jar's minimising dropped and a path needs fails here. The functions use the local
 * stack's DynamoDB, a queue of their own on its SQS (so the stack's poller leaves the job to the
 * refund processor run here), and {@link AwsJsonStub} for EventBridge and for Parameter Store,
 * from which the refund processor reads the sandbox providers' credentials as it does on AWS.
 */
@Tag("integration")
class HandlersFromTheJarTest {

    private static final Path JAR = Samples.root().resolve("functions/target/functions-lambda.jar");
    private static final String PARAMETERS = "/order-returns-jar-test/providers";
    private static final long CHILD_TIMEOUT_SECONDS = 180;

    private static LocalStack stack;
    private static AwsJsonStub aws;
    private static String queueUrl;

    @TempDir
    Path temp;
    private final Set<String> ran = new HashSet<>();

    @BeforeAll
    static void start() {
        assertTrue(Files.isRegularFile(JAR), JAR + " is missing: the functions module's package phase builds it");
        stack = LocalStack.shared();
        aws = AwsJsonStub.start();
        aws.parameters(Map.of(PARAMETERS + "/payments/app-key", SandboxProviders.APP_KEY,
                PARAMETERS + "/payments/app-token", SandboxProviders.APP_TOKEN,
                PARAMETERS + "/giftcards/app-key", SandboxProviders.APP_KEY,
                PARAMETERS + "/giftcards/app-token", SandboxProviders.APP_TOKEN,
                "/elsewhere/payments/app-key", "not-this-one"));
        queueUrl = stack.resources().sqs().createQueue(b -> b.queueName("jar-test-"
                + UUID.randomUUID().toString().substring(0, 8))).queueUrl();
    }

    @AfterAll
    static void stop() {
        if (queueUrl != null) stack.resources().sqs().deleteQueue(b -> b.queueUrl(queueUrl));
        if (aws != null) aws.close();
    }

    @Test
    @SuppressWarnings("unchecked")
    void everyFunctionAnswersASampleEventFromTheDeployedJar() throws Exception {
        String account = Samples.newAccount();

        // write API: import the sample order, submit the sample return
        List<Map<String, Object>> written = run("WriteApiFunction",
                withAccount(Samples.event("put-order.json"), account),
                withAccount(Samples.event("post-return.json"), account));
        assertEquals(201, status(written.get(0)), written.get(0).toString());
        assertEquals(201, status(written.get(1)), written.get(1).toString());
        String returnId = (String) body(written.get(1)).get("returnId");
        Message job = onlyMessage();
        assertTrue(job.body().contains(returnId), job.body());
        List<AwsJsonStub.Call> published = calls("AWSEvents.PutEvents");
        assertEquals(1, published.size());
        Map<String, Object> recorded = ((List<Map<String, Object>>) published.getFirst().body().get("Entries")).getFirst();
        assertEquals("ReturnRecorded", recorded.get("DetailType"));
        assertEquals(stack.configuration().get("EVENT_BUS_NAME"), recorded.get("EventBusName"));

        // refund processor: the sample batch, its first message now that job (the second stays malformed)
        Map<String, Object> batch = Samples.event("sqs-refund-batch.json");
        List<Map<String, Object>> records = (List<Map<String, Object>>) batch.get("Records");
        records.getFirst().put("body", job.body());
        Map<String, Object> processed = run("RefundProcessorFunction", batch).getFirst();
        assertEquals(List.of(Map.of("itemIdentifier", records.get(1).get("messageId"))),
                processed.get("batchItemFailures"));
        List<AwsJsonStub.Call> reads = calls("AmazonSSM.GetParametersByPath");
        assertFalse(reads.isEmpty());
        assertEquals(PARAMETERS + "/", reads.getFirst().body().get("Path"));
        assertTrue(calls("AWSEvents.PutEvents").stream().anyMatch(c -> c.body().toString().contains("RefundCompleted")),
                calls("AWSEvents.PutEvents").toString());

        // read API: the return, refunded with the credentials Parameter Store gave
        Map<String, Object> one = withAccount(Samples.event("get-return.json"), account);
        ((Map<String, Object>) one.get("pathParameters")).put("returnId", returnId);
        one.put("rawPath", "/orders/1234567890-01/returns/" + returnId);
        ((Map<String, Object>) ((Map<String, Object>) one.get("requestContext")).get("http"))
                .put("path", "/orders/1234567890-01/returns/" + returnId);
        Map<String, Object> read = run("ReadApiFunction", one).getFirst();
        assertEquals(200, status(read), read.toString());
        assertEquals("REFUNDED", body(read).get("status"), read.toString());

        // reconciler: the scheduled event, answered with its summary
        Map<String, Object> summary = run("ReconcilerFunction", Samples.event("scheduled-reconcile.json")).getFirst();
        assertEquals(List.of("found", "reenqueued", "failed", "skipped", "published"), List.copyOf(summary.keySet()));
        summary.values().forEach(v -> assertInstanceOf(Number.class, v, summary.toString()));

        assertEquals(stack.template().functions().keySet(), ran, "a function of template.yaml this test does not run");
    }

    @Test
    void theJarKeepsItsBudget() throws IOException {
        assertTrue(Files.size(JAR) < 12_000_000, JAR + " is " + Files.size(JAR) + " bytes");
        try (java.util.jar.JarFile jar = new java.util.jar.JarFile(JAR.toFile())) {
            List<String> unwanted = jar.stream().map(java.util.jar.JarEntry::getName)
                    .filter(n -> n.startsWith("org/joda/") || n.startsWith("software/amazon/awssdk/services/ssm/")
                            || n.startsWith("com/amazonaws/services/lambda/runtime/events/ScheduledEvent"))
                    .limit(5).toList();
            assertEquals(List.of(), unwanted);
        }
    }

    /**
     * With SnapStart, Lambda gives no access keys in the environment: the runtime serves the role's
     * credentials at {@code AWS_CONTAINER_CREDENTIALS_FULL_URI}. The jar's clients must find them
     * there (its minimized SDK included), sign with them, and never fall back to anything else.
     */
    @Test
    void theFunctionsSignWithSnapStartsContainerCredentials() throws Exception {
        List<String> authorizations = new java.util.concurrent.CopyOnWriteArrayList<>();
        com.sun.net.httpserver.HttpServer credentials = com.sun.net.httpserver.HttpServer.create(
                new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0), 0);
        credentials.createContext("/credentials", exchange -> {
            authorizations.add(String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")));
            byte[] body = JSON.std.asBytes(Map.of("AccessKeyId", "ASIACONTAINER", "SecretAccessKey", "secret",
                    "Token", "session", "Expiration", java.time.Instant.now().plusSeconds(3600).toString()));
            exchange.getResponseHeaders().add("content-type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        credentials.start();
        try {
            Map<String, String> snapStart = new LinkedHashMap<>();
            snapStart.put("AWS_ACCESS_KEY_ID", null);
            snapStart.put("AWS_SECRET_ACCESS_KEY", null);
            snapStart.put("AWS_SESSION_TOKEN", null);
            snapStart.put("AWS_CONTAINER_CREDENTIALS_FULL_URI",
                    "http://127.0.0.1:" + credentials.getAddress().getPort() + "/credentials");
            snapStart.put("AWS_CONTAINER_AUTHORIZATION_TOKEN", "container-token");
            Map<String, Object> order = withAccount(Samples.event("get-order.json"), Samples.newAccount());
            Map<String, Object> read = run("ReadApiFunction", snapStart, order).getFirst();
            assertEquals(404, status(read), read.toString()); // a new account has no such order: DynamoDB answered
            assertFalse(authorizations.isEmpty(), "the container credentials were never asked for");
            assertTrue(authorizations.stream().allMatch("container-token"::equals), authorizations.toString());
        } finally {
            credentials.stop(0);
        }
    }

    /**
     * {@code PRIME_AT_INIT=true}: the priming runs at init from the jar (its samples and CRaC classes
     * packaged), and sends nothing: the one job and the one publish are the real return's.
     */
    @Test
    void thePrimingRunsFromTheDeployedJarAndSendsNothing() throws Exception {
        String account = Samples.newAccount();
        String ownQueue = stack.resources().sqs().createQueue(b -> b.queueName("jar-priming-"
                + UUID.randomUUID().toString().substring(0, 8))).queueUrl();
        try (AwsJsonStub ownBus = AwsJsonStub.start()) {
            List<Map<String, Object>> written = run("WriteApiFunction", Map.of("PRIME_AT_INIT", "true",
                            "REFUND_QUEUE_URL", ownQueue, "EVENTBRIDGE_ENDPOINT", ownBus.endpoint()),
                    withAccount(Samples.event("put-order.json"), account),
                    withAccount(Samples.event("post-return.json"), account));
            assertEquals(201, status(written.get(0)), written.get(0).toString());
            assertEquals(201, status(written.get(1)), written.get(1).toString());
            String returnId = (String) body(written.get(1)).get("returnId");
            List<Message> jobs = stack.resources().sqs().receiveMessage(b -> b.queueUrl(ownQueue)
                    .maxNumberOfMessages(10).waitTimeSeconds(1)).messages();
            assertEquals(1, jobs.size(), jobs.toString());
            assertTrue(jobs.getFirst().body().contains(returnId), jobs.toString());
            List<AwsJsonStub.Call> published = ownBus.calls().stream()
                    .filter(c -> "AWSEvents.PutEvents".equals(c.target())).toList();
            assertEquals(1, published.size(), published.toString());
            assertTrue(published.getFirst().body().toString().contains(returnId), published.toString());
        } finally {
            stack.resources().sqs().deleteQueue(b -> b.queueUrl(ownQueue));
        }
    }

    /** Runs the function in a JVM of its own on these events; answers its answers, in order. */
    private List<Map<String, Object>> run(String functionId, Map<?, ?>... events)
            throws IOException, InterruptedException, URISyntaxException {
        return run(functionId, Map.of(), events);
    }

    /** As above, with {@code changes} to the environment (a null value removes the variable). */
    private List<Map<String, Object>> run(String functionId, Map<String, String> changes, Map<?, ?>... events)
            throws IOException, InterruptedException, URISyntaxException {
        SamTemplate.Function function = stack.template().functions().get(functionId);
        ran.add(functionId);
        List<String> command = new ArrayList<>(List.of(javaCommand(), "-XX:+TieredCompilation",
                "-XX:TieredStopAtLevel=1", "-cp", String.join(File.pathSeparator, runtimeClassPath()),
                JarRunner.class.getName(), JAR.toString(), function.handler(),
                Integer.toString(function.timeoutSeconds())));
        List<Path> answers = new ArrayList<>();
        for (int i = 0; i < events.length; i++) {
            Path event = temp.resolve(functionId + "-event-" + i + ".json");
            Files.write(event, JSON.std.asBytes(events[i]));
            Path answer = temp.resolve(functionId + "-answer-" + i + ".json");
            command.add(event.toString());
            command.add(answer.toString());
            answers.add(answer);
        }
        ProcessBuilder process = new ProcessBuilder(command);
        process.environment().clear();
        process.environment().putAll(environment());
        changes.forEach((name, value) -> {
            if (value == null) {
                process.environment().remove(name);
            } else {
                process.environment().put(name, value);
            }
        });
        Path output = temp.resolve(functionId + "-output.txt");
        process.redirectErrorStream(true).redirectOutput(output.toFile());
        Process child = process.start();
        if (!child.waitFor(CHILD_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            child.destroyForcibly();
            throw new AssertionError(functionId + " did not finish in " + CHILD_TIMEOUT_SECONDS + " s:\n"
                    + Files.readString(output));
        }
        assertEquals(0, child.exitValue(), () -> functionId + " failed:\n" + readQuietly(output));
        List<Map<String, Object>> parsed = new ArrayList<>();
        for (Path answer : answers) {
            parsed.add(JSON.std.mapFrom(Files.readString(answer)));
        }
        return parsed;
    }

    /**
     * A Lambda-like environment: only variables, no system properties, the stack's settings except
     * the sandbox credentials (the refund processor must read them from Parameter Store), and
     * endpoints for what the stack does not run.
     */
    private static Map<String, String> environment() {
        Map<String, String> env = new LinkedHashMap<>();
        stack.configuration().forEach((name, value) -> {
            if (name.matches("[A-Z_][A-Z0-9_]*")) env.put(name, value);
        });
        env.remove("PROVIDER_APP_KEY");
        env.remove("PROVIDER_APP_TOKEN");
        env.put("PROVIDER_CREDENTIALS_PARAMETER", PARAMETERS);
        env.put("SSM_ENDPOINT", aws.endpoint());
        env.put("EVENTBRIDGE_ENDPOINT", aws.endpoint());
        env.put("REFUND_QUEUE_URL", queueUrl);
        return env;
    }

    /** The runner and the Lambda runtime's own libraries: what the Java runtime puts beside a function's code. */
    private List<String> runtimeClassPath() throws IOException, URISyntaxException {
        Path runner = temp.resolve("runner");
        if (Files.isDirectory(runner)) return classPath(runner);
        Path classes = Path.of(JarRunner.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        String packageDir = JarRunner.class.getPackageName().replace('.', '/');
        Files.createDirectories(runner.resolve(packageDir));
        try (DirectoryStream<Path> files = Files.newDirectoryStream(classes.resolve(packageDir), "JarRunner*.class")) {
            for (Path file : files) Files.copy(file, runner.resolve(packageDir).resolve(file.getFileName()));
        }
        return classPath(runner);
    }

    private static List<String> classPath(Path runner) throws URISyntaxException {
        return List.of(runner.toString(), codeSource(Context.class), codeSource(LambdaEventSerializers.class));
    }

    private static String codeSource(Class<?> type) throws URISyntaxException {
        return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
    }

    private static String javaCommand() {
        return ProcessHandle.current().info().command().orElseThrow();
    }

    private static Message onlyMessage() {
        List<Message> messages = stack.resources().sqs().receiveMessage(b -> b.queueUrl(queueUrl)
                .maxNumberOfMessages(10).waitTimeSeconds(1)).messages();
        assertEquals(1, messages.size(), messages.toString());
        return messages.getFirst();
    }

    private static List<AwsJsonStub.Call> calls(String target) {
        return aws.calls().stream().filter(c -> target.equals(c.target())).toList();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> withAccount(Map<String, Object> event, String account) {
        Map<String, Object> jwt = (Map<String, Object>) ((Map<String, Object>) ((Map<String, Object>)
                event.get("requestContext")).get("authorizer")).get("jwt");
        ((Map<String, Object>) jwt.get("claims")).put("account", account);
        return event;
    }

    private static int status(Map<String, Object> response) {
        return ((Number) response.get("statusCode")).intValue();
    }

    private static Map<String, Object> body(Map<String, Object> response) throws IOException {
        return JSON.std.mapFrom((String) response.get("body"));
    }

    private static String readQuietly(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return "(" + e + ")";
        }
    }
}
