package dev.orderreturns.aot;

import com.fasterxml.jackson.jr.ob.JSON;
import dev.orderreturns.local.FunctionProcess;
import dev.orderreturns.local.LocalStack;
import dev.orderreturns.local.SamTemplate;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Trains one AOT cache per function: a throwaway local stack (in-memory dynalite, embedded ElasticMQ,
 * the sandbox providers: nothing is kept, no real provider is called), and for each function its
 * task's own {@code bootstrap} started in training mode as Lambda would start it (the function's
 * environment, the local Runtime API), fed the function's files from {@code events/} in the order a
 * store's day runs them, then sent SIGTERM, on which the JVM records what it loaded and linked
 * ({@code aot/<HandlerClass>.aotconf}); the bootstrap's assemble mode then builds
 * {@code aot/<HandlerClass>.aot} from that record with the same JVM, flags and classpath.
 *
 * <p>One cache per function rather than one for all: the runtime interface client serves one handler
 * per process, so each process loads only its handler's classes, and a cache trained on one handler
 * would leave the others' classes to be loaded from the jar.
 */
public final class AotTraining {

    /** One invocation of the plan: an event file, with text replaced by what earlier answers told. */
    record Step(String function, String file, Map<String, String> replacements) {}

    /** What one function's training did. */
    public record Trained(String function, Path cache, List<String> answers, Duration took) {}

    private static final Duration INVOCATION_TIMEOUT = Duration.ofMinutes(2);
    /** Writing the training record at exit, and assembling the cache from it, take some seconds each. */
    private static final Duration DUMP_GRACE = Duration.ofMinutes(5);

    private final TaskLayout task;
    private final Path template;
    private final Path events;
    private final Consumer<String> log;

    public AotTraining(TaskLayout task, Path template, Path events, Consumer<String> log) {
        this.task = task;
        this.template = template;
        this.events = events;
        this.log = log;
    }

    /** Trains every function the template declares; fails if one has no steps or answers an error. */
    public List<Trained> trainAll() throws IOException {
        SamTemplate sam = SamTemplate.load(template);
        List<Trained> trained = new ArrayList<>();
        try (LocalStack stack = LocalStack.start(LocalStack.Options.defaults().withTemplate(template)
                .withPort(0).withAccessLog(false))) {
            Map<String, String> learned = new LinkedHashMap<>();
            for (String function : sam.functions().keySet()) {
                trained.add(train(sam.functions().get(function), stack.configuration(), learned));
            }
        }
        return trained;
    }

    private Trained train(SamTemplate.Function function, Map<String, String> configuration,
                          Map<String, String> learned) throws IOException {
        List<Step> steps = plan().stream().filter(s -> s.function().equals(function.logicalId())).toList();
        if (steps.isEmpty()) {
            throw new IllegalStateException("no training events for " + function.logicalId()
                    + "; add its events/ files to AotTraining.plan()");
        }
        Path cache = task.aot().resolve(function.handlerClass().substring(function.handlerClass().lastIndexOf('.') + 1)
                + ".aot");
        Files.deleteIfExists(cache);
        Files.deleteIfExists(recordOf(cache));
        long started = System.nanoTime();
        List<String> answers = new ArrayList<>();
        try (FunctionProcess process = bootstrap(function, configuration, "train")) {
            try {
                for (Step step : steps) {
                    byte[] event = eventFor(step, learned);
                    String answer = process.invoke(event, INVOCATION_TIMEOUT).bodyText();
                    check(step, answer);
                    learn(step, answer, learned);
                    answers.add(step.file() + " -> " + summary(answer));
                }
            } finally {
                int code = process.stop(DUMP_GRACE);
                log.accept(function.logicalId() + " | ended with " + code + " after SIGTERM");
            }
        }
        assemble(function, configuration, cache);
        return new Trained(function.logicalId(), cache, answers, Duration.ofNanos(System.nanoTime() - started));
    }

    /**
     * The second step: the same bootstrap, environment and flags in {@code assemble} mode build the
     * cache from the record the training wrote at SIGTERM; the record is not shipped.
     */
    private void assemble(SamTemplate.Function function, Map<String, String> configuration, Path cache)
            throws IOException {
        Path record = recordOf(cache);
        if (!Files.isRegularFile(record)) {
            throw new IllegalStateException(function.logicalId() + ": the training JVM wrote no record at " + record
                    + " (its log above says why)");
        }
        try (FunctionProcess process = bootstrap(function, configuration, "assemble")) {
            int code;
            try {
                if (!process.process().waitFor(DUMP_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
                    throw new IllegalStateException(function.logicalId() + ": assembling " + cache + " took over " + DUMP_GRACE);
                }
                code = process.process().exitValue();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while assembling " + cache, e);
            }
            if (code != 0 || !Files.isRegularFile(cache) || Files.size(cache) == 0) {
                throw new IllegalStateException(function.logicalId() + ": assembling " + cache + " failed with exit code "
                        + code + " (its log above says why)");
            }
        }
        Files.delete(record);
    }

    /** The training record the bootstrap writes beside a cache ({@code X.aot} -> {@code X.aotconf}). */
    private static Path recordOf(Path cache) {
        return cache.resolveSibling(cache.getFileName().toString().replaceFirst("\\.aot$", ".aotconf"));
    }

    /** The task's own bootstrap for {@code function} in one of its AOT modes, its lines in the training log. */
    private FunctionProcess bootstrap(SamTemplate.Function function, Map<String, String> configuration, String aotMode) {
        return FunctionProcess.launch(function, configuration, List.of(task.bootstrap().toString()), task.task(),
                Map.of("ORDER_RETURNS_AOT", aotMode), line -> log.accept(function.logicalId() + " | " + line));
    }

    /**
     * Which function takes which file, in the order a day at the store runs them (as LocalInvokeTest
     * drives them): the order and its sale invoice, a return and its entrance invoice, the reads, the
     * refund job for that return (and a poison record), the desk's lists, and the reconciler.
     * {@code {returnId}}, {@code {partId}} and {@code {today}} come from earlier answers and the clock.
     */
    static List<Step> plan() {
        return List.of(
                new Step("WriteApiFunction", "put-order.json", Map.of()),
                new Step("WriteApiFunction", "post-invoice-output.json", Map.of()),
                new Step("WriteApiFunction", "post-return.json", Map.of()),
                new Step("WriteApiFunction", "post-invoice-input.json", Map.of()),
                new Step("WriteApiFunction", "put-order.json", Map.of()),
                new Step("WriteApiFunction", "post-manual-refund.json", Map.of(
                        "ret-45be40257530440b95346b9b4356f134", "{returnId}",
                        "chargeback-D3DEECAB3C6C4B9EAF8EF4C1FE062FF3", "{partId}")),
                new Step("ReadApiFunction", "get-order.json", Map.of()),
                new Step("ReadApiFunction", "get-returns.json", Map.of()),
                new Step("ReadApiFunction", "get-return.json", Map.of("ret-00000000000000000000000000", "{returnId}")),
                new Step("ReadApiFunction", "list-returns.json", Map.of()),
                new Step("ReadApiFunction", "export-returns.json", Map.of("2025-11-01", "{today}", "2025-11-30", "{tomorrow}")),
                new Step("ReadApiFunction", "get-return.json", Map.of("ret-00000000000000000000000000", "{returnId}")),
                new Step("RefundProcessorFunction", "sqs-refund-batch.json",
                        Map.of("ret-00000000000000000000000000", "{returnId}")),
                new Step("ReconcilerFunction", "scheduled-reconcile.json", Map.of()));
    }

    private byte[] eventFor(Step step, Map<String, String> learned) throws IOException {
        String text = Files.readString(events.resolve(step.file()));
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        for (Map.Entry<String, String> replacement : step.replacements().entrySet()) {
            String value = replacement.getValue()
                    .replace("{today}", today.toString())
                    .replace("{tomorrow}", today.plusDays(1).toString());
            if (value.contains("{returnId}")) value = value.replace("{returnId}", require(learned, "returnId", step));
            if (value.contains("{partId}")) value = value.replace("{partId}", require(learned, "partId", step));
            text = text.replace(replacement.getKey(), value);
        }
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static String require(Map<String, String> learned, String name, Step step) {
        String value = learned.get(name);
        if (value == null) throw new IllegalStateException(step.file() + " needs a " + name + " no earlier step answered");
        return value;
    }

    /** An API answer must not be a 5xx (a 4xx is a path worth training too); a batch must answer its failures. */
    static void check(Step step, String answer) {
        Map<String, Object> json = parse(answer);
        if (json.get("statusCode") instanceof Number status && status.intValue() >= 500) {
            throw new IllegalStateException(step.function() + " answered " + step.file() + " with " + status + ": " + answer);
        }
        if (step.file().startsWith("sqs-") && !(json.get("batchItemFailures") instanceof List)) {
            throw new IllegalStateException(step.function() + " answered " + step.file() + " without batchItemFailures: " + answer);
        }
    }

    @SuppressWarnings("unchecked")
    private static void learn(Step step, String answer, Map<String, String> learned) {
        if (!step.file().equals("post-return.json") && !step.file().equals("get-return.json")) return;
        Object body = parse(answer).get("body");
        if (!(body instanceof String text)) return;
        Map<String, Object> view = parse(text);
        if (view.get("returnId") instanceof String returnId) learned.putIfAbsent("returnId", returnId);
        if (view.get("refund") instanceof Map<?, ?> refund && refund.get("parts") instanceof List<?> parts
                && !parts.isEmpty() && ((Map<String, Object>) parts.getFirst()).get("partId") instanceof String partId) {
            learned.putIfAbsent("partId", partId);
        }
    }

    private static String summary(Object answer) {
        Map<String, Object> json = parse(answer.toString());
        if (json.get("statusCode") != null) return "HTTP " + json.get("statusCode");
        return json.keySet().toString();
    }

    private static Map<String, Object> parse(String json) {
        try {
            return JSON.std.mapFrom(json);
        } catch (IOException e) {
            throw new UncheckedIOException("not a JSON object: " + json, e);
        }
    }
}
