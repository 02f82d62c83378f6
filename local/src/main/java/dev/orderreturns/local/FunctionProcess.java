package dev.orderreturns.local;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * One function's execution environment as a process of its own, as Lambda runs a custom runtime:
 * the command (a packaged {@code bootstrap}, or a JVM running the runtime interface client) starts
 * with a clean Lambda environment and takes its events from a {@link LambdaRuntimeApi}. The process
 * lives across invocations (warm starts) until {@link #close()}, which sends SIGTERM as Lambda does
 * at shutdown and then kills it if it does not go.
 */
public final class FunctionProcess implements AutoCloseable {

    /** Thrown when the function answered with an error, or never answered. */
    public static final class InvocationFailed extends RuntimeException {
        private final transient LambdaRuntimeApi.Answer answer;

        InvocationFailed(String message, LambdaRuntimeApi.Answer answer) {
            super(message);
            this.answer = answer;
        }

        /** The runtime's error answer, or null when the process gave none. */
        public LambdaRuntimeApi.Answer answer() {
            return answer;
        }
    }

    private final Process process;
    private final LambdaRuntimeApi api;
    private final long spawnedAtNanos;
    private final String name;
    private boolean ownsApi;

    private FunctionProcess(Process process, LambdaRuntimeApi api, long spawnedAtNanos, String name) {
        this.process = process;
        this.api = api;
        this.spawnedAtNanos = spawnedAtNanos;
        this.name = name;
    }

    /**
     * The environment Lambda gives a function's runtime: the template's variables for the function
     * (resolved by the local stack, which also adds where its services are), the function's identity,
     * its handler and where the Runtime API is. Names with a dot are the stack's system properties for
     * in-process functions and are left out; Lambda's own variables win over the template's.
     */
    public static Map<String, String> lambdaEnvironment(SamTemplate.Function function, Map<String, String> stackConfiguration,
                                                         LambdaRuntimeApi api, Path taskRoot) {
        Map<String, String> env = new LinkedHashMap<>();
        stackConfiguration.forEach((name, value) -> {
            if (!name.contains(".")) env.put(name, value);
        });
        env.put("PATH", "/usr/local/bin:/usr/bin/:/bin:/opt/bin");
        env.put("LANG", "en_US.UTF-8");
        env.put("TZ", ":UTC");
        env.put("_HANDLER", function.handler());
        env.put("LAMBDA_TASK_ROOT", taskRoot.toAbsolutePath().toString());
        env.put("AWS_LAMBDA_RUNTIME_API", api.address());
        env.put("AWS_LAMBDA_FUNCTION_NAME", function.logicalId());
        env.put("AWS_LAMBDA_FUNCTION_VERSION", "$LATEST");
        env.put("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", Integer.toString(function.memorySize()));
        env.put("AWS_LAMBDA_LOG_GROUP_NAME", "/aws/lambda/" + function.logicalId());
        env.put("AWS_LAMBDA_LOG_STREAM_NAME", "local/[$LATEST]" + Long.toHexString(System.nanoTime()));
        env.putIfAbsent("AWS_REGION", LocalResources.REGION);
        env.put("AWS_DEFAULT_REGION", env.get("AWS_REGION"));
        return env;
    }

    /** The function's ARN as the local stack names it. */
    public static String functionArn(SamTemplate.Function function) {
        return LocalResources.functionArn(function.logicalId());
    }

    /**
     * Starts {@code command} for {@code function} as Lambda would, with a Runtime API of its own: the
     * function's Lambda environment ({@link #lambdaEnvironment}) plus {@code extraEnvironment}. The
     * process owns that API and closes it in {@link #close()}.
     */
    public static FunctionProcess launch(SamTemplate.Function function, Map<String, String> stackConfiguration,
                                         List<String> command, Path taskRoot, Map<String, String> extraEnvironment,
                                         Consumer<String> logs) {
        LambdaRuntimeApi api = LambdaRuntimeApi.start(functionArn(function));
        try {
            Map<String, String> env = lambdaEnvironment(function, stackConfiguration, api, taskRoot);
            env.putAll(extraEnvironment);
            FunctionProcess process = start(command, taskRoot, env, api, logs);
            process.ownsApi = true;
            return process;
        } catch (RuntimeException e) {
            api.close();
            throw e;
        }
    }

    /**
     * Starts {@code command} in {@code workingDirectory} with exactly {@code environment}; every line
     * it prints (standard output and error, as Lambda collects both into the log) goes to {@code logs}.
     */
    public static FunctionProcess start(List<String> command, Path workingDirectory, Map<String, String> environment,
                                        LambdaRuntimeApi api, Consumer<String> logs) {
        ProcessBuilder builder = new ProcessBuilder(command).directory(workingDirectory.toFile());
        builder.environment().clear();
        builder.environment().putAll(environment);
        long spawnedAt = System.nanoTime();
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + command, e);
        }
        String name = environment.getOrDefault("AWS_LAMBDA_FUNCTION_NAME", command.getFirst());
        pump(process.getInputStream(), logs, name + "-stdout");
        pump(process.getErrorStream(), logs, name + "-stderr");
        return new FunctionProcess(process, api, spawnedAt, name);
    }

    /** System.nanoTime just before the process was spawned. */
    public long spawnedAtNanos() {
        return spawnedAtNanos;
    }

    public Process process() {
        return process;
    }

    /** The Runtime API the process takes its events from (when it asked first, for one). */
    public LambdaRuntimeApi api() {
        return api;
    }

    /**
     * One invocation: the event goes to the Runtime API, and the runtime's response comes back. An
     * error answer, an init error, the process ending first, or the timeout throw {@link InvocationFailed}.
     */
    public LambdaRuntimeApi.Answer invoke(byte[] event, Duration timeout) {
        CompletableFuture<LambdaRuntimeApi.Answer> answer = api.invoke(event, timeout);
        CompletableFuture<Object> first = CompletableFuture.anyOf(answer, process.onExit());
        try {
            first.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new InvocationFailed(name + " did not answer within " + timeout, null);
        } catch (ExecutionException e) {
            throw new InvocationFailed(name + ": " + e.getCause().getMessage(), null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InvocationFailed(name + ": interrupted", null);
        }
        if (!answer.isDone()) {
            LambdaRuntimeApi.Answer initError = api.initError().orElse(null);
            if (initError != null) {
                throw new InvocationFailed(name + " failed to start (" + initError.errorType() + "): "
                        + initError.bodyText(), initError);
            }
            throw new InvocationFailed(name + " exited with code " + process.exitValue() + " before it answered", null);
        }
        LambdaRuntimeApi.Answer result = answer.join();
        if (result.failed()) {
            throw new InvocationFailed(name + " answered with an error (" + result.errorType() + "): "
                    + result.bodyText(), result);
        }
        return result;
    }

    /** SIGTERM, as Lambda sends at shutdown, then a kill after {@code grace}; the exit code, or -1 if killed. */
    public int stop(Duration grace) {
        process.destroy();
        try {
            if (process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                return process.exitValue();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        process.destroyForcibly();
        return -1;
    }

    @Override
    public void close() {
        if (process.isAlive()) stop(Duration.ofSeconds(10));
        if (ownsApi) {
            ownsApi = false; // closed once, however often close() is called
            api.close();
        }
    }

    private static void pump(InputStream in, Consumer<String> logs, String threadName) {
        Thread t = new Thread(() -> {
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                String line;
                while ((line = reader.readLine()) != null) {
                    logs.accept(line);
                }
            } catch (IOException e) {
                // the process is gone; its last lines were read
            }
        }, threadName);
        t.setDaemon(true);
        t.start();
    }
}
