// Usage, from the repository root after ./mvnw -q -o package -DskipTests -DskipNpm:
//   /usr/lib/jvm/temurin-25-jdk-amd64/bin/java -cp "bench/target/classes:bench/target/lib/*" dev.orderreturns.bench.ColdStartFloor
//       [--runs 5] [--handlers submit,read,refund] [--configs managed,custom,primed] [--task aot-runtime/target/task]
//       [--tool-options "JVM flags instead of the template's JAVA_TOOL_OPTIONS"] [--classes false]
package dev.orderreturns.bench;

import dev.orderreturns.domain.RefundJob;
import dev.orderreturns.domain.RefundQueue;
import dev.orderreturns.domain.ReturnDesk;
import dev.orderreturns.domain.ReturnFields;
import dev.orderreturns.domain.ReturnRequest;
import dev.orderreturns.local.AwsJsonStub;
import dev.orderreturns.local.FunctionProcess;
import dev.orderreturns.local.LambdaRuntimeApi;
import dev.orderreturns.local.LocalStack;
import dev.orderreturns.local.RepoPaths;
import dev.orderreturns.local.SamTemplate;
import dev.orderreturns.store.dynamodb.DynamoDbOrderStore;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Cold starts of the real artifacts against their floor, measured as Lambda would see them: a
 * function's process is spawned with its Lambda environment and takes one event from a local
 * Runtime API ({@link LambdaRuntimeApi}, {@link FunctionProcess}); "init" is spawn to its first
 * {@code /next}, "first" is spawn to its answer reaching the Runtime API.
 *
 * <p>Three configurations: <b>managed</b>, the full JDK with the template's {@code JAVA_TOOL_OPTIONS},
 * the functions' jar and the Runtime Interface Client, as the {@code java25} managed runtime runs
 * it; <b>custom</b>, the packaged custom runtime's {@code bootstrap} (jlinked JRE and AOT cache;
 * skipped with one line when it is not built); <b>primed</b>, managed with {@code PRIME_AT_INIT=true},
 * so SnapStart's priming runs during init, as a snapshot would hold it: its first answer shows
 * what priming takes off, its init what it costs (paid once per snapshot on SnapStart, not per start).
 *
 * <p>The floor: interleaved with every function run, a fresh JVM (the same java and flags) that
 * makes one raw HTTP call to the same dynalite and exits ({@link FloorProbe}); spawn to its answer.
 * Each line of the summary is a configuration's medians and their ratio to its own floor's median.
 *
 * <p>Events: submit, a POST return for an order imported over the local stack's API just before;
 * read, GET that order; refund processor, one SQS record naming a PENDING return written just before
 * (by a desk in this process, so the stack's own processor never sees it). The functions' refund
 * jobs go to a queue of their own and their events to a stub bus, so the stack does no work for them
 * while the next run is timed.
 */
public final class ColdStartFloor {

    private static PrintStream OUT = System.out;
    private static final String RIC_MAIN = "com.amazonaws.services.lambda.runtime.api.client.AWSLambda";
    private static final Duration TIMEOUT = Duration.ofSeconds(120);

    record Handler(String name, String functionId, String event) {
    }

    /** How one configuration of one handler was started, to start it once more with class loading logged. */
    record Setup(Handler handler, SamTemplate.Function function, List<String> command, Path taskRoot,
                 Map<String, String> extraEnv, String orderPrefix) {
    }

    /** One timed start: spawn to first /next and to the first answer, in ms. */
    record Start(double initMs, double firstMs) {
    }

    private ColdStartFloor() {
    }

    public static void main(String[] args) throws Exception {
        OUT = BenchHttp.redirectStackLogs("coldstart-floor");
        Map<String, String> options = options(args);
        int runs = Integer.parseInt(options.getOrDefault("runs", "5"));
        List<String> handlerNames = List.of(options.getOrDefault("handlers", "submit,read,refund").split(","));
        List<String> configs = new ArrayList<>(List.of(options.getOrDefault("configs", "managed,custom,primed").split(",")));
        Path root = RepoPaths.root();
        Path lambdaJar = root.resolve("functions/target/functions-lambda.jar");
        Path lib = root.resolve("bench/target/lib");
        if (!Files.isRegularFile(lambdaJar) || !Files.isDirectory(lib)) {
            System.err.println("run ./mvnw -q -o package -DskipTests -DskipNpm first");
            System.exit(2);
        }
        String runtimeClasspath = lambdaJar + File.pathSeparator + runtimeInterfaceClient(lib);
        Path task = root.resolve(options.getOrDefault("task", "aot-runtime/target/task")).normalize();
        Path jlinkedJava = task.resolve("jre/bin/java");
        if (configs.contains("custom") && !Files.isExecutable(task.resolve("bootstrap"))) {
            OUT.println("custom runtime: no executable " + task.resolve("bootstrap")
                    + " (built by ./mvnw -Paot-runtime package); that configuration is skipped");
            configs.remove("custom");
        }
        String java = ProcessHandle.current().info().command().orElseThrow();
        Path floorJar = writeFloorJar();

        LocalStack stack = LocalStack.start(LocalStack.Options.defaults().withPort(0).withAccessLog(false));
        AwsJsonStub eventBus = AwsJsonStub.start();
        String benchQueue = null;
        try {
            SamTemplate template = stack.template();
            BenchHttp http = new BenchHttp(stack.baseUrl());
            String account = "floor-" + UUID.randomUUID().toString().substring(0, 8);
            String token = http.token(account);
            benchQueue = stack.resources().sqs().createQueue(b -> b.queueName("coldstart-floor-"
                    + UUID.randomUUID().toString().substring(0, 8))).queueUrl();
            Map<String, String> configuration = new LinkedHashMap<>(stack.configuration());
            configuration.put("REFUND_QUEUE_URL", benchQueue);
            configuration.put("EVENTBRIDGE_ENDPOINT", eventBus.endpoint());
            configuration.putIfAbsent("AWS_ACCESS_KEY_ID", "local");
            configuration.putIfAbsent("AWS_SECRET_ACCESS_KEY", "local");
            if (options.containsKey("tool-options")) { // to try other flags: every JVM here, floors included
                configuration.put("JAVA_TOOL_OPTIONS", options.get("tool-options"));
            }
            String toolOptions = configuration.getOrDefault("JAVA_TOOL_OPTIONS", "");
            String floorUrl = stack.dynamoEndpoint();
            DynamoDbOrderStore store = new DynamoDbOrderStore(stack.resources().dynamoDb(),
                    stack.resources().tableName("OrdersTable"));
            ReturnDesk desk = new ReturnDesk(store, NO_QUEUE, Clock.systemUTC(),
                    () -> UUID.randomUUID().toString().replace("-", ""));

            List<Handler> handlers = new ArrayList<>();
            for (String name : handlerNames) {
                handlers.add(switch (name) {
                    case "submit" -> new Handler(name, "WriteApiFunction", "post-return.json");
                    case "read" -> new Handler(name, "ReadApiFunction", "get-order.json");
                    case "refund" -> new Handler(name, "RefundProcessorFunction", "sqs-refund-batch.json");
                    default -> throw new IllegalArgumentException("unknown handler " + name);
                });
            }

            OUT.println("cold start against its floor: " + runs + " runs of " + handlerNames + " x " + configs
                    + ", each run next to a floor run");
            OUT.println("  java (managed, primed, their floor): " + java + " " + System.getProperty("java.runtime.version"));
            OUT.println("  JAVA_TOOL_OPTIONS (template, every JVM here): " + toolOptions);
            OUT.println("  managed classpath: " + runtimeClasspath);
            if (configs.contains("custom")) {
                OUT.println("  custom: " + task.resolve("bootstrap") + "; its floor: " + jlinkedJava
                        + " -XX:+UseSerialGC --enable-native-access=ALL-UNNAMED (the bootstrap's flags)");
            }
            OUT.println("  custom runs with ORDER_RETURNS_AOT=require when aot/<Handler>.aot is there, else =off"
                    + " and are labelled custom-nocache");
            OUT.println("  floor: one ListTables POST to " + floorUrl + " with HttpURLConnection, then exit");
            OUT.println("  machine before: " + BenchHttp.machineLoad());
            OUT.println();
            http.importSampleOrder(root, token, account + "-warmup");

            Map<String, List<Start>> starts = new LinkedHashMap<>();
            Map<String, List<Double>> floors = new LinkedHashMap<>();
            Map<String, Setup> setups = new LinkedHashMap<>();
            OUT.println(String.format(Locale.ROOT, "%-4s %-7s %-14s %9s %9s %9s %8s", "run", "handler", "config",
                    "floor", "init", "first", "first/fl"));
            for (int run = 1; run <= runs; run++) {
                for (Handler handler : handlers) {
                    SamTemplate.Function function = template.functions().get(handler.functionId());
                    for (String config : configs) {
                        String orderId = account + "-" + handler.name() + "-" + config + "-" + run;
                        http.importSampleOrder(root, token, orderId);
                        byte[] event = event(root, handler, account, orderId, desk);
                        Thread.sleep(300); // the parent's own work settles before the child is timed
                        String floorJava = config.equals("custom") ? jlinkedJava.toString() : java;
                        // the bootstrap's own flags beside the template's, for its floor too
                        List<String> floorFlags = config.equals("custom")
                                ? List.of("-XX:+UseSerialGC", "--enable-native-access=ALL-UNNAMED") : List.of();
                        double floor = floor(floorJava, floorFlags, toolOptions, floorJar, floorUrl);
                        List<String> command = switch (config) {
                            case "custom" -> List.of(task.resolve("bootstrap").toString());
                            default -> List.of(java, "-cp", runtimeClasspath, RIC_MAIN, function.handler());
                        };
                        Path taskRoot = config.equals("custom") ? task : lambdaJar.getParent();
                        // with its cache, or a run that says it went without: never a silent fallback
                        String label = config;
                        Map<String, String> extraEnv = new LinkedHashMap<>();
                        if (config.equals("primed")) {
                            extraEnv.put("PRIME_AT_INIT", "true");
                        } else if (config.equals("custom")) {
                            String handlerClass = function.handler().substring(0, function.handler().indexOf("::"));
                            boolean cached = Files.isRegularFile(task.resolve("aot")
                                    .resolve(handlerClass.substring(handlerClass.lastIndexOf('.') + 1) + ".aot"));
                            extraEnv.put("ORDER_RETURNS_AOT", cached ? "require" : "off");
                            label = cached ? "custom" : "custom-nocache";
                        }
                        Start start = start(function, configuration, command, taskRoot, extraEnv, event, handler);
                        String key = handler.name() + " " + label;
                        starts.computeIfAbsent(key, k -> new ArrayList<>()).add(start);
                        setups.put(key, new Setup(handler, function, command, taskRoot, extraEnv,
                                account + "-" + handler.name() + "-" + config + "-classes"));
                        floors.computeIfAbsent(key, k -> new ArrayList<>()).add(floor);
                        OUT.println(String.format(Locale.ROOT, "%-4d %-7s %-14s %9s %9s %9s %8s", run, handler.name(),
                                label, BenchHttp.ms(floor), BenchHttp.ms(start.initMs()),
                                BenchHttp.ms(start.firstMs()), ratio(start.firstMs(), floor)));
                    }
                }
            }
            OUT.println();
            OUT.println("medians of " + runs + " (ms; spawn -> first /next = init, spawn -> first answer = first;"
                    + " ratios to the floor median of the same configuration's runs)");
            OUT.println(String.format(Locale.ROOT, "%-7s %-14s %9s %9s %9s %10s %10s %s", "handler", "config", "floor",
                    "init", "first", "first/fl", "init/fl", "target"));
            for (Map.Entry<String, List<Start>> e : starts.entrySet()) {
                String[] hc = e.getKey().split(" ");
                double floor = BenchHttp.median(floors.get(e.getKey()).stream().mapToDouble(Double::doubleValue).toArray());
                double init = BenchHttp.median(e.getValue().stream().mapToDouble(Start::initMs).toArray());
                double first = BenchHttp.median(e.getValue().stream().mapToDouble(Start::firstMs).toArray());
                String target = !hc[0].equals("submit") || hc[1].equals("custom-nocache") ? ""
                        : hc[1].equals("custom") ? "<= 2x: " + (first <= 2 * floor ? "met" : "MISSED")
                        : hc[1].equals("managed") ? "<= 4x: " + (first <= 4 * floor ? "met" : "MISSED") : "";
                OUT.println(String.format(Locale.ROOT, "%-7s %-14s %9s %9s %9s %10s %10s %s", hc[0], hc[1],
                        BenchHttp.ms(floor), BenchHttp.ms(init), BenchHttp.ms(first), ratio(first, floor),
                        ratio(init, floor), target));
            }
            for (Handler handler : handlers) {
                List<Start> managed = starts.get(handler.name() + " managed");
                List<Start> primed = starts.get(handler.name() + " primed");
                if (managed != null && primed != null) {
                    double m = BenchHttp.median(managed.stream().mapToDouble(s -> s.firstMs() - s.initMs()).toArray());
                    double p = BenchHttp.median(primed.stream().mapToDouble(s -> s.firstMs() - s.initMs()).toArray());
                    OUT.println("  " + handler.name() + ": first /next -> answer, managed " + BenchHttp.ms(m)
                            + " ms, primed " + BenchHttp.ms(p) + " ms: priming takes " + BenchHttp.ms(m - p)
                            + " ms off the first answer's own part");
                }
            }
            OUT.println("  machine after: " + BenchHttp.machineLoad());
            if (!options.getOrDefault("classes", "true").equals("false")) {
                classLoads(setups, configuration, toolOptions, root, http, token, account, desk);
            }
        } finally {
            BenchHttp.deleteQueueQuietly(stack, benchQueue);
            stack.close();
            eventBus.close();
        }
    }

    /**
     * One more start of each configuration, not in the medians, with {@code -Xlog:class+load}: how
     * many classes the JVM loaded by the first {@code /next} and by the first answer (JVM uptime
     * against the spawn-based times, so a few ms of fork and exec blur the edges), and how many of
     * them came from an archive (the JDK's CDS, or the custom runtime's AOT cache) rather than being
     * read, parsed and verified from a jar.
     */
    private static void classLoads(Map<String, Setup> setups, Map<String, String> configuration, String toolOptions,
                                   Path root, BenchHttp http, String token, String account, ReturnDesk desk)
            throws Exception {
        OUT.println();
        OUT.println("classes loaded, one extra start each with -Xlog:class+load (not in the medians; the logging slows it)");
        OUT.println(String.format(Locale.ROOT, "%-7s %-14s %9s %9s %12s %12s %12s", "handler", "config", "init ms",
                "first ms", "by 1st /next", "by answer", "of which archived"));
        for (Map.Entry<String, Setup> e : setups.entrySet()) {
            Setup setup = e.getValue();
            Path log = Files.createTempFile("coldstart-floor-classes", ".log");
            try {
                http.importSampleOrder(root, token, setup.orderPrefix());
                byte[] event = event(root, setup.handler(), account, setup.orderPrefix(), desk);
                Map<String, String> traced = new LinkedHashMap<>(configuration);
                traced.put("JAVA_TOOL_OPTIONS", (toolOptions + " -Xlog:class+load=info:file=" + log + ":uptime").trim());
                Thread.sleep(300);
                Start start = start(setup.function(), traced, setup.command(), setup.taskRoot(), setup.extraEnv(), event,
                        setup.handler());
                int byInit = 0;
                int byAnswer = 0;
                int archived = 0;
                for (String line : Files.readAllLines(log)) {
                    if (!line.startsWith("[") || !line.contains("s] ")) continue;
                    double uptimeMs = Double.parseDouble(line.substring(1, line.indexOf("s]"))) * 1000;
                    if (uptimeMs <= start.initMs()) byInit++;
                    if (uptimeMs <= start.firstMs()) {
                        byAnswer++;
                        if (line.contains("source: shared objects file")) archived++;
                    }
                }
                String[] hc = e.getKey().split(" ");
                OUT.println(String.format(Locale.ROOT, "%-7s %-14s %9s %9s %12d %12d %12d", hc[0], hc[1],
                        BenchHttp.ms(start.initMs()), BenchHttp.ms(start.firstMs()), byInit, byAnswer, archived));
            } finally {
                Files.deleteIfExists(log);
            }
        }
    }

    /** The function's process, its one event, its answer checked. */
    private static Start start(SamTemplate.Function function, Map<String, String> configuration, List<String> command,
                               Path taskRoot, Map<String, String> extraEnv, byte[] event, Handler handler) {
        List<String> logs = new CopyOnWriteArrayList<>();
        try (FunctionProcess process = FunctionProcess.launch(function, configuration, command, taskRoot, extraEnv,
                logs::add)) {
            LambdaRuntimeApi.Answer answer;
            try {
                answer = process.invoke(event, TIMEOUT);
            } catch (FunctionProcess.InvocationFailed e) {
                throw new IllegalStateException(handler.name() + ": " + e.getMessage() + "\n" + String.join("\n", logs), e);
            }
            check(handler, answer.bodyText(), logs);
            double first = (answer.answeredAtNanos() - process.spawnedAtNanos()) / 1e6;
            double init = (process.api().firstPollNanos().orElseThrow() - process.spawnedAtNanos()) / 1e6;
            process.stop(Duration.ofSeconds(5));
            return new Start(init, first);
        }
    }

    /** A 201 for a return, a 200 for the order, no failed message for the refund job. */
    private static void check(Handler handler, String body, List<String> logs) {
        Map<String, Object> answer = BenchHttp.json(body);
        boolean ok = switch (handler.name()) {
            case "submit" -> Integer.valueOf(201).equals(number(answer.get("statusCode")));
            case "read" -> Integer.valueOf(200).equals(number(answer.get("statusCode")));
            default -> answer.get("batchItemFailures") instanceof List<?> l && l.isEmpty() && refunded(logs);
        };
        if (!ok) {
            throw new IllegalStateException(handler.name() + " answered " + body + "\n" + String.join("\n", logs));
        }
    }

    /** The refund processor's report of the job, read from its log (its lines may trail the answer a little). */
    private static boolean refunded(List<String> logs) {
        for (int wait = 0; wait < 40; wait++) {
            if (logs.stream().anyMatch(line -> line.contains("refund.refunded") && line.contains("\"REFUNDED\""))) {
                return true;
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return false;
    }

    private static Integer number(Object value) {
        return value instanceof Number n ? n.intValue() : null;
    }

    /** The floor: spawn to the answer of one raw HTTP call, in a fresh JVM with the same java and flags. */
    private static double floor(String java, List<String> flags, String toolOptions, Path floorJar, String url)
            throws Exception {
        List<String> command = new ArrayList<>(List.of(java));
        command.addAll(flags);
        command.addAll(List.of("-cp", floorJar.toString(), FloorProbe.class.getName(), url));
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().clear();
        pb.environment().put("PATH", "/usr/local/bin:/usr/bin/:/bin");
        if (!toolOptions.isEmpty()) {
            pb.environment().put("JAVA_TOOL_OPTIONS", toolOptions);
        }
        pb.redirectErrorStream(true);
        Instant spawnAt = Instant.now();
        Process process = pb.start();
        String output;
        try (InputStream in = process.getInputStream()) {
            output = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            process.destroyForcibly();
            throw new IllegalStateException("the floor JVM failed: " + output);
        }
        String line = output.lines().filter(l -> l.startsWith("FLOOR ")).findFirst()
                .orElseThrow(() -> new IllegalStateException("the floor JVM printed no answer: " + output));
        if (!line.contains("status=200")) {
            throw new IllegalStateException("dynalite did not answer 200: " + line);
        }
        long answeredUs = Long.parseLong(line.substring(line.indexOf("answeredEpochUs=") + 16).trim());
        long spawnUs = spawnAt.getEpochSecond() * 1_000_000L + spawnAt.getNano() / 1_000;
        return (answeredUs - spawnUs) / 1000.0;
    }

    /** The handler's event for this run's order (and, for the refund processor, its new PENDING return). */
    @SuppressWarnings("unchecked")
    private static byte[] event(Path root, Handler handler, String account, String orderId, ReturnDesk desk) {
        Map<String, Object> event = BenchHttp.event(root, handler.event());
        if (handler.name().equals("refund")) {
            ReturnRequest request = new ReturnRequest(List.of(new ReturnRequest.Units(0, 1),
                    new ReturnRequest.Units(2, 2)), 1200, "Shipping refund", "RET-1001", "Customer changed their mind",
                    ReturnFields.form(2));
            String returnId = desk.submitReturn(account, orderId, request, null, null, "bench").submitted().returnId();
            List<Object> records = (List<Object>) event.get("Records");
            Map<String, Object> record = new LinkedHashMap<>((Map<String, Object>) records.getFirst());
            record.put("body", BenchHttp.toJson(Map.of("account", account, "orderId", orderId, "returnId", returnId)));
            record.put("messageId", UUID.randomUUID().toString());
            event.put("Records", List.of(record));
        } else {
            ((Map<String, Object>) event.get("pathParameters")).put("orderId", orderId);
            event.put("rawPath", ((String) event.get("rawPath")).replace("1234567890-01", orderId));
            Map<String, Object> context = (Map<String, Object>) event.get("requestContext");
            Map<String, Object> httpPart = (Map<String, Object>) context.get("http");
            httpPart.put("path", ((String) httpPart.get("path")).replace("1234567890-01", orderId));
            Map<String, Object> claims = (Map<String, Object>) ((Map<String, Object>) ((Map<String, Object>)
                    context.get("authorizer")).get("jwt")).get("claims");
            claims.put("account", account);
            ((Map<String, Object>) event.get("headers")).remove("idempotency-key");
            context.put("requestId", UUID.randomUUID().toString());
        }
        return BenchHttp.toJson(event).getBytes(StandardCharsets.UTF_8);
    }

    /** The refund processor's PENDING returns are written here without a job: nobody but the timed child pays them. */
    private static final RefundQueue NO_QUEUE = new RefundQueue() {
        @Override
        public void send(RefundJob job) {
        }

        @Override
        public void send(RefundJob job, Instant notBefore) {
        }
    };


    /** The Runtime Interface Client and what it needs, from bench/target/lib, as the managed runtime ships them. */
    private static String runtimeInterfaceClient(Path lib) throws IOException {
        List<String> wanted = List.of("aws-lambda-java-runtime-interface-client-", "aws-lambda-java-serialization-",
                "aws-lambda-java-core-", "utils-lite-");
        try (Stream<Path> jars = Files.list(lib)) {
            List<Path> found = jars.filter(p -> wanted.stream().anyMatch(w -> p.getFileName().toString().startsWith(w)))
                    .sorted().toList();
            if (found.size() < wanted.size()) {
                throw new IllegalStateException("bench/target/lib lacks the runtime interface client's jars: " + found);
            }
            return found.stream().map(Path::toString).collect(Collectors.joining(File.pathSeparator));
        }
    }

    private static Path writeFloorJar() throws IOException {
        Path dir = Path.of(System.getProperty("java.io.tmpdir"), "order-returns-coldstart");
        Files.createDirectories(dir);
        Path jar = dir.resolve("floor-probe.jar");
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().putValue("Manifest-Version", "1.0");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar), manifest)) {
            String entry = FloorProbe.class.getName().replace('.', '/') + ".class";
            try (InputStream in = FloorProbe.class.getResourceAsStream("FloorProbe.class")) {
                out.putNextEntry(new JarEntry(entry));
                in.transferTo(out);
                out.closeEntry();
            }
        }
        return jar;
    }

    private static Map<String, String> options(String[] args) {
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            if (!args[i].startsWith("--")) throw new IllegalArgumentException("expected --name value, got " + Arrays.toString(args));
            options.put(args[i].substring(2), args[i + 1]);
        }
        return options;
    }

    private static String ratio(double value, double floor) {
        return String.format(Locale.ROOT, "%.2fx", value / floor);
    }

}
