package dev.orderreturns.local;

import com.fasterxml.jackson.jr.ob.JSON;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * {@code local/invoke FUNCTION -e events/FILE.json}: runs one function of template.yaml on one
 * event file, as {@code sam local invoke} does, and prints the function's response on standard
 * output and its logs on standard error. It runs against the local stack's services when one is up
 * (at {@code --stack URL}, default {@code http://127.0.0.1:3000}); otherwise it starts a fresh
 * stack for the one invocation.
 */
public final class LocalInvoke {

    private LocalInvoke() {
    }

    public static void main(String[] args) {
        // Everything the function (and the stack) writes to stdout is a log line: send it to stderr,
        // so stdout carries the response alone, as with sam local invoke.
        PrintStream response = System.out;
        System.setOut(System.err);
        int code = run(args, response, System.err);
        response.flush();
        System.exit(code);
    }

    /** Runs the invocation; the exit code is 0 when the function answered, 1 when it failed, 2 for bad usage. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        String function = null;
        Path event = null;
        String stackUrl = "http://127.0.0.1:" + LocalStack.DEFAULT_PORT;
        Path template = RepoPaths.template();
        Path bootstrap = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "-e", "--event" -> event = i + 1 < args.length ? Path.of(args[++i]) : null;
                case "--stack" -> stackUrl = i + 1 < args.length ? args[++i] : stackUrl;
                case "--template", "-t" -> template = i + 1 < args.length ? Path.of(args[++i]) : template;
                case "--bootstrap" -> {
                    if (i + 1 >= args.length) {
                        usage(err);
                        return 2;
                    }
                    bootstrap = Path.of(args[++i]);
                }
                case "-h", "--help" -> {
                    usage(err);
                    return 2;
                }
                default -> {
                    if (function == null && !args[i].startsWith("-")) {
                        function = args[i];
                    } else {
                        err.println("invoke: unexpected argument " + args[i]);
                        usage(err);
                        return 2;
                    }
                }
            }
        }
        if (function == null || event == null) {
            usage(err);
            return 2;
        }
        SamTemplate sam = SamTemplate.load(template);
        if (!sam.functions().containsKey(function)) {
            err.println("invoke: template.yaml has no function " + function + "; it has " + sam.functions().keySet());
            return 2;
        }
        byte[] eventJson;
        try {
            eventJson = Files.readAllBytes(event);
            JSON.std.anyFrom(eventJson); // refuse a file that is not JSON before running anything
        } catch (IOException e) {
            err.println("invoke: cannot read event " + event + ": " + e.getMessage());
            return 2;
        }

        LocalStack own = null;
        try {
            LocalFunctions functions = null;
            Map<String, String> config = runningStackConfig(stackUrl);
            if (config != null) {
                err.println("invoke: using the local stack at " + stackUrl);
                if (bootstrap == null) { // a packaged function gets the configuration as its environment instead
                    config.forEach(System::setProperty);
                    functions = LocalFunctions.load(sam, LocalInvoke.class.getClassLoader());
                }
            } else {
                err.println("invoke: no local stack at " + stackUrl + "; starting one for this invocation (empty tables)");
                own = LocalStack.start(LocalStack.Options.defaults().withTemplate(template.toAbsolutePath())
                        .withPort(0).withAccessLog(false));
                functions = own.functions();
            }
            if (bootstrap != null) {
                return invokePackaged(sam.functions().get(function), own != null ? own.configuration() : config,
                        bootstrap, eventJson, out, err);
            }
            try {
                byte[] answer = functions.invoke(function, eventJson);
                out.println(answer == null ? "null" : new String(answer, StandardCharsets.UTF_8));
                return 0;
            } catch (LocalFunctions.FunctionException e) {
                out.println(new String(e.errorJson(), StandardCharsets.UTF_8));
                err.println("invoke: " + e.getMessage());
                return 1;
            }
        } finally {
            if (own != null) {
                own.close();
            }
        }
    }

    /**
     * Runs the function as Lambda runs a custom runtime: its packaged {@code bootstrap} (a directory
     * laid out as {@code /var/task}, or the zip that holds it) starts in a process of its own, with the
     * function's environment, and takes the event from a local Runtime API.
     */
    static int invokePackaged(SamTemplate.Function function, Map<String, String> configuration, Path packaged,
                              byte[] eventJson, PrintStream out, PrintStream err) {
        Path taskRoot;
        try {
            taskRoot = taskRoot(packaged);
        } catch (IOException e) {
            err.println("invoke: cannot unpack " + packaged + ": " + e.getMessage());
            return 2;
        }
        try {
            return invokeTask(function, configuration, taskRoot, eventJson, out, err);
        } finally {
            if (!Files.isDirectory(packaged)) deleteTree(taskRoot); // the zip's copy: some 200 MB per call
        }
    }

    private static int invokeTask(SamTemplate.Function function, Map<String, String> configuration, Path taskRoot,
                                  byte[] eventJson, PrintStream out, PrintStream err) {
        if (!Files.isExecutable(taskRoot.resolve("bootstrap"))) {
            err.println("invoke: " + taskRoot + " has no executable bootstrap; build it with ./mvnw -Paot-runtime package");
            return 2;
        }
        Duration timeout = Duration.ofSeconds(Math.max(function.timeoutSeconds(), 1) + 60L); // + the cold start
        try (FunctionProcess process = FunctionProcess.launch(function, configuration,
                List.of(taskRoot.resolve("bootstrap").toString()), taskRoot, Map.of(), err::println)) {
            try {
                LambdaRuntimeApi.Answer answer = process.invoke(eventJson, timeout);
                out.println(answer.bodyText());
                return 0;
            } catch (FunctionProcess.InvocationFailed e) {
                out.println(e.answer() == null ? "null" : e.answer().bodyText());
                err.println("invoke: " + e.getMessage());
                return 1;
            }
        }
    }

    private static void deleteTree(Path dir) {
        try (var paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temporary directory left behind is the worst case
        }
    }

    /** The directory to run: the given one, or the zip unpacked (with its modes and times) to a temporary one. */
    private static Path taskRoot(Path packaged) throws IOException {
        // absolute: the process starts in the task directory, where a relative path to bootstrap means nothing
        if (Files.isDirectory(packaged)) return packaged.toAbsolutePath();
        Path dir = Files.createTempDirectory("order-returns-task");
        // unzip keeps the executable bits and the modification times a trained cache checks
        Process unzip = new ProcessBuilder("unzip", "-q", "-o", packaged.toString(), "-d", dir.toString())
                .redirectErrorStream(true).start();
        String output = new String(unzip.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (unzip.waitFor() != 0) throw new IOException("unzip failed: " + output.strip());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while unpacking", e);
        }
        return dir;
    }

    /** The running stack's function configuration, or null when none answers there. */
    @SuppressWarnings("unchecked")
    static Map<String, String> runningStackConfig(String stackUrl) {
        try {
            HttpResponse<String> response = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build()
                    .send(HttpRequest.newBuilder(URI.create(stackUrl + LocalHttpApi.LOCAL_PREFIX + "/config"))
                            .timeout(Duration.ofSeconds(3)).build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                return null;
            }
            return (Map<String, String>) (Map<?, ?>) JSON.std.mapFrom(response.body());
        } catch (IOException | IllegalArgumentException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    private static void usage(PrintStream err) {
        err.println("usage: local/invoke FUNCTION -e EVENT.json [--stack http://127.0.0.1:3000] [--template template.yaml]"
                + " [--bootstrap DIR|ZIP]");
        err.println("  --bootstrap runs the packaged custom runtime (aot-runtime/target/task or its zip) in a process"
                + " of its own, through a local Lambda Runtime API, as Lambda does");
        err.println("  e.g. local/invoke WriteApiFunction -e events/put-order.json");
    }
}
