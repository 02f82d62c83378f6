package dev.orderreturns.local;

import static dev.orderreturns.local.TestHttp.get;
import static dev.orderreturns.local.TestHttp.json;
import static dev.orderreturns.local.TestHttp.postJson;
import static dev.orderreturns.local.TestHttp.request;
import static dev.orderreturns.local.TestHttp.send;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The HTTP API of a stack running the test template (echo handlers, no catch-all route). */
@Tag("e2e")
class LocalStackHttpTest {
    private static LocalStack stack;
    private static String base;
    private static String token;

    @BeforeAll
    static void start() {
        stack = LocalStack.start(LocalStack.Options.defaults().withTemplate(TestHttp.echoTemplate()).withPort(0));
        base = stack.baseUrl();
        token = stack.authorizer().issue("acme", List.of("returns:read", "orders:write"), "operator-1");
    }

    @AfterAll
    static void stop() {
        if (stack != null) stack.close();
    }

    private static String bearer() {
        return "Bearer " + token;
    }

    private static Map<String, Object> echo(String method, String path) {
        HttpResponse<byte[]> response = send(request(base + path).header("Authorization", bearer())
                .method(method, HttpRequest.BodyPublishers.noBody()));
        assertEquals(200, response.statusCode(), () -> method + " " + path + ": " + TestHttp.text(response));
        return json(response);
    }

    // --- local endpoints ---------------------------------------------------------------------------

    @Test
    void healthIsOkOnceStarted() {
        HttpResponse<byte[]> health = get(base + "/_local/health");
        assertEquals(200, health.statusCode());
        assertEquals(Map.of("status", "ok"), json(health));
    }

    @Test
    void tokenFromTheTokenEndpointAuthorizesRequests() {
        HttpResponse<byte[]> issued = postJson(base + "/_local/token",
                "{\"account\":\"globex\",\"scopes\":[\"returns:write\"],\"subject\":\"clerk-7\"}");
        assertEquals(200, issued.statusCode(), TestHttp.text(issued));
        String fresh = (String) json(issued).get("token");
        HttpResponse<byte[]> response = get(base + "/items/1", "Authorization", "Bearer " + fresh);
        assertEquals(200, response.statusCode(), TestHttp.text(response));
        @SuppressWarnings("unchecked")
        Map<String, String> claims = (Map<String, String>) json(response).get("claims");
        assertEquals("globex", claims.get("account"));
        assertEquals("returns:write", claims.get("scope"));
        assertEquals("clerk-7", claims.get("sub"));
        assertEquals("https://issuer.test/echo", claims.get("iss"));
        assertEquals("echo-tests", claims.get("aud"));
        assertTrue(claims.get("exp").matches("\\d+"), claims.toString());
    }

    @Test
    void tokenEndpointRefusesBadRequests() {
        for (String body : List.of("{\"scopes\":[]}", "{\"account\":\"\",\"scopes\":[]}", "{\"account\":\"a\"}",
                "{\"account\":\"a\",\"scopes\":\"returns:read\"}", "{\"account\":\"a\",\"scopes\":[1]}", "not json",
                "[]")) {
            HttpResponse<byte[]> response = postJson(base + "/_local/token", body);
            assertEquals(400, response.statusCode(), body);
            assertInstanceOf(String.class, json(response).get("message"), body);
        }
        HttpResponse<byte[]> wrongMethod = get(base + "/_local/token");
        assertEquals(405, wrongMethod.statusCode());
        assertEquals(404, get(base + "/_local/nothing").statusCode());
    }

    // --- the authorizer ----------------------------------------------------------------------------

    @Test
    void requestsWithoutAValidTokenGet401() {
        Map<String, Object> expired = new LinkedHashMap<>();
        expired.put("iss", "https://issuer.test/echo");
        expired.put("aud", "echo-tests");
        expired.put("account", "acme");
        expired.put("exp", Instant.now().getEpochSecond() - 3600);
        String expiredToken = stack.authorizer().sign(expired);
        String otherKey = new LocalAuthorizer("https://issuer.test/echo", List.of("echo-tests"))
                .issue("acme", List.of("returns:read"), "mallory");
        String wrongAudience = stack.authorizer().sign(Map.of(
                "iss", "https://issuer.test/echo", "aud", "someone-else", "exp", Instant.now().getEpochSecond() + 600));
        List<String[]> attempts = List.of(
                new String[0],
                new String[] {"Authorization", "Bearer"},
                new String[] {"Authorization", "Bearer not.a.jwt"},
                new String[] {"Authorization", "Bearer garbage"},
                new String[] {"Authorization", "Basic dXNlcjpwYXNz"},
                new String[] {"Authorization", "Bearer " + expiredToken},
                new String[] {"Authorization", "Bearer " + otherKey},
                new String[] {"Authorization", "Bearer " + wrongAudience},
                new String[] {"Authorization", "Bearer " + token.substring(0, token.length() - 4) + "AAAA"});
        for (String[] headers : attempts) {
            HttpResponse<byte[]> response = get(base + "/items/1", headers);
            String what = headers.length == 0 ? "no header" : headers[1];
            assertEquals(401, response.statusCode(), what);
            assertEquals(Map.of("message", "Unauthorized"), json(response), what);
            assertEquals("Bearer", response.headers().firstValue("www-authenticate").orElse(null), what);
        }
    }

    @Test
    void openRoutesNeedNoTokenAndGetNoClaims() {
        HttpResponse<byte[]> response = get(base + "/public/ping");
        assertEquals(200, response.statusCode(), TestHttp.text(response));
        assertNull(json(response).get("claims"));
    }

    // --- routing -----------------------------------------------------------------------------------

    @Test
    void routesAreChosenWithApiGatewaysPrecedence() {
        assertEquals("GET /items/special", echo("GET", "/items/special").get("routeKey"));
        Map<String, Object> item = echo("GET", "/items/42");
        assertEquals("GET /items/{itemId}", item.get("routeKey"));
        assertEquals("GET /items/{itemId}", item.get("requestRouteKey"));
        assertEquals(Map.of("itemId", "42"), item.get("pathParameters"));
        assertEquals("POST /items/{itemId}", echo("POST", "/items/42").get("routeKey"));
        Map<String, Object> part = echo("GET", "/items/42/parts/7");
        assertEquals(Map.of("itemId", "42", "partId", "7"), part.get("pathParameters"));
        Map<String, Object> meta = echo("GET", "/files/report/meta");
        assertEquals("GET /files/{name}/meta", meta.get("routeKey"));
        Map<String, Object> file = echo("PUT", "/files/report/meta");
        assertEquals("ANY /files/{proxy+}", file.get("routeKey"));
        assertEquals(Map.of("proxy", "report/meta"), file.get("pathParameters"));
        assertEquals(Map.of("proxy", "a/b/c d.txt"), echo("DELETE", "/files/a/b/c%20d.txt").get("pathParameters"));
        assertEquals("/files/a/b/c%20d.txt", echo("GET", "/files/a/b/c%20d.txt").get("rawPath"));
    }

    @Test
    void unknownRoutesAndMethodsGet404() {
        for (String[] request : List.of(new String[] {"GET", "/nothing"}, new String[] {"DELETE", "/items/42"},
                new String[] {"GET", "/"}, new String[] {"GET", "/files/"}, new String[] {"GET", "/items/42/"})) {
            HttpResponse<byte[]> response = send(request(base + request[1]).header("Authorization", bearer())
                    .method(request[0], HttpRequest.BodyPublishers.noBody()));
            assertEquals(404, response.statusCode(), request[0] + " " + request[1]);
            assertEquals(Map.of("message", "Not Found"), json(response));
        }
    }

    // --- the event and the response ----------------------------------------------------------------

    @Test
    void theEventIsPayloadFormat2() {
        HttpResponse<byte[]> response = send(request(base + "/raw/a%2Fb/c?x=1&x=2&y=a%20b&flag")
                .header("Authorization", bearer())
                .header("Cookie", "session=abc; theme=dark")
                .header("X-Multi", "one").header("X-Multi", "two")
                .header("User-Agent", "local-tests/1.0")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"hello\":\"wörld\"}")));
        assertEquals(200, response.statusCode(), TestHttp.text(response));
        Map<String, Object> event = json(response);
        assertEquals("2.0", event.get("version"));
        assertEquals("ANY /raw/{proxy+}", event.get("routeKey"));
        assertEquals("/raw/a%2Fb/c", event.get("rawPath"));
        assertEquals("x=1&x=2&y=a%20b&flag", event.get("rawQueryString"));
        assertEquals(List.of("session=abc", "theme=dark"), event.get("cookies"));
        @SuppressWarnings("unchecked")
        Map<String, String> headers = (Map<String, String>) event.get("headers");
        assertEquals("one,two", headers.get("x-multi"));
        assertEquals("application/json", headers.get("content-type"));
        assertEquals("local-tests/1.0", headers.get("user-agent"));
        assertFalse(headers.containsKey("cookie"), "cookies move to their own field");
        assertTrue(headers.keySet().stream().allMatch(h -> h.equals(h.toLowerCase())), headers.toString());
        assertEquals(Map.of("x", "1,2", "y", "a b", "flag", ""), event.get("queryStringParameters"));
        assertEquals(Map.of("proxy", "a/b/c"), event.get("pathParameters"));
        assertEquals("{\"hello\":\"wörld\"}", event.get("body"));
        assertEquals(false, event.get("isBase64Encoded"));

        @SuppressWarnings("unchecked")
        Map<String, Object> context = (Map<String, Object>) event.get("requestContext");
        assertEquals("000000000000", context.get("accountId"));
        assertEquals("local", context.get("apiId"));
        assertEquals("ANY /raw/{proxy+}", context.get("routeKey"));
        assertEquals("$default", context.get("stage"));
        assertEquals("127.0.0.1", context.get("domainName"));
        assertNotNull(context.get("domainPrefix"));
        assertTrue(((String) context.get("requestId")).matches("[A-Za-z0-9+/]{15}="), context.toString());
        assertTrue(((String) context.get("time")).matches("\\d\\d/[A-Z][a-z]{2}/\\d{4}:\\d\\d:\\d\\d:\\d\\d \\+0000"));
        assertInstanceOf(Number.class, context.get("timeEpoch"));
        assertEquals(Map.of("method", "POST", "path", "/raw/a%2Fb/c", "protocol", "HTTP/1.1", "sourceIp", "127.0.0.1",
                "userAgent", "local-tests/1.0"), context.get("http"));
        @SuppressWarnings("unchecked")
        Map<String, Object> jwt = (Map<String, Object>) ((Map<String, Object>) context.get("authorizer")).get("jwt");
        assertTrue(jwt.containsKey("scopes") && jwt.get("scopes") == null);
        assertEquals("acme", ((Map<?, ?>) jwt.get("claims")).get("account"));
        assertEquals(response.headers().firstValue("apigw-requestid").orElseThrow(), context.get("requestId"));

        // a GET without query, cookies or body leaves those fields out, as API Gateway does
        Map<String, Object> bare = json(get(base + "/raw/x", "Authorization", bearer()));
        assertEquals("", bare.get("rawQueryString"));
        for (String absent : List.of("cookies", "queryStringParameters", "body")) {
            assertFalse(bare.containsKey(absent), absent);
        }
        assertEquals(false, bare.get("isBase64Encoded"));
    }

    @Test
    void nonTextBodiesArriveBase64Encoded() {
        byte[] binary = {0, 1, 2, 3, (byte) 0xff};
        for (String type : List.of("application/octet-stream", "image/png", "application/x-www-form-urlencoded")) {
            Map<String, Object> echo = json(send(request(base + "/items/1").header("Authorization", bearer())
                    .header("Content-Type", type).POST(HttpRequest.BodyPublishers.ofByteArray(binary))));
            assertEquals(true, echo.get("isBase64Encoded"), type);
            assertArrayEquals(binary, Base64.getDecoder().decode((String) echo.get("body")), type);
        }
        Map<String, Object> noType = json(send(request(base + "/items/1").header("Authorization", bearer())
                .POST(HttpRequest.BodyPublishers.ofByteArray(binary))));
        assertEquals(true, noType.get("isBase64Encoded"));
        for (String type : List.of("text/plain; charset=utf-8", "application/problem+json", "application/json")) {
            Map<String, Object> echo = json(send(request(base + "/items/1").header("Authorization", bearer())
                    .header("Content-Type", type).POST(HttpRequest.BodyPublishers.ofString("{\"é\":1}"))));
            assertEquals(false, echo.get("isBase64Encoded"), type);
            assertEquals("{\"é\":1}", echo.get("body"), type);
        }
    }

    @Test
    void responsesCarryStatusHeadersCookiesAndDecodedBodies() {
        HttpResponse<byte[]> response = get(base + "/items/1?status=201", "Authorization", bearer());
        assertEquals(201, response.statusCode());
        assertEquals("yes", response.headers().firstValue("x-echo").orElse(null));
        assertEquals(List.of("one", "two"), response.headers().allValues("x-multi"));
        assertEquals(List.of("echo=1; Path=/"), response.headers().allValues("set-cookie"));
        assertEquals("application/json", response.headers().firstValue("content-type").orElse(null));

        HttpResponse<byte[]> binary = get(base + "/items/1?binary=1", "Authorization", bearer());
        assertEquals(200, binary.statusCode());
        assertArrayEquals(new byte[] {0, 1, 2, (byte) 0xff}, binary.body());
        assertEquals("application/octet-stream", binary.headers().firstValue("content-type").orElse(null));
    }

    @Test
    void textBodiesThatAreNotUtf8ArriveBase64EncodedUnaltered() {
        // as a JSON string they would reach the function with U+FFFD in place of the bad bytes
        byte[] notUtf8 = {'{', '"', 'a', '"', ':', '"', (byte) 0xff, (byte) 0xc0, (byte) 0x80, (byte) 0xed, (byte) 0xa0,
                (byte) 0x80, '"', '}'};
        for (String type : List.of("application/json", "text/plain; charset=utf-8", "application/problem+json")) {
            Map<String, Object> echo = json(send(request(base + "/items/1").header("Authorization", bearer())
                    .header("Content-Type", type).POST(HttpRequest.BodyPublishers.ofByteArray(notUtf8))));
            assertEquals(true, echo.get("isBase64Encoded"), type);
            assertArrayEquals(notUtf8, Base64.getDecoder().decode((String) echo.get("body")), type);
        }
        byte[] utf8 = "{\"a\":\"caf\u00e9 \ud83d\udce6\"}".getBytes(StandardCharsets.UTF_8);
        Map<String, Object> text = json(send(request(base + "/items/1").header("Authorization", bearer())
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(utf8))));
        assertEquals(false, text.get("isBase64Encoded"));
        assertEquals("{\"a\":\"caf\u00e9 \ud83d\udce6\"}", text.get("body"));
    }

    /**
     * Runs {@code requests} with standard output captured, until {@code expected} lines match
     * {@code wanted} (the access log is written after the answer, so it may come a moment later).
     */
    private static List<String> stdoutOf(Runnable requests, java.util.function.Predicate<String> wanted,
                                         int expected) {
        java.io.PrintStream original = System.out;
        java.io.ByteArrayOutputStream captured = new java.io.ByteArrayOutputStream();
        System.setOut(new java.io.PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            requests.run();
            long deadline = System.nanoTime() + 5_000_000_000L;
            while (System.nanoTime() < deadline && captured.toString(StandardCharsets.UTF_8).lines()
                    .filter(wanted).count() < expected) {
                Thread.onSpinWait();
            }
        } finally {
            System.setOut(original);
        }
        return captured.toString(StandardCharsets.UTF_8).lines().filter(wanted).toList();
    }

    @Test
    void urisLongerThanApiGatewaysRequestLineLimitGet414AndLogLinesStayShort() {
        // "GET " + uri + " HTTP/1.1" is the request line API Gateway limits to 10240 bytes
        int uriRoom = LocalHttpApi.MAX_REQUEST_LINE_BYTES - "GET  HTTP/1.1".length();
        String fits = "/items/1?q=" + "a".repeat(uriRoom - "/items/1?q=".length());
        // Only this test's lines are counted: an earlier test's line, written after its answer, may come late.
        List<String> access = stdoutOf(() -> {
            HttpResponse<byte[]> atLimit = get(base + fits, "Authorization", bearer());
            assertEquals(200, atLimit.statusCode(), TestHttp.text(atLimit));
            HttpResponse<byte[]> over = get(base + fits + "a", "Authorization", bearer());
            assertEquals(414, over.statusCode(), TestHttp.text(over));
            assertEquals(Map.of("message", "URI Too Long"), json(over));
            // a 100 KB parameter name once made the Lambda event unreadable (a 502), and was logged whole
            HttpResponse<byte[]> hugeName = get(base + "/items/1?" + "n".repeat(100_000), "Authorization", bearer());
            assertEquals(414, hugeName.statusCode(), TestHttp.text(hugeName));
            HttpResponse<byte[]> hugePath = send(request(base + "/items/" + "p".repeat(100_000))
                    .header("Authorization", bearer()).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{}")));
            assertEquals(414, hugePath.statusCode(), TestHttp.text(hugePath));
        }, l -> l.startsWith("GET /items/1?") || l.startsWith("POST /items/ppp"), 4);
        assertEquals(4, access.size(), access::toString);
        for (String line : access) {
            assertTrue(line.length() <= LocalHttpApi.MAX_LOG_LINE,
                    () -> line.length() + ": " + line.substring(0, Math.min(line.length(), 400)));
        }
        assertTrue(access.get(1).contains("-> 414"), access.get(1));
        assertTrue(access.get(2).contains("-> 414"), access.get(2));
    }

    @Test
    void bodiesOverTenMegabytesGet413() {
        byte[] big = new byte[LocalHttpApi.MAX_BODY_BYTES + 1];
        HttpResponse<byte[]> response = send(request(base + "/items/1").header("Authorization", bearer())
                .header("Content-Type", "application/octet-stream").POST(HttpRequest.BodyPublishers.ofByteArray(big)));
        assertEquals(413, response.statusCode());
        assertEquals(Map.of("message", "Request Entity Too Large"), json(response));
        byte[] justFits = new byte[LocalHttpApi.MAX_BODY_BYTES];
        HttpResponse<byte[]> ok = send(request(base + "/items/1").header("Authorization", bearer())
                .header("Content-Type", "application/octet-stream").POST(HttpRequest.BodyPublishers.ofByteArray(justFits)));
        assertEquals(200, ok.statusCode());
    }

    @Test
    void failingAndMissingHandlersGetApiGatewaysErrors() {
        HttpResponse<byte[]> failing = get(base + "/boom", "Authorization", bearer());
        assertEquals(502, failing.statusCode());
        assertEquals(Map.of("message", "Internal Server Error"), json(failing));
        HttpResponse<byte[]> missing = get(base + "/missing", "Authorization", bearer());
        assertEquals(500, missing.statusCode());
        assertEquals(Map.of("message", "Internal Server Error"), json(missing));
        assertTrue(stack.functions().unavailable().get("MissingFunction").contains("not found"));
    }

    // --- function configuration and direct invocation ----------------------------------------------

    @Test
    void functionsSeeTheirResolvedConfigurationAndContext() {
        Map<String, Object> echo = echo("GET", "/items/1");
        @SuppressWarnings("unchecked")
        Map<String, String> config = (Map<String, String>) echo.get("config");
        assertEquals("ItemsTable", config.get("ECHO_TABLE"));
        assertEquals("ItemsTable", echo.get("tableAtClassInit"), "set before the handler class loaded");
        assertTrue(config.get("ECHO_TABLE_ARN").endsWith(":table/ItemsTable"), config.toString());
        assertEquals(stack.resources().queueUrl("JobsQueue"), config.get("ECHO_QUEUE_URL"));
        assertTrue(config.get("ECHO_QUEUE_URL").startsWith(stack.sqsEndpoint()), config.toString());
        assertEquals("arn:aws:sqs:us-east-1:000000000000:JobsQueue", config.get("ECHO_QUEUE_ARN"));
        assertEquals("hello test from us-east-1", config.get("ECHO_GREETING"));
        assertEquals("JobsQueue:3", config.get("ECHO_LONG_FORM"));
        assertEquals("3", config.get("ECHO_ATTEMPTS"));
        assertEquals("own-value", config.get("ECHO_OWN"));
        assertEquals("us-east-1", config.get("AWS_REGION"));
        assertEquals("local", config.get("AWS_ACCESS_KEY_ID"));
        assertEquals("local", config.get("AWS_SECRET_ACCESS_KEY"));
        assertEquals(stack.dynamoEndpoint(), config.get("DYNAMODB_ENDPOINT"));
        assertEquals(stack.sqsEndpoint(), config.get("SQS_ENDPOINT"));
        assertEquals("EchoFunction", echo.get("functionName"));
        int remaining = ((Number) echo.get("remainingTimeInMillis")).intValue();
        assertTrue(remaining > 0 && remaining <= 7000, "from the template's Timeout: " + remaining);
        assertEquals(512, ((Number) echo.get("memoryLimitInMB")).intValue());
    }

    @Test
    void functionsCanBeInvokedDirectlyWithAnyEvent() {
        String sqsEvent = """
                {"Records": [
                  {"messageId": "m1", "receiptHandle": "r1", "body": "ok", "attributes": {"ApproximateReceiveCount": "1"},
                   "messageAttributes": {}, "eventSource": "aws:sqs", "eventSourceARN": "arn:aws:sqs:us-east-1:000000000000:JobsQueue",
                   "awsRegion": "us-east-1"},
                  {"messageId": "m2", "receiptHandle": "r2", "body": "fail", "attributes": {}, "messageAttributes": {},
                   "eventSource": "aws:sqs", "eventSourceARN": "arn:aws:sqs:us-east-1:000000000000:JobsQueue", "awsRegion": "us-east-1"}
                ]}""";
        byte[] out = stack.functions().invoke("JobsFunction", sqsEvent.getBytes(StandardCharsets.UTF_8));
        assertEquals(Map.of("batchItemFailures", List.of(Map.of("itemIdentifier", "m2"))), json(out));

        LocalFunctions.FunctionException failure = assertThrows(LocalFunctions.FunctionException.class,
                () -> stack.functions().invoke("FailingFunction", "{}".getBytes()));
        assertInstanceOf(IllegalStateException.class, failure.getCause());
        assertEquals("java.lang.IllegalStateException", json(failure.errorJson()).get("errorType"));
        assertThrows(LocalFunctions.FunctionUnavailableException.class,
                () -> stack.functions().invoke("MissingFunction", "{}".getBytes()));
        assertThrows(IllegalArgumentException.class, () -> stack.functions().invoke("NoSuchFunction", "{}".getBytes()));
    }
}
