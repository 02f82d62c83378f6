package dev.orderreturns.local;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * dynalite (in-memory DynamoDB) in a node child process, via {@code local/dynalite-server.js}.
 * Its stdin pipe stays open for the life of this object: node exits when it closes, so the child
 * never outlives the JVM, even one killed with SIGKILL.
 */
public final class Dynalite implements AutoCloseable {
    static final int START_TIMEOUT_SECONDS = 20;
    private static final Pattern LISTENING = Pattern.compile("dynalite listening on (\\d+)");

    private final Process process;
    private final int port;
    private volatile boolean closed;

    private Dynalite(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /** Starts dynalite from {@link RepoPaths#localDir()} on a free port. */
    public static Dynalite start() {
        return start(RepoPaths.localDir(), 0);
    }

    public static Dynalite start(Path localDir, int requestedPort) {
        Path script = localDir.resolve("dynalite-server.js");
        if (!Files.isRegularFile(script)) {
            throw new IllegalStateException("dynalite: " + script + " not found (set -D" + RepoPaths.ROOT_PROPERTY
                    + "=<repo root> or run from the repository)");
        }
        boolean installed = Files.isDirectory(localDir.resolve("node_modules").resolve("dynalite"));
        if (!installed) {
            throw new IllegalStateException("dynalite is not installed: " + localDir.resolve("node_modules/dynalite")
                    + " is missing; run `npm ci` in " + localDir + " (./mvnw package does it)");
        }
        Process process;
        try {
            process = new ProcessBuilder("node", script.getFileName().toString(), String.valueOf(requestedPort))
                    .directory(localDir.toFile())
                    .start();
        } catch (IOException e) {
            throw new IllegalStateException("dynalite: cannot start node (" + e.getMessage()
                    + "); install Node.js 18 or later and put `node` on the PATH", e);
        }
        CompletableFuture<Integer> listening = new CompletableFuture<>();
        Deque<String> recentErrors = new ArrayDeque<>();
        pump(process.getInputStream(), "dynalite-stdout", line -> {
            Matcher m = LISTENING.matcher(line);
            if (!listening.isDone() && m.find()) {
                listening.complete(Integer.parseInt(m.group(1)));
            } else {
                System.out.println("[dynalite] " + line);
            }
        });
        Thread stderr = pump(process.getErrorStream(), "dynalite-stderr", line -> {
            synchronized (recentErrors) {
                recentErrors.addLast(line);
                if (recentErrors.size() > 20) recentErrors.removeFirst();
            }
            System.err.println("[dynalite] " + line);
        });
        // node exiting before it listens (bad node version, port taken) must not wait for the timeout
        process.onExit().thenRun(() -> {
            if (listening.isDone()) return;
            try {
                stderr.join(1000); // let the last stderr lines arrive: they say why
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            listening.completeExceptionally(new IllegalStateException("dynalite exited with code "
                    + process.exitValue() + " before listening" + lastLines(recentErrors)));
        });
        try {
            int port = listening.get(START_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            return new Dynalite(process, port);
        } catch (TimeoutException e) {
            stop(process);
            throw new IllegalStateException("dynalite did not report \"listening\" within " + START_TIMEOUT_SECONDS
                    + " s; check that `npm ci` ran in " + localDir + lastLines(recentErrors), e);
        } catch (ExecutionException e) {
            stop(process);
            throw new IllegalStateException(e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            stop(process);
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting dynalite", e);
        }
    }

    public int port() {
        return port;
    }

    public String endpoint() {
        return "http://127.0.0.1:" + port;
    }

    /** The node process, so tests can check that nothing is left running. */
    public ProcessHandle processHandle() {
        return process.toHandle();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** Closes node's stdin (it exits by itself), and waits; escalates to signals only if it hangs. */
    @Override
    public void close() {
        if (closed) return;
        closed = true;
        stop(process);
    }

    private static void stop(Process process) {
        try {
            process.getOutputStream().close();
        } catch (IOException ignored) {
            // already closed: node is exiting anyway
        }
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroy);
                process.destroy();
                if (!process.waitFor(5, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    process.waitFor(5, TimeUnit.SECONDS);
                }
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private static Thread pump(InputStream in, String name, Consumer<String> onLine) {
        Thread t = new Thread(() -> {
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                for (String line; (line = reader.readLine()) != null; ) onLine.accept(line);
            } catch (IOException ignored) {
                // the pipe closes when node exits
            }
        }, name);
        t.setDaemon(true);
        t.start();
        return t;
    }

    private static String lastLines(Deque<String> lines) {
        synchronized (lines) {
            return lines.isEmpty() ? "" : "; its stderr said: " + String.join(" | ", lines);
        }
    }
}
