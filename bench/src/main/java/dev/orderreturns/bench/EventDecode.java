// Usage, from the repository root after ./mvnw -q -o -DskipTests package: /usr/lib/jvm/temurin-25-jdk-amd64/bin/java -cp "bench/target/classes:bench/target/lib/*" dev.orderreturns.bench.EventDecode [runs=7]
package dev.orderreturns.bench;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import dev.orderreturns.local.RepoPaths;

import java.io.File;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What reading the first API Gateway event costs a fresh JVM, the way the Lambda Java runtime
 * would for a handler that takes {@code APIGatewayV2HTTPEvent} (aws-lambda-java-serialization:
 * Jackson databind, mixins, the joda module) and the way the functions' stream handlers do
 * ({@code LambdaJson} with jackson-jr, from the Lambda jar). The ColdStart benchmark does not see
 * this: its probe builds the events in Java. Both children run with the template's JVM flags,
 * interleaved; the parent prints each run and the medians of the main thread's CPU and wall time.
 */
public final class EventDecode {

    private EventDecode() {
    }

    public static void main(String[] args) throws Exception {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 7;
        Path root = RepoPaths.root();
        Path lambdaJar = root.resolve("functions/target/functions-lambda.jar");
        Path event = root.resolve("events/post-return.json");
        String java = ProcessHandle.current().info().command().orElseThrow();
        Path child = Files.createTempDirectory("event-decode");
        String entry = Child.class.getName().replace('.', '/') + ".class";
        Files.createDirectories(child.resolve(entry).getParent());
        try (InputStream in = EventDecode.class.getClassLoader().getResourceAsStream(entry)) {
            Files.copy(in, child.resolve(entry));
        }
        // the runtime's side: its libraries, and the event types with joda-time as a function's jar had them
        String runtimeClassPath = String.join(File.pathSeparator, child.toString(), codeSource(Context.class),
                codeSource(LambdaEventSerializers.class), codeSource(APIGatewayV2HTTPEvent.class),
                codeSource(Class.forName("org.joda.time.DateTime")));
        String ownClassPath = child + File.pathSeparator + lambdaJar;
        System.out.println("first API Gateway event read in a fresh JVM, " + runs + " runs each; " + BenchHttp.machineLoad());
        List<double[]> runtime = new ArrayList<>();
        List<double[]> own = new ArrayList<>();
        for (int i = 1; i <= runs; i++) {
            runtime.add(run(java, runtimeClassPath, "runtime", event));
            own.add(run(java, ownClassPath, "lambda-json", event));
            System.out.println(String.format(Locale.ROOT, "run %d: runtime serializer %.0f ms CPU (%.0f wall); LambdaJson %.0f ms CPU (%.0f wall)",
                    i, runtime.getLast()[0], runtime.getLast()[1], own.getLast()[0], own.getLast()[1]));
        }
        System.out.println(String.format(Locale.ROOT, "median: runtime serializer %.0f ms CPU (%.0f wall); LambdaJson %.0f ms CPU (%.0f wall); %s",
                median(runtime, 0), median(runtime, 1), median(own, 0), median(own, 1), BenchHttp.machineLoad()));
    }

    private static double[] run(String java, String classPath, String mode, Path event) throws Exception {
        Process process = new ProcessBuilder(java, "-XX:+TieredCompilation", "-XX:TieredStopAtLevel=1", "-cp", classPath,
                Child.class.getName(), mode, event.toString()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (process.waitFor() != 0 || !output.startsWith("EVENTDECODE ")) {
            throw new IllegalStateException(mode + " child failed:\n" + output);
        }
        String[] f = output.strip().split(" ");
        return new double[] {Double.parseDouble(f[1]), Double.parseDouble(f[2])};
    }

    private static String codeSource(Class<?> type) throws Exception {
        return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
    }

    private static double median(List<double[]> runs, int index) {
        return BenchHttp.median(runs.stream().mapToDouble(r -> r[index]).toArray());
    }

    /** The child: reads the event once, by reflection so that each mode needs only its own class path. */
    public static final class Child {
        public static void main(String[] args) throws Exception {
            byte[] json = Files.readAllBytes(Path.of(args[1]));
            ThreadMXBean threads = ManagementFactory.getThreadMXBean();
            long cpu0 = threads.getCurrentThreadCpuTime();
            long wall0 = System.nanoTime();
            Object event;
            if (args[0].equals("runtime")) {
                Class<?> type = Class.forName("com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent");
                Object serializer = Class.forName(
                        "com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers")
                        .getMethod("serializerFor", Class.class, ClassLoader.class)
                        .invoke(null, type, Child.class.getClassLoader());
                event = Class.forName("com.amazonaws.services.lambda.runtime.serialization.PojoSerializer")
                        .getMethod("fromJson", InputStream.class).invoke(serializer, new java.io.ByteArrayInputStream(json));
            } else {
                event = Class.forName("dev.orderreturns.functions.LambdaJson").getMethod("apiEvent", InputStream.class)
                        .invoke(null, new java.io.ByteArrayInputStream(json));
            }
            long wall1 = System.nanoTime();
            long cpu1 = threads.getCurrentThreadCpuTime();
            if (event == null) throw new IllegalStateException("no event");
            System.out.println(String.format(Locale.ROOT, "EVENTDECODE %.1f %.1f", (cpu1 - cpu0) / 1e6, (wall1 - wall0) / 1e6));
        }
    }
}
