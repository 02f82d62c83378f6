package dev.orderreturns.it;

import com.fasterxml.jackson.jr.ob.JSON;
import dev.orderreturns.local.LocalStack;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The handlers, invoked with the sample events in {@code events/} (the files users pass to
 * {@code sam local invoke -e}), as the Lambda runtime would: JSON in, JSON out.
 */
@Tag("integration")
class EventFilesTest {

    private static LocalStack stack;

    @BeforeAll
    static void start() {
        stack = LocalStack.shared();
    }

    /** The function template.yaml routes this event's route key to. */
    private static String functionFor(Map<String, Object> event) {
        String routeKey = (String) event.get("routeKey");
        return routeKey.startsWith("GET ") ? "ReadApiFunction" : "WriteApiFunction";
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> withAccount(Map<String, Object> event, String account) {
        Map<String, Object> jwt = (Map<String, Object>) ((Map<String, Object>) ((Map<String, Object>)
                event.get("requestContext")).get("authorizer")).get("jwt");
        ((Map<String, Object>) jwt.get("claims")).put("account", account);
        return event;
    }

    private static Map<String, Object> invoke(Map<String, Object> event) {
        try {
            byte[] answer = stack.functions().invoke(functionFor(event), JSON.std.asBytes(event));
            return JSON.std.mapFrom(new String(answer, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static Map<String, Object> body(Map<String, Object> response) {
        try {
            return JSON.std.mapFrom((String) response.get("body"));
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static int status(Map<String, Object> response) {
        return ((Number) response.get("statusCode")).intValue();
    }

    @Test
    @SuppressWarnings("unchecked")
    void everySampleEventIsAnsweredAsDocumented() {
        String account = Samples.newAccount();
        Map<String, Object> order = invoke(withAccount(Samples.event("put-order.json"), account));
        assertEquals(201, status(order), order.toString());
        Map<String, Object> sale = invoke(withAccount(Samples.event("post-invoice-output.json"), account));
        assertEquals(200, status(sale), sale.toString());
        Map<String, Object> ret = invoke(withAccount(Samples.event("post-return.json"), account));
        assertEquals(201, status(ret), ret.toString());
        Map<String, Object> input = invoke(withAccount(Samples.event("post-invoice-input.json"), account));
        assertEquals(200, status(input), input.toString());
        Map<String, Object> read = invoke(withAccount(Samples.event("get-order.json"), account));
        assertEquals(200, status(read), read.toString());
        assertEquals(2, ((List<?>) body(read).get("returns")).size());
        Map<String, Object> list = invoke(withAccount(Samples.event("get-returns.json"), account));
        assertEquals(200, status(list), list.toString());

        Map<String, Object> one = withAccount(Samples.event("get-return.json"), account);
        String returnId = (String) body(ret).get("returnId");
        ((Map<String, Object>) one.get("pathParameters")).put("returnId", returnId);
        one.put("rawPath", "/orders/1234567890-01/returns/" + returnId);
        ((Map<String, Object>) ((Map<String, Object>) one.get("requestContext")).get("http"))
                .put("path", "/orders/1234567890-01/returns/" + returnId);
        Map<String, Object> found = invoke(one);
        assertEquals(200, status(found), found.toString());
        assertEquals(returnId, body(found).get("returnId"));
        assertEquals("application/json", ((Map<String, Object>) found.get("headers")).get("content-type"));
    }

    @Test
    void everyFileInEventsIsCoveredByThisTest() throws IOException {
        try (Stream<Path> files = Files.list(Samples.eventsDir())) {
            List<String> names = files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".json"))
                    .sorted().toList();
            assertTrue(names.containsAll(List.of("get-order.json", "get-return.json", "get-returns.json",
                    "post-invoice-input.json", "post-invoice-output.json", "post-return.json", "put-order.json",
                    "list-returns.json", "export-returns.json", "post-manual-refund.json")), names.toString());
        }
    }

    /** The operator's desk samples: the attention list, the finance export, a manual refund. */
    @Test
    @SuppressWarnings("unchecked")
    void theDeskSamplesAreAnsweredAsDocumented() {
        String account = Samples.newAccount();
        assertEquals(201, status(invoke(withAccount(Samples.event("put-order.json"), account))));
        // the payment provider cannot refund this one online: its chargeback is left for a person
        Samples.awaitIdleRefundQueue();
        Http http = new Http(stack.baseUrl());
        Http.Response armed = http.send("POST", "/_local/faults", null,
                Http.json(Samples.map("target", "payments", "mode", "refund-manually", "count", 1)));
        assertEquals(200, armed.status(), armed.body());
        Map<String, Object> ret = invoke(withAccount(Samples.event("post-return.json"), account));
        assertEquals(201, status(ret), ret.toString());
        String returnId = (String) body(ret).get("returnId");
        Operator operator = new Operator(http, account);
        operator.awaitStatus("1234567890-01", returnId, "MANUAL_REFUND_REQUIRED");

        Map<String, Object> attention = invoke(withAccount(Samples.event("list-returns.json"), account));
        assertEquals(200, status(attention), attention.toString());
        assertEquals(List.of(returnId), ((List<Map<String, Object>>) body(attention).get("returns")).stream()
                .map(r -> r.get("returnId")).toList(), "a manual part needs attention");

        Map<String, Object> export = invoke(withAccount(Samples.event("export-returns.json"), account));
        assertEquals(200, status(export), export.toString());
        assertTrue(((Map<String, Object>) export.get("headers")).get("content-type").toString().startsWith("text/csv"));
        assertTrue(((String) export.get("body")).startsWith("createdAt,orderId,returnId,"), export.toString());

        Map<String, Object> manual = withAccount(Samples.event("post-manual-refund.json"), account);
        ((Map<String, Object>) manual.get("pathParameters")).put("returnId", returnId);
        String path = ((String) manual.get("rawPath")).replace("ret-45be40257530440b95346b9b4356f134", returnId);
        manual.put("rawPath", path);
        ((Map<String, Object>) ((Map<String, Object>) manual.get("requestContext")).get("http")).put("path", path);
        Map<String, Object> recorded = invoke(manual);
        assertEquals(200, status(recorded), recorded.toString());
        assertEquals("REFUNDED", body(recorded).get("status"), "its only part left was refunded by hand");
    }

    @Test
    @SuppressWarnings("unchecked")
    void withoutClaimsTheHandlerAnswers401AndWithoutTheScope403() {
        Map<String, Object> noClaims = Samples.event("get-order.json");
        ((Map<String, Object>) ((Map<String, Object>) noClaims.get("requestContext")).get("authorizer")).remove("jwt");
        Map<String, Object> unauthenticated = invoke(noClaims);
        assertEquals(401, status(unauthenticated), unauthenticated.toString());
        assertEquals("application/problem+json",
                ((Map<String, Object>) unauthenticated.get("headers")).get("content-type"));

        Map<String, Object> readOnly = withAccount(Samples.event("post-return.json"), Samples.newAccount());
        Map<String, Object> claims = (Map<String, Object>) ((Map<String, Object>) ((Map<String, Object>)
                ((Map<String, Object>) readOnly.get("requestContext")).get("authorizer")).get("jwt")).get("claims");
        claims.put("scope", "returns:read");
        assertEquals(403, status(invoke(readOnly)));
    }

    @Test
    void aBase64EncodedBodyIsDecoded() {
        String account = Samples.newAccount();
        Map<String, Object> event = withAccount(Samples.event("put-order.json"), account);
        event.put("body", java.util.Base64.getEncoder().encodeToString(
                ((String) event.get("body")).getBytes(StandardCharsets.UTF_8)));
        event.put("isBase64Encoded", true);
        Map<String, Object> response = invoke(event);
        assertEquals(201, status(response), response.toString());
        assertEquals("1234567890-01", body(response).get("orderId"));
    }
}
