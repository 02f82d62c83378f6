// Usage, from the repository root after ./mvnw -q -o -DskipTests package: /usr/lib/jvm/temurin-25-jdk-amd64/bin/java -cp "bench/target/classes:bench/target/lib/*" dev.orderreturns.bench.ColdStart [runs=5] [extra child JVM flags...]
package dev.orderreturns.bench;

import dev.orderreturns.local.AwsJsonStub;
import dev.orderreturns.local.LocalStack;
import dev.orderreturns.local.RepoPaths;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Cold start of the write API function, measured in fresh JVMs. The parent starts the local stack
 * (DynamoDB on dynalite, SQS on ElasticMQ), imports one order per run over the HTTP API, and starts
 * a child JVM per run whose classpath is only {@code functions/target/functions-lambda.jar} and a
 * tiny jar with {@link ColdStartProbe}, with the template's JVM flags and a Lambda-like environment.
 * The probe constructs {@code WriteApiFunction} ("init") and answers a return ("first"), then two more
 * ("second", "third": warm). The parent prints each run, the medians, the jar size, and a class-load
 * breakdown of one extra run (with {@code -Xlog:class+load}, not counted in the medians).
 *
 * <p>The child's refund jobs go to a queue of their own on the same ElasticMQ, so the send succeeds
 * but the parent's refund processor does not compete for the CPU while a child is being timed.
 */
public final class ColdStart {

    /** The console: System.out carries the in-process functions' logs, which go to a file. */
    private static java.io.PrintStream OUT = System.out;

    /** The template's JAVA_TOOL_OPTIONS, and the heap a 1024 MB function would at most get. */
    static final List<String> TEMPLATE_FLAGS = List.of("-XX:+TieredCompilation", "-XX:TieredStopAtLevel=1");
    static final String HEAP = "-Xmx1g";
    private static final String PROBE = ColdStartProbe.class.getName();
    private static final List<String> PROBE_CLASSES = List.of("ColdStartProbe", "ColdStartProbe$Events",
            "ColdStartProbe$EventsBuilt", "ColdStartProbe$InitDone", "ColdStartProbe$FirstDone",
            "ColdStartProbe$SecondDone", "ColdStartProbe$ThirdDone");
    private static final long CHILD_TIMEOUT_SECONDS = 120;

    private ColdStart() {
    }

    record Run(int run, Map<String, String> values, double spawnToMainMs, double spawnToFirstAnswerMs, double exitMs,
               double parentCpuMs, List<String> flags) {
        double d(String key) {
            return Double.parseDouble(values.get(key));
        }
    }

    public static void main(String[] args) throws Exception {
        OUT = BenchHttp.redirectStackLogs("coldstart");
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        List<String> extraFlags = args.length > 1 ? List.of(Arrays.copyOfRange(args, 1, args.length)) : List.of();
        Path root = RepoPaths.root();
        Path lambdaJar = root.resolve("functions/target/functions-lambda.jar");
        if (!Files.isRegularFile(lambdaJar)) {
            System.err.println(lambdaJar + " is missing: run ./mvnw -q -o -DskipTests package first");
            System.exit(2);
        }
        String java = ProcessHandle.current().info().command().orElseThrow(
                () -> new IllegalStateException("cannot tell which java runs this program"));
        Path probeJar = writeProbeJar();

        OUT.println("cold start of WriteApiFunction, " + runs + " fresh JVMs");
        OUT.println("  java:      " + java + " (" + System.getProperty("java.vm.name") + " "
                + System.getProperty("java.runtime.version") + "), " + Runtime.getRuntime().availableProcessors()
                + " CPUs");
        OUT.println("  lambda jar: " + lambdaJar + ", " + Files.size(lambdaJar) + " bytes ("
                + String.format(Locale.ROOT, "%.1f MiB", Files.size(lambdaJar) / 1048576.0) + ")");
        OUT.println("  probe jar:  " + probeJar + ", " + Files.size(probeJar) + " bytes");
        OUT.println("  child JVM flags: " + String.join(" ", childFlags(extraFlags)));
        OUT.println("  machine before: " + BenchHttp.machineLoad());

        LocalStack stack = LocalStack.start(LocalStack.Options.defaults().withPort(0).withAccessLog(false));
        // the child publishes to a stub, not to the stack's bus, which would route the events (CPU in
        // the parent) while the child is timed; its refund jobs go to a queue of their own likewise
        AwsJsonStub eventBus = AwsJsonStub.start();
        String benchQueueUrl = null;
        boolean allCreated = false;
        try {
            BenchHttp http = new BenchHttp(stack.baseUrl());
            String account = "cold-" + UUID.randomUUID().toString().substring(0, 8);
            String token = http.token(account);
            benchQueueUrl = stack.resources().sqs().createQueue(b -> b.queueName("coldstart-bench-"
                    + UUID.randomUUID().toString().substring(0, 8))).queueUrl();
            Map<String, String> env = new LinkedHashMap<>();
            env.put("TABLE_NAME", stack.configuration().get("TABLE_NAME"));
            env.put("REFUND_QUEUE_URL", benchQueueUrl);
            env.put("DYNAMODB_ENDPOINT", stack.dynamoEndpoint());
            env.put("SQS_ENDPOINT", stack.sqsEndpoint());
            env.put("EVENT_BUS_NAME", stack.configuration().get("EVENT_BUS_NAME"));
            env.put("EVENTBRIDGE_ENDPOINT", eventBus.endpoint());
            env.put("AWS_REGION", "us-east-1");
            env.put("AWS_ACCESS_KEY_ID", "local");
            env.put("AWS_SECRET_ACCESS_KEY", "local");
            OUT.println("  child environment: only " + env);
            OUT.println("  local stack: " + stack.baseUrl() + " (account " + account + ")");
            OUT.println();

            Map<String, Object> sample = BenchHttp.event(root, "post-return.json");
            // one order imported and not timed, so dynalite and the parent's API are warm before run 1
            http.importSampleOrder(root, token, account + "-warmup");

            List<Run> results = new ArrayList<>();
            String header = String.format(Locale.ROOT, "%-4s %11s %9s %9s %7s %9s %8s %8s %9s %10s %11s %s",
                    "run", "spawn>main", "jvm>main", "init", "events", "first", "second", "third",
                    "jvm>1st", "spawn>1st", "parentCPU", "status");
            OUT.println(header + "   (ms; parentCPU = CPU this JVM used while the child ran)");
            for (int i = 1; i <= runs; i++) {
                String orderId = account + "-run" + i;
                http.importSampleOrder(root, token, orderId);
                Thread.sleep(500); // let the parent's JIT and GC settle: the child should have the CPUs
                Run run = runChild(i, java, extraFlags, lambdaJar, probeJar, env, probeArgs(sample, account, orderId),
                        null);
                results.add(run);
                OUT.println(String.format(Locale.ROOT, "%-4d %11s %9s %9s %7s %9s %8s %8s %9s %10s %11s %s",
                        i, BenchHttp.ms(run.spawnToMainMs()), run.values().get("jvmToMainMs"),
                        run.values().get("initMs"), run.values().get("eventBuildMs"), run.values().get("firstMs"),
                        run.values().get("secondMs"), run.values().get("thirdMs"),
                        run.values().get("jvmStartToFirstAnswerMs"), BenchHttp.ms(run.spawnToFirstAnswerMs()),
                        BenchHttp.ms(run.parentCpuMs()), run.values().get("firstStatus") + "/" + run.values().get("secondStatus") + "/"
                                + run.values().get("thirdStatus")));
            }
            OUT.println();
            OUT.println("main thread per phase, CPU time / run-queue wait (runnable, waiting for a CPU), ms; and the child's total CPU (all threads: JIT, GC)");
            OUT.println(String.format(Locale.ROOT, "%-4s %20s %20s %20s %12s", "run", "init cpu/wait", "first cpu/wait",
                    "second cpu/wait", "process cpu"));
            for (Run run : results) {
                Map<String, String> v = run.values();
                OUT.println(String.format(Locale.ROOT, "%-4d %20s %20s %20s %12s", run.run(),
                        v.get("initCpuMs") + " / " + v.get("initRunqueueMs"),
                        v.get("firstCpuMs") + " / " + v.get("firstRunqueueMs"),
                        v.get("secondCpuMs") + " / " + v.get("secondRunqueueMs"), v.get("processCpuMs")));
            }
            OUT.println();
            OUT.println("median of " + runs + " (ms):");
            OUT.println("  init (load + construct WriteApiFunction, builds the DynamoDB client): "
                    + BenchHttp.ms(median(results, r -> r.d("initMs"))));
            OUT.println("  first answer (first handleRequest: POST return, DynamoDB get + put, SQS send, EventBridge put;"
                    + " builds the SQS and EventBridge clients): "
                    + BenchHttp.ms(median(results, r -> r.d("firstMs"))));
            OUT.println("  init, main thread CPU / run-queue wait:            "
                    + BenchHttp.ms(median(results, r -> r.d("initCpuMs"))) + " / "
                    + BenchHttp.ms(median(results, r -> r.d("initRunqueueMs"))));
            OUT.println("  first answer, main thread CPU / run-queue wait:    "
                    + BenchHttp.ms(median(results, r -> r.d("firstCpuMs"))) + " / "
                    + BenchHttp.ms(median(results, r -> r.d("firstRunqueueMs"))));
            OUT.println("  second answer (same JVM, warm):                    "
                    + BenchHttp.ms(median(results, r -> r.d("secondMs"))));
            OUT.println("  third answer (same JVM):                           "
                    + BenchHttp.ms(median(results, r -> r.d("thirdMs"))));
            OUT.println("  JVM start -> main (JVM's own start time):          "
                    + BenchHttp.ms(median(results, r -> r.d("jvmToMainMs"))));
            OUT.println("  process spawn -> main (parent's clock):            "
                    + BenchHttp.ms(median(results, ColdStart.Run::spawnToMainMs)));
            OUT.println("  JVM start -> first answer returned:                "
                    + BenchHttp.ms(median(results, r -> r.d("jvmStartToFirstAnswerMs"))));
            OUT.println("  process spawn -> first answer returned:            "
                    + BenchHttp.ms(median(results, ColdStart.Run::spawnToFirstAnswerMs)));
            OUT.println("  process spawn -> process exit:                     "
                    + BenchHttp.ms(median(results, ColdStart.Run::exitMs)));
            OUT.println("  child process CPU, all threads, whole life:        "
                    + BenchHttp.ms(median(results, r -> r.d("processCpuMs"))));
            allCreated = results.stream().allMatch(r -> "201".equals(r.values().get("firstStatus"))
                    && "201".equals(r.values().get("secondStatus")) && "201".equals(r.values().get("thirdStatus")));
            OUT.println("  every answer 201: " + allCreated);
            OUT.println("  machine after the runs: " + BenchHttp.machineLoad());

            // one more run, not in the medians: which classes load in which phase
            OUT.println();
            String orderId = account + "-classload";
            http.importSampleOrder(root, token, orderId);
            Path log = Files.createTempFile("coldstart-classload", ".log");
            try {
                Thread.sleep(500);
                Run traced = runChild(0, java, extraFlags, lambdaJar, probeJar, env,
                        probeArgs(sample, account, orderId), log);
                printClassLoads(log, traced);
            } finally {
                Files.deleteIfExists(log);
            }
        } finally {
            BenchHttp.deleteQueueQuietly(stack, benchQueueUrl);
            stack.close();
            eventBus.close();
        }
        if (!allCreated) System.exit(1);
    }

    static List<String> childFlags(List<String> extra) {
        List<String> flags = new ArrayList<>(TEMPLATE_FLAGS);
        flags.add(HEAP);
        flags.addAll(extra);
        return flags;
    }


    /**
     * The probe's arguments: the sample return event's headers and claims (account patched), and three
     * returns on the order: the sample's, then one cap and one pair of socks more (the sample order
     * allows exactly these three).
     */
    @SuppressWarnings("unchecked")
    static List<String> probeArgs(Map<String, Object> sample, String account, String orderId) {
        List<String> args = new ArrayList<>();
        args.add("orderId=" + orderId);
        Map<String, Object> headers = (Map<String, Object>) sample.get("headers");
        headers.forEach((k, v) -> {
            if (!k.equals("idempotency-key") && !k.equals("content-length")) args.add("header." + k + "=" + v);
        });
        Map<String, Object> claims = (Map<String, Object>) ((Map<String, Object>) ((Map<String, Object>)
                ((Map<String, Object>) sample.get("requestContext")).get("authorizer")).get("jwt")).get("claims");
        Map<String, Object> patched = new LinkedHashMap<>(claims);
        patched.put("account", account);
        patched.forEach((k, v) -> args.add("claim." + k + "=" + v));

        Map<String, Object> first = BenchHttp.json((String) sample.get("body"));
        Map<String, Object> second = new LinkedHashMap<>(first);
        second.put("items", List.of(Map.of("itemIndex", 1, "quantity", 1)));
        second.put("additionalValue", 800);
        second.put("entranceInvoiceNumber", "RET-1002");
        Map<String, Object> third = new LinkedHashMap<>(first);
        third.put("items", List.of(Map.of("itemIndex", 2, "quantity", 1)));
        third.put("additionalValue", 0);
        third.remove("referredTo");
        third.put("entranceInvoiceNumber", "RET-1003");
        args.add("body.1=" + sample.get("body"));
        args.add("body.2=" + BenchHttp.toJson(second));
        args.add("body.3=" + BenchHttp.toJson(third));
        for (int n = 1; n <= 3; n++) args.add("key." + n + "=" + UUID.randomUUID());
        return args;
    }

    private static String lastStderr;

    private static Run runChild(int run, String java, List<String> extraFlags, Path lambdaJar, Path probeJar,
                                Map<String, String> env, List<String> probeArgs, Path classLoadLog) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(java);
        command.addAll(childFlags(extraFlags));
        if (classLoadLog != null) command.add("-Xlog:class+load=info:file=" + classLoadLog + ":uptime");
        command.add("-cp");
        command.add(lambdaJar + File.pathSeparator + probeJar);
        command.add(PROBE);
        command.addAll(probeArgs);
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().clear();
        pb.environment().putAll(env);
        Path stderr = Files.createTempFile("coldstart-stderr", ".txt");
        pb.redirectError(stderr.toFile());
        try {
            long parentCpuBefore = parentCpuNanos();
            Instant spawnAt = Instant.now();
            long spawnNanos = System.nanoTime();
            Process process = pb.start();
            String output;
            try (InputStream in = process.getInputStream()) {
                output = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            if (!process.waitFor(CHILD_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("the probe JVM did not finish in " + CHILD_TIMEOUT_SECONDS + " s");
            }
            double exitMs = (System.nanoTime() - spawnNanos) / 1e6;
            double parentCpuMs = (parentCpuNanos() - parentCpuBefore) / 1e6;
            String line = output.lines().filter(l -> l.startsWith("COLDSTART ")).findFirst().orElse(null);
            String errors = Files.readString(stderr);
            if (process.exitValue() != 0 || line == null) {
                throw new IllegalStateException("the probe JVM failed (exit " + process.exitValue() + ")\nstdout:\n"
                        + output + "\nstderr:\n" + errors);
            }
            if (!errors.isBlank() && !errors.equals(lastStderr)) {
                OUT.print("probe stderr (run " + run + "; printed again only if it changes): " + errors);
            }
            lastStderr = errors;
            Map<String, String> values = new LinkedHashMap<>();
            for (String kv : line.substring("COLDSTART ".length()).split(" ")) {
                int eq = kv.indexOf('=');
                values.put(kv.substring(0, eq), kv.substring(eq + 1));
            }
            long spawnUs = spawnAt.getEpochSecond() * 1_000_000L + spawnAt.getNano() / 1_000;
            double spawnToMain = (Long.parseLong(values.get("mainEpochUs")) - spawnUs) / 1000.0;
            double spawnToFirst = (Long.parseLong(values.get("firstEndEpochUs")) - spawnUs) / 1000.0;
            return new Run(run, values, spawnToMain, spawnToFirst, exitMs, parentCpuMs, childFlags(extraFlags));
        } finally {
            Files.deleteIfExists(stderr);
        }
    }

    /** CPU time of this JVM (the local stack's API, ElasticMQ, pollers), to see how much it competed with a child. */
    private static long parentCpuNanos() {
        return ProcessHandle.current().info().totalCpuDuration().map(java.time.Duration::toNanos).orElse(0L);
    }

    /** The probe's classes in a jar of their own (a stable path, so JVM archive flags can refer to it). */
    private static Path writeProbeJar() throws IOException {
        Path dir = Path.of(System.getProperty("java.io.tmpdir"), "order-returns-coldstart");
        Files.createDirectories(dir);
        Path jar = dir.resolve("coldstart-probe.jar");
        Path partial = dir.resolve("coldstart-probe.jar.tmp");
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().putValue("Manifest-Version", "1.0");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(partial), manifest)) {
            for (String name : PROBE_CLASSES) {
                String entry = ColdStart.class.getPackageName().replace('.', '/') + "/" + name + ".class";
                try (InputStream in = ColdStart.class.getResourceAsStream(name + ".class")) {
                    if (in == null) throw new IllegalStateException("class file " + entry + " not found");
                    out.putNextEntry(new JarEntry(entry));
                    in.transferTo(out);
                    out.closeEntry();
                }
            }
        }
        byte[] fresh = Files.readAllBytes(partial);
        // keep the old file (and its timestamp) when nothing changed: JVM archives check the jar's mtime
        if (Files.isRegularFile(jar) && Arrays.equals(contentOf(jar), contentOf(partial))) {
            Files.delete(partial);
        } else {
            Files.move(partial, jar, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        return jar;
    }

    /** A jar's entries and bytes, without the entries' timestamps. */
    private static byte[] contentOf(Path jar) throws IOException {
        java.io.ByteArrayOutputStream all = new java.io.ByteArrayOutputStream();
        try (java.util.jar.JarFile file = new java.util.jar.JarFile(jar.toFile())) {
            var entries = file.entries();
            while (entries.hasMoreElements()) {
                JarEntry e = entries.nextElement();
                all.writeBytes(e.getName().getBytes(StandardCharsets.UTF_8));
                try (InputStream in = file.getInputStream(e)) {
                    all.writeBytes(in.readAllBytes());
                }
            }
        }
        return all.toByteArray();
    }

    private static double median(List<Run> runs, java.util.function.ToDoubleFunction<Run> f) {
        return BenchHttp.median(runs.stream().mapToDouble(f).toArray());
    }

    // --- class-load breakdown ----------------------------------------------------------------------

    private static final Pattern LOAD = Pattern.compile("^\\[([0-9.]+)s\\] (\\S+) source: (.*)$");
    private static final String[] PHASES = {"JVM boot -> main", "init", "build events", "first answer",
            "second answer", "third answer"};
    private static final String[] MARKERS = {PROBE, PROBE + "$InitDone", PROBE + "$EventsBuilt",
            PROBE + "$FirstDone", PROBE + "$SecondDone", PROBE + "$ThirdDone"};

    private static void printClassLoads(Path log, Run traced) throws IOException {
        List<String> lines = Files.readAllLines(log);
        int phase = 0;
        List<Map<String, Integer>> bySource = new ArrayList<>();
        List<Map<String, Integer>> byGroup = new ArrayList<>();
        double[] endsAt = new double[PHASES.length];
        for (int i = 0; i < PHASES.length; i++) {
            bySource.add(new TreeMap<>());
            byGroup.add(new TreeMap<>());
        }
        int total = 0;
        for (String line : lines) {
            Matcher m = LOAD.matcher(line);
            if (!m.matches()) continue;
            if (phase >= PHASES.length) break; // after the third answer: the probe's reporting
            String name = m.group(2);
            bySource.get(phase).merge(source(m.group(3)), 1, Integer::sum);
            byGroup.get(phase).merge(group(name), 1, Integer::sum);
            total++;
            if (name.equals(MARKERS[phase])) {
                endsAt[phase] = Double.parseDouble(m.group(1)) * 1000;
                phase++;
            }
        }
        OUT.println("classes loaded per phase (one extra run with -Xlog:class+load, not in the medians;"
                + " its times include the logging):");
        if (String.join(" ", traced.flags()).matches(".*-XX:(AOTCache|SharedArchiveFile)=.*")) {
            OUT.println("  NOTE: with an AOT cache or CDS archive, archived classes are loaded ahead of use, so the"
                    + " split by phase below does not hold");
        }
        OUT.println("  that run: init " + traced.values().get("initMs") + " ms, first answer "
                + traced.values().get("firstMs") + " ms, second " + traced.values().get("secondMs")
                + " ms, statuses " + traced.values().get("firstStatus") + "/" + traced.values().get("secondStatus")
                + "/" + traced.values().get("thirdStatus"));
        for (int i = 0; i < PHASES.length; i++) {
            int count = bySource.get(i).values().stream().mapToInt(Integer::intValue).sum();
            OUT.println(String.format(Locale.ROOT, "  %-17s %5d classes (ends at JVM uptime %7.1f ms)  by source %s",
                    PHASES[i], count, endsAt[i], bySource.get(i)));
            if (count > 0) {
                List<Map.Entry<String, Integer>> groups = new ArrayList<>(byGroup.get(i).entrySet());
                groups.sort(Map.Entry.<String, Integer>comparingByValue().reversed());
                StringBuilder sb = new StringBuilder();
                for (Map.Entry<String, Integer> g : groups) {
                    if (!sb.isEmpty()) sb.append(", ");
                    sb.append(g.getKey()).append(' ').append(g.getValue());
                }
                OUT.println("                    " + sb);
            }
        }
        OUT.println("  total up to the third answer: " + total + " classes");
    }

    private static String source(String source) {
        if (source.startsWith("shared objects file")) return "CDS";
        if (source.contains("functions-lambda.jar")) return "lambda-jar";
        if (source.contains("coldstart-probe.jar")) return "probe";
        if (source.startsWith("jrt:/")) return "jdk-jrt";
        return "generated";
    }

    private static String group(String name) {
        if (name.contains("$$Lambda") || name.contains("LambdaForm$") || name.contains("/0x")) return "jdk-generated";
        if (name.startsWith(ColdStart.class.getPackageName() + ".")) return "probe";
        if (name.startsWith("dev.orderreturns.")) return "dev.orderreturns";
        if (name.startsWith("software.amazon.awssdk.services.dynamodb.")) return "sdk-dynamodb";
        if (name.startsWith("software.amazon.awssdk.services.sqs.")) return "sdk-sqs";
        if (name.startsWith("software.amazon.awssdk.services.")) return "sdk-other-services";
        if (name.startsWith("software.amazon.awssdk.core.")) return "sdk-core";
        if (name.startsWith("software.amazon.awssdk.http.")) return "sdk-http";
        if (name.startsWith("software.amazon.awssdk.regions.")) return "sdk-regions";
        if (name.startsWith("software.amazon.awssdk.auth.") || name.startsWith("software.amazon.awssdk.http.auth.")
                || name.startsWith("software.amazon.awssdk.identity.")) return "sdk-auth";
        if (name.startsWith("software.amazon.awssdk.protocols.")) return "sdk-protocols";
        if (name.startsWith("software.amazon.awssdk.awscore.")) return "sdk-awscore";
        if (name.startsWith("software.amazon.awssdk.utils.")) return "sdk-utils";
        if (name.startsWith("software.amazon.awssdk.thirdparty.")) return "sdk-thirdparty-jackson";
        if (name.startsWith("software.amazon.awssdk.")) return "sdk-other";
        if (name.startsWith("com.fasterxml.jackson.")) return "jackson";
        if (name.startsWith("com.amazonaws.services.lambda.")) return "lambda-events";
        if (name.startsWith("org.joda.")) return "joda";
        if (name.startsWith("java.") || name.startsWith("javax.") || name.startsWith("jdk.") || name.startsWith("sun.")
                || name.startsWith("com.sun.")) return "jdk";
        return "other";
    }
}
