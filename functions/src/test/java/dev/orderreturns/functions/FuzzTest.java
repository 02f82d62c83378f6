package dev.orderreturns.functions;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.jr.ob.JSON;
import dev.orderreturns.domain.Refusal;
import dev.orderreturns.functions.http.ApiRequest;
import dev.orderreturns.functions.http.JsonBody;
import dev.orderreturns.functions.http.Unmatched;
import dev.orderreturns.functions.routes.ExportReturns;
import dev.orderreturns.functions.routes.GetOrder;
import dev.orderreturns.functions.routes.GetReturn;
import dev.orderreturns.functions.routes.GetReturns;
import dev.orderreturns.functions.routes.ListReturns;
import dev.orderreturns.functions.routes.PostInvoice;
import dev.orderreturns.functions.routes.PostManualRefund;
import dev.orderreturns.functions.routes.PostRetry;
import dev.orderreturns.functions.routes.PostReturn;
import dev.orderreturns.functions.routes.PutOrder;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Seeded fuzzing of the HTTP API through both functions, over the in-memory store: valid sample
 * bodies mutated as JSON and as text, random JSON with odd numbers, odd strings and deep nesting,
 * bytes that are not UTF-8, odd headers, claims, scopes, route keys and path parameters, after a
 * few orders are imported so that valid-looking requests reach the domain. No answer may be a
 * 5xx, a refused request (4xx) and every read may change nothing stored or queued, and an accepted
 * one may not hold text UTF-8 cannot carry. Run another seed with {@code -Dfuzz.seed=N} and more
 * requests with {@code -Dfuzz.requests=N}; a failure names the seed and the request's number.
 */
class FuzzTest {

    private static final long DEFAULT_SEED = 0x5EED_2025_1126L;
    private static final int DEFAULT_REQUESTS = 12_000;
    private static final String ORDER = "1234567890-01";
    /** Well under Lambda's 6 MB limit on a synchronous invocation's response. */
    private static final int MAX_ANSWER_CHARS = 1024 * 1024;
    private static final int MAX_FAILURES = 20;
    /** New orders stop here, so snapshots stay cheap. */
    private static final int MAX_ORDERS = 30;
    private static final List<String> ACCOUNTS = List.of("acme", "globex");
    private static final String ALL_SCOPES = ApiEvents.ALL_SCOPES;
    private static final List<String> ROUTES = List.of(PutOrder.KEY, PostInvoice.KEY, PostReturn.KEY, PostRetry.KEY,
            PostManualRefund.KEY, GetOrder.KEY, GetReturns.KEY, GetReturn.KEY, ListReturns.KEY, ExportReturns.KEY);
    private static final Set<String> READS = Set.of(GetOrder.KEY, GetReturns.KEY, GetReturn.KEY, ListReturns.KEY,
            ExportReturns.KEY);
    private static final List<String> FIELD_NAMES = List.of("items", "itemIndex", "quantity", "reason", "referredTo",
            "entranceInvoiceNumber", "additionalValue", "type", "invoiceNumber", "invoiceValue", "id", "price",
            "description", "orderId", "totals", "value", "paymentData", "transactions", "payments", "transactionId",
            "storePreferencesData", "currencyCode", "packageAttachment", "packages", "sellingPrice", "name",
            "uniqueId", "status", "creationDate", "clientProfileData", "email", "issuanceDate", "paymentSystemName");

    private static final List<Raw> ODD_NUMBERS = Stream.of("1e-2147483649", "1e9999999999", "-1e9999999999",
            "1e-2147483648", "2e2147483648", "2e2147483649", "1e2147483647", "-0", "-0.0", "0.0", "1.0", "1e2", "1E+2",
            "2.50e1", "12345678901234567890", "-9223372036854775809", "9223372036854775807", "9223372036854775808",
            "-9223372036854775808", "1.5", "0.1", "-1", "0", "1", "2", "3", "4e0", "1" + "0".repeat(99),
            "1" + "0".repeat(101), "1e-400", "4.9e-325", "123456789012345678901234567890e-10", "2147483648",
            "-2147483649", "1e18", "1e19", "0e9999999999", "0.000000000000000000001e21").map(Raw::new).toList();
    private static final List<Object> ODD_STRINGS = List.of("", " ", "\t", "a".repeat(10_000),
            "\ud83d\ude00".repeat(300), "\ud83d\udce6".repeat(251), "\ud83d\udce6".repeat(501), new Raw("\"\\ud800\""),
            new Raw("\"a\\udc00\""), new Raw("\"\\ud83d\""), new Raw("\"\\u0000\""), "\u0001\u0002\u001f", "RET-1001",
            "NF-1001", "null", "true", "0", "-1", "3900", "39.00", "\u0661\u0662\u0663", "e\u0301", "\u202e", "\ufeff",
            "<script>", "%00", "../../etc", "x".repeat(501), "y".repeat(50), "z".repeat(51), "Output", "Input",
            "output", "USD", "usd", "XXX", "2001", "9223372036854775808", "1e9999999999", "\ud83d\udce6");
    private static final List<Object> ODD_OTHERS = Arrays.asList(null, true, false, List.of(), Map.of(),
            List.of(1, 2, 3), Map.of("a", 1), new Raw("[".repeat(70) + "]".repeat(70)),
            new Raw("[".repeat(40) + "]".repeat(40)), new Raw("[" + "1,".repeat(5000) + "1]"));
    private static final Map<String, String> SAMPLES = new HashMap<>();

    /** JSON text put into a body as it is: numbers no Java number holds, escapes, structures. */
    private record Raw(String json) {
    }

    private final long seed = Long.getLong("fuzz.seed", DEFAULT_SEED);
    private final int requests = Integer.getInteger("fuzz.requests", DEFAULT_REQUESTS);
    private final Random random = new Random(seed);
    private final DeskUnderTest desk = new DeskUnderTest();
    private final List<String> returnIds = new ArrayList<>();
    private final List<String> orderIds = new ArrayList<>(List.of(ORDER, "ORD-2"));
    private final List<String> idempotencyKeys = new ArrayList<>();
    private int counter;

    @Test
    void noInputAnswers5xxAndNoRefusedRequestChangesAnything() {
        seedOrders();
        Map<Integer, Integer> statuses = new TreeMap<>();
        List<String> failures = new ArrayList<>();
        PrintStream stdout = System.out;
        ByteArrayOutputStream logs = new ByteArrayOutputStream();
        long started = System.nanoTime();
        // The functions log a line per request; kept per request, for the failure message only.
        System.setOut(new PrintStream(logs, true, StandardCharsets.UTF_8));
        try {
            for (int n = 1; n <= requests && failures.size() < MAX_FAILURES; n++) {
                logs.reset();
                desk.clock.advance(Duration.ofSeconds(1));
                APIGatewayV2HTTPEvent event = nextEvent();
                boolean misrouted = random.nextInt(40) == 0;
                Object before = desk.snapshot();
                APIGatewayV2HTTPResponse response;
                try {
                    response = misrouted ? desk.handleByOther(event) : desk.handle(event);
                } catch (RuntimeException | StackOverflowError e) {
                    failures.add(failure(n, event, "threw " + e, logs));
                    continue;
                }
                int status = response == null ? -1 : response.getStatusCode();
                statuses.merge(status, 1, Integer::sum);
                String problem = check(event, response, before);
                if (problem != null) {
                    failures.add(failure(n, event, problem, logs));
                }
                learn(event, response);
            }
        } finally {
            System.setOut(stdout);
        }
        long millis = Duration.ofNanos(System.nanoTime() - started).toMillis();
        System.out.println("FuzzTest seed=" + seed + " requests=" + statuses.values().stream().mapToInt(i -> i).sum()
                + " in " + millis + " ms, by status: " + statuses);
        assertTrue(failures.isEmpty(), () -> failures.size() + " failing request(s) with -Dfuzz.seed=" + seed
                + " (a run stops at " + MAX_FAILURES + "):\n" + String.join("\n\n", failures));
        assertTrue(statuses.keySet().containsAll(List.of(200, 201, 400, 401, 403, 404, 409, 415, 422)),
                () -> "the fuzzer should reach every kind of answer: " + statuses);
    }

    // ---- oracles ----------------------------------------------------------------------------------

    private String check(APIGatewayV2HTTPEvent event, APIGatewayV2HTTPResponse response, Object before) {
        if (response == null) {
            return "no response";
        }
        int status = response.getStatusCode();
        if (status < 200 || status > 499) {
            return "answered " + status + ": " + response.getBody();
        }
        String body = response.getBody();
        if (body != null && body.length() > MAX_ANSWER_CHARS) {
            return "an answer of " + body.length() + " characters: Lambda answers at most 6 MB, API Gateway"
                    + " would send 502";
        }
        if (body == null || !JsonBody.isWellFormed(body)) {
            return "the answer holds text UTF-8 cannot carry: " + shorten(String.valueOf(body));
        }
        String route = event == null ? null : event.getRouteKey();
        boolean read = route == null || !ROUTES.contains(route) || READS.contains(route);
        if (status >= 400 || read) {
            Object after = desk.snapshot();
            if (!before.equals(after)) {
                return (read ? "a read" : "a refused request") + " (" + status + ") changed what is stored:\n"
                        + " before " + shorten(before.toString()) + "\n after  " + shorten(after.toString());
            }
        }
        if (status >= 400) {
            try {
                Map<String, Object> problem = JSON.std.mapFrom(body);
                if (!Objects.equals(problem.get("status"), status) || !(problem.get("errors") instanceof List)) {
                    return "not a problem+json answer: " + shorten(body);
                }
            } catch (IOException e) {
                return "an error body that is not JSON: " + shorten(body);
            }
        } else if (status == 201 && PostReturn.KEY.equals(route)) {
            return takenAsSent(event, body);
        }
        return null;
    }

    /** A return taken shows the text fields exactly as they were sent. */
    private static String takenAsSent(APIGatewayV2HTTPEvent event, String answer) {
        try {
            byte[] sent = event.getIsBase64Encoded() ? Base64.getDecoder().decode(event.getBody())
                    : event.getBody().getBytes(StandardCharsets.UTF_8);
            Map<String, Object> request = JsonBody.parseObject(sent);
            Map<String, Object> view = JSON.std.mapFrom(answer);
            for (String field : List.of("reason", "referredTo", "entranceInvoiceNumber")) {
                if (request.get(field) != null && !request.get(field).equals(view.get(field))) {
                    return field + " was stored as " + shorten(String.valueOf(view.get(field))) + ", sent "
                            + shorten(String.valueOf(request.get(field)));
                }
            }
            return null;
        } catch (IOException | Refusal | IllegalArgumentException e) {
            return "a return was taken from a body that does not parse: " + e;
        }
    }

    /** Orders and returns created become targets of later requests. */
    private void learn(APIGatewayV2HTTPEvent event, APIGatewayV2HTTPResponse response) {
        if (event == null || response == null || response.getStatusCode() != 201) {
            return;
        }
        if (PutOrder.KEY.equals(event.getRouteKey())) {
            String orderId = event.getPathParameters().get("orderId");
            if (!orderIds.contains(orderId)) {
                orderIds.add(orderId);
            }
        } else if (PostReturn.KEY.equals(event.getRouteKey())) {
            try {
                Object id = JSON.std.mapFrom(response.getBody()).get("returnId");
                if (id instanceof String returnId && !returnIds.contains(returnId)) {
                    returnIds.add(returnId);
                }
            } catch (IOException e) {
                throw new AssertionError(e);
            }
        }
    }

    private String failure(int n, APIGatewayV2HTTPEvent event, String problem, ByteArrayOutputStream logs) {
        return "request #" + n + " (seed " + seed + "): " + problem + "\n  " + describe(event) + "\n  log: "
                + shorten(logs.toString(StandardCharsets.UTF_8));
    }

    private static String describe(APIGatewayV2HTTPEvent event) {
        if (event == null) {
            return "null event";
        }
        var context = event.getRequestContext();
        var authorizer = context == null ? null : context.getAuthorizer();
        var jwt = authorizer == null ? null : authorizer.getJwt();
        return "routeKey=" + event.getRouteKey() + " rawPath=" + shorten(String.valueOf(event.getRawPath()))
                + " pathParameters=" + shorten(String.valueOf(event.getPathParameters()))
                + " headers=" + shorten(String.valueOf(event.getHeaders()))
                + " claims=" + (jwt == null ? null : shorten(String.valueOf(jwt.getClaims())) + " scopes="
                + jwt.getScopes()) + " base64=" + event.getIsBase64Encoded()
                + " body=" + shorten(String.valueOf(event.getBody()));
    }

    private static String shorten(String text) {
        String escaped = text.codePoints().limit(600).collect(StringBuilder::new, (b, c) -> {
            if (c < 0x20 || (c >= 0xD800 && c <= 0xDFFF)) {
                b.append(String.format("\\u%04x", c));
            } else {
                b.appendCodePoint(c);
            }
        }, StringBuilder::append).toString();
        return text.length() > 600 ? escaped + "...(" + text.length() + " chars)" : escaped;
    }

    // ---- the orders valid-looking requests reach --------------------------------------------------

    private void seedOrders() {
        for (String account : ACCOUNTS) {
            for (String orderId : orderIds) {
                send(PutOrder.KEY, account, orderId, null, orderBody(orderId), 201);
                send(PostInvoice.KEY, account, orderId, null, ApiEvents.sampleBody("post-invoice-output"), 200);
                send(PostInvoice.KEY, account, orderId, null, ApiEvents.sampleBody("post-invoice-input"), 200);
                send(PostReturn.KEY, account, orderId, null, ApiEvents.sampleBody("post-return"), 201);
            }
        }
        assertEquals(ACCOUNTS.size() * orderIds.size(), desk.keys().size());
    }

    private void send(String route, String account, String orderId, String returnId, String body, int expected) {
        Map<String, String> parameters = new LinkedHashMap<>();
        parameters.put("orderId", orderId);
        if (returnId != null) {
            parameters.put("returnId", returnId);
        }
        APIGatewayV2HTTPEvent event = ApiEvents.route(route).pathParameters(parameters)
                .claims(Map.of("account", account, "sub", "seeder", "scope", ALL_SCOPES)).json(body).build();
        APIGatewayV2HTTPResponse response = desk.handle(event);
        assertEquals(expected, response.getStatusCode(), response.getBody());
        learn(event, response);
    }

    private static String sample(String name) {
        return SAMPLES.computeIfAbsent(name, ApiEvents::sampleBody);
    }

    @SuppressWarnings("unchecked")
    private String orderBody(String orderId) {
        Map<String, Object> body = (Map<String, Object>) parsed(sample("put-order"));
        body.put("orderId", orderId);
        return json(body);
    }

    // ---- events -------------------------------------------------------------------------------------

    private <T> T pick(List<T> from) {
        return from.get(random.nextInt(from.size()));
    }

    private boolean chance(int percent) {
        return random.nextInt(100) < percent;
    }

    private APIGatewayV2HTTPEvent nextEvent() {
        if (random.nextInt(500) == 0) {
            return random.nextBoolean() ? null : new APIGatewayV2HTTPEvent();
        }
        String route = routeKey();
        ApiEvents events = ApiEvents.route(route);
        Map<String, String> parameters = pathParameters(route);
        if (PutOrder.KEY.equals(route) && orderIds.size() < MAX_ORDERS && chance(15)) {
            // a new order now and then, so valid returns still find units to return
            parameters = new LinkedHashMap<>(Map.of("orderId", "F-" + (++counter)));
        }
        events.pathParameters(parameters).path(rawPath(route, parameters));
        if (chance(3)) {
            events.method(pick(List.of("GET", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "HEAD", "get", "")));
        }
        if (chance(ListReturns.KEY.equals(route) || ExportReturns.KEY.equals(route) ? 70 : 3)) {
            events.query(query());
        }
        claims(events);
        headers(events, route);
        body(events, route, parameters == null ? null : parameters.get("orderId"));
        APIGatewayV2HTTPEvent event = events.build();
        if (random.nextInt(300) == 0) {
            event.setRequestContext(null);
        }
        if (random.nextInt(300) == 0) {
            event.setHeaders(null);
        }
        return event;
    }

    private String routeKey() {
        int roll = random.nextInt(100);
        if (roll < 86) {
            return pick(ROUTES);
        }
        if (roll < 92) {
            return Unmatched.ROUTE_KEY;
        }
        return pick(Arrays.asList(null, "", "$default", "GET", "PUT /orders/{orderId}/returns",
                "DELETE /orders/{orderId}", "POST /orders/{orderId}", "get /orders/{orderId}", "GET /orders/{orderId} ",
                "GET /orders", "POST /orders/{orderId}/returns/{returnId}", "GET /returns", "ANY /{proxy}",
                "POST  /orders/{orderId}/returns", randomText(20)));
    }

    private Map<String, String> pathParameters(String route) {
        if (chance(2)) {
            return null;
        }
        Map<String, String> parameters = new LinkedHashMap<>();
        if (Unmatched.ROUTE_KEY.equals(route)) {
            parameters.put("proxy", chance(50) ? "orders/" + orderId() : randomText(30));
            return parameters;
        }
        if (route != null && route.contains("{orderId}") || chance(5)) {
            if (!chance(2)) {
                parameters.put("orderId", orderId());
            }
        }
        if (route != null && route.contains("{returnId}") || chance(5)) {
            if (!chance(2)) {
                parameters.put("returnId", chance(75) && !returnIds.isEmpty() ? pick(returnIds) : oddId());
            }
        }
        if (route != null && route.contains("{partId}") && !chance(2)) {
            parameters.put("partId", chance(80) ? pick(List.of("giftCard", "chargeback", "chargeback-pay-1",
                    "chargeback-1")) : oddId());
        }
        if (chance(3)) {
            parameters.put(pick(List.of("proxy", "partId", "orderid", "")), oddId());
        }
        return parameters;
    }

    /** Listing filters, mostly plausible, some not: unknown status, reversed or unparsable dates, odd cursors. */
    private Map<String, String> query() {
        Map<String, String> query = new LinkedHashMap<>();
        if (chance(40)) {
            query.put("status", pick(List.of("REFUNDED", "REFUND_PENDING", "REFUND_FAILED", "REFUND_MANUAL",
                    "refunded", "", "ALL", "REFUNDED,REFUND_PENDING", "x".repeat(300))));
        }
        if (chance(30)) {
            query.put("attention", pick(List.of("true", "false", "TRUE", "1", "")));
        }
        if (chance(40)) {
            query.put("from", pick(List.of("2026-01-01T00:00:00Z", "2026-01-01", "2100-01-01T00:00:00Z",
                    "0000-01-01T00:00:00Z", "-999999999-01-01T00:00:00Z", "yesterday", "", "2026-13-01T00:00:00Z")));
        }
        if (chance(40)) {
            query.put("to", pick(List.of("2030-01-01T00:00:00Z", "2026-01-02", "1970-01-01T00:00:00Z",
                    "+999999999-12-31T23:59:59Z", "now", "")));
        }
        if (chance(30)) {
            query.put("limit", pick(List.of("1", "25", "100", "101", "0", "-1", "1e3", "99999999999999999999", "")));
        }
        if (chance(20)) {
            query.put("cursor", pick(List.of("", "abc", "eyJ9", "e30", "%%%", "x".repeat(3000), randomText(40))));
        }
        if (chance(5)) {
            query.put(randomText(5), randomText(10));
        }
        return query;
    }

    private String orderId() {
        return chance(75) ? pick(orderIds) : oddId();
    }

    private String oddId() {
        return pick(List.of("", " ", "a/b", "ORD#1", "x".repeat(100), "x".repeat(101), "\u00fc", "\ud800", "..",
                "ORD-404", "null", "ORD-2 ", "ret-id1", "ORD%2F1", "\u0000", "1e9999999999", "ORD-1\n",
                "\ud83d\udce6", randomText(12), "ORD-" + random.nextInt(5)));
    }

    private String rawPath(String route, Map<String, String> parameters) {
        if (chance(3)) {
            return pick(Arrays.asList(null, "", "/", "//", "/orders/", "/" + "a/".repeat(200),
                    "/orders/" + randomText(10), "/orders/%00", "/api/oms/pvt/orders/x/invoice/"));
        }
        if (route == null || !route.contains(" /")) {
            return "/" + encoded(randomText(8));
        }
        String path = route.substring(route.indexOf(' ') + 1);
        if (parameters != null) {
            for (Map.Entry<String, String> p : parameters.entrySet()) {
                String value = encoded(String.valueOf(p.getValue()));
                path = path.replace("{" + p.getKey() + "}", value).replace("{" + p.getKey() + "+}", value);
            }
        }
        return path;
    }

    /** As a raw path holds it: API Gateway's rawPath is percent-encoded as sent, ASCII. */
    private static String encoded(String value) {
        StringBuilder out = new StringBuilder();
        for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if (c > 0x20 && c < 0x7f && c != '%' && c != '?' && c != '#') {
                out.append((char) c);
            } else {
                out.append(String.format(Locale.ROOT, "%%%02X", c));
            }
        }
        return out.toString();
    }

    private void claims(ApiEvents events) {
        int roll = random.nextInt(100);
        if (roll < 3) {
            events.claims(null);
            return;
        }
        if (roll < 5) {
            events.claims(Map.of());
            return;
        }
        Map<String, String> claims = new LinkedHashMap<>();
        claims.put("account", chance(90) ? (chance(85) ? "acme" : "globex")
                : pick(List.of("", " acme", "ac#me", "x".repeat(101), "\u00e4cme", "\ud800", "ACME", "globex.")));
        if (!chance(3)) {
            claims.put("sub", chance(90) ? "operator-1"
                    : pick(List.of("", "x".repeat(5000), "\ud83d\udce6 user", "op\u0000", "map[a:b]", "[a b]")));
        }
        String scope = chance(80) ? ALL_SCOPES : pick(List.of("", "orders:write", "returns:write", "returns:read",
                "orders:write,returns:write,returns:read", "[orders:write returns:write returns:read]",
                "returns:read\treturns:write", " returns:write  orders:write ", "ORDERS:WRITE RETURNS:WRITE",
                "returns:write,", "[]", "[returns:read]", "returns:read orders:write"));
        if (!chance(3)) {
            claims.put(chance(90) ? "scope" : "scp", scope);
        }
        events.claims(claims);
        if (chance(3)) {
            events.jwtScopes(pick(Arrays.asList(List.of(), List.of("returns:read"),
                    List.of("orders:write", "returns:write"), List.of("orders:write,returns:write"))));
        }
    }

    private void headers(ApiEvents events, String route) {
        if (chance(85)) {
            String type = chance(80) ? "application/json" : pick(Arrays.asList(
                    "application/json; charset=utf-8", "APPLICATION/JSON", "application/problem+json",
                    "application/vnd.api+json", "text/plain", "text/json", "application/x-www-form-urlencoded",
                    "multipart/form-data; boundary=x", "", ";", "application/json;;", "application/json\u0000",
                    "application/", "+json", "application/json, text/plain", "\ud800"));
            events.header(chance(80) ? "content-type" : pick(List.of("Content-Type", "CONTENT-TYPE")), type);
        }
        if (PostReturn.KEY.equals(route) && chance(25)) {
            String key;
            if (chance(30) && !idempotencyKeys.isEmpty()) {
                key = pick(idempotencyKeys); // again, mostly with another body: refused, or replayed
            } else if (chance(70)) {
                key = "key-" + (++counter);
                idempotencyKeys.add(key);
            } else {
                key = pick(List.of("", " ", "a b", "x".repeat(255), "x".repeat(256), "\u043a\u043b\u044e\u0447",
                        "\u0000", "\ud800", "k\tey", "~!@#$%^&*()"));
            }
            events.header(chance(90) ? "idempotency-key" : "Idempotency-Key", key);
        }
        if (chance(5)) {
            events.header(randomText(6), randomText(20));
        }
    }

    // ---- bodies -------------------------------------------------------------------------------------

    private void body(ApiEvents events, String route, String orderId) {
        boolean write = route != null && ROUTES.contains(route) && !READS.contains(route);
        if (!write && chance(80)) {
            return;
        }
        int roll = random.nextInt(100);
        if (roll < 3) {
            return; // no body
        }
        if (roll < 38) {
            Object valid = parsed(validBody(route, orderId));
            int mutations = chance(35) ? 0 : 1 + random.nextInt(3);
            for (int i = 0; i < mutations; i++) {
                valid = mutate(valid, 0);
            }
            sendText(events, json(valid));
        } else if (roll < 55) {
            sendText(events, mutateText(validBody(route, orderId)));
        } else if (roll < 70) {
            sendText(events, json(randomObject(0)));
        } else if (roll < 78) {
            sendText(events, pick(List.of("", " ", "null", "[]", "{}", "\"text\"", "1e9999999999", "{", "}",
                    "{\"a\":1}{\"b\":2}", "{\"a\":1,\"a\":2}", "[".repeat(70) + "]".repeat(70),
                    "{\"a\":" + "[".repeat(63) + "]".repeat(63) + "}", "\ufeff{}", "{\"a\":1e-2147483649}",
                    "{\"items\":[{\"itemIndex\":1e-2147483648,\"quantity\":1}]}", "{\"a\":\"\\ud800\"}",
                    "{\"\\ud800\":1}", "{\"a\":\"\\u0000\"}", "{'a':1}", "{\"a\":NaN}", "{\"a\":Infinity}",
                    "{\"a\":01}", "{\"a\":.5}", "{\"a\":1.}", "{\"a\":+1}", "{\"a\":0x10}", "/* c */ {}")));
        } else if (roll < 88) {
            events.header("content-type", "application/json").bytes(notUtf8(validBody(route, orderId)));
        } else if (roll < 94) {
            String text = json(parsed(validBody(route, orderId)));
            events.rawBody(pick(List.of(Base64.getEncoder().encodeToString(text.getBytes(
                    StandardCharsets.UTF_8)), "not base64!", "====", "", text)), true);
        } else if (roll < 99) {
            // a valid body, sent as a string holding half a surrogate pair
            String text = json(parsed(validBody(route, orderId)));
            int at = random.nextInt(text.length() + 1);
            sendText(events, text.substring(0, at) + pick(List.of("\ud800", "\udc00", "\ud83d")) + text.substring(at));
        } else {
            hugeBody(events);
        }
    }

    /** Bodies near the size limit, rarely: they cost tens of milliseconds each. */
    private void hugeBody(ApiEvents events) {
        switch (random.nextInt(8)) {
            case 0 -> sendText(events, "{\"reason\":\"" + "a".repeat(ApiRequest.MAX_BODY_BYTES) + "\"}");
            case 1 -> sendText(events, "{\"items\":[" + "{},".repeat(20_000) + "{}]}"); // 40,000 problems
            default -> sendText(events, "{\"items\":[" + "{\"itemIndex\":0,\"quantity\":1},".repeat(2000) + "{}]}");
        }
    }

    private static void sendText(ApiEvents events, String text) {
        events.rawBody(text, false);
    }

    /** A body the route takes, when the order's state allows it: fresh invoice numbers, small quantities. */
    private String validBody(String route, String orderId) {
        int n = ++counter;
        if (PutOrder.KEY.equals(route)) {
            return orderBody(chance(80) && orderId != null ? orderId : pick(orderIds));
        }
        if (PostInvoice.KEY.equals(route)) {
            String sample = sample(chance(50) ? "post-invoice-output" : "post-invoice-input");
            return sample.replace("NF-1002", "NF-F" + n).replace("RET-2001", "RET-F" + n);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        if (PostManualRefund.KEY.equals(route)) {
            body.put("reference", pick(List.of("BANK-" + n, "", " ", "x".repeat(101), "ref\u0000", "\ud83d\udce6")));
            if (chance(50)) {
                body.put("note", pick(List.of("paid by bank transfer", "", "n".repeat(501))));
            }
            return json(body);
        }
        List<Object> items = new ArrayList<>();
        int lines = random.nextInt(3);
        for (int i = 0; i < lines; i++) {
            items.add(Map.of("itemIndex", random.nextInt(4), "quantity", 1 + random.nextInt(2)));
        }
        body.put("items", items);
        body.put("additionalValue", chance(50) ? 0 : random.nextInt(400));
        if (chance(50)) {
            body.put("referredTo", pick(List.of("Shipping refund", "", "caf\u00e9 \ud83d\udce6", "x".repeat(200))));
        }
        body.put("entranceInvoiceNumber", "RET-F" + n);
        body.put("reason", pick(List.of("Customer changed their mind", "\ud83d\udce6".repeat(251),
                "\ud83d\udce6".repeat(500), "r".repeat(500), "e\u0301t\u00e9", "\u202eevil", "  x  ")));
        return json(body);
    }

    private static Object parsed(String json) {
        try {
            return JSON.std.anyFrom(json);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    @SuppressWarnings("unchecked")
    private Object mutate(Object value, int depth) {
        if (value instanceof Map<?, ?> map && !map.isEmpty() && depth < 6 && chance(70)) {
            Map<String, Object> copy = new LinkedHashMap<>((Map<String, Object>) map);
            List<String> keys = new ArrayList<>(copy.keySet());
            String key = pick(keys);
            int action = random.nextInt(10);
            if (action == 0) {
                copy.remove(key);
            } else if (action == 1) {
                copy.put(chance(50) ? pick(FIELD_NAMES) : randomText(8), oddValue());
            } else {
                copy.put(key, mutate(copy.get(key), depth + 1));
            }
            return copy;
        }
        if (value instanceof List<?> list && !list.isEmpty() && depth < 6 && chance(70)) {
            List<Object> copy = new ArrayList<>(list);
            int at = random.nextInt(copy.size());
            int action = random.nextInt(10);
            if (action == 0) {
                copy.remove(at);
            } else if (action == 1) {
                copy.add(copy.get(at));
            } else {
                copy.set(at, mutate(copy.get(at), depth + 1));
            }
            return copy;
        }
        return chance(15) ? randomValue(depth) : oddValue();
    }

    private Object oddValue() {
        int roll = random.nextInt(3);
        if (roll == 0) {
            return pick(ODD_NUMBERS);
        }
        if (roll == 1) {
            return oddString();
        }
        return pick(ODD_OTHERS);
    }

    private Object oddString() {
        return pick(ODD_STRINGS);
    }

    private Object randomValue(int depth) {
        int roll = random.nextInt(depth > 4 ? 6 : 8);
        return switch (roll) {
            case 0, 1 -> oddValue();
            case 2 -> random.nextLong() >> random.nextInt(64);
            case 3 -> randomText(random.nextInt(20));
            case 4 -> random.nextBoolean();
            case 5 -> null;
            case 6 -> randomObject(depth + 1);
            default -> {
                List<Object> list = new ArrayList<>();
                int size = random.nextInt(5);
                for (int i = 0; i < size; i++) {
                    list.add(randomValue(depth + 1));
                }
                yield list;
            }
        };
    }

    private Map<String, Object> randomObject(int depth) {
        Map<String, Object> object = new LinkedHashMap<>();
        int size = random.nextInt(6);
        for (int i = 0; i < size; i++) {
            object.put(chance(70) ? pick(FIELD_NAMES) : randomText(6), randomValue(depth));
        }
        return object;
    }

    private String randomText(int length) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < length; i++) {
            int roll = random.nextInt(10);
            if (roll < 6) {
                text.append((char) (0x20 + random.nextInt(0x5f)));
            } else if (roll < 8) {
                text.appendCodePoint(pick(List.of(0xe9, 0x4e2d, 0x1f4e6, 0x1f600, 0x202e, 0x200b, 0x10ffff, 0xfffd)));
            } else if (roll < 9) {
                text.append((char) random.nextInt(0x20));
            } else {
                text.append(pick(List.of("/", "#", "{", "}", "%", "\\", "\"", "?", "&", "=", ".", "..")));
            }
        }
        return text.toString();
    }

    private String mutateText(String text) {
        StringBuilder out = new StringBuilder(text);
        int edits = 1 + random.nextInt(4);
        for (int i = 0; i < edits && !out.isEmpty(); i++) {
            int at = random.nextInt(out.length());
            switch (random.nextInt(6)) {
                case 0 -> out.delete(at, Math.min(out.length(), at + 1 + random.nextInt(8)));
                case 1 -> out.insert(at, pick(List.of("{", "}", "[", "]", ",", ":", "\"", "\\", "\\u12", "\\ud800",
                        "1e9999999999", "1e-2147483649", "-", ".", "e", "\ud800", "\u0000", "\ud83d\udce6", " ")));
                case 2 -> out.setLength(at);
                case 3 -> {
                    int end = Math.min(out.length(), at + 1 + random.nextInt(20));
                    out.insert(end, out.substring(at, end));
                }
                case 4 -> {
                    // a digit run becomes an odd number
                    int start = at;
                    while (start < out.length() && !Character.isDigit(out.charAt(start))) {
                        start++;
                    }
                    int end = start;
                    while (end < out.length() && Character.isDigit(out.charAt(end))) {
                        end++;
                    }
                    out.replace(start, end, pick(List.of("1e9999999999", "1e-2147483649", "-0", "1.0", "1e2",
                            "12345678901234567890", "0.5")));
                }
                default -> {
                    int other = random.nextInt(out.length());
                    char c = out.charAt(at);
                    out.setCharAt(at, out.charAt(other));
                    out.setCharAt(other, c);
                }
            }
        }
        return out.toString();
    }

    /** The body's UTF-8 with a sequence that is not UTF-8 put in somewhere. */
    private byte[] notUtf8(String body) {
        byte[] valid = body.getBytes(StandardCharsets.UTF_8);
        byte[] bad = pick(List.of(new byte[] {(byte) 0xff}, new byte[] {(byte) 0xc0, (byte) 0x80},
                new byte[] {(byte) 0xed, (byte) 0xa0, (byte) 0x80}, new byte[] {(byte) 0xf4, (byte) 0x90, (byte) 0x80,
                        (byte) 0x80}, new byte[] {(byte) 0x80}, new byte[] {(byte) 0xe2, (byte) 0x82},
                new byte[] {(byte) 0xf8, (byte) 0x88, (byte) 0x80, (byte) 0x80, (byte) 0x80}, new byte[] {(byte) 0xc3}));
        int at = random.nextInt(valid.length + 1);
        byte[] out = new byte[valid.length + bad.length];
        System.arraycopy(valid, 0, out, 0, at);
        System.arraycopy(bad, 0, out, at, bad.length);
        System.arraycopy(valid, at, out, at + bad.length, valid.length - at);
        return out;
    }

    // ---- JSON writing, odd values included ----------------------------------------------------------

    private String json(Object value) {
        StringBuilder out = new StringBuilder();
        write(value, out);
        return out.toString();
    }

    private void write(Object value, StringBuilder out) {
        switch (value) {
            case null -> out.append("null");
            case Raw raw -> out.append(raw.json());
            case String s -> string(s, out);
            case Map<?, ?> map -> {
                out.append('{');
                boolean first = true;
                for (Map.Entry<?, ?> e : map.entrySet()) {
                    if (!first) {
                        out.append(chance(5) ? " , " : ",");
                    }
                    first = false;
                    string(String.valueOf(e.getKey()), out);
                    out.append(':');
                    write(e.getValue(), out);
                }
                out.append('}');
            }
            case List<?> list -> {
                out.append('[');
                for (int i = 0; i < list.size(); i++) {
                    if (i > 0) {
                        out.append(',');
                    }
                    write(list.get(i), out);
                }
                out.append(']');
            }
            default -> out.append(value); // numbers and booleans as Java prints them
        }
    }

    /** A JSON string; non-ASCII sometimes escaped, sometimes as it is, as clients differ. */
    private void string(String s, StringBuilder out) {
        boolean escapeAll = chance(20);
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 0x20 || (escapeAll && c > 0x7e) || Character.isSurrogate(c) && escapeAll) {
                out.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        out.append('"');
    }
}
