package dev.orderreturns.it;

import com.fasterxml.jackson.jr.ob.JSON;
import dev.orderreturns.domain.ConcurrentUpdate;
import dev.orderreturns.domain.Order;
import dev.orderreturns.domain.RefundStatus;
import dev.orderreturns.local.LocalStack;
import dev.orderreturns.local.SamTemplate;
import dev.orderreturns.store.dynamodb.DynamoDbOrderStore;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Holds {@code openapi.yaml} to what is deployed and what runs: its routes are exactly the HTTP API
 * routes of {@code template.yaml}; its examples fit its own schemas; every request-body example is
 * accepted by the handlers (through the local stack, over HTTP, with only the scopes the operation
 * documents) with a documented status, headers and a body that fits the documented schema with no
 * undocumented property; every documented error status of every operation is provoked and answered
 * as documented (most of them byte for byte as the spec's example); and undeclared methods get 405.
 */
@Tag("e2e")
class OpenApiTest {

    private static final List<String> HTTP_METHODS = List.of("get", "put", "post", "delete", "options", "head",
            "patch", "trace");
    private static final List<String> SCOPES = List.of("orders:write", "returns:write", "returns:read");
    private static final String CATCH_ALL = "ANY /{proxy+}";
    /** The one operation answering something else than JSON: the finance CSV. */
    private static final String EXPORT = "GET /returns/export";
    private static final Set<Integer> ERROR_STATUSES = Set.of(400, 401, 403, 404, 405, 409, 413, 415, 422, 500);
    /** Documented errors the handlers give only in states a test cannot reach cheaply. */
    private static final Map<String, Set<Integer>> NOT_PROVOKED = Map.of(
            "POST /orders/{orderId}/returns/{returnId}/retry", Set.of(413, 500)); // order-too-large
    private static final Set<Integer> NEVER_PROVOKED = Set.of(500);
    /** Request examples that are the bodies of the sample events, so the two cannot drift apart. */
    private static final Map<String, String> SAMPLE_EVENTS = Map.of(
            "importOrder/sampleOrder", "put-order.json",
            "notifyInvoice/saleInvoice", "post-invoice-output.json",
            "notifyInvoice/returnInvoice", "post-invoice-input.json",
            "submitReturn/itemsAndShipping", "post-return.json",
            "recordManualRefund/bankTransfer", "post-manual-refund.json");

    private static final JSON JSON_WRITER = JSON.std.with(JSON.Feature.WRITE_NULL_PROPERTIES);
    private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    private static Path root;
    private static Map<String, Object> spec;

    @BeforeAll
    static void loadSpec() throws IOException {
        String configured = System.getProperty("orderreturns.root");
        root = configured == null ? Path.of("..").toAbsolutePath().normalize() : Path.of(configured);
        Object loaded = new Load(LoadSettings.builder().build())
                .loadFromString(Files.readString(root.resolve("openapi.yaml")));
        spec = asMap(loaded, "openapi.yaml");
    }

    // ---- the spec against template.yaml and itself ----

    @Test
    void routesAreExactlyTheHttpApiRoutesOfTheTemplate() {
        assertTrue(String.valueOf(spec.get("openapi")).startsWith("3.1."), "openapi.yaml is OpenAPI 3.1");
        Set<String> declared = SamTemplate.load(root.resolve("template.yaml")).functions().values().stream()
                .flatMap(f -> f.httpApiEvents().stream())
                .map(SamTemplate.HttpApiEvent::routeKey)
                .collect(Collectors.toCollection(TreeSet::new));
        assertTrue(declared.remove(CATCH_ALL), "template.yaml sends unknown routes to " + CATCH_ALL + ": " + declared);
        Set<String> documented = operations().stream().map(Operation::routeKey)
                .collect(Collectors.toCollection(TreeSet::new));
        assertEquals(declared, documented, "openapi.yaml documents exactly the HttpApi routes of template.yaml");
        assertTrue(map(spec.get("paths")).keySet().stream().noneMatch(p -> p.startsWith("/_local")),
                "the local stack's /_local endpoints are not part of the API");
    }

    @Test
    void everyOperationIsFullyDocumented() {
        Map<String, Object> scheme = resolved(map(map(spec.get("components")).get("securitySchemes")).get("bearerAuth"));
        assertEquals("http", scheme.get("type"));
        assertEquals("bearer", scheme.get("scheme"));
        assertEquals("JWT", scheme.get("bearerFormat"));
        Set<String> operationIds = new LinkedHashSet<>();
        for (Operation op : operations()) {
            String at = op.routeKey();
            assertTrue(operationIds.add(String.valueOf(op.definition().get("operationId"))), at + ": a unique operationId");
            List<List<String>> alternatives = op.securityAlternatives();
            assertFalse(alternatives.isEmpty(), at + ": documents its security");
            for (List<String> scopes : alternatives) {
                assertFalse(scopes.isEmpty(), at + ": names the scopes it needs");
                assertTrue(SCOPES.containsAll(scopes), at + ": scopes " + scopes + " are the API's scopes");
            }
            Set<String> templated = new TreeSet<>();
            Matcher m = Pattern.compile("\\{([^}]+)}").matcher(op.path());
            while (m.find()) templated.add(m.group(1));
            Set<String> pathParameters = op.parameters().stream().filter(p -> "path".equals(p.get("in")))
                    .map(p -> (String) p.get("name")).collect(Collectors.toCollection(TreeSet::new));
            assertEquals(templated, pathParameters, at + ": every path parameter is declared");
            for (Map<String, Object> parameter : op.parameters()) {
                assertNotNull(parameter.get("example"), at + ": parameter " + parameter.get("name") + " has an example");
            }
            Set<Integer> statuses = op.statuses();
            assertTrue(statuses.stream().anyMatch(s -> s / 100 == 2), at + ": documents its success");
            for (int required : List.of(401, 403, 500)) {
                assertTrue(statuses.contains(required), at + ": documents " + required);
            }
            for (int status : statuses) {
                Map<String, Object> response = op.response(status);
                assertNotNull(response.get("description"), at + " " + status + ": has a description");
                Map<String, Object> content = map(response.get("content"));
                assertFalse(content.isEmpty(), at + " " + status + ": documents its body");
                if (status >= 400) {
                    assertTrue(ERROR_STATUSES.contains(status), at + ": " + status + " is an error the API gives");
                    assertTrue(content.containsKey("application/problem+json"), at + " " + status + ": problem+json");
                    Set<String> allowed = status == 401 ? Set.of("application/problem+json", "application/json")
                            : Set.of("application/problem+json");
                    assertTrue(allowed.containsAll(content.keySet()), at + " " + status + ": " + content.keySet());
                } else {
                    Set<String> types = op.routeKey().equals(EXPORT) ? Set.of("text/csv") : Set.of("application/json");
                    assertEquals(types, content.keySet(), at + " " + status);
                }
                content.forEach((type, media) -> {
                    assertNotNull(map(media).get("schema"), at + " " + status + " " + type + ": has a schema");
                    assertFalse(examplesOf(map(media)).isEmpty(), at + " " + status + " " + type + ": has examples");
                });
            }
            Map<String, Object> media = op.requestMedia();
            if (!op.method().equals("get") && !op.path().endsWith("/retry")) {
                assertNotNull(media, at + ": documents its JSON request body");
                assertEquals(Boolean.TRUE, resolved(op.definition().get("requestBody")).get("required"), at);
                assertFalse(examplesOf(media).isEmpty(), at + ": has request body examples");
                for (int status : List.of(400, 413, 415)) {
                    assertTrue(statuses.contains(status), at + ": a body route documents " + status);
                }
            }
        }
    }

    @Test
    void examplesFitTheirSchemasAndErrorExamplesTheirOperation() throws IOException {
        SchemaValidator strict = new SchemaValidator(true);
        int checked = 0;
        for (Operation op : operations()) {
            String at = op.routeKey();
            for (Map<String, Object> parameter : op.parameters()) {
                assertValid(strict, parameter.get("example"), parameter.get("schema"), at + " parameter " + parameter.get("name"));
            }
            Map<String, Object> request = op.requestMedia();
            if (request != null) {
                for (Map.Entry<String, Object> example : examplesOf(request).entrySet()) {
                    assertValid(strict, example.getValue(), request.get("schema"), at + " request example " + example.getKey());
                    checked++;
                    String event = SAMPLE_EVENTS.get(op.definition().get("operationId") + "/" + example.getKey());
                    if (event != null) {
                        Map<String, Object> sample = JSON.std.mapFrom(Files.readString(root.resolve("events").resolve(event)));
                        assertEquals(JSON.std.anyFrom((String) sample.get("body")), normalized(example.getValue()),
                                at + " request example " + example.getKey() + " is the body of events/" + event);
                    }
                }
            }
            for (int status : op.statuses()) {
                Map<String, Object> response = op.response(status);
                for (Map.Entry<String, Object> media : map(response.get("content")).entrySet()) {
                    Map<String, Object> mediaType = map(media.getValue());
                    for (Map.Entry<String, Object> example : examplesOf(mediaType).entrySet()) {
                        String where = at + " " + status + " " + media.getKey() + " example " + example.getKey();
                        assertValid(strict, example.getValue(), mediaType.get("schema"), where);
                        checked++;
                        if (status >= 400 && example.getValue() instanceof Map<?, ?> problem && problem.containsKey("status")) {
                            int documented = ((Number) problem.get("status")).intValue();
                            assertTrue(op.statuses().contains(documented),
                                    where + ": its status " + documented + " is one of the operation's " + op.statuses());
                            assertEquals(status, documented, where + ": its status is the one it is documented under");
                        }
                    }
                }
            }
        }
        // Responses no operation uses (405 answers any undeclared method of a path).
        Map<String, Object> responses = map(map(spec.get("components")).get("responses"));
        for (Map.Entry<String, Object> response : responses.entrySet()) {
            for (Map.Entry<String, Object> media : map(map(response.getValue()).get("content")).entrySet()) {
                for (Map.Entry<String, Object> example : examplesOf(map(media.getValue())).entrySet()) {
                    assertValid(strict, example.getValue(), map(media.getValue()).get("schema"),
                            "components.responses." + response.getKey() + " example " + example.getKey());
                }
            }
        }
        Map<String, Object> notAllowed = map(map(resolved(responses.get("MethodNotAllowed")).get("content"))
                .get("application/problem+json"));
        assertEquals(405, ((Number) map(examplesOf(notAllowed).get("deleteOrder")).get("status")).intValue(),
                "the 405 example");
        Map<String, Object> postReturn = JSON.std.mapFrom(Files.readString(root.resolve("events/post-return.json")));
        assertEquals(map(postReturn.get("headers")).get("idempotency-key"),
                map(map(map(spec.get("components")).get("parameters")).get("IdempotencyKey")).get("example"),
                "the Idempotency-Key example is the sample event's");
        assertTrue(checked > 20, "examples checked: " + checked);
    }

    // ---- the spec against the running handlers ----

    @Test
    void requestBodyExamplesAreAcceptedAsDocumented() {
        String account = newAccount();
        Tokens tokens = new Tokens(account);
        Map<String, String> pathValues = parameterExamples();
        List<String> returnIds = new ArrayList<>();

        List<RequestExample> examples = requestExamples();
        assertEquals("PUT /orders/{orderId}", examples.getFirst().operation().routeKey(), "the order is imported first");
        for (RequestExample example : examples) {
            Operation op = example.operation();
            String what = op.routeKey() + " example " + example.name();
            String path = fill(op.path(), pathValues);
            if (op.path().endsWith("/manual-refund")) {
                Map<String, String> waiting = new HashMap<>(pathValues);
                waiting.putAll(partWaitingForManualRefund(tokens));
                path = fill(op.path(), waiting);
            }
            byte[] body = jsonBytes(example.value());
            List<String> headers = new ArrayList<>(List.of("content-type", "application/json"));
            String key = null;
            if (op.parameters().stream().anyMatch(p -> "Idempotency-Key".equals(p.get("name")))) {
                key = pathValues.get("Idempotency-Key") + "-" + example.name(); // keys are per order: one per example
                headers.addAll(List.of("idempotency-key", key));
            }
            Reply reply = sendWithDocumentedScopes(op, tokens, path, body, headers, what);
            assertTrue(op.successStatuses().contains(reply.status()),
                    what + " is answered " + reply.status() + ", documented " + op.successStatuses() + ": " + reply.body());
            Object answer = checkAgainstSpec(op, reply, what);

            if (op.method().equals("put")) {
                assertEquals(201, reply.status(), what + ": a first import creates the order");
                Reply again = send("PUT", path, tokens.full(), body, headers.toArray(String[]::new));
                assertEquals(200, again.status(), what + " again: updates it: " + again.body());
                checkAgainstSpec(op, again, what + " again");
            }
            if (reply.status() == 201 && answer instanceof Map<?, ?> m && m.get("returnId") instanceof String returnId) {
                returnIds.add(returnId);
                assertEquals("/orders/" + pathValues.get("orderId") + "/returns/" + returnId, reply.header("location"), what);
                assertNull(reply.header("idempotent-replayed"), what + ": not a replay");
                Reply located = send("GET", reply.header("location"), tokens.full(), null);
                assertEquals(200, located.status(), what + ": location can be read: " + located.body());
            }
            if (answer instanceof Map<?, ?> m && m.get("receipt") instanceof String receipt && receipt.startsWith("ret-")) {
                Reply created = send("GET", path.replaceFirst("^/api/oms/pvt(/orders/[^/]+)/invoice$", "$1/returns/" + receipt),
                        tokens.full(), null);
                assertEquals(200, created.status(), what + ": an Input receipt is the id of the return it created");
            }
            if (key != null) {
                Reply replay = send(op.method().toUpperCase(Locale.ROOT), path, tokens.full(), body, headers.toArray(String[]::new));
                assertEquals(reply.status(), replay.status(), what + " replayed with its Idempotency-Key: " + replay.body());
                Object replayed = checkAgainstSpec(op, replay, what + " replayed");
                assertEquals("true", replay.header("idempotent-replayed"), what + " replayed");
                assertEquals(reply.header("location"), replay.header("location"), what + " replayed");
                assertEquals(map(answer).get("returnId"), map(replayed).get("returnId"), what + " replayed");
            }
        }
        assertFalse(returnIds.isEmpty(), "the return examples created returns");

        // The operations without a body: reads, and the retry of a refund made to fail.
        pathValues.put("returnId", returnIds.getFirst());
        for (Operation op : operations()) {
            if (op.requestMedia() != null) continue;
            String what = op.routeKey();
            if (op.path().endsWith("/retry")) {
                failRefund(account, pathValues.get("orderId"), pathValues.get("returnId"), tokens.full());
            }
            Reply reply = sendWithDocumentedScopes(op, tokens, fill(op.path(), pathValues), null, List.of(), what);
            assertTrue(op.successStatuses().contains(reply.status()),
                    what + " is answered " + reply.status() + ", documented " + op.successStatuses() + ": " + reply.body());
            Object answer = checkAgainstSpec(op, reply, what);
            if (op.path().endsWith("/retry")) {
                assertEquals("PENDING", map(answer).get("status"), what + ": the refund is queued again");
            }
            if (op.routeKey().equals("GET /returns")) {
                assertFalse(list(map(answer).get("returns")).isEmpty(), what + ": lists this test's returns");
            }
            if (op.routeKey().equals(EXPORT)) {
                assertTrue(String.valueOf(answer).contains("," + pathValues.get("returnId") + ","),
                        what + ": exports this test's returns: " + answer);
            }
        }
    }

    /**
     * A new order of the sample's, and a return of it whose chargeback the sandbox payment
     * provider answers "refund manually" (a fault armed for its next call, once earlier tests'
     * refunds are done); waits until the refunder has recorded that. Its orderId, returnId, partId.
     */
    private static Map<String, String> partWaitingForManualRefund(Tokens tokens) {
        String orderId = "1234567890-98";
        Map<String, Object> order = requestExample("importOrder", "sampleOrder");
        order.put("orderId", orderId);
        Reply imported = send("PUT", "/orders/" + orderId, tokens.full(), jsonBytes(order));
        assertEquals(201, imported.status(), imported.body());
        Samples.awaitIdleRefundQueue();
        Reply armed = send("POST", "/_local/faults", null,
                json("{\"target\":\"payments\",\"mode\":\"refund-manually\",\"count\":1}"));
        assertEquals(200, armed.status(), armed.body());
        Reply created = send("POST", "/orders/" + orderId + "/returns", tokens.full(),
                jsonBytes(requestExample("submitReturn", "itemsAndShipping")));
        assertEquals(201, created.status(), created.body());
        String returnId = (String) map(created.json()).get("returnId");
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        Map<String, Object> ret = Map.of();
        while (System.nanoTime() < deadline) {
            ret = map(send("GET", "/orders/" + orderId + "/returns/" + returnId, tokens.full(), null).json());
            if (RefundStatus.valueOf((String) ret.get("status")).isFinal()) break;
            Samples.pause(100);
        }
        assertEquals("MANUAL_REFUND_REQUIRED", ret.get("status"), "the provider's answer is recorded: " + ret);
        String partId = list(map(ret.get("refund")).get("parts")).stream().map(OpenApiTest::map)
                .filter(p -> "MANUAL_REFUND_REQUIRED".equals(p.get("status"))).map(p -> (String) p.get("partId"))
                .findFirst().orElseThrow();
        return Map.of("orderId", orderId, "returnId", returnId, "partId", partId);
    }

    @Test
    void everyDocumentedErrorIsAnsweredAsDocumented() {
        String account = newAccount();
        Tokens tokens = new Tokens(account);
        Map<String, String> values = parameterExamples();
        String orderId = values.get("orderId");
        Map<String, Object> order = requestExample("importOrder", "sampleOrder");
        Map<String, Object> aReturn = requestExample("submitReturn", "itemsAndShipping");
        // The sample order with its second shirt invoiced and the operator's return RET-1001.
        assertEquals(201, send("PUT", "/orders/" + orderId, tokens.full(), jsonBytes(order)).status());
        assertEquals(200, send("POST", "/api/oms/pvt/orders/" + orderId + "/invoice", tokens.full(),
                jsonBytes(requestExample("notifyInvoice", "saleInvoice"))).status());
        Reply created = send("POST", "/orders/" + orderId + "/returns", tokens.full(), jsonBytes(aReturn),
                "idempotency-key", "errors-key");
        assertEquals(201, created.status(), created.body());
        values.put("returnId", (String) map(created.json()).get("returnId"));

        Errors errors = new Errors(tokens, values);
        byte[] tooLarge = ("{\"x\":\"" + "a".repeat(300 * 1024) + "\"}").getBytes(StandardCharsets.UTF_8);
        byte[] notJson = "hello".getBytes(StandardCharsets.UTF_8);
        String unknownOrder = "9999999999-01";
        String badId = "bad%23id";
        String unknownReturn = "ret-00000000000000000000000000";

        String put = "PUT /orders/{orderId}";
        Map<String, Object> invalidOrder = copy(order);
        invalidOrder.put("orderId", "1234567890-02");
        map(list(invalidOrder.get("items")).getFirst()).put("quantity", 0);
        map(invalidOrder.get("storePreferencesData")).put("currencyCode", "usd");
        Map<String, Object> changedItems = copy(order);
        map(list(changedItems.get("items")).get(2)).put("quantity", 4);
        Map<String, Object> changedPackage = copy(order);
        map(list(map(changedPackage.get("packageAttachment")).get("packages")).getFirst()).put("invoiceValue", 11800);
        Map<String, Object> overInvoiced = copy(order);
        overInvoiced.put("orderId", "1234567890-03");
        map(list(map(list(map(overInvoiced.get("packageAttachment")).get("packages")).getFirst()).get("items"))
                .getFirst()).put("quantity", 3);
        errors.provoke(put, Map.of(), Auth.NONE, jsonBytes(order), 401, "noValidToken");
        errors.provoke(put, Map.of(), Auth.NO_ACCOUNT, jsonBytes(order), 401, "noAccountClaim");
        errors.provoke(put, Map.of(), Auth.LACKING, jsonBytes(order), 403, null);
        errors.provoke(put, Map.of("orderId", "1234567890-02"), Auth.FULL, jsonBytes(invalidOrder), 400, "invalidOrder");
        errors.provoke(put, Map.of(), Auth.FULL, jsonBytes(changedItems), 409, "orderHasReturns");
        errors.provoke(put, Map.of(), Auth.FULL, jsonBytes(changedPackage), 409, "packageInvoiceTaken");
        errors.provoke(put, Map.of(), Auth.FULL, tooLarge, 413, "bodyTooLarge");
        errors.provoke(put, Map.of(), Auth.FULL, notJson, 415, "notJson", "content-type", "text/plain");
        errors.provoke(put, Map.of("orderId", "1234567890-03"), Auth.FULL, jsonBytes(overInvoiced), 422,
                "invoiceExceedsOrder");

        String invoice = "POST /api/oms/pvt/orders/{orderId}/invoice";
        byte[] sale = jsonBytes(requestExample("notifyInvoice", "saleInvoice"));
        errors.provoke(invoice, Map.of(), Auth.NONE, sale, 401, "noValidToken");
        errors.provoke(invoice, Map.of(), Auth.NO_ACCOUNT, sale, 401, "noAccountClaim");
        errors.provoke(invoice, Map.of(), Auth.LACKING, sale, 403, "insufficientScope");
        errors.provoke(invoice, Map.of(), Auth.FULL, json("{\"type\":\"Bogus\",\"invoiceNumber\":\"NF-9\","
                + "\"invoiceValue\":\"12.50\",\"items\":[]}"), 400, "invalidNotification");
        errors.provoke(invoice, Map.of("orderId", unknownOrder), Auth.FULL, sale, 404, "orderNotFound");
        errors.provoke(invoice, Map.of(), Auth.FULL, json("{\"type\":\"Output\",\"invoiceNumber\":\"NF-1002\","
                + "\"invoiceValue\":4500,\"items\":[{\"id\":\"2001\",\"quantity\":1,\"price\":4400}]}"), 409,
                "invoiceNumberTaken");
        errors.provoke(invoice, Map.of(), Auth.FULL, tooLarge, 413, "bodyTooLarge");
        errors.provoke(invoice, Map.of(), Auth.FULL, notJson, 415, "notJson", "content-type", "text/plain");
        errors.provoke(invoice, Map.of(), Auth.FULL, json("{\"type\":\"Input\",\"invoiceNumber\":\"RET-3001\","
                + "\"invoiceValue\":\"4000\",\"items\":[{\"id\":\"2001\",\"quantity\":1,\"price\":4000}]}"), 422,
                "priceNotInvoiced");
        errors.provoke(invoice, Map.of(), Auth.FULL, json("{\"type\":\"Input\",\"invoiceNumber\":\"RET-3002\","
                + "\"invoiceValue\":3000,\"items\":[{\"id\":\"2002\",\"quantity\":1,\"price\":2500},"
                + "{\"id\":\"2003\",\"quantity\":1,\"price\":900}]}"), 422, "invoiceValueBelowItems");

        String submit = "POST /orders/{orderId}/returns";
        byte[] returnBody = jsonBytes(aReturn);
        errors.provoke(submit, Map.of(), Auth.NONE, returnBody, 401, "noValidToken");
        errors.provoke(submit, Map.of(), Auth.NO_ACCOUNT, returnBody, 401, "noAccountClaim");
        errors.provoke(submit, Map.of(), Auth.LACKING, returnBody, 403, "insufficientScope");
        errors.provoke(submit, Map.of(), Auth.FULL, json("{\"items\":[{\"itemIndex\":0,\"quantity\":0}],"
                + "\"additionalValue\":12.5,\"entranceInvoiceNumber\":\"RET #1\",\"reason\":\"\"}"), 400, "invalidReturn");
        errors.provoke(submit, Map.of(), Auth.FULL, json("{\"additionalValue\":100,\"entranceInvoiceNumber\":"
                + "\"RET-1005\",\"reason\":\"Shipping refund\"}"), 400, "invalidIdempotencyKey", "idempotency-key", "bad key");
        errors.provoke(submit, Map.of("orderId", unknownOrder), Auth.FULL, returnBody, 404, "orderNotFound");
        errors.provoke(submit, Map.of(), Auth.FULL, returnBody, 409, "entranceInvoiceNumberTaken");
        errors.provoke(submit, Map.of(), Auth.FULL, tooLarge, 413, "bodyTooLarge");
        errors.provoke(submit, Map.of(), Auth.FULL, notJson, 415, "notJson", "content-type", "text/plain");
        errors.provoke(submit, Map.of(), Auth.FULL, json("{\"items\":[{\"itemIndex\":0,\"quantity\":2}],"
                + "\"entranceInvoiceNumber\":\"RET-1003\",\"reason\":\"Too small\"}"), 422, "unitsExceedReturnable");
        errors.provoke(submit, Map.of(), Auth.FULL, json("{\"additionalValue\":1000,\"entranceInvoiceNumber\":"
                + "\"RET-1003\",\"reason\":\"Shipping refund\"}"), 422, "additionalValueExceedsShipping");
        errors.provoke(submit, Map.of(), Auth.FULL, json("{\"additionalValue\":100,\"entranceInvoiceNumber\":"
                + "\"RET-1004\",\"reason\":\"Shipping refund\"}"), 422, "idempotencyKeyReused",
                "idempotency-key", "errors-key");

        String retry = "POST /orders/{orderId}/returns/{returnId}/retry";
        errors.provoke(retry, Map.of(), Auth.NONE, null, 401, "noValidToken");
        errors.provoke(retry, Map.of(), Auth.NO_ACCOUNT, null, 401, "noAccountClaim");
        errors.provoke(retry, Map.of(), Auth.LACKING, null, 403, "insufficientScope");
        errors.provoke(retry, Map.of("orderId", badId), Auth.FULL, null, 400, "invalidOrderId");
        errors.provoke(retry, Map.of("returnId", unknownReturn), Auth.FULL, null, 404, "returnNotFound");
        errors.provoke(retry, Map.of(), Auth.FULL, null, 409, null); // PENDING or REFUNDED, not FAILED

        for (String read : List.of("GET /orders/{orderId}", "GET /orders/{orderId}/returns",
                "GET /orders/{orderId}/returns/{returnId}")) {
            errors.provoke(read, Map.of(), Auth.NONE, null, 401, "noValidToken");
            errors.provoke(read, Map.of(), Auth.NO_ACCOUNT, null, 401, "noAccountClaim");
            errors.provoke(read, Map.of(), Auth.LACKING, null, 403, null);
            errors.provoke(read, Map.of("orderId", badId), Auth.FULL, null, 400, "invalidOrderId");
            errors.provoke(read, Map.of("orderId", unknownOrder), Auth.FULL, null, 404, "orderNotFound");
        }
        errors.provoke("GET /orders/{orderId}/returns/{returnId}", Map.of("returnId", unknownReturn), Auth.FULL, null,
                404, "returnNotFound");

        String manual = "POST /orders/{orderId}/returns/{returnId}/parts/{partId}/manual-refund";
        byte[] recorded = json("{\"reference\":\"BANK-1\"}");
        errors.provoke(manual, Map.of(), Auth.NONE, recorded, 401, "noValidToken");
        errors.provoke(manual, Map.of(), Auth.NO_ACCOUNT, recorded, 401, "noAccountClaim");
        errors.provoke(manual, Map.of(), Auth.LACKING, recorded, 403, "insufficientScope");
        errors.provoke(manual, Map.of(), Auth.FULL, json("{\"note\":\"paid\"}"), 400, "referenceMissing");
        errors.provoke(manual, Map.of("partId", "chargeback-0000"), Auth.FULL, recorded, 404, null);
        errors.provoke(manual, Map.of(), Auth.FULL, recorded, 409, null); // the refunder's, not waiting for a person
        errors.provoke(manual, Map.of(), Auth.FULL, tooLarge, 413, "bodyTooLarge");
        errors.provoke(manual, Map.of(), Auth.FULL, notJson, 415, "notJson", "content-type", "text/plain");

        for (String listing : List.of("GET /returns", EXPORT)) {
            errors.provoke(listing, Map.of(), Auth.NONE, null, 401, "noValidToken");
            errors.provoke(listing, Map.of(), Auth.NO_ACCOUNT, null, 401, "noAccountClaim");
            errors.provoke(listing, Map.of(), Auth.LACKING, null, 403, null);
        }
        errors.provoke("GET /returns?status=DONE&from=yesterday&limit=500", Map.of(), Auth.FULL, null, 400,
                "invalidListing");
        errors.provoke(EXPORT + "?cursor=abc", Map.of(), Auth.FULL, null, 400, "notACursor");

        // Every documented error status was provoked, except the ones no test state reaches.
        for (Operation op : operations()) {
            Set<Integer> documented = new TreeSet<>(op.statuses());
            documented.removeIf(s -> s < 400);
            documented.removeAll(NOT_PROVOKED.getOrDefault(op.routeKey(), NEVER_PROVOKED));
            assertEquals(documented, errors.provoked(op.routeKey()), op.routeKey() + ": documented errors provoked");
        }
    }

    @Test
    void undeclaredMethodsAreAnswered405WithTheDeclaredMethods() {
        Tokens tokens = new Tokens(newAccount());
        Map<String, String> values = parameterExamples();
        Map<String, Object> notAllowed = resolved(map(map(spec.get("components")).get("responses")).get("MethodNotAllowed"));
        Map<String, Object> media = map(map(notAllowed.get("content")).get("application/problem+json"));
        for (Map.Entry<String, Object> entry : map(spec.get("paths")).entrySet()) {
            Set<String> declared = HTTP_METHODS.stream().filter(map(entry.getValue())::containsKey)
                    .map(m -> m.toUpperCase(Locale.ROOT)).collect(Collectors.toCollection(TreeSet::new));
            String path = fill(entry.getKey(), values);
            for (String method : List.of("GET", "PUT", "POST", "DELETE", "PATCH")) {
                if (declared.contains(method)) continue;
                String what = method + " " + entry.getKey();
                Reply reply = send(method, path, tokens.full(), null);
                assertEquals(405, reply.status(), what + ": " + reply.body());
                assertEquals("application/problem+json", reply.mediaType(), what);
                assertValid(new SchemaValidator(true), reply.json(), media.get("schema"), what);
                assertEquals(405, ((Number) map(reply.json()).get("status")).intValue(), what);
                assertNotNull(reply.header("allow"), what + ": names the allowed methods");
                assertEquals(declared, new TreeSet<>(Arrays.asList(reply.header("allow").split(",\\s*"))), what + ": Allow");
                if (what.equals("DELETE /orders/{orderId}")) {
                    assertEquals(normalized(examplesOf(media).get("deleteOrder")), reply.json(), what + ": as the example");
                }
            }
        }
    }

    // ---- provoking errors ----

    enum Auth { FULL, NONE, NO_ACCOUNT, LACKING }

    /** Sends requests meant to fail, checks each answer against the spec, and remembers what was provoked. */
    private static final class Errors {
        private final Tokens tokens;
        private final Map<String, String> values;
        private final Map<String, Set<Integer>> provoked = new TreeMap<>();

        Errors(Tokens tokens, Map<String, String> values) {
            this.tokens = tokens;
            this.values = values;
        }

        /** {@code request} is a route key, with a query string when the request has one. */
        void provoke(String request, Map<String, String> pathOverrides, Auth auth, byte[] body, int expected,
                     String exampleName, String... headers) {
            int q = request.indexOf('?');
            String routeKey = q < 0 ? request : request.substring(0, q);
            String query = q < 0 ? "" : request.substring(q);
            Operation op = operations().stream().filter(o -> o.routeKey().equals(routeKey)).findFirst()
                    .orElseThrow(() -> new AssertionError("openapi.yaml has no operation " + routeKey));
            Map<String, String> pathValues = new HashMap<>(values);
            pathValues.putAll(pathOverrides);
            String path = fill(op.path(), pathValues) + query;
            String token = switch (auth) {
                case FULL -> tokens.full();
                case NONE -> null;
                case NO_ACCOUNT -> tokens.withoutAccount();
                case LACKING -> {
                    Set<String> lacking = new LinkedHashSet<>(SCOPES);
                    op.securityAlternatives().forEach(lacking::removeAll);
                    yield tokens.with(List.copyOf(lacking));
                }
            };
            List<String> allHeaders = new ArrayList<>(Arrays.asList(headers));
            if (body != null && !allHeaders.contains("content-type")) {
                allHeaders.addAll(List.of("content-type", "application/json"));
            }
            String what = routeKey + " (" + auth + ", " + pathOverrides + ") expecting " + expected;
            Reply reply = send(op.method().toUpperCase(Locale.ROOT), path, token, body, allHeaders.toArray(String[]::new));
            assertEquals(expected, reply.status(), what + ": " + reply.body());
            Object answer = checkAgainstSpec(op, reply, what);
            if (exampleName != null) {
                Map<String, Object> media = map(map(op.response(expected).get("content")).get(reply.mediaType()));
                Object example = examplesOf(media).get(exampleName);
                assertNotNull(example, what + ": openapi.yaml has the example " + exampleName + " for " + expected
                        + " " + reply.mediaType());
                assertEquals(normalized(example), answer, what + ": answered as the example " + exampleName);
            }
            provoked.computeIfAbsent(routeKey, k -> new TreeSet<>()).add(expected);
        }

        Set<Integer> provoked(String routeKey) {
            return provoked.getOrDefault(routeKey, Set.of());
        }
    }

    // ---- checking answers against the spec ----

    /** Checks an answer's status, media type, headers and body against the operation; returns the body. */
    private static Object checkAgainstSpec(Operation op, Reply reply, String what) {
        Map<String, Object> response = op.response(reply.status());
        assertNotNull(response, what + ": " + op.routeKey() + " documents " + reply.status() + " (" + reply.body() + ")");
        Map<String, Object> content = map(response.get("content"));
        Map<String, Object> media = content.containsKey(reply.mediaType()) ? map(content.get(reply.mediaType())) : null;
        assertNotNull(media, what + ": " + reply.status() + " is documented as " + content.keySet() + ", answered as "
                + reply.mediaType());
        Object body = "text/csv".equals(reply.mediaType()) ? reply.body() : reply.json();
        assertValid(new SchemaValidator(true), body, media.get("schema"), what + " answer");
        for (Map.Entry<String, Object> header : map(response.get("headers")).entrySet()) {
            Map<String, Object> definition = resolved(header.getValue());
            String value = reply.header(header.getKey());
            if (Boolean.TRUE.equals(definition.get("required"))) {
                assertNotNull(value, what + ": has the header " + header.getKey());
            }
            if (value != null) {
                assertValid(new SchemaValidator(true), value, definition.get("schema"), what + " header " + header.getKey());
            }
        }
        if (reply.status() >= 400 && body instanceof Map<?, ?> problem && problem.containsKey("status")) {
            assertEquals(reply.status(), ((Number) problem.get("status")).intValue(), what + ": problem status");
        }
        return body;
    }

    private static void assertValid(SchemaValidator validator, Object value, Object schema, String what) {
        assertNotNull(schema, what + ": has a schema");
        List<String> problems = validator.validate(value, schema);
        assertTrue(problems.isEmpty(), what + " does not fit its schema: " + problems + "\n" + value);
    }

    // ---- requests ----

    private static Reply sendWithDocumentedScopes(Operation op, Tokens tokens, String path, byte[] body,
                                                  List<String> headers, String what) {
        // With exactly the scopes of one of the operation's security requirements; when it lists
        // alternatives (one per kind of body), the others may only refuse it for lack of scope.
        Reply last = null;
        for (List<String> scopes : op.securityAlternatives()) {
            Reply reply = send(op.method().toUpperCase(Locale.ROOT), path, tokens.with(scopes), body,
                    headers.toArray(String[]::new));
            if (reply.status() / 100 == 2) {
                return reply;
            }
            assertEquals(403, reply.status(), what + " with only " + scopes + ": " + reply.body());
            last = reply;
        }
        return fail(what + " is accepted with none of the documented scopes " + op.securityAlternatives() + ": "
                + (last == null ? "" : last.body()));
    }

    /** Waits until the return's refund is settled, then marks it FAILED as the reconciler would. */
    private static void failRefund(String account, String orderId, String returnId, String token) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        Object status = null;
        while (System.nanoTime() < deadline) {
            status = map(send("GET", "/orders/" + orderId + "/returns/" + returnId, token, null).json()).get("status");
            if (RefundStatus.valueOf((String) status).isFinal()) break;
            Samples.pause(100);
        }
        assertTrue(RefundStatus.valueOf((String) status).isFinal(), "the refund of " + returnId + " settles: " + status);
        LocalStack stack = LocalStack.shared();
        DynamoDbOrderStore store = new DynamoDbOrderStore(stack.resources().dynamoDb(),
                stack.resources().tableName("OrdersTable"));
        for (int attempt = 0; ; attempt++) {
            Order order = store.find(account, orderId).orElseThrow();
            order.returns().find(returnId).orElseThrow().moveTo(RefundStatus.FAILED, "reconciler",
                    "retry budget spent (OpenApiTest)", Instant.now());
            try {
                store.save(order, order.version());
                return;
            } catch (ConcurrentUpdate e) {
                if (attempt >= 10) throw e;
            }
        }
    }


    /** Tokens for one account from the local stack's /_local/token, one per set of scopes. */
    private static final class Tokens {
        private final String account;
        private final Map<List<String>, String> issued = new HashMap<>();

        Tokens(String account) {
            this.account = account;
        }

        String full() {
            return with(SCOPES);
        }

        String with(List<String> scopes) {
            return issued.computeIfAbsent(List.copyOf(scopes), s -> {
                Map<String, Object> request = new LinkedHashMap<>();
                request.put("account", account);
                request.put("scopes", s);
                request.put("subject", "operator-openapi");
                Reply reply = send("POST", "/_local/token", null, jsonBytes(request));
                assertEquals(200, reply.status(), reply.body());
                return (String) map(reply.json()).get("token");
            });
        }

        /** A token the authorizer accepts, signed by the local issuer, without the account claim. */
        String withoutAccount() {
            String payload = full().split("\\.")[1];
            Map<String, Object> claims = new LinkedHashMap<>(map(parse(Base64.getUrlDecoder().decode(payload))));
            claims.remove("account");
            return LocalStack.shared().authorizer().sign(claims);
        }
    }

    record Reply(int status, HttpHeaders headers, String body) {

        String header(String name) {
            return headers.firstValue(name).orElse(null);
        }

        String mediaType() {
            String type = header("content-type");
            return type == null ? null : type.split(";")[0].strip().toLowerCase(Locale.ROOT);
        }

        Object json() {
            return parse(body.getBytes(StandardCharsets.UTF_8));
        }
    }

    private static Reply send(String method, String path, String token, byte[] body, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(LocalStack.shared().baseUrl() + path))
                .timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        if (token != null) {
            request.header("authorization", "Bearer " + token);
        }
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        try {
            HttpResponse<String> response = CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            return new Reply(response.statusCode(), response.headers(), response.body());
        } catch (IOException e) {
            throw new AssertionError(method + " " + path + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static String newAccount() {
        return "oas-" + UUID.randomUUID().toString().substring(0, 8);
    }

    // ---- reading the spec ----

    record Operation(String method, String path, Map<String, Object> definition, List<Object> pathParameters) {

        String routeKey() {
            return method.toUpperCase(Locale.ROOT) + " " + path;
        }

        List<Map<String, Object>> parameters() {
            List<Map<String, Object>> all = new ArrayList<>();
            pathParameters.forEach(p -> all.add(resolved(p)));
            list(definition.get("parameters")).forEach(p -> all.add(resolved(p)));
            return all;
        }

        Set<Integer> statuses() {
            return map(definition.get("responses")).keySet().stream().map(Integer::valueOf)
                    .collect(Collectors.toCollection(TreeSet::new));
        }

        Set<Integer> successStatuses() {
            return statuses().stream().filter(s -> s / 100 == 2).collect(Collectors.toCollection(TreeSet::new));
        }

        /** The response documented for {@code status}, references resolved; null when none. */
        Map<String, Object> response(int status) {
            Object response = map(definition.get("responses")).get(String.valueOf(status));
            return response == null ? null : resolved(response);
        }

        /** Each alternative security requirement's scopes. */
        List<List<String>> securityAlternatives() {
            Object security = definition.containsKey("security") ? definition.get("security") : spec.get("security");
            List<List<String>> alternatives = new ArrayList<>();
            for (Object requirement : list(security)) {
                List<String> scopes = new ArrayList<>();
                map(requirement).values().forEach(v -> list(v).forEach(s -> scopes.add((String) s)));
                alternatives.add(scopes);
            }
            return alternatives;
        }

        /** The application/json request body, or null when the operation takes none. */
        Map<String, Object> requestMedia() {
            Object body = definition.get("requestBody");
            if (body == null) return null;
            return map(map(resolved(body).get("content")).get("application/json"));
        }
    }

    record RequestExample(Operation operation, String name, Object value) {
    }

    private static List<Operation> operations() {
        List<Operation> operations = new ArrayList<>();
        for (Map.Entry<String, Object> path : map(spec.get("paths")).entrySet()) {
            Map<String, Object> item = map(path.getValue());
            for (String method : HTTP_METHODS) {
                if (item.containsKey(method)) {
                    operations.add(new Operation(method, path.getKey(), map(item.get(method)), list(item.get("parameters"))));
                }
            }
        }
        return operations;
    }

    /** Every request-body example; the order imports first, the rest in the order of the spec. */
    private static List<RequestExample> requestExamples() {
        List<RequestExample> examples = new ArrayList<>();
        for (Operation op : operations()) {
            Map<String, Object> media = op.requestMedia();
            if (media != null) {
                examplesOf(media).forEach((name, value) -> examples.add(new RequestExample(op, name, value)));
            }
        }
        examples.sort((a, b) -> Boolean.compare(!isOrderImport(a.operation()), !isOrderImport(b.operation())));
        return examples;
    }

    private static boolean isOrderImport(Operation op) {
        return op.routeKey().equals("PUT /orders/{orderId}");
    }

    private static Map<String, Object> requestExample(String operationId, String name) {
        for (Operation op : operations()) {
            if (operationId.equals(op.definition().get("operationId"))) {
                Object value = examplesOf(op.requestMedia()).get(name);
                assertNotNull(value, operationId + " has the request example " + name);
                return map(normalized(value));
            }
        }
        return fail("openapi.yaml has no operation " + operationId);
    }

    /** A media type's examples by name, their values resolved ({@code example} counts as one named "example"). */
    private static Map<String, Object> examplesOf(Map<String, Object> media) {
        Map<String, Object> examples = new LinkedHashMap<>();
        if (media.containsKey("example")) {
            examples.put("example", media.get("example"));
        }
        map(media.get("examples")).forEach((name, example) -> examples.put(name, resolved(example).get("value")));
        return examples;
    }

    /** Path parameter and header examples by name: orderId, returnId, Idempotency-Key. */
    private static Map<String, String> parameterExamples() {
        Map<String, String> values = new HashMap<>();
        for (Object parameter : map(map(spec.get("components")).get("parameters")).values()) {
            Map<String, Object> p = map(parameter);
            values.put((String) p.get("name"), String.valueOf(p.get("example")));
        }
        return values;
    }

    private static String fill(String template, Map<String, String> values) {
        Matcher m = Pattern.compile("\\{([^}]+)}").matcher(template);
        StringBuilder path = new StringBuilder();
        while (m.find()) {
            String value = values.get(m.group(1));
            assertNotNull(value, "a value for {" + m.group(1) + "}");
            m.appendReplacement(path, Matcher.quoteReplacement(value));
        }
        m.appendTail(path);
        return path.toString();
    }

    /** Follows {@code $ref}s (local JSON pointers) until a definition. */
    private static Map<String, Object> resolved(Object node) {
        Map<String, Object> m = map(node);
        for (int depth = 0; m.containsKey("$ref"); depth++) {
            assertTrue(depth < 10, "reference loop at " + m.get("$ref"));
            m = map(pointer((String) m.get("$ref")));
        }
        return m;
    }

    private static Object pointer(String ref) {
        assertTrue(ref.startsWith("#/"), "only local references: " + ref);
        Object node = spec;
        for (String token : ref.substring(2).split("/")) {
            String key = token.replace("~1", "/").replace("~0", "~");
            node = map(node).get(key);
            assertNotNull(node, "openapi.yaml resolves " + ref);
        }
        return node;
    }

    // ---- JSON and YAML trees ----

    private static Object parse(byte[] json) {
        try {
            return JSON.std.anyFrom(json);
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + new String(json, StandardCharsets.UTF_8), e);
        }
    }

    private static byte[] json(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] jsonBytes(Object value) {
        try {
            return JSON_WRITER.asBytes(value);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    /** A YAML tree as the same tree read back from JSON, so it compares equal to an answer. */
    private static Object normalized(Object yaml) {
        return parse(jsonBytes(yaml));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> copy(Map<String, Object> tree) {
        return (Map<String, Object>) normalized(tree);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        if (value == null) return Map.of();
        if (!(value instanceof Map<?, ?> m)) throw new AssertionError("not an object: " + value);
        // YAML keys may be numbers (unquoted response codes); the spec's keys are strings.
        if (m.keySet().stream().allMatch(String.class::isInstance)) return (Map<String, Object>) m;
        Map<String, Object> strings = new LinkedHashMap<>();
        m.forEach((k, v) -> strings.put(String.valueOf(k), v));
        return strings;
    }

    private static Map<String, Object> asMap(Object value, String what) {
        assertTrue(value instanceof Map, what + " is an object");
        return map(value);
    }

    @SuppressWarnings("unchecked")
    private static List<Object> list(Object value) {
        if (value == null) return List.of();
        if (!(value instanceof List<?> l)) throw new AssertionError("not an array: " + value);
        return (List<Object>) l;
    }

    /**
     * The JSON Schema (2020-12) keywords openapi.yaml uses, checked. In strict mode an object may
     * only have the properties its schema declares (unless it says otherwise with
     * additionalProperties), so the spec documents every field the code answers. Keywords it does
     * not know fail the test instead of being skipped.
     */
    static final class SchemaValidator {
        private static final Set<String> ANNOTATIONS = Set.of("description", "title", "examples", "example",
                "default", "deprecated", "readOnly", "writeOnly", "$comment", "format");
        private static final Set<String> ASSERTIONS = Set.of("$ref", "allOf", "anyOf", "oneOf", "type", "enum",
                "const", "minLength", "maxLength", "pattern", "minimum", "maximum", "minItems", "maxItems", "items",
                "required", "properties", "additionalProperties");
        private final boolean strict;

        SchemaValidator(boolean strict) {
            this.strict = strict;
        }

        List<String> validate(Object value, Object schema) {
            List<String> problems = new ArrayList<>();
            check(value, schema, "$", problems);
            return problems;
        }

        private void check(Object value, Object schemaNode, String at, List<String> problems) {
            Map<String, Object> schema = map(schemaNode);
            for (String keyword : schema.keySet()) {
                if (!ANNOTATIONS.contains(keyword) && !ASSERTIONS.contains(keyword)) {
                    throw new AssertionError("schema keyword " + keyword + " at " + at + " is not checked by this test");
                }
            }
            if (schema.get("$ref") instanceof String ref) {
                check(value, pointer(ref), at, problems);
            }
            for (Object sub : list(schema.get("allOf"))) {
                check(value, sub, at, problems);
            }
            if (schema.containsKey("anyOf") && list(schema.get("anyOf")).stream().noneMatch(s -> validate(value, s).isEmpty())) {
                problems.add(at + ": matches none of anyOf");
            }
            if (schema.containsKey("oneOf")) {
                long matching = list(schema.get("oneOf")).stream().filter(s -> validate(value, s).isEmpty()).count();
                if (matching != 1) problems.add(at + ": matches " + matching + " of oneOf, not exactly one");
            }
            if (schema.containsKey("type")) {
                List<Object> types = schema.get("type") instanceof List<?> l ? list(l) : List.of(schema.get("type"));
                if (types.stream().noneMatch(t -> hasType(value, (String) t))) {
                    problems.add(at + ": " + describe(value) + " is not of type " + types);
                    return;
                }
            }
            if (schema.containsKey("enum") && list(schema.get("enum")).stream().noneMatch(e -> sameJson(e, value))) {
                problems.add(at + ": " + value + " is not one of " + schema.get("enum"));
            }
            if (schema.containsKey("const") && !sameJson(schema.get("const"), value)) {
                problems.add(at + ": " + value + " is not " + schema.get("const"));
            }
            if (value instanceof String s) checkString(s, schema, at, problems);
            if (value instanceof Number n) checkNumber(n, schema, at, problems);
            if (value instanceof List<?> l) checkArray(l, schema, at, problems);
            if (value instanceof Map<?, ?> m) checkObject(map(m), schema, at, problems);
        }

        private void checkString(String s, Map<String, Object> schema, String at, List<String> problems) {
            int length = s.codePointCount(0, s.length());
            if (schema.get("minLength") instanceof Number min && length < min.intValue()) problems.add(at + ": shorter than " + min);
            if (schema.get("maxLength") instanceof Number max && length > max.intValue()) problems.add(at + ": longer than " + max);
            if (schema.get("pattern") instanceof String pattern && !Pattern.compile(pattern).matcher(s).find()) {
                problems.add(at + ": '" + s + "' does not match " + pattern);
            }
            if (schema.get("format") instanceof String format) {
                switch (format) {
                    case "date-time" -> {
                        try {
                            OffsetDateTime.parse(s);
                        } catch (DateTimeParseException e) {
                            problems.add(at + ": '" + s + "' is not a date-time");
                        }
                    }
                    case "uri" -> {
                        try {
                            if (!new URI(s).isAbsolute()) problems.add(at + ": '" + s + "' is not an absolute URI");
                        } catch (URISyntaxException e) {
                            problems.add(at + ": '" + s + "' is not a URI");
                        }
                    }
                    default -> throw new AssertionError("string format " + format + " at " + at + " is not checked");
                }
            }
        }

        private void checkNumber(Number n, Map<String, Object> schema, String at, List<String> problems) {
            BigDecimal value = decimal(n);
            if (schema.get("minimum") instanceof Number min && value.compareTo(decimal(min)) < 0) problems.add(at + ": below " + min);
            if (schema.get("maximum") instanceof Number max && value.compareTo(decimal(max)) > 0) problems.add(at + ": above " + max);
            if ("int64".equals(schema.get("format")) && (value.compareTo(BigDecimal.valueOf(Long.MIN_VALUE)) < 0
                    || value.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) > 0)) {
                problems.add(at + ": " + n + " is not an int64");
            }
        }

        private void checkArray(List<?> l, Map<String, Object> schema, String at, List<String> problems) {
            if (schema.get("minItems") instanceof Number min && l.size() < min.intValue()) problems.add(at + ": fewer than " + min + " items");
            if (schema.get("maxItems") instanceof Number max && l.size() > max.intValue()) problems.add(at + ": more than " + max + " items");
            if (schema.containsKey("items")) {
                for (int i = 0; i < l.size(); i++) {
                    check(l.get(i), schema.get("items"), at + "[" + i + "]", problems);
                }
            }
        }

        private void checkObject(Map<String, Object> m, Map<String, Object> schema, String at, List<String> problems) {
            for (Object required : list(schema.get("required"))) {
                if (!m.containsKey((String) required)) problems.add(at + ": lacks the required property " + required);
            }
            Map<String, Object> properties = map(schema.get("properties"));
            for (Map.Entry<String, Object> entry : m.entrySet()) {
                String where = at + "." + entry.getKey();
                if (properties.containsKey(entry.getKey())) {
                    check(entry.getValue(), properties.get(entry.getKey()), where, problems);
                } else if (schema.containsKey("additionalProperties")) {
                    Object additional = schema.get("additionalProperties");
                    if (Boolean.FALSE.equals(additional)) problems.add(where + ": not allowed");
                    else if (additional instanceof Map<?, ?>) check(entry.getValue(), additional, where, problems);
                } else if (strict && schema.containsKey("properties")) {
                    problems.add(where + ": not documented");
                }
            }
        }

        private static boolean hasType(Object value, String type) {
            return switch (type) {
                case "null" -> value == null;
                case "object" -> value instanceof Map;
                case "array" -> value instanceof List;
                case "string" -> value instanceof String;
                case "boolean" -> value instanceof Boolean;
                case "number" -> value instanceof Number;
                case "integer" -> value instanceof Number n && isWhole(n);
                default -> throw new AssertionError("unknown JSON Schema type " + type);
            };
        }

        private static boolean isWhole(Number n) {
            if (n instanceof Integer || n instanceof Long || n instanceof Short || n instanceof Byte || n instanceof BigInteger) {
                return true;
            }
            if (n instanceof Double d && (d.isNaN() || d.isInfinite())) return false;
            return decimal(n).stripTrailingZeros().scale() <= 0;
        }

        private static BigDecimal decimal(Number n) {
            return n instanceof BigDecimal d ? d : new BigDecimal(n.toString());
        }

        private static boolean sameJson(Object a, Object b) {
            if (a instanceof Number x && b instanceof Number y) return decimal(x).compareTo(decimal(y)) == 0;
            return Objects.equals(a, b);
        }

        private static String describe(Object value) {
            return value == null ? "null" : value.getClass().getSimpleName() + " " + value;
        }
    }

}
