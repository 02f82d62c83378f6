package dev.orderreturns.aot;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.spi.ToolProvider;
import java.util.stream.Stream;

/**
 * The task directory as Lambda unpacks it (to {@code /opt} as the stack deploys it, a layer; to
 * {@code /var/task} as a function's own package): {@code bootstrap}, {@code jre/} (the JDK this
 * build runs on, jlinked down to the modules the jars need), {@code lib/} (the functions' jar first,
 * then the runtime interface client and the two of its dependencies the functions' jar lacks) and
 * {@code aot/} (filled by {@link AotTraining}).
 */
public final class TaskLayout {

    /** The functions' jar's name under lib/, first on the classpath: its classes win over the RIC's copies. */
    public static final String FUNCTIONS_JAR = "functions-lambda.jar";

    private final Path task;

    public TaskLayout(Path task) {
        this.task = task.toAbsolutePath().normalize();
    }

    public Path task() {
        return task;
    }

    public Path bootstrap() {
        return task.resolve("bootstrap");
    }

    public Path jre() {
        return task.resolve("jre");
    }

    public Path lib() {
        return task.resolve("lib");
    }

    public Path aot() {
        return task.resolve("aot");
    }

    /** The jars under lib/, in classpath order: the functions' jar, then the others by name. */
    public List<Path> classpathJars() {
        try (Stream<Path> jars = Files.list(lib())) {
            return jars.filter(p -> p.getFileName().toString().endsWith(".jar"))
                    .sorted(Comparator.comparing((Path p) -> !p.getFileName().toString().equals(FUNCTIONS_JAR))
                            .thenComparing(p -> p.getFileName().toString()))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The classpath as the bootstrap passes it: relative to the task directory, the same at training and on Lambda. */
    public String relativeClasspath() {
        return String.join(":", classpathJars().stream().map(jar -> task.relativize(jar).toString()).toList());
    }

    /**
     * Lays the task out afresh: the jars, a jlinked runtime holding exactly the modules jdeps finds
     * they need, and the bootstrap. Any previous task directory is removed first.
     */
    public List<String> build(Path functionsJar, List<Path> runtimeJars) throws IOException {
        deleteRecursively(task);
        Files.createDirectories(lib());
        Files.createDirectories(aot());
        Files.copy(functionsJar, lib().resolve(FUNCTIONS_JAR), StandardCopyOption.COPY_ATTRIBUTES);
        for (Path jar : runtimeJars) {
            Files.copy(jar, lib().resolve(jar.getFileName()), StandardCopyOption.COPY_ATTRIBUTES);
        }
        List<String> modules = requiredModules(classpathJars());
        jlink(modules);
        writeBootstrap();
        return modules;
    }

    /**
     * Modules jdeps lists that the runtime is left without. {@code java.desktop} (AWT, Swing, fonts:
     * some 30 MB of the image, and the Lambda package's size limit is 250 MB unzipped) is referenced only
     * by the Jackson shaded inside the runtime interface client's serialization library, for
     * {@code java.beans} annotations it looks for reflectively and does without when absent; the
     * functions are stream handlers and never reach it. The packaged task's test answers an event the
     * handler cannot read, so the client's own error serialization runs without it too.
     */
    static final Set<String> LEFT_OUT = Set.of("java.desktop");

    /**
     * The JDK modules the jars use, as {@code jdeps --print-module-deps} finds them from their
     * bytecode, less {@link #LEFT_OUT}. What it cannot see from bytecode (services looked up by name,
     * reflection) would show as a failure in the packaged task's test, which drives every handler
     * through the jlinked runtime.
     */
    static List<String> requiredModules(List<Path> jars) {
        List<String> modules = new ArrayList<>(jdepsModules(jars));
        modules.removeAll(LEFT_OUT);
        return List.copyOf(modules);
    }

    /** What {@code jdeps --print-module-deps} prints for the jars, the first one the application. */
    static List<String> jdepsModules(List<Path> jars) {
        List<String> args = new ArrayList<>(List.of("--print-module-deps", "--ignore-missing-deps",
                "--multi-release", Integer.toString(Runtime.version().feature())));
        if (jars.size() > 1) {
            args.add("--class-path");
            args.add(String.join(":", jars.subList(1, jars.size()).stream().map(Path::toString).toList()));
        }
        jars.forEach(jar -> args.add(jar.toString()));
        String printed = run("jdeps", args).strip();
        // the last line is the list; warnings about split packages or missing classes come before it
        String last = printed.lines().reduce((first, second) -> second).orElse("");
        TreeSet<String> modules = new TreeSet<>(Arrays.asList(last.split(",")));
        modules.removeIf(String::isBlank);
        if (modules.isEmpty() || !modules.contains("java.base")) {
            throw new IllegalStateException("jdeps found no modules for " + jars + ": " + printed);
        }
        return List.copyOf(modules);
    }

    /**
     * jlink without {@code --compress}: the AOT cache serves most classes, but every class or resource
     * it does not (the first run of a new path, the cacerts, the time-zone data) is read from the modules
     * image, and a compressed image inflates each on the way (measured: loading the SDK core's classes
     * without a cache took 15 to 30% longer from a zip-6 image, whose modules file is 16 MB instead of 36;
     * README, "Runtime choices"); Lambda's zip already compresses the upload.
     * Then {@code -Xshare:dump} gives the jlinked JDK the default CDS archive every JDK ships (14 MB),
     * so a start without the AOT cache ({@code ORDER_RETURNS_AOT=off}) compares with a plain JDK's.
     * (jlink's {@code --generate-cds-archive} would add a second one, for heaps over 32 GB, 14 MB more.)
     */
    private void jlink(List<String> modules) {
        Path jmods = Path.of(System.getProperty("java.home"), "jmods");
        List<String> args = new ArrayList<>();
        if (Files.isDirectory(jmods)) { // JDKs without jmods (JEP 493) link from their own run-time image
            args.addAll(List.of("--module-path", jmods.toString()));
        }
        args.addAll(List.of("--add-modules", String.join(",", modules),
                "--strip-debug", "--no-man-pages", "--no-header-files",
                "--output", jre().toString()));
        run("jlink", args);
        dumpDefaultCdsArchive();
    }

    private void dumpDefaultCdsArchive() {
        try {
            Process dump = new ProcessBuilder(jre().resolve("bin/java").toString(), "-Xshare:dump")
                    .redirectErrorStream(true).start();
            String output = new String(dump.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (dump.waitFor() != 0) throw new IllegalStateException("java -Xshare:dump failed: " + output);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while dumping the default CDS archive", e);
        }
    }

    private void writeBootstrap() throws IOException {
        String script;
        try (InputStream in = TaskLayout.class.getResourceAsStream("bootstrap")) {
            if (in == null) throw new IllegalStateException("the bootstrap template is missing from the classpath");
            script = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        script = script.replace("@CLASSPATH@", relativeClasspath())
                .replace("@JAVA_VERSION@", Runtime.version().toString());
        Files.writeString(bootstrap(), script);
        Files.setPosixFilePermissions(bootstrap(), PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    static String run(String tool, List<String> args) {
        ToolProvider provider = ToolProvider.findFirst(tool)
                .orElseThrow(() -> new IllegalStateException(tool + " is not in this JDK (" + System.getProperty("java.home") + ")"));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = provider.run(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), args.toArray(String[]::new));
        if (code != 0) {
            throw new IllegalStateException(tool + " " + args + " failed with " + code + ": "
                    + out.toString(StandardCharsets.UTF_8) + err.toString(StandardCharsets.UTF_8));
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) return;
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
