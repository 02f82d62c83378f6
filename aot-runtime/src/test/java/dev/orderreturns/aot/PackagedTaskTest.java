package dev.orderreturns.aot;

import com.fasterxml.jackson.jr.ob.JSON;
import dev.orderreturns.local.FunctionProcess;
import dev.orderreturns.local.LambdaRuntimeApi;
import dev.orderreturns.local.LocalStack;
import dev.orderreturns.local.RepoPaths;
import dev.orderreturns.local.SamTemplate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The packaged task as Lambda would run it: its {@code bootstrap} in a process of its own with a
 * function's environment, taking events from the local Runtime API, against a local stack of its own.
 * Every process runs with {@code ORDER_RETURNS_AOT=require} ({@code -XX:AOTMode=on}: no start without
 * the cache) and {@code -Xlog:class+load}, so each answer also shows which classes came from the cache.
 * (On JDK 25.0.3 {@code AOTMode=on} alone proves less than it says: a cache made by the training's
 * second step is not checked against the classpath's jars at all, JDK-8377932, fixed in 25.0.4. The
 * class-loading log is the proof that holds.)
 *
 * <p>Runs at integration-test, after {@code package} made {@code target/task} and the zip.
 */
@Tag("packaged")
class PackagedTaskTest {

    private static final Duration TIMEOUT = Duration.ofMinutes(1);
    private static final String FROM_CACHE = "source: shared objects file";
    private static LocalStack stack;
    private static SamTemplate sam;
    private static Path task;

    @BeforeAll
    static void start() {
        task = Path.of(System.getProperty("aot.task", "target/task")).toAbsolutePath();
        assertTrue(Files.isExecutable(task.resolve("bootstrap")), "build the task first: ./mvnw -Paot-runtime package");
        stack = LocalStack.start(LocalStack.Options.defaults().withPort(0).withAccessLog(false));
        sam = SamTemplate.load(RepoPaths.template());
    }

    @AfterAll
    static void stop() {
        if (stack != null) stack.close();
    }

    /** One function's execution environment running the packaged bootstrap from {@code root}. */
    private static final class Packaged implements AutoCloseable {
        final List<String> log = Collections.synchronizedList(new ArrayList<>());
        final LambdaRuntimeApi api;
        final FunctionProcess process;

        Packaged(String function, Path root) {
            SamTemplate.Function fn = sam.functions().get(function);
            api = LambdaRuntimeApi.start(FunctionProcess.functionArn(fn));
            Map<String, String> env = new LinkedHashMap<>(FunctionProcess.lambdaEnvironment(fn, stack.configuration(), api, root));
            env.put("ORDER_RETURNS_AOT", "require");
            env.put("ORDER_RETURNS_JAVA_OPTS", "-Xlog:class+load=info:stdout:none");
            process = FunctionProcess.start(List.of(root.resolve("bootstrap").toString()), root, env, api, log::add);
        }

        Map<String, Object> invoke(String eventFile, String... replacements) throws IOException {
            String text = Files.readString(RepoPaths.root().resolve("events").resolve(eventFile));
            for (int i = 0; i < replacements.length; i += 2) text = text.replace(replacements[i], replacements[i + 1]);
            return JSON.std.mapFrom(process.invoke(text.getBytes(StandardCharsets.UTF_8), TIMEOUT).bodyText());
        }

        /** Classes of {@code prefix} the JVM loaded, and how many of them came from the AOT cache. */
        long[] loaded(String prefix) {
            List<String> lines;
            synchronized (log) {
                lines = List.copyOf(log);
            }
            List<String> ours = lines.stream().filter(l -> l.startsWith(prefix)).toList();
            return new long[] {ours.size(), ours.stream().filter(l -> l.contains(FROM_CACHE)).count()};
        }

        void assertFromCache(String className) {
            synchronized (log) {
                assertTrue(log.stream().anyMatch(l -> l.equals(className + " " + FROM_CACHE)),
                        className + " was not loaded from the AOT cache; the process printed:\n"
                                + String.join("\n", log.stream().filter(l -> l.contains(className) || !l.contains(" source: ")).toList()));
            }
        }

        @Override
        public void close() {
            process.close();
            api.close();
        }
    }

    private static Map<String, Object> body(Map<String, Object> answer) throws IOException {
        return JSON.std.mapFrom((String) answer.get("body"));
    }

    @Test
    void everyFunctionAnswersFromTheTaskWithItsHandlerLoadedFromItsCache() throws IOException {
        String returnId;
        try (Packaged write = new Packaged("WriteApiFunction", task)) {
            assertEquals(201, write.invoke("put-order.json").get("statusCode"));
            assertEquals(200, write.invoke("post-invoice-output.json").get("statusCode"));
            Map<String, Object> submitted = write.invoke("post-return.json");
            assertEquals(201, submitted.get("statusCode"), submitted.toString());
            returnId = (String) body(submitted).get("returnId");
            assertNotNull(returnId);
            write.assertFromCache("dev.orderreturns.functions.WriteApiFunction");
            write.assertFromCache("com.amazonaws.services.lambda.runtime.api.client.AWSLambda");
            long[] ours = write.loaded("dev.orderreturns.");
            assertTrue(ours[0] > 50 && ours[1] * 10 >= ours[0] * 9,
                    "at least 90% of our classes come from the cache: " + ours[1] + " of " + ours[0]);
        }
        try (Packaged read = new Packaged("ReadApiFunction", task)) {
            Map<String, Object> one = read.invoke("get-return.json", "ret-00000000000000000000000000", returnId);
            assertEquals(200, one.get("statusCode"), one.toString());
            assertEquals(returnId, body(one).get("returnId"));
            read.assertFromCache("dev.orderreturns.functions.ReadApiFunction");
        }
        try (Packaged refunds = new Packaged("RefundProcessorFunction", task)) {
            Map<String, Object> batch = refunds.invoke("sqs-refund-batch.json", "ret-00000000000000000000000000", returnId);
            assertEquals(List.of(Map.of("itemIdentifier", "9b3d7e21-44c6-4f0a-8e5d-1c2b3a4d5e6f")),
                    batch.get("batchItemFailures"), "only the poison record is reported failed");
            refunds.assertFromCache("dev.orderreturns.functions.RefundProcessorFunction");
        }
        try (Packaged reconciler = new Packaged("ReconcilerFunction", task)) {
            Map<String, Object> summary = reconciler.invoke("scheduled-reconcile.json");
            assertTrue(summary.containsKey("reenqueued"), summary.toString());
            reconciler.assertFromCache("dev.orderreturns.functions.ReconcilerFunction");
        }
    }

    /**
     * An event the handler cannot read: the runtime interface client reports the error itself, with
     * its own serialization library, on the jlinked runtime that left java.desktop out, and lives on.
     */
    @Test
    void anUnreadableEventIsAnErrorAnswerAndTheRuntimeServesTheNextOne() throws IOException {
        try (Packaged write = new Packaged("WriteApiFunction", task)) {
            FunctionProcess.InvocationFailed failed = assertThrows(FunctionProcess.InvocationFailed.class,
                    () -> write.process.invoke("this is not JSON".getBytes(StandardCharsets.UTF_8), TIMEOUT));
            assertNotNull(failed.answer(), failed.getMessage());
            assertFalse(failed.answer().bodyText().isBlank(), failed.getMessage());
            assertTrue(write.process.process().isAlive(), "the runtime survived the error");
            assertEquals(201, write.invoke("put-order.json", "1234567890-01", "1234567890-02").get("statusCode"));
        }
    }

    /**
     * The zip as Lambda gets it, unpacked elsewhere (unzip restores the modes and the fixed times the
     * cache recorded): bootstrap is executable, and the cache still loads from the new place.
     */
    @Test
    void theZipUnpackedElsewhereStartsWithItsCache(@TempDir Path elsewhere) throws Exception {
        Path zip = Path.of(System.getProperty("aot.zip", "target/order-returns-aot.zip"));
        Process unzip = new ProcessBuilder("unzip", "-q", zip.toString(), "-d", elsewhere.toString())
                .redirectErrorStream(true).start();
        String output = new String(unzip.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, unzip.waitFor(), output);
        assertTrue(Files.isExecutable(elsewhere.resolve("bootstrap")));
        assertTrue(Files.isExecutable(elsewhere.resolve("jre/bin/java")));
        assertEquals(TaskZip.FIXED_TIME, Files.getLastModifiedTime(elsewhere.resolve("lib/functions-lambda.jar")));
        try (Packaged read = new Packaged("ReadApiFunction", elsewhere)) {
            Map<String, Object> missing = read.invoke("get-order.json", "1234567890-01", "no-such-order");
            assertEquals(404, missing.get("statusCode"), missing.toString());
            read.assertFromCache("dev.orderreturns.functions.ReadApiFunction");
        }
    }
}
