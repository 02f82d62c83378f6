package dev.orderreturns.aot;

import dev.orderreturns.local.RepoPaths;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import java.util.zip.ZipFile;

/**
 * The {@code provided-aot} artifact, run by {@code ./mvnw -Paot-runtime package} (exec-maven-plugin):
 * lays out the task ({@link TaskLayout}), fixes its files' times, trains the caches
 * ({@link AotTraining}), zips it ({@link TaskZip}) and prints what each part weighs, against Lambda's
 * 250 MB limit on an unzipped package.
 *
 * <pre>PackageTask --functions-jar JAR --runtime-lib DIR --task DIR --zip FILE [--layer-zip FILE] [--template FILE] [--events DIR]</pre>
 *
 * <p>{@code --layer-zip}: where template.yaml's AotRuntimeLayer takes its content from; the zip is copied
 * there over the placeholder the default build leaves.
 */
public final class PackageTask {

    /**
     * Lambda's limit on a function's code and layers together, unzipped ("250 MB": 262,144,000 bytes).
     * The stack deploys this task as a layer beside the functions' jar (template.yaml, AotRuntimeLayer),
     * so both count.
     */
    static final long LAMBDA_UNZIPPED_LIMIT = 262_144_000L;

    private PackageTask() {}

    public static void main(String[] args) throws IOException {
        Path functionsJar = null;
        Path runtimeLib = null;
        Path task = null;
        Path zip = null;
        Path layerZip = null;
        Path template = RepoPaths.template();
        Path events = RepoPaths.root().resolve("events");
        for (int i = 0; i < args.length; i++) {
            String value = i + 1 < args.length ? args[i + 1] : null;
            switch (args[i]) {
                case "--functions-jar" -> functionsJar = Path.of(value);
                case "--runtime-lib" -> runtimeLib = Path.of(value);
                case "--task" -> task = Path.of(value);
                case "--zip" -> zip = Path.of(value);
                case "--layer-zip" -> layerZip = Path.of(value);
                case "--template" -> template = Path.of(value);
                case "--events" -> events = Path.of(value);
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
            i++;
        }
        if (functionsJar == null || runtimeLib == null || task == null || zip == null) {
            throw new IllegalArgumentException("usage: PackageTask --functions-jar JAR --runtime-lib DIR --task DIR --zip FILE"
                    + " [--template FILE] [--events DIR]");
        }
        if (!Files.isRegularFile(functionsJar)) {
            throw new IllegalStateException(functionsJar + " is missing: build the functions module first"
                    + " (./mvnw -Paot-runtime -pl aot-runtime -am package)");
        }
        List<Path> runtimeJars;
        try (Stream<Path> jars = Files.list(runtimeLib)) {
            runtimeJars = jars.filter(p -> p.toString().endsWith(".jar")).sorted().toList();
        }

        long started = System.nanoTime();
        TaskLayout layout = new TaskLayout(task);
        List<String> modules = layout.build(functionsJar, runtimeJars);
        say("jlinked %s with %s", layout.jre(), String.join(",", modules));
        say("classpath %s", layout.relativeClasspath());
        long laidOut = System.nanoTime();

        // before the training: the caches record the jars' times, and the zip keeps the same ones
        TaskZip.fixTimes(task);
        // the function processes' lines (their JSON logs, the JVM's AOT messages) go to a file, not the console
        Path trainingLog = task.getParent().resolve("aot-training.log");
        List<AotTraining.Trained> trained;
        try (PrintStream logFile = new PrintStream(Files.newOutputStream(trainingLog), true, StandardCharsets.UTF_8)) {
            trained = new AotTraining(layout, template, events, logFile::println).trainAll();
        } catch (RuntimeException e) {
            say("training failed; the function processes' output is in %s", trainingLog);
            throw e;
        }
        for (AotTraining.Trained t : trained) {
            say("trained %s in %.1f s: %s", t.function(), t.took().toMillis() / 1000.0, String.join(", ", t.answers()));
        }
        TaskZip.fixTimes(task);
        long trainedAt = System.nanoTime();

        TaskZip.zip(task, zip);
        if (layerZip != null) {
            Files.copy(zip, layerZip, StandardCopyOption.REPLACE_EXISTING);
            say("copied to %s (template.yaml's AotRuntimeLayer)", layerZip);
        }
        long zipped = System.nanoTime();

        List<String> report = new ArrayList<>();
        report.add(line("jre/ (jlinked)", TaskZip.size(layout.jre())));
        report.add(line("lib/ (jars)", TaskZip.size(layout.lib())));
        for (AotTraining.Trained t : trained) {
            report.add(line("aot/" + t.cache().getFileName(), Files.size(t.cache())));
        }
        long unzipped = TaskZip.size(task);
        report.add(line("unzipped total", unzipped));
        report.add(line("zip " + zip.getFileName(), Files.size(zip)));
        long functionCode = unzippedSize(functionsJar);
        report.add(line("+ the functions' jar as function code", functionCode));
        report.add(line("= what Lambda counts, unzipped", unzipped + functionCode));
        report.add(String.format(Locale.ROOT, "%-40s %.1f s layout and jlink, %.1f s training, %.1f s zip",
                "packaging took", seconds(laidOut - started), seconds(trainedAt - laidOut), seconds(zipped - trainedAt)));
        say("sizes (Lambda allows %d bytes unzipped, code and layers together):", LAMBDA_UNZIPPED_LIMIT);
        report.forEach(l -> System.out.println("  " + l));
        Files.write(task.getParent().resolve("aot-runtime-report.txt"), report);
        if (unzipped + functionCode > LAMBDA_UNZIPPED_LIMIT) {
            throw new IllegalStateException("the layer (" + unzipped + " bytes unzipped) and the function code ("
                    + functionCode + ") are over Lambda's limit of " + LAMBDA_UNZIPPED_LIMIT + " bytes");
        }
    }

    /** What a zip (the functions' jar) takes once Lambda unpacks it: the sum of its entries' sizes. */
    static long unzippedSize(Path zip) throws IOException {
        try (ZipFile file = new ZipFile(zip.toFile())) {
            return file.stream().mapToLong(e -> Math.max(e.getSize(), 0)).sum();
        }
    }

    private static String line(String what, long bytes) {
        return String.format(Locale.ROOT, "%-40s %8.1f MiB (%d bytes)", what, bytes / 1024.0 / 1024.0, bytes);
    }

    private static double seconds(long nanos) {
        return Duration.ofNanos(nanos).toMillis() / 1000.0;
    }

    private static void say(String format, Object... args) {
        System.out.println("aot-runtime: " + String.format(Locale.ROOT, format, args));
    }
}
