package dev.orderreturns.it;

import com.fasterxml.jackson.jr.ob.JSON;
import dev.orderreturns.local.LocalStack;
import dev.orderreturns.local.sandbox.SandboxProviders;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static dev.orderreturns.it.Samples.map;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Everything the JVM writes while real requests go through the local stack: accepted, refused
 * (no token, a forged token, a missing scope, bad bodies carrying an e-mail and a card number)
 * and a refund through the queue, the provider calls and the reconciler. Standard output and
 * standard error are captured (and still shown) for the whole run, with the local HTTP API's
 * access log on; then no line may hold a token, the e-mail, the provider credentials or a
 * card-number-like digit run, every JSON line must parse, and the structured lines must carry
 * the correlation fields (function, requestId, account, orderId, returnId) and the metrics.
 */
@Tag("e2e")
class LogHygieneTest {

    private static final String ORDER = "1234567890-01";
    /** The customer's e-mail in events/put-order.json. */
    private static final String EMAIL = "jane.doe@example.com";
    private static final String CARD = "4111111111111111";
    private static final Pattern CARD_LIKE = Pattern.compile("(?<!\\d)\\d{13,19}(?!\\d)");

    private static LocalStack stack;
    private static Http http;
    private static String account;
    private static final List<String> tokens = new ArrayList<>();
    private static final List<String> out = new ArrayList<>();
    private static final List<String> err = new ArrayList<>();
    /** Per request: the HTTP status and API Gateway's request id (response header apigw-requestid). */
    private static final Map<String, Http.Response> responses = new LinkedHashMap<>();
    private static String returnId;

    // ---------------------------------------------------------------------------------------------

    /** Copies everything written to a stream into a buffer as well. */
    private static final class Tee extends OutputStream {
        private final OutputStream original;
        private final ByteArrayOutputStream copy = new ByteArrayOutputStream();

        Tee(OutputStream original) {
            this.original = original;
        }

        @Override
        public synchronized void write(int b) throws IOException {
            copy.write(b);
            original.write(b);
        }

        @Override
        public synchronized void write(byte[] b, int off, int len) throws IOException {
            copy.write(b, off, len);
            original.write(b, off, len);
        }

        @Override
        public void flush() throws IOException {
            original.flush();
        }

        synchronized String text() {
            return copy.toString(StandardCharsets.UTF_8);
        }
    }

    @BeforeAll
    static void driveRequestsWhileCapturing() {
        stack = LocalStack.shared();
        http = new Http(stack.baseUrl());
        PrintStream originalOut = System.out;
        PrintStream originalErr = System.err;
        Tee teeOut = new Tee(originalOut);
        Tee teeErr = new Tee(originalErr);
        System.setOut(new PrintStream(teeOut, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(teeErr, true, StandardCharsets.UTF_8));
        stack.httpApi().accessLog(true);
        try {
            drive(teeOut);
        } finally {
            stack.httpApi().accessLog(false);
            System.out.flush();
            System.err.flush();
            System.setOut(originalOut);
            System.setErr(originalErr);
            out.addAll(teeOut.text().lines().toList());
            err.addAll(teeErr.text().lines().toList());
        }
    }

    private static void drive(Tee teeOut) {
        account = Samples.newAccount();
        String token = Tokens.token(http, account);
        String readOnly = Tokens.token(http, account, "returns:read");
        // The same token with another signature: API Gateway (here, the local authorizer) refuses it.
        String forged = token.substring(0, token.lastIndexOf('.') + 1) + "c2lnbmF0dXJlLWZvcmdlZA";
        // Header and claims without a signature: not even parseable as a JWS.
        String malformed = token.substring(0, token.lastIndexOf('.'));
        tokens.addAll(List.of(token, readOnly, forged, malformed));

        String returns = "/orders/" + ORDER + "/returns";
        Map<String, Object> form;
        try {
            form = new LinkedHashMap<>(JSON.std.mapFrom(Samples.body("post-return.json")));
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        // Personal and card data in free text: stored with the return, never logged.
        form.put("reason", "Customer " + EMAIL + " says card " + CARD + " was charged twice");

        record("no token", http.send("POST", returns, null, Http.json(form)));
        record("forged token", http.send("POST", returns, forged, Http.json(form)));
        record("malformed token", http.send("POST", returns, malformed, Http.json(form)));
        record("import", http.send("PUT", "/orders/" + ORDER, token, Samples.orderBody()));
        record("missing scope", http.send("POST", returns, readOnly, Http.json(form)));
        Map<String, Object> tooMany = new LinkedHashMap<>(form);
        tooMany.put("items", List.of(map("itemIndex", 0, "quantity", 99)));
        record("too many units", http.send("POST", returns, token, Http.json(tooMany)));
        record("not json", http.send("POST", returns, token,
                "{\"reason\": \"" + EMAIL + " " + CARD + "\", \"items\": [", "idempotency-key", "broken-body"));
        record("not an id", http.send("GET", "/orders/not%20an%20id", token, (byte[]) null));
        Http.Response created = record("submit", http.send("POST", returns, token, Http.json(form),
                "idempotency-key", "log-hygiene-1"));
        returnId = (String) created.json().get("returnId");
        record("replay", http.send("POST", returns, token, Http.json(form), "idempotency-key", "log-hygiene-1"));
        awaitRefunded(token);
        record("read", http.get(returns + "/" + returnId, token));
        record("retry a refunded return", http.send("POST", returns + "/" + returnId + "/retry", token, (byte[]) null));
        record("reconcile", http.send("POST", "/_local/reconcile", null, (byte[]) null));
        // The refund processor writes its lines after the stored REFUNDED status is readable.
        awaitLine(teeOut, line -> line.contains("\"RefundsCompleted\"") && line.contains(returnId));
    }

    private static Http.Response record(String what, Http.Response response) {
        responses.put(what, response);
        return response;
    }

    private static void awaitRefunded(String token) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            Map<String, Object> ret = http.get("/orders/" + ORDER + "/returns/" + returnId, token).json();
            if ("REFUNDED".equals(ret.get("status"))) {
                return;
            }
            sleep();
        }
        fail("return " + returnId + " was not refunded within 30 s");
    }

    private static void awaitLine(Tee tee, Predicate<String> wanted) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            if (tee.text().lines().anyMatch(wanted)) {
                return;
            }
            sleep();
        }
        fail("no such line within 30 s");
    }

    private static void sleep() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    // --- what was captured ------------------------------------------------------------------------

    private static List<String> allLines() {
        List<String> all = new ArrayList<>(out);
        all.addAll(err);
        return all;
    }

    private static Map<String, Object> parse(String line) {
        try {
            return JSON.std.mapFrom(line);
        } catch (IOException e) {
            throw new AssertionError("a line that starts like JSON does not parse: " + line, e);
        }
    }

    /** The structured lines (log events and metrics) on standard output. */
    private static List<Map<String, Object>> structured() {
        return out.stream().filter(l -> l.startsWith("{")).map(LogHygieneTest::parse).toList();
    }

    private static List<Map<String, Object>> ours(String event) {
        return structured().stream().filter(m -> event.equals(m.get("event")) && account.equals(m.get("account")))
                .toList();
    }

    private static List<Map<String, Object>> metricLines(String metric) {
        return structured().stream().filter(m -> m.containsKey("_aws") && m.containsKey(metric)).toList();
    }

    private static String requestId(String what) {
        String id = responses.get(what).header("apigw-requestid");
        assertNotNull(id, what + " has an apigw-requestid header");
        return id;
    }

    // --- the checks -------------------------------------------------------------------------------

    @Test
    void theRequestsWereAnsweredAsExpected() {
        Map<String, Integer> expected = new LinkedHashMap<>();
        expected.put("no token", 401);
        expected.put("forged token", 401);
        expected.put("malformed token", 401);
        expected.put("import", 201);
        expected.put("missing scope", 403);
        expected.put("too many units", 422);
        expected.put("not json", 400);
        expected.put("not an id", 400);
        expected.put("submit", 201);
        expected.put("replay", 201);
        expected.put("read", 200);
        expected.put("retry a refunded return", 409);
        expected.put("reconcile", 200);
        expected.forEach((what, status) ->
                assertEquals(status, responses.get(what).status(), what + ": " + responses.get(what).body()));
        assertTrue(responses.get("read").body().contains(EMAIL) || responses.get("read").body().contains(CARD),
                "the reason with the e-mail and card number was stored (so not logging it is a real check)");
    }

    @Test
    void noLineHoldsATokenTheEmailProviderCredentialsOrCardNumbers() {
        List<String> all = allLines();
        assertTrue(all.size() > 20, "captured " + all.size() + " lines");
        for (String line : all) {
            for (String token : tokens) {
                assertFalse(line.contains(token), "a token in: " + line);
                // Any one part of a token (its header, claims or signature) is as telling.
                for (String part : token.split("\\.")) {
                    assertFalse(line.contains(part), "part of a token in: " + line);
                }
            }
            assertFalse(line.contains("Bearer "), "a bearer credential in: " + line);
            assertFalse(line.contains("eyJ"), "something like a JWT in: " + line);
            assertFalse(line.toLowerCase().contains(EMAIL), "the customer's e-mail in: " + line);
            assertFalse(line.contains(SandboxProviders.APP_KEY), "the provider app key in: " + line);
            assertFalse(line.contains(SandboxProviders.APP_TOKEN), "the provider app token in: " + line);
            Matcher card = CARD_LIKE.matcher(withoutEmfTimestamp(line));
            assertFalse(card.find(), "a card-number-like digit run in: " + line);
        }
    }

    /** EMF's _aws.Timestamp is epoch milliseconds, 13 digits by specification: not a card number. */
    @SuppressWarnings("unchecked")
    private static String withoutEmfTimestamp(String line) {
        if (!line.startsWith("{") || !line.contains("\"_aws\"")) {
            return line;
        }
        Map<String, Object> doc = parse(line);
        Map<String, Object> aws = new LinkedHashMap<>((Map<String, Object>) doc.get("_aws"));
        assertInstanceOf(Number.class, aws.remove("Timestamp"));
        doc.put("_aws", aws);
        return Http.json(doc);
    }

    @Test
    void theAccessLogWasCapturedAndShowsNoCredentials() {
        List<String> accessLines = out.stream().filter(l -> l.startsWith("POST /orders/" + ORDER + "/returns -> "))
                .toList();
        assertTrue(accessLines.stream().filter(l -> l.contains("-> 401")).count() >= 3, accessLines.toString());
        assertTrue(accessLines.stream().anyMatch(l -> l.contains("-> 201")), accessLines.toString());
        // the no-credential check above covers these lines too
    }

    @Test
    void everyStructuredLineIsJsonWithLevelEventAndTheInvocationsFunctionAndRequestId() {
        List<Map<String, Object>> lines = structured();
        assertFalse(lines.isEmpty());
        for (Map<String, Object> line : lines) {
            assertTrue(List.of("INFO", "WARN", "ERROR").contains(line.get("level")), line.toString());
            assertInstanceOf(String.class, line.get("event"), line.toString());
            assertInstanceOf(String.class, line.get("timestamp"), line.toString());
            // Every line the functions wrote came from inside an invocation (metric lines name the
            // function in their dimension, Function).
            assertInstanceOf(String.class, line.get(line.containsKey("_aws") ? "Function" : "function"),
                    line.toString());
            assertInstanceOf(String.class, line.get("requestId"), line.toString());
        }
    }

    @Test
    void refusedRequestsCarryApiGatewaysRequestIdAndTheIdsButNeverTheBody() {
        Map<String, Object> missingScope = refusal("missing scope");
        assertEquals(403, ((Number) missingScope.get("status")).intValue());
        assertEquals("POST /orders/{orderId}/returns", missingScope.get("route"));
        assertEquals("WriteApiFunction", missingScope.get("function"));
        assertEquals(ORDER, missingScope.get("orderId"));

        Map<String, Object> tooMany = refusal("too many units");
        assertEquals(422, ((Number) tooMany.get("status")).intValue());
        Map<String, Object> notJson = refusal("not json");
        assertEquals(400, ((Number) notJson.get("status")).intValue());

        Map<String, Object> retry = refusal("retry a refunded return");
        assertEquals(returnId, retry.get("returnId"));
        assertEquals("POST /orders/{orderId}/returns/{returnId}/retry", retry.get("route"));

        // An id that is not well formed is refused and stays out of the line.
        Map<String, Object> notAnId = refusal("not an id");
        assertEquals("ReadApiFunction", notAnId.get("function"));
        assertFalse(notAnId.containsKey("orderId"), notAnId.toString());
    }

    private static Map<String, Object> refusal(String what) {
        String id = requestId(what);
        List<Map<String, Object>> lines = structured().stream()
                .filter(m -> "request.refused".equals(m.get("event")) && id.equals(m.get("requestId"))).toList();
        assertEquals(1, lines.size(), what + ": " + lines);
        Map<String, Object> line = lines.getFirst();
        assertEquals(account, line.get("account"));
        return line;
    }

    @Test
    void aReturnsLinesFromSubmitToRefundShareItsIdsAndEachCarriesItsOwnRequestOrMessageId() {
        List<Map<String, Object>> submitted = ours("return.submitted");
        assertEquals(1, submitted.size(), "the replay logs nothing new: " + submitted);
        assertEquals(requestId("submit"), submitted.getFirst().get("requestId"));
        assertEquals(returnId, submitted.getFirst().get("returnId"));
        assertEquals(ORDER, submitted.getFirst().get("orderId"));
        assertEquals("WriteApiFunction", submitted.getFirst().get("function"));

        Map<String, Object> refunded = ours("refund.refunded").stream()
                .filter(m -> returnId.equals(m.get("returnId"))).findFirst().orElseThrow();
        assertEquals("RefundProcessorFunction", refunded.get("function"));
        String messageId = (String) refunded.get("requestId");
        // The handler's own line for the same message carries the same SQS message id.
        assertTrue(ours("refund.job_processed").stream().anyMatch(m -> messageId.equals(m.get("requestId"))
                && returnId.equals(m.get("returnId")) && "DONE".equals(m.get("result"))));
        assertFalse(Objects.equals(messageId, requestId("submit")));

        Map<String, Object> run = structured().stream().filter(m -> "reconciler.run".equals(m.get("event")))
                .findFirst().orElseThrow();
        assertEquals("ReconcilerFunction", run.get("function"));
        assertFalse(((String) run.get("requestId")).isBlank());
    }

    @Test
    @SuppressWarnings("unchecked")
    void aSubmittedAndRefundedReturnEmitsReturnsSubmittedAndRefundsCompletedInEmf() {
        Map<String, Object> submitted = metricLines("ReturnsSubmitted").stream()
                .filter(m -> returnId.equals(m.get("returnId"))).findFirst().orElseThrow();
        assertEmf(submitted, "ReturnsSubmitted", "Count");
        assertEquals("WriteApiFunction", submitted.get("Function"));
        assertEquals(1, ((Number) submitted.get("ReturnsSubmitted")).intValue());
        assertEquals(requestId("submit"), submitted.get("requestId"));

        Map<String, Object> completed = metricLines("RefundsCompleted").stream()
                .filter(m -> returnId.equals(m.get("returnId"))).findFirst().orElseThrow();
        assertEmf(completed, "RefundsCompleted", "Count");
        assertEmf(completed, "RefundAmount", "None");
        assertEquals("RefundProcessorFunction", completed.get("Function"));
        // events/post-return.json: 6900 back to the card, 600 as a gift card.
        assertEquals(7500, ((Number) completed.get("RefundAmount")).intValue());
        assertEquals("USD", completed.get("Currency"));

        Map<String, Object> reconciler = metricLines("ReconcilerFound").getFirst();
        assertEmf(reconciler, "ReconcilerReenqueued", "Count");
        assertEquals("ReconcilerFunction", reconciler.get("Function"));
    }

    @SuppressWarnings("unchecked")
    private static void assertEmf(Map<String, Object> line, String metric, String unit) {
        Map<String, Object> aws = (Map<String, Object>) line.get("_aws");
        assertInstanceOf(Number.class, aws.get("Timestamp"));
        Map<String, Object> directive = (Map<String, Object>) ((List<Object>) aws.get("CloudWatchMetrics")).getFirst();
        assertEquals("OrderReturns", directive.get("Namespace"));
        assertEquals(List.of(List.of("Function")), directive.get("Dimensions"));
        assertTrue(((List<Object>) directive.get("Metrics")).contains(Map.of("Name", metric, "Unit", unit)),
                directive.toString());
        assertInstanceOf(String.class, line.get("Function"));
        assertInstanceOf(Number.class, line.get(metric));
    }
}
