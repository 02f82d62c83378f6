package dev.orderreturns.it;

import com.fasterxml.jackson.jr.ob.JSON;
import dev.orderreturns.local.LocalInvoke;
import dev.orderreturns.local.LocalStack;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every file in {@code events/} through the local invoke command ({@code local/invoke FUNCTION -e
 * FILE}), against the running local stack, checking each answer.
 */
@Tag("e2e")
class LocalInvokeTest {

    private static LocalStack stack;
    @TempDir
    Path temp;
    private final List<String> invoked = new ArrayList<>();
    private String account;

    @BeforeAll
    static void start() {
        stack = LocalStack.shared();
    }

    private record Answer(int code, Map<String, Object> json, String err) {

        int status() {
            return ((Number) json.get("statusCode")).intValue();
        }

        Map<String, Object> body() {
            try {
                return JSON.std.mapFrom((String) json.get("body"));
            } catch (IOException e) {
                throw new AssertionError(e);
            }
        }
    }

    /** Runs the command on a copy of the event for this test's account, with optional text replaced. */
    private Answer invoke(String function, String file, String... replacements) throws IOException {
        String text = Files.readString(Samples.eventsDir().resolve(file)).replace("\"acme\"", "\"" + account + "\"")
                .replace("\\\"acme\\\"", "\\\"" + account + "\\\"");
        for (int i = 0; i < replacements.length; i += 2) {
            text = text.replace(replacements[i], replacements[i + 1]);
        }
        Path event = temp.resolve(file);
        Files.writeString(event, text);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = LocalInvoke.run(new String[] {function, "-e", event.toString(), "--stack", stack.baseUrl()},
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        invoked.add(file);
        String printed = out.toString(StandardCharsets.UTF_8).strip();
        return new Answer(code, JSON.std.mapFrom(printed), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    @SuppressWarnings("unchecked")
    void everyEventFileRunsThroughTheInvokeCommand() throws IOException {
        account = Samples.newAccount();
        assertEquals(201, invoke("WriteApiFunction", "put-order.json").status());
        assertEquals(200, invoke("WriteApiFunction", "post-invoice-output.json").status());
        Answer ret = invoke("WriteApiFunction", "post-return.json");
        assertEquals(0, ret.code(), ret.err());
        assertTrue(ret.err().contains("using the local stack"), ret.err());
        assertEquals(201, ret.status());
        String returnId = (String) ret.body().get("returnId");
        assertEquals(200, invoke("WriteApiFunction", "post-invoice-input.json").status());
        assertEquals(2, ((List<?>) invoke("ReadApiFunction", "get-order.json").body().get("returns")).size());
        assertEquals(2, ((List<?>) invoke("ReadApiFunction", "get-returns.json").body().get("returns")).size());
        Answer one = invoke("ReadApiFunction", "get-return.json", "ret-00000000000000000000000000", returnId);
        assertEquals(returnId, one.body().get("returnId"));

        // The SQS batch: its first record names our return (a job for it), the second is poison.
        Answer batch = invoke("RefundProcessorFunction", "sqs-refund-batch.json", "ret-00000000000000000000000000",
                returnId);
        assertEquals(0, batch.code(), batch.err());
        List<Map<String, Object>> failures = (List<Map<String, Object>>) batch.json().get("batchItemFailures");
        assertEquals(List.of(Map.of("itemIdentifier", "9b3d7e21-44c6-4f0a-8e5d-1c2b3a4d5e6f")), failures,
                "only the poison record is reported failed");

        // The desk across orders: this account's returns (the filter taken out, since fresh returns need
        // no attention), today's export, and a manual refund refused for a part no person needs to refund.
        Answer listed = invoke("ReadApiFunction", "list-returns.json", "status=attention&limit=25", "limit=25",
                "\"status\": \"attention\",", "");
        assertEquals(200, listed.status());
        assertEquals(2, ((List<?>) listed.body().get("returns")).size());
        String today = java.time.LocalDate.now(java.time.ZoneOffset.UTC).toString();
        Answer export = invoke("ReadApiFunction", "export-returns.json", "2025-11-01", today, "2025-11-30", today);
        assertEquals(200, export.status());
        String csv = (String) export.json().get("body");
        assertTrue(csv.contains(returnId), csv);
        List<Map<String, Object>> parts = (List<Map<String, Object>>) ((Map<String, Object>) one.body()
                .get("refund")).get("parts");
        Answer manual = invoke("WriteApiFunction", "post-manual-refund.json", "ret-45be40257530440b95346b9b4356f134",
                returnId, "chargeback-D3DEECAB3C6C4B9EAF8EF4C1FE062FF3", (String) parts.get(0).get("partId"));
        assertEquals(409, manual.status());
        assertTrue(String.valueOf(manual.body().get("type")).endsWith("part-not-manual"), manual.json().toString());

        Answer reconcile = invoke("ReconcilerFunction", "scheduled-reconcile.json");
        assertEquals(0, reconcile.code(), reconcile.err());
        assertEquals(new TreeSet<>(List.of("found", "reenqueued", "failed", "skipped", "published")),
                new TreeSet<>(reconcile.json().keySet()));

        try (Stream<Path> files = Files.list(Samples.eventsDir())) {
            List<String> all = files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".json")).sorted()
                    .toList();
            assertEquals(all, invoked.stream().sorted().toList(), "every file in events/ is invoked by this test");
        }
    }

    @Test
    void badUsageAndUnknownFunctionsAreRefusedWithExitCode2() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream errStream = new PrintStream(err, true, StandardCharsets.UTF_8);
        PrintStream out = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        assertEquals(2, LocalInvoke.run(new String[] {"WriteApiFunction"}, out, errStream));
        assertEquals(2, LocalInvoke.run(new String[] {"NoSuchFunction", "-e",
                Samples.eventsDir().resolve("put-order.json").toString()}, out, errStream));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("has no function NoSuchFunction"));
    }
}
