package dev.orderreturns.it;

import dev.orderreturns.local.LocalInvoke;
import dev.orderreturns.local.LocalStack;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code local/invoke --bootstrap}: a packaged custom runtime runs in a process of its own and takes
 * its event from the local Runtime API. The runtime here is the smallest one Lambda's documentation
 * describes, a shell loop with curl, so this test checks the API and the environment a bootstrap gets;
 * the packaged JVM runtime has its own test in the aot-runtime module.
 */
@Tag("e2e")
class PackagedFunctionTest {

    private static LocalStack stack;
    @TempDir
    Path task;

    @BeforeAll
    static void start() {
        stack = LocalStack.shared();
    }

    private void bootstrap(String script) throws IOException {
        Path file = task.resolve("bootstrap");
        Files.writeString(file, script);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    private record Run(int code, String out, String err) {}

    private Run invoke(String event) throws IOException {
        Path eventFile = task.resolve("event.json");
        Files.writeString(eventFile, event);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = LocalInvoke.run(new String[] {"WriteApiFunction", "-e", eventFile.toString(), "--stack", stack.baseUrl(),
                "--bootstrap", task.toString()}, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(code, out.toString(StandardCharsets.UTF_8).strip(), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void aShellRuntimeGetsTheEventAndTheFunctionsEnvironmentAndAnswers() throws IOException {
        bootstrap("""
                #!/bin/sh
                set -eu
                api="http://${AWS_LAMBDA_RUNTIME_API}/2018-06-01/runtime"
                echo "started in $(pwd) for ${_HANDLER}" >&2
                while true; do
                  headers="$(mktemp)"
                  event="$(curl -sS -D "$headers" "$api/invocation/next")"
                  id="$(grep -i '^Lambda-Runtime-Aws-Request-Id:' "$headers" | cut -d' ' -f2 | tr -d '\\r')"
                  curl -sS -X POST "$api/invocation/$id/response" \\
                    -d "{\\"handler\\":\\"${_HANDLER}\\",\\"table\\":\\"${TABLE_NAME}\\",\\"root\\":\\"${LAMBDA_TASK_ROOT}\\",\\"event\\":$event}" >/dev/null
                done
                """);
        Run run = invoke("{\"hello\":\"world\"}");
        assertEquals(0, run.code(), run.err());
        assertTrue(run.out().contains("\"handler\":\"dev.orderreturns.functions.WriteApiFunction::handleRequest\""), run.out());
        assertTrue(run.out().contains("\"event\":{\"hello\":\"world\"}"), run.out());
        assertTrue(run.out().contains("\"root\":\"" + task.toAbsolutePath() + "\""), run.out());
        assertTrue(run.out().matches(".*\"table\":\"[^\"]+\".*"), "the template's TABLE_NAME is set: " + run.out());
        assertTrue(run.err().contains("started in " + task.toAbsolutePath()), "the runtime's log goes to stderr: " + run.err());
    }

    @Test
    void anInitErrorIsReportedAndTheInvokeFails() throws IOException {
        bootstrap("""
                #!/bin/sh
                curl -sS -X POST "http://${AWS_LAMBDA_RUNTIME_API}/2018-06-01/runtime/init/error" \\
                  -H 'Lambda-Runtime-Function-Error-Type: Runtime.NoTable' -d '{"errorMessage":"no table","errorType":"Runtime.NoTable"}'
                exit 1
                """);
        Run run = invoke("{}");
        assertEquals(1, run.code(), run.err());
        assertTrue(run.out().contains("no table"), run.out());
        assertTrue(run.err().contains("Runtime.NoTable") || run.err().contains("exited"), run.err());
    }

    @Test
    void aDirectoryWithoutABootstrapIsBadUsage() throws IOException {
        Run run = invoke("{}");
        assertEquals(2, run.code());
        assertTrue(run.err().contains("has no executable bootstrap"), run.err());
    }
}
